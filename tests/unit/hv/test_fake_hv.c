/*
 * test_fake_hv.c - the fake hypervisor the task, vbw tool and model
 * scenario tests share (tests/support/vbw_fake_hv.h) keeps its word: its
 * fault knobs fail what they name when they say, it refuses what
 * VirtualBox refuses, its log says what a started VM does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "support/vbw_fake_hv.h"
#include "vbw/vbw_error.h"

static int setup(void **state)
{
    struct vbw_fake_hv *f = vbw_fake_hv_new();
    assert_non_null(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    vbw_fake_hv_free(*state);
    return 0;
}

#define OPS(f) ((f)->base.ops)

static void test_fault_after_skip_for_n_calls(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_RUNNING);
    vbw_fake_hv_fail(f, "vm_pause", 1, 2, VBW_ERR_VBOX, 0x80bb0007u, VBW_CLASS_LOCKED);
    assert_int_equal(OPS(f)->vm_pause(&f->base, "vm"), 0); /* skipped */
    assert_int_equal(OPS(f)->vm_resume(&f->base, "vm"), 0);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(OPS(f)->vm_pause(&f->base, "vm"), VBW_ERR_VBOX);
        assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_LOCKED);
        assert_true(vbw_error_last()->has_vbox);
        assert_int_equal(vbw_error_last()->vbox.hresult, 0x80bb0007u);
        assert_non_null(strstr(vbw_error_last()->message, "fake failure of vm_pause"));
    }
    assert_int_equal(OPS(f)->vm_pause(&f->base, "vm"), 0); /* spent */
    assert_int_equal(vbw_fake_hv_count(f, "vm_pause"), 4);
    assert_int_equal(f->vms[0].state, VBW_VM_PAUSED);
}

static void test_unknown_vm_fails_as_virtualbox_before_faults(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_fail_vbox(f, "guest_run", -1, "VBOX_E_IPRT_ERROR", 0x80bb0005u, "not ready");
    struct vbw_hv_guest_cmd cmd = {.exe = "/bin/true"};
    struct vbw_hv_guest_result r;
    memset(&r, 0, sizeof r);
    assert_int_equal(OPS(f)->guest_run(&f->base, "ghost", &cmd, &r), VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_NOT_FOUND);
    assert_string_equal(vbw_error_last()->vbox.name, "VBOX_E_OBJECT_NOT_FOUND");
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_RUNNING);
    assert_int_equal(OPS(f)->guest_run(&f->base, "vm", &cmd, &r), VBW_ERR_VBOX);
    assert_string_equal(vbw_error_last()->vbox.name, "VBOX_E_IPRT_ERROR");
    assert_non_null(strstr(vbw_error_last()->message, "not ready"));
    assert_string_equal(f->last_exe, "/bin/true");
}

static void test_power_refused_in_the_wrong_state(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_POWEROFF);
    assert_int_equal(OPS(f)->vm_pause(&f->base, "vm"), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_INVALID_STATE);
    assert_int_equal(OPS(f)->vm_savestate(&f->base, "vm"), VBW_ERR_VBOX);
    f->vms[0].state = VBW_VM_RUNNING;
    assert_int_equal(OPS(f)->vm_start(&f->base, "vm", true), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_LOCKED);
    assert_int_equal(f->vms[0].state, VBW_VM_RUNNING);
}

static void test_started_vm_comes_online_through_its_log(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_POWEROFF);
    f->start.pid_after_polls = 2;
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    assert_int_equal(OPS(f)->vm_start(&f->base, "vm", true), 0);
    assert_int_equal(f->vms[0].state, VBW_VM_STARTING);
    OPS(f)->log_poll(&f->base, "/slot/other/Logs", &ev); /* another VM's log */
    assert_false(ev.state_changed);
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_true(ev.state_changed);
    assert_int_equal(ev.state, VBW_VM_RUNNING);
    assert_int_equal(ev.vm_pid, 0); /* the pid line comes later */
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_int_equal(ev.vm_pid, 0);
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_int_equal(ev.vm_pid, 4242);
    vbw_fake_hv_guest_state(f, "vm", VBW_VM_ABORTED);
    assert_int_equal(f->vms[0].state, VBW_VM_RUNNING); /* until the log is read */
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_true(ev.state_changed);
    assert_int_equal(f->vms[0].state, VBW_VM_ABORTED);
    assert_int_equal(f->calls_through_start, 1);
    assert_int_equal(f->calls, 1); /* log polls are no calls */
}

