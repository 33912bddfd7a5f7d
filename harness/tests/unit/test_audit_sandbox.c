/* Unit tests for what keeps an audit's reports to the submission itself:
 * which links a private copy keeps (audit_copy.c), which build messages a
 * report may show (build_messages.c), the instructor's overlay
 * (audit_overlay.c) and the cgroup v2 probe over a made-up cgroup tree
 * (cgroup_limits.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit_copy.h"
#include "audit/audit_overlay.h"
#include "audit/build_messages.h"
#include "audit/cgroup_limits.h"

static char root[256];

static void path_of(const char *rel, char *out, size_t len)
{
    snprintf(out, len, "%s/%s", root, rel);
}

static void put(const char *rel, const char *text)
{
    char path[1024];
    path_of(rel, path, sizeof path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void dir(const char *rel)
{
    char path[1024];
    path_of(rel, path, sizeof path);
    assert_int_equal(mkdir(path, 0755), 0);
}

static void link_at(const char *target, const char *rel)
{
    char path[1024];
    path_of(rel, path, sizeof path);
    assert_int_equal(symlink(target, path), 0);
}

static char *slurp(const char *rel)
{
    static char buf[4096];
    char path[1024];
    path_of(rel, path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/racecheck-test-sandbox.XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(root);
}

static void test_links_that_stay_inside(void **state)
{
    (void)state;
    dir("sub");
    dir("sub/a");
    put("sub/main.c", "int main(void) { return 0; }\n");
    link_at("..", "sub/a/up");          /* itself inside, but a way out for what goes through it */
    int top = open(root, O_RDONLY | O_DIRECTORY);
    char sub[1024];
    path_of("sub", sub, sizeof sub);
    int fd = open(sub, O_RDONLY | O_DIRECTORY);
    assert_true(top >= 0 && fd >= 0);
    assert_true(copy_link_stays_inside(fd, "x", "main.c"));
    assert_true(copy_link_stays_inside(fd, "a/x", "../main.c"));
    assert_true(copy_link_stays_inside(fd, "a/x", "./../a/./y"));
    assert_false(copy_link_stays_inside(fd, "x", "/etc/passwd"));
    assert_false(copy_link_stays_inside(fd, "x", "../outside.c"));
    assert_false(copy_link_stays_inside(fd, "a/x", "../../solutions/answer.c"));
    assert_false(copy_link_stays_inside(fd, "a/x", "up/../main.c"));   /* through a link */
    assert_false(copy_link_stays_inside(fd, "x", ""));
    close(fd);
    close(top);
}

