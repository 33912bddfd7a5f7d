/* Dies of SIGSEGV. */
#include <stdio.h>
int main(void) {
    volatile int *p = 0;
    puts("about to crash");
    fflush(stdout);
    *p = 1;
    return 0;
}
