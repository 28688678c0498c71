/*
 * test_job_derive.c - the values upstream's main() derives (vboxwrapper.cpp
 * "Configure Instance specific VM Parameters", the cpu and memory rules).
 * Expected MD5 digests were computed independently with
 * `printf %s NAME | md5sum`.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "helper_job.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"

static struct vbw_job job;
static struct vbw_cmdline cl;
static struct vbw_init_data id;
static struct vbw_job_derived out;

static int setup(void **state)
{
    (void)state;
    vbw_job_init(&job);
    memset(&cl, 0, sizeof cl);
    cl.vmimage = -1;
    memset(&id, 0, sizeof id);
    memset(&out, 0, sizeof out);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    vbw_job_clear(&job);
    vbw_job_derived_clear(&out);
    /* id.result_name points to test literals; nothing else allocated. */
    return 0;
}

static void derive(void)
{
    vbw_job_derived_clear(&out);
    if (vbw_job_derive(&job, &cl, &id, &out) != 0)
        fail_msg("derive: %s", vbw_error_last()->message);
}

static void as_client(const char *result, int slot, double ncpus)
{
    id.present = true;
    id.result_name = (char *)result;
    id.slot = slot;
    id.ncpus = ncpus;
}

static void test_standalone_defaults(void **state)
{
    (void)state;
    derive();
    assert_string_equal(out.vm_name, "boinc_standalone");
    assert_string_equal(out.vm_description, "standalone");
    assert_string_equal(out.image_name, "vm_image.vdi");
    assert_null(out.iso_name);
    assert_null(out.cache_disk_name);
    assert_null(out.floppy_name);
    assert_null(out.shared_dir);
    assert_int_equal(out.cpus, 1);
    assert_true(out.memory_mb == 512.0);
    /* NULL command line and init data are standalone too. */
    vbw_job_derived_clear(&out);
    assert_int_equal(vbw_job_derive(&job, NULL, NULL, &out), 0);
    assert_string_equal(out.vm_name, "boinc_standalone");
}

static void test_vm_name_md5(void **state)
{
    static char a200[201], x56[57], y64[65], z55[56];

    (void)state;
    as_client("Theory_2743-2863093-626_0_1", 3, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_0150d840c8883a1d");
    assert_string_equal(out.vm_description, "Theory_2743-2863093-626_0_1");

    /* Lengths around MD5's 56-byte padding boundary and several blocks. */
    memset(z55, 'z', 55);
    memset(x56, 'x', 56);
    memset(y64, 'y', 64);
    memset(a200, 'a', 200);
    as_client(z55, 0, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_b687791f373f9a09");
    as_client(x56, 0, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_668a72d5ba17f08e");
    as_client(y64, 0, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_b0c4864f4e28d2d7");
    as_client(a200, 0, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_887f30b43b2867f4");
    as_client("wu_12345_0", 0, 1.0);
    derive();
    assert_string_equal(out.vm_name, "boinc_0b170c2855a64274");
}

static void test_image_names(void **state)
{
    (void)state;
    as_client("r", 3, 1.0);
    cl.vmimage = 2;
    derive();
    assert_string_equal(out.image_name, "vm_image_2.vdi");
    cl.vmimage = 0; /* upstream: if (vm_image) - 0 keeps the default */
    derive();
    assert_string_equal(out.image_name, "vm_image.vdi");

    job.enable_floppyio = true;
    job.enable_cache_disk = true;
    job.enable_isocontextualization = true;
    derive();
    assert_string_equal(out.floppy_name, "vm_floppy_3.img");
    assert_string_equal(out.cache_disk_name, "vm_cache.vdi");
    assert_string_equal(out.iso_name, "vm_isocontext.iso");
    id.present = false;
    derive();
    assert_string_equal(out.floppy_name, "vm_floppy.img");
}

static void test_shared_dir(void **state)
{
    (void)state;
    job.enable_shared_directory = true;
    derive();
    assert_string_equal(out.shared_dir, "shared");
    job.enable_shared_directory = false;
    job.share_slot_dir = true;
    derive();
    assert_string_equal(out.shared_dir, ".");
    job.share_slot_dir = false;
    derive();
    assert_null(out.shared_dir);
}

static int cpus_for(int nthreads, bool present, double ncpus)
{
    cl.nthreads = nthreads;
    id.present = present;
    id.result_name = "r";
    id.ncpus = ncpus;
    derive();
    return out.cpus;
}

static void test_cpu_rule(void **state)
{
    (void)state;
    assert_int_equal(cpus_for(4, true, 1.0), 4); /* --nthreads wins */
    assert_int_equal(cpus_for(1, true, 4.0), 1); /* even when smaller */
    assert_int_equal(cpus_for(0, true, 2.0), 2); /* else ncpus when > 1 */
    assert_int_equal(cpus_for(0, true, 2.5), 3); /* ceil */
    assert_int_equal(cpus_for(0, true, 1.0), 1);
    assert_int_equal(cpus_for(0, true, 0.5), 1);
    assert_int_equal(cpus_for(0, true, 48.0), 32); /* vbw caps ncpus as --nthreads */
    assert_int_equal(cpus_for(2, false, 0.0), 2);  /* standalone with --nthreads */
    assert_int_equal(cpus_for(0, false, 8.0), 1);  /* standalone: no init data */
}

static void test_memory_rule(void **state)
{
    (void)state;
    derive();
    assert_true(out.memory_mb == 512.0); /* unset everywhere: the floor */
    job.memory_size_mb = 2048.0;
    derive();
    assert_true(out.memory_mb == 2048.0);
    cl.memory_size_mb = 1024.0; /* the option overrides the job file */
    derive();
    assert_true(out.memory_mb == 1024.0);
    cl.memory_size_mb = 256.0; /* and is raised to 512 too */
    derive();
    assert_true(out.memory_mb == 512.0);
}

static void test_from_fixture(void **state)
{
    struct helper_warnings w;
    int exit_code = 0;

    (void)state;
    vbw_job_clear(&job);
    assert_int_equal(helper_parse_fixture("memory_below_min.xml", &job, &w, &exit_code), 0);
    derive();
    assert_true(out.memory_mb == 512.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_standalone_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vm_name_md5, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shared_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cpu_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_from_fixture, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
