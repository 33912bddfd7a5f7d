/* Thread lifetimes: creation, start, end (return, pthread_exit, cancel), join
 * and detach. Lifetimes feed the thread-order filter; join/detach state finds
 * API misuse; a thread that ends holding a lock is a lock leak. */
#include "intercept.h"
#include "schedule.h"
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ---- pthread_t -> serial and join state ---- */
enum { JOINABLE = 1, DETACHED, JOINED };
struct thread_entry {
    pthread_t id;
    uint32_t serial;
    int state;
};
#define MAP_SIZE 65536
static struct thread_entry *map;
lg_ilock lg_map_lock;

static struct thread_entry *map_slot(pthread_t id, bool create)
{
    if (!map)
        map = lg_map(sizeof *map * MAP_SIZE);
    if (!map)
        return NULL;
    uint64_t h = (uint64_t)id * 0x9e3779b97f4a7c15ull;
    for (uint32_t i = (uint32_t)(h >> 40) % MAP_SIZE, n = 0; n < MAP_SIZE; i = (i + 1) % MAP_SIZE, n++) {
        if (map[i].state && pthread_equal(map[i].id, id))
            return &map[i];
        if (!map[i].state)
            return create ? &map[i] : NULL;
    }
    return NULL;
}

/* glibc reuses a joined thread's descriptor, so a pthread_t names a thread
 * only together with its serial. A new thread's entry is written by its
 * creator when pthread_create returns and by the thread itself when it
 * starts, so whoever can name it finds it. A later state change is made
 * only while the entry is still that thread's (serial): a join that returns
 * after the descriptor was reused must not mark the new thread joined. */
static void map_new(pthread_t id, uint32_t serial, int state)
{
    lg_ilock_lock(&lg_map_lock);
    struct thread_entry *e = map_slot(id, true);
    if (e && !(e->state && e->serial == serial && pthread_equal(e->id, id)))
        *e = (struct thread_entry){id, serial, state};
    lg_ilock_unlock(&lg_map_lock);
}

static void map_change(pthread_t id, uint32_t serial, int state)
{
    lg_ilock_lock(&lg_map_lock);
    struct thread_entry *e = map_slot(id, false);
    if (e && e->serial == serial)
        e->state = state;
    lg_ilock_unlock(&lg_map_lock);
}

static struct thread_entry map_get(pthread_t id)
{
    struct thread_entry copy = {0};
    lg_ilock_lock(&lg_map_lock);
    struct thread_entry *e = map_slot(id, false);
    if (e)
        copy = *e;
    lg_ilock_unlock(&lg_map_lock);
    return copy;
}

/* ---- start and end of a thread ---- */
struct start_info {
    void *(*fn)(void *);
    void *arg;
    uint32_t serial;
    int state;                  /* JOINABLE or DETACHED */
    struct start_info *next_free;
};
static struct start_info *free_infos;
lg_ilock lg_infos_lock;

static struct start_info *info_new(void)
{
    lg_ilock_lock(&lg_infos_lock);
    struct start_info *s = free_infos;
    if (s)
        free_infos = s->next_free;
    lg_ilock_unlock(&lg_infos_lock);
    return s ? s : lg_arena_alloc(sizeof *s);
}

static void info_free(struct start_info *s)
{
    lg_ilock_lock(&lg_infos_lock);
    s->next_free = free_infos;
    free_infos = s;
    lg_ilock_unlock(&lg_infos_lock);
}

static void *thread_start(void *p)
{
    struct start_info info = *(struct start_info *)p;
    info_free(p);
    map_new(pthread_self(), info.serial, info.state);
    struct lg_thread *t = lg_thread_start(info.serial);
    if (LG_UNLIKELY(lg_trace_on))
        lg_trace_record(LG_TR_START, info.serial, 0, 0, (uintptr_t)info.fn);
    lg_sched_point("starts");
    void *ret;
    /* runs on return, pthread_exit and cancellation (built with -fexceptions) */
    pthread_cleanup_push(lg_thread_end, t);
    ret = info.fn(info.arg);
    pthread_cleanup_pop(1);
    return ret;
}

