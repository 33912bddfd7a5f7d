/* From a variable's type and a byte offset in it to the path a programmer
 * writes for the lock there: fields by name, array elements by index (every
 * dimension), typedefs and const/volatile seen through, anonymous structs and
 * unions adding no name. A union leads to the one member that holds a lock at
 * the offset; when several do, the union itself is the answer. The walk stops
 * at a lock type (pthread_mutex_t and friends, C11 and C++ locks): their
 * insides are the C library's, not the program's. */
#include "namer.h"

#include <dwarf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 32
#define MAX_DIMS 8

struct path {
    char *buf;
    size_t size, len;
};

static int append(struct path *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(p->buf + p->len, p->size - p->len, fmt, ap);
    va_end(ap);
    if (n < 0 || p->len + (size_t)n >= p->size || p->len + (size_t)n > NAMER_MAX_PATH)
        return -1;
    p->len += (size_t)n;
    return 0;
}

static void truncate_to(struct path *p, size_t len)
{
    p->len = len;
    p->buf[len] = '\0';
}

static int type_of(Dwarf_Die *die, Dwarf_Die *out)
{
    Dwarf_Attribute a;
    return dwarf_attr_integrate(die, DW_AT_type, &a) && dwarf_formref_die(&a, out) ? 0 : -1;
}

/* The types whose insides are not the program's. C++'s std::mutex and the
 * like are classes of these names holding a pthread lock of the same size. */
static bool is_lock_type(Dwarf_Die *t, Dwarf_Word want)
{
    static const char *const names[] = {
        "pthread_mutex_t", "pthread_rwlock_t", "pthread_spinlock_t", "pthread_cond_t", "mtx_t",
        "cnd_t", "mutex", "recursive_mutex", "timed_mutex", "recursive_timed_mutex",
        "shared_mutex", "shared_timed_mutex", "condition_variable", NULL,
    };
    const char *name = dwarf_diename(t);
    if (!name)
        return false;
    for (int i = 0; names[i]; i++)
        if (!strcmp(name, names[i])) {
            Dwarf_Word size;
            return !want || (dwarf_aggregate_size(t, &size) == 0 && size == want);
        }
    return false;
}

static int walk(Dwarf_Die *type, Dwarf_Word off, Dwarf_Word want, struct path *p, int depth);

static int member_offset(Dwarf_Die *m, Dwarf_Word *off)
{
    Dwarf_Attribute a;
    *off = 0;
    if (!dwarf_attr_integrate(m, DW_AT_data_member_location, &a))
        return 0;           /* a union's members start at 0 */
    if (dwarf_formudata(&a, off) == 0)
        return 0;
    Dwarf_Op *ops;          /* DWARF 2 wrote it as an expression */
    size_t n;
    if (dwarf_getlocation(&a, &ops, &n) == 0 && n == 1 && ops[0].atom == DW_OP_plus_uconst) {
        *off = ops[0].number;
        return 0;
    }
    return -1;
}

static int walk_members(Dwarf_Die *t, Dwarf_Word off, Dwarf_Word want, struct path *p, int depth,
                        bool is_union)
{
    Dwarf_Die m;
    if (dwarf_child(t, &m) != 0)
        return -1;
    size_t base = p->len;
    char first[NAMER_MAX_PATH + 1] = "";
    int found = 0;
    bool ambiguous = false;
    do {
        int tag = dwarf_tag(&m);
        if (tag != DW_TAG_member && tag != DW_TAG_inheritance)
            continue;
        /* bit-fields hold no lock; C++ static members live elsewhere */
        if (dwarf_hasattr(&m, DW_AT_bit_size) || dwarf_hasattr(&m, DW_AT_data_bit_offset) ||
            dwarf_hasattr(&m, DW_AT_declaration) || dwarf_hasattr(&m, DW_AT_external))
            continue;
        Dwarf_Word moff, msize;
        Dwarf_Die mt;
        if (member_offset(&m, &moff) || type_of(&m, &mt) || dwarf_aggregate_size(&mt, &msize))
            continue;
        if (off < moff || off - moff >= msize)
            continue;
        const char *name = tag == DW_TAG_member ? dwarf_diename(&m) : NULL;
        truncate_to(p, base);
        if (name && append(p, ".%s", name) != 0)
            continue;
        if (walk(&mt, off - moff, want, p, depth + 1) != 0)
            continue;
        if (!is_union)
            return 0;
        if (!found++)
            snprintf(first, sizeof first, "%s", p->buf + base);
        else if (strcmp(first, p->buf + base))
            ambiguous = true;
    } while (dwarf_siblingof(&m, &m) == 0);
    truncate_to(p, base);
    if (!found)
        return -1;
    if (ambiguous)
        return off == 0 ? 0 : -1;
    return append(p, "%s", first);
}

