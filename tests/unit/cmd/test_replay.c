/*
 * test_replay.c - the in-process replay backend and the transcript format:
 * answers in order, placeholders, repeats, the mismatch report, the
 * end-of-replay check, injected faults, and parse errors with line numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helper_cmd.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_transcript.h"
#include "vbw/vbw_util.h"

static const char *const vars[] = {"VM=boinc_0123456789abcdef", "SLOT=/var/lib/boinc/slots/7",
                                   NULL};

static const char transcript[] =
    "# version: 7.0.10r158379\n"
    "# source: hand-written for the test, formats of VBoxManageInfo.cpp (7.0.10)\n"
    "call --version\n"
    "stdout <<EOT\n"
    "7.0.10r158379\n"
    "EOT\n"
    "\n"
    "call showvminfo {VM} --machinereadable\n"
    "exit 1\n"
    "stderr <<EOT\n"
    "VBoxManage: error: Could not find a registered machine named '{VM}'\n"
    "EOT\n"
    "\n"
    "call createvm --name {VM} --basefolder {SLOT} --ostype Linux26_64 --register\n"
    "stdout <<EOT\n"
    "Virtual machine '{VM}' is created and registered.\n"
    "UUID: {UUID1}\n"
    "Settings file: '{SLOT}/{VM}/{VM}.vbox'\n"
    "EOT\n"
    "\n"
    "call storageattach {VM} --setuuid \"\" --medium \"{SLOT}/my disk.vdi\"\n"
    "\n"
    "call showvminfo {VM} --machinereadable\n"
    "repeat 2\n"
    "stdout <<EOT\n"
    "VMState=\"running\"\n"
    "EOT\n"
    "\n"
    "call showvminfo {VM} --machinereadable\n"
    "repeat *\n"
    "stdout <<EOT noeol\n"
    "VMState=\"poweroff\"\n"
    "EOT\n"
    "\n"
    "call unregistervm {ANY} --delete\n"
    "stdout <<END\n"
    "EOT\n"
    "0%...10%...100%\r\n"
    "END\n";

static struct vbw_cmd *open_replay(const char *text, char **path)
{
    *path = helper_write_temp(text);
    struct vbw_cmd *cmd = NULL;
    assert_int_equal(vbw_cmd_replay_new(*path, vars, &cmd), 0);
    return cmd;
}

static void call(struct vbw_cmd *cmd, struct vbw_cmd_result *r, int expect_rc, ...)
{
    const char *argv[16] = {"VBoxManage"};
    va_list ap;
    va_start(ap, expect_rc);
    for (int i = 1; i < 15; i++)
        if (!(argv[i] = va_arg(ap, const char *)))
            break;
    va_end(ap);
    assert_int_equal(vbw_cmd_run(cmd, argv, NULL, r), expect_rc);
}

static void test_whole_session(void **state)
{
    char *path;
    struct vbw_cmd *cmd = open_replay(transcript, &path);
    struct vbw_cmd_result r;
    call(cmd, &r, 0, "--version", NULL);
    assert_string_equal(r.out, "7.0.10r158379\n");
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 0);
    vbw_cmd_result_clear(&r);

    call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
    assert_int_equal(r.exit_code, 1);
    assert_string_equal(r.err, "VBoxManage: error: Could not find a registered machine named "
                               "'boinc_0123456789abcdef'\n");
    vbw_cmd_result_clear(&r);

    call(cmd, &r, 0, "createvm", "--name", "boinc_0123456789abcdef", "--basefolder",
         "/var/lib/boinc/slots/7", "--ostype", "Linux26_64", "--register", NULL);
    assert_non_null(strstr(r.out, "UUID: 00000000-0000-4000-8000-000000000001\n"));
    assert_non_null(strstr(r.out, "'/var/lib/boinc/slots/7/boinc_0123456789abcdef/"
                                  "boinc_0123456789abcdef.vbox'"));
    vbw_cmd_result_clear(&r);

    /* An empty argument and one with a space, quoted in the transcript. */
    call(cmd, &r, 0, "storageattach", "boinc_0123456789abcdef", "--setuuid", "", "--medium",
         "/var/lib/boinc/slots/7/my disk.vdi", NULL);
    assert_int_equal(r.out_len, 0);
    vbw_cmd_result_clear(&r);

    for (int i = 0; i < 2; i++) {
        call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
        assert_string_equal(r.out, "VMState=\"running\"\n");
        vbw_cmd_result_clear(&r);
    }
    /* After two answers the VM "stops": the next step answers, any number
     * of times, without a final newline (noeol). */
    for (int i = 0; i < 5; i++) {
        call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
        assert_string_equal(r.out, "VMState=\"poweroff\"");
        vbw_cmd_result_clear(&r);
    }
    assert_int_equal(vbw_cmd_replay_finish(cmd), VBW_ERR_MISMATCH);
    assert_non_null(strstr(vbw_error_last()->message, "unregistervm"));

    /* {ANY} matches whatever is there; a line equal to EOT is text when the
     * block's tag is END; the CR is kept. */
    call(cmd, &r, 0, "unregistervm", "whatever-name", "--delete", NULL);
    assert_string_equal(r.out, "EOT\n0%...10%...100%\r\n");
    vbw_cmd_result_clear(&r);
    assert_int_equal(vbw_cmd_replay_finish(cmd), 0);
    assert_int_equal(vbw_cmd_replay_calls(cmd), 12);
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_mismatch_report(void **state)
{
    char *path;
    struct vbw_cmd *cmd = open_replay(transcript, &path);
    struct vbw_cmd_result r;
    call(cmd, &r, 0, "--version", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, VBW_ERR_MISMATCH, "showvminfo", "other_vm", "--machinereadable", NULL);
    const char *m = vbw_error_last()->message;
    assert_non_null(strstr(m, "call 2"));
    assert_non_null(strstr(m, "step 2 (line 8)"));
    assert_non_null(strstr(m, "expected: showvminfo boinc_0123456789abcdef --machinereadable"));
    assert_non_null(strstr(m, "actual:   showvminfo other_vm --machinereadable"));
    /* The position did not move: the right call still gets its answer. */
    call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
    assert_int_equal(r.exit_code, 1);
    vbw_cmd_result_clear(&r);
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_exact_repeat_is_enforced(void **state)
{
    char *path;
    struct vbw_cmd *cmd = open_replay("call list vms\nrepeat 3\n\ncall --version\n", &path);
    struct vbw_cmd_result r;
    call(cmd, &r, 0, "list", "vms", NULL);
    vbw_cmd_result_clear(&r);
    /* Only one of three polls made: moving on is a mismatch. */
    call(cmd, &r, VBW_ERR_MISMATCH, "--version", NULL);
    call(cmd, &r, 0, "list", "vms", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "list", "vms", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, VBW_ERR_MISMATCH, "list", "vms", NULL); /* a fourth is too many */
    call(cmd, &r, 0, "--version", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, VBW_ERR_MISMATCH, "--version", NULL);
    assert_non_null(strstr(vbw_error_last()->message, "after the last step"));
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_injected_faults(void **state)
{
    char *path;
    struct vbw_cmd *cmd = open_replay(transcript, &path);
    struct vbw_cmd_result r;
    /* Calls 2 and 3 are session-locked; call 4 gets garbage; the recorded
     * answers wait behind them. */
    assert_int_equal(vbw_cmd_replay_add_faults(
                         cmd, "2:lock:2,4:garbage,5:hang,6:svc:1:CO_E_SERVER_EXEC_FAILURE"),
                     0);
    call(cmd, &r, 0, "--version", NULL);
    vbw_cmd_result_clear(&r);
    for (int i = 0; i < 2; i++) {
        call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
        assert_int_equal(r.exit_code, 1);
        assert_non_null(strstr(r.err, "The machine 'boinc_0123456789abcdef' is already locked"));
        assert_non_null(strstr(r.err, "Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007)"));
        vbw_cmd_result_clear(&r);
    }
    call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
    assert_int_equal(r.exit_code, 0);
    assert_true(r.out_len > 500);
    assert_int_equal(r.err_len, 0);
    vbw_cmd_result_clear(&r);
    struct vbw_cmd_options o = {.timeout_ms = 1234};
    const char *argv[] = {"VBoxManage", "showvminfo", "boinc_0123456789abcdef", "--machinereadable",
                          NULL};
    assert_int_equal(vbw_cmd_run(cmd, argv, &o, &r), 0);
    assert_true(r.timed_out);
    assert_false(r.exited);
    assert_int_equal(r.duration_ms, 1234);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
    assert_non_null(strstr(r.err, "Failed to create the VirtualBox object!"));
    assert_non_null(strstr(r.err, "Code CO_E_SERVER_EXEC_FAILURE (0x80080005)"));
    vbw_cmd_result_clear(&r);
    /* Now the recorded answer. */
    call(cmd, &r, 0, "showvminfo", "boinc_0123456789abcdef", "--machinereadable", NULL);
    assert_non_null(strstr(r.err, "Could not find a registered machine"));
    vbw_cmd_result_clear(&r);
    assert_int_equal(vbw_cmd_replay_add_faults(cmd, "3:nonsense"), VBW_ERR_INVALID);
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_step_fault_and_empty(void **state)
{
    char *path;
    struct vbw_cmd *cmd =
        open_replay("call controlvm {VM} pause\nfault lock 2\n\n"
                    "call controlvm {VM} resume\nfault exit0error 1 VBOX_E_INVALID_VM_STATE\n\n"
                    "call list runningvms\nfault empty\nstdout <<EOT\n\"{VM}\" {UUID2}\nEOT\n",
                    &path);
    struct vbw_cmd_result r;
    for (int i = 0; i < 3; i++) {
        call(cmd, &r, 0, "controlvm", "boinc_0123456789abcdef", "pause", NULL);
        assert_int_equal(r.exit_code, i < 2 ? 1 : 0);
        assert_true(i < 2 ? r.err_len > 0 : r.err_len == 0);
        vbw_cmd_result_clear(&r);
    }
    call(cmd, &r, 0, "controlvm", "boinc_0123456789abcdef", "resume", NULL);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.err, "VBOX_E_INVALID_VM_STATE (0x80bb0002)"));
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "controlvm", "boinc_0123456789abcdef", "resume", NULL);
    assert_int_equal(r.err_len, 0);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "list", "runningvms", NULL);
    assert_int_equal(r.out_len, 0);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "list", "runningvms", NULL);
    assert_string_equal(r.out, "\"boinc_0123456789abcdef\" 00000000-0000-4000-8000-000000000002\n");
    vbw_cmd_result_clear(&r);
    assert_int_equal(vbw_cmd_replay_finish(cmd), 0);
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_anytime_steps(void **state)
{
    char *path;
    struct vbw_cmd *cmd = open_replay("call --version\n\n"
                                      "call controlvm {VM} poweroff\nanytime\n\n"
                                      "call startvm {VM} --type headless\n\n"
                                      "call unregistervm {VM} --delete\nanytime\nexit 1\n",
                                      &path);
    struct vbw_cmd_result r;
    /* Out of order, before anything else, any number of times. */
    call(cmd, &r, 0, "controlvm", "boinc_0123456789abcdef", "poweroff", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "--version", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "unregistervm", "boinc_0123456789abcdef", "--delete", NULL);
    assert_int_equal(r.exit_code, 1);
    vbw_cmd_result_clear(&r);
    /* Never called in order: the check does not miss them. */
    assert_int_equal(vbw_cmd_replay_finish(cmd), VBW_ERR_MISMATCH);
    assert_non_null(strstr(vbw_error_last()->message, "startvm"));
    call(cmd, &r, 0, "startvm", "boinc_0123456789abcdef", "--type", "headless", NULL);
    vbw_cmd_result_clear(&r);
    call(cmd, &r, 0, "controlvm", "boinc_0123456789abcdef", "poweroff", NULL);
    vbw_cmd_result_clear(&r);
    assert_int_equal(vbw_cmd_replay_finish(cmd), 0);
    call(cmd, &r, VBW_ERR_MISMATCH, "startvm", "boinc_0123456789abcdef", "--type", "headless",
         NULL);
    vbw_cmd_free(cmd);
    unlink(path);
    free(path);
}

