/* Where racecheck's own pieces are, and what kind of binary a program is. */
#ifndef RACECHECK_PATHS_H
#define RACECHECK_PATHS_H

#include <stddef.h>

/* liblockgraph.so: $RACECHECK_LIB, else the one installed beside this
 * executable (../lib/racecheck/liblockgraph.so.MAJOR), else the build tree's
 * (../lib/liblockgraph.so). 0, or -1 when there is none. */
int detector_library(char *out, size_t len);

/* racecheck crosscheck's default catalogue: "." when it holds
 * buggy_examples/, else the one installed beside this executable
 * (../share/racecheck, in out), else "." (whose error names it). */
const char *catalogue_dir(char *out, size_t len);

enum binary_kind { BINARY_DYNAMIC, BINARY_STATIC, BINARY_TSAN, BINARY_NOT_ELF, BINARY_MISSING };
/* What PROGRAM (looked up in PATH when it has no slash) is; its path in out. */
enum binary_kind binary_inspect(const char *program, char *out, size_t len);

/* The part of path after its last '/' (path itself when none); NULL for NULL. */
const char *path_basename(const char *path);

/* path lexically normalised, as a new string: "." and empty components
 * dropped, "dir/.." folded ("/w/harness/../a.c" is "/w/a.c"); a relative
 * path's leading ".." stays, "/.." is "/". Symbolic links are not followed
 * (the path need not exist). NULL for NULL. */
char *path_normalise(const char *path);

#endif
