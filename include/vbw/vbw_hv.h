/*
 * vbw_hv.h - the hypervisor interface: what the task and the vbw tool may ask
 * of a hypervisor, and nothing about how it is driven.
 *
 * A backend embeds struct vbw_hv as its first member and fills a
 * struct vbw_hv_ops with designated initializers (libvirt's driver tables).
 * Every operation returns 0 or a negative vbw_error_code with the message set
 * once (vbw_error.h) and the failure's class (vbw_error_last()->error_class:
 * not found, locked, host not ready, ...) in no hypervisor's words: callers
 * decide on the class and print the message, which keeps the backend's own
 * text. Strings the backend returns inside out-structs are owned by that
 * struct and released by its *_clear() function.
 *
 * The default backend is backends/vboxmanage (vbw_hv_vboxmanage_new).
 */
#ifndef VBW_HV_H
#define VBW_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_error.h"

struct vbw_cmd;
struct vbw_cmd_cancel;

/* ---- VM state ----------------------------------------------------------- */

enum vbw_vm_state {
    VBW_VM_UNKNOWN = 0, /* not known (yet), or a value we do not know */
    VBW_VM_POWEROFF,
    VBW_VM_SAVED,
    VBW_VM_ABORTED,       /* the VM process died (crash, kill) */
    VBW_VM_ABORTED_SAVED, /* 7.1+: aborted with a saved state */
    VBW_VM_STARTING,
    VBW_VM_RUNNING,
    VBW_VM_PAUSED,
    VBW_VM_STOPPING,
    VBW_VM_SAVING,
    VBW_VM_RESTORING,
    VBW_VM_SNAPSHOTTING, /* snapshotting, livesnapshotting, onlinesnapshotting */
    VBW_VM_RESTORING_SNAPSHOT,
    VBW_VM_DELETING_SNAPSHOT,
    VBW_VM_GURU_MEDITATION,
    VBW_VM_TELEPORTING,
    VBW_VM_TELEPORTED,
    VBW_VM_SETTING_UP,
};

/* "running", "poweroff", ... (the --machinereadable VMState spelling). */
const char *vbw_vm_state_name(enum vbw_vm_state state);
/* The inverse, accepting every version's spelling; VBW_VM_UNKNOWN otherwise. */
enum vbw_vm_state vbw_vm_state_from_name(const char *name);
/* True for states where the VM process is alive (running, paused, ...,
 * guru meditation): it must be powered off before it can be unregistered. */
bool vbw_vm_state_has_process(enum vbw_vm_state state);
/* True where the wrapper counts the guest as running ("online" upstream):
 * the states with a process except guru meditation, plus setting up and
 * restoring a snapshot. */
bool vbw_vm_state_is_online(enum vbw_vm_state state);
/* True for states where the VM has stopped (poweroff, saved, aborted, ...). */
bool vbw_vm_state_is_stopped(enum vbw_vm_state state);
/* True where the guest itself executes, so it can say it is alive: running,
 * and running on through a live snapshot, an online snapshot deletion or a
 * teleport. Not paused or in guru meditation (a process, but a guest that
 * does not run), nor starting, restoring or saving (it does not run yet or
 * any more). */
bool vbw_vm_state_guest_runs(enum vbw_vm_state state);

/* ---- host --------------------------------------------------------------- */

struct vbw_hv_version {
    int major, minor, build;
    int revision;  /* the rNNNNNN part, or 0 */
    char text[64]; /* as printed, e.g. "7.0.14_SUSEr161095" */
};

struct vbw_hv_host_info {
    struct vbw_hv_version version;
    bool version_refused; /* a release known to break tasks: do not use it */
    bool host_ready;      /* "list hostinfo" answered with a processor count */
    char *warnings;       /* launcher WARNING text (kernel module ...), or NULL */
    int processor_count;
    int64_t memory_mb;
    char *guest_additions_iso; /* default GA ISO path, or NULL */
    bool extpack_installed;    /* Oracle (VM) VirtualBox Extension Pack usable */
    char *extpack_version;     /* or NULL */
};
void vbw_hv_host_info_clear(struct vbw_hv_host_info *info);

/* ---- VM configuration (what to create) ---------------------------------- */