static void test_parse_errors_name_the_line(void **state)
{
    static const struct {
        const char *text;
        const char *expect;
    } cases[] = {
        {"exit 1\n", "line 1"},
        {"call a\nexit x\n", "line 2"},
        {"call a\n\n\nstdout <<EOT\nno end\n", "line 4: output block never closed"},
        {"call a\nrepeat 0\n", "line 2"},
        {"call a\nfrobnicate\n", "line 2: cannot read 'frobnicate'"},
        {"# only a comment\n", "no 'call' step"},
        {"call a\nfault nosuchfault\n", "line 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct vbw_transcript t;
        assert_int_equal(vbw_transcript_parse(cases[i].text, strlen(cases[i].text), "x.txt", &t),
                         VBW_ERR_PARSE);
        if (!strstr(vbw_error_last()->message, cases[i].expect))
            fail_msg("case %zu: '%s' lacks '%s'", i, vbw_error_last()->message, cases[i].expect);
    }
}

static void test_split_args(void **state)
{
    size_t n = 0;
    const char line[] = "a \"b c\" \"\" d\\e \"q\\\"x\\\\\" \"n\\nl\"";
    char **v = vbw_transcript_split_args(line, strlen(line), &n);
    assert_int_equal(n, 6);
    assert_string_equal(v[0], "a");
    assert_string_equal(v[1], "b c");
    assert_string_equal(v[2], "");
    assert_string_equal(v[3], "d\\e");
    assert_string_equal(v[4], "q\"x\\");
    assert_string_equal(v[5], "n\nl");
    assert_null(v[6]);
    vbw_strv_free(v);
}

/* VBW_TRANSCRIPT_VARS: one splitter for every reader (vbw_cmd_vars_parse);
 * an entry without '=' names no placeholder and is left out. */
static void test_vars_parse(void **state)
{
    (void)state;
    char **v = vbw_cmd_vars_parse("VM=boinc_x;junk;;SLOT=/s/1;A==b");
    assert_non_null(v);
    assert_string_equal(v[0], "VM=boinc_x");
    assert_string_equal(v[1], "SLOT=/s/1");
    assert_string_equal(v[2], "A==b");
    assert_null(v[3]);
    vbw_strv_free(v);
    v = vbw_cmd_vars_parse("");
    assert_non_null(v);
    assert_null(v[0]);
    vbw_strv_free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whole_session),
        cmocka_unit_test(test_mismatch_report),
        cmocka_unit_test(test_exact_repeat_is_enforced),
        cmocka_unit_test(test_injected_faults),
        cmocka_unit_test(test_step_fault_and_empty),
        cmocka_unit_test(test_anytime_steps),
        cmocka_unit_test(test_parse_errors_name_the_line),
        cmocka_unit_test(test_split_args),
        cmocka_unit_test(test_vars_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
