/* The floor: a preload shim that only forwards lock and unlock to the real
 * functions, found once with dlsym(RTLD_NEXT). No interposing detector can do
 * less on a lock operation, so its cost per operation is the limit. */
#include <dlfcn.h>
#include <pthread.h>

#define FORWARD(name, type, arg)                                        \
    int name(type *arg)                                                 \
    {                                                                   \
        static int (*real)(type *);                                     \
        if (__builtin_expect(real == NULL, 0))                          \
            real = (int (*)(type *))dlsym(RTLD_NEXT, #name);            \
        return real(arg);                                               \
    }

FORWARD(pthread_mutex_lock, pthread_mutex_t, m)
FORWARD(pthread_mutex_trylock, pthread_mutex_t, m)
FORWARD(pthread_mutex_unlock, pthread_mutex_t, m)
FORWARD(pthread_rwlock_rdlock, pthread_rwlock_t, l)
FORWARD(pthread_rwlock_wrlock, pthread_rwlock_t, l)
FORWARD(pthread_rwlock_unlock, pthread_rwlock_t, l)
