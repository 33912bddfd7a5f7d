/* What the student's makefile tries to put in place of the instructor's driver. */
#include <stdio.h>
int main(void)
{
    puts("STUDENT REPLACED THE DRIVER");
    return 0;
}
