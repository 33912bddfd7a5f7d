// A latent lock-order inversion with std::mutex: one thread takes a then b,
// the other (after the first has finished) b then a. No run deadlocks.
#include <mutex>
#include <chrono>
#include <thread>

static std::mutex a, b;
static int total;

static void forward()
{
    std::lock_guard<std::mutex> first(a);
    std::lock_guard<std::mutex> second(b);
    total++;
}

static void backward()
{
    std::lock_guard<std::mutex> first(b);
    std::lock_guard<std::mutex> second(a);
    total--;
}

int main()
{
    std::thread t1(forward);
    // "later": usually after t1 is done, so no run deadlocks
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::thread t2(backward);
    t1.join();
    t2.join();
    return total;
}