enum vbw_hv_nic_mode { VBW_NIC_NONE = 0, VBW_NIC_NAT, VBW_NIC_BRIDGED };
enum vbw_hv_medium_kind { VBW_MEDIUM_HDD = 0, VBW_MEDIUM_DVD, VBW_MEDIUM_FLOPPY };

struct vbw_hv_port_forward {
    char name[64];  /* rule name, e.g. "vboxwrapper" or "vboxwrapper_5000" */
    bool is_remote; /* listen on all host addresses, not 127.0.0.1 */
    int host_port;
    int guest_port;
};

struct vbw_hv_shared_folder {
    const char *name; /* "shared", "scratch", "slot", "project" */
    const char *host_path;
    bool readonly;
};

struct vbw_hv_attachment {
    enum vbw_hv_medium_kind kind;
    const char *path;    /* image file */
    int port, device;    /* controller port/device */
    bool multiattach;    /* --mtype multiattach (parent in project dir) */
    bool set_uuid_empty; /* --setuuid "" (fresh UUID, as upstream for copies) */
    bool keep_file;      /* the user's own image: a failed vm_create releases it
                            from the registry but never deletes it */
};

struct vbw_hv_vm_spec {
    const char *name;
    const char *description;
    const char *os_type;     /* "Linux26", "Linux26_64", ... */
    const char *base_folder; /* the slot directory; NULL: VirtualBox's machine folder */
    int memory_mb;
    int cpus;
    int vram_mb;
    const char *graphics_controller;   /* NULL: leave the default */
    const char *disk_controller_type;  /* "sata", "ide", "scsi", "sas" */
    const char *disk_controller_model; /* "IntelAHCI", "PIIX4", ... */
    const struct vbw_hv_attachment *attachments;
    size_t n_attachments;
    bool floppy_controller; /* add a floppy controller (FloppyIO) */
    bool hw_acceleration;   /* hwvirtex + nested paging + large pages */
    bool pae;
    /* The VM's clock keeps local time, not UTC: set when the host's own
     * hardware clock does (a Windows host without RealTimeIsUniversal). */
    bool rtc_local_time;
    enum vbw_hv_nic_mode nic_mode;
    const char *nic_driver;      /* "virtio", "82540EM", ... or NULL */
    const char *bridged_adapter; /* host interface for bridged mode */
    bool nat_dns_host_resolver;
    bool nat_dns_proxy;
    bool network_enabled; /* cable connected at start */
    const struct vbw_hv_port_forward *port_forwards;
    size_t n_port_forwards;
    bool vrde_enabled;
    int vrde_port;
    const struct vbw_hv_shared_folder *shared_folders;
    size_t n_shared_folders;
    int cpu_execution_cap;        /* 1..100; 0 = leave the default (100) */
    int64_t bandwidth_limit_kbps; /* 0 = no bandwidth group */
};

/* ---- VM information (what is there) ------------------------------------- */

struct vbw_hv_vm_info {
    char *name;
    char *uuid;
    enum vbw_vm_state state;
    char *state_raw;         /* the VMState value as printed */
    char *state_change_time; /* VMStateChangeTime, or NULL */
    char *cfg_file;          /* CfgFile: the .vbox path */
    char *log_folder;        /* LogFldr */
    char *description;
    char *os_type;
    int memory_mb;
    int cpus;
    int vram_mb;
    int cpu_execution_cap;
    int vrde_port; /* vrdeport, or 0 */
    bool vrde_enabled;
    char *current_snapshot_uuid;   /* or NULL */
    char *current_snapshot_name;   /* or NULL */
    int guest_additions_run_level; /* GuestAdditionsRunLevel, 0 if absent */
    char *guest_additions_version; /* or NULL */
    bool accessible;               /* false for "<inaccessible>" */
    /* Repeated parts, each a simple array with its count. */
    struct vbw_hv_vm_nic {
        int index;
        char *mode;
        char *type;
        bool cable;
    } * nics;
    size_t n_nics;
    struct vbw_hv_port_forward *port_forwards; /* from Forwarding(N) */
    size_t n_port_forwards;
    struct vbw_hv_vm_folder {
        char *name;
        char *host_path;
    } * shared_folders;
    size_t n_shared_folders;
    struct vbw_hv_vm_storage {
        char *controller;
        int port, device;
        char *path;
        char *uuid;
    } * storage;
    size_t n_storage;
};
void vbw_hv_vm_info_clear(struct vbw_hv_vm_info *info);