static void test_start_knobs(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_POWEROFF);
    struct vbw_hv_log_events ev;
    memset(&ev, 0, sizeof ev);
    f->start.never_online = true;
    assert_int_equal(OPS(f)->vm_start(&f->base, "vm", true), 0);
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_false(ev.state_changed);
    assert_int_equal(f->vms[0].state, VBW_VM_STARTING);

    f->vms[0].state = VBW_VM_POWEROFF;
    snprintf(f->start.failure, sizeof f->start.failure, "VERR_VMX_MSR_ALL_VMX_DISABLED");
    f->start.hwvirt = true;
    f->start.failure_class = VBW_CLASS_NO_HWACCEL;
    assert_int_equal(OPS(f)->vm_start(&f->base, "vm", true), 0);
    OPS(f)->log_poll(&f->base, "/slot/vm/Logs", &ev);
    assert_string_equal(ev.failure, "VERR_VMX_MSR_ALL_VMX_DISABLED");
    assert_true(ev.hwvirt_failure);
    assert_int_equal(ev.failure_class, VBW_CLASS_NO_HWACCEL);
    assert_int_equal(f->vms[0].state, VBW_VM_POWEROFF);
}

static void test_snapshot_uuids_survive_deletes(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_POWEROFF);
    const char *names[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++)
        assert_int_equal(OPS(f)->snapshot_take(&f->base, "vm", names[i], false, NULL, NULL), 0);
    struct vbw_hv_snapshot_list list;
    assert_int_equal(OPS(f)->snapshot_list(&f->base, "vm", &list), 0);
    assert_int_equal(list.count, 3);
    /* Deleting by the UUIDs a list gave, oldest first, as the task does. */
    assert_int_equal(OPS(f)->snapshot_delete(&f->base, "vm", list.items[0].uuid, NULL, NULL), 0);
    assert_int_equal(OPS(f)->snapshot_delete(&f->base, "vm", list.items[1].uuid, NULL, NULL), 0);
    vbw_hv_snapshot_list_clear(&list);
    assert_int_equal(f->vms[0].n_snapshots, 1);
    assert_string_equal(f->vms[0].snapshots[0].name, "c");
    assert_int_equal(OPS(f)->snapshot_delete(&f->base, "vm", "a", NULL, NULL), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_NOT_FOUND);
}

static void test_counts_with_detail(void **state)
{
    struct vbw_fake_hv *f = *state;
    vbw_fake_hv_add_vm(f, "vm", VBW_VM_RUNNING);
    OPS(f)->vm_set_link(&f->base, "vm", 1, false);
    OPS(f)->vm_set_link(&f->base, "vm", 1, true);
    OPS(f)->vm_set_link(&f->base, "vm", 1, false);
    assert_int_equal(vbw_fake_hv_count(f, "vm_set_link_down"), 2);
    assert_int_equal(vbw_fake_hv_count(f, "vm_set_link_up"), 1);
    assert_int_equal(vbw_fake_hv_count(f, "vm_set_link"), 3);
    assert_true(f->link_up == false && f->link_changes == 3);
    OPS(f)->snapshot_restore_current(&f->base, "vm", NULL, NULL);
    assert_int_equal(vbw_fake_hv_count(f, "snapshot_restore"), 0);
    assert_int_equal(vbw_fake_hv_count(f, "snapshot_restore_current"), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fault_after_skip_for_n_calls, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_vm_fails_as_virtualbox_before_faults, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_power_refused_in_the_wrong_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_started_vm_comes_online_through_its_log, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_start_knobs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_uuids_survive_deletes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_counts_with_detail, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