static void test_copy_never_leaves(void **state)
{
    (void)state;
    dir("solutions");
    put("solutions/answer.c", "/* the instructor's */\n");
    dir("class");
    link_at("../solutions", "class/linkdir");
    dir("class/alice");
    put("class/alice/main.c", "int main(void) { return 0; }\n");
    char path[1024];
    path_of("solutions/answer.c", path, sizeof path);
    link_at(path, "class/alice/abs.c");
    link_at("../../solutions/answer.c", "class/alice/rel.c");
    link_at("main.c", "class/alice/same.c");

    struct copy_limits all = {.max_files = 100, .max_bytes = 1 << 20, .max_file = 1 << 20, .max_depth = 4};
    struct copy_stats stats;
    char src[1024], dst[1024], err[256];
    /* a submission that is a link is refused, whatever it points to */
    path_of("class/linkdir", src, sizeof src);
    path_of("copy-link", dst, sizeof dst);
    assert_int_equal(copy_tree(src, dst, &all, &stats, err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link: not followed"));
    assert_null(slurp("copy-link/answer.c"));
    /* the sources kept for the summary: no link at all */
    struct copy_limits sources = all;
    sources.sources_only = 1;
    assert_int_equal(copy_tree(src, dst, &sources, &stats, err, sizeof err), -1);

    path_of("class/alice", src, sizeof src);
    path_of("copy-alice", dst, sizeof dst);
    assert_int_equal(copy_tree(src, dst, &all, &stats, err, sizeof err), 0);
    assert_int_equal(stats.links_out, 2);
    assert_non_null(strstr(stats.links_out_names, "abs.c"));
    assert_non_null(strstr(stats.links_out_names, "rel.c"));
    assert_null(slurp("copy-alice/abs.c"));
    assert_null(slurp("copy-alice/rel.c"));
    assert_non_null(slurp("copy-alice/same.c"));
}

static void test_build_messages(void **state)
{
    (void)state;
    dir("sub");
    put("sub/main.c", "#include <stdio.h>\nint main(void) { int x = y; return 0; }\n");
    char sub[1024];
    path_of("sub", sub, sizeof sub);
    const char *prefixes[] = {sub};
    char out[2048], text[4096];
    /* a Makefile that prints a host file, then the compiler's real message */
    snprintf(text, sizeof text,
             "root:x:0:0:root:/root:/bin/bash\n"
             "LEAK daemon:x:1:1\n"
             "gcc -c main.c\n"
             "%s/main.c: In function 'main':\n"
             "%s/main.c:2:26: error: 'y' undeclared (first use in this function)\n"
             "    2 | int main(void) { int x = y; return 0; }\n"
             "      |                          ^\n"
             "    2 | root:x:0:0:root:/root:/bin/bash\n"
             "/etc/passwd:1:1: error: root:x:0:0:root\n"
             "    1 | root:x:0:0:root:/root:/bin/bash\n"
             "other.c:1:1: error: a file the submission does not have\n"
             "make: *** [Makefile:2: all] Error 1\n"
             "make: *** anything the Makefile chose to say\n",
             sub, sub);
    int kept = build_messages_keep(text, sub, prefixes, 1, BUILD_MESSAGES_MAX_LINES, out, sizeof out);
    assert_int_equal(kept, 5);
    assert_string_equal(out, "main.c: In function 'main':\n"
                             "main.c:2:26: error: 'y' undeclared (first use in this function)\n"
                             "    2 | int main(void) { int x = y; return 0; }\n"
                             "      |                          ^\n"
                             "make: *** [Makefile:2: all] Error 1");
    assert_null(strstr(out, "root:"));
    /* racecheck's own build puts the compiler first; clang echoes the line as it is */
    kept = build_messages_keep("clang: main.c:2:26: error: use of undeclared identifier 'y'\n"
                               "int main(void) { int x = y; return 0; }\n"
                               "                         ^\n"
                               "int secret = 1;\n", sub, prefixes, 1, BUILD_MESSAGES_MAX_LINES, out, sizeof out);
    assert_int_equal(kept, 3);
    assert_null(strstr(out, "secret"));
    /* nothing of the submission's: nothing at all */
    assert_int_equal(build_messages_keep("cat: /etc/shadow: Permission denied\n", sub, prefixes, 1, 8, out,
                                         sizeof out), 0);
    assert_string_equal(out, "");
    /* a few lines at most */
    char many[8192] = "";
    for (int i = 0; i < 20; i++)
        strcat(many, "main.c:1:1: warning: again\n");
    assert_int_equal(build_messages_keep(many, sub, prefixes, 1, BUILD_MESSAGES_MAX_LINES, out, sizeof out),
                     BUILD_MESSAGES_MAX_LINES);
    /* safe to show */
    char odd[] = "a\033[31mb\xff\xc3\xa9\n";
    text_make_safe(odd);
    assert_string_equal(odd, "a?[31mb?\xc3\xa9\n");
}

static void test_overlay(void **state)
{
    (void)state;
    dir("overlay");
    dir("overlay/tests");
    put("overlay/driver.c", "/* the instructor's driver */\n");
    put("overlay/Makefile", "all:\n\tcc -o prog driver.c\n");
    put("overlay/tests/check.h", "#define CHECK 1\n");
    dir("copy");
    put("copy/driver.c", "/* the student's own driver */\n");
    put("copy/makefile", "all:\n\t@echo the student's\n");
    put("copy/mine.c", "int mine;\n");
    link_at("/etc/passwd", "copy/tests");       /* a link where the overlay has a folder */
    char path[1024], dst[1024], err[256];
    path_of("overlay", path, sizeof path);
    path_of("copy", dst, sizeof dst);
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    struct overlay_files files;
    assert_int_equal(overlay_apply(fd, dst, 0, 0, 0, &files, err, sizeof err), 0);
    assert_int_equal(files.count, 3);
    assert_string_equal(slurp("copy/driver.c"), "/* the instructor's driver */\n");
    assert_string_equal(slurp("copy/tests/check.h"), "#define CHECK 1\n");
    assert_null(slurp("copy/makefile"));        /* make would have read it first */
    assert_non_null(slurp("copy/mine.c"));
    struct stat st;
    path_of("copy/tests", path, sizeof path);
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    path_of("copy/driver.c", path, sizeof path);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0444);
    close(fd);
}

static void test_cgroup_probe(void **state)
{
    (void)state;
    struct cgroup_base b;
    dir("cg");
    dir("cg/class");
    /* cgroup v1 only, or no controllers handed down: the rlimits stay */
    put("cg/class/cgroup.controllers", "cpu io\n");
    char mnt[1024];
    path_of("cg", mnt, sizeof mnt);
    cgroup_base_probe(mnt, "/class", &b);
    assert_false(b.usable);
    assert_non_null(strstr(b.why, "no memory and pids controllers"));
    /* delegated, the children's controllers already on */
    put("cg/class/cgroup.controllers", "cpu memory pids\n");
    put("cg/class/cgroup.subtree_control", "memory pids\n");
    cgroup_base_probe(mnt, "/class", &b);
    assert_true(b.usable);
    char want[1100];
    snprintf(want, sizeof want, "%s/class", mnt);
    assert_string_equal(b.dir, want);
    /* after a run: the kernel's counts say which limit was hit */
    dir("cg/class/sub");
    put("cg/class/sub/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
    put("cg/class/sub/pids.events", "max 0\n");
    int memory_hit, processes_hit;
    char sub[1100];
    snprintf(sub, sizeof sub, "%s/class/sub", mnt);
    cgroup_end(sub, &memory_hit, &processes_hit);
    assert_true(memory_hit);
    assert_false(processes_hit);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_links_that_stay_inside, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copy_never_leaves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_messages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_overlay, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cgroup_probe, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
