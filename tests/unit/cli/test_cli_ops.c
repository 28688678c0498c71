/*
 * test_cli_ops.c - vbw cp, snapshot, gc, wait and doctor on the fake
 * hypervisor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helper_cli.h"
#include "support/vbw_test_fs.h"

static char tmpdir[64];

static int setup(void **state)
{
    static struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    vbw_fake_hv_add_vm(&fake, "boinc_aaaa", VBW_VM_RUNNING);
    vbw_fake_hv_add_vm(&fake, "boinc_bbbb", VBW_VM_POWEROFF);
    setenv("VBW_POLL_INTERVAL", "0.001", 1);
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vbw-cli-test-XXXXXX");
    assert_non_null(mkdtemp(tmpdir));
    *state = &fake;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return vbw_test_rmtree(tmpdir);
}

static void test_cp_both_directions(void **state)
{
    struct vbw_fake_hv *fake = *state;
    char host[128];
    snprintf(host, sizeof host, "%s/in.txt", tmpdir);
    FILE *f = fopen(host, "w");
    fputs("x", f);
    fclose(f);
    struct cli_run r = cli_run(fake, "cp", host, "boinc_aaaa:/tmp/in.txt", NULL);
    assert_int_equal(r.code, 0);
    assert_true(fake->last_copy_to);
    assert_string_equal(fake->last_copy_host, host);
    assert_string_equal(fake->last_copy_guest, "/tmp/in.txt");
    cli_run_clear(&r);

    r = cli_run(fake, "--json", "cp", "boinc_aaaa:/tmp/out.txt", host, NULL);
    assert_int_equal(r.code, 0);
    assert_false(fake->last_copy_to);
    assert_non_null(strstr(r.out, "\"direction\":\"from_guest\""));
    assert_non_null(strstr(r.out, "\"ok\":true"));
    cli_run_clear(&r);
}

static void test_cp_missing_files(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "cp", "/nonexistent/file", "boinc_aaaa:/tmp/x", NULL);
    assert_int_equal(r.code, 1);
    assert_int_equal(
        (vbw_fake_hv_count(fake, "guest_copy_to") + vbw_fake_hv_count(fake, "guest_copy_from")),
        0); /* refused before asking VirtualBox */
    assert_string_equal(r.err, "vbw: boinc_aaaa: cannot copy '/nonexistent/file': "
                               "No such file or directory\n");
    cli_run_clear(&r);

    vbw_fake_hv_fail_vbox(fake, "guest_copy_from", -1, "VBOX_E_IPRT_ERROR", 0x80bb0005u,
                          "File \"/no/such\" does not exist (VERR_FILE_NOT_FOUND)");
    r = cli_run(fake, "cp", "boinc_aaaa:/no/such", tmpdir, NULL);
    assert_int_equal(r.code, 1);
    assert_int_equal(
        (vbw_fake_hv_count(fake, "guest_copy_to") + vbw_fake_hv_count(fake, "guest_copy_from")), 1);
    assert_non_null(strstr(r.err, "vbw: boinc_aaaa: "));
    assert_non_null(strstr(r.err, "VERR_FILE_NOT_FOUND"));
    cli_run_clear(&r);
}

