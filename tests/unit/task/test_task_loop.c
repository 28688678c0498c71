/* test_task_loop.c - the running task over the fake hypervisor and the fake client:
 * client events, checkpoints, the guest's files and power state. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper_task_env.h"
#include "vbw_task_internal.h" /* vbw_task_trickle_body: the pure body rule */
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"

/* ---- fresh task to completion ---- */

static void test_completion_file_finishes_and_cleans_up(void **state)
{
    struct env *e = *state;
    at(e, 3600, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n1\nall good\n");
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(rec(e)->is_notice);
    assert_string_equal(rec(e)->message, "all good");
    assert_true(logged(e, "VM Completion File Detected."));
    assert_true(logged(e, "VM Completion Message: all good."));
    assert_true(logged(e, "Successfully started VM. (PID = '4242')"));
    assert_false(vm_registered(e));
    assert_int_equal(e->out.vm_left, VBW_VM_LEFT_NOTHING);
    assert_int_equal(rec(e)->other_pid, 4242);
    /* reacted within the next second, no fixed sleep after clean-up */
    assert_true(rec(e)->end_time <= 3601.5);
}

static void test_fresh_start_call_budget(void **state)
{
    struct env *e = *state;
    at(e, 7200, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_true(e->hv->calls_through_start <= 8);
    /* steady state: after start nothing but the clean-up and checkpoints */
    unsigned steady =
        e->hv->calls - e->hv->calls_through_start - vbw_fake_hv_count(e->hv, "vm_unregister") -
        vbw_fake_hv_count(e->hv, "vm_poweroff") - vbw_fake_hv_count(e->hv, "snapshot_take") -
        vbw_fake_hv_count(e->hv, "snapshot_list") - vbw_fake_hv_count(e->hv, "snapshot_delete") -
        vbw_fake_hv_count(e->hv, "vm_pause") - vbw_fake_hv_count(e->hv, "vm_resume");
    assert_int_equal(steady, 0);
    assert_true(e->hv->log_polls > 1000);
}

static void test_restart_restores_snapshot(void **state)
{
    struct env *e = *state;
    write_slot_file(
        e, "vbox_checkpoint.xml",
        "<vbox_checkpoint>\n<elapsed_time>1200.0</elapsed_time>\n<cpu_time>1100.5</cpu_time>\n"
        "<webapi_port>0</webapi_port>\n<remote_desktop_port>0</remote_desktop_port>\n</"
        "vbox_checkpoint>\n");
    vbw_fake_vm_complete(add_vm(e, VBW_VM_POWEROFF), 4);
    at(e, 100, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_create"), 0);
    assert_int_equal(vbw_fake_hv_count(e->hv, "snapshot_restore_current"), 1);
    /* detect + showvminfo + restorecurrent + startvm */
    assert_int_equal(e->hv->calls_through_start, 4);
    assert_true(rec(e)->cpu_time >= 1100.5);
}

/* The lock around a change to the shared parent's children cannot be had
 * when the task unregisters its VM: as upstream's deregister_vm, said once
 * and done without it (the VM is still taken away). */
static void test_deregister_without_parent_lock(void **state)
{
    struct env *e = *state;
    e->job.multiattach_vdi_file = "parent.vdi";
    char lock[600];
    snprintf(lock, sizeof lock, "%s/project", e->slot);
    assert_int_equal(mkdir(lock, 0755), 0);
    snprintf(lock, sizeof lock, "%s/project/parent.vdi.lock", e->slot);
    assert_int_equal(mkdir(lock, 0755), 0); /* a lock file that cannot be opened */
    vbw_fake_vm_complete(add_vm(e, VBW_VM_POWEROFF), 4);
    at(e, 100, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(logged(e, "Could not set race mitigation lock in 'deregister_vm'. Will continue "
                          "without a lock. (cannot open lock file"));
    assert_false(vm_registered(e));
}

static void test_reregister_vbox_file(void **state)
{
    struct env *e = *state;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", e->slot, e->d.vm_name);
    mkdir(dir, 0755);
    char file[900];
    snprintf(file, sizeof file, "%s/%s.vbox", dir, e->d.vm_name);
    FILE *f = fopen(file, "w");
    fputs("<VirtualBox/>\n", f);
    fclose(f);
    at(e, 10, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_register"), 1);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_create"), 0);
}

static void test_register_only_keeps_vm(void **state)
{
    struct env *e = *state;
    e->cl.register_only = true;
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(vm_registered(e));
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_start"), 0);
}

/* ---- client events ---- */

static void hook(double t, enum vbw_fake_action a, const char *path, const char *content, void *o)
{
    (void)o;
}

static void test_suspend_resume_reacts_fast(void **state)
{
    struct env *e = *state;
    at(e, 100.05, VBW_FAKE_SUSPEND, NULL, NULL);
    at(e, 200.05, VBW_FAKE_RESUME, NULL, NULL);
    at(e, 300, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    vbw_client_fake_set_hook(e->client, hook, NULL);
    e->hv->clock = e->client;
    run(e);
    /* reaction within 0.2 s of the client's change */
    assert_true(e->hv->pause_time >= 100.05 && e->hv->pause_time <= 100.25);
    assert_true(e->hv->resume_time >= 200.05 && e->hv->resume_time <= 200.25);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_pause"), 1);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_resume"), 1);
    assert_true(rec(e)->finished);
    /* The VM was paused 100 s: elapsed time excludes it (checkpoint file). */
    assert_int_equal(rec(e)->exit_code, 0);
}

static void test_quit_powers_off_and_keeps_vm(void **state)
{
    struct env *e = *state;
    at(e, 50, VBW_FAKE_QUIT, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_poweroff"), 1);
    assert_true(vm_registered(e));
    assert_int_equal(e->out.vm_left, VBW_VM_LEFT_REGISTERED);
}

static void test_quit_with_savestate(void **state)
{
    struct env *e = *state;
    e->job.enable_vm_savestate_usage = true;
    at(e, 50, VBW_FAKE_NO_HEARTBEAT, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(vbw_fake_hv_count(e->hv, "snapshot_take"), 1);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_savestate"), 1);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_poweroff"), 0);
    assert_int_equal(rec(e)->checkpoints, 1);
}

static void test_abort_cleans_up_194(void **state)
{
    struct env *e = *state;
    at(e, 50, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 194);
    assert_false(vm_registered(e));
}

static void test_network_suspend_sets_link(void **state)
{
    struct env *e = *state;
    e->job.enable_network = true;
    at(e, 20, VBW_FAKE_NETWORK_SUSPEND, NULL, NULL);
    at(e, 40, VBW_FAKE_NETWORK_RESUME, NULL, NULL);
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_set_link_down"), 1);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_set_link_up"), 1);
    assert_true(e->hv->link_up);
}

