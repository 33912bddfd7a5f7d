/* lockgraph-namer: reads "SIZE 0xOFFSET MODULE" lines on standard input and
 * answers each with the path to the lock of SIZE bytes at OFFSET in MODULE's
 * globals ("accts[1].lock") and an empty line, or with just an empty line when
 * it cannot tell (no debug information, not in a global, no lock there). The
 * detector (symbolize-like, at report time) starts it with pipes; it runs until
 * its standard input ends. */
#include "namer.h"

#include <dwarf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MODULES 16

static struct namer_module *modules[MAX_MODULES];

/* The module, opened once; the least recently asked one makes room. */
static struct namer_module *module(const char *path)
{
    for (int i = 0; i < MAX_MODULES && modules[i]; i++)
        if (!strcmp(modules[i]->path, path)) {
            struct namer_module *m = modules[i];
            memmove(&modules[1], &modules[0], (size_t)i * sizeof modules[0]);
            return modules[0] = m;
        }
    struct namer_module *m = namer_module_open(path);
    if (!m)
        return NULL;
    namer_module_close(modules[MAX_MODULES - 1]);
    memmove(&modules[1], &modules[0], (MAX_MODULES - 1) * sizeof modules[0]);
    return modules[0] = m;
}

static int answer(const char *line, char *out, size_t size)
{
    unsigned long long want, offset;
    int used = 0;
    if (sscanf(line, "%llu %llx %n", &want, &offset, &used) != 2 || !used || !line[used])
        return -1;
    struct namer_module *m = module(line + used);
    if (!m || !m->dbg)
        return -1;
    const struct namer_var *v = namer_module_find(m, offset);
    Dwarf_Die die, type;
    Dwarf_Attribute a;
    const char *name;
    if (!v || !dwarf_offdie(m->dbg, v->die, &die) || !dwarf_attr_integrate(&die, DW_AT_name, &a) ||
        !(name = dwarf_formstring(&a)) || !dwarf_attr_integrate(&die, DW_AT_type, &a) ||
        !dwarf_formref_die(&a, &type))
        return -1;
    char qualified[NAMER_MAX_PATH + 1];
    if (snprintf(qualified, sizeof qualified, "%s%s", v->scope, name) >= (int)sizeof qualified)
        return -1;
    return namer_member_path(&type, qualified, offset - v->start, want, out, size);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s < queries (\"SIZE 0xOFFSET MODULE\" lines)\n", argv[0]);
        return 2;
    }
    elf_version(EV_CURRENT);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        char path[NAMER_MAX_PATH + 1];
        if (answer(line, path, sizeof path) == 0)
            printf("%s\n\n", path);
        else
            printf("\n");
        fflush(stdout);
    }
    free(line);
    return 0;
}
