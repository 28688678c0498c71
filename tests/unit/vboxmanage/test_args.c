/*
 * test_args.c - the exact argv of every VBoxManage call, per version where
 * the spelling differs (5.2, 6.1, 7.0, 7.1, 7.2), as curl's tests check the
 * request a client sends. Expected strings are written out in full: a change
 * in an argument must show up here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

/* Joined argv of a builder run; the test frees it. */
static char *joined(struct vbw_vbm_argv *a, int rc)
{
    assert_int_equal(rc, 0);
    char *s = vbw_vbm_argv_join(a);
    assert_non_null(s);
    vbw_vbm_argv_clear(a);
    return s;
}

#define ASSERT_ARGS(expected, call)                                                                \
    do {                                                                                           \
        struct vbw_vbm_argv a_ = VBW_VBM_ARGV_INIT;                                                \
        int rc_ = (call);                                                                          \
        char *got_ = joined(&a_, rc_);                                                             \
        assert_string_equal(got_, expected);                                                       \
        free(got_);                                                                                \
    } while (0)

#define A (&a_)

static const struct vbw_vbm_spelling *sp52, *sp61, *sp70, *sp71, *sp72;

static int setup_versions(void **state)
{
    (void)state;
    sp52 = vbw_vbm_spelling_for_numbers(5, 2, 44);
    sp61 = vbw_vbm_spelling_for_numbers(6, 1, 40);
    sp70 = vbw_vbm_spelling_for_numbers(7, 0, 10);
    sp71 = vbw_vbm_spelling_for_numbers(7, 1, 6);
    sp72 = vbw_vbm_spelling_for_numbers(7, 2, 0);
    return 0;
}

/* The issue-3 example: disk, one shared folder, NAT with two forwards, VRDE. */
static const struct vbw_hv_port_forward example_forwards[] = {
    {.name = "vboxwrapper", .is_remote = false, .host_port = 5000, .guest_port = 80},
    {.name = "vboxwrapper_5001", .is_remote = true, .host_port = 5001, .guest_port = 22},
};
static const struct vbw_hv_attachment example_disk[] = {
    {.kind = VBW_MEDIUM_HDD, .path = "/slot/vm_image.vdi", .port = 0, .device = 0},
};
static const struct vbw_hv_shared_folder example_folders[] = {
    {.name = "shared", .host_path = "/slot/shared", .readonly = false},
};

static struct vbw_hv_vm_spec example_spec(void)
{
    struct vbw_hv_vm_spec s = {
        .name = "boinc_abc",
        .description = "vbw test",
        .os_type = "Linux26_64",
        .base_folder = "/slot",
        .memory_mb = 2048,
        .cpus = 2,
        .vram_mb = 16,
        .graphics_controller = "vmsvga",
        .disk_controller_type = "sata",
        .disk_controller_model = "IntelAHCI",
        .attachments = example_disk,
        .n_attachments = 1,
        .hw_acceleration = true,
        .nic_mode = VBW_NIC_NAT,
        .nic_driver = "virtio",
        .nat_dns_proxy = true,
        .network_enabled = true,
        .port_forwards = example_forwards,
        .n_port_forwards = 2,
        .vrde_enabled = true,
        .vrde_port = 3389,
        .shared_folders = example_folders,
        .n_shared_folders = 1,
    };
    return s;
}

static void test_spelling_rows(void **state)
{
    (void)state;
    assert_string_equal(sp52->nic_type, "--nictype");
    assert_string_equal(sp61->cable_connected, "--cableconnected");
    assert_string_equal(sp70->nic_type, "--nic-type");
    assert_string_equal(sp70->audio_option, "--audio-enabled");
    /* 7.0.0 .. 7.0.4 keep --audio none as upstream does. */
    assert_string_equal(vbw_vbm_spelling_for_numbers(7, 0, 4)->audio_option, "--audio");
    assert_string_equal(vbw_vbm_spelling_for_numbers(7, 0, 5)->audio_option, "--audio-enabled");
    assert_string_equal(vbw_vbm_spelling_for_numbers(4, 2, 0)->port_count, "--sataportcount");
    assert_string_equal(sp52->port_count, "--portcount");
    assert_false(sp70->vrde_security_rdp);
    assert_true(sp71->vrde_security_rdp);
    assert_false(sp71->nested_under_hv);
    assert_true(sp72->nested_under_hv);
    assert_false(sp61->guest_run_arg0_option);
    assert_true(sp70->guest_run_arg0_option);
    assert_false(sp70->guest_run_cwd);
    assert_true(sp71->guest_run_cwd);
    /* A future version gets the newest row. */
    assert_ptr_equal(vbw_vbm_spelling_for_numbers(8, 0, 0), sp72);
}

