/* Submission "memory_hog": keeps allocating and touching memory (8 MiB every
 * 2 ms), keeping every block on a list so no compiler can leave one out. The
 * audit's memory limit must stop it. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#define BLOCK (8u << 20)
static void *volatile head;
int main(void)
{
    for (;;) {
        void **block = malloc(BLOCK);
        if (!block)
            return 1;
        memset(block, 1, BLOCK);
        *block = head;
        head = block;
        usleep(2000);
    }
}