/* The number of elements a subrange gives; 0 when not known. */
static Dwarf_Word subrange_count(Dwarf_Die *sub)
{
    Dwarf_Attribute a;
    Dwarf_Word count, upper, lower = 0;
    if (dwarf_attr_integrate(sub, DW_AT_count, &a))
        return dwarf_formudata(&a, &count) == 0 ? count : 0;
    if (!dwarf_attr_integrate(sub, DW_AT_upper_bound, &a) || dwarf_formudata(&a, &upper) != 0)
        return 0;
    if (dwarf_attr_integrate(sub, DW_AT_lower_bound, &a) && dwarf_formudata(&a, &lower) != 0)
        return 0;
    return upper >= lower && upper - lower < (Dwarf_Word)1 << 40 ? upper - lower + 1 : 0;
}

static int walk_array(Dwarf_Die *t, Dwarf_Word off, Dwarf_Word want, struct path *p, int depth)
{
    Dwarf_Die elem, sub;
    Dwarf_Word esize, count[MAX_DIMS], stride[MAX_DIMS];
    if (type_of(t, &elem) || dwarf_aggregate_size(&elem, &esize) || esize == 0)
        return -1;
    int dims = 0;
    if (dwarf_child(t, &sub) == 0)
        do {
            if (dwarf_tag(&sub) != DW_TAG_subrange_type)
                continue;
            if (dims == MAX_DIMS)
                return -1;
            count[dims++] = subrange_count(&sub);
        } while (dwarf_siblingof(&sub, &sub) == 0);
    if (dims == 0)
        count[dims++] = 0;
    /* row-major: the last index moves fastest */
    stride[dims - 1] = esize;
    for (int i = dims - 2; i >= 0; i--) {
        if (!count[i + 1])
            return -1;
        stride[i] = stride[i + 1] * count[i + 1];
    }
    for (int i = 0; i < dims; i++) {
        Dwarf_Word idx = off / stride[i];
        if (count[i] && idx >= count[i])
            return -1;
        if (append(p, "[%llu]", (unsigned long long)idx) != 0)
            return -1;
        off %= stride[i];
    }
    return walk(&elem, off, want, p, depth + 1);
}

static int walk(Dwarf_Die *type, Dwarf_Word off, Dwarf_Word want, struct path *p, int depth)
{
    Dwarf_Die t = *type;
    if (depth > MAX_DEPTH)
        return -1;
    for (int peeled = 0;; peeled++) {
        if (is_lock_type(&t, want))
            return off == 0 ? 0 : -1;
        int tag = dwarf_tag(&t);
        if (tag != DW_TAG_typedef && tag != DW_TAG_const_type && tag != DW_TAG_volatile_type &&
            tag != DW_TAG_restrict_type && tag != DW_TAG_atomic_type)
            break;
        if (peeled > 16 || type_of(&t, &t) != 0)
            return -1;
    }
    switch (dwarf_tag(&t)) {
    case DW_TAG_array_type:
        return walk_array(&t, off, want, p, depth);
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
        return walk_members(&t, off, want, p, depth, false);
    case DW_TAG_union_type:
        return walk_members(&t, off, want, p, depth, true);
    default: {
        /* a scalar (a spinlock is an int) is the lock only where it starts
         * and when it has the lock's size */
        Dwarf_Word size;
        return off == 0 && (!want || (dwarf_aggregate_size(&t, &size) == 0 && size == want)) ? 0
                                                                                          : -1;
    }
    }
}

int namer_member_path(Dwarf_Die *type, const char *name, Dwarf_Word offset, Dwarf_Word want,
                      char *out, size_t size)
{
    struct path p = {out, size, 0};
    if (!size)
        return -1;
    out[0] = '\0';
    if (append(&p, "%s", name) != 0 || walk(type, offset, want, &p, 0) != 0) {
        out[0] = '\0';
        return -1;
    }
    return 0;
}
