// The C++ half of a mixed program (mixed_helper.c): two std::threads add to
// a counter the C half made, under a std::mutex; correct. Uses C++17
// (std::scoped_lock), which clang 14 does not take by default.
#include <cstdlib>
#include <mutex>
#include <thread>

extern "C" int *make_counter(void);

static std::mutex m;

int main()
{
    int *counter = make_counter();
    auto add = [counter] {
        for (int i = 0; i < 1000; i++) {
            std::scoped_lock hold(m);
            ++*counter;
        }
    };
    std::thread a(add), b(add);
    a.join();
    b.join();
    int total = *counter;
    std::free(counter);
    return total == 2000 ? 0 : 1;
}
