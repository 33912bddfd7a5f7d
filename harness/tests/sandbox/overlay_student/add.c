/* The student's code under test. */
int add(int a, int b)
{
    return a + b;
}