static void test_prefs_change_sets_cpu_cap(void **state)
{
    struct env *e = *state;
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    /* PREFS takes the new cpu_usage_limit, not a path */
    vbw_client_fake_at(e->client, 20, VBW_FAKE_PREFS, "50", NULL);
    run(e);
    assert_int_equal(e->hv->last_cpu_cap, 50);
    assert_true(logged(e, "Preference change detected"));
}

/* ---- checkpoints ---- */

static void test_checkpoint_after_interval(void **state)
{
    struct env *e = *state;
    at(e, 1300, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    /* interval max(60, 600) = 600 s: two checkpoints in 1300 s */
    assert_int_equal(vbw_fake_hv_count(e->hv, "snapshot_take"), 2);
    assert_int_equal(rec(e)->checkpoints, 2);
    char *text = NULL;
    size_t len;
    assert_int_equal(vbw_file_read_all(slot_path(e, "vbox_checkpoint.xml"), 4096, &text, &len), 0);
    assert_non_null(strstr(text, "<elapsed_time>1200"));
    free(text);
}

static void test_snapshot_failure_temp_exit_300(void **state)
{
    struct env *e = *state;
    vbw_fake_hv_fail(e->hv, "snapshot_take", 0, 1, VBW_ERR_VBOX, 0x80bb0007u, VBW_CLASS_LOCKED);
    at(e, 2000, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 300);
    assert_string_equal(rec(e)->message, "VM snapshot failed. Will exit and restart in 300 sec.");
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_poweroff"), 1);
    assert_true(vm_registered(e));
}

static void test_pause_failure_temp_exit_300(void **state)
{
    struct env *e = *state;
    vbw_fake_hv_fail(e->hv, "vm_pause", 0, 1, VBW_ERR_VBOX, 0x80bb0007u, VBW_CLASS_LOCKED);
    at(e, 30, VBW_FAKE_SUSPEND, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 300);
    assert_string_equal(rec(e)->message, "VM suspend failed. Will exit and restart in 300 sec.");
}

/* ---- guest ---- */

static void poweroff_hook(double t, enum vbw_fake_action a, const char *path, const char *content,
                          void *o)
{
    struct env *e = o;
    if (a == VBW_FAKE_HOOK && strcmp(path, "poweroff") == 0)
        vbw_fake_hv_guest_state(e->hv, e->d.vm_name, VBW_VM_POWEROFF);
    if (a == VBW_FAKE_HOOK && strcmp(path, "aborted") == 0)
        vbw_fake_hv_guest_state(e->hv, e->d.vm_name, VBW_VM_ABORTED);
    if (a == VBW_FAKE_HOOK && strcmp(path, "oom") == 0)
        vbw_fake_hv_guest_out_of_memory(e->hv, e->d.vm_name);
}

static void test_guest_poweroff_success(void **state)
{
    struct env *e = *state;
    vbw_client_fake_at(e->client, 500, VBW_FAKE_HOOK, "poweroff", NULL);
    vbw_client_fake_set_hook(e->client, poweroff_hook, e);
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(logged(e, "Virtual machine exited."));
    assert_false(vm_registered(e));
}

static void test_guest_poweroff_before_duration_194(void **state)
{
    struct env *e = *state;
    e->job.job_duration = 3600;
    vbw_client_fake_at(e->client, 500, VBW_FAKE_HOOK, "poweroff", NULL);
    vbw_client_fake_set_hook(e->client, poweroff_hook, e);
    run(e);
    assert_int_equal(rec(e)->exit_code, 194);
    assert_true(logged(e, "VM Premature Shutdown Detected."));
}

static void test_guest_crash_194(void **state)
{
    struct env *e = *state;
    vbw_client_fake_at(e->client, 500, VBW_FAKE_HOOK, "aborted", NULL);
    vbw_client_fake_set_hook(e->client, poweroff_hook, e);
    run(e);
    assert_int_equal(rec(e)->exit_code, 194);
    assert_true(logged(e, "VM Premature Shutdown Detected."));
    assert_false(vm_registered(e));
}

static void test_guest_out_of_memory_205(void **state)
{
    struct env *e = *state;
    vbw_client_fake_at(e->client, 500, VBW_FAKE_HOOK, "oom", NULL);
    vbw_client_fake_set_hook(e->client, poweroff_hook, e);
    run(e);
    assert_int_equal(rec(e)->exit_code, 205);
    assert_false(vm_registered(e));
}

static void test_job_duration_reached_finishes_0(void **state)
{
    struct env *e = *state;
    e->job.job_duration = 1000;
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(rec(e)->end_time < 1010);
    assert_false(vm_registered(e));
}

static void test_temporary_exit_trigger(void **state)
{
    struct env *e = *state;
    at(e, 700, VBW_FAKE_WRITE_FILE, "shared/boinc_temporary_exit", "1800\n1\nwaiting for data\n");
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 1800);
    assert_true(rec(e)->is_notice);
    assert_string_equal(rec(e)->message, "waiting for data");
    assert_true(logged(e, "VM Temporary Exit File Detected."));
    assert_int_equal(access(slot_path(e, "shared/boinc_temporary_exit"), F_OK), -1);
    assert_true(vm_registered(e));
}

