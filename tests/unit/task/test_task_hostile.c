/* test_task_hostile.c - issue 20: what a hostile guest (or a broken host)
 * can put into the files the task reads and writes, and what the task must
 * still do. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper_task_env.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_task_internal.h"

static char *read_slot_file(struct env *e, const char *rel, size_t *len)
{
    char *text = NULL;
    if (vbw_file_read_all(slot_path(e, rel), 1 << 20, &text, len) < 0)
        fail_msg("cannot read %s", rel);
    return text;
}

/* 20.3: %f of 1e300 is 301 digits; the writer once wrote snprintf's would-be
 * length from a 512-byte buffer (reading past it). The file must be whole. */
static void test_checkpoint_write_huge_values_whole(void **state)
{
    struct env *e = *state;
    struct vbw_task_config cfg = {.slot_dir = e->slot};
    struct vbw_task t;
    memset(&t, 0, sizeof t);
    t.cfg = &cfg;
    t.elapsed = 1e300;
    t.cpu_time = 1e300;
    t.webapi_port = 8080;
    assert_int_equal(vbw_task_checkpoint_write(&t), 0);
    size_t len = 0;
    char *text = read_slot_file(e, "vbox_checkpoint.xml", &len);
    assert_int_equal(strlen(text), len); /* no bytes from past a buffer */
    const char *tail = "</remote_desktop_port>\n</vbox_checkpoint>\n";
    assert_true(len > strlen(tail));
    assert_string_equal(text + len - strlen(tail), tail);
    assert_non_null(strstr(text, "<webapi_port>8080</webapi_port>"));
    char *want = vbw_asprintf("<elapsed_time>%f</elapsed_time>", 1e300);
    assert_non_null(strstr(text, want));
    free(want);
    free(text);
}

/* 20.9, 20.11: values from the file are checked: nan, inf, negative and
 * absurd times become 0; a port outside 1..65535 (or not an integer) is
 * chosen again instead of overflowing an int conversion. */
static void test_checkpoint_values_checked(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "<elapsed_time>nan</elapsed_time><cpu_time>10</cpu_time>",
        "<elapsed_time>inf</elapsed_time>",
        "<elapsed_time>1e300</elapsed_time>",
        "<cpu_time>-5</cpu_time>",
        "<webapi_port>1e300</webapi_port>",
        "<webapi_port>70000</webapi_port>",
        "<remote_desktop_port>-1</remote_desktop_port>",
        "<remote_desktop_port>80.5</remote_desktop_port>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct vbw_task_checkpoint_values v;
        assert_false(vbw_task_checkpoint_parse(bad[i], &v));
        assert_true(isfinite(v.elapsed) && v.elapsed >= 0 &&
                    v.elapsed <= VBW_CHECKPOINT_MAX_SECONDS);
        assert_true(isfinite(v.cpu_time) && v.cpu_time >= 0);
        assert_true(v.webapi_port >= 0 && v.webapi_port <= 65535);
        assert_true(v.rd_port >= 0 && v.rd_port <= 65535);
    }
    struct vbw_task_checkpoint_values v;
    assert_true(vbw_task_checkpoint_parse("<vbox_checkpoint><elapsed_time>5000.5</elapsed_time>"
                                          "<cpu_time>10</cpu_time><webapi_port>8080</webapi_port>"
                                          "<remote_desktop_port>0</remote_desktop_port>"
                                          "</vbox_checkpoint>",
                                          &v));
    assert_true(v.elapsed == 5000.5);
    assert_true(v.cpu_time == 10);
    assert_int_equal(v.webapi_port, 8080);
    assert_int_equal(v.rd_port, 0);
}

/* 20.9 over a whole run: a nan elapsed time in the checkpoint must not keep
 * the task from its time limit or send fraction_done=nan to the client. */
static void test_checkpoint_nan_elapsed_run(void **state)
{
    struct env *e = *state;
    write_slot_file(e, "vbox_checkpoint.xml",
                    "<vbox_checkpoint><elapsed_time>nan</elapsed_time><cpu_time>nan</cpu_time>"
                    "</vbox_checkpoint>\n");
    e->job.job_duration = 120;
    run(e);
    assert_true(isfinite(rec(e)->fraction_done));
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(logged(e, "elapsed_time nan is out of range"));
}

/* 20.6: BOINC has one trickle_up.xml; two trigger files seen in one check
 * once meant the second overwrote the first and both files were deleted.
 * Each must be taken by the client exactly once. */