struct vbw_hv_vm_entry {
    char *name;
    char *uuid;
    bool accessible;
};
struct vbw_hv_vm_list {
    struct vbw_hv_vm_entry *vms;
    size_t count;
};
void vbw_hv_vm_list_clear(struct vbw_hv_vm_list *list);

/* A VM the hypervisor keeps registered but cannot read (its settings file
 * gone, unreadable or broken): all the registry still knows of it. */
struct vbw_hv_inaccessible_vm {
    char *uuid;
    char *settings_file; /* or NULL when the hypervisor does not say */
};
struct vbw_hv_inaccessible_vm_list {
    struct vbw_hv_inaccessible_vm *items;
    size_t count;
};
void vbw_hv_inaccessible_vm_list_clear(struct vbw_hv_inaccessible_vm_list *list);

struct vbw_hv_medium_info {
    char *uuid;
    char *location;
    char *type;        /* "normal", "multiattach", ... */
    char *parent_uuid; /* or NULL */
    bool inaccessible; /* the hypervisor cannot open its file (gone, unreadable) */
    char **in_use_by;  /* the UUIDs of the VMs using it */
    size_t n_in_use_by;
    char **child_uuids;
    size_t n_child_uuids;
};
void vbw_hv_medium_info_clear(struct vbw_hv_medium_info *info);

/* The media of one kind the hypervisor has registered (uuid, location,
 * type, parent and inaccessible of each; no in_use_by: ask medium_info for
 * that). */
struct vbw_hv_medium_list {
    struct vbw_hv_medium_info *items;
    size_t count;
};
void vbw_hv_medium_list_clear(struct vbw_hv_medium_list *list);

/* ---- snapshots ---------------------------------------------------------- */

struct vbw_hv_snapshot {
    char *name;
    char *uuid;
    char *path; /* tree path, "1-2-1" style from SnapshotName-1-2-1 */
    int depth;  /* 0 for a root snapshot */
};
struct vbw_hv_snapshot_list {
    struct vbw_hv_snapshot *items; /* in the order VBoxManage printed them */
    size_t count;
    char *current_uuid; /* CurrentSnapshotUUID, or NULL */
    char *current_name;
};
void vbw_hv_snapshot_list_clear(struct vbw_hv_snapshot_list *list);

/* Progress of a long operation (snapshot, restore): 0..100. */
typedef void (*vbw_hv_progress_fn)(int percent, void *opaque);

/* ---- the VM log (steady state without spawning processes) --------------- */

struct vbw_hv_log_events {
    enum vbw_vm_state state;            /* last "Machine state changed to" seen, or UNKNOWN */
    bool state_changed;                 /* a state line appeared since the last poll */
    int vm_pid;                         /* "Process ID:" of the VM process, or 0 */
    bool guest_out_of_memory;           /* EXIT_OUT_OF_MEMORY in a Guest Log line */
    bool host_out_of_memory;            /* VERR_NO_MEMORY / NO_MEMORY start failure */
    bool hwvirt_failure;                /* VERR_VMX_* / VERR_SVM_* seen */
    char failure[256];                  /* the first VERR_* failure string, or "" */
    enum vbw_error_class failure_class; /* what failure[] means (NO_HWACCEL,
                                           HWACCEL_IN_USE, OUT_OF_MEMORY) */
    /* Set by the caller before log_poll, which keeps them: called once for
     * each line the guest wrote to its log port, with the text from "Guest
     * Log:" on (guest text: untrusted, any bytes, not NUL-terminated);
     * NULL when the lines are not wanted. */
    void (*guest_log)(const char *text, size_t len, void *opaque);
    void *guest_log_opaque;
};

/* ---- guest control ------------------------------------------------------ */

