/*
 * test_job_vm.c - the VM a job describes (vbw_job_vm.c): the paths of its
 * media and shared folders and the hardware-acceleration rule, one
 * definition for the wrapper's create step and `vbw create --job`.
 * Expected values follow upstream vboxwrapper (vboxwrapper.cpp main():
 * project_dir_path, multiattach parent <project_dir>/<file>, scratch under
 * the project folder; vbox_vboxmanage.cpp create_vm for what is attached).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "vbw/vbw_hv.h"
#include "vbw/vbw_job.h"

static struct vbw_job job;
static struct vbw_init_data id;
static struct vbw_job_derived d;
static struct vbw_job_vm vm;

static int setup(void **state)
{
    (void)state;
    vbw_job_init(&job);
    memset(&id, 0, sizeof id);
    memset(&d, 0, sizeof d);
    d.image_name = "vm_image.vdi";
    d.iso_name = "vm_isocontext.iso";
    d.cache_disk_name = "vm_cache.vdi";
    d.floppy_name = "vm_floppy.img";
    d.vm_name = "boinc_x";
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vbw_job_clear(&job);
    return 0;
}

static void test_plain_disk_and_shared(void **state)
{
    (void)state;
    d.shared_dir = "shared";
    vbw_job_vm_plan(&job, &id, &d, "/s/1", NULL, &vm);
    assert_string_equal(vm.project_dir, "/s/1/project"); /* standalone */
    assert_int_equal(vm.n_att, 1);
    assert_string_equal(vm.att[0].path, "/s/1/vm_image.vdi");
    assert_int_equal(vm.n_sf, 1);
    assert_string_equal(vm.sf[0].name, "shared");
    assert_string_equal(vm.sf[0].host_path, "/s/1/shared");
    assert_false(vm.too_long);
}

static void test_multiattach_parent_in_project_dir(void **state)
{
    (void)state;
    char file[] = "base.vdi", project[] = "/p/lhc";
    job.multiattach_vdi_file = file;
    id.present = true;
    id.project_dir = project;
    vbw_job_vm_plan(&job, &id, &d, "/s/2", NULL, &vm);
    assert_string_equal(vm.parent, "/p/lhc/base.vdi");
    assert_int_equal(vm.n_att, 1);
    assert_string_equal(vm.att[0].path, "/p/lhc/base.vdi");
    assert_true(vm.att[0].multiattach);
    assert_string_equal(vm.image, ""); /* not the slot's disk */
    job.multiattach_vdi_file = NULL;
}

static void test_iso_cache_floppy_scratch_slot(void **state)
{
    (void)state;
    job.enable_isocontextualization = true;
    job.enable_cache_disk = true;
    job.enable_floppyio = true;
    job.enable_scratch_directory = true;
    d.shared_dir = "."; /* <share_slot_dir/> */
    vbw_job_vm_plan(&job, &id, &d, "/s/3", NULL, &vm);
    assert_int_equal(vm.n_att, 3);
    assert_int_equal(vm.att[0].kind, VBW_MEDIUM_DVD);
    assert_string_equal(vm.att[0].path, "/s/3/vm_isocontext.iso");
    assert_string_equal(vm.att[1].path, "/s/3/vm_cache.vdi");
    assert_int_equal(vm.att[2].kind, VBW_MEDIUM_FLOPPY);
    assert_int_equal(vm.n_sf, 2);
    assert_string_equal(vm.sf[0].host_path, "/s/3");
    assert_string_equal(vm.sf[1].name, "scratch");
    assert_string_equal(vm.sf[1].host_path, "/s/3/project/scratch");

    struct vbw_hv_vm_spec spec;
    vbw_job_vm_spec(&job, &d, &vm, "/s/3", false, &spec);
    assert_string_equal(spec.name, "boinc_x");
    assert_int_equal(spec.n_attachments, 3);
    assert_true(spec.floppy_controller);
    assert_false(spec.hw_acceleration);
    assert_int_equal(spec.n_port_forwards, 0); /* the caller's */
}

