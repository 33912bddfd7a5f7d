// Start-up order: main, while it is the only thread, reads the configuration
// and logs under both locks (config -> log). The workers it creates afterwards
// log and then consult the configuration (log -> config). Main's acquisitions
// happen before the workers exist, so the two orders can never overlap: no
// inversion. At the end main joins the workers and takes config -> log again,
// after every worker's acquisitions.
// expect: none
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int verbosity;
static long log_lines;

static void load_config(void) {
    pthread_mutex_lock(&config_lock);
    verbosity = 2;
    pthread_mutex_lock(&log_lock);
    log_lines++;
    pthread_mutex_unlock(&log_lock);
    pthread_mutex_unlock(&config_lock);
}

static void *worker(void *arg) {
    for (int i = 0; i < 1000; i++) {
        pthread_mutex_lock(&log_lock);
        log_lines++;
        pthread_mutex_lock(&config_lock);
        int v = verbosity;
        pthread_mutex_unlock(&config_lock);
        log_lines += v > 5;
        pthread_mutex_unlock(&log_lock);
    }
    return arg;
}

int main(void) {
    load_config();
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    load_config();
    printf("%ld log lines\n", log_lines);
    return 0;
}
