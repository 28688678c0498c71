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
    static struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    vbw_fake_hv_add_vm(&fake, "boinc_run", VBW_VM_RUNNING);
    vbw_fake_hv_add_vm(&fake, "alice", VBW_VM_POWEROFF);
    *state = &fake;
    return 0;
}

static void test_create_from_job(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "create", "myvm", "--job", JOBS "/defaults.xml", "--slot",
                               "/var/lib/boinc/slots/4", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "myvm: created in /var/lib/boinc/slots/4\n");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_create"), 1);
    assert_string_equal(fake->created.name, "myvm");
    assert_string_equal(fake->created.folder, "/var/lib/boinc/slots/4");
    assert_string_equal(fake->created.description, "standalone (vbw create)");
    /* upstream's default image name, in the slot */
    assert_string_equal(fake->created.disk, "/var/lib/boinc/slots/4/vm_image.vdi");
    assert_int_equal(fake->created.n_attachments, 1);
    assert_true(fake->created.cpus >= 1);
    cli_run_clear(&r);

    /* Not a boinc_* name, but marked as vbw's: destroy needs no --force. */
    r = cli_run(fake, "destroy", "myvm", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 1);
    cli_run_clear(&r);
}

static void test_create_multiattach_and_refusals(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "--json", "create", "vm2", "--job", JOBS "/all_elements.xml",
                               "--slot", "/slots/1", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(fake->created.os, "Linux26_64");
    assert_int_equal(fake->created.memory_mb, 2048);
    /* multiattach: the wrapper's parent, <project_dir>/<file>; standalone
     * (no init_data.xml in the slot) the project folder is <slot>/project */
    assert_string_equal(fake->created.disk, "/slots/1/project/project_base_1.vdi");
    assert_string_equal(r.out, "{\"vm\":\"vm2\",\"slot\":\"/slots/1\",\"ok\":true}\n");
    cli_run_clear(&r);

    r = cli_run(fake, "create", "vm3", "--job", JOBS "/bad_name_slash.xml", NULL);
    assert_int_equal(r.code, 1);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_create"), 1); /* refused before VirtualBox */
    assert_non_null(strstr(r.err, "vbw: vm3: "));
    cli_run_clear(&r);

    r = cli_run(fake, "create", "vm3", NULL);
    assert_int_equal(r.code, 2);
    cli_run_clear(&r);
}

static void test_destroy_rules(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "destroy", "alice", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "vbw: alice: not created by vbw or the wrapper; use --force"));
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 0);
    cli_run_clear(&r);

    r = cli_run(fake, "destroy", "boinc_run", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VM is running; power it off first or use --force"));
    assert_int_equal(vbw_fake_hv_count(fake, "vm_poweroff"), 0);
    cli_run_clear(&r);

    r = cli_run(fake, "destroy", "boinc_run", "--force", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_run: destroyed\n");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_poweroff"), 1);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 1);
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
    struct vbw_fake_hv *fake = *state;
    struct vbw_fake_vm *v = vbw_fake_hv_add_vm(fake, "boinc_disks", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_disks/boinc_disks.vbox");
    vbw_fake_vm_attach(v, "SATA", 0, "/home/me/images/mine.vdi");
    vbw_fake_vm_attach(v, "SATA", 1, "/vms/boinc_disks/Snapshots/{diff}.vdi");
    struct cli_run r = cli_run(fake, "destroy", "boinc_disks", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "storage_detach"), 1); /* mine.vdi only */
    assert_int_equal(vbw_fake_hv_count(fake, "medium_close"), 1);
    assert_string_equal(v->media[0].path, "");
    assert_string_equal(v->media[1].path, "/vms/boinc_disks/Snapshots/{diff}.vdi");
    assert_true(fake->last_unregister_deleted); /* the VM's own files go */
    cli_run_clear(&r);

    v = vbw_fake_hv_add_vm(fake, "boinc_all", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_all/boinc_all.vbox");
    vbw_fake_vm_attach(v, "SATA", 0, "/slots/1/vm_image.vdi");
    r = cli_run(fake, "destroy", "boinc_all", "--delete-disks", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "storage_detach"), 1); /* asked for: nothing kept */
    cli_run_clear(&r);

    /* Saved: VirtualBox refuses to detach until the saved state is gone. */
    v = vbw_fake_hv_add_vm(fake, "boinc_saved", VBW_VM_SAVED);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_saved/boinc_saved.vbox");
    vbw_fake_vm_attach(v, "SATA", 0, "/slots/2/vm_image.vdi");
    r = cli_run(fake, "destroy", "boinc_saved", NULL);
    assert_int_equal(r.code, 0);
    assert_int_equal(vbw_fake_hv_count(fake, "vm_discard_state"), 1);
    assert_string_equal(v->media[0].path, "");
    cli_run_clear(&r);

    v = vbw_fake_hv_add_vm(fake, "boinc_snap", VBW_VM_POWEROFF);
    snprintf(v->cfg_file, sizeof v->cfg_file, "/vms/boinc_snap/boinc_snap.vbox");
    vbw_fake_vm_attach(v, "SATA", 0, "/home/me/images/base.vdi");
    vbw_fake_vm_add_snapshot(v, "before");
    int before = vbw_fake_hv_count(fake, "vm_unregister");
    r = cli_run(fake, "destroy", "boinc_snap", NULL);
    assert_int_equal(r.code, 1);
    assert_non_null(strstr(r.err, "VM has snapshots over /home/me/images/base.vdi"));
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), before);
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
