/*
 * test_parse_vminfo.c - `showvminfo --machinereadable` parser on fixtures of
 * 5.2, 6.1, 7.0, 7.1 and 7.2, plus truncation, junk and missing VMState.
 */
#include "parse_fixture.h"

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"

static void parse_file(const char *rel, struct vbw_hv_vm_info *info)
{
    struct parse_fixture f;
    parse_fixture_load(&f, rel);
    int rc = vbw_vbm_parse_vminfo(f.text, f.len, info);
    if (rc != 0)
        fail_msg("%s: %s", rel, vbw_error_last()->message);
    parse_fixture_free(&f);
}

static void test_running_70(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("7.0/showvminfo-running.txt", &vm);
    assert_true(vm.accessible);
    assert_string_equal(vm.name, "boinc_8a1c2e3f4d5b6a79");
    assert_string_equal(vm.uuid, "0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f");
    assert_int_equal(vm.state, VBW_VM_RUNNING);
    assert_string_equal(vm.state_raw, "running");
    assert_string_equal(vm.state_change_time, "2026-11-24T18:02:11.512000000");
    assert_string_equal(
        vm.cfg_file, "/var/lib/boinc/slots/3/boinc_8a1c2e3f4d5b6a79/boinc_8a1c2e3f4d5b6a79.vbox");
    assert_string_equal(vm.log_folder, "/var/lib/boinc/slots/3/boinc_8a1c2e3f4d5b6a79/Logs");
    assert_string_equal(vm.os_type, "Ubuntu (64-bit)");
    assert_string_equal(vm.description, "ATLAS simulation VM\ncreated by vboxwrapper");
    assert_int_equal(vm.memory_mb, 2048);
    assert_int_equal(vm.cpus, 2);
    assert_int_equal(vm.vram_mb, 16);
    assert_int_equal(vm.cpu_execution_cap, 100);
    assert_true(vm.vrde_enabled);
    assert_int_equal(vm.vrde_port, 5002);
    assert_string_equal(vm.current_snapshot_uuid, "6e1c9b7a-2d3f-4a5b-8c9d-e0f1a2b3c4d5");
    assert_string_equal(vm.current_snapshot_name, "boinc_vm_checkpoint");
    assert_int_equal(vm.guest_additions_run_level, 2);
    assert_string_equal(vm.guest_additions_version, "7.0.10 r158379");

    assert_int_equal(vm.n_nics, 2);
    assert_int_equal(vm.nics[0].index, 1);
    assert_string_equal(vm.nics[0].mode, "nat");
    assert_string_equal(vm.nics[0].type, "82540EM");
    assert_true(vm.nics[0].cable);
    assert_int_equal(vm.nics[1].index, 2);
    assert_string_equal(vm.nics[1].mode, "none");

    assert_int_equal(vm.n_port_forwards, 2);
    assert_string_equal(vm.port_forwards[0].name, "vboxwrapper");
    assert_int_equal(vm.port_forwards[0].host_port, 5000);
    assert_int_equal(vm.port_forwards[0].guest_port, 80);
    assert_false(vm.port_forwards[0].is_remote);
    assert_string_equal(vm.port_forwards[1].name, "vboxwrapper_remote");
    assert_int_equal(vm.port_forwards[1].host_port, 5001);
    assert_int_equal(vm.port_forwards[1].guest_port, 8080);
    assert_true(vm.port_forwards[1].is_remote);

    assert_int_equal(vm.n_shared_folders, 1);
    assert_string_equal(vm.shared_folders[0].name, "shared");
    assert_string_equal(vm.shared_folders[0].host_path, "/var/lib/boinc/slots/3/shared");

    assert_int_equal(vm.n_storage, 1);
    assert_string_equal(vm.storage[0].controller, "SATA Controller");
    assert_int_equal(vm.storage[0].port, 0);
    assert_int_equal(vm.storage[0].device, 0);
    assert_string_equal(
        vm.storage[0].path,
        "/var/lib/boinc/projects/lhcathome.cern.ch_lhcathome/ATLAS_vbox_3.01_image.vdi");
    assert_string_equal(vm.storage[0].uuid, "5d2f7a9e-3c4b-4e1d-8a6f-0b9c8d7e6f5a");
    vbw_hv_vm_info_clear(&vm);
    assert_null(vm.name);
}

