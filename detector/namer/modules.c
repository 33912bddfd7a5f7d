/* A module's debug information and the table of its global (and static)
 * variables by address. The addresses are the module's own (ELF virtual
 * addresses), which is what the detector sends: an address minus the
 * module's load bias, as for llvm-symbolizer. The debug information is in the
 * file itself or in a separate file that its build id or debug link names
 * (Debian's -dbgsym packages). */
#include "namer.h"

#include <dwarf.h>
#include <elfutils/libdwelf.h>
#include <fcntl.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_SCOPE_DEPTH 16

static Dwarf *open_dwarf(const char *path, int *fd, Elf **elf)
{
    *elf = NULL;
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0)
        return NULL;
    *elf = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
    return *elf ? dwarf_begin_elf(*elf, DWARF_C_READ, NULL) : NULL;
}

static void close_file(int *fd, Elf **elf)
{
    if (*elf)
        elf_end(*elf);
    if (*fd >= 0)
        close(*fd);
    *elf = NULL;
    *fd = -1;
}

/* The separate debug file, by build id then by debug link. */
static Dwarf *open_separate(struct namer_module *m, Elf *elf)
{
    char path[4200];
    Elf *debug_elf = NULL;
    const void *id;
    ssize_t n = dwelf_elf_gnu_build_id(elf, &id);
    if (n > 1 && n < 64) {
        const unsigned char *b = id;
        int used = snprintf(path, sizeof path, "/usr/lib/debug/.build-id/%02x/", b[0]);
        for (ssize_t i = 1; i < n; i++)
            used += snprintf(path + used, sizeof path - (size_t)used, "%02x", b[i]);
        snprintf(path + used, sizeof path - (size_t)used, ".debug");
        Dwarf *dbg = open_dwarf(path, &m->debug_fd, &debug_elf);
        if (dbg) {
            m->debug_elf = debug_elf;
            return dbg;
        }
        close_file(&m->debug_fd, &debug_elf);
    }
    GElf_Word crc;
    const char *link = dwelf_elf_gnu_debuglink(elf, &crc);
    if (!link || strchr(link, '/'))
        return NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", m->path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[0] = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    const char *const forms[] = {"%s/%s", "%s/.debug/%s", "/usr/lib/debug%s/%s", NULL};
    for (int i = 0; forms[i]; i++) {
        snprintf(path, sizeof path, forms[i], dir, link);
        if (!strcmp(path, m->path))
            continue;
        Dwarf *dbg = open_dwarf(path, &m->debug_fd, &debug_elf);
        if (dbg) {
            m->debug_elf = debug_elf;
            return dbg;
        }
        close_file(&m->debug_fd, &debug_elf);
    }
    return NULL;
}

/* The variable's address when its location is one fixed address. */
static int fixed_address(Dwarf_Die *die, Dwarf_Addr *addr)
{
    Dwarf_Attribute a, res;
    Dwarf_Op *ops;
    size_t n;
    if (!dwarf_attr(die, DW_AT_location, &a) || dwarf_getlocation(&a, &ops, &n) != 0 || n != 1)
        return -1;
    if (ops[0].atom == DW_OP_addr) {
        *addr = ops[0].number;
        return 0;
    }
    if (ops[0].atom == DW_OP_addrx || ops[0].atom == DW_OP_GNU_addr_index)
        return dwarf_getlocation_attr(&a, &ops[0], &res) == 0 && dwarf_formaddr(&res, addr) == 0
                   ? 0
                   : -1;
    return -1;
}

/* While reading a module: a C++ variable defined outside its namespace or
 * class refers to its declaration inside it (DW_AT_specification), whose
 * scope is known only where the declaration was seen. */
struct decl {
    Dwarf_Off off;
    const char *scope;
};
struct collecting {
    struct namer_module *m;
    size_t cap;
    Dwarf_Off *specs;       /* per variable: its declaration, or 0 */
    struct decl *decls;
    size_t ndecls, decl_cap;
};

static void add_variable(struct collecting *c, Dwarf_Die *die, const char *scope)
{
    struct namer_module *m = c->m;
    Dwarf_Addr start;
    Dwarf_Attribute a;
    Dwarf_Die type, spec;
    Dwarf_Word size;
    if (fixed_address(die, &start) != 0 || !dwarf_attr_integrate(die, DW_AT_name, &a) ||
        !dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, &type) ||
        dwarf_aggregate_size(&type, &size) != 0 || size == 0)
        return;
    if (m->nvars == c->cap) {
        size_t more = c->cap ? 2 * c->cap : 256;
        struct namer_var *v = realloc(m->vars, more * sizeof *v);
        if (!v)
            return;
        m->vars = v;
        Dwarf_Off *s = realloc(c->specs, more * sizeof *s);
        if (!s)
            return;
        c->specs = s;
        c->cap = more;
    }
    c->specs[m->nvars] = dwarf_attr(die, DW_AT_specification, &a) && dwarf_formref_die(&a, &spec)
                             ? dwarf_dieoffset(&spec)
                             : 0;
    m->vars[m->nvars++] = (struct namer_var){start, size, dwarf_dieoffset(die), scope};
}