static void test_two_trickles_each_sent_once(void **state)
{
    struct env *e = *state;
    char *names[] = {"trickle_a", "trickle_b"};
    e->job.trickle_trigger_files = names;
    e->job.n_trickle_trigger_files = 2;
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/trickle_a", "<a>1</a>");
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/trickle_b", "<b>2</b>");
    at(e, 120, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(rec(e)->trickles, 2);
    assert_string_equal(rec(e)->last_trickle, "trickle_b:<b>2</b>");
    assert_int_equal(access(slot_path(e, "shared/trickle_a"), F_OK), -1);
    assert_int_equal(access(slot_path(e, "shared/trickle_b"), F_OK), -1);
}

/* 20.5: the scheduler reads the body line by line up to `</msg_from_host>`;
 * well-formed XML can carry it in a comment, CDATA or an element. */
static void test_trickle_body_cannot_end_element(void **state)
{
    (void)state;
    static const char *const hostile[] = {
        "<p>1</p>\n<!--\n</msg_from_host>\n<msg_from_host>-->",
        "<p><![CDATA[\n</msg_from_host>\n]]></p>",
        "<msg_from_host>x</msg_from_host>",
        "<?pi </msg_from_host> ?><p/>",
    };
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        char *b = vbw_task_trickle_body(hostile[i]);
        assert_non_null(b);
        assert_null(strstr(b, "</msg_from_host>"));
        assert_null(strchr(b, '<'));
        free(b);
    }
    char *b = vbw_task_trickle_body("<progress>5</progress>\n<cpu>1</cpu>");
    assert_string_equal(b, "<progress>5</progress>\n<cpu>1</cpu>");
    free(b);
}

/* 20.14: a directory named as the temporary-exit trigger cannot be removed;
 * it once made every restart exit at once with an 86400 s back-off. */
static void test_temp_exit_trigger_directory_ignored(void **state)
{
    struct env *e = *state;
    assert_int_equal(mkdir(slot_path(e, "shared"), 0755), 0);
    assert_int_equal(mkdir(slot_path(e, "shared/boinc_temporary_exit"), 0755), 0);
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_false(rec(e)->temp_exited);
    assert_int_equal(rec(e)->exit_code, 194); /* the abort, not the trigger */
}

/* 20.15: a directory as a trickle trigger once logged two lines every 10 s
 * for ever. */
