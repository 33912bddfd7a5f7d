/* Real deadlocks and hangs, found without hanging.
 *
 * A thread about to block on a lock publishes what it waits for, then looks
 * for a cycle in the wait-for graph (thread -> lock -> holding thread). Since
 * held locks are recorded after the real acquisition and dropped before the
 * real release, and waits are published before the real call, a cycle seen in
 * one consistent snapshot of the threads involved is a real deadlock: every
 * thread in it waits, untimed, for a lock held by the next.
 *
 * The watchdog thread, started at the first blocking wait, re-runs that
 * search and reports a hang when every live thread has been blocked in a
 * pthread call, with no progress, for hang_timeout seconds, and nothing
 * outside the blocked threads can wake them (see outside_waker). When
 * something could, the program is left alone: a correct program killed is
 * worse than a hang reported late. Such a hang is reported only just before
 * the run's time limit (time_limit), when the run would be stopped anyway. */
#include "lockgraph.h"
#include "real.h"
#include "report.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>
#include <sys/wait.h>
#include <string.h>
#include <time.h>

struct snap {
    unsigned version;
    uint32_t serial;
    int block;
    uintptr_t block_obj;
    int block_mode;
    lg_stack_id block_stack;
    uintptr_t block_pc;
    uint64_t block_since;
    int nheld;
    struct lg_held held[LG_MAX_HELD];
};

#define MAX_SNAP 1024
static struct snap snaps[MAX_SNAP];   /* guarded by check_lock */
lg_ilock lg_check_lock;

/* One thread's state, consistent under its seqlock; false if it is not in use
 * or kept changing. */
static bool read_thread(struct lg_thread *t, struct snap *s)
{
    for (int tries = 0; tries < 100; tries++) {
        unsigned v1 = atomic_load_explicit(&t->version, memory_order_acquire);
        if (v1 & 1)
            continue;
        if (!atomic_load_explicit(&t->in_use, memory_order_acquire))
            return false;
        s->serial = t->serial;
        s->block = t->block;
        s->block_obj = t->block_obj;
        s->block_mode = t->block_mode;
        s->block_stack = t->block_stack;
        s->block_pc = t->block_pc;
        s->block_since = t->block_since_ns;
        int n = t->nheld;
        s->nheld = n < 0 ? 0 : n > LG_MAX_HELD ? LG_MAX_HELD : n;
        memcpy(s->held, t->held, sizeof s->held[0] * (size_t)s->nheld);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&t->version, memory_order_relaxed) == v1) {
            s->version = v1;
            return true;
        }
    }
    return false;
}

static int snapshot_all(void)
{
    int n = lg_thread_slots();
    if (n > MAX_SNAP)
        n = MAX_SNAP;
    for (int i = 0; i < n; i++)
        if (!read_thread(lg_thread_slot(i), &snaps[i]))
            snaps[i].serial = 0;
    return n;
}

/* Does thread h hold lock id in a mode that blocks a waiter wanting mode? */
static bool blocks(const struct snap *h, uint32_t lock_id, int wanted_mode)
{
    for (int i = 0; i < h->nheld; i++)
        if (h->held[i].lock->id == lock_id && (wanted_mode == LG_WRITE || h->held[i].mode == LG_WRITE))
            return true;
    return false;
}

/* Depth-first search for a wait-for cycle reachable from start. */
static int find_cycle(int nslots, int start, int *cycle)
{
    int path[64], next[64], depth = 0;
    char on_path[MAX_SNAP];
    memset(on_path, 0, (size_t)nslots);
    path[0] = start;
    next[0] = 0;
    on_path[start] = 1;
    while (depth >= 0) {
        int cur = path[depth];
        const struct snap *c = &snaps[cur];
        int found = -1;
        /* a thread waits for the holders of its lock, or for the thread it joins */
        if (c->serial && (c->block == LG_BLOCK_LOCK || c->block == LG_BLOCK_JOIN)) {
            for (int j = next[depth]; j < nslots; j++) {
                bool waits_for = c->block == LG_BLOCK_LOCK
                                     ? snaps[j].serial && blocks(&snaps[j], (uint32_t)c->block_obj, c->block_mode)
                                     : snaps[j].serial && snaps[j].serial == (uint32_t)c->block_obj;
                if (waits_for) {
                    found = j;
                    next[depth] = j + 1;
                    break;
                }
            }
        }
        if (found < 0) {
            on_path[cur] = 0;
            depth--;
            continue;
        }
        if (on_path[found]) {       /* a cycle: from found to the end of the path */
            int k = depth;
            while (path[k] != found)
                k--;
            int len = 0;
            for (int i = k; i <= depth; i++)
                cycle[len++] = path[i];
            return len;
        }
        if (depth + 1 >= 64)
            continue;
        depth++;
        path[depth] = found;
        next[depth] = 0;
        on_path[found] = 1;
    }
    return 0;
}