static void test_snapshot_cycle(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "snapshot", "take", "boinc_aaaa", "first", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: snapshot 'first' taken\n");
    /* Not a terminal: plain progress lines. */
    assert_string_equal(r.err, "0%\n50%\n100%\n");
    cli_run_clear(&r);
    r = cli_run(fake, "snapshot", "take", "boinc_aaaa", "second", "--json", NULL);
    assert_string_equal(r.out, "{\"vm\":\"boinc_aaaa\",\"action\":\"take\",\"snapshot\":\"second\","
                               "\"ok\":true}\n");
    assert_string_equal(r.err, ""); /* --json: no progress noise */
    cli_run_clear(&r);

    r = cli_run(fake, "snapshot", "list", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "first (UUID: 00000000-0000-0000-0000-000000000001)\n"
                               "  second (UUID: 00000000-0000-0000-0000-000000000002) *\n");
    cli_run_clear(&r);

    r = cli_run(fake, "snapshot", "restore", "boinc_aaaa", "nope", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "Could not find a snapshot named 'nope'"));
    cli_run_clear(&r);

    r = cli_run(fake, "snapshot", "restore", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: current snapshot restored\n");
    cli_run_clear(&r);

    r = cli_run(fake, "snapshot", "delete", "boinc_aaaa", "first", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(fake->vms[0].n_snapshots, 1);
    cli_run_clear(&r);
}

static void test_gc(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct vbw_fake_vm *gone = &fake->vms[1];
    snprintf(gone->cfg_file, sizeof gone->cfg_file, "%s/slot9/boinc_bbbb/boinc_bbbb.vbox", tmpdir);
    struct vbw_fake_vm *running = &fake->vms[0]; /* slot gone too, but running */
    snprintf(running->cfg_file, sizeof running->cfg_file, "%s/slot8/boinc_aaaa/boinc_aaaa.vbox",
             tmpdir);
    struct vbw_fake_vm *alive = vbw_fake_hv_add_vm(fake, "boinc_cccc", VBW_VM_POWEROFF);
    snprintf(alive->cfg_file, sizeof alive->cfg_file, "%s/boinc_cccc/boinc_cccc.vbox", tmpdir);
    vbw_fake_hv_add_vm(fake, "other", VBW_VM_POWEROFF);

    struct cli_run r = cli_run(fake, "gc", NULL);
    assert_int_equal(r.code, 0);
    char expect[512];
    snprintf(expect, sizeof expect,
             "boinc_bbbb: slot directory %s/slot9 is gone (poweroff): would remove (run with "
             "--yes)\n",
             tmpdir);
    assert_string_equal(r.out, expect);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 0);
    cli_run_clear(&r);

    r = cli_run(fake, "gc", "--yes", "--json", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 1);
    assert_false(gone->registered);
    assert_true(running->registered);
    assert_true(alive->registered);
    assert_non_null(strstr(r.out, "\"vm\":\"boinc_aaaa\""));
    assert_non_null(strstr(r.out, "\"verdict\":\"kept-running\""));
    assert_non_null(strstr(r.out, "\"verdict\":\"removed\""));
    assert_non_null(strstr(r.out, "\"verdict\":\"kept-slot-exists\""));
    assert_null(strstr(r.out, "\"other\""));
    assert_non_null(strstr(r.out, "\"orphans\":1,\"orphan_media\":0}"));
    cli_run_clear(&r);
}

static void test_wait_alive(void **state)
{
    struct vbw_fake_hv *fake = *state;
    fake->vms[0].alive_after_polls = 3;
    fake->vms[0].alive_polls_left = 2;
    /* A follow has no end of its own while the VM is registered: --timeout
     * bounds it (exit 0). */
    struct cli_run r = cli_run(fake, "wait", "boinc_aaaa", "--alive", "--follow", "--json",
                               "--timeout", "0.3", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "{\"vm\":\"boinc_aaaa\",\"event\":\"alive\","));
    assert_non_null(strstr(r.out, "{\"vm\":\"boinc_aaaa\",\"event\":\"stopped\",\"state\":"
                                  "\"poweroff\","));
    /* not yet (3), alive (2); then the VM is off and the property is not
     * asked for, however often the follow looks: a saved VM keeps its
     * transient properties. */
    assert_int_equal(vbw_fake_hv_count(fake, "guest_property_get"), 3 + 2);
    cli_run_clear(&r);

    /* --follow in text: one line when alive, one when the guest stops. */
    fake->vms[0].state = VBW_VM_RUNNING;
    fake->vms[0].alive_after_polls = 0;
    fake->vms[0].alive_polls_left = 1;
    fake->start.never_online = false;
    r = cli_run(fake, "wait", "boinc_aaaa", "--alive", "--follow", "--timeout", "0.3", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "boinc_aaaa: alive after "));
    assert_non_null(strstr(r.out, "boinc_aaaa: stopped (poweroff) after "));
    cli_run_clear(&r);

    /* A VM that is not running never becomes alive: fail at once. */
    r = cli_run(fake, "wait", "boinc_bbbb", "--alive", NULL);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.err, "vbw: boinc_bbbb: VM is not running (poweroff)\n");
    cli_run_clear(&r);

    fake->vms[0].state = VBW_VM_RUNNING;
    fake->vms[0].alive_after_polls = -1;
    r = cli_run(fake, "wait", "boinc_aaaa", "--alive", "--timeout", "0.01", NULL);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.err, "vbw: boinc_aaaa: guest not alive after 0.01 s\n");
    cli_run_clear(&r);
}

