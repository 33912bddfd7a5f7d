/* Asking lockgraph-namer (detector/namer/) for the member path of a lock in a
 * global: "accts[1].lock". The namer is installed next to liblockgraph.so and
 * found from the library's own path (LOCKGRAPH_NAMER overrides it, for tests);
 * like llvm-symbolizer it runs as an orphaned grandchild over pipes
 * (helper_proc.c), at report time only. Without it, or without debug
 * information, there is no answer and lock_names.c names the lock as before. */
#include "helper_proc.h"
#include "lockgraph.h"
#include "symbolize.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct lg_helper namer = LG_HELPER_INIT;
static char namer_path[512];
static int looked;

/* Its path, absolute: the program may change directory before a report. */
static void find_namer(void)
{
    if (looked)
        return;
    looked = 1;
    const char *env = getenv("LOCKGRAPH_NAMER");
    if (env && env[0]) {
        snprintf(namer_path, sizeof namer_path, "%s", env);
        return;
    }
    Dl_info info;
    if (!dladdr((void *)lg_namer_global, &info) || !info.dli_fname)
        return;
    const char *slash = strrchr(info.dli_fname, '/');
    if (!slash)
        return;
    char cwd[256] = "";
    if (info.dli_fname[0] != '/' && !getcwd(cwd, sizeof cwd))
        return;
    int n = snprintf(namer_path, sizeof namer_path, "%s%s%.*s/lockgraph-namer", cwd,
                     cwd[0] ? "/" : "", (int)(slash - info.dli_fname), info.dli_fname);
    if (n <= 0 || (size_t)n >= sizeof namer_path)
        namer_path[0] = '\0';
}

static int start_namer(void)
{
    if (lg_helper_running(&namer))
        return 0;
    if (namer.unavailable)
        return -1;
    find_namer();
    if (!namer_path[0] || access(namer_path, X_OK) != 0) {
        namer.unavailable = 1;
        return -1;
    }
    char *argv[] = {namer_path, NULL};
    return lg_helper_start(&namer, namer_path, argv);
}

int lg_namer_global(uintptr_t addr, size_t lock_size, char *out, size_t len)
{
    char module[320], query[400], answer[256];
    uintptr_t offset;
    out[0] = '\0';
    if (lg_module_offset(addr, module, sizeof module, &offset) != 0 || strchr(module, '\n'))
        return -1;
    if (start_namer() != 0)
        return -1;
    int n = snprintf(query, sizeof query, "%zu 0x%lx %s\n", lock_size, (unsigned long)offset,
                     module);
    if (n <= 0 || (size_t)n >= sizeof query)
        return -1;
    if (lg_helper_ask(&namer, query, (size_t)n, answer, sizeof answer) != 0)
        return -1;
    char *nl = strchr(answer, '\n');
    if (nl)
        *nl = '\0';
    if (!answer[0] || strlen(answer) >= len)
        return -1;
    memcpy(out, answer, strlen(answer) + 1);
    return 0;
}

void lg_namer_prepare(void)
{
    start_namer();
}

void lg_namer_after_fork_child(void)
{
    lg_helper_stop(&namer);     /* the parent's namer: let go of its pipes */
}
