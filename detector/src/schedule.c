/* Schedule exploration (off unless LOCKGRAPH_OPTIONS schedule=random|pct):
 * the detector already stands at every synchronisation point, so it can
 * choose which thread goes on, and make a rare interleaving appear on demand.
 *
 * random  at a point a thread may sleep 0-2 ms (at a quarter of its first
 *         1024 points, one in 64 after), drawn from its own generator (seed,
 *         thread serial): works on any program, also for races between
 *         points, but what the sleeps do depends on the machine.
 * pct     PCT (Burckhardt et al., ASPLOS 2010): one thread at a time runs
 *         between points, the live, unblocked one with the highest priority.
 *         Priorities are random; at depth-1 random steps the running thread's
 *         priority drops below all others. With one seed the order of the
 *         synchronisation operations is the same from run to run, as long as
 *         the threads reach their points themselves.
 *
 * What breaks exactness (pct): a thread that runs long without reaching a
 * point (a spin loop on a plain flag, a sleep, blocking I/O) would stop the
 * others for ever, so a waiting thread takes the turn when the kernel says
 * its holder computes, spins or sleeps between points (sched_away.c: the
 * holder is "away" until its next point; one the machine has merely not run
 * yet is waited for, so the schedule does not depend on load); time, I/O
 * and the program's own randomness are not the detector's to replay. A
 * thread that blocks in a real call (a taken lock, a wait) gives up its turn
 * first and asks for it again when the call returns.
 *
 * Everything here runs with lg_tls.in_detector raised: a signal handler that
 * calls a wrapper in between goes straight through. */
#include "schedule.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int lg_sched_mode;
lg_ilock lg_sched_lock;

#define MAX_THREADS 1024            /* live threads the scheduler orders; more go unordered */
/* A thread is known from its creation on (pending: created, not yet at its
 * first point), so whether it counts does not depend on how fast it starts. */
enum entry_state { FREE, PENDING, RUNNABLE, BLOCKED };
struct entry {
    uint32_t serial;
    uint8_t state;
    uint8_t away;          /* runnable, but not at a point, and will not be soon (sched_away.c) */
    uint8_t waiting;       /* gave up its turn for a real blocking call */
    pid_t tid;             /* 0 until the thread's first point */
    uint64_t priority;     /* higher runs first */
};
static struct entry *entries;
static int nentries;               /* entries ever used */
static atomic_uint turn;           /* serial of the thread that may go on; 0: anyone */
static uint64_t turn_since_ns;
static struct lg_away_watch away_watch;    /* of the turn's holder */
static uint64_t steps;             /* points passed, for the log */
static uint64_t choices;           /* points where another thread could have gone instead */
static uint64_t change_at[16];     /* choices where the runner's priority drops */
static int nchanges;
static uint64_t rng_state;
static int log_fd = -1;
/* A thread that keeps the turn point after point while others wait (a loop
 * that locks to poll a flag) would keep it for ever under strict priorities:
 * after RUN_LIMIT points in a row its priority drops below every initial one. */
#define RUN_LIMIT 1000
static uint32_t last_runner;
static unsigned run_length;
/* Priorities, highest first: initial ones (2^40 and up, random), change
 * points (2^33 + 1..15), demoted threads (below 2^32, the latest lowest), so
 * a thread that yields or hogs the turn never stays above one a change point
 * lowered, which it could otherwise starve. */
#define INITIAL_PRIORITY (1ull << 40)
#define CHANGE_PRIORITY (1ull << 33)
static uint64_t next_demoted = (1ull << 32) - 1;

/* splitmix64: small, good, and the same everywhere */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void futex_wake_all(atomic_uint *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 0x7fffffff, NULL, NULL, 0);
}

static void futex_wait_ms(atomic_uint *addr, unsigned expected, long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, expected, &ts, NULL, 0);
}

