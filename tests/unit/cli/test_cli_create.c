/*
 * test_cli_create.c - vbw create builds the wrapper's VM spec from a job;
 * vbw destroy removes only VMs vbw made, and never a running one unless
 * forced.
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

#define JOBS VBW_SOURCE_DIR "/fixtures/jobs"

static int setup(void **state)
{
    static struct fake_hv fake;
    fake_hv_init(&fake);
    fake_hv_add_vm(&fake, "boinc_run", VBW_VM_RUNNING);
    fake_hv_add_vm(&fake, "alice", VBW_VM_POWEROFF);
    *state = &fake;
    return 0;
}

static void test_create_from_job(void **state)
{
    struct fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "create", "myvm", "--job", JOBS "/defaults.xml", "--slot",
                               "/var/lib/boinc/slots/4", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "myvm: created in /var/lib/boinc/slots/4\n");
    assert_int_equal(fake->calls_create, 1);
    assert_string_equal(fake->created_name, "myvm");
    assert_string_equal(fake->created_folder, "/var/lib/boinc/slots/4");
    assert_string_equal(fake->created_description, "standalone (vbw create)");
    /* upstream's default image name, in the slot */
    assert_string_equal(fake->created_disk, "/var/lib/boinc/slots/4/vm_image.vdi");
    assert_int_equal(fake->created_attachments, 1);
    assert_true(fake->created_cpus >= 1);
    cli_run_clear(&r);

    /* Not a boinc_* name, but marked as vbw's: destroy needs no --force. */
    r = cli_run(fake, "destroy", "myvm", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(fake->calls_unregister, 1);
    cli_run_clear(&r);
}

static void test_create_multiattach_and_refusals(void **state)
{
    struct fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "--json", "create", "vm2", "--job", JOBS "/all_elements.xml",
                               "--slot", "/slots/1", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(fake->created_os, "Linux26_64");
    assert_int_equal(fake->created_memory_mb, 2048);
    /* multiattach: the wrapper's parent, <project_dir>/<file>; standalone
     * (no init_data.xml in the slot) the project folder is <slot>/project */
    assert_string_equal(fake->created_disk, "/slots/1/project/project_base_1.vdi");
    assert_string_equal(r.out, "{\"vm\":\"vm2\",\"slot\":\"/slots/1\",\"ok\":true}\n");
    cli_run_clear(&r);

    r = cli_run(fake, "create", "vm3", "--job", JOBS "/bad_name_slash.xml", NULL);
    assert_int_equal(r.code, 1);
    assert_int_equal(fake->calls_create, 1); /* refused before VirtualBox */
    assert_non_null(strstr(r.err, "vbw: vm3: "));
    cli_run_clear(&r);

    r = cli_run(fake, "create", "vm3", NULL);
    assert_int_equal(r.code, 2);
    cli_run_clear(&r);
}

static void test_destroy_rules(void **state)
{
    struct fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "destroy", "alice", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "vbw: alice: not created by vbw or the wrapper; use --force"));
    assert_int_equal(fake->calls_unregister, 0);
    cli_run_clear(&r);

    r = cli_run(fake, "destroy", "boinc_run", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VM is running; power it off first or use --force"));
    assert_int_equal(fake->calls_poweroff, 0);
    cli_run_clear(&r);

    r = cli_run(fake, "destroy", "boinc_run", "--force", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_run: destroyed\n");
    assert_int_equal(fake->calls_poweroff, 1);
    assert_int_equal(fake->calls_unregister, 1);
    cli_run_clear(&r);

    r = cli_run(fake, "destroy", "ghost", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VBOX_E_OBJECT_NOT_FOUND"));
    cli_run_clear(&r);
}

/* 22.8: unregistervm --delete deletes every attached disk image: destroy
 * detaches and keeps the ones outside the VM's own folder (the user's
 * --disk, a slot's image) unless --delete-disks; a VM with snapshots over
 * such a disk is refused (its chain goes through them). */
static void test_destroy_keeps_users_disks(void **state)
{
    struct fake_hv *fake = *state;
    struct fake_vm *v = fake_hv_add_vm(fake, "boinc_disks", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_disks/boinc_disks.vbox");
    snprintf(v->disks[0], sizeof v->disks[0], "/home/me/images/mine.vdi");
    snprintf(v->disks[1], sizeof v->disks[1], "/vms/boinc_disks/Snapshots/{diff}.vdi");
    struct cli_run r = cli_run(fake, "destroy", "boinc_disks", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(fake->calls_detach, 1); /* mine.vdi only */
    assert_int_equal(fake->calls_medium_close, 1);
    assert_string_equal(v->disks[0], "");
    assert_string_equal(v->disks[1], "/vms/boinc_disks/Snapshots/{diff}.vdi");
    assert_true(fake->last_unregister_deleted); /* the VM's own files go */
    cli_run_clear(&r);

    v = fake_hv_add_vm(fake, "boinc_all", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_all/boinc_all.vbox");
    snprintf(v->disks[0], sizeof v->disks[0], "/slots/1/vm_image.vdi");
    r = cli_run(fake, "destroy", "boinc_all", "--delete-disks", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(fake->calls_detach, 1); /* asked for: nothing kept */
    cli_run_clear(&r);

    /* Saved: VirtualBox refuses to detach until the saved state is gone. */
    v = fake_hv_add_vm(fake, "boinc_saved", VBW_VM_SAVED);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_saved/boinc_saved.vbox");
    snprintf(v->disks[0], sizeof v->disks[0], "/slots/2/vm_image.vdi");
    r = cli_run(fake, "destroy", "boinc_saved", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(fake->calls_discard, 1);
    assert_string_equal(v->disks[0], "");
    cli_run_clear(&r);

    v = fake_hv_add_vm(fake, "boinc_snap", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_snap/boinc_snap.vbox");
    snprintf(v->disks[0], sizeof v->disks[0], "/home/me/images/base.vdi");
    snprintf(v->snapshots[0], sizeof v->snapshots[0], "before");
    v->n_snapshots = 1;
    v->current_snapshot = 0;
    int before = fake->calls_unregister;
    r = cli_run(fake, "destroy", "boinc_snap", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VM has snapshots over /home/me/images/base.vdi"));
    assert_int_equal(fake->calls_unregister, before);
    cli_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_create_from_job, setup),
        cmocka_unit_test_setup(test_create_multiattach_and_refusals, setup),
        cmocka_unit_test_setup(test_destroy_rules, setup),
        cmocka_unit_test_setup(test_destroy_keeps_users_disks, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
