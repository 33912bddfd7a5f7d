/* Submission "forkstorm": every process forks as fast as it can, forever. The
 * audit's process limit must stop it. Should the limit fail, a shared counter
 * stops the storm at 2000 processes and the first process aborts, which the
 * audit reports as a crash (the test then fails). */
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
int main(void)
{
    atomic_int *made = mmap(NULL, sizeof *made, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (made == MAP_FAILED)
        return 1;
    pid_t first = getpid();
    for (;;) {
        if (atomic_load(made) >= 2000) {
            if (getpid() == first)
                abort();
            pause();
        }
        if (fork() > 0)
            atomic_fetch_add(made, 1);
        else
            usleep(1000);   /* the limit (or a child): keep trying */
    }
}
