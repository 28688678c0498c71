/*
 * test_backend.c - the VBoxManage backend driven through its ops table
 * against fake_cmd: the exact sequence of calls for create + start (issue 3:
 * at most 8), error mapping (OBJECT_NOT_FOUND, "error:" with exit 0,
 * timeouts, plain non-zero exits), the session-lock retry table and its
 * budget, progress, caps.
 *
 * VBoxManage outputs come from fixtures/<version>/ where the parser helper
 * has built them; the few inline ones follow the RTPrintf formats cited
 * next to them.
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

#include "fake_cmd.h"
#include "support/vbw_test_fs.h"
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

struct fixture {
    struct fake_cmd *fake;
    struct vbw_hv *hv;
    int sleeps;
    int slept_ms[16];
};

static struct fixture *current;

static void count_sleep(int ms, void *opaque)
{
    (void)opaque;
    if (current->sleeps < 16)
        current->slept_ms[current->sleeps] = ms;
    current->sleeps++;
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->fake = fake_cmd_new();
    assert_non_null(fx->fake);
    assert_int_equal(vbw_hv_vboxmanage_new(&fx->fake->parent, "/usr/bin/VBoxManage", &fx->hv), 0);
    struct vbw_vbm *b = vbw_vbm_of(fx->hv);
    /* No host files: extension pack and GA ISO are what a test sets up. */
    free(b->install_dir);
    b->install_dir = NULL;
    b->retry_delay_ms = 1;
    b->sleep_ms = count_sleep;
    current = fx;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    vbw_hv_free(fx->hv);
    vbw_cmd_free(&fx->fake->parent);
    free(fx);
    current = NULL;
    return 0;
}

static unsigned stats_calls(struct vbw_hv *hv, unsigned *retries)
{
    struct vbw_hv_stats st;
    vbw_hv_vboxmanage_stats(hv, &st);
    if (retries)
        *retries = st.retries;
    return st.calls;
}

/* Real trailers: RTMsgError "VBoxManage: error: " + GluePrintErrorInfo. */
#define LOCKED_STDERR                                                                              \
    "VBoxManage: error: The machine 'boinc_abc' is already locked for a session (or being "        \
    "unlocked)\n"                                                                                  \
    "VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component "        \
    "MachineWrap, interface IMachine, callee nsISupports\n"                                        \
    "VBoxManage: error: Context: \"LockMachine(a->session, LockType_Write)\" at line 1160 of "     \
    "file VBoxManageStorageController.cpp\n"

/* VBoxManageMisc.cpp handleCreateVM: "Virtual machine '%ls' is created%s.\nUUID: %s\n
 * Settings file: '%ls'\n". */
#define CREATEVM_STDOUT                                                                            \
    "Virtual machine 'boinc_abc' is created and registered.\n"                                     \
    "UUID: 0f3c2d1e-5b6a-4c7d-8e9f-0a1b2c3d4e5f\n"                                                 \
    "Settings file: '/slot/boinc_abc/boinc_abc.vbox'\n"

/* VBoxManageMisc.cpp handleStartVM: RTPrintf("Waiting for VM \"%s\" to power on...\n") and
 * "VM \"%s\" has been successfully started.\n". */
#define STARTVM_STDOUT                                                                             \
    "Waiting for VM \"boinc_abc\" to power on...\n"                                                \
    "VM \"boinc_abc\" has been successfully started.\n"

static const struct vbw_hv_port_forward example_forwards[] = {
    {.name = "vboxwrapper", .host_port = 5000, .guest_port = 80},
    {.name = "vboxwrapper_5001", .is_remote = true, .host_port = 5001, .guest_port = 22},
};
static const struct vbw_hv_attachment example_disk[] = {
    {.kind = VBW_MEDIUM_HDD, .path = "/slot/vm_image.vdi"},
};
static const struct vbw_hv_shared_folder example_folders[] = {
    {.name = "shared", .host_path = "/slot/shared"},
};