static void report_deadlock(const int *cycle, int len)
{
    static struct lg_finding f;
    memset(&f, 0, sizeof f);
    f.kind = LG_K_DEADLOCK;
    for (int i = 0; i < len && f.nthreads < LG_FINDING_THREADS; i++) {
        const struct snap *s = &snaps[cycle[i]];
        struct lg_finding_thread *ft = &f.threads[f.nthreads++];
        ft->serial = s->serial;
        ft->block = s->block;
        if (s->block == LG_BLOCK_LOCK)
            ft->waits_lock = (uint32_t)s->block_obj;
        else
            ft->waits_obj = s->block_obj;
        ft->stack = s->block_stack ? s->block_stack : lg_stack_from_pc(s->block_pc);
        for (int h = 0; h < s->nheld && ft->nheld < 8; h++) {
            ft->held[ft->nheld] = s->held[h].lock->id;
            ft->held_stack[ft->nheld++] = lg_stack_from_pc(s->held[h].pc);
        }
    }
    f.thread = f.threads[0].serial;
    lg_report(&f);
    lg_end_process();
}

/* Search from slot start (or every blocked thread when start < 0); on a
 * confirmed cycle, report and end the process. */
static void check_from(int start_slot)
{
    int cycle[64];
    lg_ilock_lock(&lg_check_lock);
    for (int attempt = 0; attempt < 3; attempt++) {
        int n = snapshot_all();
        int len = 0;
        for (int s = start_slot < 0 ? 0 : start_slot; s < n && !len; s++) {
            if (snaps[s].serial && (snaps[s].block == LG_BLOCK_LOCK || snaps[s].block == LG_BLOCK_JOIN))
                len = find_cycle(n, s, cycle);
            if (start_slot >= 0)
                break;
        }
        if (!len)
            break;
        /* second collect: nothing in the cycle moved, so it held all at once */
        bool stable = true;
        for (int i = 0; i < len && stable; i++) {
            struct lg_thread *t = lg_thread_slot(cycle[i]);
            stable = atomic_load(&t->version) == snaps[cycle[i]].version;
        }
        if (stable) {
            report_deadlock(cycle, len);   /* does not return */
        }
    }
    lg_ilock_unlock(&lg_check_lock);
}

void lg_deadlock_check(struct lg_thread *t)
{
    if (!lg_opt.detect_deadlocks)
        return;
    int n = lg_thread_slots();
    for (int i = 0; i < n && i < MAX_SNAP; i++) {
        if (lg_thread_slot(i) == t) {
            lg_tls.in_detector++;
            check_from(i);
            lg_tls.in_detector--;
            return;
        }
    }
}

/* ---- the watchdog ---- */

static void report_hang(int n, const char *what)
{
    static struct lg_finding f;
    memset(&f, 0, sizeof f);
    f.kind = LG_K_HANG;
    snprintf(f.what, sizeof f.what, "%s", what);
    for (int i = 0; i < n && f.nthreads < LG_FINDING_THREADS; i++) {
        const struct snap *s = &snaps[i];
        if (!s->serial)
            continue;
        struct lg_finding_thread *ft = &f.threads[f.nthreads++];
        ft->serial = s->serial;
        ft->block = s->block;
        if (s->block == LG_BLOCK_LOCK)
            ft->waits_lock = (uint32_t)s->block_obj;
        else
            ft->waits_obj = s->block_obj;
        ft->stack = s->block_stack ? s->block_stack : lg_stack_from_pc(s->block_pc);
        for (int h = 0; h < s->nheld && ft->nheld < 8; h++) {
            ft->held[ft->nheld] = s->held[h].lock->id;
            ft->held_stack[ft->nheld++] = lg_stack_from_pc(s->held[h].pc);
        }
    }
    f.thread = f.nthreads ? f.threads[0].serial : 0;
    lg_report(&f);
    lg_end_process();
}

/* ---- what could still wake threads that are all blocked ----
 * Only the process's own pthread calls are seen. A blocked thread may still be
 * woken by: another process, through a process-shared object (glibc's
 * pshared flag, or memory mapped shared); a signal handler (sem_post is
 * async-signal-safe; any process may send the signal, a timer may raise it);
 * an armed alarm; a child process; a thread the detector does not follow
 * (glibc's timer helper for SIGEV_THREAD, io_uring workers, raw clone). None
 * of these checks changes anything the program sees (WNOWAIT reaps no child). */

