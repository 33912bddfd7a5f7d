/* Submission "hanging": busy-waits for a flag nobody sets (never blocks in a
 * pthread call, so only the time limit ends it). */
#include <unistd.h>
static volatile int ready;
int main(void)
{
    while (!ready)
        usleep(10000);
    return 0;
}
