/*
 * test_cli_exec.c - vbw exec: the guest's output and exit status pass
 * through; timeouts, signals and guest-control failures map to 124, 128+N,
 * 125; --json carries every field scripts use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helper_cli.h"

static int setup(void **state)
{
    static struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    vbw_fake_hv_add_vm(&fake, "boinc_aaaa", VBW_VM_RUNNING);
    *state = &fake;
    return 0;
}

static void test_exit_code_and_streams(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->guest_result = (struct vbw_hv_guest_result){
        .finished = true, .exit_code = 3, .out = "hello\n", .err = "oops\n", .wall_ms = 42};
    struct cli_run r =
        cli_run(fake, "exec", "boinc_aaaa", "--user", "boinc", "--env", "A=1", "--env", "B=2",
                "--cwd", "/tmp", "--timeout", "1.5", "--", "/bin/sh", "-c", "exit 3", NULL);
    assert_int_equal(r.code, 3);
    assert_string_equal(r.out, "hello\n");
    assert_string_equal(r.err, "oops\n");
    assert_string_equal(fake->last_exe, "/bin/sh");
    assert_string_equal(fake->last_args, "/bin/sh|-c|exit 3");
    assert_string_equal(fake->last_user, "boinc");
    assert_string_equal(fake->last_cwd, "/tmp");
    assert_string_equal(fake->last_env, "A=1|B=2");
    assert_int_equal(fake->last_timeout_ms, 1500);
    cli_run_clear(&r);
}

static void test_json(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->guest_result = (struct vbw_hv_guest_result){
        .finished = true, .exit_code = 0, .out = "a\"b\n", .err = "", .wall_ms = 7};
    struct cli_run r =
        cli_run(fake, "--json", "exec", "boinc_aaaa", "--", "/bin/echo", "a\"b", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "{\"vm\":\"boinc_aaaa\",\"cmd\":\"/bin/echo\",\"args\":[\"a\\\"b\"],"
                               "\"out\":\"a\\\"b\\n\",\"err\":\"\",\"finished\":true,"
                               "\"exit_code_or_signal\":0,\"timed_out\":false,"
                               "\"resources\":{\"wall_ms\":7}}\n");
    assert_string_equal(r.err, "");
    cli_run_clear(&r);
}

static void test_killed_and_timeout(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->guest_result = (struct vbw_hv_guest_result){.finished = false, .term_signal = 9};
    struct cli_run r = cli_run(fake, "exec", "boinc_aaaa", "--", "/bin/sleep", "100", NULL);
    assert_int_equal(r.code, 137);
    assert_string_equal(r.err, "vbw: boinc_aaaa: /bin/sleep killed by signal 9\n");
    cli_run_clear(&r);

    r = cli_run(fake, "exec", "boinc_aaaa", "--json", "--", "/bin/sleep", "100", NULL);
    assert_int_equal(r.code, 137);
    assert_non_null(strstr(r.out, "\"finished\":false,\"exit_code_or_signal\":9"));
    cli_run_clear(&r);

    fake->guest_result = (struct vbw_hv_guest_result){.finished = false, .timed_out = true};
    r = cli_run(fake, "exec", "boinc_aaaa", "--timeout", "2", "--", "/bin/sleep", "100", NULL);
    assert_int_equal(r.code, 124);
    assert_string_equal(r.err, "vbw: boinc_aaaa: /bin/sleep timed out after 2 s\n");
    cli_run_clear(&r);

    r = cli_run(fake, "--json", "exec", "boinc_aaaa", "--timeout", "2", "--", "/bin/sleep", "100",
                NULL);
    assert_int_equal(r.code, 124);
    assert_non_null(strstr(r.out, "\"finished\":false,\"exit_code_or_signal\":null,"
                                  "\"timed_out\":true,"));
    cli_run_clear(&r);
}

/* VBoxManage says "killed by a signal" (exit 18), never which: 128, and
 * null in JSON rather than a made-up signal number. */
static void test_killed_signal_unknown(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->guest_result = (struct vbw_hv_guest_result){.finished = false, .term_signal = 0};
    struct cli_run r = cli_run(fake, "exec", "boinc_aaaa", "--", "/bin/sleep", "100", NULL);
    assert_int_equal(r.code, 128);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "vbw: boinc_aaaa: /bin/sleep killed by a signal (VirtualBox does "
                               "not say which)\n");
    cli_run_clear(&r);

    r = cli_run(fake, "exec", "boinc_aaaa", "--json", "--", "/bin/sleep", "100", NULL);
    assert_int_equal(r.code, 128);
    assert_non_null(strstr(r.out, "\"finished\":false,\"exit_code_or_signal\":null,"
                                  "\"timed_out\":false,"));
    assert_string_equal(r.err, "");
    cli_run_clear(&r);
}

static void test_guest_control_unavailable(void **state)
{
    struct vbw_fake_hv *fake = *state;
    vbw_fake_hv_fail_vbox(fake, "guest_run", 1, "VBOX_E_IPRT_ERROR", 0x80bb0005u,
                          "The guest execution service is not ready (yet)");
    struct cli_run r = cli_run(fake, "exec", "boinc_aaaa", "--json", "--", "/bin/true", NULL);
    assert_int_equal(r.code, 125);
    /* The keys of a run are all there, so scripts need not test for them. */
    assert_non_null(strstr(r.out, "{\"vm\":\"boinc_aaaa\",\"cmd\":\"/bin/true\",\"args\":[],"
                                  "\"out\":\"\",\"err\":\"\",\"finished\":false,"
                                  "\"exit_code_or_signal\":null,\"timed_out\":false,"
                                  "\"resources\":{},\"error\":"));
    assert_non_null(strstr(r.out, "\"vbox_error\":\"VBOX_E_IPRT_ERROR\""));
    assert_non_null(strstr(r.err, "vbw: boinc_aaaa: "));
    assert_non_null(strstr(r.err, "guest execution service is not ready"));
    cli_run_clear(&r);

    r = cli_run(fake, "exec", "ghost", "--", "/bin/true", NULL);
    assert_int_equal(r.code, 125);
    assert_non_null(strstr(r.err, "VBOX_E_OBJECT_NOT_FOUND"));
    cli_run_clear(&r);
}

static void test_bad_env(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "exec", "boinc_aaaa", "--env", "NOEQUALS", "--", "/x", NULL);
    assert_int_equal(r.code, 2);
    assert_int_equal(vbw_fake_hv_count(fake, "guest_run"), 0);
    cli_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_exit_code_and_streams, setup),
        cmocka_unit_test_setup(test_json, setup),
        cmocka_unit_test_setup(test_killed_and_timeout, setup),
        cmocka_unit_test_setup(test_killed_signal_unknown, setup),
        cmocka_unit_test_setup(test_guest_control_unavailable, setup),
        cmocka_unit_test_setup(test_bad_env, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