static void test_heartbeat_stale_fails(void **state)
{
    struct env *e = *state;
    e->job.heartbeat_filename = "heartbeat";
    e->job.minimum_heartbeat_interval = 300;
    at(e, 1, VBW_FAKE_TOUCH_FILE, "shared/heartbeat", NULL);
    at(e, 150, VBW_FAKE_TOUCH_FILE, "shared/heartbeat", NULL);
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, -182); /* ERR_TIMEOUT */
    assert_true(logged(e, "VM Heartbeat file specified, but missing heartbeat."));
    /* three stale 100 s checks after the last beat at 150 s */
    assert_true(rec(e)->end_time > 350 && rec(e)->end_time < 520);
}

/* 17.8: <enable_screenshots_on_error/>: the failed VM's screen is saved and
 * printed in stderr.txt as upstream prints it (base64 PNG with its MD5). */
static void test_screenshot_on_heartbeat_failure(void **state)
{
    struct env *e = *state;
    e->job.heartbeat_filename = "heartbeat";
    e->job.minimum_heartbeat_interval = 300;
    e->job.enable_screenshots_on_error = true;
    run(e);
    assert_int_equal(rec(e)->exit_code, -163); /* ERR_FILE_MISSING */
    assert_true(logged(e, "Capturing screenshot."));
    assert_true(logged(e, "Screenshot completed."));
    /* md5sum and base64 of vbw_fake_hv_png (coreutils). */
    assert_true(logged(e, "Screen Shot Information (Base64 Encoded PNG):\n"
                          "MD5 Signature: 36bbd90a8f515b48cafb94118844ed8f"));
    assert_true(logged(e, "Data: iVBORw0KGgoBAgME\n"));
}