static struct vbw_hv_vm_spec example_spec(void)
{
    struct vbw_hv_vm_spec s = {
        .name = "boinc_abc",
        .os_type = "Linux26_64",
        .base_folder = "/slot",
        .memory_mb = 2048,
        .cpus = 2,
        .vram_mb = 16,
        .disk_controller_type = "sata",
        .disk_controller_model = "IntelAHCI",
        .attachments = example_disk,
        .n_attachments = 1,
        .hw_acceleration = true,
        .nic_mode = VBW_NIC_NAT,
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

/* Queues the answers of detect + vm_info (absent) + vm_create + vm_start. */
static void queue_create_start(struct fake_cmd *f, const char *version_fixture,
                               const char *not_found_fixture)
{
    assert_true(fake_cmd_answer_file(f, 0, version_fixture, false));
    assert_true(fake_cmd_answer_file(f, 1, not_found_fixture, true));
    fake_cmd_answer(f, 0, CREATEVM_STDOUT, NULL);
    fake_cmd_answer(f, 0, NULL, NULL); /* modifyvm */
    fake_cmd_answer(f, 0, NULL, NULL); /* storagectl */
    fake_cmd_answer(f, 0, NULL, NULL); /* storageattach */
    fake_cmd_answer(f, 0, NULL, NULL); /* sharedfolder add */
    fake_cmd_answer(f, 0, STARTVM_STDOUT, NULL);
}

static void run_create_start(struct vbw_hv *hv)
{
    struct vbw_hv_host_info host;
    assert_int_equal(hv->ops->detect(hv, &host), 0);
    assert_true(host.host_ready);
    vbw_hv_host_info_clear(&host);

    struct vbw_hv_vm_info info;
    assert_int_equal(hv->ops->vm_info(hv, "boinc_abc", &info), VBW_ERR_NOT_FOUND);
    vbw_hv_vm_info_clear(&info);
    /* The trailer rides along: NOT_FOUND is still a VirtualBox answer. */
    assert_true(vbw_error_last()->has_vbox);
    assert_int_equal(vbw_error_last()->vbox.hresult, VBW_HR_VBOX_E_OBJECT_NOT_FOUND);

    struct vbw_hv_vm_spec spec = example_spec();
    assert_int_equal(hv->ops->vm_create(hv, &spec), 0);
    assert_int_equal(hv->ops->vm_start(hv, "boinc_abc", true), 0);
}

static void test_create_start_7_0(void **state)
{
    struct fixture *fx = *state;
    queue_create_start(fx->fake, "7.0/version.txt", "7.0/error-vm-not-found.txt");
    run_create_start(fx->hv);

    const char *expected[] = {
        "--version",
        "showvminfo boinc_abc --machinereadable",
        "createvm --name boinc_abc --basefolder /slot --ostype Linux26_64 --register",
        "modifyvm boinc_abc --memory 2048 --cpus 2 --vram 16 --acpi on --ioapic on "
        "--rtc-use-utc on --boot1 disk --boot2 dvd --boot3 none --boot4 none --hwvirtex on "
        "--nested-paging on --large-pages on --pae off --nic1 nat --nat-dns-proxy1 on "
        "--nat-dns-host-resolver1 off --nat-pf1 vboxwrapper,tcp,127.0.0.1,5000,,80 "
        "--nat-pf1 vboxwrapper_5001,tcp,,5001,,22 --nic-type1 virtio --cable-connected1 on "
        "--audio-enabled off "
        "--clipboard-mode disabled --drag-and-drop disabled --vrde on --vrde-extpack default "
        "--vrde-auth-library default --vrde-auth-type null --vrde-port 3389",
        "storagectl boinc_abc --name 'Hard Disk Controller' --add sata --controller IntelAHCI "
        "--portcount 3",
        "storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 0 --device 0 "
        "--type hdd --medium /slot/vm_image.vdi",
        "sharedfolder add boinc_abc --name shared --hostpath /slot/shared",
        "startvm boinc_abc --type headless",
    };
    size_t n = sizeof expected / sizeof expected[0];
    assert_int_equal(fx->fake->n_calls, n);
    assert_true(fx->fake->n_calls <= 8);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(fake_cmd_call(fx->fake, i), expected[i]);
        assert_string_equal(fx->fake->programs[i], "/usr/bin/VBoxManage");
        assert_true(fx->fake->timeouts[i] > 0);
    }
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 8);
    assert_int_equal(retries, 0);
}

static void test_create_start_7_1(void **state)
{
    struct fixture *fx = *state;
    queue_create_start(fx->fake, "7.1/version.txt", "6.1/error-vm-not-found.txt");
    run_create_start(fx->hv);
    assert_int_equal(fx->fake->n_calls, 8);
    /* 7.1's only difference in this sequence: plain RDP security for VRDE. */
    const char *modifyvm = fake_cmd_call(fx->fake, 3);
    assert_non_null(strstr(modifyvm, "--vrde-port 3389 --vrde-property Security/Method=RDP"));
    assert_string_equal(fake_cmd_call(fx->fake, 7), "startvm boinc_abc --type headless");
}

static void test_create_start_5_2(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer(fx->fake, 0, "5.2.44r139111\n", NULL); /* RTPrintf("%sr%u\n") */
    assert_true(fake_cmd_answer_file(fx->fake, 1, "6.1/error-vm-not-found.txt", true));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    for (int i = 0; i < 4; i++)
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    fake_cmd_answer(fx->fake, 0, STARTVM_STDOUT, NULL);
    run_create_start(fx->hv);
    assert_int_equal(fx->fake->n_calls, 8);
    const char *modifyvm = fake_cmd_call(fx->fake, 3);
    assert_non_null(strstr(modifyvm, "--natpf1 vboxwrapper,tcp,127.0.0.1,5000,,80 "));
    assert_non_null(strstr(modifyvm, "--cableconnected1 on --audio none --clipboard disabled "));
    assert_null(strstr(modifyvm, "Security/Method"));
}

static void test_create_extra_calls_counted(void **state)
{
    struct fixture *fx = *state;
    /* Floppy controller, a second medium and a bandwidth group each cost a call. */
    struct vbw_hv_attachment media[] = {
        {.kind = VBW_MEDIUM_HDD, .path = "/slot/vm_image.vdi"},
        {.kind = VBW_MEDIUM_FLOPPY, .path = "/slot/floppy.img"},
    };
    struct vbw_hv_vm_spec spec = example_spec();
    spec.attachments = media;
    spec.n_attachments = 2;
    spec.floppy_controller = true;
    spec.bandwidth_limit_kbps = 1000;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    for (int i = 0; i < 7; i++)
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    assert_int_equal(fx->hv->ops->vm_create(fx->hv, &spec), 0);
    /* --version, createvm, bandwidthctl, modifyvm, 2 storagectl, 2 storageattach, sharedfolder */
    assert_int_equal(fx->fake->n_calls, 9);
    assert_string_equal(fake_cmd_call(fx->fake, 2),
                        "bandwidthctl boinc_abc add boinc_abc_net --type network --limit 1000k");
    assert_non_null(strstr(fake_cmd_call(fx->fake, 3), "--nic-bandwidth-group1 boinc_abc_net"));
    assert_string_equal(fake_cmd_call(fx->fake, 5),
                        "storagectl boinc_abc --name 'Floppy Controller' --add floppy");
    assert_string_equal(fake_cmd_call(fx->fake, 7),
                        "storageattach boinc_abc --storagectl 'Floppy Controller' --port 0 "
                        "--device 0 --type fdd --medium /slot/floppy.img");
}

