/* test_task_startup.c - start-up checks, registration and start-up
 * failures, each classified as upstream does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper_task_env.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"

/* ---- start-up ---- */

static void test_time_limit_before_start_197(void **state)
{
    struct env *e = *state;
    FILE *f = fopen(slot_path(e, "vbox_checkpoint.xml"), "w");
    fprintf(f, "<vbox_checkpoint><elapsed_time>5000</elapsed_time><cpu_time>10</cpu_time></"
               "vbox_checkpoint>\n");
    fclose(f);
    e->job.job_duration = 3600;
    run(e);
    assert_int_equal(rec(e)->exit_code, 197);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_start"), 0);
}

static void test_no_hwaccel_64bit_err_exec(void **state)
{
    struct env *e = *state;
    e->id.p_features = "fpu sse2";
    run(e);
    assert_int_equal(rec(e)->exit_code, -148);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_create"), 0);
}

static void test_no_hwaccel_32bit_runs(void **state)
{
    struct env *e = *state;
    e->id.p_features = "fpu sse2 hypervisor";
    e->job.os_name = "Linux26";
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_create"), 1);
    assert_int_equal(rec(e)->exit_code, 194);
}

static void test_blacklisted_version(void **state)
{
    struct env *e = *state;
    e->hv->host.version = (struct vbw_hv_version){4, 3, 0, 0, "4.3.0"};
    e->hv->host.version_refused = true; /* detect's answer for it (backend test_backend.c) */
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_info"), 0);
}

