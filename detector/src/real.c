#include "real.h"
#include "lockgraph.h"

#include <dlfcn.h>

struct lg_real lg_real;

void lg_real_resolve(void)
{
    /* dlsym can itself lock; lg_tls.in_detector sends any nested wrapper call
     * straight through (see lg_active). */
    lg_tls.in_detector++;
#define LG_RESOLVE(ret, name, args) \
    if (!lg_real.name) lg_real.name = (ret (*) args)dlsym(RTLD_NEXT, #name);
    LG_REAL_FUNCTIONS(LG_RESOLVE)
#undef LG_RESOLVE
#define LG_RESOLVE_V(ret, name, args) \
    if (!lg_real.name) lg_real.name = (ret (*) args)dlvsym(RTLD_NEXT, #name, "GLIBC_2.3.2"); \
    if (!lg_real.name) lg_real.name = (ret (*) args)dlsym(RTLD_NEXT, #name);
    LG_REAL_VERSIONED_FUNCTIONS(LG_RESOLVE_V)
#undef LG_RESOLVE_V
    lg_tls.in_detector--;
}
