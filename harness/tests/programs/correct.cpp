// Correct: a producer and a consumer hand over items under one mutex with a
// condition variable; transfers take both account locks with std::scoped_lock.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>

static std::mutex m, acct_a, acct_b;
static std::shared_mutex table;
static std::condition_variable ready;
static std::queue<int> items;
static int balance_a = 100, balance_b = 100, lookups;

static void produce()
{
    for (int i = 1; i <= 1000; i++) {
        {
            std::lock_guard<std::mutex> hold(m);
            items.push(i);
        }
        ready.notify_one();
    }
}

static void consume(long *sum)
{
    for (int n = 0; n < 1000; n++) {
        std::unique_lock<std::mutex> hold(m);
        ready.wait(hold, [] { return !items.empty(); });
        *sum += items.front();
        items.pop();
    }
}

static void transfer(int amount)
{
    for (int i = 0; i < 1000; i++) {
        std::scoped_lock both(acct_a, acct_b);
        balance_a -= amount;
        balance_b += amount;
        std::shared_lock<std::shared_mutex> read(table);
        lookups++;
    }
}

int main()
{
    long sum = 0;
    std::thread p(produce), c(consume, &sum), t1(transfer, 1), t2(transfer, -1);
    p.join();
    c.join();
    t1.join();
    t2.join();
    std::printf("%ld %d %d\n", sum, balance_a + balance_b, lookups);
    return sum == 500500 ? 0 : 1;
}
