/* Is the thread that has the turn "away" (schedule.c, pct)? It has the turn
 * but has not come back to a point, and the others wait for it. Away means it
 * will not come soon by itself: it computes or spins between points, or
 * sleeps in a call the detector does not see. A thread the machine merely
 * has not run yet (preempted on a loaded machine, a page fault from disk, a
 * new thread not yet started) is not away: taking its turn then would make
 * the schedule depend on the machine's load, and a seed's replay differ.
 *
 * So the kernel's word decides, not the wall clock alone: the holder's state
 * (/proc/self/task/TID/stat) and its CPU time (its thread CPU clock).
 *   running or runnable (R)   away once it has used away_ns of CPU since it
 *                             was first seen holding the turn;
 *   disk wait (D)             away after stuck_ns: slow, but progress;
 *   any other (S, T, ...)     away once seen in it for away_ns in a row;
 *   unknown (no tid yet, no /proc): away after stuck_ns of wall time for a
 *                             thread not yet at its first point, else
 *                             away_ns (the kernel cannot be asked). */
#include "schedule.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The kernel's per-thread CPU clock id (MAKE_THREAD_CPUCLOCK(tid,
 * CPUCLOCK_SCHED) in linux/posix-timers.h, as glibc's pthread_getcpuclockid
 * makes it): readable for any thread of this process. */
static clockid_t thread_cpu_clock(pid_t tid)
{
    return (clockid_t)((~(unsigned)tid << 3) | 4u | 2u);
}

static bool cpu_ns(pid_t tid, uint64_t *ns)
{
    struct timespec ts;
    if (clock_gettime(thread_cpu_clock(tid), &ts) != 0)
        return false;
    *ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    return true;
}

/* The state letter of thread tid, 0 when it cannot be read. The name in
 * parentheses may hold anything, so the state follows the last ')'. */
static char thread_state(pid_t tid)
{
    char path[48], text[512];
    int len = snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    if (len <= 0 || (size_t)len >= sizeof path)
        return 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return 0;
    text[n] = 0;
    const char *end = strrchr(text, ')');
    return end && end[1] == ' ' ? end[2] : 0;
}

bool lg_sched_away(struct lg_away_watch *w, pid_t tid, bool started, uint64_t turn_since_ns, uint64_t now)
{
    uint64_t waited = now - turn_since_ns;
    if (waited < LG_AWAY_NS)
        return false;
    if (!tid)
        return waited >= (started ? LG_AWAY_NS : LG_STUCK_NS);
    char state = thread_state(tid);
    uint64_t cpu;
    if (!state || !cpu_ns(tid, &cpu))
        return true;        /* gone, or no /proc: the wall clock has said it */
    if (state == 'R') {
        w->stopped_since_ns = 0;
        if (!w->cpu_seen) {
            w->cpu_seen = true;
            w->cpu0_ns = cpu;
        }
        return cpu - w->cpu0_ns >= LG_AWAY_NS;
    }
    if (state == 'D')
        return waited >= LG_STUCK_NS;
    if (!w->stopped_since_ns)
        w->stopped_since_ns = now;
    return now - w->stopped_since_ns >= LG_AWAY_NS;
}