struct vbw_hv_guest_cmd {
    const char *exe;             /* absolute path in the guest */
    const char *const *args;     /* argv[0..n], NULL-terminated; may be NULL */
    const char *const *env;      /* "K=V", NULL-terminated; may be NULL */
    const char *user, *password; /* may be NULL */
    const char *cwd;             /* may be NULL (7.0+ only) */
    int timeout_ms;              /* 0: none */
    /* Optional: all of the program's output as it comes (stream 1 stdout,
     * 2 stderr; guest text: any bytes), besides the result's copy. */
    void (*on_output)(int stream, const char *data, size_t len, void *opaque);
    void *output_opaque;
    /* Optional: the user's cancel request (Ctrl-C), set by a signal handler;
     * the program is then ended in the guest and the call returns. */
    struct vbw_cmd_cancel *cancel;
    /* Start the program and return once it runs (result: guest_pid),
     * leaving it running in the guest; no output, no exit status. */
    bool detach;
};
struct vbw_hv_guest_result {
    bool finished; /* false: killed by a signal or timed out */
    bool timed_out;
    int exit_code; /* the guest program's own code (unmapped) */
    int term_signal;
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
    int64_t wall_ms;
    bool cancelled;     /* ended early by cmd->cancel */
    unsigned guest_pid; /* detach: the program's guest PID */
};
void vbw_hv_guest_result_clear(struct vbw_hv_guest_result *result);

/* Why vm_start failed, as the backend can tell after the failure (never
 * before it: a host without the kernel driver may still run VMs, e.g. on an
 * instruction emulator). */
enum vbw_hv_host_problem {
    VBW_HV_HOST_FINE = 0,       /* nothing wrong with the host that we can see */
    VBW_HV_HOST_DRIVER_MISSING, /* the hypervisor's kernel driver is absent or not loaded */
    VBW_HV_HOST_INSTALL_BROKEN, /* the hypervisor's programs and libraries do not match */
};
struct vbw_hv_start_failure {
    int code;   /* the failure's number as upstream prints it */
    char *call; /* "Command:\n...\nOutput:\n..." of the failed call,
                   printable, bounded; NULL when unknown */
    enum vbw_hv_host_problem host_problem;
    char *host_evidence;          /* what the diagnosis rests on; NULL when fine */
    char *service_log;            /* the hypervisor service's log lines about this VM,
                                     whole lines, read once the failure is written;
                                     NULL when there are none */
    const char *service_log_name; /* that log's name in reports (static storage) */
    /* The hardware virtualization failure the call's own answer names
     * (VBW_CLASS_NO_HWACCEL or VBW_CLASS_HWACCEL_IN_USE, with the
     * hypervisor's code for it in status), for when the VM left no log
     * saying it; VBW_CLASS_NONE and "" otherwise. */
    enum vbw_error_class hwaccel_class;
    char hwaccel_status[256];
};
void vbw_hv_start_failure_clear(struct vbw_hv_start_failure *f);

/* ---- logs a failure report shows ---------------------------------------- */

enum vbw_hv_log_kind {
    VBW_HV_LOG_SERVICE = 0, /* the hypervisor service's (every VM of the user) */
    VBW_HV_LOG_VM,          /* the VM's execution log */
    VBW_HV_LOG_VM_STARTUP,  /* the VM process's start-up logs */
};
struct vbw_hv_log_tail {
    enum vbw_hv_log_kind kind;
    char *name;    /* the file's name in reports */
    char *text;    /* its end, from a whole line on; NULL when refused */
    char *refused; /* why a file that is there was not read, or NULL */
};
struct vbw_hv_log_tails {
    struct vbw_hv_log_tail *items;
    size_t count;
};
void vbw_hv_log_tails_clear(struct vbw_hv_log_tails *tails);

/* ---- the table ---------------------------------------------------------- */

enum vbw_hv_caps {
    VBW_HV_CAP_SNAPSHOTS = 1u << 0,
    VBW_HV_CAP_GUEST_CONTROL = 1u << 1,
    VBW_HV_CAP_VRDE = 1u << 2,            /* needs the extension pack */
    VBW_HV_CAP_LOG_EVENTS = 1u << 3,      /* log_poll works (no process per poll) */
    VBW_HV_CAP_LINK_STATE = 1u << 4,      /* setlinkstate on a running VM */
    VBW_HV_CAP_NESTED_UNDER_HV = 1u << 5, /* may run under another hypervisor (7.2+) */
};

struct vbw_hv;

