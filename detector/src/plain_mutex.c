/* Plain mutexes taken and let go by the inline wrappers (plain_mutex.h):
 * the check that glibc keeps the protocol they follow, and the wake. */
#include "plain_mutex.h"
#include "intercept.h"

#include <dlfcn.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

int lg_plain_kind = -1;

void lg_plain_wake(pthread_mutex_t *m)
{
    int saved = errno;
    syscall(SYS_futex, lg_plain_word(m), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    errno = saved;
}

/* The fields of m are lock, owner, users and kind. */
static bool fields_are(const pthread_mutex_t *m, int lock, int owner, unsigned users)
{
    return m->__data.__lock == lock && m->__data.__owner == owner &&
           m->__data.__nusers == users && m->__data.__kind == 0 && m->__data.__count == 0;
}

/* fn is glibc's own, not another preloaded wrapper's (libtsan, mutrace, a
 * user's shim loaded after this library), which would miss the locks and
 * unlocks done here and see the others unpaired */
static bool from_libc(void *fn)
{
    Dl_info f, c;
    return fn && dladdr(fn, &f) && dladdr((void *)gnu_get_libc_version, &c) && f.dli_fbase == c.dli_fbase;
}

void lg_plain_check(void)
{
    if (!from_libc((void *)REAL(pthread_mutex_lock)) || !from_libc((void *)REAL(pthread_mutex_trylock)) ||
        !from_libc((void *)REAL(pthread_mutex_unlock)))
        return;
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    int tid = (int)syscall(SYS_gettid);
    /* glibc's lock and unlock leave what lg_plain_take and lg_plain_give do */
    bool ok = REAL(pthread_mutex_lock)(&m) == 0 && fields_are(&m, 1, tid, 1);
    ok = REAL(pthread_mutex_unlock)(&m) == 0 && ok && fields_are(&m, 0, 0, 0);
    if (!ok)
        return;
    lg_plain_kind = 0;
    /* and read theirs: glibc sees m taken, and lets go of it */
    ok = lg_plain_take(tid, &m) && fields_are(&m, 1, tid, 1) &&
         REAL(pthread_mutex_trylock)(&m) == EBUSY && fields_are(&m, 1, tid, 1) &&
         REAL(pthread_mutex_unlock)(&m) == 0 && fields_are(&m, 0, 0, 0);
    /* and the other way round */
    ok = ok && REAL(pthread_mutex_trylock)(&m) == 0 && lg_plain_give(&m) &&
         fields_are(&m, 0, 0, 0) && REAL(pthread_mutex_trylock)(&m) == 0 &&
         REAL(pthread_mutex_unlock)(&m) == 0 && fields_are(&m, 0, 0, 0);
    if (!ok)
        lg_plain_kind = -1;
}
