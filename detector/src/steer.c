/* Steering a predicted lock-order inversion into a real deadlock (the idea of
 * DeadlockFuzzer, PLDI 2009). A run with steer=FILE reads the sites of a
 * cycle's edges, one "HELD WANTED" line each, as an earlier report gave them
 * ("sites" of a lock-order-inversion finding: MODULE+0xOFFSET, stable across
 * runs). A thread about to make one of those edges (it holds a lock taken at
 * HELD and is about to lock at WANTED) waits there until a thread has reached
 * every other edge of the cycle, or for at most a second; then each goes on
 * into its lock, the threads deadlock for real, and the detector reports the
 * deadlock and ends the process as it always does. Each edge holds a thread
 * back at most a few times, so a cycle that cannot close costs seconds, not
 * a hang. */
#include "lockgraph.h"
#include "symbolize.h"

#include <fcntl.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_EDGES 8
#define PAUSES_PER_EDGE 3
#define PAUSE_NS (1000ull * 1000 * 1000)

struct site_pair {
    char held[320], wanted[320];      /* MODULE+0xOFFSET */
    uintptr_t held_pc, wanted_pc;     /* resolved in this process */
    atomic_int arrived;               /* a thread has reached this edge (never cleared) */
    atomic_int pauses;
};
static struct site_pair edges[MAX_EDGES];
static int nedges;
static atomic_int resolved;
static lg_ilock steer_lock;           /* taken alone */
bool lg_steer_on;

static void parse_line(char *line)
{
    char *space = strchr(line, ' ');
    if (!space || nedges == MAX_EDGES)
        return;
    *space = '\0';
    struct site_pair *e = &edges[nedges];
    if (strlen(line) >= sizeof e->held || strlen(space + 1) >= sizeof e->wanted)
        return;
    strcpy(e->held, line);
    strcpy(e->wanted, space + 1);
    nedges++;
}

/* Reads the file with plain system calls: this runs in lg_init. */
void lg_steer_init(void)
{
    if (!lg_opt.steer[0])
        return;
    int fd = open(lg_opt.steer, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        lg_warn("steer: cannot read %s: nothing is steered", lg_opt.steer);
        return;
    }
    static char text[8192];
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    text[n > 0 ? n : 0] = '\0';
    for (char *line = text, *nl; *line; line = nl + 1) {
        nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        if (*line && *line != '#')
            parse_line(line);
        if (!nl)
            break;
    }
    lg_steer_on = nedges >= 2;
    if (!lg_steer_on)
        lg_warn("steer: %s holds no cycle (two or more \"HELD WANTED\" lines)", lg_opt.steer);
}

struct module_search {
    const char *name;
    uintptr_t base;
    int found;
};

static int find_module(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    struct module_search *s = arg;
    const char *name = info->dlpi_name && *info->dlpi_name ? info->dlpi_name : lg_exe_path();
    if (strcmp(name, s->name) == 0) {
        s->base = info->dlpi_addr;
        s->found = 1;
        return 1;
    }
    return 0;
}

static uintptr_t resolve_site(char *site)
{
    char *plus = strrchr(site, '+');
    if (!plus)
        return 0;
    *plus = '\0';
    struct module_search s = {site, 0, 0};
    dl_iterate_phdr(find_module, &s);
    uintptr_t offset = (uintptr_t)strtoull(plus + 1, NULL, 16);
    *plus = '+';
    return s.found ? s.base + offset : 0;
}

static void resolve_all(void)
{
    lg_ilock_lock(&steer_lock);
    if (!atomic_load(&resolved)) {
        for (int i = 0; i < nedges; i++) {
            edges[i].held_pc = resolve_site(edges[i].held);
            edges[i].wanted_pc = resolve_site(edges[i].wanted);
        }
        atomic_store(&resolved, 1);
    }
    lg_ilock_unlock(&steer_lock);
}

static bool all_others_arrived(int me)
{
    for (int i = 0; i < nedges; i++)
        if (i != me && !atomic_load(&edges[i].arrived))
            return false;
    return true;
}

void lg_steer_before_acquire(struct lg_thread *t, uintptr_t pc)
{
    if (!atomic_load(&resolved))
        resolve_all();
    for (int i = 0; i < nedges; i++) {
        struct site_pair *e = &edges[i];
        if (!e->wanted_pc || e->wanted_pc != pc || atomic_load(&e->pauses) >= PAUSES_PER_EDGE)
            continue;
        bool holds = false;
        for (int h = 0; h < t->nheld && !holds; h++)
            holds = t->held[h].pc == e->held_pc;
        if (!holds)
            continue;
        atomic_fetch_add(&e->pauses, 1);
        atomic_store(&e->arrived, 1);
        /* wait for the other edges' threads to arrive, then go on with them */
        uint64_t until = lg_now_ns() + PAUSE_NS;
        while (!all_others_arrived(i) && lg_now_ns() < until) {
            struct timespec ms = {0, 1000 * 1000};
            nanosleep(&ms, NULL);
        }
        return;
    }
}