static void test_createvm(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    ASSERT_ARGS("createvm --name boinc_abc --basefolder /slot --ostype Linux26_64 --register",
                vbw_vbm_args_createvm(A, &s));
}

#define MODIFYVM_HEAD                                                                              \
    "modifyvm boinc_abc --description 'vbw test' --memory 2048 --cpus 2 --vram 16 "                \
    "--graphicscontroller vmsvga --acpi on --ioapic on "

static void test_modifyvm_create_old(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    const char *expected = MODIFYVM_HEAD
        "--rtcuseutc on --boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex on "
        "--nestedpaging on --largepages on --pae off --nic1 nat --natdnsproxy1 on "
        "--natdnshostresolver1 off --natpf1 vboxwrapper,tcp,127.0.0.1,5000,,80 "
        "--natpf1 vboxwrapper_5001,tcp,,5001,,22 --nictype1 virtio --cableconnected1 on "
        "--audio none --clipboard disabled --draganddrop disabled --vrde on --vrdeextpack default "
        "--vrdeauthlibrary default --vrdeauthtype null --vrdeport 3389";
    ASSERT_ARGS(expected, vbw_vbm_args_modifyvm_create(A, sp52, &s));
    ASSERT_ARGS(expected, vbw_vbm_args_modifyvm_create(A, sp61, &s));
}

#define MODIFYVM_NEW_BODY "--rtc-use-utc on " MODIFYVM_NEW_REST
#define MODIFYVM_NEW_REST                                                                          \
    "--boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex on "                            \
    "--nested-paging on --large-pages on --pae off --nic1 nat --nat-dns-proxy1 on "                \
    "--nat-dns-host-resolver1 off --nat-pf1 vboxwrapper,tcp,127.0.0.1,5000,,80 "                   \
    "--nat-pf1 vboxwrapper_5001,tcp,,5001,,22 --nic-type1 virtio --cable-connected1 on "           \
    "--audio-enabled off --clipboard-mode disabled --drag-and-drop disabled --vrde on "            \
    "--vrde-extpack default --vrde-auth-library default --vrde-auth-type null --vrde-port 3389"

static void test_modifyvm_create_new(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    ASSERT_ARGS(MODIFYVM_HEAD MODIFYVM_NEW_BODY, vbw_vbm_args_modifyvm_create(A, sp70, &s));
    ASSERT_ARGS(MODIFYVM_HEAD MODIFYVM_NEW_BODY " --vrde-property Security/Method=RDP",
                vbw_vbm_args_modifyvm_create(A, sp71, &s));
    ASSERT_ARGS(MODIFYVM_HEAD MODIFYVM_NEW_BODY " --vrde-property Security/Method=RDP",
                vbw_vbm_args_modifyvm_create(A, sp72, &s));
}

static void test_modifyvm_bridged_no_accel(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    s.description = NULL;
    s.graphics_controller = NULL;
    s.vram_mb = 0;
    s.hw_acceleration = false;
    s.pae = true;
    s.nic_mode = VBW_NIC_BRIDGED;
    s.bridged_adapter = "eth0";
    s.nic_driver = NULL;
    s.network_enabled = false;
    s.vrde_enabled = false;
    s.cpu_execution_cap = 50;
    s.bandwidth_limit_kbps = 800;
    ASSERT_ARGS("modifyvm boinc_abc --memory 2048 --cpus 2 --acpi on --ioapic on --rtcuseutc on "
                "--boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex off --pae on "
                "--nic1 bridged --bridgeadapter1 eth0 --cableconnected1 off "
                "--nicbandwidthgroup1 boinc_abc_net --audio none --clipboard disabled "
                "--draganddrop disabled --cpuexecutioncap 50",
                vbw_vbm_args_modifyvm_create(A, sp61, &s));
    ASSERT_ARGS(
        "modifyvm boinc_abc --memory 2048 --cpus 2 --acpi on --ioapic on --rtc-use-utc on "
        "--boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex off --pae on "
        "--nic1 bridged --bridge-adapter1 eth0 --cable-connected1 off "
        "--nic-bandwidth-group1 boinc_abc_net --audio-enabled off --clipboard-mode disabled "
        "--drag-and-drop disabled --cpu-execution-cap 50",
        vbw_vbm_args_modifyvm_create(A, sp72, &s));
}