struct vbw_hv_ops {
    const char *name;
    /* How upstream's stderr.txt lines name this hypervisor's parts; the task
     * prints them as they are (stderr.txt is a drop-in contract). */
    const char *detected_as;    /* "Detected: <it> (Version: 7.2.4)" */
    const char *interface_name; /* "Starting VM using <it> interface." */
    const char *detect_call;    /* "ERROR: <it> failed": what a failed detect asked */
    const char *vm_log_name;    /* the file that keeps all of a VM's log */

    /* host */
    int (*detect)(struct vbw_hv *hv, struct vbw_hv_host_info *out);
    unsigned (*caps)(struct vbw_hv *hv); /* valid after detect */
    /* Asks the hypervisor itself whether a VM's remote desktop server can
     * be had (VirtualBox: the extension pack with the VRDP module); only
     * for a job that wants one. *available false on any failure. */
    int (*remote_desktop_available)(struct vbw_hv *hv, bool *available);

    /* VM registry */
    int (*vm_list)(struct vbw_hv *hv, bool running_only, struct vbw_hv_vm_list *out);
    /* VBW_ERR_NOT_FOUND when no such VM is registered (not an error to log). */
    int (*vm_info)(struct vbw_hv *hv, const char *vm, struct vbw_hv_vm_info *out);
    /* Where VM vm, created with base_folder (vbw_hv_vm_spec.base_folder),
     * keeps its settings file (what vm_register takes back) and its log
     * folder (log_poll's, log_tails'): the hypervisor's layout, known
     * without asking it. Both malloc'd; the caller frees them. */
    int (*vm_files)(struct vbw_hv *hv, const char *base_folder, const char *vm,
                    char **settings_file, char **log_folder);
    /* All or nothing: when a step after the VM was registered fails, the
     * backend unregisters it again (deleting its own files and the disks
     * attached, but no keep_file one) and releases the media it attached
     * from the registry, before returning the first error. */
    int (*vm_create)(struct vbw_hv *hv, const struct vbw_hv_vm_spec *spec);
    int (*vm_register)(struct vbw_hv *hv, const char *vbox_file);
    int (*vm_unregister)(struct vbw_hv *hv, const char *vm, bool delete_files);
    /* The registered VMs the hypervisor cannot read, with the settings file
     * each was registered from: vm_list names them by UUID only and
     * vm_info refuses them; vm_unregister(uuid, false) removes one. May be
     * NULL. */
    int (*vm_list_inaccessible)(struct vbw_hv *hv, struct vbw_hv_inaccessible_vm_list *out);
    int (*medium_info)(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *path_or_uuid,
                       struct vbw_hv_medium_info *out);
    /* Lists what is registered and registers nothing (medium_info on an
     * unregistered file registers it, as VirtualBox opens it). */
    int (*medium_list)(struct vbw_hv *hv, enum vbw_hv_medium_kind kind,
                       struct vbw_hv_medium_list *out);
    int (*medium_close)(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *path_or_uuid,
                        bool delete_file);
    int (*storage_detach)(struct vbw_hv *hv, const char *vm, const char *controller, int port,
                          int device);

    /* runtime */
    int (*vm_start)(struct vbw_hv *hv, const char *vm, bool headless);
    /* After vm_start failed: what the hypervisor said and why, as far as it
     * can tell. May be NULL. */
    int (*vm_start_failure)(struct vbw_hv *hv, const char *vm, struct vbw_hv_start_failure *out);
    int (*vm_pause)(struct vbw_hv *hv, const char *vm);
    int (*vm_resume)(struct vbw_hv *hv, const char *vm);
    int (*vm_poweroff)(struct vbw_hv *hv, const char *vm);
    int (*vm_savestate)(struct vbw_hv *hv, const char *vm);
    /* Drops a saved VM's saved state (it is then powered off); may be NULL. */
    int (*vm_discard_state)(struct vbw_hv *hv, const char *vm);
    int (*vm_acpi_shutdown)(struct vbw_hv *hv, const char *vm);
    /* Hard reset of a running VM (the reset button); may be NULL. */
    int (*vm_reset)(struct vbw_hv *hv, const char *vm);
    int (*vm_set_cpu_cap)(struct vbw_hv *hv, const char *vm, int percent);
    int (*vm_set_link)(struct vbw_hv *hv, const char *vm, int nic, bool up);
    int (*vm_screenshot)(struct vbw_hv *hv, const char *vm, const char *png_path);

