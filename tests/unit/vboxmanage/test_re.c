/*
 * test_re.c - vbw_vbm_re: pattern tables joined into one pattern, the row
 * that matched, its groups, \G anchoring, and the bounds on a match.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_re.h"

static const struct row {
    const char *pattern;
    int value;
} rows[] = {
    {"name=(.*)", 10},
    {"nic([0-9]+)=(.*)", 20},
    {"(?:Old|New)Spelling=(.*)", 30},
};

static struct vbw_vbm_re table = VBW_VBM_RE_TABLE("test table", "\\G", rows, "\\z");

static void expect_group(const struct vbw_vbm_match *m, int n, const char *want)
{
    const char *p;
    size_t len;
    assert_true(vbw_vbm_re_group(m, n, &p, &len));
    assert_int_equal(len, strlen(want));
    assert_memory_equal(p, want, len);
}

static void test_row_and_groups(void **state)
{
    (void)state;
    struct vbw_vbm_match m;
    static const char a[] = "nic2=nat";
    assert_int_equal(vbw_vbm_re_match(&table, a, sizeof a - 1, 0, &m), 1);
    assert_int_equal(rows[m.row].value, 20);
    /* Each row numbers its groups from 1. */
    expect_group(&m, 1, "2");
    expect_group(&m, 2, "nat");
    expect_group(&m, 0, "nic2=nat");

    static const char b[] = "name=vm";
    assert_int_equal(vbw_vbm_re_match(&table, b, sizeof b - 1, 0, &m), 1);
    assert_int_equal(rows[m.row].value, 10);
    expect_group(&m, 1, "vm");
    const char *p;
    size_t len;
    assert_false(vbw_vbm_re_group(&m, 2, &p, &len));

    /* Two spellings of one fact are one row. */
    static const char c[] = "OldSpelling=x";
    assert_int_equal(vbw_vbm_re_match(&table, c, sizeof c - 1, 0, &m), 1);
    assert_int_equal(rows[m.row].value, 30);
    assert_int_equal(vbw_vbm_re_match(&table, "nicx=1", 6, 0, &m), 0);
}

/* \G anchors at the start offset, with or without the JIT. */
static void test_anchored_at_start(void **state)
{
    (void)state;
    struct vbw_vbm_match m;
    static const char text[] = "junk name=vm";
    assert_int_equal(vbw_vbm_re_match(&table, text, sizeof text - 1, 0, &m), 0);
    assert_int_equal(vbw_vbm_re_match(&table, text, sizeof text - 1, 5, &m), 1);
    assert_int_equal(m.start, 5);
    expect_group(&m, 1, "vm");
    /* Bytes, not UTF-8, and no NUL needed: the length bounds the subject. */
    static const char bytes[] = "name=\xff\xfe\0tail";
    assert_int_equal(vbw_vbm_re_match(&table, bytes, 7, 0, &m), 1);
    expect_group(&m, 1, "\xff\xfe");
    assert_int_equal(vbw_vbm_re_match(&table, NULL, 0, 0, &m), 0);
    assert_int_equal(vbw_vbm_re_match(&table, text, 3, 4, &m), 0);
}

/* A pattern that backtracks exponentially is stopped by the match limit and
 * reported, never taken as "no match". */
static void test_bounded(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
    } bad[] = {{"(?:a|aa)+b"}};
    static struct vbw_vbm_re re = VBW_VBM_RE_TABLE("exponential", "\\G", bad, "");
    char text[200];
    memset(text, 'a', sizeof text);
    /* A 'b' past the a's, so PCRE2's "required character" check does not
     * answer before the matcher runs. */
    text[sizeof text - 2] = 'c';
    text[sizeof text - 1] = 'b';
    struct vbw_vbm_match m;
    assert_int_equal(vbw_vbm_re_match(&re, text, sizeof text, 0, &m), VBW_ERR_PARSE);
    assert_non_null(strstr(vbw_error_last()->message, "exponential"));
}

static void test_bad_pattern_is_an_error(void **state)
{
    (void)state;
    static const struct {
        const char *pattern;
    } broken[] = {{"(unclosed"}};
    static struct vbw_vbm_re re = VBW_VBM_RE_TABLE("broken", "", broken, "");
    struct vbw_vbm_match m;
    assert_int_equal(vbw_vbm_re_compile(&re), VBW_ERR_INVALID);
    assert_int_equal(vbw_vbm_re_match(&re, "x", 1, 0, &m), VBW_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_row_and_groups),
        cmocka_unit_test(test_anchored_at_start),
        cmocka_unit_test(test_bounded),
        cmocka_unit_test(test_bad_pattern_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
