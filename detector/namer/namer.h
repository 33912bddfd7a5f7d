/* lockgraph-namer: the member path of a lock inside a global variable, read
 * from DWARF with elfutils' libdw. A separate program the detector starts at
 * report time (as it starts llvm-symbolizer), so liblockgraph.so never links
 * libdw nor mallocs for it. */
#ifndef LOCKGRAPH_NAMER_H
#define LOCKGRAPH_NAMER_H

#include <elfutils/libdw.h>
#include <stddef.h>

/* The longest path answered; a longer one is no answer (the detector then
 * names the lock as it would without debug information). */
#define NAMER_MAX_PATH 100

/* One module's global variables, sorted by address. */
struct namer_var {
    Dwarf_Addr start;
    Dwarf_Word size;
    Dwarf_Off die;          /* the variable's DIE, in dbg */
    const char *scope;      /* C++ namespaces ("app::"), or "" */
};
struct namer_module {
    char path[4096];
    int fd, debug_fd;
    void *elf, *debug_elf;  /* Elf * */
    Dwarf *dbg;             /* NULL: no debug information */
    struct namer_var *vars;
    size_t nvars;
    char **scopes;          /* the scope strings, owned */
    size_t nscopes;
};

/* Opens path and its debug information (in the file, or a separate file found
 * by build id or debug link); never NULL for a readable ELF file. */
struct namer_module *namer_module_open(const char *path);
void namer_module_close(struct namer_module *m);
/* The variable whose bytes hold offset, or NULL. */
const struct namer_var *namer_module_find(const struct namer_module *m, Dwarf_Addr offset);

/* Writes into out the path to the lock of want bytes (0: any size) at byte
 * offset inside an object of type *type named name: "accts[1].lock".
 * Returns 0, or -1 when the type does not lead to one lock there. */
int namer_member_path(Dwarf_Die *type, const char *name, Dwarf_Word offset, Dwarf_Word want,
                      char *out, size_t size);

#endif