static void test_create_failure_stops(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_vm_spec spec = example_spec();
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    fake_cmd_answer(fx->fake, 2, NULL, "VBoxManage: error: Unknown option: --bogus\n");
    fake_cmd_answer(fx->fake, 0, NULL,
                    "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n");
    assert_true(fx->hv->ops->vm_create(fx->hv, &spec) < 0);
    /* Nothing after the failed modifyvm but undoing the createvm: a failed
     * create leaves no VM registered. */
    assert_int_equal(fx->fake->n_calls, 4);
    assert_non_null(strstr(fake_cmd_call(fx->fake, 3), "unregistervm boinc_abc --delete"));
    /* The error reported is the modifyvm failure, not the clean-up's. */
    assert_non_null(strstr(vbw_error_last()->message, "modifyvm"));
    assert_non_null(strstr(vbw_error_last()->message, "--bogus"));
}

/* A create that fails after attaching the user's own disk (vbw create
 * --disk: keep_file) and a DVD: the disk is detached before the undo's
 * `unregistervm --delete` (which deletes every disk attached), then both
 * are released from the registry, never deleted (issue 22.8). */
static void test_create_failure_releases_media(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_attachment media[] = {
        {.kind = VBW_MEDIUM_HDD, .path = "/home/u/disk.vdi", .keep_file = true},
        {.kind = VBW_MEDIUM_DVD, .path = "/home/u/boot.iso", .port = 1},
    };
    struct vbw_hv_vm_spec spec = example_spec();
    spec.attachments = media;
    spec.n_attachments = 2;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    for (int i = 0; i < 4; i++) /* modifyvm, storagectl, 2 storageattach */
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    fake_cmd_answer(fx->fake, 1, NULL,
                    "VBoxManage: error: Shared folder named 'shared' already exists\n"
                    "VBoxManage: error: Details: code VBOX_E_OBJECT_IN_USE (0x80bb000c), "
                    "component SessionMachine, interface IMachine, callee nsISupports\n");
    for (int i = 0; i < 4; i++) /* detach, unregistervm, 2 closemedium */
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    assert_true(fx->hv->ops->vm_create(fx->hv, &spec) < 0);
    assert_int_equal(fx->fake->n_calls, 11);
    assert_string_equal(fake_cmd_call(fx->fake, 6), "sharedfolder add boinc_abc --name shared "
                                                    "--hostpath /slot/shared");
    assert_string_equal(fake_cmd_call(fx->fake, 7),
                        "storageattach boinc_abc --storagectl 'Hard Disk Controller' --port 0 "
                        "--device 0 --medium none");
    assert_string_equal(fake_cmd_call(fx->fake, 8), "unregistervm boinc_abc --delete");
    assert_string_equal(fake_cmd_call(fx->fake, 9), "closemedium disk /home/u/disk.vdi");
    assert_string_equal(fake_cmd_call(fx->fake, 10), "closemedium dvd /home/u/boot.iso");
    assert_non_null(strstr(vbw_error_last()->message, "sharedfolder add"));
}

static void test_create_failure_undo_fails(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_vm_spec spec = example_spec();
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    fake_cmd_answer(fx->fake, 2, NULL, "VBoxManage: error: Unknown option: --bogus\n");
    fake_cmd_answer(fx->fake, 1, NULL, "VBoxManage: error: Unknown option: --delete\n");
    assert_true(fx->hv->ops->vm_create(fx->hv, &spec) < 0);
    assert_int_equal(fx->fake->n_calls, 4);
    assert_non_null(strstr(vbw_error_last()->message, "--bogus"));
}

static void test_create_invalid_spec(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_vm_spec spec = example_spec();
    spec.os_type = NULL;
    assert_int_equal(fx->hv->ops->vm_create(fx->hv, &spec), VBW_ERR_INVALID);
    assert_int_equal(fx->fake->n_calls, 0);
}

static void test_session_lock_retried(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    fake_cmd_answer(fx->fake, 0, NULL, NULL);
    assert_int_equal(fx->hv->ops->storage_detach(fx->hv, "boinc_abc", "Hard Disk Controller", 1, 0),
                     0);
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 3);
    assert_int_equal(retries, 2);
    assert_int_equal(fx->sleeps, 2);
    assert_int_equal(fx->slept_ms[0], 1);
    assert_int_equal(fx->slept_ms[1], 2); /* doubling */
    assert_string_equal(fake_cmd_call(fx->fake, 0), fake_cmd_call(fx->fake, 2));
}

static void test_session_lock_budget(void **state)
{
    struct fixture *fx = *state;
    vbw_vbm_of(fx->hv)->retry_budget_ms = 3; /* room for delays 1 and 2, not 4 */
    for (int i = 0; i < 5; i++)
        fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    int rc = fx->hv->ops->storage_detach(fx->hv, "boinc_abc", "Hard Disk Controller", 1, 0);
    assert_int_equal(rc, VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->vbox.hresult, VBW_HR_VBOX_E_INVALID_OBJECT_STATE);
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 3);
    assert_int_equal(retries, 2);
}