    /* snapshots */
    int (*snapshot_take)(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                         vbw_hv_progress_fn progress, void *opaque);
    int (*snapshot_list)(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out);
    int (*snapshot_delete)(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                           vbw_hv_progress_fn progress, void *opaque);
    int (*snapshot_restore)(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                            vbw_hv_progress_fn progress, void *opaque);
    int (*snapshot_restore_current)(struct vbw_hv *hv, const char *vm, vbw_hv_progress_fn progress,
                                    void *opaque);

    /* steady state: what the VM log says since the last call; no process
     * spawned. log_folder is the VM's LogFldr. */
    int (*log_poll)(struct vbw_hv *hv, const char *log_folder, struct vbw_hv_log_events *out);
    /* The logs a failure report shows, in the order shown: the service's
     * (unless service is false) then log_folder's VM logs; of each the
     * last max bytes from a whole line on. An absent log is left out; one
     * that is a link or not a regular file is not read (the VM's log folder
     * can be the guest's to write) and says why in refused. */
    int (*log_tails)(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                     struct vbw_hv_log_tails *out);

    /* guest control (guest additions) */
    int (*guest_run)(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                     struct vbw_hv_guest_result *out);
    /* cancel: the user's cancel request (Ctrl-C), set by a signal handler,
     * or NULL; the copy is then stopped and the call fails. */
    int (*guest_copy_to)(struct vbw_hv *hv, const char *vm, const char *host_path,
                         const char *guest_path, const char *user, const char *password,
                         struct vbw_cmd_cancel *cancel);
    int (*guest_copy_from)(struct vbw_hv *hv, const char *vm, const char *guest_path,
                           const char *host_path, const char *user, const char *password,
                           struct vbw_cmd_cancel *cancel);
    /* *value is NULL (rc 0) when the property has no value. */
    int (*guest_property_get)(struct vbw_hv *hv, const char *vm, const char *key, char **value);

    void (*free)(struct vbw_hv *hv);
};

struct vbw_hv {
    const struct vbw_hv_ops *ops;
};

void vbw_hv_free(struct vbw_hv *hv);

/* The VBoxManage backend. cmd is borrowed and must outlive hv; vboxmanage is
 * the program path (argv[0] of every call). */
int vbw_hv_vboxmanage_new(struct vbw_cmd *cmd, const char *vboxmanage, struct vbw_hv **out);

/* How the backend waits between retries of a busy VirtualBox (session
 * locked, VBoxSVC restarting): real sleep by default (sleep_ms NULL); a
 * test with a fake clock passes one that advances that clock. */
/* Whether the host lacks VirtualBox's kernel driver, asked only after a
 * failed startvm: vbw_platform_vbox_driver_missing by default; the scenario
 * runner answers for the machine the transcript was recorded on. */
void vbw_hv_vboxmanage_set_driver_probe(struct vbw_hv *hv, bool (*missing)(void *opaque),
                                        void *opaque);

void vbw_hv_vboxmanage_set_sleep(struct vbw_hv *hv, void (*sleep_ms)(int ms, void *opaque),
                                 void *opaque);

/* True when process pid is the VM process VirtualBox started for VM vm (its
 * command line says "--comment <vm>" and "--startvm"); true where the OS
 * does not tell (Windows). For vbw_task_config.process_is_vm. */
bool vbw_hv_vboxmanage_is_vm_process(int pid, const char *vm);

/* VirtualBox's failures as the interface's classes, as the backend reports
 * them: an HRESULT with its message, an IPRT status ("VERR_VMX_NO_VMX") a VM
 * process failed with. These and the next are for models of VirtualBox (the
 * scenario runner's) to answer as the backend would. */
enum vbw_error_class vbw_hv_vboxmanage_class_of_hresult(uint32_t hresult, const char *message);
enum vbw_error_class vbw_hv_vboxmanage_class_of_status(const char *status);
/* Whether detect refuses this VirtualBox release (version_refused). */
bool vbw_hv_vboxmanage_version_refused(const struct vbw_hv_version *v);

/* Counts of calls made through a backend, for tests and benchmarks. */
struct vbw_hv_stats {
    unsigned calls; /* processes spawned (or replayed) */
    unsigned retries;
};
void vbw_hv_vboxmanage_stats(struct vbw_hv *hv, struct vbw_hv_stats *out);

#endif
