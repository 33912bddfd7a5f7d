/* Unit tests for frame_filter: which frames are the program's own code. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tools/frame_filter.h"

static void test_default_accepts_program_sources(void **state)
{
    (void)state;
    assert_true(frame_is_program(NULL, "/work/main/harness/tests/fixtures/programs/abba.c",
                                 "/tmp/rcfx/abba.plain"));
    assert_true(frame_is_program(NULL, "race.c", NULL));
    assert_true(frame_is_program(NULL, "buggy_examples/abba.c", "abba.tsan"));
    assert_true(frame_is_program(NULL, "/home/student/misc/queue.c", NULL));
    assert_true(frame_is_program(NULL, "/usr/src/app/main.c", NULL));
    /* a student file that merely starts like a runtime file */
    assert_true(frame_is_program(NULL, "tsan_demo.c", NULL));
}

static void test_default_rejects_system_frames(void **state)
{
    (void)state;
    static const char *const system_files[] = {
        "/usr/include/x86_64-linux-gnu/bits/pthreadtypes.h",
        "/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h",
        "./nptl/./nptl/pthread_create.c",           /* Helgrind dir/file of glibc */
        "nptl/./nptl/pthread_create.c",             /* TSan's view of the same */
        "./misc/../sysdeps/unix/sysv/linux/x86_64/clone.S",
        "misc/../sysdeps/unix/sysv/linux/x86_64/clone3.S",
        "./posix/../sysdeps/unix/sysv/linux/_exit.c",
        "./stdlib/./stdlib/exit.c",
        "/build/glibc-6iIyft/glibc-2.36/nptl/pthread_mutex_lock.c",
        "/build/llvm-toolchain-14/compiler-rt/lib/tsan/rtl/tsan_interceptors_posix.cpp",
        "../../../../src/libsanitizer/sanitizer_common/sanitizer_common_interceptors.inc",
        "tsan_rtl.cpp",
        "/build/valgrind/coregrind/m_replacemalloc/vg_replace_malloc.c",
        "/build/valgrind/helgrind/hg_intercepts.c",
        "/work/main/detector/src/lock_table.c",
        "detector/src/events.c",
    };
    for (size_t i = 0; i < sizeof system_files / sizeof *system_files; i++) {
        if (frame_is_program(NULL, system_files[i], NULL))
            fail_msg("%s taken for program code", system_files[i]);
    }
    /* no file: never the program's */
    assert_false(frame_is_program(NULL, NULL, "/tmp/rcfx/abba.plain"));
    assert_false(frame_is_program(NULL, "", "/tmp/rcfx/abba.plain"));
    /* system objects, whatever the file says */
    assert_false(frame_is_program(NULL, "pthread_create.c", "/usr/lib/x86_64-linux-gnu/libc.so.6"));
    assert_false(frame_is_program(NULL, "x.c", "/usr/libexec/valgrind/vgpreload_helgrind-amd64-linux.so"));
    assert_false(frame_is_program(NULL, "lock_table.c", "/work/main/build/lib/liblockgraph.so"));
    assert_false(frame_is_program(NULL, "x.c", "libtsan.so.2"));
}

static void test_program_files(void **state)
{
    (void)state;
    const char *const files[] = {"buggy_examples/abba.c", "/abs/src/util.c"};
    struct frame_filter f = {files, 2};
    assert_true(frame_is_program(&f, "buggy_examples/abba.c", NULL));          /* exact */
    assert_true(frame_is_program(&f, "/work/main/buggy_examples/abba.c", NULL)); /* suffix */
    assert_true(frame_is_program(&f, "./buggy_examples/abba.c", NULL));
    assert_true(frame_is_program(&f, "abba.c", NULL));                         /* basename */
    assert_true(frame_is_program(&f, "src/util.c", NULL));                     /* suffix of program file */
    assert_true(frame_is_program(&f, "/elsewhere/util.c", NULL));              /* basename */
    assert_false(frame_is_program(&f, "/work/main/buggy_examples/abba.cc", NULL));
    assert_false(frame_is_program(&f, "/work/main/buggy_examples/xabba.c", NULL));
    assert_false(frame_is_program(&f, "other.c", NULL));
    assert_false(frame_is_program(&f, NULL, NULL));
    /* same basename, but a system source: not the program's */
    assert_false(frame_is_program(&f, "/usr/include/abba.c", NULL));
    /* with program files given, an unlisted non-system file is not the program's either */
    assert_false(frame_is_program(&f, "/home/x/helper.c", NULL));
    /* an empty list behaves like no filter */
    struct frame_filter empty = {NULL, 0};
    assert_true(frame_is_program(&empty, "/home/x/helper.c", NULL));
    assert_false(frame_is_program(&empty, "/usr/include/stdio.h", NULL));
}

static void test_frame_pick(void **state)
{
    (void)state;
    const struct frame frames[] = {
        {"pthread_mutex_lock", NULL, "abba.tsan", 0},
        {"__pthread_mutex_lock_full", "./nptl/./nptl/pthread_mutex_lock.c", "libc.so.6", 90},
        {"take_two", "/p/cycle3.c", "cycle3.tsan", 13},
        {"worker_ab", "/p/cycle3.c", "cycle3.tsan", 21},
    };
    assert_int_equal(frame_pick(NULL, frames, 4), 2);
    assert_int_equal(frame_next_program(NULL, frames, 4, 2), 3);
    assert_int_equal(frame_next_program(NULL, frames, 4, 3), -1);
    /* no program frame: the first frame that has a file */
    assert_int_equal(frame_pick(NULL, frames, 2), 1);
    /* no frame with a file at all */
    assert_int_equal(frame_pick(NULL, frames, 1), -1);
    assert_int_equal(frame_pick(NULL, frames, 0), -1);
    const char *const files[] = {"worker.c"};
    struct frame_filter f = {files, 1};
    assert_int_equal(frame_pick(&f, frames, 4), 1); /* cycle3.c is not listed: fallback */
}

static void test_add_location_unique(void **state)
{
    (void)state;
    struct finding_list list = {0};
    struct finding *f = finding_list_add(&list, KIND_DATA_RACE, TOOL_TSAN, "x");
    assert_int_equal(frame_add_location_unique(f, "a.c", 3, "f"), 1);
    assert_int_equal(frame_add_location_unique(f, "a.c", 3, "f"), 0);
    assert_int_equal(frame_add_location_unique(f, "a.c", 4, "f"), 1);
    assert_int_equal(frame_add_location_unique(f, "a.c", 3, NULL), 1);
    assert_int_equal(frame_add_location_unique(f, "a.c", 3, NULL), 0);
    assert_int_equal(frame_add_location_unique(f, NULL, 0, NULL), 1);
    assert_int_equal(frame_add_location_unique(f, NULL, 0, NULL), 0);
    assert_int_equal(f->nlocations, 4);
    finding_list_free(&list);
}

static void test_basename(void **state)
{
    (void)state;
    assert_string_equal(frame_basename("/a/b/c.c"), "c.c");
    assert_string_equal(frame_basename("c.c"), "c.c");
    assert_string_equal(frame_basename("dir/"), "");
    assert_null(frame_basename(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_accepts_program_sources),
        cmocka_unit_test(test_default_rejects_system_frames),
        cmocka_unit_test(test_program_files),
        cmocka_unit_test(test_frame_pick),
        cmocka_unit_test(test_add_location_unique),
        cmocka_unit_test(test_basename),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