static void test_not_retried_when_permanent(void **state)
{
    struct fixture *fx = *state;
    /* E_ACCESSDENIED is retried only as "object not ready"; a MultiAttach
     * INVALID_OBJECT_STATE never clears by waiting (upstream's exception). */
    fake_cmd_answer(fx->fake, 1, NULL,
                    "VBoxManage: error: Permission denied\n"
                    "VBoxManage: error: Details: code E_ACCESSDENIED (0x80070005), component "
                    "MachineWrap, interface IMachine, callee nsISupports\n");
    fake_cmd_answer(fx->fake, 1, NULL,
                    "VBoxManage: error: Cannot attach medium '/p/vm.vdi': the media type "
                    "'MultiAttach' can only be attached to machines that were created with "
                    "VirtualBox 4.0 or later\n"
                    "VBoxManage: error: Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), "
                    "component SessionMachine, interface IMachine, callee nsISupports\n");
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->vbox.hresult, VBW_HR_E_ACCESSDENIED);
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->vbox.hresult, VBW_HR_VBOX_E_INVALID_OBJECT_STATE);
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 2);
    assert_int_equal(retries, 0);
}

static void test_createvm_not_retried(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_vm_spec spec = example_spec();
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    assert_int_equal(fx->hv->ops->vm_create(fx->hv, &spec), VBW_ERR_VBOX);
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 2);
    assert_int_equal(retries, 0);
}

/* VBoxManage could not reach VBoxSVC at all: nothing was done, so even
 * createvm is retried (fixture: the real 7.2 text of that failure). */
static void test_createvm_retried_when_svc_unreachable(void **state)
{
    struct fixture *fx = *state;
    struct vbw_hv_vm_spec spec = example_spec();
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    assert_true(fake_cmd_answer_file(fx->fake, 1, "7.2/error-vboxsvc-down.txt", true));
    fake_cmd_answer(fx->fake, 0, CREATEVM_STDOUT, NULL);
    for (int i = 0; i < 4; i++)
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    assert_int_equal(fx->hv->ops->vm_create(fx->hv, &spec), 0);
    unsigned retries;
    assert_int_equal(stats_calls(fx->hv, &retries), 7);
    assert_int_equal(retries, 1);
    assert_non_null(strstr(fake_cmd_call(fx->fake, 2), "createvm"));
}

static int progress_seen;
static void record_progress(int percent, void *opaque)
{
    (void)opaque;
    progress_seen = percent;
}

static void test_error_with_exit_zero(void **state)
{
    struct fixture *fx = *state;
    /* "VBoxManage: error:" on stderr is a failure whatever the exit status. */
    assert_true(fake_cmd_answer_file(fx->fake, 0, "6.1/error-progress-snapshot.txt", true));
    progress_seen = -1;
    int rc =
        fx->hv->ops->snapshot_take(fx->hv, "boinc_abc", "boinc_1", false, record_progress, NULL);
    assert_int_equal(rc, VBW_ERR_VBOX);
    assert_true(vbw_error_last()->has_vbox);
    assert_int_equal(vbw_error_last()->vbox.hresult, VBW_HR_VBOX_E_FILE_ERROR);
    assert_int_equal(progress_seen, 20);
    assert_string_equal(fake_cmd_call(fx->fake, 0), "snapshot boinc_abc take boinc_1");
}

static void test_snapshot_progress(void **state)
{
    struct fixture *fx = *state;
    /* VBoxManage.cpp showProgress(): "%u%%..." per 10 %, "100%\n" at the end. */
    fake_cmd_answer(fx->fake, 0, "Snapshot taken. UUID: 4c3a5b2e-9d1f-4e8a-b6c7-2f0e1d3c4b5a\n",
                    "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n");
    progress_seen = -1;
    assert_int_equal(
        fx->hv->ops->snapshot_take(fx->hv, "boinc_abc", "boinc_1", true, record_progress, NULL), 0);
    assert_int_equal(progress_seen, 100);
    assert_string_equal(fake_cmd_call(fx->fake, 0), "snapshot boinc_abc take boinc_1 --live");
}

static void test_snapshot_list_none(void **state)
{
    struct fixture *fx = *state;
    /* stdout "This machine does not have any snapshots", exit 1: an empty list. */
    if (!fake_cmd_answer_file(fx->fake, 1, "6.1/snapshot-list-none.txt", false))
        fake_cmd_answer(fx->fake, 1, "This machine does not have any snapshots\n", NULL);
    struct vbw_hv_snapshot_list list;
    assert_int_equal(fx->hv->ops->snapshot_list(fx->hv, "boinc_vm", &list), 0);
    assert_int_equal(list.count, 0);
    vbw_hv_snapshot_list_clear(&list);
    assert_string_equal(fake_cmd_call(fx->fake, 0), "snapshot boinc_vm list --machinereadable");
}

static void test_snapshot_list_one(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "5.2/snapshot-list.txt", false));
    struct vbw_hv_snapshot_list list;
    assert_int_equal(fx->hv->ops->snapshot_list(fx->hv, "boinc_vm", &list), 0);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].name, "boinc_snapshot");
    assert_string_equal(list.current_uuid, "4d5e6f70-8192-4a0b-9c1d-2e3f4a5b6c7d");
    vbw_hv_snapshot_list_clear(&list);
}

