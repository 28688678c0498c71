/*
 * test_hv_state.c - the VM state predicates of vbw_hv.h, one definition
 * each: "has a process" (what must be powered off before unregistering:
 * vbw tool, stale-VM release) and "online" (what the wrapper counts as a
 * running guest: upstream's poll() set plus the transient states).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "vbw/vbw_hv.h"

static void test_guru_meditation_has_a_process_but_is_not_online(void **state)
{
    (void)state;
    assert_true(vbw_vm_state_has_process(VBW_VM_GURU_MEDITATION));
    assert_false(vbw_vm_state_is_online(VBW_VM_GURU_MEDITATION));
}

static void test_transient_offline_states_are_online_without_process(void **state)
{
    (void)state;
    assert_true(vbw_vm_state_is_online(VBW_VM_SETTING_UP));
    assert_true(vbw_vm_state_is_online(VBW_VM_RESTORING_SNAPSHOT));
    assert_false(vbw_vm_state_has_process(VBW_VM_SETTING_UP));
    assert_false(vbw_vm_state_has_process(VBW_VM_RESTORING_SNAPSHOT));
}

static void test_running_states_and_stopped_states(void **state)
{
    (void)state;
    const enum vbw_vm_state both[] = {
        VBW_VM_STARTING, VBW_VM_RUNNING,   VBW_VM_PAUSED,       VBW_VM_STOPPING,
        VBW_VM_SAVING,   VBW_VM_RESTORING, VBW_VM_SNAPSHOTTING, VBW_VM_DELETING_SNAPSHOT};
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        assert_true(vbw_vm_state_has_process(both[i]));
        assert_true(vbw_vm_state_is_online(both[i]));
    }
    const enum vbw_vm_state neither[] = {VBW_VM_POWEROFF, VBW_VM_SAVED, VBW_VM_ABORTED,
                                         VBW_VM_UNKNOWN};
    for (size_t i = 0; i < sizeof neither / sizeof neither[0]; i++) {
        assert_false(vbw_vm_state_has_process(neither[i]));
        assert_false(vbw_vm_state_is_online(neither[i]));
    }
}

/* A paused guest does not run, so it cannot be alive (vbw wait --follow
 * reports it stopped, list --alive says no) although its VM has a process
 * and its guest properties stay. */
static void test_guest_runs_only_where_it_executes(void **state)
{
    (void)state;
    const enum vbw_vm_state runs[] = {VBW_VM_RUNNING, VBW_VM_SNAPSHOTTING, VBW_VM_DELETING_SNAPSHOT,
                                      VBW_VM_TELEPORTING};
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
        assert_true(vbw_vm_state_guest_runs(runs[i]));
    const enum vbw_vm_state not [] = {
        VBW_VM_PAUSED,     VBW_VM_GURU_MEDITATION, VBW_VM_STARTING,   VBW_VM_RESTORING,
        VBW_VM_SAVING,     VBW_VM_STOPPING,        VBW_VM_SETTING_UP, VBW_VM_RESTORING_SNAPSHOT,
        VBW_VM_POWEROFF,   VBW_VM_SAVED,           VBW_VM_ABORTED,    VBW_VM_ABORTED_SAVED,
        VBW_VM_TELEPORTED, VBW_VM_UNKNOWN};
    for (size_t i = 0; i < sizeof not / sizeof not [0]; i++)
        assert_false(vbw_vm_state_guest_runs(not [i]));
}

/* One spelling out (the machine-readable one), every version's in. */
static void test_state_names_both_ways(void **state)
{
    (void)state;
    for (int s = VBW_VM_POWEROFF; s <= VBW_VM_SETTING_UP; s++)
        assert_int_equal(vbw_vm_state_from_name(vbw_vm_state_name((enum vbw_vm_state)s)), s);
    assert_string_equal(vbw_vm_state_name(VBW_VM_SNAPSHOTTING), "snapshotting");
    assert_int_equal(vbw_vm_state_from_name("livesnapshotting"), VBW_VM_SNAPSHOTTING);
    assert_int_equal(vbw_vm_state_from_name("onlinesnapshotting"), VBW_VM_SNAPSHOTTING);
    assert_int_equal(vbw_vm_state_from_name("deletingsnapshotpaused"), VBW_VM_DELETING_SNAPSHOT);
    assert_int_equal(vbw_vm_state_from_name("guru meditation"), VBW_VM_GURU_MEDITATION);
    assert_string_equal(vbw_vm_state_name(VBW_VM_GURU_MEDITATION), "gurumeditation");
    assert_int_equal(vbw_vm_state_from_name("levitating"), VBW_VM_UNKNOWN);
    assert_int_equal(vbw_vm_state_from_name(NULL), VBW_VM_UNKNOWN);
    assert_string_equal(vbw_vm_state_name(VBW_VM_UNKNOWN), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guru_meditation_has_a_process_but_is_not_online),
        cmocka_unit_test(test_transient_offline_states_are_online_without_process),
        cmocka_unit_test(test_running_states_and_stopped_states),
        cmocka_unit_test(test_guest_runs_only_where_it_executes),
        cmocka_unit_test(test_state_names_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
