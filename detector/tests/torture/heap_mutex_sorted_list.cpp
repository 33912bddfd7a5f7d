// A sorted linked list with a heap std::mutex in every node, searched hand
// over hand (a node's lock is taken while its predecessor's is held, always
// in list order), with insert and erase from 4 threads. Erased nodes are
// deleted and their memory is reused for new nodes elsewhere in the list, so
// an address that was once after another is later before it. libstdc++ never
// calls pthread_mutex_init or _destroy for a std::mutex: the detector must see
// the freed memory as a new lock (it intercepts free), or it reports the old
// and the new positions as a lock-order inversion.
// compiler: g++
// expect: none
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct Node {
    long key;
    Node *next;
    std::mutex m;
};

static Node head{-1, nullptr, {}};

static bool insert(long key) {
    Node *prev = &head;
    prev->m.lock();
    Node *cur = prev->next;
    while (cur) {
        cur->m.lock();
        if (cur->key >= key)
            break;
        prev->m.unlock();
        prev = cur;
        cur = cur->next;
    }
    bool added = !cur || cur->key != key;
    if (added)
        prev->next = new Node{key, cur, {}};
    if (cur)
        cur->m.unlock();
    prev->m.unlock();
    return added;
}

static bool erase(long key) {
    Node *prev = &head;
    prev->m.lock();
    Node *cur = prev->next;
    while (cur) {
        cur->m.lock();
        if (cur->key >= key)
            break;
        prev->m.unlock();
        prev = cur;
        cur = cur->next;
    }
    bool found = cur && cur->key == key;
    if (found)
        prev->next = cur->next;
    if (cur)
        cur->m.unlock();
    prev->m.unlock();
    if (found)
        delete cur;
    return found;
}

// Thread t owns the keys k with k % 4 == t, so the final list is the same in
// every schedule; its keys go in and out in a scrambled order.
static void worker(int t, long *changes) {
    unsigned x = 12345u + (unsigned)t;
    for (int i = 0; i < 6000; i++) {
        x = x * 1103515245u + 12345u;
        long key = (long)((x >> 8) % 64) * 4 + t;
        *changes += (x >> 4) & 1 ? insert(key) : erase(key);
    }
}

int main() {
    long changes[4] = {0, 0, 0, 0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; t++)
        threads.emplace_back(worker, t, &changes[t]);
    for (auto &th : threads)
        th.join();
    long n = 0, sum = 0;
    for (Node *p = head.next; p; p = p->next) {
        n++;
        sum += p->key;
    }
    std::printf("%ld keys, sum %ld, %ld changes\n", n, sum,
                changes[0] + changes[1] + changes[2] + changes[3]);
    while (head.next)
        erase(head.next->key);
    return 0;
}
