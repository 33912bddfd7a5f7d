/* Prints the lockgraph-namer query for the lock at ADDR, as the detector
 * makes it (the module's path and ADDR minus its load bias: symbolize.c), a
 * tab, and the answer expected. */
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <unistd.h>

static inline void query(const void *addr, size_t size, const char *expected)
{
    Dl_info info;
    struct link_map *map = NULL;
    char exe[4096];
    if (!dladdr1(addr, &info, (void **)&map, RTLD_DL_LINKMAP) || !map)
        return;
    const char *module = map->l_name;
    if (!module || !*module) {
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
        module = exe;
    }
    printf("%zu 0x%lx %s\t%s\n", size, (unsigned long)((uintptr_t)addr - map->l_addr), module,
           expected);
}
#define QUERY(lvalue, expected) query((const void *)&(lvalue), sizeof(lvalue), expected)
