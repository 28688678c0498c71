/*
 * test_cli_json.c - the JSON writer: escaping and separators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "vbw_cli_json.h"

static char *write_doc(void (*fill)(struct vbw_json *))
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct vbw_json j;
    vbw_json_init(&j, f);
    fill(&j);
    vbw_json_finish(&j);
    fclose(f);
    return text;
}

static void fill_escapes(struct vbw_json *j)
{
    vbw_json_object_begin(j);
    vbw_json_kv_string(j, "s",
                       "a\"b\\c\nd\te\x01"
                       "f\x7f");
    vbw_json_kv_string(j, "utf8", "gr\xc3\xbc\xc3\x9f");
    vbw_json_kv_string(j, "null", NULL);
    vbw_json_object_end(j);
}

static void test_escapes(void **state)
{
    (void)state;
    char *text = write_doc(fill_escapes);
    assert_string_equal(text, "{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007f\","
                              "\"utf8\":\"gr\xc3\xbc\xc3\x9f\",\"null\":null}\n");
    free(text);
}

static void fill_nested(struct vbw_json *j)
{
    vbw_json_object_begin(j);
    vbw_json_key(j, "a");
    vbw_json_array_begin(j);
    vbw_json_int(j, 1);
    vbw_json_object_begin(j);
    vbw_json_kv_bool(j, "t", true);
    vbw_json_kv_int(j, "n", -5);
    vbw_json_object_end(j);
    vbw_json_array_begin(j);
    vbw_json_array_end(j);
    vbw_json_bool(j, false);
    vbw_json_array_end(j);
    vbw_json_kv_string(j, "b", "");
    vbw_json_object_end(j);
}

static void test_nested_separators(void **state)
{
    (void)state;
    char *text = write_doc(fill_nested);
    assert_string_equal(text, "{\"a\":[1,{\"t\":true,\"n\":-5},[],false],\"b\":\"\"}\n");
    free(text);
}

static void fill_binary(struct vbw_json *j)
{
    vbw_json_string_n(j, "x\0y", 3);
}

static void test_embedded_nul(void **state)
{
    (void)state;
    char *text = write_doc(fill_binary);
    assert_string_equal(text, "\"x\\u0000y\"\n");
    free(text);
}

static void fill_invalid_utf8(struct vbw_json *j)
{
    /* valid 2- and 4-byte sequences, a stray continuation byte, an overlong
     * '/', a surrogate, a cut-off sequence at the end */
    static const char bytes[] = "\xc3\xa9\xf0\x9f\x98\x80|\x80|\xc0\xaf|\xed\xa0\x80|\xe2\x82";
    vbw_json_string_n(j, bytes, sizeof bytes - 1);
}

static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    char *text = write_doc(fill_invalid_utf8);
    assert_string_equal(text, "\"\xc3\xa9\xf0\x9f\x98\x80|\\ufffd|\\ufffd\\ufffd|"
                              "\\ufffd\\ufffd\\ufffd|\\ufffd\\ufffd\"\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_nested_separators),
        cmocka_unit_test(test_embedded_nul),
        cmocka_unit_test(test_invalid_utf8_replaced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