/* Issue 16.12: upstream (create_vm) attaches the host's Guest Additions ISO
 * as a DVD to every VM: port 1 after the disk (plain or multiattach), port 2
 * between the contextualization ISO (port 0) and the cache disk (port 1). */
static void test_guest_additions_ports(void **state)
{
    (void)state;
    const char *ga = "/usr/share/virtualbox/VBoxGuestAdditions.iso";
    job.enable_floppyio = true;
    vbw_job_vm_plan(&job, &id, &d, "/s/4", ga, &vm);
    assert_int_equal(vm.n_att, 3);
    assert_string_equal(vm.att[0].path, "/s/4/vm_image.vdi");
    assert_int_equal(vm.att[1].kind, VBW_MEDIUM_DVD);
    assert_string_equal(vm.att[1].path, ga);
    assert_int_equal(vm.att[1].port, 1);
    assert_int_equal(vm.att[1].device, 0);
    assert_false(vm.att[1].set_uuid_empty);
    assert_int_equal(vm.att[2].kind, VBW_MEDIUM_FLOPPY);

    char file[] = "base.vdi";
    job.multiattach_vdi_file = file;
    job.enable_floppyio = false;
    vbw_job_vm_plan(&job, &id, &d, "/s/4", ga, &vm);
    assert_int_equal(vm.n_att, 2);
    assert_true(vm.att[0].multiattach);
    assert_string_equal(vm.att[1].path, ga);
    assert_int_equal(vm.att[1].port, 1);
    job.multiattach_vdi_file = NULL;

    job.enable_isocontextualization = true;
    job.enable_cache_disk = true;
    job.enable_floppyio = true;
    vbw_job_vm_plan(&job, &id, &d, "/s/4", ga, &vm);
    assert_int_equal(vm.n_att, 4);
    assert_string_equal(vm.att[0].path, "/s/4/vm_isocontext.iso");
    assert_int_equal(vm.att[0].port, 0);
    assert_int_equal(vm.att[1].kind, VBW_MEDIUM_DVD);
    assert_string_equal(vm.att[1].path, ga);
    assert_int_equal(vm.att[1].port, 2);
    assert_string_equal(vm.att[2].path, "/s/4/vm_cache.vdi");
    assert_int_equal(vm.att[2].port, 1);
    assert_int_equal(vm.att[3].kind, VBW_MEDIUM_FLOPPY);

    /* No ISO on the host (or `vbw create --job`): nothing added. */
    vbw_job_vm_plan(&job, &id, &d, "/s/4", "", &vm);
    assert_int_equal(vm.n_att, 3);
}

static void test_too_long_is_flagged(void **state)
{
    (void)state;
    char slot[4200];
    memset(slot, 'a', sizeof slot - 1);
    slot[0] = '/';
    slot[sizeof slot - 1] = '\0';
    vbw_job_vm_plan(&job, &id, &d, slot, NULL, &vm);
    assert_true(vm.too_long);
}

static void test_host_hwvirt(void **state)
{
    (void)state;
    assert_true(vbw_job_host_hwvirt(&id, false)); /* standalone */
    id.vm_extensions_disabled = true;
    assert_false(vbw_job_host_hwvirt(&id, true));
    id.vm_extensions_disabled = false;
    id.present = true;
    char vmx[] = "fpu vmx sse2", nested[] = "fpu vmx hypervisor", none[] = "fpu sse2";
    id.p_features = vmx;
    assert_true(vbw_job_host_hwvirt(&id, false));
    id.p_features = nested;
    assert_false(vbw_job_host_hwvirt(&id, false));
    assert_true(vbw_job_host_hwvirt(&id, true)); /* VirtualBox 7.2 runs nested */
    id.p_features = none;
    assert_false(vbw_job_host_hwvirt(&id, true));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_disk_and_shared, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multiattach_parent_in_project_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_iso_cache_floppy_scratch_slot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_additions_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_too_long_is_flagged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_host_hwvirt, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
