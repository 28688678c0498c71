/*
 * test_scan.c - vbw_vbm_scan, the line-table reader most parsers are built
 * on: content lines only (launcher warnings left out), lines no row matches
 * passed over, group 1 as the value, line numbers for errors, and a line
 * too complex to match reported without ending the scan; its key=value
 * twin vbw_vbm_kv_next_key; and vbw_vbm_warning_lines, the launcher's
 * warnings joined.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

enum kind { KIND_NAME, KIND_FLAG };
static const struct row {
    const char *pattern;
    enum kind kind;
} rows[] = {
    {"Name:" VBW_VBM_FIELD_VALUE, KIND_NAME},
    {"Flag", KIND_FLAG},
};
static struct vbw_vbm_re table = VBW_VBM_RE_TABLE("scan test", "\\G", rows, "");

static void expect_scan_value(const struct vbw_vbm_scan *s, const char *want)
{
    assert_int_equal(s->value_len, strlen(want));
    assert_memory_equal(s->value, want, s->value_len);
}

static void test_rows_values_and_line_numbers(void **state)
{
    (void)state;
    static const char text[] = "WARNING: The vboxdrv kernel module is not loaded.\n"
                               "         Name: not this one (part of the warning)\n"
                               "\n"
                               "Name:  first  \r\n"
                               "something else\n"
                               "Flag\n"
                               "Name:";
    struct vbw_vbm_scan s;
    vbw_vbm_scan_init(&s, &table, text, sizeof text - 1);

    assert_int_equal(vbw_vbm_scan_next(&s), 1);
    assert_int_equal(rows[s.m.row].kind, KIND_NAME);
    assert_true(s.has_value);
    expect_scan_value(&s, "first");
    assert_int_equal(s.line.number, 4);

    assert_int_equal(vbw_vbm_scan_next(&s), 1); /* line 5 matches no row */
    assert_int_equal(rows[s.m.row].kind, KIND_FLAG);
    assert_false(s.has_value);
    expect_scan_value(&s, "");
    assert_int_equal(s.line.number, 6);

    assert_int_equal(vbw_vbm_scan_next(&s), 1);
    assert_int_equal(rows[s.m.row].kind, KIND_NAME);
    assert_true(s.has_value);
    expect_scan_value(&s, "");
    assert_int_equal(s.line.number, 7);

    assert_int_equal(vbw_vbm_scan_next(&s), 0);
    assert_int_equal(s.lines.number, 7);
}

/* A line that would take the matcher past its bounds is an error for that
 * line; the scan is past it, so a caller that can go on does. */
static void test_error_then_next_line(void **state)
{
    (void)state;
    static const struct vbw_vbm_re_row bad[] = {{"(?:a|aa)+b"}};
    static struct vbw_vbm_re re = VBW_VBM_RE_TABLE("exponential", "\\G", bad, "");
    char text[260];
    memset(text, 'a', 200);
    memcpy(text + 200, "cb\naab\n", 7);
    struct vbw_vbm_scan s;
    vbw_vbm_scan_init(&s, &re, text, 207);
    assert_int_equal(vbw_vbm_scan_next(&s), VBW_ERR_PARSE);
    assert_int_equal(vbw_vbm_scan_next(&s), 1);
    assert_int_equal(s.line.number, 2);
    assert_int_equal(vbw_vbm_scan_next(&s), 0);
}

static struct vbw_vbm_re one = VBW_VBM_RE_ONE("one row", "\\G", "Key=(.*)", "\\z");

static void test_one_row_table(void **state)
{
    (void)state;
    struct vbw_vbm_match m;
    const char *p;
    size_t len;
    assert_int_equal(vbw_vbm_re_match(&one, "Key=v", 5, 0, &m), 1);
    assert_int_equal(m.row, 0);
    assert_true(vbw_vbm_re_group(&m, 1, &p, &len));
    assert_int_equal(len, 1);
    assert_int_equal(vbw_vbm_re_match(&one, "key=v", 5, 0, &m), 0);
}

static const struct vbw_vbm_re_row key_rows[] = {{"nic([0-9]++)"}, {"name"}};
static struct vbw_vbm_re keys = VBW_VBM_RE_TABLE("key test", "\\G", key_rows, "\\z");

/* Pairs whose key no row matches whole are passed over but counted. */
static void test_pairs_by_key(void **state)
{
    (void)state;
    static const char text[] = "name=\"vm\"\nnics=2\nnic1=\"nat\"\nostype=Linux\n";
    struct vbw_vbm_kv_iter it;
    struct vbw_vbm_kv kv;
    struct vbw_vbm_match m;
    vbw_vbm_kv_init(&it, text, sizeof text - 1);
    assert_int_equal(vbw_vbm_kv_next_key(&it, &keys, &kv, &m), 1);
    assert_int_equal(m.row, 1);
    assert_string_equal(kv.value, "vm");
    assert_int_equal(vbw_vbm_kv_next_key(&it, &keys, &kv, &m), 1);
    assert_int_equal(m.row, 0);
    assert_string_equal(kv.key, "nic1");
    assert_string_equal(kv.value, "nat");
    assert_int_equal(kv.line, 3);
    assert_int_equal(vbw_vbm_kv_next_key(&it, &keys, &kv, &m), 0);
    assert_int_equal(it.pairs, 4);
    vbw_vbm_kv_clear(&it);
}

static void test_warning_lines(void **state)
{
    (void)state;
    static const char text[] = "WARNING: The vboxdrv kernel module is not loaded.\n"
                               "         Either there is no module\n"
                               "\n"
                               "6.1.50r161033\n"
                               "WARNING: second block\r\n";
    char *joined = NULL;
    assert_int_equal(vbw_vbm_warning_lines(text, sizeof text - 1, " | ", &joined), 0);
    assert_string_equal(joined, "WARNING: The vboxdrv kernel module is not loaded. | Either there "
                                "is no module | WARNING: second block");
    free(joined);
    assert_int_equal(vbw_vbm_warning_lines("7.2.22r170000\n", 14, " ", &joined), 0);
    assert_null(joined);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_values_and_line_numbers),
        cmocka_unit_test(test_error_then_next_line),
        cmocka_unit_test(test_one_row_table),
        cmocka_unit_test(test_pairs_by_key),
        cmocka_unit_test(test_warning_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