static void test_medium_info(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "6.1/version-ubuntu.txt", false));
    assert_true(fake_cmd_answer_file(fx->fake, 0, "6.1/showhdinfo-multiattach.txt", false));
    struct vbw_hv_medium_info info;
    assert_int_equal(fx->hv->ops->medium_info(fx->hv, VBW_MEDIUM_HDD,
                                              "/home/boinc/projects/x/vm_image.vdi", &info),
                     0);
    assert_string_equal(fake_cmd_call(fx->fake, 1),
                        "showmediuminfo disk /home/boinc/projects/x/vm_image.vdi");
    assert_string_equal(info.type, "multiattach");
    assert_int_equal(info.n_child_uuids, 2);
    vbw_hv_medium_info_clear(&info);
}

static void test_timeout(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer_timeout(fx->fake);
    assert_int_equal(fx->hv->ops->vm_poweroff(fx->hv, "boinc_abc"), VBW_ERR_TIMEOUT);
    assert_int_equal(stats_calls(fx->hv, NULL), 1);
    assert_string_equal(fake_cmd_call(fx->fake, 0), "controlvm boinc_abc poweroff");
}

static void test_exit_without_trailer(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer(fx->fake, 1, NULL, "something odd\n");
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_EXIT);
    assert_false(vbw_error_last()->has_vbox);
    assert_non_null(strstr(vbw_error_last()->message, "something odd"));
}

static void test_empty_output_is_failure(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer(fx->fake, 0, "\n", NULL);
    struct vbw_hv_vm_info info;
    assert_int_equal(fx->hv->ops->vm_info(fx->hv, "boinc_abc", &info), VBW_ERR_PARSE);
    vbw_hv_vm_info_clear(&info);
}

static void test_vm_info_found(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/showvminfo-running.txt", false));
    struct vbw_hv_vm_info info;
    assert_int_equal(fx->hv->ops->vm_info(fx->hv, "boinc_abc", &info), 0);
    assert_int_equal(info.state, VBW_VM_RUNNING);
    assert_non_null(info.name);
    vbw_hv_vm_info_clear(&info);
}

static void test_runtime_calls(void **state)
{
    struct fixture *fx = *state;
    for (int i = 0; i < 4; i++)
        fake_cmd_answer(fx->fake, 0, NULL, NULL);
    struct vbw_hv *hv = fx->hv;
    assert_int_equal(hv->ops->vm_set_link(hv, "boinc_abc", 1, false), 0);
    assert_int_equal(hv->ops->vm_set_cpu_cap(hv, "boinc_abc", 75), 0);
    assert_int_equal(hv->ops->vm_acpi_shutdown(hv, "boinc_abc"), 0);
    assert_int_equal(hv->ops->vm_unregister(hv, "boinc_abc", true), 0);
    assert_int_equal(hv->ops->vm_set_cpu_cap(hv, "boinc_abc", 0), VBW_ERR_INVALID);
    assert_string_equal(fake_cmd_call(fx->fake, 0), "controlvm boinc_abc setlinkstate1 off");
    assert_string_equal(fake_cmd_call(fx->fake, 1), "controlvm boinc_abc cpuexecutioncap 75");
    assert_string_equal(fake_cmd_call(fx->fake, 2), "controlvm boinc_abc acpipowerbutton");
    assert_string_equal(fake_cmd_call(fx->fake, 3), "unregistervm boinc_abc --delete");
    assert_int_equal(fx->fake->n_calls, 4);
}

static void test_detect_warning_not_ready(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version-suse-warning.txt", false));
    struct vbw_hv_host_info host;
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    assert_int_equal(host.version.major, 7);
    assert_int_equal(host.version.build, 14);
    assert_false(host.host_ready);
    assert_non_null(host.warnings);
    assert_non_null(strstr(host.warnings, "vboxdrv kernel module is not loaded"));
    assert_true(host.processor_count > 0);
    vbw_hv_host_info_clear(&host);
    assert_int_equal(stats_calls(fx->hv, NULL), 1); /* detect is one call */
}

/* detect refuses the releases upstream refuses, matched exactly: 4.3.0
 * is refused, 4.2.60 (which upstream's substring match also refused) is
 * not. */
static void test_detect_refused_versions(void **state)
{
    struct fixture *fx = *state;
    fake_cmd_answer(fx->fake, 0, "4.3.0r91027\n", NULL);
    fake_cmd_answer(fx->fake, 0, "4.2.60r90000\n", NULL);
    fake_cmd_answer(fx->fake, 0, "4.2.18r88780\n", NULL);
    struct vbw_hv_host_info host;
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    assert_true(host.version_refused);
    vbw_hv_host_info_clear(&host);
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    assert_int_equal(host.version.build, 60);
    assert_false(host.version_refused);
    vbw_hv_host_info_clear(&host);
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    assert_true(host.version_refused);
    vbw_hv_host_info_clear(&host);
}

/* Failures carry the interface's class beside VirtualBox's own text: the
 * task decides on the class alone. */
