// Two std::threads bump one counter without a lock: a data race.
#include <cstdio>
#include <thread>

static long counter;

static void bump()
{
    for (int i = 0; i < 100000; i++)
        counter++;
}

int main()
{
    std::thread a(bump), b(bump);
    a.join();
    b.join();
    std::printf("%ld\n", counter);
}
