/* Submission "flooding": prints without end. */
#include <stdio.h>
int main(void)
{
    for (unsigned long i = 0;; i++)
        printf("line %lu: still going\n", i);
}