static void test_error_classes(void **state)
{
    struct fixture *fx = *state;
    vbw_vbm_of(fx->hv)->retry_budget_ms = 0; /* the lock reported, not retried */
    fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_LOCKED);
    assert_non_null(strstr(vbw_error_last()->message, "VBOX_E_INVALID_OBJECT_STATE"));
    fake_cmd_answer(fx->fake, 1, NULL,
                    "VBoxManage: error: Could not find a registered machine named 'x'\n"
                    "VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), "
                    "component VirtualBoxWrap, interface IVirtualBox, callee nsISupports\n");
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "x"), VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_NOT_FOUND);
    fake_cmd_answer_timeout(fx->fake);
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_TIMEOUT);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_TIMED_OUT);
    fake_cmd_answer(fx->fake, 1, NULL, "something odd\n");
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_EXIT);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_NONE);
    assert_true(fake_cmd_answer_file(fx->fake, 1, "7.2/error-vboxsvc-down.txt", true));
    assert_int_equal(fx->hv->ops->vm_pause(fx->hv, "boinc_abc"), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_HOST_NOT_READY);
}

/* A failed startvm whose answer names a VT-x status: vm_start_failure
 * classes it (startvm's 7.0.10 text, as tests/scenarios/data/1045). */
static void test_start_failure_hwaccel_class(void **state)
{
    struct fixture *fx = *state;
    static const char root_mode[] =
        "VBoxManage: error: VirtualBox can't operate in VMX root mode. Please disable the KVM "
        "kernel extension, recompile your kernel and reboot (VERR_VMX_IN_VMX_ROOT_MODE)\n"
        "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component "
        "ConsoleWrap, interface IConsole\n";
    static const char no_vmx[] =
        "VBoxManage: error: VT-x is disabled in the BIOS for all CPU modes "
        "(VERR_VMX_MSR_ALL_VMX_DISABLED)\n"
        "VBoxManage: error: Details: code NS_ERROR_FAILURE (0x80004005), component "
        "ConsoleWrap, interface IConsole\n";
    struct vbw_hv_start_failure f;
    vbw_hv_vboxmanage_set_driver_probe(fx->hv, NULL, NULL);
    fake_cmd_answer(fx->fake, 1, "Waiting for VM \"boinc_abc\" to power on...\n", root_mode);
    assert_int_equal(fx->hv->ops->vm_start(fx->hv, "boinc_abc", true), VBW_ERR_VBOX);
    assert_int_equal(fx->hv->ops->vm_start_failure(fx->hv, "boinc_abc", &f), 0);
    assert_int_equal(f.hwaccel_class, VBW_CLASS_HWACCEL_IN_USE);
    assert_string_equal(f.hwaccel_status, "VERR_VMX_IN_VMX_ROOT_MODE");
    vbw_hv_start_failure_clear(&f);
    fake_cmd_answer(fx->fake, 1, NULL, no_vmx);
    assert_int_equal(fx->hv->ops->vm_start(fx->hv, "boinc_abc", true), VBW_ERR_VBOX);
    assert_int_equal(fx->hv->ops->vm_start_failure(fx->hv, "boinc_abc", &f), 0);
    assert_int_equal(f.hwaccel_class, VBW_CLASS_NO_HWACCEL);
    assert_string_equal(f.hwaccel_status, "VERR_VMX_MSR_ALL_VMX_DISABLED");
    vbw_hv_start_failure_clear(&f);
    fake_cmd_answer(fx->fake, 1, NULL, LOCKED_STDERR);
    vbw_vbm_of(fx->hv)->retry_budget_ms = 0;
    assert_int_equal(fx->hv->ops->vm_start(fx->hv, "boinc_abc", true), VBW_ERR_VBOX);
    assert_int_equal(vbw_error_last()->error_class, VBW_CLASS_LOCKED);
    assert_int_equal(fx->hv->ops->vm_start_failure(fx->hv, "boinc_abc", &f), 0);
    assert_int_equal(f.hwaccel_class, VBW_CLASS_NONE);
    assert_string_equal(f.hwaccel_status, "");
    vbw_hv_start_failure_clear(&f);
}

