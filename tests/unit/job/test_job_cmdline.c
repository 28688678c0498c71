/*
 * test_job_cmdline.c - the wrapper's command line as upstream's main()
 * reads it (vboxwrapper.cpp), plus what upstream gets wrong: a missing value
 * or unknown option is exit 206 with the usage, never a read past argv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "helper_job.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct vbw_cmdline cl;

static int teardown(void **state)
{
    (void)state;
    vbw_cmdline_clear(&cl);
    return 0;
}

static void test_no_arguments(void **state)
{
    char *argv[] = {"vboxwrapper", NULL};
    int exit_code = -1;

    (void)state;
    assert_int_equal(vbw_cmdline_parse(1, argv, &cl, &exit_code), 0);
    assert_int_equal(exit_code, 0);
    assert_true(cl.trickle_period == 0.0);
    assert_int_equal(cl.nthreads, 0);
    assert_true(cl.memory_size_mb == 0.0);
    assert_int_equal(cl.vmimage, -1);
    assert_false(cl.register_only);
    assert_false(cl.sporadic);
    assert_false(cl.help);
    assert_false(cl.version);
    assert_string_equal(cl.raw, "");
}

static void test_every_option(void **state)
{
    char *argv[] = {"vboxwrapper", "--trickle",        "3600",      "--nthreads",
                    "4",           "--memory_size_mb", "2048",      "--vmimage",
                    "2",           "--register_only",  "--sporadic"};
    int exit_code = -1;

    (void)state;
    assert_int_equal(vbw_cmdline_parse(ARGC(argv), argv, &cl, &exit_code), 0);
    assert_true(cl.trickle_period == 3600.0);
    assert_int_equal(cl.nthreads, 4);
    assert_true(cl.memory_size_mb == 2048.0);
    assert_int_equal(cl.vmimage, 2);
    assert_true(cl.register_only);
    assert_true(cl.sporadic);
    /* Upstream writes shared/cmdline as "%s " for each argv[1..]. */
    assert_string_equal(cl.raw, "--trickle 3600 --nthreads 4 --memory_size_mb 2048 --vmimage 2 "
                                "--register_only --sporadic ");
}

static void test_help_and_version(void **state)
{
    char *argv[] = {"vboxwrapper", "--help", "--version"};

    (void)state;
    assert_int_equal(vbw_cmdline_parse(ARGC(argv), argv, &cl, NULL), 0);
    assert_true(cl.help);
    assert_true(cl.version);
    assert_non_null(strstr(vbw_cmdline_usage(), "--nthreads"));
}

static int nthreads_of(const char *value)
{
    char *argv[] = {"vboxwrapper", "--nthreads", (char *)value};
    int exit_code = 0;

    vbw_cmdline_clear(&cl);
    assert_int_equal(vbw_cmdline_parse(ARGC(argv), argv, &cl, &exit_code), 0);
    return cl.nthreads;
}

static void test_nthreads_ceil_and_max(void **state)
{
    (void)state;
    assert_int_equal(nthreads_of("2.5"), 3); /* (int)ceil(ncpus) */
    assert_int_equal(nthreads_of("0.5"), 1);
    assert_int_equal(nthreads_of("8"), 8);
    assert_int_equal(nthreads_of("32"), 32);
    assert_int_equal(nthreads_of("32.5"), 32); /* > 32 becomes 32 before ceil */
    assert_int_equal(nthreads_of("64"), 32);
    assert_int_equal(nthreads_of("0"), 0); /* unset */
}

static void expect_refused(int argc, char **argv, const char *needle)
{
    int exit_code = 0;
    int rc = vbw_cmdline_parse(argc, argv, &cl, &exit_code);
    const char *msg = vbw_error_last()->message;

    assert_true(rc < 0);
    assert_int_equal(exit_code, 206);
    assert_null(strchr(msg, '\n'));
    if (strstr(msg, needle) == NULL)
        fail_msg("\"%s\" not in \"%s\"", needle, msg);
    assert_non_null(strstr(msg, "usage:"));
    vbw_cmdline_clear(&cl);
}

static void test_missing_values(void **state)
{
    /* argc stops before the sentinel: reading it would be a read past argv. */
    char *trickle[] = {"vboxwrapper", "--trickle", "SENTINEL"};
    char *nthreads[] = {"vboxwrapper", "--nthreads", "SENTINEL"};
    char *memory[] = {"vboxwrapper", "--sporadic", "--memory_size_mb", "SENTINEL"};
    char *vmimage[] = {"vboxwrapper", "--vmimage", "SENTINEL"};

    (void)state;
    expect_refused(2, trickle, "--trickle");
    expect_refused(2, nthreads, "--nthreads");
    expect_refused(3, memory, "--memory_size_mb");
    expect_refused(2, vmimage, "--vmimage");
}

static void test_unknown_and_bad_values(void **state)
{
    char *unknown[] = {"vboxwrapper", "--sporadic", "--frobnicate"};
    char *single_dash[] = {"vboxwrapper", "-h"};
    char *not_number[] = {"vboxwrapper", "--nthreads", "many"};
    char *negative[] = {"vboxwrapper", "--memory_size_mb", "-5"};
    char *fraction_image[] = {"vboxwrapper", "--vmimage", "1.5"};

    (void)state;
    expect_refused(ARGC(unknown), unknown, "--frobnicate");
    expect_refused(ARGC(single_dash), single_dash, "-h");
    expect_refused(ARGC(not_number), not_number, "many");
    expect_refused(ARGC(negative), negative, "--memory_size_mb");
    expect_refused(ARGC(fraction_image), fraction_image, "--vmimage");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_no_arguments, teardown),
        cmocka_unit_test_teardown(test_every_option, teardown),
        cmocka_unit_test_teardown(test_help_and_version, teardown),
        cmocka_unit_test_teardown(test_nthreads_ceil_and_max, teardown),
        cmocka_unit_test_teardown(test_missing_values, teardown),
        cmocka_unit_test_teardown(test_unknown_and_bad_values, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