/* A Windows host whose hardware clock keeps local time (no
 * RealTimeIsUniversal = 1): the VM's clock keeps local time too, as
 * upstream's is_hostrtc_set_to_utc() decides. */
static void test_modifyvm_rtc_local(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    s.rtc_local_time = true;
    const char *old = MODIFYVM_HEAD
        "--rtcuseutc off --boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex on "
        "--nestedpaging on --largepages on --pae off --nic1 nat --natdnsproxy1 on "
        "--natdnshostresolver1 off --natpf1 vboxwrapper,tcp,127.0.0.1,5000,,80 "
        "--natpf1 vboxwrapper_5001,tcp,,5001,,22 --nictype1 virtio --cableconnected1 on "
        "--audio none --clipboard disabled --draganddrop disabled --vrde on --vrdeextpack default "
        "--vrdeauthlibrary default --vrdeauthtype null --vrdeport 3389";
    ASSERT_ARGS(old, vbw_vbm_args_modifyvm_create(A, sp61, &s));
    ASSERT_ARGS(MODIFYVM_HEAD "--rtc-use-utc off " MODIFYVM_NEW_REST,
                vbw_vbm_args_modifyvm_create(A, sp70, &s));
}

static void test_modifyvm_iso_boot(void **state)
{
    (void)state;
    struct vbw_hv_attachment iso[] = {
        {.kind = VBW_MEDIUM_DVD, .path = "/slot/boot.iso", .port = 0, .device = 0},
    };
    struct vbw_hv_vm_spec s = example_spec();
    s.attachments = iso;
    s.n_attachments = 1;
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    char *got = joined(&a, vbw_vbm_args_modifyvm_create(&a, sp70, &s));
    assert_non_null(strstr(got, "--boot1 dvd --boot2 disk "));
    free(got);
}

static void test_storage(void **state)
{
    (void)state;
    struct vbw_hv_vm_spec s = example_spec();
    ASSERT_ARGS("storagectl boinc_abc --name 'Hard Disk Controller' --add sata "
                "--controller IntelAHCI --portcount 3",
                vbw_vbm_args_storagectl_disk(A, sp61, &s));
    ASSERT_ARGS("storagectl boinc_abc --name 'Hard Disk Controller' --add sata "
                "--controller IntelAHCI --sataportcount 3",
                vbw_vbm_args_storagectl_disk(A, vbw_vbm_spelling_for_numbers(4, 2, 0), &s));
    s.disk_controller_type = "ide";
    s.disk_controller_model = "PIIX4";
    ASSERT_ARGS("storagectl boinc_abc --name 'Hard Disk Controller' --add ide --controller PIIX4",
                vbw_vbm_args_storagectl_disk(A, sp72, &s));
    ASSERT_ARGS("storagectl boinc_abc --name 'Floppy Controller' --add floppy",
                vbw_vbm_args_storagectl_floppy(A, "boinc_abc"));
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 0 --device 0 "
                "--type hdd --medium /slot/vm_image.vdi",
                vbw_vbm_args_storageattach(A, "boinc_abc", &example_disk[0]));
    struct vbw_hv_attachment multi = {.kind = VBW_MEDIUM_HDD,
                                      .path = "/proj/vm.vdi",
                                      .port = 0,
                                      .device = 0,
                                      .multiattach = true};
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 0 --device 0 "
                "--type hdd --mtype multiattach --medium /proj/vm.vdi",
                vbw_vbm_args_storageattach(A, "boinc_abc", &multi));
    struct vbw_hv_attachment cache = {.kind = VBW_MEDIUM_HDD,
                                      .path = "/slot/cache.vdi",
                                      .port = 1,
                                      .device = 0,
                                      .set_uuid_empty = true};
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 1 --device 0 "
                "--type hdd --setuuid '' --medium /slot/cache.vdi",
                vbw_vbm_args_storageattach(A, "boinc_abc", &cache));
    struct vbw_hv_attachment dvd = {.kind = VBW_MEDIUM_DVD, .path = "/usr/GA.iso", .port = 2};
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 2 --device 0 "
                "--type dvddrive --medium /usr/GA.iso",
                vbw_vbm_args_storageattach(A, "boinc_abc", &dvd));
    struct vbw_hv_attachment fd = {.kind = VBW_MEDIUM_FLOPPY, .path = "/slot/floppy.img"};
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Floppy Controller' --port 0 --device 0 "
                "--type fdd --medium /slot/floppy.img",
                vbw_vbm_args_storageattach(A, "boinc_abc", &fd));
    ASSERT_ARGS("storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 1 --device 0 "
                "--medium none",
                vbw_vbm_args_storage_detach(A, "boinc_abc", "Hard Disk Controller", 1, 0));
}