/* glibc's layouts (x86-64, glibc 2.36): where each object keeps "shared". */
#define MUTEX_PSHARED_BIT 128          /* pthread_mutex_t __kind */
#define FUTEX_SHARED_FLAG 128          /* sem and barrier: private is 0, shared 128 */
struct glibc_sem { uint64_t data; int private_flag; int pad; };
struct glibc_barrier { unsigned in, current_round, count; int shared; unsigned out; };

/* Whether addr lies in a mapping shared with other processes ('s' in
 * /proc/self/maps). Read with plain system calls: no stdio, no malloc. */
static bool in_shared_mapping(uintptr_t addr)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    static char buf[8192];     /* the watchdog's alone */
    size_t have = 0;
    bool shared = false, done = false;
    while (!done) {
        ssize_t got = read(fd, buf + have, sizeof buf - 1 - have);
        if (got <= 0)
            break;
        have += (size_t)got;
        buf[have] = 0;
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n')) != NULL) {
            *nl = 0;
            char *end;
            unsigned long lo = strtoul(line, &end, 16), hi = *end == '-' ? strtoul(end + 1, &end, 16) : 0;
            if (addr >= lo && addr < hi) {
                shared = end[0] == ' ' && strlen(end) > 4 && end[4] == 's';
                done = true;
                break;
            }
            line = nl + 1;
        }
        have = (size_t)(buf + have - line);
        memmove(buf, line, have);
        if (have == sizeof buf - 1)
            have = 0;       /* a line longer than the buffer: skip it */
    }
    close(fd);
    return shared;
}

/* Whether the object a blocked thread waits on may be released by another
 * process. The thread is inside the call, so the object is live memory. */
static bool waits_on_shared_object(const struct snap *s)
{
    uintptr_t addr = s->block_obj;
    switch (s->block) {
    case LG_BLOCK_LOCK: {
        struct lg_lock *l = lg_lock_by_id((uint32_t)s->block_obj);
        if (!l)
            return false;
        addr = l->addr;
        if ((l->kind == LG_MUTEX || l->kind == LG_C11_MUTEX) &&
            (((pthread_mutex_t *)addr)->__data.__kind & MUTEX_PSHARED_BIT))
            return true;
        if (l->kind == LG_RWLOCK && ((pthread_rwlock_t *)addr)->__data.__shared)
            return true;
        break;
    }
    case LG_BLOCK_COND:
        if (((pthread_cond_t *)addr)->__data.__wrefs & 1)
            return true;
        break;
    case LG_BLOCK_SEM:
        if (((struct glibc_sem *)addr)->private_flag == FUTEX_SHARED_FLAG)
            return true;    /* sem_init(s, 1, n), and every sem_open semaphore */
        break;
    case LG_BLOCK_BARRIER:
        if (((struct glibc_barrier *)addr)->shared == FUTEX_SHARED_FLAG)
            return true;
        break;
    case LG_BLOCK_JOIN:
        return false;       /* only a thread of this process ends a thread */
    default:
        break;
    }
    return in_shared_mapping(addr);
}

atomic_int lg_main_exited;

/* Threads of this process that the kernel has but the detector does not
 * follow: besides the live tracked threads there is only the watchdog (and
 * a main thread that called pthread_exit, which stays until the end). */
static bool untracked_threads(int live)
{
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char buf[1024];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return false;
    buf[n] = 0;
    /* field 20, counted after the command name, which may hold spaces */
    char *p = strrchr(buf, ')');
    for (int field = 2; p && field < 20; field++)
        p = strchr(p + 1, ' ');
    return p && atoi(p + 1) > live + 1 + atomic_load(&lg_main_exited);
}

/* Why the blocked threads may still be woken from outside (into why), or
 * false when nothing can wake them. */
