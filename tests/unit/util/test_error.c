/*
 * test_error.c - the error idiom: a message set once, wrapped with context,
 * errno kept, and a VirtualBox trailer carried, not flattened.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"

static void test_set_and_wrap(void **state)
{
    assert_int_equal(vbw_error_set(VBW_ERR_PARSE, "line %d: bad", 7), VBW_ERR_PARSE);
    assert_int_equal(vbw_error_wrap("vbox_job.xml"), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "vbox_job.xml: line 7: bad");
    assert_string_equal(vbw_error_code_name(VBW_ERR_PARSE),
                        vbw_error_code_name(vbw_error_last()->code));
}

static void test_errno_kept(void **state)
{
    assert_int_equal(vbw_error_set_errno(VBW_ERR_IO, ENOENT, "open %s", "x"), VBW_ERR_IO);
    assert_int_equal(vbw_error_last()->sys_errno, ENOENT);
    assert_non_null(strstr(vbw_error_last()->message, "open x: "));
}

static void test_vbox_trailer_kept(void **state)
{
    struct vbw_vbox_error v;
    memset(&v, 0, sizeof v);
    v.present = true;
    v.hresult = 0x80bb0007u;
    strcpy(v.name, "VBOX_E_INVALID_OBJECT_STATE");
    strcpy(v.message, "The machine 'boinc_x' is already locked for a session (or being unlocked)");
    assert_int_equal(vbw_error_set_vbox(&v, "controlvm pause"), VBW_ERR_VBOX);
    vbw_error_wrap("checkpoint");
    const struct vbw_error *e = vbw_error_last();
    assert_true(e->has_vbox);
    assert_int_equal(e->vbox.hresult, 0x80bb0007u);
    assert_string_equal(e->vbox.name, "VBOX_E_INVALID_OBJECT_STATE");
    assert_non_null(strstr(e->message, "checkpoint: controlvm pause: "));
    assert_non_null(strstr(e->message, "VBOX_E_INVALID_OBJECT_STATE"));
    assert_non_null(strstr(e->message, "0x80bb0007"));
    vbw_error_clear();
    assert_int_equal(vbw_error_last()->code, 0);
    assert_false(vbw_error_last()->has_vbox);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_and_wrap),
        cmocka_unit_test(test_errno_kept),
        cmocka_unit_test(test_vbox_trailer_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
