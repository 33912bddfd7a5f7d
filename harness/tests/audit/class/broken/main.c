/* Submission "broken": does not compile (a missing semicolon). */
#include <stdio.h>
int main(void)
{
    printf("hello\n")
    return 0;
}