static void test_trickle_trigger_directory_ignored(void **state)
{
    struct env *e = *state;
    char *names[] = {"trickle_x"};
    e->job.trickle_trigger_files = names;
    e->job.n_trickle_trigger_files = 1;
    assert_int_equal(mkdir(slot_path(e, "shared"), 0755), 0);
    assert_int_equal(mkdir(slot_path(e, "shared/trickle_x"), 0755), 0);
    at(e, 300, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(rec(e)->trickles, 0);
    assert_false(logged(e, "trickle"));
}

/* 20.23: a slow VBox.log write (starved host) once made the task log and
 * report "PID = '0'" to the client. */
static void test_pid_late_in_log_never_zero(void **state)
{
    struct env *e = *state;
    e->hv->start.pid_after_polls = 6;
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_false(logged(e, "PID = '0'"));
    assert_true(logged(e, "Successfully started VM. (PID = '4242')"));
    assert_int_equal(rec(e)->other_pid, 4242);
}

/* A quit while the task still waits for the log to name the VM process
 * (CI's starved host: the pid line never came) is answered at once: the VM
 * powered off and the task gone well before the 15 s pid wait ends. It
 * waited the 15 s out before, while the guest ran on. */
static void test_quit_during_pid_wait_answered(void **state)
{
    struct env *e = *state;
    e->hv->start.pid_after_polls = 1000; /* the log never names it */
    at(e, 2, VBW_FAKE_QUIT, NULL, NULL);
    run(e);
    assert_true(logged(e, "Successfully started VM. (PID not yet in the VM log)"));
    assert_true(rec(e)->temp_exited);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_poweroff"), 1);
    assert_true(rec(e)->end_time < 2 + 5);
}

/* 20.4: with <share_slot_dir> the guest writes the VM log, and the client
 * kills the pid we report. A pid that is not the VM's process (the check
 * says no) is neither logged as the VM's nor reported. */
static bool only_pid_5000_is_vm(int pid, const char *vm, void *opaque)
{
    struct env *e = opaque;
    assert_string_equal(vm, e->d.vm_name);
    return pid == 5000;
}

static void test_pid_not_vm_process_not_reported(void **state)
{
    struct env *e = *state;
    e->process_is_vm = only_pid_5000_is_vm; /* the log says 4242 */
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_false(logged(e, "PID = '4242'"));
    assert_true(logged(e, "the VM log names process 4242, which is not this VM's process"));
    assert_int_not_equal(rec(e)->other_pid, 4242);
}

static void test_pid_of_vm_process_reported(void **state)
{
    struct env *e = *state;
    e->process_is_vm = only_pid_5000_is_vm;
    e->hv->start.pid = 5000;
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_true(logged(e, "Successfully started VM. (PID = '5000')"));
    assert_int_equal(rec(e)->other_pid, 5000);
}

/* 20.11: the snapshot name comes from the elapsed time; a checkpoint may
 * hold up to 100 years (3.15e9 s), past what an int holds: the name was
 * "boinc_-2147483648" (an overflowing conversion). It must be the time. */
static void test_snapshot_name_in_range(void **state)
{
    struct env *e = *state;
    struct vbw_task_config cfg = {.slot_dir = e->slot, .job = &e->job};
    struct vbw_task t;
    memset(&t, 0, sizeof t);
    t.cfg = &cfg;
    t.hv = &e->hv->base;
    snprintf(t.vm_name, sizeof t.vm_name, "%s", e->d.vm_name);
    add_vm(e, VBW_VM_POWEROFF); /* the VM the snapshots are of */
    t.elapsed = 3e9 + 0.75;
    assert_int_equal(vbw_task_snapshot(&t), 0);
    assert_string_equal(e->hv->last_snapshot, "boinc_3000000000");
    t.elapsed = VBW_CHECKPOINT_MAX_SECONDS;
    assert_int_equal(vbw_task_snapshot(&t), 0);
    assert_string_equal(e->hv->last_snapshot, "boinc_3153600000");
}

/* 20.16: what reaches the client's messages (finish message, temporary-exit
 * reason) is often VirtualBox's or the guest's text. DEL, bytes that are not
 * UTF-8, C1 controls and VBoxManage's own control characters (a carriage
 * return of its progress output, a terminal escape) once went through. */
static bool message_is_clean(const char *m)
{
    for (const unsigned char *p = (const unsigned char *)m; *p;) {
        size_t n = vbw_utf8_sequence_length(p, strlen((const char *)p));
        if (n == 0 || (n == 1 && ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)) ||
            (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
            return false;
        p += n;
    }
    return true;
}

static void test_clean_message_control_and_utf8(void **state)
{
    (void)state;
    char m[1100];
    snprintf(m, sizeof m,
             "ok \x7f\x1b[2Jdel \xff\xfe bad \xc2\x9b"
             "31m c1 caf\xc3\xa9 \r\nline2");
    vbw_task_clean_message(m);
    assert_true(message_is_clean(m));
    assert_string_equal(m, "ok [2Jdel ?? bad 31m c1 caf\xc3\xa9 \nline2");
    /* cut at 1000 bytes, never inside a character */
    size_t k = 0;
    m[k++] = 'x';
    while (k + 2 < sizeof m - 1) {
        m[k++] = '\xc3';
        m[k++] = '\xa9';
    }
    m[k] = '\0';
    vbw_task_clean_message(m);
    assert_true(strlen(m) <= 1000);
    assert_true(message_is_clean(m));
}

static void test_finish_message_from_vbox_cleaned(void **state)
{
    struct env *e = *state;
    vbw_fake_hv_fail(e->hv, "vm_create", 0, 1, VBW_ERR_VBOX, 0, VBW_CLASS_NONE)->text =
        "Progress \r0%...\x1b[1m\x7f failed \xe9t\xe9 \xc2\x9b";
    run(e);
    assert_int_equal(rec(e)->exit_code, 206);
    assert_non_null(strstr(rec(e)->message, "Could not create VM: Progress 0%..."));
    assert_true(message_is_clean(rec(e)->message));
}

static void test_temp_exit_reason_from_guest_cleaned(void **state)
{
    struct env *e = *state;
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/boinc_temporary_exit",
       "600\n1\nback \x7fsoon\xff \xc2\x85 \x1b]0;title\x07 now\n");
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_true(message_is_clean(rec(e)->message));
    assert_non_null(strstr(rec(e)->message, "back soon? "));
}

/* 20.17: on a full slot the temporary-exit file cannot be written; the
 * wrapper once exited 0 with neither that file nor a finish file (the client
 * then counts a premature exit and restarts at once, ignoring the delay).
 * The temporary exit is recorded before the task ends; when that fails the
 * task releases its VM and fails with ERR_FWRITE, saying why. */
static void test_temp_exit_file_unwritable(void **state)
{
    struct env *e = *state;
    vbw_client_fake_fail_temporary_exit_file(e->client);
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/boinc_temporary_exit", "600\n1\nback soon\n");
    run(e);
    assert_false(rec(e)->temp_exited);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, VBW_EXIT_ERR_FWRITE);
    assert_non_null(strstr(rec(e)->message, "temporary-exit"));
    assert_false(vm_registered(e)); /* the VM is not left behind */
    assert_true(logged(e, "cannot write the temporary-exit file"));
}

/* A reason-less temporary exit (after the client's quit) is not a promise
 * to the client (it restarts the task either way): no file is needed. */
static void test_quit_needs_no_temp_exit_file(void **state)
{
    struct env *e = *state;
    vbw_client_fake_fail_temporary_exit_file(e->client);
    at(e, 30, VBW_FAKE_QUIT, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_true(vm_registered(e));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_checkpoint_write_huge_values_whole),
        cmocka_unit_test(test_checkpoint_values_checked),
        T(test_pid_not_vm_process_not_reported),
        T(test_pid_of_vm_process_reported),
        T(test_checkpoint_nan_elapsed_run),
        T(test_two_trickles_each_sent_once),
        cmocka_unit_test(test_trickle_body_cannot_end_element),
        T(test_temp_exit_trigger_directory_ignored),
        T(test_trickle_trigger_directory_ignored),
        T(test_pid_late_in_log_never_zero),
        T(test_quit_during_pid_wait_answered),
        T(test_snapshot_name_in_range),
        cmocka_unit_test(test_clean_message_control_and_utf8),
        T(test_finish_message_from_vbox_cleaned),
        T(test_temp_exit_reason_from_guest_cleaned),
        T(test_temp_exit_file_unwritable),
        T(test_quit_needs_no_temp_exit_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
