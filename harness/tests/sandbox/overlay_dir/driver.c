/* The instructor's test driver (racecheck audit --overlay): it is what runs. */
#include <stdio.h>
int add(int a, int b);
int main(void)
{
    printf("INSTRUCTOR DRIVER add(2,3)=%d\n", add(2, 3));
    return 0;
}