static void add_declaration(struct collecting *c, Dwarf_Die *die, const char *scope)
{
    if (!scope[0] || !dwarf_hasattr(die, DW_AT_declaration))
        return;
    if (c->ndecls == c->decl_cap) {
        size_t more = c->decl_cap ? 2 * c->decl_cap : 64;
        struct decl *d = realloc(c->decls, more * sizeof *d);
        if (!d)
            return;
        c->decls = d;
        c->decl_cap = more;
    }
    c->decls[c->ndecls++] = (struct decl){dwarf_dieoffset(die), scope};
}

/* "outer::name::", kept with the module. */
static const char *nested_scope(struct namer_module *m, const char *outer, const char *name)
{
    char **more = realloc(m->scopes, (m->nscopes + 1) * sizeof *more);
    if (!more)
        return outer;
    m->scopes = more;
    if (asprintf(&m->scopes[m->nscopes], "%s%s::", outer, name) < 0)
        return outer;
    return m->scopes[m->nscopes++];
}

/* Variables at file scope, in namespaces, and functions' statics; the
 * declarations in namespaces and classes. */
static void collect(struct collecting *c, Dwarf_Die *parent, int depth, const char *scope)
{
    Dwarf_Die child;
    if (depth > MAX_SCOPE_DEPTH || dwarf_child(parent, &child) != 0)
        return;
    do {
        const char *name;
        switch (dwarf_tag(&child)) {
        case DW_TAG_variable:
            add_variable(c, &child, scope);
            add_declaration(c, &child, scope);
            break;
        case DW_TAG_member:         /* a static data member (DWARF 4) */
            add_declaration(c, &child, scope);
            break;
        case DW_TAG_subprogram:
        case DW_TAG_lexical_block:
            collect(c, &child, depth + 1, scope);
            break;
        case DW_TAG_namespace:      /* an anonymous one adds no name */
        case DW_TAG_structure_type:
        case DW_TAG_class_type:
        case DW_TAG_union_type:
            name = dwarf_diename(&child);
            if (name || dwarf_tag(&child) == DW_TAG_namespace)
                collect(c, &child, depth + 1, name ? nested_scope(c->m, scope, name) : scope);
            break;
        default:
            break;
        }
    } while (dwarf_siblingof(&child, &child) == 0);
}

static int by_offset(const void *a, const void *b)
{
    const struct decl *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* Each variable defined outside its scope takes its declaration's. */
static void resolve_scopes(struct collecting *c)
{
    if (!c->ndecls)
        return;
    qsort(c->decls, c->ndecls, sizeof *c->decls, by_offset);
    for (size_t i = 0; i < c->m->nvars; i++) {
        struct decl key = {c->specs[i], NULL};
        const struct decl *d = c->specs[i] ? bsearch(&key, c->decls, c->ndecls, sizeof key,
                                                     by_offset)
                                           : NULL;
        if (d)
            c->m->vars[i].scope = d->scope;
    }
}

static int by_start(const void *a, const void *b)
{
    const struct namer_var *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

struct namer_module *namer_module_open(const char *path)
{
    struct namer_module *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    snprintf(m->path, sizeof m->path, "%s", path);
    m->debug_fd = -1;
    Elf *elf;
    m->dbg = open_dwarf(path, &m->fd, &elf);
    m->elf = elf;
    if (!elf) {
        close_file(&m->fd, &elf);
        free(m);
        return NULL;
    }
    if (!m->dbg)
        m->dbg = open_separate(m, elf);
    if (!m->dbg)
        return m;           /* no debug information: no answers, but known */
    struct collecting c = {m, 0, NULL, NULL, 0, 0};
    size_t header;
    Dwarf_Off off = 0, next;
    while (dwarf_nextcu(m->dbg, off, &next, &header, NULL, NULL, NULL) == 0) {
        Dwarf_Die cu;
        if (dwarf_offdie(m->dbg, off + header, &cu))
            collect(&c, &cu, 0, "");
        off = next;
    }
    resolve_scopes(&c);
    free(c.specs);
    free(c.decls);
    if (m->nvars)
        qsort(m->vars, m->nvars, sizeof *m->vars, by_start);
    return m;
}

void namer_module_close(struct namer_module *m)
{
    if (!m)
        return;
    if (m->dbg)
        dwarf_end(m->dbg);
    Elf *elf = m->debug_elf;
    close_file(&m->debug_fd, &elf);
    elf = m->elf;
    close_file(&m->fd, &elf);
    free(m->vars);
    for (size_t i = 0; i < m->nscopes; i++)
        free(m->scopes[i]);
    free(m->scopes);
    free(m);
}

const struct namer_var *namer_module_find(const struct namer_module *m, Dwarf_Addr offset)
{
    size_t lo = 0, hi = m->nvars;
    while (lo < hi) {           /* the first variable starting after offset */
        size_t mid = lo + (hi - lo) / 2;
        if (m->vars[mid].start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct namer_var *v = &m->vars[lo - 1];
    return offset - v->start < v->size ? v : NULL;
}