static void test_poweroff_61(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("6.1/showvminfo-poweroff.txt", &vm);
    assert_int_equal(vm.state, VBW_VM_POWEROFF);
    assert_int_equal(vm.cpu_execution_cap, 50);
    assert_false(vm.vrde_enabled);
    assert_int_equal(vm.vrde_port, 0);
    assert_null(vm.current_snapshot_uuid);
    assert_null(vm.guest_additions_version);
    assert_int_equal(vm.guest_additions_run_level, 0);
    /* "IDE-1-0"="emptydrive" and the "none" slots are not storage. */
    assert_int_equal(vm.n_storage, 1);
    assert_string_equal(vm.storage[0].controller, "SATA");
    assert_string_equal(vm.storage[0].path,
                        "/home/boinc/projects/www.cosmologyathome.org/cosmo_vm_2.06.vdi");
    assert_string_equal(vm.storage[0].uuid, "8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d");
    assert_int_equal(vm.n_port_forwards, 1);
    assert_int_equal(vm.port_forwards[0].host_port, 49152);
    assert_int_equal(vm.n_shared_folders, 1);
    assert_string_equal(vm.shared_folders[0].host_path, "/home/boinc/slots/0/shared");
    vbw_hv_vm_info_clear(&vm);
}

static void test_saved_52(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("5.2/showvminfo-saved.txt", &vm);
    assert_string_equal(vm.name, "BOINC VM 1");
    assert_int_equal(vm.state, VBW_VM_SAVED);
    assert_int_equal(vm.memory_mb, 512);
    assert_string_equal(vm.log_folder, "/home/boinc/slots/1/BOINC VM 1/Logs");
    assert_int_equal(vm.n_storage, 1);
    assert_string_equal(vm.storage[0].controller, "SATA Controller");
    assert_string_equal(vm.storage[0].uuid, "3c4d5e6f-7081-4c9d-8e0f-1a2b3c4d5e6f");
    assert_false(vm.nics[0].cable);
    assert_string_equal(vm.current_snapshot_name, "boinc_snapshot");
    vbw_hv_vm_info_clear(&vm);
}

static void test_aborted_saved_escapes_71(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("7.1/showvminfo-aborted-saved.txt", &vm);
    assert_int_equal(vm.state, VBW_VM_ABORTED_SAVED);
    assert_string_equal(vm.state_raw, "aborted-saved");
    assert_string_equal(vm.cfg_file, "/srv/boinc/slots/7/vm \"two\"\\a/vm2.vbox");
    assert_int_equal(vm.n_nics, 2);
    assert_string_equal(vm.nics[0].mode, "bridged");
    assert_string_equal(vm.nics[0].type, "virtio");
    assert_string_equal(vm.nics[1].mode, "nat");
    assert_false(vm.nics[1].cable);
    assert_int_equal(vm.n_port_forwards, 0);
    assert_int_equal(vm.n_storage, 1);
    assert_string_equal(vm.storage[0].path, "/srv/boinc/projects/example.org/vm2_base.vdi");
    vbw_hv_vm_info_clear(&vm);
}

static void test_running_72(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("7.2/showvminfo-running.txt", &vm);
    assert_int_equal(vm.state, VBW_VM_RUNNING);
    assert_int_equal(vm.cpus, 3);
    assert_int_equal(vm.n_port_forwards, 2);
    assert_string_equal(vm.port_forwards[1].name, "vboxwrapper_22");
    assert_int_equal(vm.port_forwards[1].guest_port, 22);
    assert_int_equal(vm.guest_additions_run_level, 3);
    assert_string_equal(vm.storage[0].uuid, "8192a3b4-c5d6-4e7f-8091-a2b3c4d5e6f7");
    vbw_hv_vm_info_clear(&vm);
}

static void test_inaccessible(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    parse_file("7.0/showvminfo-inaccessible.txt", &vm);
    assert_false(vm.accessible);
    assert_string_equal(vm.uuid, "c3d2e1f0-a9b8-4c7d-8e6f-5a4b3c2d1e0f");
    assert_int_equal(vm.state, VBW_VM_UNKNOWN);
    assert_null(vm.state_raw);
    vbw_hv_vm_info_clear(&vm);
}

/* The same output behind a launcher warning and with CRLF line ends (as a
 * Windows host writes it) must give the same values. */