static void test_wait_heartbeat_file(void **state)
{
    struct vbw_fake_hv *fake = *state;
    char hb[128];
    snprintf(hb, sizeof hb, "%s/heartbeat", tmpdir);
    FILE *f = fopen(hb, "w");
    fclose(f);
    struct cli_run r = cli_run(fake, "wait", "boinc_aaaa", "--alive", "--heartbeat", hb, NULL);
    assert_int_equal(r.code, 0);
    assert_true(strncmp(r.out, "boinc_aaaa: alive after ", 24) == 0);
    assert_int_equal(vbw_fake_hv_count(fake, "guest_property_get"), 0);
    cli_run_clear(&r);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_doctor(void **state)
{
    struct vbw_fake_hv *fake = *state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/dev", tmpdir);
    mkdir(sub, 0755);
    snprintf(sub, sizeof sub, "%s/proc", tmpdir);
    mkdir(sub, 0755);
    write_file(sub, "cpuinfo", "flags\t\t: fpu vme de pse tsc msr pae mce vmx ept\n");
    write_file(sub, "modules",
               "kvm_intel 380928 2 - Live 0x0\nkvm 1146880 1 kvm_intel, Live 0x0\n");
    setenv("VBW_DOCTOR_ROOT", tmpdir, 1);
    setenv("VBOX_USER_HOME", tmpdir, 1);
    setenv("VBW_VBOXMANAGE", "/bin/true", 1);
    fake->host.extpack_installed = false;
    struct cli_run r = cli_run(fake, "doctor", "--need-gib", "0", NULL);
    assert_int_equal(r.code, 1); /* /dev/vboxdrv is missing */
    assert_non_null(strstr(r.out, "OK   vboxmanage       /bin/true\n"));
    assert_non_null(strstr(r.out, "OK   version          VirtualBox 7.0.10r158379 (plan-class "
                                  "number 70010;"));
    assert_non_null(strstr(r.out, "FAIL vboxdrv          /dev/vboxdrv is missing (hint: "));
    assert_non_null(strstr(r.out, "OK   hw-virt          VT-x available\n"));
    assert_non_null(strstr(r.out, "WARN other-hypervisor KVM is loaded and in use (hint: "));
    assert_non_null(strstr(r.out, "WARN extension-pack   not installed (hint: "));
    assert_non_null(strstr(r.out, "OK   vbox-user-home   "));
    assert_non_null(strstr(r.out, "OK   disk             "));
    cli_run_clear(&r);

    write_file(tmpdir, "dev/vboxdrv", "");
    fake->host.warnings = "WARNING: The vboxdrv kernel module is not loaded.\nmore";
    r = cli_run(fake, "doctor", "--json", "--need-gib", "0", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.out, "{\"check\":\"kernel-module\",\"status\":\"FAIL\",\"detail\":"
                                  "\"WARNING: The vboxdrv kernel module is not loaded.\","));
    assert_non_null(strstr(r.out, "{\"check\":\"vboxdrv\",\"status\":\"OK\""));
    assert_non_null(strstr(r.out, "\"fail\":1,\"warn\":2,\"ok\":false}\n"));
    cli_run_clear(&r);
    fake->host.warnings = NULL;

    /* A release the wrapper refuses is a FAIL, whatever else is fine. */
    fake->host.version = (struct vbw_hv_version){4, 2, 18, 90405, "4.2.18r90405"};
    fake->host.version_refused = true; /* detect's word for it (vbm test_backend.c) */
    r = cli_run(fake, "doctor", "--need-gib", "0", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.out, "FAIL version          VirtualBox 4.2.18r90405 is one upstream "
                                  "vboxwrapper blacklists (hint: "));
    cli_run_clear(&r);
    fake->host.version = (struct vbw_hv_version){4, 2, 16, 86992, "4.2.16r86992"};
    fake->host.version_refused = false;
    r = cli_run(fake, "doctor", "--need-gib", "0", NULL);
    assert_non_null(strstr(r.out, "WARN version          VirtualBox 4.2.16r86992 "
                                  "(plan-class number 40216) is older than 5.2"));
    cli_run_clear(&r);
    unsetenv("VBW_DOCTOR_ROOT");
    unsetenv("VBOX_USER_HOME");
    unsetenv("VBW_VBOXMANAGE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_cp_both_directions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cp_missing_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_cycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_alive, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_heartbeat_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doctor, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