LG_EXPORT int pthread_create(pthread_t *th, const pthread_attr_t *attr, void *(*fn)(void *),
                             void *arg)
{
    lg_sched_point("creates a thread");
    if (!lg_active())
        return REAL(pthread_create)(th, attr, fn, arg);
    struct start_info *info = info_new();
    if (!info)
        return REAL(pthread_create)(th, attr, fn, arg);
    info->fn = fn;
    info->arg = arg;
    info->serial = lg_thread_new_serial();
    lg_thread_note_created(info->serial);
    uint32_t serial = info->serial;
    int detached = 0;
    if (attr)
        pthread_attr_getdetachstate(attr, &detached);
    int state = detached == PTHREAD_CREATE_DETACHED ? DETACHED : JOINABLE;
    info->state = state;
    if (lg_sched_mode)
        lg_sched_created(serial, true);     /* known before it runs: see schedule.c */
    int r = REAL(pthread_create)(th, attr, thread_start, info);
    if (r != 0) {
        if (lg_sched_mode)
            lg_sched_created(serial, false);
        info_free(info);
        return r;
    }
    map_new(*th, serial, state);
    atomic_fetch_add(&lg_progress, 1);
    return r;
}

static int join_common(pthread_t th, void **ret, uintptr_t pc)
{
    lg_sched_point("joins");
    struct lg_thread *t = lg_self();
    struct thread_entry e = map_get(th);
    if (t && e.state == DETACHED)
        lg_report_misuse(LG_K_MISUSE, "join of a detached thread", t, NULL, 0);
    /* reported, then done as natively: the real call decides what happens */
    if (t && e.state == JOINED)
        lg_report_misuse(LG_K_MISUSE, "join of a thread that was already joined", t, NULL, 0);
    if (t && pthread_equal(th, pthread_self()))
        lg_report_misuse(LG_K_MISUSE, "a thread joins itself", t, NULL, 0);
    int r = REAL(pthread_tryjoin_np)(th, ret);
    if (r == EBUSY) {
        if (t)
            lg_block_begin(t, LG_BLOCK_JOIN, e.serial, LG_WRITE, pc, true);
        r = REAL(pthread_join)(th, ret);    /* join cycles: the watchdog */
        if (t)
            lg_block_end(t);
    }
    if (r == 0 && e.serial) {
        lg_thread_note_joined(e.serial);
        map_change(th, e.serial, JOINED);
    }
    return r;
}

LG_EXPORT int pthread_join(pthread_t th, void **ret)
{
    if (!lg_active())
        return REAL(pthread_join)(th, ret);
    return join_common(th, ret, LG_CALLER_PC());
}

LG_EXPORT int pthread_detach(pthread_t th)
{
    if (!lg_active())
        return REAL(pthread_detach)(th);
    struct thread_entry e = map_get(th);
    if (e.state == DETACHED || e.state == JOINED)
        lg_report_misuse(LG_K_MISUSE,
                         e.state == DETACHED ? "detach of a thread that is already detached"
                                             : "detach of a thread that was already joined",
                         lg_self(), NULL, 0);
    int r = REAL(pthread_detach)(th);
    if (r == 0 && e.serial)
        map_change(th, e.serial, DETACHED);
    return r;
}

LG_EXPORT void pthread_exit(void *ret)
{
    if (lg_active()) {
        struct lg_thread *t = lg_self();
        /* threads we started end in thread_start's cleanup; main ends here */
        if (t && t->serial == 1) {
            lg_thread_exit(t);
            atomic_store(&lg_main_exited, 1);
        }
    }
    REAL(pthread_exit)(ret);
    __builtin_unreachable();
}