void lg_sched_init(void)
{
    if (!strcmp(lg_opt.schedule, "random"))
        lg_sched_mode = LG_SCHED_RANDOM;
    else if (!strcmp(lg_opt.schedule, "pct"))
        lg_sched_mode = LG_SCHED_PCT;
    else
        return;
    entries = lg_map(sizeof *entries * MAX_THREADS);
    if (!entries) {
        lg_sched_mode = LG_SCHED_OFF;
        return;
    }
    rng_state = (uint64_t)lg_opt.seed;
    nchanges = (int)lg_opt.pct_depth - 1;
    /* PCT draws its change points among the k steps of a run (here: points
     * where more than one thread could go on); with k unknown, a scale from
     * 16 to 65536 is drawn first, so short and long programs both get points
     * among their steps */
    for (int i = 0; i < nchanges; i++) {
        uint64_t k = (uint64_t)lg_opt.pct_steps;
        if (!k)
            k = 1ull << (4 * (1 + next_random(&rng_state) % 4));
        change_at[i] = 1 + next_random(&rng_state) % k;
    }
    if (lg_opt.schedule_log[0])
        log_fd = open(lg_opt.schedule_log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
}

/* ---- under lg_sched_lock ---- */

static struct entry *entry_of(uint32_t serial)
{
    for (int i = 0; i < nentries; i++)
        if (entries[i].state != FREE && entries[i].serial == serial)
            return &entries[i];
    return NULL;
}

static struct entry *new_entry(uint32_t serial, int state)
{
    struct entry *e = NULL;
    for (int i = 0; i < nentries && !e; i++)
        if (entries[i].state == FREE)
            e = &entries[i];
    if (!e && nentries < MAX_THREADS)
        e = &entries[nentries++];
    if (!e)
        return NULL;
    /* drawn in the order threads are made, which the schedule decides */
    *e = (struct entry){serial, (uint8_t)state, 0, 0, 0,
                        next_random(&rng_state) | INITIAL_PRIORITY};
    return e;
}

static int runnable_threads(void)
{
    int count = 0;
    for (int i = 0; i < nentries; i++)
        count += entries[i].state == RUNNABLE || entries[i].state == PENDING;
    return count;
}

/* The thread with the highest priority that can go on (a pending one will
 * be at its first point soon) and is not away. */
static void choose_next(void)
{
    const struct entry *best = NULL;
    for (int i = 0; i < nentries; i++) {
        const struct entry *e = &entries[i];
        if ((e->state == RUNNABLE || e->state == PENDING) && !e->away &&
            (!best || e->priority > best->priority))
            best = e;
    }
    unsigned next = best ? best->serial : 0;
    if (atomic_load(&turn) != next) {
        atomic_store(&turn, next);
        turn_since_ns = lg_now_ns();
        away_watch = (struct lg_away_watch){0};
        futex_wake_all(&turn);
    }
}

/* The calling thread's entry, made when it was not created through the
 * wrapper (main, a thread of glibc's). */
static struct entry *arrive(struct lg_thread *t)
{
    struct entry *e = entry_of(t->serial);
    if (!e)
        e = new_entry(t->serial, RUNNABLE);
    if (e && !e->tid)
        e->tid = t->tid;
    return e;
}

static void log_event(const struct lg_thread *t, const char *what)
{
    if (log_fd < 0)
        return;
    char line[96];
    int n = snprintf(line, sizeof line, "%llu T%u %s\n", (unsigned long long)steps, t->serial - 1, what);
    if (n > 0)
        write(log_fd, line, (size_t)n);
}

/* Waits until it is the turn of serial me, or its holder is away. */
static void wait_for_turn(uint32_t me)
{
    for (;;) {
        unsigned cur = atomic_load(&turn);
        if (cur == 0 || cur == me)
            return;
        futex_wait_ms(&turn, cur, 5);
        lg_ilock_lock(&lg_sched_lock);
        if (atomic_load(&turn) == cur) {
            struct entry *holder = entry_of(cur);
            if (!holder || lg_sched_away(&away_watch, holder->tid, holder->state != PENDING,
                                         turn_since_ns, lg_now_ns())) {
                if (holder)
                    holder->away = 1;   /* running, but not at a point: let the others go */
                choose_next();
            }
        }
        lg_ilock_unlock(&lg_sched_lock);
    }
}

/* The thread of e is about to go on: one more step, and maybe a priority
 * change. False when the change sends the turn to another thread. */
static bool grant(struct entry *e)
{
    steps++;
    /* priority changes count only where they can change who runs */
    if (runnable_threads() > 1)
        choices++;
    run_length = last_runner == e->serial ? run_length + 1 : 0;
    last_runner = e->serial;
    bool changed = false;
    if (run_length >= RUN_LIMIT) {
        e->priority = next_demoted--;
        run_length = 0;
        changed = true;
    }
    for (int i = 0; i < nchanges; i++) {
        if (change_at[i] == choices) {
            e->priority = CHANGE_PRIORITY + (uint64_t)(nchanges - i);
            changed = true;
        }
    }
    if (!changed)
        return true;
    choose_next();
    unsigned now = atomic_load(&turn);
    return now == 0 || now == e->serial;
}

static void random_delay(struct lg_thread *t)
{
    /* a generator per thread, advanced at each of its points */
    static __thread uint64_t state, owner, points;
    if (owner != t->serial) {
        owner = t->serial;
        points = 0;
        state = (uint64_t)lg_opt.seed * 0x100000001b3ull + t->serial;
    }
    uint64_t r = next_random(&state);
    /* a quarter of a thread's first 1024 points, then one in 64: a program
     * with millions of points is not slowed a thousandfold */
    if ((r & (++points <= 1024 ? 3 : 63)) != 0)
        return;
    struct timespec d = {0, (long)((r >> 8) % 2000000)};
    nanosleep(&d, NULL);
}

static void point(struct lg_thread *t, const char *what)
{
    int saved_errno = errno;    /* the waits and the probes of the holder set it */
    lg_tls.in_detector++;
    if (lg_sched_mode == LG_SCHED_RANDOM) {
        random_delay(t);
        lg_tls.in_detector--;
        errno = saved_errno;
        return;
    }
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = arrive(t);
    if (!e) {       /* more threads than the scheduler orders: this one runs free */
        lg_ilock_unlock(&lg_sched_lock);
        lg_tls.in_detector--;
        errno = saved_errno;
        return;
    }
    e->away = 0;
    e->state = RUNNABLE;
    choose_next();
    lg_ilock_unlock(&lg_sched_lock);
    /* Counted when the turn is granted, not on arrival, whose order the
     * machine decides: a change point can send the turn elsewhere again. */
    for (;;) {
        wait_for_turn(t->serial);
        lg_ilock_lock(&lg_sched_lock);
        e = entry_of(t->serial);
        if (!e || atomic_load(&turn) == 0 || atomic_load(&turn) == t->serial) {
            if (e && grant(e))
                break;
        }
        lg_ilock_unlock(&lg_sched_lock);
    }
    log_event(t, what);
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
    errno = saved_errno;
}

void lg_sched_point_thread(struct lg_thread *t, const char *what)
{
    point(t, what);
}

/* pthread_create made the thread with this serial (created: true) or failed. */
void lg_sched_created(uint32_t serial, bool created)
{
    if (lg_sched_mode != LG_SCHED_PCT)
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = entry_of(serial);
    if (created && !e)
        new_entry(serial, PENDING);
    else if (!created && e)
        e->state = FREE;
    choose_next();
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
}

void lg_sched_block_slow(struct lg_thread *t)
{
    if (!t || lg_sched_mode != LG_SCHED_PCT)
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = arrive(t);
    /* joining a thread that has already ended waits only for the kernel to
     * finish it: the turn stays, so the schedule does not depend on that */
    bool ended = t->block == LG_BLOCK_JOIN && !entry_of((uint32_t)t->block_obj);
    if (e && !ended) {
        e->state = BLOCKED;
        e->waiting = 1;
        choose_next();
    }
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
}

void lg_sched_unblock_slow(struct lg_thread *t)
{
    if (!t || lg_sched_mode != LG_SCHED_PCT)
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = entry_of(t->serial);
    bool waited = e && e->waiting;
    if (e)
        e->waiting = 0;
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
    if (waited)
        point(t, "wakes");
}

/* A thread that waits in a real call is woken by another thread's operation,
 * but reaches its next point when the machine lets it: so the waker marks it
 * runnable at once, and if it is chosen the others wait for it to arrive.
 * Done for joins, whose waker is known for sure (the joined thread ending). */
static void wake_joiners(uint32_t ended)
{
    int n = lg_thread_slots();
    for (int i = 0; i < n; i++) {
        struct lg_thread *w = lg_thread_slot(i);
        if (!atomic_load(&w->in_use) || w->block != LG_BLOCK_JOIN || w->block_obj != ended)
            continue;
        struct entry *e = entry_of(w->serial);
        if (e && e->state == BLOCKED)
            e->state = RUNNABLE;
    }
}

void lg_sched_thread_end(struct lg_thread *t)
{
    if (!t || lg_sched_mode != LG_SCHED_PCT)
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = entry_of(t->serial);
    if (e) {
        log_event(t, "ends");
        e->state = FREE;
        wake_joiners(t->serial);
        choose_next();
    }
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
}

/* In a fork child only the forking thread is left: it alone may run. */
void lg_sched_after_fork_child(struct lg_thread *self)
{
    if (lg_sched_mode != LG_SCHED_PCT)
        return;
    memset(entries, 0, sizeof *entries * MAX_THREADS);
    nentries = 0;
    atomic_store(&turn, 0);
    log_fd = -1;        /* the parent's log: the child's points are its own */
    if (self)
        arrive(self);
}

/* ---- yields and sleeps under pct ----
 * A thread that polls a flag without synchronising (sched_yield or a short
 * sleep in the loop) would keep the turn, and the others would get it only
 * once away each time. A yield passes the turn on for good: the yielder's
 * priority drops below every other. A sleep gives the turn up while it lasts,
 * as a blocking call does. */
void lg_sched_yield_thread(struct lg_thread *t)
{
    if (lg_sched_mode != LG_SCHED_PCT)
        return;
    lg_tls.in_detector++;
    lg_ilock_lock(&lg_sched_lock);
    struct entry *e = arrive(t);
    if (e)
        e->priority = next_demoted--;
    lg_ilock_unlock(&lg_sched_lock);
    lg_tls.in_detector--;
    point(t, "yields");
}

