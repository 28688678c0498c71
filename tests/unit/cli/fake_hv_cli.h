/*
 * fake_hv_cli.h - an in-memory hypervisor for the vbw tool's unit tests:
 * a handful of VMs whose state the power operations change, snapshots,
 * one guest property, and a configurable guest program result. It counts
 * calls so tests can assert what the tool asked for.
 */
#ifndef FAKE_HV_CLI_H
#define FAKE_HV_CLI_H

#include "vbw/vbw_hv.h"

#define FAKE_MAX_VMS       8
#define FAKE_MAX_SNAPSHOTS 8

struct fake_vm {
    char name[64];
    char uuid[40];
    enum vbw_vm_state state;
    char cfg_file[256];
    char description[256];
    char snapshots[FAKE_MAX_SNAPSHOTS][64];
    int n_snapshots;
    int current_snapshot; /* index, -1 none */
    bool registered;
    /* Polls of vm_info before a started VM reports running (--wait). */
    int start_delay_polls;
    bool never_starts; /* stays "starting" */
    /* Property polls before the alive property has a value, -1 never. */
    int alive_after_polls;
    int alive_polls_left; /* after alive: polls until the VM powers off; -1 never */
    char disks[2][256];   /* attached media (SATA port 0, 1), "" none */
};

struct fake_hv {
    struct vbw_hv base;
    struct fake_vm vms[FAKE_MAX_VMS];
    int n_vms;
    /* What guest_run answers; rc < 0 makes it fail with guest_error. */
    struct vbw_hv_guest_result guest_result;
    int guest_rc;
    const char *guest_error_name; /* e.g. "VBOX_E_IPRT_ERROR" */
    /* Recorded arguments. */
    /* The last guest_run's command, copied (the tool frees its own). */
    char last_exe[128], last_args[256], last_env[256], last_user[64], last_cwd[128];
    int last_timeout_ms;
    char last_copy_host[256], last_copy_guest[256];
    bool last_copy_to;
    int calls_start, calls_pause, calls_resume, calls_poweroff, calls_acpi, calls_savestate;
    int calls_unregister, calls_copy, calls_run, calls_list, calls_info, calls_property;
    int calls_snapshot_take, calls_snapshot_restore, calls_snapshot_delete;
    int calls_detach, calls_medium_close, calls_discard;
    bool last_unregister_deleted; /* vm_unregister's delete_files */
    /* The last vm_create's spec, copied. */
    int calls_create;
    char created_name[64], created_description[256], created_folder[256], created_os[64];
    char created_disk[256], created_shared[256];
    int created_memory_mb, created_cpus;
    size_t created_attachments;
    bool copy_from_missing;       /* guest_copy_from: the guest file does not exist */
    struct vbw_hv_host_info host; /* what detect answers (strings borrowed) */
};

void fake_hv_init(struct fake_hv *f);
struct fake_vm *fake_hv_add_vm(struct fake_hv *f, const char *name, enum vbw_vm_state state);

#endif
