#include "symbolize.h"
#include "helper_proc.h"
#include "lockgraph.h"

#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static struct lg_helper symbolizer = LG_HELPER_INIT;
static char exe_path[320];
static char start_cwd[4096];

static const char *const symbolizer_paths[] = {
    "/usr/bin/llvm-symbolizer", "/usr/bin/llvm-symbolizer-14",
    "/usr/lib/llvm-14/bin/llvm-symbolizer", NULL,
};

static int start_symbolizer(void)
{
    if (lg_helper_running(&symbolizer))
        return 0;
    if (symbolizer.unavailable)
        return -1;
    const char *path = getenv("LOCKGRAPH_SYMBOLIZER");
    for (int i = 0; !path && symbolizer_paths[i]; i++)
        if (access(symbolizer_paths[i], X_OK) == 0)
            path = symbolizer_paths[i];
    if (!path) {
        symbolizer.unavailable = 1;
        return -1;
    }
    char *argv[] = {(char *)path, "--inlining=true", "--demangle", "--functions=linkage",
                    "--output-style=LLVM", NULL};
    return lg_helper_start(&symbolizer, path, argv);
}

static int ask(const char *prefix, const char *module, uintptr_t offset, char *answer, size_t size)
{
    if (start_symbolizer() != 0)
        return -1;
    char query[512];
    int len = snprintf(query, sizeof query, "%s \"%s\" 0x%lx\n", prefix, module,
                       (unsigned long)offset);
    if (len <= 0 || (size_t)len >= sizeof query)
        return -1;
    return lg_helper_ask(&symbolizer, query, (size_t)len, answer, size);
}

int lg_module_offset(uintptr_t addr, char *module, size_t size, uintptr_t *offset)
{
    Dl_info info;
    struct link_map *map = NULL;
    if (!dladdr1((void *)addr, &info, (void **)&map, RTLD_DL_LINKMAP) || !map)
        return -1;
    const char *name = map->l_name;
    if (!name || !*name)
        name = lg_exe_path();
    snprintf(module, size, "%s", name);
    *offset = addr - map->l_addr;
    return 0;
}

int lg_symbolize(uintptr_t pc, struct lg_sym *out, int max)
{
    memset(&out[0], 0, sizeof out[0]);
    if (lg_module_offset(pc, out[0].module, sizeof out[0].module, &out[0].offset) != 0) {
        snprintf(out[0].function, sizeof out[0].function, "0x%lx", (unsigned long)pc);
        return 1;
    }
    char answer[4096];
    int n = 0;
    if (ask("CODE", out[0].module, out[0].offset, answer, sizeof answer) == 0) {
        char *save = NULL, *line = strtok_r(answer, "\n", &save);
        while (line && n < max) {
            char *loc = strtok_r(NULL, "\n", &save);
            if (!loc)
                break;
            if (n > 0)
                out[n] = out[0];
            struct lg_sym *s = &out[n];
            snprintf(s->function, sizeof s->function, "%s", strcmp(line, "??") ? line : "");
            s->file[0] = '\0';
            s->line = s->column = 0;
            /* file:line:column */
            char *c2 = strrchr(loc, ':');
            if (c2) {
                *c2 = '\0';
                char *c1 = strrchr(loc, ':');
                if (c1) {
                    *c1 = '\0';
                    s->line = atoi(c1 + 1);
                    s->column = atoi(c2 + 1);
                } else {
                    s->line = atoi(c2 + 1);
                }
            }
            if (strcmp(loc, "??"))
                snprintf(s->file, sizeof s->file, "%s", loc);
            n++;
            line = strtok_r(NULL, "\n", &save);
        }
    }
    if (n == 0) {
        n = 1;
        Dl_info info;
        if (dladdr((void *)pc, &info) && info.dli_sname)
            snprintf(out[0].function, sizeof out[0].function, "%s", info.dli_sname);
    }
    return n;
}

void lg_symbolize_data(uintptr_t addr, char *name, size_t len, uintptr_t *start, size_t *size)
{
    name[0] = '\0';
    *start = addr;
    *size = 0;
    char module[320], answer[1024];
    uintptr_t offset;
    if (lg_module_offset(addr, module, sizeof module, &offset) != 0)
        return;
    if (ask("DATA", module, offset, answer, sizeof answer) != 0)
        return;
    /* "name\nstart size\n", start being an offset in the module */
    char *nl = strchr(answer, '\n');
    if (nl)
        *nl = '\0';
    if (!strcmp(answer, "??") || !answer[0])
        return;
    snprintf(name, len, "%s", answer);
    unsigned long sym_start, sym_size;
    if (nl && sscanf(nl + 1, "%lu %lu", &sym_start, &sym_size) == 2 && sym_start <= offset &&
        offset < sym_start + sym_size) {
        *start = addr - (offset - sym_start);
        *size = sym_size;
    }
}