static void test_caps(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    struct vbw_hv_host_info host;
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    vbw_hv_host_info_clear(&host);
    unsigned caps = fx->hv->ops->caps(fx->hv);
    assert_true(caps & VBW_HV_CAP_SNAPSHOTS);
    assert_true(caps & VBW_HV_CAP_GUEST_CONTROL);
    assert_true(caps & VBW_HV_CAP_LOG_EVENTS);
    assert_true(caps & VBW_HV_CAP_LINK_STATE);
    assert_false(caps & VBW_HV_CAP_VRDE);
    assert_false(caps & VBW_HV_CAP_NESTED_UNDER_HV);

    /* 7.2 with the extension pack installed next to VBoxManage. */
    char dir[] = "/tmp/vbw-vbm-caps-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/ExtensionPacks", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/ExtensionPacks/Oracle_VirtualBox_Extension_Pack", dir);
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(path, sizeof path, "%s/ExtensionPacks/Oracle_VirtualBox_Extension_Pack/ExtPack.xml",
             dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("<VirtualBoxExtensionPack/>\n", fp);
    fclose(fp);
    vbw_vbm_of(fx->hv)->install_dir = strdup(dir);
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.2/version.txt", false));
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    assert_true(host.extpack_installed);
    vbw_hv_host_info_clear(&host);
    caps = fx->hv->ops->caps(fx->hv);
    assert_true(caps & VBW_HV_CAP_VRDE);
    assert_true(caps & VBW_HV_CAP_NESTED_UNDER_HV);
    unlink(path);
    snprintf(path, sizeof path, "%s/ExtensionPacks/Oracle_VirtualBox_Extension_Pack", dir);
    rmdir(path);
    snprintf(path, sizeof path, "%s/ExtensionPacks", dir);
    rmdir(path);
    rmdir(dir);
}

/* Issue 16.12: the Guest Additions ISO VirtualBox names as its default
 * (SystemProperties::i_setDefaultAdditionsISO: <data folder>/
 * VBoxGuestAdditions.iso, else <programs folder>/additions/...), found from
 * the folder VBoxManage resolves to, Debian's split included. */
static void make_file(const char *root, const char *rel)
{
    char path[512], *slash;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fclose(fp);
}

static void expect_additions(struct fixture *fx, const char *root, const char *install,
                             const char *want)
{
    struct vbw_hv_host_info host;
    char dir[512], expected[512];
    snprintf(dir, sizeof dir, "%s/%s", root, install);
    free(vbw_vbm_of(fx->hv)->install_dir);
    vbw_vbm_of(fx->hv)->install_dir = strdup(dir);
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.2/version.txt", false));
    assert_int_equal(fx->hv->ops->detect(fx->hv, &host), 0);
    if (want == NULL) {
        assert_null(host.guest_additions_iso);
    } else {
        snprintf(expected, sizeof expected, "%s/%s", root, want);
        assert_non_null(host.guest_additions_iso);
        assert_string_equal(host.guest_additions_iso, expected);
    }
    vbw_hv_host_info_clear(&host);
}

static void test_detect_guest_additions_iso(void **state)
{
    struct fixture *fx = *state;
    char root[] = "/tmp/vbw-vbm-ga-XXXXXX";
    assert_non_null(mkdtemp(root));
    /* Debian without virtualbox-guest-additions-iso: none. */
    make_file(root, "usr/share/virtualbox/VBox.sh");
    make_file(root, "usr/lib/virtualbox/VBoxManage");
    expect_additions(fx, root, "usr/share/virtualbox", NULL);
    /* Oracle's .run install: /opt/VirtualBox/additions/. */
    make_file(root, "opt/VirtualBox/additions/VBoxGuestAdditions.iso");
    expect_additions(fx, root, "opt/VirtualBox", "opt/VirtualBox/additions/VBoxGuestAdditions.iso");
    /* The programs folder's additions/, from either half of a Linux package. */
    make_file(root, "usr/lib/virtualbox/additions/VBoxGuestAdditions.iso");
    expect_additions(fx, root, "usr/share/virtualbox",
                     "usr/lib/virtualbox/additions/VBoxGuestAdditions.iso");
    /* The data folder's ISO comes first, as in VirtualBox (Debian's
     * package puts it there; /usr/bin/VBoxManage resolves to either half). */
    make_file(root, "usr/share/virtualbox/VBoxGuestAdditions.iso");
    expect_additions(fx, root, "usr/share/virtualbox",
                     "usr/share/virtualbox/VBoxGuestAdditions.iso");
    expect_additions(fx, root, "usr/lib/virtualbox", "usr/share/virtualbox/VBoxGuestAdditions.iso");
    assert_int_equal(vbw_test_rmtree(root), 0);
}

static void test_guest_property(void **state)
{
    struct fixture *fx = *state;
    /* VBoxManageGuestProp.cpp: RTPrintf("Value: %ls\n") / "No value set!\n". */
    fake_cmd_answer(fx->fake, 0, "Value: Linux\n", NULL);
    fake_cmd_answer(fx->fake, 0, "No value set!\n", NULL);
    char *value = NULL;
    assert_int_equal(fx->hv->ops->guest_property_get(fx->hv, "boinc_abc",
                                                     "/VirtualBox/GuestInfo/OS/Product", &value),
                     0);
    assert_string_equal(value, "Linux");
    free(value);
    assert_int_equal(fx->hv->ops->guest_property_get(fx->hv, "boinc_abc", "/x", &value), 0);
    assert_null(value);
}

static void test_guest_run_success(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 0, "hi\n", NULL);
    const char *const args[] = {"echo", "hi", NULL};
    struct vbw_hv_guest_cmd cmd = {.exe = "/bin/echo", .args = args};
    struct vbw_hv_guest_result res;
    assert_int_equal(fx->hv->ops->guest_run(fx->hv, "boinc_abc", &cmd, &res), 0);
    assert_true(res.finished);
    assert_int_equal(res.exit_code, 0);
    assert_int_equal(res.out_len, 3);
    assert_memory_equal(res.out, "hi\n", 3);
    vbw_hv_guest_result_clear(&res);
    assert_string_equal(fake_cmd_call(fx->fake, 1),
                        "guestcontrol boinc_abc run --exe /bin/echo --arg0 echo --wait-stdout "
                        "--wait-stderr -- hi");
}

/* Debian's launcher (VBox.sh, 7.2.22 here) on a host without /dev/vboxdrv
 * prints this heredoc on stdout before every VBoxManage it starts: seen in
 * the real tier's test_guest_task, where it opened `vbw exec`'s output. */
#define LAUNCHER_BLOCK                                                                             \
    "WARNING: The character device /dev/vboxdrv does not exist.\n"                                 \
    "\t Please install the virtualbox-dkms package and the appropriate\n"                          \
    "\t headers, most likely linux-headers-amd64.\n"                                               \
    "\n"                                                                                           \
    "\t You will not be able to start VMs until this problem is fixed.\n"

static void stdout_collect(int stream, const char *data, size_t len, void *opaque)
{
    if (stream == 1)
        assert_int_equal(vbw_buf_append(opaque, data, len), 0);
}

