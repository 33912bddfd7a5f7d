/* Start-up and shut-down of the detector, and fork. Initialisation is lazy:
 * a wrapper can run before our constructor when another library's
 * constructor takes a lock first. */
#include "deep_uses.h"
#include "intercept.h"
#include "plain_mutex.h"
#include "schedule.h"
#include "symbolize.h"
#include "trace.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

atomic_int lg_state;
atomic_int lg_inline_on;

/* After lg_state, lg_sched_mode or lg_trace_on changed (the inline paths
 * read only this word). */
void lg_inline_update(void)
{
    atomic_store_explicit(&lg_inline_on,
                          atomic_load(&lg_state) == 2 && !lg_sched_mode && !lg_trace_on,
                          memory_order_release);
}

/* Every internal lock, in the order threads take them: held across fork, so
 * the child finds no table half-updated by a thread it does not have. */
static lg_ilock *const internal_locks[] = {
    &lg_check_lock, &lg_report_lock, &lg_graph_lock, &lg_depot_lock,
    &lg_table_lock, &lg_map_lock, &lg_infos_lock, &lg_arena_lock, &lg_sched_lock,
};
#define NLOCKS (sizeof internal_locks / sizeof internal_locks[0])

static void before_fork(void)
{
    for (size_t i = 0; i < NLOCKS; i++)
        lg_ilock_lock(internal_locks[i]);
}

static void after_fork_parent(void)
{
    for (size_t i = NLOCKS; i-- > 0;)
        lg_ilock_unlock(internal_locks[i]);
}

static void after_fork_child(void)
{
    for (size_t i = 0; i < NLOCKS; i++)
        lg_ilock_reset(internal_locks[i]);
    if (atomic_load(&lg_state) != 2)
        return;     /* registered before the detector was ready: nothing else to reset */
    lg_threads_after_fork_child();
    lg_watchdog_after_fork_child();
    lg_findings_after_fork_child();
    lg_symbolizer_after_fork_child();
    lg_sched_after_fork_child(lg_tls.self);
    lg_conds_after_fork_child();
    lg_trace_after_fork_child();
    lg_inline_update();
}

/* Fork handlers run prepare last-registered first, parent and child
 * first-registered first. The detector's must be the first registered: its
 * prepare then runs after every other one (which may lock mutexes through the
 * wrappers while the internal locks are still free) and its parent and child
 * handlers before every other one (which may unlock them). A library's
 * constructor can register before the detector's (jemalloc does), so the
 * registration itself is wrapped: pthread_atfork is a static stub in each
 * object (libc_nonshared) that calls __register_atfork. */
extern void *__dso_handle;
typedef int register_atfork_fn(void (*)(void), void (*)(void), void (*)(void), void *);

static register_atfork_fn *real_register_atfork(void)
{
    static register_atfork_fn *fn;
    if (!fn) {
        lg_tls.in_detector++;
        fn = (register_atfork_fn *)dlvsym(RTLD_NEXT, "__register_atfork", "GLIBC_2.3.2");
        if (!fn)
            fn = (register_atfork_fn *)dlsym(RTLD_NEXT, "__register_atfork");
        lg_tls.in_detector--;
    }
    return fn;
}

static void register_fork_handlers(void)
{
    static atomic_int registered;
    if (atomic_load(&registered) || atomic_exchange(&registered, 1))
        return;
    register_atfork_fn *fn = real_register_atfork();
    if (fn)
        fn(before_fork, after_fork_parent, after_fork_child, __dso_handle);
}

LG_EXPORT int __register_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void),
                                void *dso)
{
    register_fork_handlers();
    register_atfork_fn *fn = real_register_atfork();
    return fn ? fn(prepare, parent, child, dso) : ENOMEM;
}

void lg_init(void)
{
    int expected = 0;
    if (!atomic_compare_exchange_strong(&lg_state, &expected, 1))
        return;     /* done, or another thread is doing it: its wrappers pass through */
    lg_tls.in_detector++;
    lg_real_resolve();
    lg_plain_check();
    lg_options_defaults(&lg_opt);
    char err[256];
    if (lg_options_parse(&lg_opt, getenv("LOCKGRAPH_OPTIONS"), err, sizeof err) != 0) {
        char line[400];
        int n = snprintf(line, sizeof line, "lockgraph: error: LOCKGRAPH_OPTIONS: %s\n", err);
        write(2, line, n > 0 && (size_t)n < sizeof line ? (size_t)n : 0);
        _exit(2);
    }
    lg_watchdog_note_start();
    lg_exe_path();
    lg_findings_init();
    lg_sched_init();
    lg_steer_init();
    lg_stack_init();
    lg_lock_table_init();
    lg_threads_init();
    lg_trace_init();
    if (lg_graph_init(&lg_graph, (uint32_t)lg_opt.max_locks, (uint32_t)lg_opt.max_edges) != 0) {
        lg_warn("cannot map the lock-order graph: the detector is off");
        lg_tls.in_detector--;
        return;     /* stays in state 1: every wrapper passes through */
    }
    /* a quarter of the edges' room: records stand for many edges each, and
     * when they run out (or this fails) deep edges are made at once */
    lg_deep_init((uint32_t)lg_opt.max_edges / 4);
    register_fork_handlers();
    atomic_store(&lg_state, 2);
    lg_inline_update();
    lg_tls.in_detector--;
    lg_findings_start_report();
    lg_self();      /* the initial thread is T0 */
}

__attribute__((constructor)) static void lg_constructor(void)
{
    lg_init();
    if (atomic_load(&lg_state) == 2) {
        lg_tls.in_detector++;
        lg_findings_export_owner();
        lg_trace_export_owner();
        lg_tls.in_detector--;
    }
}

__attribute__((destructor)) static void lg_destructor(void)
{
    if (atomic_load(&lg_state) != 2)
        return;
    lg_findings_at_exit();
}

LG_EXPORT pid_t fork(void)
{
    /* state hand-over happens in the pthread_atfork handlers */
    return REAL(fork)();
}
