/* The C half of a program that mixes C and C++ (mixed_main.cpp): it must
 * stay C (a C++ compiler rejects the implicit void * conversion below). */
#include <stdlib.h>

int *make_counter(void)
{
    int *counter = malloc(sizeof *counter);
    if (counter)
        *counter = 0;
    return counter;
}
