// C++: std::thread, std::mutex, std::lock_guard, std::unique_lock,
// std::condition_variable, std::recursive_mutex, std::shared_mutex and
// std::scoped_lock, all of which go through pthreads, in a correct program.
// compiler: g++
// expect: none
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <vector>

static std::mutex queue_lock, stats_lock;
static std::recursive_mutex rec;
static std::shared_mutex table_lock;
static std::condition_variable not_empty;
static std::queue<int> work;
static bool closed;
static long total, lookups;

static void add(long v, int depth) {
    std::lock_guard<std::recursive_mutex> g(rec);
    if (depth > 0)
        return add(v, depth - 1);
    total += v;
}

static void consumer() {
    for (;;) {
        std::unique_lock<std::mutex> l(queue_lock);
        not_empty.wait(l, [] { return !work.empty() || closed; });
        if (work.empty())
            return;
        int v = work.front();
        work.pop();
        l.unlock();
        {
            std::shared_lock<std::shared_mutex> r(table_lock);
            std::scoped_lock both(stats_lock, rec);
            lookups++;
        }
        add(v, 3);
    }
}

int main() {
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; i++)
        threads.emplace_back(consumer);
    for (int i = 1; i <= 10000; i++) {
        {
            std::lock_guard<std::mutex> g(queue_lock);
            work.push(i);
        }
        not_empty.notify_one();
    }
    {
        std::lock_guard<std::mutex> g(queue_lock);
        closed = true;
    }
    not_empty.notify_all();
    for (auto &t : threads)
        t.join();
    std::printf("total %ld, lookups %ld\n", total, lookups);
    return 0;
}
