/*
 * test_cli_vm.c - vbw list, info and the power verbs on the fake
 * hypervisor: output lines, --json, several VMs, --all, --wait.
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
    vbw_fake_hv_add_vm(&fake, "boinc_bbbb", VBW_VM_POWEROFF);
    vbw_fake_hv_add_vm(&fake, "my desktop", VBW_VM_POWEROFF);
    setenv("VBW_POLL_INTERVAL", "0.001", 1);
    *state = &fake;
    return 0;
}

static void test_list_text_and_json(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "list", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "boinc_aaaa"));
    /* A header line, then the VMs (issue 22.7). */
    char header[128], first[128];
    assert_int_equal(sscanf(r.out, "%127[^\n]\n%127[^\n]", header, first), 2);
    assert_non_null(strstr(header, "NAME"));
    assert_non_null(strstr(first, "running"));
    assert_non_null(strstr(r.out, "my desktop"));
    assert_string_equal(r.err, "");
    cli_run_clear(&r);

    r = cli_run(fake, "--json", "list", "--running", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "{\"vms\":[{\"name\":\"boinc_aaaa\",\"uuid\":"
                               "\"11111111-2222-3333-4444-000000000001\",\"state\":\"running\","
                               "\"accessible\":true,\"vbw\":true}]}\n");
    cli_run_clear(&r);
}

static void test_info_not_found(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "info", "boinc_nope", NULL);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.out, "");
    /* One line naming the VM and the VirtualBox error. */
    assert_true(strncmp(r.err, "vbw: boinc_nope: ", 17) == 0);
    assert_non_null(strstr(r.err, "VBOX_E_OBJECT_NOT_FOUND"));
    assert_non_null(strstr(r.err, "0x80bb0001"));
    assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
    cli_run_clear(&r);
}

static void test_info_json(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "info", "boinc_aaaa", "--json", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "\"name\":\"boinc_aaaa\""));
    assert_non_null(strstr(r.out, "\"state\":\"running\""));
    assert_non_null(strstr(r.out, "\"online\":true"));
    assert_non_null(strstr(r.out, "\"memory_mb\":2048"));
    cli_run_clear(&r);
}

static void test_pause_several_one_missing(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "pause", "boinc_aaaa", "ghost", "--json", NULL);
    assert_int_equal(r.code, 1);
    assert_int_equal(fake->vms[0].state, VBW_VM_PAUSED);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_pause"), 2);
    assert_non_null(strstr(r.out, "{\"action\":\"pause\",\"results\":[{\"vm\":\"boinc_aaaa\","
                                  "\"ok\":true},{\"vm\":\"ghost\",\"ok\":false,"));
    assert_non_null(strstr(r.out, "\"vbox_error\":\"VBOX_E_OBJECT_NOT_FOUND\","
                                  "\"hresult\":\"0x80bb0001\"}]}"));
    assert_non_null(strstr(r.err, "vbw: ghost: "));
    cli_run_clear(&r);

    r = cli_run(fake, "resume", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: resume\n");
    assert_int_equal(fake->vms[0].state, VBW_VM_RUNNING);
    cli_run_clear(&r);
}

static void test_start_all_picks_ours_stopped(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->vms[1].start_delay_polls = 2;
    struct cli_run r = cli_run(fake, "start", "--all", "--wait", NULL);
    assert_int_equal(r.code, 0);
    /* Only boinc_bbbb: boinc_aaaa runs already, "my desktop" is not ours. */
    assert_int_equal(vbw_fake_hv_count(fake, "vm_start"), 1);
    assert_string_equal(r.out, "boinc_bbbb: start: running\n");
    assert_int_equal(fake->vms[2].state, VBW_VM_POWEROFF);
    cli_run_clear(&r);

    /* Nothing left to start: said on stderr, still success. */
    r = cli_run(fake, "start", "--all", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "");
    assert_string_equal(r.err, "vbw: start: no vbw VM is in a state to start\n");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_start"), 1);
    cli_run_clear(&r);
}

/* A VM vbw create made may have any name: --all knows it by the mark its
 * description ends with, and leaves other VMs alone. */
static void test_all_knows_vbw_create_description(void **state)
{
    struct vbw_fake_hv *fake = *state;
    snprintf(fake->vms[2].description, sizeof fake->vms[2].description, "%s",
             "standalone (vbw create)");
    struct cli_run r = cli_run(fake, "--json", "start", "--all", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_start"), 2);
    assert_non_null(strstr(r.out, "{\"vm\":\"boinc_bbbb\",\"ok\":true}"));
    assert_non_null(strstr(r.out, "{\"vm\":\"my desktop\",\"ok\":true}"));
    cli_run_clear(&r);

    /* list --json says it is vbw's too. */
    r = cli_run(fake, "--json", "list", NULL);
    const char *o = strstr(r.out, "\"name\":\"my desktop\"");
    assert_non_null(o);
    const char *v = strstr(o, "\"vbw\":true}");
    assert_true(v != NULL && v < strchr(o, '}'));
    cli_run_clear(&r);
}

static void test_start_wait_timeout(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->start.never_online = true;
    struct cli_run r = cli_run(fake, "start", "boinc_bbbb", "--wait", "--timeout", "0.05", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "vbw: boinc_bbbb: still starting after 0.05 s"));
    assert_string_equal(r.out, "");
    cli_run_clear(&r);
}

static void test_stop_and_savestate(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "savestate", "boinc_aaaa", "--wait", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: savestate: saved\n");
    cli_run_clear(&r);
    /* Saved is stopped: the ACPI button fails, and stop converges (issue 22.5). */
    r = cli_run(fake, "stop", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: stop: already saved\n");
    assert_string_equal(r.err, "");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_acpi_shutdown"), 1);
    cli_run_clear(&r);
    /* Pause of a saved VM has nothing to converge to: VirtualBox's error stands. */
    r = cli_run(fake, "pause", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VBOX_E_INVALID_VM_STATE"));
    cli_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_list_text_and_json, setup),
        cmocka_unit_test_setup(test_info_not_found, setup),
        cmocka_unit_test_setup(test_info_json, setup),
        cmocka_unit_test_setup(test_pause_several_one_missing, setup),
        cmocka_unit_test_setup(test_start_all_picks_ours_stopped, setup),
        cmocka_unit_test_setup(test_all_knows_vbw_create_description, setup),
        cmocka_unit_test_setup(test_start_wait_timeout, setup),
        cmocka_unit_test_setup(test_stop_and_savestate, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