static void test_sharedfolder(void **state)
{
    (void)state;
    ASSERT_ARGS("sharedfolder add boinc_abc --name shared --hostpath /slot/shared",
                vbw_vbm_args_sharedfolder_add(A, "boinc_abc", &example_folders[0]));
    struct vbw_hv_shared_folder ro = {.name = "project", .host_path = "/p dir", .readonly = true};
    ASSERT_ARGS("sharedfolder add boinc_abc --name project --hostpath '/p dir' --readonly",
                vbw_vbm_args_sharedfolder_add(A, "boinc_abc", &ro));
}

static void test_registry(void **state)
{
    (void)state;
    struct vbw_hv_version v52 = {.major = 5, .minor = 2, .build = 44};
    struct vbw_hv_version v42 = {.major = 4, .minor = 2, .build = 36};
    ASSERT_ARGS("--version", vbw_vbm_args_version(A));
    ASSERT_ARGS("showvminfo boinc_abc --machinereadable", vbw_vbm_args_showvminfo(A, "boinc_abc"));
    ASSERT_ARGS("list vms", vbw_vbm_args_list_vms(A, false));
    ASSERT_ARGS("list runningvms", vbw_vbm_args_list_vms(A, true));
    ASSERT_ARGS("registervm /slot/boinc_abc/boinc_abc.vbox",
                vbw_vbm_args_registervm(A, "/slot/boinc_abc/boinc_abc.vbox"));
    ASSERT_ARGS("unregistervm boinc_abc --delete", vbw_vbm_args_unregistervm(A, "boinc_abc", true));
    ASSERT_ARGS("unregistervm boinc_abc", vbw_vbm_args_unregistervm(A, "boinc_abc", false));
    ASSERT_ARGS("showmediuminfo disk /p/vm.vdi",
                vbw_vbm_args_medium_info(A, &v52, VBW_MEDIUM_HDD, "/p/vm.vdi"));
    ASSERT_ARGS("showmediuminfo dvd /p/x.iso",
                vbw_vbm_args_medium_info(A, &v52, VBW_MEDIUM_DVD, "/p/x.iso"));
    ASSERT_ARGS("showhdinfo /p/vm.vdi",
                vbw_vbm_args_medium_info(A, &v42, VBW_MEDIUM_HDD, "/p/vm.vdi"));
    ASSERT_ARGS("closemedium disk /p/vm.vdi --delete",
                vbw_vbm_args_closemedium(A, VBW_MEDIUM_HDD, "/p/vm.vdi", true));
    ASSERT_ARGS("closemedium floppy /p/f.img",
                vbw_vbm_args_closemedium(A, VBW_MEDIUM_FLOPPY, "/p/f.img", false));
}

