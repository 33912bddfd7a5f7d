/* The real functions behind every wrapper, resolved once with dlsym(RTLD_NEXT)
 * (dlvsym for the condition variables, whose current ABI is GLIBC_2.3.2). */
#ifndef LOCKGRAPH_REAL_H
#define LOCKGRAPH_REAL_H

#include <grp.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>
#include <unistd.h>

#define LG_REAL_FUNCTIONS(X) \
    X(int, pthread_mutex_init, (pthread_mutex_t *, const pthread_mutexattr_t *)) \
    X(int, pthread_mutex_destroy, (pthread_mutex_t *)) \
    X(int, pthread_mutex_lock, (pthread_mutex_t *)) \
    X(int, pthread_mutex_trylock, (pthread_mutex_t *)) \
    X(int, pthread_mutex_timedlock, (pthread_mutex_t *, const struct timespec *)) \
    X(int, pthread_mutex_clocklock, (pthread_mutex_t *, clockid_t, const struct timespec *)) \
    X(int, pthread_mutex_unlock, (pthread_mutex_t *)) \
    X(int, pthread_rwlock_init, (pthread_rwlock_t *, const pthread_rwlockattr_t *)) \
    X(int, pthread_rwlock_destroy, (pthread_rwlock_t *)) \
    X(int, pthread_rwlock_rdlock, (pthread_rwlock_t *)) \
    X(int, pthread_rwlock_wrlock, (pthread_rwlock_t *)) \
    X(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t *)) \
    X(int, pthread_rwlock_trywrlock, (pthread_rwlock_t *)) \
    X(int, pthread_rwlock_timedrdlock, (pthread_rwlock_t *, const struct timespec *)) \
    X(int, pthread_rwlock_timedwrlock, (pthread_rwlock_t *, const struct timespec *)) \
    X(int, pthread_rwlock_clockrdlock, (pthread_rwlock_t *, clockid_t, const struct timespec *)) \
    X(int, pthread_rwlock_clockwrlock, (pthread_rwlock_t *, clockid_t, const struct timespec *)) \
    X(int, pthread_rwlock_unlock, (pthread_rwlock_t *)) \
    X(int, pthread_spin_init, (pthread_spinlock_t *, int)) \
    X(int, pthread_spin_destroy, (pthread_spinlock_t *)) \
    X(int, pthread_spin_lock, (pthread_spinlock_t *)) \
    X(int, pthread_spin_trylock, (pthread_spinlock_t *)) \
    X(int, pthread_spin_unlock, (pthread_spinlock_t *)) \
    X(int, pthread_barrier_wait, (pthread_barrier_t *)) \
    X(int, pthread_create, (pthread_t *, const pthread_attr_t *, void *(*)(void *), void *)) \
    X(int, pthread_join, (pthread_t, void **)) \
    X(int, pthread_timedjoin_np, (pthread_t, void **, const struct timespec *)) \
    X(int, pthread_clockjoin_np, (pthread_t, void **, clockid_t, const struct timespec *)) \
    X(int, pthread_tryjoin_np, (pthread_t, void **)) \
    X(int, pthread_detach, (pthread_t)) \
    X(void, pthread_exit, (void *)) \
    X(int, sem_wait, (sem_t *)) \
    X(int, sem_trywait, (sem_t *)) \
    X(int, sem_timedwait, (sem_t *, const struct timespec *)) \
    X(int, sem_clockwait, (sem_t *, clockid_t, const struct timespec *)) \
    X(int, sem_post, (sem_t *)) \
    X(pid_t, fork, (void)) \
    X(int, mtx_init, (mtx_t *, int)) \
    X(int, mtx_lock, (mtx_t *)) \
    X(int, mtx_trylock, (mtx_t *)) \
    X(int, mtx_timedlock, (mtx_t *__restrict, const struct timespec *__restrict)) \
    X(int, mtx_unlock, (mtx_t *)) \
    X(void, mtx_destroy, (mtx_t *)) \
    X(int, cnd_wait, (cnd_t *, mtx_t *)) \
    X(int, cnd_timedwait, (cnd_t *__restrict, mtx_t *__restrict, const struct timespec *__restrict)) \
    X(int, setuid, (uid_t)) \
    X(int, setgid, (gid_t)) \
    X(int, seteuid, (uid_t)) \
    X(int, setegid, (gid_t)) \
    X(int, setreuid, (uid_t, uid_t)) \
    X(int, setregid, (gid_t, gid_t)) \
    X(int, setresuid, (uid_t, uid_t, uid_t)) \
    X(int, setresgid, (gid_t, gid_t, gid_t)) \
    X(int, setgroups, (size_t, const gid_t *)) \
    X(int, chroot, (const char *)) \
    X(int, sched_yield, (void)) \
    X(int, nanosleep, (const struct timespec *, struct timespec *)) \
    X(int, clock_nanosleep, (clockid_t, int, const struct timespec *, struct timespec *)) \
    X(int, usleep, (useconds_t)) \
    X(unsigned, sleep, (unsigned))

#define LG_REAL_VERSIONED_FUNCTIONS(X) \
    X(int, pthread_cond_init, (pthread_cond_t *, const pthread_condattr_t *)) \
    X(int, pthread_cond_destroy, (pthread_cond_t *)) \
    X(int, pthread_cond_wait, (pthread_cond_t *, pthread_mutex_t *)) \
    X(int, pthread_cond_timedwait, (pthread_cond_t *, pthread_mutex_t *, const struct timespec *)) \
    X(int, pthread_cond_clockwait, (pthread_cond_t *, pthread_mutex_t *, clockid_t, const struct timespec *)) \
    X(int, pthread_cond_signal, (pthread_cond_t *)) \
    X(int, pthread_cond_broadcast, (pthread_cond_t *))

struct lg_real {
#define LG_REAL_FIELD(ret, name, args) ret (*name) args;
    LG_REAL_FUNCTIONS(LG_REAL_FIELD)
    LG_REAL_VERSIONED_FUNCTIONS(LG_REAL_FIELD)
#undef LG_REAL_FIELD
};

extern struct lg_real lg_real __attribute__((visibility("hidden")));
/* Resolves every real function; safe to call more than once. */
void lg_real_resolve(void) __attribute__((visibility("hidden")));

#endif