static void test_copy_to_shared_and_cmdline(void **state)
{
    struct env *e = *state;
    char *files[] = {"input.dat"};
    e->job.copy_to_shared = files;
    e->job.n_copy_to_shared = 1;
    e->job.copy_cmdline_to_shared = true;
    e->cl.raw = "--trickle 100";
    FILE *f = fopen(slot_path(e, "input.dat"), "w");
    fputs("data", f);
    fclose(f);
    at(e, 10, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_int_equal(access(slot_path(e, "shared/input.dat"), F_OK), 0);
    assert_int_equal(access(slot_path(e, "shared/cmdline"), F_OK), 0);
    assert_true(logged(e, "Successfully copied 'input.dat' to the shared directory."));
}

/* 17.11: --sporadic hands the guest's shared folder to the BOINC API's
 * sporadic files (upstream: boinc_sporadic_dir(shared_dir)); the task runs. */
static void test_sporadic_files_in_shared(void **state)
{
    struct env *e = *state;
    e->cl.sporadic = true;
    at(e, 10, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_string_equal(rec(e)->sporadic_dir, slot_path(e, "shared"));
    assert_int_equal(access(slot_path(e, "shared/ac"), F_OK), 0);
    assert_int_equal(access(slot_path(e, "shared/ca"), F_OK), 0);
    assert_int_equal(rec(e)->exit_code, VBW_EXIT_ABORTED_BY_CLIENT);
}

/* With <share_slot_dir/> the guest's folder is the slot itself. */
static void test_sporadic_files_in_slot(void **state)
{
    struct env *e = *state;
    e->cl.sporadic = true;
    e->job.enable_shared_directory = false;
    e->job.share_slot_dir = true;
    at(e, 10, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_string_equal(rec(e)->sporadic_dir, e->slot);
    assert_int_equal(access(slot_path(e, "ac"), F_OK), 0);
}

/* No folder the guest sees: upstream's "couldn't create sporadic files",
 * exit 1, before any VM is made. */
static void test_sporadic_without_shared_folder(void **state)
{
    struct env *e = *state;
    e->cl.sporadic = true;
    e->job.enable_shared_directory = false;
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 1);
    assert_true(logged(e, "ERROR: couldn't create sporadic files:"));
    assert_false(vm_registered(e));
}

static void test_start_timeout_temp_exit(void **state)
{
    struct env *e = *state;
    e->hv->start.never_online = true;
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    assert_non_null(strstr(rec(e)->message, "online state"));
    assert_true(rec(e)->end_time >= 300 && rec(e)->end_time < 302);
}

static void test_start_foreign_hypervisor(void **state)
{
    struct env *e = *state;
    e->hv->start.never_online = true;
    snprintf(e->hv->start.failure, sizeof e->hv->start.failure, "VERR_VMX_IN_VMX_ROOT_MODE");
    e->hv->start.hwvirt = true;
    e->hv->start.failure_class = VBW_CLASS_HWACCEL_IN_USE;
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    assert_string_equal(rec(e)->message,
                        "Foreign VM Hypervisor locked hardware acceleration features.");
    assert_true(rec(e)->end_time < 5);
}

static void test_start_vmx_disabled_err_exec(void **state)
{
    struct env *e = *state;
    e->hv->start.never_online = true;
    snprintf(e->hv->start.failure, sizeof e->hv->start.failure, "VERR_VMX_MSR_ALL_VMX_DISABLED");
    e->hv->start.hwvirt = true;
    e->hv->start.failure_class = VBW_CLASS_NO_HWACCEL;
    run(e);
    assert_int_equal(rec(e)->exit_code, -148);
    assert_non_null(strstr(rec(e)->message, "VERR_VMX_MSR_ALL_VMX_DISABLED"));
    assert_false(vm_registered(e));
}

static void test_start_host_oom(void **state)
{
    struct env *e = *state;
    e->hv->start.never_online = true;
    e->hv->start.oom = true;
    e->hv->start.failure_class = VBW_CLASS_OUT_OF_MEMORY;
    snprintf(e->hv->start.failure, sizeof e->hv->start.failure, "VERR_NO_MEMORY");
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    assert_non_null(strstr(rec(e)->message, "memory"));
}

static void test_start_session_lock(void **state)
{
    struct env *e = *state;
    vbw_fake_hv_fail(e->hv, "vm_start", 0, 1, VBW_ERR_VBOX, 0x80bb0007u, VBW_CLASS_LOCKED);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(rec(e)->delay, 86400);
    /* the real VirtualBox error stays in the message */
    assert_non_null(strstr(rec(e)->message, "0x80bb0007"));
}

static void test_start_other_failure_206_keeps_error(void **state)
{
    struct env *e = *state;
    vbw_fake_hv_fail(e->hv, "vm_start", 0, 1, VBW_ERR_VBOX, 0x80004005u, VBW_CLASS_NONE);
    run(e);
    assert_int_equal(rec(e)->exit_code, 206);
    assert_non_null(strstr(rec(e)->message, "0x80004005"));
    assert_false(vm_registered(e));
}

static void test_host_not_ready(void **state)
{
    struct env *e = *state;
    e->hv->host.host_ready = false;
    run(e);
    assert_int_equal(rec(e)->exit_code, 1);
    assert_true(logged(e, "ERROR: VBoxManage list hostinfo failed"));
}

static void test_quit_before_start(void **state)
{
    struct env *e = *state;
    at(e, 0, VBW_FAKE_QUIT, NULL, NULL);
    run(e);
    assert_true(rec(e)->temp_exited);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_start"), 0);
}

static void test_running_vm_is_powered_off_first(void **state)
{
    struct env *e = *state;
    vbw_fake_vm_complete(add_vm(e, VBW_VM_RUNNING), 4);
    at(e, 10, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    assert_true(logged(e, "VM was running"));
    assert_true(vbw_fake_hv_count(e->hv, "vm_poweroff") >= 1);
}

static void test_proc_cpu_time_reads_proc(void **state)
{
    /* Burn 0.2 s of CPU by this process's own clock (not wall time: on a
     * starved host 0.2 s of wall time can hold almost no CPU), with a
     * generous wall-clock bound; /proc must then show at least 0.1 s. */
    volatile double x = 0;
    double t0 = vbw_time_monotonic();
    while ((double)clock() / CLOCKS_PER_SEC < 0.2 && vbw_time_monotonic() - t0 < 120)
        x += 1.0;
    assert_true((double)clock() / CLOCKS_PER_SEC >= 0.2);
    assert_true(vbw_task_proc_cpu_time(getpid(), NULL) >= 0.1);
    assert_true(vbw_task_proc_cpu_time(-1, NULL) == 0);
}

/* Issue 16.12: upstream (create_vm) attaches the host's Guest Additions ISO
 * -- VirtualBox's default, when it exists -- as a DVD to every VM it
 * creates, port 1 after the disk, with its own stderr line. VirtualBox
 * 7.2.22 keeps it registered after unregistervm --delete: at the end it is
 * closed, never deleted (it is VirtualBox's file). */
static void test_guest_additions_attached_and_closed(void **state)
{
    struct env *e = *state;
    char iso[] = "/opt/VirtualBox/additions/VBoxGuestAdditions.iso";
    e->hv->host.guest_additions_iso = iso; /* borrowed by the fake */
    at(e, 60, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(rec(e)->exit_code, 0);
    char want[256];
    snprintf(want, sizeof want, "dvd:1:%s ", iso);
    if (!strstr(e->hv->created.media, want))
        fail_msg("created with: %s", e->hv->created.media);
    assert_true(logged(e, "Adding VirtualBox Guest Additions to VM."));
    snprintf(want, sizeof want, "close:%s ", iso);
    if (!strstr(e->hv->media_closed, want))
        fail_msg("closed: %s", e->hv->media_closed);
    snprintf(want, sizeof want, "delete:%s", iso);
    assert_null(strstr(e->hv->media_closed, want));
}

/* Without an ISO on the host nothing is attached or closed for it. */
static void test_no_guest_additions_on_host(void **state)
{
    struct env *e = *state;
    at(e, 60, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_true(rec(e)->finished);
    assert_null(strstr(e->hv->created.media, "dvd:"));
    assert_false(logged(e, "Guest Additions"));
    assert_null(strstr(e->hv->media_closed, "close:"));
}

/* A VM of this task registered without the ISO (made before the host had
 * one) is whole: reused, not rebuilt (that would lose its checkpoint). */
static void test_vm_without_additions_reused(void **state)
{
    struct env *e = *state;
    e->hv->host.guest_additions_iso = "/usr/share/virtualbox/VBoxGuestAdditions.iso";
    vbw_fake_vm_complete(add_vm(e, VBW_VM_POWEROFF), 1);
    at(e, 60, VBW_FAKE_WRITE_FILE, "shared/boinc_finish_called", "0\n");
    run(e);
    assert_true(rec(e)->finished);
    assert_int_equal(vbw_fake_hv_count(e->hv, "vm_create"), 0);
    assert_false(logged(e, "incomplete"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_time_limit_before_start_197),
        T(test_no_hwaccel_64bit_err_exec),
        T(test_no_hwaccel_32bit_runs),
        T(test_blacklisted_version),
        T(test_copy_to_shared_and_cmdline),
        T(test_sporadic_files_in_shared),
        T(test_sporadic_files_in_slot),
        T(test_sporadic_without_shared_folder),
        T(test_start_timeout_temp_exit),
        T(test_start_foreign_hypervisor),
        T(test_start_vmx_disabled_err_exec),
        T(test_start_host_oom),
        T(test_start_session_lock),
        T(test_start_other_failure_206_keeps_error),
        T(test_host_not_ready),
        T(test_quit_before_start),
        T(test_running_vm_is_powered_off_first),
        T(test_guest_additions_attached_and_closed),
        T(test_no_guest_additions_on_host),
        T(test_vm_without_additions_reused),
        cmocka_unit_test(test_proc_cpu_time_reads_proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
