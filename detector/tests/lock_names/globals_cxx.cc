// C++ globals for lockgraph-namer (lock_names.test): std::mutex and kin are
// locks (their insides are not shown), namespaces and classes qualify names.
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include "query.h"

namespace app {
namespace store {
struct Shard { int n; std::mutex mu; } shards[4];
}
std::shared_mutex table_lock;
}
namespace { std::recursive_mutex hidden; }
struct Registry { static std::mutex lock; };
std::mutex Registry::lock;
std::mutex plain;

int main()
{
    QUERY(app::store::shards[3].mu, "app::store::shards[3].mu");
    QUERY(app::table_lock, "app::table_lock");
    QUERY(hidden, "hidden");
    QUERY(Registry::lock, "Registry::lock");
    QUERY(plain, "plain");
    return 0;
}