int lg_symbolize_local(uintptr_t pc, uintptr_t cfa, uintptr_t addr, size_t size, char *name,
                       size_t len)
{
    static char answer[16384];  /* report time, under the report lock */
    char module[320];
    uintptr_t offset;
    name[0] = '\0';
    if (!cfa || lg_module_offset(pc, module, sizeof module, &offset) != 0 ||
        ask("FRAME", module, offset, answer, sizeof answer) != 0)
        return -1;
    /* four lines a local: function, name, declaration, "offset size tag" */
    char *save = NULL, *function = strtok_r(answer, "\n", &save);
    while (function) {
        char *local = strtok_r(NULL, "\n", &save);
        char *decl = local ? strtok_r(NULL, "\n", &save) : NULL;
        char *where = decl ? strtok_r(NULL, "\n", &save) : NULL;
        if (!where)
            break;
        long frame_offset;
        unsigned long bytes;
        /* locals live below their frame's CFA (gcc's frame base is the CFA;
         * a frame base that is not gives offsets that fail this) */
        if (sscanf(where, "%ld %lu", &frame_offset, &bytes) == 2 && frame_offset < 0 &&
            bytes == size && (uintptr_t)-frame_offset >= bytes &&
            cfa - (uintptr_t)-frame_offset == addr) {
            int n = snprintf(name, len, "%s (%s's local)", local, function);
            if (n > 0 && (size_t)n < len)
                return 0;
            name[0] = '\0';
            return -1;
        }
        function = strtok_r(NULL, "\n", &save);
    }
    return -1;
}

int lg_sym_is_system(const struct lg_sym *s)
{
    if (!s->file[0])
        return 1;
    static const char *const system_prefixes[] = {"/usr/include/", "/usr/lib/", "./nptl/",
                                                  "../sysdeps/", "./csu/", "../nptl/", NULL};
    for (int i = 0; system_prefixes[i]; i++)
        if (strncmp(s->file, system_prefixes[i], strlen(system_prefixes[i])) == 0)
            return 1;
    return strstr(s->module, "/liblockgraph") != NULL;
}

/* Read at start: /proc/self/exe is gone once main has called pthread_exit
 * (the kernel keeps the thread as a zombie), and leads elsewhere after chroot. */
const char *lg_exe_path(void)
{
    if (!exe_path[0]) {
        ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
        exe_path[n > 0 ? n : 0] = '\0';
        /* the directory the program was started from, the one its user is
         * in: report paths are shown relative to it (a later chdir of the
         * program's own does not move them) */
        if (!getcwd(start_cwd, sizeof start_cwd))
            start_cwd[0] = '\0';
    }
    return exe_path;
}

int lg_sym_is_library(const struct lg_sym *s)
{
    if (!s->module[0])
        return lg_sym_is_system(s);
    if (!strcmp(s->module, lg_exe_path()))
        return 0;
    /* the module decides: libc's frames carry glibc's own source paths
     * ("./misc/../sysdeps/..."), which no prefix list keeps up with */
    static const char *const library_prefixes[] = {"/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/",
                                                   "/usr/local/lib/", "linux-vdso", NULL};
    for (int i = 0; library_prefixes[i]; i++)
        if (!strncmp(s->module, library_prefixes[i], strlen(library_prefixes[i])))
            return 1;
    return strstr(s->module, "/liblockgraph") != NULL;
}

/* path with "." and empty components dropped and "dir/.." folded, into out
 * (at most len bytes). A relative path's leading ".." cannot fold and stays;
 * "/.." is "/". */
static void normalise_path(const char *path, char *out, size_t len)
{
    int absolute = path[0] == '/';
    size_t n = 0, root = absolute ? 1 : 0, floor = root;
    if (len < 2) {
        if (len)
            out[0] = '\0';
        return;
    }
    if (absolute)
        out[n++] = '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        size_t c = strcspn(p, "/");
        const char *comp = p;
        p += c;
        if (c == 0 || (c == 1 && comp[0] == '.'))
            continue;
        int up = c == 2 && comp[0] == '.' && comp[1] == '.';
        if (up && n > floor) {
            while (n > floor && out[n - 1] != '/')
                n--;
            if (n > floor)
                n--;            /* the '/' before the dropped component */
            continue;
        }
        if (up && absolute)
            continue;
        if (n > root && n + 1 < len)
            out[n++] = '/';
        for (size_t i = 0; i < c && n + 1 < len; i++)
            out[n++] = comp[i];
        if (up)
            floor = n;
    }
    if (n == 0)
        out[n++] = '.';
    out[n] = '\0';
}

void lg_display_path(const char *file, char *out, size_t len)
{
    normalise_path(file, out, len);
    const char *cwd = start_cwd;
    size_t c = strlen(cwd);
    if (out[0] != '/' || c <= 1 || strncmp(out, cwd, c) || out[c] != '/' || !out[c + 1])
        return;
    memmove(out, out + c + 1, strlen(out + c + 1) + 1);
}

void lg_symbolizer_prepare(void)
{
    lg_exe_path();
    start_symbolizer();
    lg_namer_prepare();
}

void lg_symbolizer_after_fork_child(void)
{
    lg_helper_stop(&symbolizer);    /* the parent's symbolizer: let go of its pipes */
    lg_namer_after_fork_child();
}
