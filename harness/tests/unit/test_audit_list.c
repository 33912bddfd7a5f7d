/* Unit tests for racecheck audit's listing and copying: which entries are
 * submissions, their safe names, how --shard shares them out, and what the
 * copies take (audit_list.c, audit_copy.c). Each test builds its own class in
 * a temporary directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "audit/audit_copy.h"

static char root[256];

static void put(const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void dir(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/racecheck-test-audit.XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(root);
}

/* The names of one shard, joined by spaces. */
static void names(int shard, int of, char *out, size_t len)
{
    struct submission *subs;
    char err[256];
    long n = audit_list(root, NULL, shard, of, &subs, err, sizeof err);
    assert_true(n >= 0);
    out[0] = '\0';
    for (long i = 0; i < n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, len - used, "%s%s", i ? " " : "", subs[i].name);
    }
    free(subs);
}

static void test_entries_and_names(void **state)
{
    (void)state;
    dir("bob");
    dir("alice smith");
    dir(".git");
    dir("alice_smith");
    put("loose.c", "int main(void) { return 0; }\n");
    put("loose.h", "");
    put("notes.txt", "");
    dir("loose");
    char got[1024];
    names(1, 1, got, sizeof got);
    /* sorted by entry name; hidden entries and non-.c files are no submissions;
     * names as the students wrote them (spaces kept); a name taken first keeps
     * it, the later one gets -2 */
    assert_string_equal(got, "alice smith alice_smith bob loose loose-2");
}

static void test_shards_partition(void **state)
{
    (void)state;
    const char *entries[] = {"e", "a", "d", "c", "b"};
    for (int i = 0; i < 5; i++)
        dir(entries[i]);
    char one[256], two[256], three[256];
    names(1, 2, one, sizeof one);
    names(2, 2, two, sizeof two);
    assert_string_equal(one, "a c e");
    assert_string_equal(two, "b d");
    names(3, 3, three, sizeof three);
    assert_string_equal(three, "c");
    names(1, 9, one, sizeof one);
    assert_string_equal(one, "a");
}

static void test_output_inside_class_is_skipped(void **state)
{
    (void)state;
    dir("student");
    dir("out");
    char out[1024], err[256];
    snprintf(out, sizeof out, "%s/out", root);
    struct submission *subs;
    long n = audit_list(root, out, 1, 1, &subs, err, sizeof err);
    assert_int_equal(n, 1);
    assert_string_equal(subs[0].name, "student");
    free(subs);
    assert_int_equal(audit_list("/nonexistent/class", NULL, 1, 1, &subs, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/class"));
}

static int exists(const char *rel)
{
    char path[1024];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    return lstat(path, &st) == 0;
}

static void test_copies(void **state)
{
    (void)state;
    dir("sub");
    dir("sub/lib");
    put("sub/main.c", "int main(void) { return 0; }\n");
    put("sub/lib/util.h", "#define N 3\n");
    put("sub/Makefile", "all:\n");
    put("sub/data.bin", "0123456789");
    put("sub/big.c", "/* more than the per-file limit of this test ................ */\n");
    char src[1024], dst[1024], err[256];
    snprintf(src, sizeof src, "%s/sub", root);
    snprintf(dst, sizeof dst, "%s/sub/link", root);
    assert_int_equal(symlink("/etc/passwd", dst), 0);

    /* the sources for the summary: *.c, *.h and Makefiles, no links, small files */
    struct copy_limits sources = {.max_files = 100, .max_bytes = 1 << 20, .max_file = 40,
                                  .max_depth = 4, .sources_only = 1};
    struct copy_stats stats;
    snprintf(dst, sizeof dst, "%s/src", root);
    assert_int_equal(copy_tree(src, dst, &sources, &stats, err, sizeof err), 0);
    assert_true(exists("src/main.c") && exists("src/lib/util.h") && exists("src/Makefile"));
    assert_false(exists("src/data.bin") || exists("src/link") || exists("src/big.c"));
    assert_int_equal(stats.files, 3);

    /* the private copy: everything; a link that stays inside stays a link
     * (never followed), one that leads out is left out and named */
    snprintf(dst, sizeof dst, "%s/sub/lib/inside", root);
    assert_int_equal(symlink("../main.c", dst), 0);
    struct copy_limits all = {.max_files = 100, .max_bytes = 1 << 20, .max_file = 1 << 20,
                              .max_depth = 4};
    snprintf(dst, sizeof dst, "%s/private", root);
    assert_int_equal(copy_tree(src, dst, &all, &stats, err, sizeof err), 0);
    struct stat st;
    snprintf(dst, sizeof dst, "%s/private/lib/inside", root);
    assert_int_equal(lstat(dst, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    snprintf(dst, sizeof dst, "%s/private/link", root);
    assert_int_equal(lstat(dst, &st), -1);
    assert_int_equal(stats.links_out, 1);
    assert_string_equal(stats.links_out_names, "link");
    assert_true(exists("private/data.bin") && exists("private/big.c"));

    /* the total limit stops the copy without failing it */
    struct copy_limits tiny = {.max_files = 2, .max_bytes = 1 << 20, .max_file = 1 << 20,
                               .max_depth = 4};
    snprintf(dst, sizeof dst, "%s/tiny", root);
    assert_int_equal(copy_tree(src, dst, &tiny, &stats, err, sizeof err), 0);
    assert_int_equal(stats.files, 2);
    assert_true(stats.left_out > 0);

    /* one loose file is copied into the new directory */
    snprintf(src, sizeof src, "%s/sub/main.c", root);
    snprintf(dst, sizeof dst, "%s/loose", root);
    assert_int_equal(copy_tree(src, dst, &all, &stats, err, sizeof err), 0);
    assert_true(exists("loose/main.c"));
    snprintf(src, sizeof src, "%s/missing", root);
    assert_int_equal(copy_tree(src, dst, &all, &stats, err, sizeof err), -1);
    assert_non_null(strstr(err, "missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_entries_and_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shards_partition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_inside_class_is_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copies, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
