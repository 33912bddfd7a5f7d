/* The tool runs of one check, at most N at once: a few threads take the
 * next job until none is left. */
#include "engine/job_pool.h"

#include <pthread.h>

struct pool {
    struct tool_job *jobs;
    int count;
    int next;
    pthread_mutex_t lock;
    void (*done)(struct tool_job *, void *);
    void *ctx;
};

static void *worker(void *arg)
{
    struct pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->next < p->count ? p->next++ : -1;
        pthread_mutex_unlock(&p->lock);
        if (i < 0)
            return NULL;
        tool_job_run(&p->jobs[i]);
        if (p->done) {
            pthread_mutex_lock(&p->lock);
            p->done(&p->jobs[i], p->ctx);
            pthread_mutex_unlock(&p->lock);
        }
    }
}

void run_jobs(struct tool_job *jobs, int count, int parallel,
              void (*done)(struct tool_job *job, void *ctx), void *ctx)
{
    struct pool p = {jobs, count, 0, PTHREAD_MUTEX_INITIALIZER, done, ctx};
    if (parallel < 1)
        parallel = 1;
    if (parallel > count)
        parallel = count;
    pthread_t threads[64];
    int started = 0;
    for (int i = 0; i < parallel && i < 64; i++)
        if (pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    if (started == 0)
        worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
}
