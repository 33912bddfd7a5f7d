/* The name an init line gives a heap or stack lock (source_names.c): the
 * first argument of the init call of the lock's kind, when it is a simple
 * lvalue; the call at the column when a line has several; and reading one
 * line of a file with open/read only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lockgraph.h"
#include "report.h"

atomic_int lg_state;
void lg_init(void) {}

static const char *name_of(const char *line, int column, int kind)
{
    static char out[64];
    return lg_init_call_lvalue(line, column, kind, out, sizeof out) == 0 ? out : NULL;
}

static void takes_simple_lvalues(void **state)
{
    (void)state;
    assert_string_equal(name_of("    pthread_mutex_init(&ledger->lock, NULL);", 0, LG_MUTEX),
                        "ledger->lock");
    assert_string_equal(name_of("pthread_mutex_init( & bank . accounts[ i + 1 ].lock ,0);", 0,
                                LG_MUTEX),
                        "bank.accounts[i+1].lock");
    assert_string_equal(name_of("if (pthread_mutex_init(lockp, &attr) != 0) {", 0, LG_MUTEX),
                        "*lockp");
    assert_string_equal(name_of("pthread_rwlock_init(&t->stripes[7], NULL);", 0, LG_RWLOCK),
                        "t->stripes[7]");
    assert_string_equal(name_of("pthread_spin_init(&q->spin, PTHREAD_PROCESS_PRIVATE);", 0,
                                LG_SPIN),
                        "q->spin");
    assert_string_equal(name_of("mtx_init(&m, mtx_plain);", 0, LG_C11_MUTEX), "m");
    assert_string_equal(name_of("cnd_init(&c);", 0, LG_COND), "c");
}

static void refuses_what_is_not_a_simple_lvalue(void **state)
{
    (void)state;
    assert_null(name_of("pthread_mutex_init(get_lock(p), NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_init(&locks[idx(i)], NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_init(p->locks + i, NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_init(&(p->lock), NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_init(&a[], NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_init(&p->", 0, LG_MUTEX));
    assert_null(name_of("my_pthread_mutex_init(&m, NULL);", 0, LG_MUTEX));
    assert_null(name_of("pthread_mutex_lock(&m);", 0, LG_MUTEX));
    assert_null(name_of("x = init(&m); /* no call of the kind */", 0, LG_MUTEX));
    /* the call of another kind's init does not name this lock */
    assert_null(name_of("pthread_rwlock_init(&rw, NULL);", 0, LG_MUTEX));
    assert_null(name_of("", 0, LG_MUTEX));
    /* bounded: a longer lvalue keeps the plain name */
    char line[256];
    snprintf(line, sizeof line, "pthread_mutex_init(&%0*d, NULL);", LG_LVALUE_MAX + 5, 0);
    line[20] = 'a';
    assert_null(name_of(line, 0, LG_MUTEX));
}

static void picks_the_call_at_the_column(void **state)
{
    (void)state;
    const char *two = "pthread_mutex_init(&a->first, NULL); pthread_mutex_init(&a->second, NULL);";
    const char *second = strstr(two, "pthread_mutex_init(&a->second");
    assert_null(name_of(two, 0, LG_MUTEX));      /* which one: not known */
    assert_string_equal(name_of(two, 1, LG_MUTEX), "a->first");
    assert_string_equal(name_of(two, 20, LG_MUTEX), "a->first");
    assert_string_equal(name_of(two, (int)(second - two) + 1, LG_MUTEX), "a->second");
    assert_string_equal(name_of(two, (int)strlen(two), LG_MUTEX), "a->second");
    /* one call: the column does not matter */
    assert_string_equal(name_of("  if (pthread_mutex_init(&m, 0))", 1, LG_MUTEX), "m");
}

static void reads_one_line_of_a_file(void **state)
{
    (void)state;
    char path[] = "/tmp/test_source_names.XXXXXX", buf[16];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "first\nsecond line that is long\nthird";
    assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fd);
    assert_int_equal(lg_source_line(path, 1, buf, sizeof buf), 0);
    assert_string_equal(buf, "first");
    assert_int_equal(lg_source_line(path, 2, buf, sizeof buf), 0);
    assert_string_equal(buf, "second line tha");    /* cut to the buffer */
    assert_int_equal(lg_source_line(path, 3, buf, sizeof buf), 0);   /* no final newline */
    assert_string_equal(buf, "third");
    assert_int_equal(lg_source_line(path, 4, buf, sizeof buf), -1);
    assert_int_equal(lg_source_line(path, 0, buf, sizeof buf), -1);
    unlink(path);
    assert_int_equal(lg_source_line(path, 1, buf, sizeof buf), -1);
    assert_int_equal(lg_source_line("/tmp", 1, buf, sizeof buf), -1);   /* not a file */
    assert_int_equal(lg_source_line("", 1, buf, sizeof buf), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(takes_simple_lvalues),
        cmocka_unit_test(refuses_what_is_not_a_simple_lvalue),
        cmocka_unit_test(picks_the_call_at_the_column),
        cmocka_unit_test(reads_one_line_of_a_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
