/* Submission "memory_hog": keeps allocating and touching memory (8 MiB every
 * 20 ms) and never frees it. The audit's memory limit must stop it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
int main(void)
{
    for (size_t total = 0;; total += 8u << 20) {
        char *block = malloc(8u << 20);
        if (!block)
            return 1;
        memset(block, 1, 8u << 20);
        usleep(20000);
    }
}
