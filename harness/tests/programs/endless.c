/* Never ends, and never blocks in a pthread call. */
#include <unistd.h>
int main(void) { for (;;) usleep(10000); }