static void test_crlf_and_warning(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "6.1/showvminfo-poweroff.txt");
    static const char warning[] =
        "WARNING: The vboxdrv kernel module is not loaded. Either there is no module\r\n"
        "         available for the current kernel (5.15.0-91-generic) or it failed to\r\n"
        "\r\n"
        "         You will not be able to start VMs until this problem is fixed.\r\n";
    char *crlf = malloc(sizeof warning + 2 * f.len);
    assert_non_null(crlf);
    size_t n = sizeof warning - 1;
    memcpy(crlf, warning, n);
    for (size_t i = 0; i < f.len; i++) {
        if (f.text[i] == '\n')
            crlf[n++] = '\r';
        crlf[n++] = f.text[i];
    }
    struct vbw_hv_vm_info vm;
    assert_int_equal(vbw_vbm_parse_vminfo(crlf, n, &vm), 0);
    assert_string_equal(vm.name, "boinc_vm");
    assert_int_equal(vm.state, VBW_VM_POWEROFF);
    assert_string_equal(vm.state_raw, "poweroff");
    assert_int_equal(vm.memory_mb, 1024);
    assert_int_equal(vm.n_storage, 1);
    assert_string_equal(vm.storage[0].path,
                        "/home/boinc/projects/www.cosmologyathome.org/cosmo_vm_2.06.vdi");
    assert_string_equal(vm.shared_folders[0].host_path, "/home/boinc/slots/0/shared");
    assert_int_equal(vm.port_forwards[0].guest_port, 80);
    vbw_hv_vm_info_clear(&vm);
    free(crlf);
    parse_fixture_free(&f);
}

static void test_no_vmstate_is_parse_error(void **state)
{
    (void)state;
    struct vbw_hv_vm_info vm;
    static const char text[] =
        "name=\"x\"\nUUID=\"0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f\"\nmemory=64\n";
    assert_int_equal(vbw_vbm_parse_vminfo(text, sizeof text - 1, &vm), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "showvminfo: line 3: no VMState");
    assert_null(vm.name);
    static const char human[] = "Name:            x\nState:           running (since 2026)\n";
    assert_int_equal(vbw_vbm_parse_vminfo(human, sizeof human - 1, &vm), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "showvminfo: line 2: no key=value lines");
    static const char bad_number[] = "name=\"x\"\nmemory=lots\n";
    assert_int_equal(vbw_vbm_parse_vminfo(bad_number, sizeof bad_number - 1, &vm), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message, "showvminfo: line 2: value is not a number");
    static const char bad_rule[] = "name=\"x\"\nForwarding(0)=\"a,tcp,,5000\"\n";
    assert_int_equal(vbw_vbm_parse_vminfo(bad_rule, sizeof bad_rule - 1, &vm), VBW_ERR_PARSE);
    assert_string_equal(vbw_error_last()->message,
                        "showvminfo: line 2: forwarding rule without six fields");
}

static void test_every_prefix_and_junk(void **state)
{
    (void)state;
    struct parse_fixture f;
    parse_fixture_load(&f, "7.0/showvminfo-running.txt");
    for (size_t n = 0; n <= f.len; n++) {
        char *copy = parse_fixture_exact_copy(f.text, n);
        struct vbw_hv_vm_info vm;
        int rc = vbw_vbm_parse_vminfo(copy, n, &vm);
        assert_true(rc == 0 || rc == VBW_ERR_PARSE);
        if (rc == 0)
            vbw_hv_vm_info_clear(&vm);
        else
            assert_null(vm.name);
        free(copy);
    }
    parse_fixture_free(&f);
    unsigned seed = 4242;
    for (int round = 0; round < 200; round++) {
        char junk[600];
        for (size_t i = 0; i < sizeof junk; i++) {
            seed = seed * 1103515245u + 12345u;
            junk[i] = (char)(seed >> 16);
        }
        static const char grammar[] =
            "\n\"S-1-1\"=\"x\"\nstoragecontrollername0=\"S\"\nnic1=\"nat\"\n";
        memcpy(junk + round, grammar, sizeof grammar - 1);
        char *copy = parse_fixture_exact_copy(junk, sizeof junk);
        struct vbw_hv_vm_info vm;
        if (vbw_vbm_parse_vminfo(copy, sizeof junk, &vm) == 0)
            vbw_hv_vm_info_clear(&vm);
        free(copy);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_running_70),
        cmocka_unit_test(test_poweroff_61),
        cmocka_unit_test(test_saved_52),
        cmocka_unit_test(test_aborted_saved_escapes_71),
        cmocka_unit_test(test_running_72),
        cmocka_unit_test(test_inaccessible),
        cmocka_unit_test(test_crlf_and_warning),
        cmocka_unit_test(test_no_vmstate_is_parse_error),
        cmocka_unit_test(test_every_prefix_and_junk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
