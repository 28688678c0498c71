/*
 * test_job_exit.c - upstream's exit codes by BOINC's names
 * (vbw_exit_code_by_name over VBW_EXIT_CODE_TABLE): each name gives the
 * value BOINC's lib/error_numbers.h gives it (BOINC 8.2.15), and a name
 * the table does not hold is refused, never read as 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "vbw/vbw_job.h"

static void test_boinc_names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int code;
    } boinc[] = {
        {"EXIT_ABORTED_BY_CLIENT", 194},
        {"EXIT_TIME_LIMIT_EXCEEDED", 197},
        {"EXIT_OUT_OF_MEMORY", 205},
        {"EXIT_INIT_FAILURE", 206},
        {"ERR_FWRITE", -105},
        {"ERR_FOPEN", -108},
        {"ERR_XML_PARSE", -112},
        {"ERR_EXEC", -148},
        {"ERR_FILE_MISSING", -163},
        {"ERR_TIMEOUT", -182},
    };
    for (size_t i = 0; i < sizeof boinc / sizeof boinc[0]; i++) {
        int code = 0;
        assert_true(vbw_exit_code_by_name(boinc[i].name, &code));
        assert_int_equal(code, boinc[i].code);
    }
    assert_int_equal(VBW_EXIT_ERR_EXEC, -148);
    assert_int_equal(VBW_EXIT_INIT_FAILURE, 206);
}

static void test_unknown_names(void **state)
{
    (void)state;
    int code = 7;
    assert_false(vbw_exit_code_by_name("ERR_NO_SUCH_CODE", &code));
    assert_false(vbw_exit_code_by_name("", &code));
    assert_false(vbw_exit_code_by_name("err_exec", &code));
    assert_false(vbw_exit_code_by_name("-148", &code));
    assert_int_equal(code, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boinc_names),
        cmocka_unit_test(test_unknown_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
