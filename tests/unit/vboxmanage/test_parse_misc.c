/*
 * test_parse_misc.c - progress meter, createvm UUID, guestproperty get,
 * guestcontrol run exit statuses.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

static void progress_of(const char *rel, int *percent, bool *failed)
{
    struct parse_fixture f;
    parse_fixture_load(&f, rel);
    vbw_vbm_parse_progress(f.text, f.len, percent, failed);
    parse_fixture_free(&f);
}

static void test_progress(void **state)
{
    (void)state;
    int percent;
    bool failed;
    progress_of("6.1/progress-ok.txt", &percent, &failed);
    assert_int_equal(percent, 100);
    assert_false(failed);
    progress_of("6.1/error-progress-snapshot.txt", &percent, &failed);
    assert_int_equal(percent, 20);
    assert_true(failed);
    progress_of("7.1/error-progress-snapshot.txt", &percent, &failed);
    assert_int_equal(percent, 20);
    assert_true(failed);
    static const char partial[] = "0%...10%...20%...30%...";
    vbw_vbm_parse_progress(partial, sizeof partial - 1, &percent, &failed);
    assert_int_equal(percent, 30);
    assert_false(failed);
    vbw_vbm_parse_progress("", 0, &percent, &failed);
    assert_int_equal(percent, -1);
    static const char canceled[] = "0%...10%...CANCELED\n";
    vbw_vbm_parse_progress(canceled, sizeof canceled - 1, &percent, &failed);
    assert_int_equal(percent, 10);
    assert_true(failed);
}

static void test_createvm(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.0/createvm.txt");
    char *uuid = vbw_vbm_parse_createvm_uuid(f.text, f.len);
    assert_string_equal(uuid, "3f2e1d0c-b9a8-4765-8432-10fedcba9876");
    free(uuid);
    assert_null(vbw_vbm_parse_createvm_uuid("nothing\n", 8));
    parse_fixture_free(&f);
}

static void test_guestproperty(void **state)
{
    (void)state;
    struct parse_fixture f;
    char *value = (char *)"sentinel";
    parse_fixture_load(&f, "6.1/guestproperty-value.txt");
    assert_int_equal(vbw_vbm_parse_guestproperty(f.text, f.len, &value), 0);
    assert_string_equal(value, "10.0.2.15");
    free(value);
    parse_fixture_free(&f);
    parse_fixture_load(&f, "7.0/guestproperty-none.txt");
    value = (char *)"sentinel";
    assert_int_equal(vbw_vbm_parse_guestproperty(f.text, f.len, &value), 0);
    assert_null(value);
    parse_fixture_free(&f);
    static const char spaced[] = "Value:  two  blanks \n";
    assert_int_equal(vbw_vbm_parse_guestproperty(spaced, sizeof spaced - 1, &value), 0);
    assert_string_equal(value, " two  blanks ");
    free(value);
    assert_int_equal(vbw_vbm_parse_guestproperty("junk", 4, &value), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message,
                        "guestproperty get: line 1: neither 'Value:' nor 'No value set!'");
    assert_null(value);
}

static void test_guest_exit_codes(void **state)
{
    (void)state;
    struct vbw_hv_version v70 = {7, 0, 14, 161095, "7.0.14r161095"};
    struct vbw_hv_version v52 = {5, 2, 44, 139111, "5.2.44r139111"};
    const char *what = "x";
    assert_int_equal(vbw_vbm_guest_exit_code(0, &v70, &what), 0);
    assert_null(what);
    assert_int_equal(vbw_vbm_guest_exit_code(33, &v70, &what), 1);
    assert_int_equal(vbw_vbm_guest_exit_code(125, &v52, &what), 93);
    assert_null(what);
    assert_int_equal(vbw_vbm_guest_exit_code(126, &v70, &what), 94);
    assert_string_equal(what, "guest exit code 94 or above");
    assert_int_equal(vbw_vbm_guest_exit_code(20, &v70, &what), -1);
    assert_string_equal(what, "timeout");
    assert_int_equal(vbw_vbm_guest_exit_code(18, &v70, &what), -1);
    assert_string_equal(what, "killed");
    assert_int_equal(vbw_vbm_guest_exit_code(17, NULL, &what), -1);
    assert_string_equal(what, "start failed");
    assert_int_equal(vbw_vbm_guest_exit_code(1, &v70, &what), -1);
    assert_string_equal(what, "vboxmanage failed");
    assert_int_equal(vbw_vbm_guest_exit_code(27, &v70, &what), -1);
    assert_string_equal(what, "unknown status");
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.1/error-progress-snapshot.txt");
    for (size_t n = 0; n <= f.len; n++) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        int percent;
        bool failed;
        char *s;
        vbw_vbm_parse_progress(copy, n, &percent, &failed);
        assert_true(percent >= -1 && percent <= 100);
        free(vbw_vbm_parse_createvm_uuid(copy, n));
        if (vbw_vbm_parse_guestproperty(copy, n, &s) == 0)
            free(s);
        free(copy);
    }
    parse_fixture_free(&f);
    unsigned seed = 77;
    for (int round = 0; round < 100; round++) {
        char junk[256];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        memcpy(junk + round, "\n99%...100%...UUID: \nValue: ", 28);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        int percent;
        bool failed;
        char *s;
        vbw_vbm_parse_progress(copy, sizeof junk, &percent, &failed);
        free(vbw_vbm_parse_createvm_uuid(copy, sizeof junk));
        if (vbw_vbm_parse_guestproperty(copy, sizeof junk, &s) == 0)
            free(s);
        free(copy);
    }
}

/* The launcher's block at the head of a stream, told apart as the text
 * comes (the joined form is what launcher_warnings() keeps). */
static void test_launcher_head(void **state)
{
    (void)state;
    const char *joined = "WARNING: no vboxdrv. Please install it.";
    const char *block = "WARNING: no vboxdrv.\r\n\t Please install it.\n";
    size_t skip = 99;
    /* every prefix of the block: undecided until the block is whole */
    for (size_t n = 0; n < strlen(block); n++) {
        assert_int_equal(vbw_vbm_launcher_head(block, n, joined, false, &skip), 0);
        assert_int_equal(vbw_vbm_launcher_head(block, n, joined, true, &skip), 1);
        assert_int_equal(skip, 0);
    }
    assert_int_equal(vbw_vbm_launcher_head(block, strlen(block), joined, false, &skip), 1);
    assert_int_equal(skip, strlen(block));
    /* something else in front: decided at once, nothing dropped */
    assert_int_equal(vbw_vbm_launcher_head("out\n", 4, joined, false, &skip), 1);
    assert_int_equal(skip, 0);
    assert_int_equal(vbw_vbm_launcher_head("WARNING: other\n", 15, joined, false, &skip), 1);
    assert_int_equal(skip, 0);
    /* no launcher block on this host */
    assert_int_equal(vbw_vbm_launcher_head(block, strlen(block), NULL, false, &skip), 1);
    assert_int_equal(skip, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_createvm),
        cmocka_unit_test(test_guestproperty),
        cmocka_unit_test(test_guest_exit_codes),
        cmocka_unit_test(test_every_prefix_and_junk),
        cmocka_unit_test(test_launcher_head),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