static void guest_run_streaming(struct fixture *fx, const char *version_out, const char *run_out,
                                const char *want)
{
    fake_cmd_answer(fx->fake, 0, version_out, NULL);
    fake_cmd_answer(fx->fake, 0, run_out, NULL);
    struct vbw_buf seen = VBW_BUF_INIT;
    const char *const args[] = {"sh", NULL};
    struct vbw_hv_guest_cmd cmd = {
        .exe = "/bin/sh", .args = args, .on_output = stdout_collect, .output_opaque = &seen};
    struct vbw_hv_guest_result res;
    assert_int_equal(fx->hv->ops->guest_run(fx->hv, "boinc_abc", &cmd, &res), 0);
    assert_int_equal(seen.len, strlen(want));
    assert_memory_equal(seen.data, want, seen.len);
    assert_int_equal(res.out_len, strlen(want));
    assert_memory_equal(res.out, want, res.out_len);
    vbw_hv_guest_result_clear(&res);
    vbw_buf_clear(&seen);
}

static void test_guest_run_drops_launcher_block(void **state)
{
    guest_run_streaming(*state, LAUNCHER_BLOCK "7.2.22_Debianr175245\n",
                        LAUNCHER_BLOCK "out\nWARNING: the guest's own\n",
                        "out\nWARNING: the guest's own\n");
}

static void test_guest_run_keeps_guest_warning(void **state)
{
    /* No launcher block on this host: a guest program's first line that
     * reads like one is its own. */
    guest_run_streaming(*state, "7.2.22_Debianr175245\n", "WARNING: from the guest\n\tmore\n",
                        "WARNING: from the guest\n\tmore\n");
}

static void test_guest_run_other_block_kept(void **state)
{
    /* A block that is not the one the launcher printed for --version is the
     * guest program's, and so is an empty output. */
    guest_run_streaming(*state, LAUNCHER_BLOCK "7.2.22_Debianr175245\n",
                        "WARNING: The character device is fine\nout\n",
                        "WARNING: The character device is fine\nout\n");
}

static void test_guest_run_only_launcher_block(void **state)
{
    guest_run_streaming(*state, LAUNCHER_BLOCK "7.2.22_Debianr175245\n", LAUNCHER_BLOCK, "");
}

/* 7.2.22 on the real tier, `vbw exec --timeout 5 -- /bin/sleep 600`: the
 * error line as vbw reported it (twice: stdout and stderr reads); the exit
 * status is VBoxManage's failure. */
#define READ_TIMED_OUT                                                                             \
    "VBoxManage: error: Reading from guest process \"/bin/sleep\" (PID 164) failed: "              \
    "VERR_TIMEOUT.\n"

static void test_guest_run_read_timeout_is_timeout(void **state)
{
    struct fixture *fx = *state;
    assert_true(fake_cmd_answer_file(fx->fake, 0, "7.0/version.txt", false));
    fake_cmd_answer(fx->fake, 1, "", READ_TIMED_OUT READ_TIMED_OUT);
    const char *const args[] = {"sleep", "600", NULL};
    struct vbw_hv_guest_cmd cmd = {.exe = "/bin/sleep", .args = args, .timeout_ms = 5000};
    struct vbw_hv_guest_result res;
    assert_int_equal(fx->hv->ops->guest_run(fx->hv, "boinc_abc", &cmd, &res), 0);
    assert_true(res.timed_out);
    assert_false(res.finished);
    vbw_hv_guest_result_clear(&res);
    /* Without a time limit of the caller's the same text is a failure. */
    fake_cmd_answer(fx->fake, 1, "", READ_TIMED_OUT);
    cmd.timeout_ms = 0;
    assert_true(fx->hv->ops->guest_run(fx->hv, "boinc_abc", &cmd, &res) < 0);
    vbw_hv_guest_result_clear(&res);
}

static void test_stats_other_backend(void **state)
{
    (void)state;
    struct vbw_hv_stats st = {.calls = 9, .retries = 9};
    vbw_hv_vboxmanage_stats(NULL, &st);
    assert_int_equal(st.calls, 0);
    assert_int_equal(st.retries, 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_start_7_0),
        T(test_create_start_7_1),
        T(test_create_start_5_2),
        T(test_create_extra_calls_counted),
        T(test_create_failure_stops),
        T(test_create_failure_releases_media),
        T(test_create_failure_undo_fails),
        T(test_create_invalid_spec),
        T(test_session_lock_retried),
        T(test_session_lock_budget),
        T(test_not_retried_when_permanent),
        T(test_createvm_not_retried),
        T(test_createvm_retried_when_svc_unreachable),
        T(test_error_with_exit_zero),
        T(test_snapshot_progress),
        T(test_snapshot_list_none),
        T(test_snapshot_list_one),
        T(test_medium_info),
        T(test_timeout),
        T(test_exit_without_trailer),
        T(test_empty_output_is_failure),
        T(test_vm_info_found),
        T(test_runtime_calls),
        T(test_detect_warning_not_ready),
        T(test_detect_refused_versions),
        T(test_detect_guest_additions_iso),
        T(test_error_classes),
        T(test_start_failure_hwaccel_class),
        T(test_caps),
        T(test_guest_property),
        T(test_guest_run_success),
        T(test_guest_run_drops_launcher_block),
        T(test_guest_run_keeps_guest_warning),
        T(test_guest_run_other_block_kept),
        T(test_guest_run_only_launcher_block),
        T(test_guest_run_read_timeout_is_timeout),
        T(test_stats_other_backend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
