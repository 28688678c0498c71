/*
 * test_replay_program.c - bin/vbw-vboxmanage-replay, run as VBoxManage
 * would be (fork/exec through the exec backend): state kept between
 * processes, exit codes, mismatch exit 99, the final check, and a hang
 * fault killed by the caller's timeout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper_cmd.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"

static const char transcript[] =
    "# version: 6.1.40r154048\n"
    "call --version\nstdout <<EOT\n6.1.40r154048\nEOT\n\n"
    "call controlvm {VM} pause\n\n"
    "call showvminfo {VM} --machinereadable\nrepeat 2\nstdout <<EOT\nVMState=\"paused\"\nEOT\n\n"
    "call controlvm {VM} poweroff\nexit 1\nstderr <<EOT\n"
    "VBoxManage: error: Machine in invalid state 1 -- powered off\nEOT\n";

static struct vbw_cmd *program(const char *tpath, const char *state, const char *faults)
{
    setenv("VBW_REPLAY_TRANSCRIPT", tpath, 1);
    setenv("VBW_REPLAY_STATE", state, 1);
    setenv("VBW_TRANSCRIPT_VARS", "VM=boinc_v61", 1);
    if (faults)
        setenv("VBW_REPLAY_FAULTS", faults, 1);
    else
        unsetenv("VBW_REPLAY_FAULTS");
    struct vbw_cmd *cmd = NULL;
    assert_int_equal(vbw_cmd_exec_new(&cmd), 0); /* the environment is taken now */
    return cmd;
}

static int run(struct vbw_cmd *cmd, struct vbw_cmd_result *r, int timeout_ms, ...)
{
    const char *argv[12] = {VBW_REPLAY_PROGRAM};
    va_list ap;
    va_start(ap, timeout_ms);
    for (int i = 1; i < 11; i++)
        if (!(argv[i] = va_arg(ap, const char *)))
            break;
    va_end(ap);
    struct vbw_cmd_options o = {.timeout_ms = timeout_ms};
    return vbw_cmd_run(cmd, argv, &o, r);
}

/* The replay program's state file and the lock file beside it. */
static void remove_state(const char *spath)
{
    char lock[300];
    snprintf(lock, sizeof lock, "%s.lock", spath);
    unlink(spath);
    unlink(lock);
}

static void test_session_across_processes(void **state)
{
    char *tpath = helper_write_temp(transcript);
    char spath[256];
    snprintf(spath, sizeof spath, "%s.st", tpath);
    struct vbw_cmd *cmd = program(tpath, spath, NULL);
    struct vbw_cmd_result r;
    assert_int_equal(run(cmd, &r, 10000, "--version", NULL), 0);
    assert_string_equal(r.out, "6.1.40r154048\n");
    assert_int_equal(r.exit_code, 0);
    vbw_cmd_result_clear(&r);
    assert_int_equal(run(cmd, &r, 10000, "controlvm", "boinc_v61", "pause", NULL), 0);
    assert_int_equal(r.exit_code, 0);
    vbw_cmd_result_clear(&r);
    /* Not everything called yet. */
    assert_int_equal(run(cmd, &r, 10000, "--vbw-replay-check", NULL), 0);
    assert_int_equal(r.exit_code, 1);
    assert_non_null(strstr(
        r.err,
        "step 3 (line 9) was never called (0 of 2 calls made): showvminfo {VM} --machinereadable"));
    vbw_cmd_result_clear(&r);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(run(cmd, &r, 10000, "showvminfo", "boinc_v61", "--machinereadable", NULL),
                         0);
        assert_string_equal(r.out, "VMState=\"paused\"\n");
        vbw_cmd_result_clear(&r);
    }
    /* A call the transcript does not expect: 99 and the report. */
    assert_int_equal(run(cmd, &r, 10000, "controlvm", "boinc_v61", "resume", NULL), 0);
    assert_int_equal(r.exit_code, 99);
    assert_non_null(strstr(r.err, "expected: controlvm boinc_v61 poweroff"));
    assert_non_null(strstr(r.err, "actual:   controlvm boinc_v61 resume"));
    vbw_cmd_result_clear(&r);
    assert_int_equal(run(cmd, &r, 10000, "controlvm", "boinc_v61", "poweroff", NULL), 0);
    assert_int_equal(r.exit_code, 1);
    assert_string_equal(r.err, "VBoxManage: error: Machine in invalid state 1 -- powered off\n");
    vbw_cmd_result_clear(&r);
    assert_int_equal(run(cmd, &r, 10000, "--vbw-replay-check", NULL), 0);
    assert_int_equal(r.exit_code, 0);
    vbw_cmd_result_clear(&r);
    vbw_cmd_free(cmd);
    remove_state(spath);
    unlink(tpath);
    free(tpath);
}

static void test_hang_is_killed_and_retry_answers(void **state)
{
    char *tpath = helper_write_temp(transcript);
    char spath[256];
    snprintf(spath, sizeof spath, "%s.st", tpath);
    struct vbw_cmd *cmd = program(tpath, spath, "1:hang");
    struct vbw_cmd_result r;
    /* The deadline must leave the child time to start and reach its hang
     * (count the call): a process start takes ~0.6 s under wine and longer
     * on a starved host; killed earlier, the retry would be call 1 again
     * and hang too. */
    assert_int_equal(run(cmd, &r, 5000, "--version", NULL), 0);
    assert_true(r.timed_out);
    assert_int_equal(r.out_len, 0);
    vbw_cmd_result_clear(&r);
    assert_int_equal(run(cmd, &r, 10000, "--version", NULL), 0);
    assert_false(r.timed_out);
    assert_string_equal(r.out, "6.1.40r154048\n");
    vbw_cmd_result_clear(&r);
    vbw_cmd_free(cmd);
    remove_state(spath);
    unlink(tpath);
    free(tpath);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_session_across_processes),
        cmocka_unit_test(test_hang_is_killed_and_retry_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