static bool outside_waker(int n, int live, char *why, size_t len)
{
    for (int i = 0; i < n; i++) {
        if (snaps[i].serial && waits_on_shared_object(&snaps[i])) {
            char tl[16];
            lg_thread_label(snaps[i].serial, tl, sizeof tl);
            snprintf(why, len, "%s waits on a process-shared object", tl);
            return true;
        }
    }
    for (int sig = 1; sig < NSIG; sig++) {
        struct sigaction sa;
        if (sig == SIGKILL || sig == SIGSTOP || sigaction(sig, NULL, &sa) != 0)
            continue;
        if ((sa.sa_flags & SA_SIGINFO) || (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)) {
            snprintf(why, len, "a handler for signal %d (%s) is installed", sig, strsignal(sig));
            return true;
        }
    }
    struct itimerval timer;
    if (getitimer(ITIMER_REAL, &timer) == 0 && (timer.it_value.tv_sec || timer.it_value.tv_usec)) {
        snprintf(why, len, "an alarm is armed");
        return true;
    }
    siginfo_t child;
    memset(&child, 0, sizeof child);
    if (waitid(P_ALL, 0, &child, WEXITED | WNOHANG | WNOWAIT) == 0) {
        snprintf(why, len, "a child process is running");
        return true;
    }
    if (untracked_threads(live)) {
        snprintf(why, len, "the process has threads the detector does not follow");
        return true;
    }
    return false;
}

/* The run's end, from time_limit: a hang that something outside might
 * still end is reported only this close to it. */
static uint64_t run_started_ns;
void lg_watchdog_note_start(void) { run_started_ns = lg_now_ns(); }

static bool near_time_limit(uint64_t now)
{
    if (lg_opt.time_limit <= 0)
        return false;
    /* room to write the report (the symbolizer starts then) on a slow machine */
    double margin = lg_opt.time_limit / 4 < 3.0 ? lg_opt.time_limit / 4 : 3.0;
    return now - run_started_ns >= (uint64_t)((lg_opt.time_limit - margin) * 1e9);
}

/* Whether any thread slot from index first on is in use. */
static bool live_slot_from(int first)
{
    int n = lg_thread_slots();
    for (int i = first; i < n; i++)
        if (atomic_load(&lg_thread_slot(i)->in_use))
            return true;
    return false;
}

static atomic_int watchdog_started;

static void *watchdog(void *arg)
{
    (void)arg;
    lg_tls.in_detector = 1;     /* nothing this thread does is the program's */
    unsigned long last_progress = ~0ul;
    uint64_t quiet_since = lg_now_ns();
    bool graph_written = false;
    for (;;) {
        struct timespec tick = {0, 100 * 1000 * 1000};
        nanosleep(&tick, NULL);
        /* no program thread left: when main has called pthread_exit, the
         * process ends only with its last thread, and a watchdog that went
         * on ticking would keep it alive for ever */
        if (!live_slot_from(0)) {
            /* the next blocking wait may start another; if this is the
             * last thread, glibc ends the process with exit(0) as usual */
            atomic_store(&watchdog_started, 0);
            return NULL;
        }
        if (lg_opt.detect_deadlocks)
            check_from(-1);
        uint64_t now = lg_now_ns();
        /* a run stopped at its limit ends with no exit path: its graph so
         * far is written now, and again at exit if it gets there */
        if (!graph_written && near_time_limit(now)) {
            graph_written = true;
            lg_findings_write_graph();
        }
        if (lg_opt.hang_timeout <= 0)
            continue;
        unsigned long progress = atomic_load(&lg_progress);
        lg_ilock_lock(&lg_check_lock);
        int n = snapshot_all(), live = 0, blocked = 0;
        for (int i = 0; i < n; i++) {
            if (!snaps[i].serial)
                continue;
            live++;
            blocked += snaps[i].block != LG_NOT_BLOCKED;
        }
        if (live == 0 || blocked < live || progress != last_progress ||
            live_slot_from(MAX_SNAP)) {   /* threads the snapshot does not see: not all known blocked */
            last_progress = progress;
            quiet_since = now;
        } else if (now - quiet_since >= (uint64_t)(lg_opt.hang_timeout * 1e9)) {
            char why[160], what[240];
            if (!outside_waker(n, live, why, sizeof why)) {
                report_hang(n, "");     /* does not return */
            } else if (near_time_limit(now)) {
                snprintf(what, sizeof what,
                         "every thread blocked for %.1f s, until the time limit, though %s",
                         (double)(now - quiet_since) / 1e9, why);
                report_hang(n, what);
            }
        }
        lg_ilock_unlock(&lg_check_lock);
    }
    return NULL;
}

void lg_watchdog_start(void)
{
    if (atomic_load_explicit(&watchdog_started, memory_order_relaxed) ||
        atomic_exchange(&watchdog_started, 1))
        return;
    /* every signal stays with the program's own threads */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t id;
    if (lg_real.pthread_create(&id, &attr, watchdog, NULL) != 0)
        atomic_store(&watchdog_started, 0);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void lg_watchdog_after_fork_child(void)
{
    atomic_store(&watchdog_started, 0);
}