static void test_no_screenshot_unless_asked(void **state)
{
    struct env *e = *state;
    e->job.heartbeat_filename = "heartbeat";
    e->job.minimum_heartbeat_interval = 300;
    run(e);
    assert_false(logged(e, "Capturing screenshot."));
    assert_int_equal(access(slot_path(e, "vbox_screenshot.png"), F_OK), -1);
}

static void test_heartbeat_missing_fails(void **state)
{
    struct env *e = *state;
    e->job.heartbeat_filename = "heartbeat";
    e->job.minimum_heartbeat_interval = 300;
    run(e);
    assert_int_equal(rec(e)->exit_code, -163); /* ERR_FILE_MISSING */
    assert_true(logged(e, "VM Heartbeat file specified, but missing."));
}

static void test_trickle_trigger(void **state)
{
    struct env *e = *state;
    char *names[] = {"trickle_x"};
    e->job.trickle_trigger_files = names;
    e->job.n_trickle_trigger_files = 1;
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/trickle_x", "<progress>5</progress>");
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(rec(e)->trickles, 1);
    assert_int_equal(access(slot_path(e, "shared/trickle_x"), F_OK), -1);
    /* A well-formed XML fragment is the body, as upstream sends it. */
    assert_string_equal(rec(e)->last_trickle, "trickle_x:<progress>5</progress>");
}

/* A body that would break out of the client's enclosing element is escaped,
 * control characters are dropped. */
static void test_trickle_injection_escaped(void **state)
{
    struct env *e = *state;
    char *names[] = {"trickle_x"};
    e->job.trickle_trigger_files = names;
    e->job.n_trickle_trigger_files = 1;
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/trickle_x", "a\x01</msg_from_host><evil attr='1'/>&");
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(rec(e)->trickles, 1);
    assert_string_equal(rec(e)->last_trickle,
                        "trickle_x:a&lt;/msg_from_host&gt;&lt;evil attr='1'/&gt;&amp;");
}

/* Entities and declarations are not a fragment: escaped, never expanded. */
static void test_trickle_body_rules(void **state)
{
    (void)state;
    char *b = vbw_task_trickle_body("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>");
    assert_non_null(b);
    assert_null(strchr(b, '<'));
    free(b);
    b = vbw_task_trickle_body("<a><b>1</b>text &amp; more</a>\n<c/>");
    assert_string_equal(b, "<a><b>1</b>text &amp; more</a>\n<c/>");
    free(b);
    b = vbw_task_trickle_body("<a>");
    assert_string_equal(b, "&lt;a&gt;");
    free(b);
    char big[VBW_TRICKLE_MAX + 100];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    b = vbw_task_trickle_body(big);
    assert_int_equal(strlen(b), VBW_TRICKLE_MAX);
    free(b);
}

static void test_fraction_done_file(void **state)
{
    struct env *e = *state;
    e->job.fraction_done_filename = "progress";
    at(e, 30, VBW_FAKE_WRITE_FILE, "shared/progress", "0.1\n0.25\n");
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_true(rec(e)->fraction_done > 0.249 && rec(e)->fraction_done < 0.251);
}

