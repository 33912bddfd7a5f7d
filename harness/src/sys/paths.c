#include "sys/paths.h"
#include "sys/version.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory this executable is in, resolved; -1 when unknown. */
static int self_dir(char *out, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", out, len - 1);
    if (n <= 0)
        return -1;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

/* The first of the paths (each relative to this executable's directory) that
 * exists, resolved; -1 when none does. */
static int beside_self(const char *const *relative, char *out, size_t len)
{
    char dir[4096], path[4200];
    if (self_dir(dir, sizeof dir) != 0)
        return -1;
    for (const char *const *r = relative; *r; r++) {
        snprintf(path, sizeof path, "%s/%s", dir, *r);
        char *resolved = realpath(path, NULL);
        if (resolved) {
            snprintf(out, len, "%s", resolved);
            free(resolved);
            return 0;
        }
    }
    return -1;
}

int detector_library(char *out, size_t len)
{
    const char *env = getenv("RACECHECK_LIB");
    if (env && *env) {
        snprintf(out, len, "%s", env);
        return access(out, R_OK);
    }
    /* installed (PREFIX/bin, PREFIX/lib/racecheck: the package's own library
     * directory, by its soname, whose number is the version's major: see
     * detector/Makefile), else the build tree (build/bin, build/lib) */
    char installed[64];
    snprintf(installed, sizeof installed, "../lib/racecheck/liblockgraph.so.%.*s",
             (int)strcspn(RACECHECK_VERSION, "."), RACECHECK_VERSION);
    const char *const places[] = {installed, "../lib/liblockgraph.so", NULL};
    return beside_self(places, out, len);
}

const char *catalogue_dir(char *out, size_t len)
{
    struct stat st;
    if (stat("buggy_examples", &st) == 0 && S_ISDIR(st.st_mode))
        return ".";
    static const char *const places[] = {"../share/racecheck", NULL};
    return beside_self(places, out, len) == 0 ? out : ".";
}

static int find_in_path(const char *program, char *out, size_t len)
{
    if (strchr(program, '/')) {
        /* absolute: the program runs in a private working directory */
        char *resolved = realpath(program, NULL);
        if (!resolved)
            return -1;
        snprintf(out, len, "%s", resolved);
        free(resolved);
        return 0;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    char *copy = strdup(path), *save = NULL;
    int rc = -1;
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        snprintf(out, len, "%s/%s", dir, program);
        if (access(out, X_OK) == 0) {
            rc = 0;
            break;
        }
    }
    free(copy);
    return rc;
}

enum binary_kind binary_inspect(const char *program, char *out, size_t len)
{
    if (find_in_path(program, out, len) != 0)
        return BINARY_MISSING;
    int fd = open(out, O_RDONLY);
    if (fd < 0)
        return BINARY_MISSING;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)sizeof(Elf64_Ehdr)) {
        close(fd);
        return S_ISREG(st.st_mode) ? BINARY_NOT_ELF : BINARY_MISSING;
    }
    unsigned char *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return BINARY_NOT_ELF;
    enum binary_kind kind = BINARY_NOT_ELF;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
        eh->e_phoff + (size_t)eh->e_phnum * sizeof(Elf64_Phdr) <= (size_t)st.st_size) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)(map + eh->e_phoff);
        int has_interp = 0;
        for (int i = 0; i < eh->e_phnum; i++)
            has_interp |= ph[i].p_type == PT_INTERP;
        kind = has_interp ? BINARY_DYNAMIC : BINARY_STATIC;
        /* a ThreadSanitizer runtime in the binary: it must not be preloaded too */
        if (kind == BINARY_DYNAMIC && memmem(map, (size_t)st.st_size, "__tsan_init", 11))
            kind = BINARY_TSAN;
    }
    munmap(map, (size_t)st.st_size);
    return kind;
}

const char *path_basename(const char *path)
{
    if (!path)
        return NULL;
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

char *path_normalise(const char *path)
{
    if (!path)
        return NULL;
    size_t len = strlen(path);
    char *out = malloc(len + 2);
    if (!out)
        abort();
    int absolute = path[0] == '/';
    size_t n = 0, root = absolute ? 1 : 0, floor = root;
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
            continue;           /* "/.." is "/" */
        if (n > root)
            out[n++] = '/';
        memcpy(out + n, comp, c);
        n += c;
        if (up)
            floor = n;          /* a relative path's leading "..": it cannot fold */
    }
    if (n == 0)
        out[n++] = '.';
    out[n] = '\0';
    return out;
}
