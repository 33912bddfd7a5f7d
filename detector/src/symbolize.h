/* Turning code and data addresses into names, at report time only: a
 * llvm-symbolizer child process answers over pipes (as the sanitizers do);
 * without one, dladdr gives exported function names. */
#ifndef LOCKGRAPH_SYMBOLIZE_H
#define LOCKGRAPH_SYMBOLIZE_H

#include <stddef.h>
#include <stdint.h>

struct lg_sym {
    char function[160];
    char file[320];
    int line;
    int column;             /* 0 when unknown */
    char module[320];
    uintptr_t offset;
};

/* Frames for pc, innermost inlined frame first. Returns 1..max. */
int lg_symbolize(uintptr_t pc, struct lg_sym *out, int max);
/* The global variable at addr ("" when unknown), its start and size (size 0
 * when unknown). */
void lg_symbolize_data(uintptr_t addr, char *name, size_t len, uintptr_t *start, size_t *size);
/* The local variable of size bytes at addr in the frame whose CFA is cfa,
 * of the function at code address pc, from llvm-symbolizer's FRAME answer:
 * "em (main's local)". -1 (name empty) when none is exactly there. */
int lg_symbolize_local(uintptr_t pc, uintptr_t cfa, uintptr_t addr, size_t size, char *name,
                       size_t len);
/* True when the frame is in system code (libc, runtime headers) rather than
 * the program's own sources. */
int lg_sym_is_system(const struct lg_sym *s);
/* True when the frame is a library's (libc's start_thread, clone3, the
 * detector's own): system code in a module other than the program and its
 * own non-system libraries. Stacks drop these after the program's first
 * frame unless full_stacks=1. */
int lg_sym_is_library(const struct lg_sym *s);
/* A source path as a person reads it: lexically normalised ("a/../b" is
 * "b"), relative to the directory the program started in when it lies
 * below it, else absolute. Writes at most len bytes into out. */
void lg_display_path(const char *file, char *out, size_t len);
void lg_symbolizer_after_fork_child(void);
/* Starts the symbolizer now and notes the program's path, while both can be
 * reached (before chroot or setuid). */
void lg_symbolizer_prepare(void);
/* The module (path) holding code address addr, and addr's offset in it; -1 if none. */
int lg_module_offset(uintptr_t addr, char *module, size_t size, uintptr_t *offset);
/* The program's path, as it was at start. */
const char *lg_exe_path(void);

/* The path to the lock of lock_size bytes at addr inside a global variable,
 * from the debug information ("accts[1].lock"), asked of lockgraph-namer;
 * -1 (out empty) when it cannot tell. Report time only. */
int lg_namer_global(uintptr_t addr, size_t lock_size, char *out, size_t len);
/* Finds the namer and starts it, while both can be reached. */
void lg_namer_prepare(void);
void lg_namer_after_fork_child(void);

#endif