static void test_runtime(void **state)
{
    (void)state;
    ASSERT_ARGS("startvm boinc_abc --type headless", vbw_vbm_args_startvm(A, "boinc_abc", true));
    ASSERT_ARGS("startvm boinc_abc --type gui", vbw_vbm_args_startvm(A, "boinc_abc", false));
    ASSERT_ARGS("controlvm boinc_abc pause", vbw_vbm_args_controlvm(A, "boinc_abc", "pause"));
    ASSERT_ARGS("controlvm boinc_abc acpipowerbutton",
                vbw_vbm_args_controlvm(A, "boinc_abc", "acpipowerbutton"));
    ASSERT_ARGS("controlvm boinc_abc cpuexecutioncap 60", vbw_vbm_args_cpu_cap(A, "boinc_abc", 60));
    ASSERT_ARGS("controlvm boinc_abc setlinkstate1 off",
                vbw_vbm_args_link_state(A, "boinc_abc", 1, false));
    ASSERT_ARGS("controlvm boinc_abc setlinkstate2 on",
                vbw_vbm_args_link_state(A, "boinc_abc", 2, true));
    ASSERT_ARGS("controlvm boinc_abc screenshotpng /slot/s.png",
                vbw_vbm_args_screenshot(A, "boinc_abc", "/slot/s.png"));
    ASSERT_ARGS("bandwidthctl boinc_abc add boinc_abc_net --type network --limit 800k",
                vbw_vbm_args_bandwidth_add(A, "boinc_abc", 800));
    ASSERT_ARGS("bandwidthctl boinc_abc add boinc_abc_net --type network --limit 1024G",
                vbw_vbm_args_bandwidth_add(A, "boinc_abc", 0));
}

static void test_snapshots(void **state)
{
    (void)state;
    ASSERT_ARGS("snapshot boinc_abc take boinc_1",
                vbw_vbm_args_snapshot_take(A, "boinc_abc", "boinc_1", false));
    ASSERT_ARGS("snapshot boinc_abc take boinc_1 --live",
                vbw_vbm_args_snapshot_take(A, "boinc_abc", "boinc_1", true));
    ASSERT_ARGS("snapshot boinc_abc list --machinereadable",
                vbw_vbm_args_snapshot_list(A, "boinc_abc"));
    ASSERT_ARGS(
        "snapshot boinc_abc delete 4c3a5b2e-9d1f-4e8a-b6c7-2f0e1d3c4b5a",
        vbw_vbm_args_snapshot_delete(A, "boinc_abc", "4c3a5b2e-9d1f-4e8a-b6c7-2f0e1d3c4b5a"));
    ASSERT_ARGS("snapshot boinc_abc restore boinc_1",
                vbw_vbm_args_snapshot_restore(A, "boinc_abc", "boinc_1"));
    ASSERT_ARGS("snapshot boinc_abc restorecurrent",
                vbw_vbm_args_snapshot_restore_current(A, "boinc_abc"));
}

static void test_guest_run(void **state)
{
    (void)state;
    const char *const args[] = {"sh", "-c", "echo hi", NULL};
    const char *const env[] = {"A=1", "B=two words", NULL};
    struct vbw_hv_guest_cmd cmd = {.exe = "/bin/sh",
                                   .args = args,
                                   .env = env,
                                   .user = "boinc",
                                   .password = "pw",
                                   .timeout_ms = 5000};
    /* Before 7.0 every argument after "--" is argv[0..]. */
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /bin/sh --username boinc --passwordfile /run/pw "
                "--timeout 5000 --putenv A=1 --putenv 'B=two words' --wait-stdout --wait-stderr "
                "-- sh -c 'echo hi'",
                vbw_vbm_args_guest_run(A, sp52, "boinc_abc", &cmd, "/run/pw"));
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /bin/sh --username boinc --passwordfile /run/pw "
                "--timeout 5000 --putenv A=1 --putenv 'B=two words' --wait-stdout --wait-stderr "
                "-- sh -c 'echo hi'",
                vbw_vbm_args_guest_run(A, sp61, "boinc_abc", &cmd, "/run/pw"));
    /* From 7.0 argv[0] goes in --arg0, and "--" carries argv[1..]. */
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /bin/sh --username boinc --passwordfile /run/pw "
                "--timeout 5000 --putenv A=1 --putenv 'B=two words' --arg0 sh --wait-stdout "
                "--wait-stderr -- -c 'echo hi'",
                vbw_vbm_args_guest_run(A, sp70, "boinc_abc", &cmd, "/run/pw"));
    cmd.cwd = "/tmp";
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /bin/sh --username boinc --passwordfile /run/pw "
                "--timeout 5000 --putenv A=1 --putenv 'B=two words' --cwd /tmp --arg0 sh "
                "--wait-stdout --wait-stderr -- -c 'echo hi'",
                vbw_vbm_args_guest_run(A, sp71, "boinc_abc", &cmd, "/run/pw"));
    /* --cwd does not exist before 7.1: refused, not silently dropped. */
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    assert_int_equal(vbw_vbm_args_guest_run(&a, sp70, "boinc_abc", &cmd, "/run/pw"),
                     VBW_ERR_UNSUPPORTED);
    vbw_vbm_argv_clear(&a);
    /* No args: argv[0] is the program itself. */
    struct vbw_hv_guest_cmd bare = {.exe = "/sbin/poweroff"};
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /sbin/poweroff --wait-stdout --wait-stderr "
                "-- /sbin/poweroff",
                vbw_vbm_args_guest_run(A, sp61, "boinc_abc", &bare, NULL));
    ASSERT_ARGS("guestcontrol boinc_abc run --exe /sbin/poweroff --arg0 /sbin/poweroff "
                "--wait-stdout --wait-stderr --",
                vbw_vbm_args_guest_run(A, sp72, "boinc_abc", &bare, NULL));
}