static void test_trickle_period(void **state)
{
    struct env *e = *state;
    e->cl.trickle_period = 100;
    at(e, 350, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(rec(e)->trickles, 3);
}

static double fake_cpu(int pid, void *opaque)
{
    struct env *e = opaque;
    assert_int_equal(pid, 4242);
    return 0.5 * e->client->ops->now(e->client); /* the VM uses half a core */
}

static int g_prio_pid, g_prio_value;
static void fake_priority(int pid, int value, void *opaque)
{
    g_prio_pid = pid;
    g_prio_value = value;
}

static void test_cpu_time_and_priority(void **state)
{
    struct env *e = *state;
    at(e, 100, VBW_FAKE_ABORT, NULL, NULL);
    e->cpu_time = fake_cpu;
    e->set_priority = fake_priority;
    run(e);
    /* sampled every 10 s: the last sample is at least 90 s in */
    assert_true(rec(e)->cpu_time >= 45 && rec(e)->cpu_time <= 50);
    assert_int_equal(g_prio_pid, 4242);
    assert_int_equal(g_prio_value, 10);
}

/* ---- the guest's log lines (issue 17.3) ---- */

/* Each count of needle in the stderr text. */
static unsigned count_logged(struct env *e, const char *needle)
{
    unsigned n = 0;
    for (const char *p = e->stderr_text.data; p && (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static void test_guest_log_lines_copied_to_stderr(void **state)
{
    struct env *e = *state;
    e->hv->guest_line = "Guest Log: job: step 1\x1b[2J done\tnow\r";
    e->hv->guest_lines_per_poll = 1;
    at(e, 5, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_int_equal(rec(e)->exit_code, 0);
    /* as upstream, from "Guest Log:" on; the escape and the CR dropped */
    assert_true(logged(e, "Guest Log: job: step 1[2J done now\n"));
    assert_int_equal(count_logged(e, "Guest Log: job: step 1"), e->hv->guest_lines_sent);
}

static void test_guest_log_bounded(void **state)
{
    struct env *e = *state;
    static char chatty[4096];
    memcpy(chatty, "Guest Log: ", 11);
    memset(chatty + 11, 'x', sizeof chatty - 12);
    e->hv->guest_line = chatty;
    e->hv->guest_lines_per_poll = 300; /* 1.2 MB a second */
    at(e, 60, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_int_equal(rec(e)->exit_code, 0);
    assert_true(e->hv->guest_lines_sent > 10000);
    /* each line cut at 1 KiB, the run at 1 MiB, then one note */
    assert_true(e->stderr_text.len < VBW_GUEST_LOG_BUDGET + 64 * 1024);
    size_t longest = 0;
    for (const char *p = e->stderr_text.data; *p;) {
        size_t n = strcspn(p, "\n");
        if (strstr(p, "Guest Log: xxx") && strstr(p, "Guest Log: xxx") < p + n && n > longest)
            longest = n;
        p += n + (p[n] == '\n');
    }
    assert_true(longest > 1000);                         /* lines are copied, each cut ... */
    assert_true(longest <= VBW_GUEST_LOG_LINE_MAX + 40); /* ... after the log prefix */
    assert_int_equal(count_logged(e, "further lines are not copied"), 1);
    assert_true(logged(e, "VM Completion File Detected."));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_completion_file_finishes_and_cleans_up),
        T(test_fresh_start_call_budget),
        T(test_restart_restores_snapshot),
        T(test_reregister_vbox_file),
        T(test_deregister_without_parent_lock),
        T(test_register_only_keeps_vm),
        T(test_suspend_resume_reacts_fast),
        T(test_quit_powers_off_and_keeps_vm),
        T(test_quit_with_savestate),
        T(test_abort_cleans_up_194),
        T(test_network_suspend_sets_link),
        T(test_prefs_change_sets_cpu_cap),
        T(test_checkpoint_after_interval),
        T(test_snapshot_failure_temp_exit_300),
        T(test_pause_failure_temp_exit_300),
        T(test_guest_poweroff_success),
        T(test_guest_poweroff_before_duration_194),
        T(test_guest_crash_194),
        T(test_guest_out_of_memory_205),
        T(test_job_duration_reached_finishes_0),
        T(test_temporary_exit_trigger),
        T(test_heartbeat_stale_fails),
        T(test_screenshot_on_heartbeat_failure),
        T(test_no_screenshot_unless_asked),
        T(test_heartbeat_missing_fails),
        T(test_trickle_trigger),
        T(test_trickle_injection_escaped),
        cmocka_unit_test(test_trickle_body_rules),
        T(test_fraction_done_file),
        T(test_trickle_period),
        T(test_cpu_time_and_priority),
        T(test_guest_log_lines_copied_to_stderr),
        T(test_guest_log_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