static void test_guest_copy_property(void **state)
{
    (void)state;
    ASSERT_ARGS("guestcontrol boinc_abc copyto --username u --passwordfile /run/pw --recursive "
                "/host/in.txt /guest/in.txt",
                vbw_vbm_args_guest_copy(A, "boinc_abc", true, "/host/in.txt", "/guest/in.txt", "u",
                                        "/run/pw"));
    ASSERT_ARGS("guestcontrol boinc_abc copyfrom --recursive /guest/out.txt /host/out.txt",
                vbw_vbm_args_guest_copy(A, "boinc_abc", false, "/guest/out.txt", "/host/out.txt",
                                        NULL, NULL));
    /* 20.19: a path starting with '-' would be an option: a host one is
     * spelt "./-...", a guest one refused before any call. */
    ASSERT_ARGS(
        "guestcontrol boinc_abc copyfrom --recursive /guest/out.txt ./-out.txt",
        vbw_vbm_args_guest_copy(A, "boinc_abc", false, "/guest/out.txt", "-out.txt", NULL, NULL));
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    assert_int_equal(vbw_vbm_args_guest_copy(&a, "boinc_abc", true, "/host/in.txt",
                                             "--target-directory=/etc", NULL, NULL),
                     VBW_ERR_INVALID);
    assert_int_equal(a.n, 0);
    vbw_vbm_argv_clear(&a);
    ASSERT_ARGS("guestproperty get boinc_abc /VirtualBox/GuestInfo/OS/Product",
                vbw_vbm_args_guestproperty_get(A, "boinc_abc", "/VirtualBox/GuestInfo/OS/Product"));
}

static void test_argv_deferred_error(void **state)
{
    (void)state;
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_argv_add(&a, "x");
    vbw_vbm_argv_add(&a, NULL); /* a missing value is an error, remembered */
    vbw_vbm_argv_add(&a, "y");
    assert_int_equal(vbw_vbm_argv_error(&a), VBW_ERR_INVALID);
    assert_int_equal(a.n, 1);
    vbw_vbm_argv_clear(&a);
    assert_int_equal(vbw_vbm_argv_error(&a), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spelling_rows),
        cmocka_unit_test(test_createvm),
        cmocka_unit_test(test_modifyvm_create_old),
        cmocka_unit_test(test_modifyvm_create_new),
        cmocka_unit_test(test_modifyvm_bridged_no_accel),
        cmocka_unit_test(test_modifyvm_rtc_local),
        cmocka_unit_test(test_modifyvm_iso_boot),
        cmocka_unit_test(test_storage),
        cmocka_unit_test(test_sharedfolder),
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_runtime),
        cmocka_unit_test(test_snapshots),
        cmocka_unit_test(test_guest_run),
        cmocka_unit_test(test_guest_copy_property),
        cmocka_unit_test(test_argv_deferred_error),
    };
    return cmocka_run_group_tests(tests, setup_versions, NULL);
}
