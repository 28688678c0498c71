/*
 * vbw_vbm_backend.h - private to the VBoxManage backend: the backend struct,
 * the per-version spelling table, the argv vector the builders fill, and the
 * one helper every operation uses to run VBoxManage.
 *
 * Layout: vbw_vbm_backend.c (struct, new/free/stats, the run helper and its
 * retry table), vbw_vbm_version.c (every version difference, in one table),
 * vbw_vbm_argv.c (the argv vector), vbw_vbm_args_*.c (pure argv builders,
 * one per VBoxManage call, a file per area), vbw_vbm_ops_*.c
 * (the operations), vbw_vbm_log.c (incremental VBox.log reader).
 */
#ifndef VBW_VBM_BACKEND_H
#define VBW_VBM_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_hv.h"
#include "vbw/vbw_util.h"

/* ---- spellings per version (vbw_vbm_version.c) --------------------------- */

/* Every place where VBoxManage's arguments differ between versions. A row
 * applies from its version up to the next row's. Option prefixes that take a
 * NIC index ("--nic-type") get the index appended by the builders. */
struct vbw_vbm_spelling {
    int since_major, since_minor, since_build;
    const char *nic_type;        /* --nictype / --nic-type */
    const char *cable_connected; /* --cableconnected / --cable-connected */
    const char *nat_dns_proxy;
    const char *nat_dns_host_resolver;
    const char *nat_pf; /* --natpf / --nat-pf */
    const char *bridge_adapter;
    const char *nic_bandwidth_group;
    const char *nested_paging;
    const char *large_pages;
    const char *rtc_use_utc;
    const char *cpu_execution_cap;
    const char *clipboard; /* --clipboard / --clipboard-mode */
    const char *drag_and_drop;
    const char *vrde_port;
    const char *vrde_property;
    const char *vrde_extpack;
    const char *vrde_auth_library;
    const char *vrde_auth_type;
    const char *audio_option; /* "--audio" "none" or "--audio-enabled" "off" */
    const char *audio_off_value;
    const char *port_count;     /* storagectl: --sataportcount (< 4.3) / --portcount */
    bool vrde_security_rdp;     /* 7.1+: VRDE needs Security/Method=RDP */
    bool guest_run_cwd;         /* 7.1+: guestcontrol run --cwd */
    bool guest_run_arg0_option; /* 7.0+: argv[0] via --arg0, the rest after "--";
                                   before: every argument after "--" is argv[0..] */
    bool nested_under_hv;       /* 7.2+: hardware virtualization under a hypervisor */
};

/* The row for a version (never NULL: versions older than the table get its
 * first row). Static storage. */
const struct vbw_vbm_spelling *vbw_vbm_spelling_for(const struct vbw_hv_version *v);
/* The row for "major.minor.build", for tests and the argv builders' callers. */
const struct vbw_vbm_spelling *vbw_vbm_spelling_for_numbers(int major, int minor, int build);

/* ---- argv vectors (vbw_vbm_argv.c) -------------------------------------- */

/* A growing NULL-terminated vector of malloc'd strings. Errors are deferred
 * (as libvirt's virCommand): adds after a failure do nothing and
 * vbw_vbm_argv_error() reports the first one. */
struct vbw_vbm_argv {
    char **v;
    size_t n, cap;
    int error; /* first failure, 0 when none */
};
/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define VBW_VBM_ARGV_INIT {NULL, 0, 0, 0}
/* clang-format on */

void vbw_vbm_argv_add(struct vbw_vbm_argv *a, const char *arg);
/* Adds s, a malloc'd string the vector then owns (freed at once after an
 * earlier failure); NULL counts as out of memory. */
void vbw_vbm_argv_add_owned(struct vbw_vbm_argv *a, char *s);
void vbw_vbm_argv_addf(struct vbw_vbm_argv *a, const char *fmt, ...) VBW_PRINTF(2, 3);
/* Adds several arguments; the list ends with NULL. */
void vbw_vbm_argv_add_list(struct vbw_vbm_argv *a, ...) __attribute__((sentinel));
int vbw_vbm_argv_error(const struct vbw_vbm_argv *a);
void vbw_vbm_argv_clear(struct vbw_vbm_argv *a);
/* "a b 'c d'" for messages and tests; malloc'd, NULL on NOMEM. */
char *vbw_vbm_argv_join(const struct vbw_vbm_argv *a);
/* VBoxManage's word for a switch. */
const char *vbw_vbm_on_off(bool on);

/* Builders: each appends the arguments of one VBoxManage call (without the
 * program name) to a and returns vbw_vbm_argv_error(a). Pure: no process,
 * no I/O; sp chooses the spellings. */

/* The host and the registry (vbw_vbm_args_registry.c). */
int vbw_vbm_args_version(struct vbw_vbm_argv *a);
int vbw_vbm_args_showvminfo(struct vbw_vbm_argv *a, const char *vm);
int vbw_vbm_args_list_vms(struct vbw_vbm_argv *a, bool running_only);
int vbw_vbm_args_list_vms_long(struct vbw_vbm_argv *a);
int vbw_vbm_args_list_hostinfo(struct vbw_vbm_argv *a);
int vbw_vbm_args_list_extpacks(struct vbw_vbm_argv *a);
int vbw_vbm_args_list_systemproperties(struct vbw_vbm_argv *a);
int vbw_vbm_args_registervm(struct vbw_vbm_argv *a, const char *vbox_file);
int vbw_vbm_args_unregistervm(struct vbw_vbm_argv *a, const char *vm, bool delete_files);
int vbw_vbm_args_list_media(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind);
int vbw_vbm_args_medium_info(struct vbw_vbm_argv *a, const struct vbw_hv_version *v,
                             enum vbw_hv_medium_kind kind, const char *medium);
int vbw_vbm_args_closemedium(struct vbw_vbm_argv *a, enum vbw_hv_medium_kind kind,
                             const char *medium, bool delete_file);

/* Making a VM (vbw_vbm_args_create.c). */
int vbw_vbm_args_createvm(struct vbw_vbm_argv *a, const struct vbw_hv_vm_spec *spec);
/* The one modifyvm of vm_create: every VM setting in a single call. */
int vbw_vbm_args_modifyvm_create(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                                 const struct vbw_hv_vm_spec *spec);
int vbw_vbm_args_sharedfolder_add(struct vbw_vbm_argv *a, const char *vm,
                                  const struct vbw_hv_shared_folder *sf);
int vbw_vbm_args_bandwidth_add(struct vbw_vbm_argv *a, const char *vm, int64_t kbps);
/* The bandwidth group vm_create adds: "<vm>_net"
 * as upstream names it. */
char *vbw_vbm_bandwidth_group_name(const char *vm);

/* Storage (vbw_vbm_args_storage.c). */
/* storagectl for the disk controller ("Hard Disk Controller"). */
int vbw_vbm_args_storagectl_disk(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                                 const struct vbw_hv_vm_spec *spec);
int vbw_vbm_args_storagectl_floppy(struct vbw_vbm_argv *a, const char *vm);
int vbw_vbm_args_storageattach(struct vbw_vbm_argv *a, const char *vm,
                               const struct vbw_hv_attachment *att);
int vbw_vbm_args_storage_detach(struct vbw_vbm_argv *a, const char *vm, const char *controller,
                                int port, int device);
/* Detaches what vbw_vbm_args_storageattach attached (same controller). */
int vbw_vbm_args_storage_detach_attachment(struct vbw_vbm_argv *a, const char *vm,
                                           const struct vbw_hv_attachment *att);

/* A registered VM's life and its snapshots (vbw_vbm_args_runtime.c). */
int vbw_vbm_args_startvm(struct vbw_vbm_argv *a, const char *vm, bool headless);
/* controlvm VM pause|resume|poweroff|savestate|acpipowerbutton. */
int vbw_vbm_args_controlvm(struct vbw_vbm_argv *a, const char *vm, const char *action);
int vbw_vbm_args_discardstate(struct vbw_vbm_argv *a, const char *vm);
int vbw_vbm_args_cpu_cap(struct vbw_vbm_argv *a, const char *vm, int percent);
int vbw_vbm_args_link_state(struct vbw_vbm_argv *a, const char *vm, int nic, bool up);
int vbw_vbm_args_screenshot(struct vbw_vbm_argv *a, const char *vm, const char *png_path);
int vbw_vbm_args_snapshot_take(struct vbw_vbm_argv *a, const char *vm, const char *name, bool live);
int vbw_vbm_args_snapshot_list(struct vbw_vbm_argv *a, const char *vm);
int vbw_vbm_args_snapshot_delete(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid);
int vbw_vbm_args_snapshot_restore(struct vbw_vbm_argv *a, const char *vm, const char *name_or_uuid);
int vbw_vbm_args_snapshot_restore_current(struct vbw_vbm_argv *a, const char *vm);

/* Guest control (vbw_vbm_args_guest.c). */
/* password_file: the file holding the guest password (cmd->password is never
 * put into argv), or NULL. */
int vbw_vbm_args_guest_run(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                           const char *vm, const struct vbw_hv_guest_cmd *cmd,
                           const char *password_file);
/* to_guest: copyto (host_path -> guest_path), else copyfrom. */
int vbw_vbm_args_guest_copy(struct vbw_vbm_argv *a, const char *vm, bool to_guest, const char *src,
                            const char *dst, const char *user, const char *password_file);
int vbw_vbm_args_guestproperty_get(struct vbw_vbm_argv *a, const char *vm, const char *key);

/* ---- the backend struct (vbw_vbm_backend.c) ------------------------------ */

/* What log_poll remembers per log folder. */
struct vbw_vbm_log_cursor {
    char *folder;
    struct vbw_file_id id;           /* which file (st_ino is 0 on Windows) */
    int64_t offset;                  /* bytes consumed (complete lines + partial) */
    struct vbw_buf partial;          /* the unfinished last line */
    struct vbw_hv_log_events sticky; /* state/pid carried across polls */
    /* Set by vm_start: the file read so far belongs to the previous VM
     * process. Until VirtualBox rotates it (new identity), polls report
     * nothing, so an old "Process ID" or state is never taken as this
     * run's (upstream reads the stale tail and reports the wrong pid). */
    bool await_rotation;
};

struct vbw_vbm {
    struct vbw_hv parent; /* first: a struct vbw_hv * is a struct vbw_vbm * */
    struct vbw_cmd *cmd;  /* borrowed */
    char *vboxmanage;
    struct vbw_hv_version version;
    bool have_version;
    const struct vbw_vbm_spelling *spelling;
    bool extpack_installed; /* learnt by detect */
    char *install_dir;      /* where ExtensionPacks/ and additions/ live, or NULL */
    struct vbw_hv_stats stats;
    /* Retry budget for session-lock errors; tests shorten these. */
    int retry_budget_ms;
    int retry_delay_ms;
    /* Waits between retries: vbw_sleep by default; tests count, and the
     * scenario runner advances its fake clock (vbw_hv_vboxmanage_set_sleep). */
    void (*sleep_ms)(int ms, void *opaque);
    void *sleep_opaque;
    struct vbw_vbm_log_cursor *logs;
    size_t n_logs;
    /* The last failed startvm, kept for vm_start_failure. */
    char *start_call; /* "Command:\n...\nOutput:\n..." */
    char *start_text; /* its whole stdout and stderr, for the diagnosis */
    int start_code;
    char start_hwaccel[256]; /* the VERR_VMX_/VERR_SVM_ status its error names */
    char *launcher_warnings; /* the launcher's WARNING block seen by detect */
    bool (*driver_missing)(void *opaque);
    void *driver_opaque;
    /* Where log_poll sends each complete line: vbw_vbm_parse_log_line by
     * default; tests record the lines instead. */
    bool (*log_line)(const char *line, size_t len, struct vbw_hv_log_events *ev);
    /* Bytes log_poll reads at most: VBW_VBM_LOG_POLL_BUDGET; tests lower it. */
    size_t log_poll_budget;
};

static inline struct vbw_vbm *vbw_vbm_of(struct vbw_hv *hv)
{
    return (struct vbw_vbm *)hv;
}

/* How one call should be treated. */
struct vbw_vbm_call {
    const char *what; /* for messages: "createvm", "startvm", ... */
    int timeout_ms;   /* 0: the default per-op timeout */
    bool need_output; /* empty stdout is a failure */
    bool no_retry;    /* non-idempotent: never retried */
    /* Exit 0 with error lines on stderr is success: `list vms --long`
     * prints each inaccessible VM's access error there. */
    bool errors_are_details;
    /* Streaming and cancelling (guestcontrol run): see vbw_cmd_options. */
    vbw_cmd_output_fn on_output;
    void *output_opaque;
    struct vbw_cmd_cancel *cancel;
};

/* Runs [vboxmanage, args...] through cmd: counts the call, retries
 * session-lock / not-ready HRESULTs within the budget, parses the error
 * trailer, treats "error:" on stderr as failure even with exit 0. Returns 0
 * with *result filled (caller clears it; result may be NULL when the output
 * is not needed), or a negative code with the error set once:
 * VBW_ERR_NOT_FOUND for VBOX_E_OBJECT_NOT_FOUND, VBW_ERR_VBOX with the
 * trailer kept, VBW_ERR_TIMEOUT, VBW_ERR_EXIT, VBW_ERR_SIGNALED. On failure
 * *result is still filled (stderr for callers that look at it). */
int vbw_vbm_run(struct vbw_vbm *b, const struct vbw_vbm_argv *args, const struct vbw_vbm_call *call,
                struct vbw_cmd_result *result);

/* How long a call that changes the VM registry (createvm, storageattach,
 * unregistervm, closemedium, ...) may take: VBoxSVC serialises them. */
#define VBW_VBM_REGISTRY_TIMEOUT_MS (120 * 1000)

/* Runs the call with no output wanted and clears args: the common case. */
int vbw_vbm_run_simple(struct vbw_vbm *b, struct vbw_vbm_argv *args, const char *what,
                       int timeout_ms);

/* The VirtualBox install directory from the VBoxManage path: the directory
 * of its resolved symlink (/usr/bin/VBoxManage -> /usr/lib/virtualbox/VBox.sh).
 * malloc'd, or NULL when it cannot be resolved (not an error). */
char *vbw_vbm_guess_install_dir(const char *vboxmanage);

/* Learns the version (--version) once; later calls reuse it. */
int vbw_vbm_ensure_version(struct vbw_vbm *b);

/* ---- operations (vbw_vbm_ops_*.c), referenced by the table -------------- */

int vbw_vbm_detect(struct vbw_hv *hv, struct vbw_hv_host_info *out);
unsigned vbw_vbm_caps(struct vbw_hv *hv);
int vbw_vbm_remote_desktop_available(struct vbw_hv *hv, bool *available);
int vbw_vbm_vm_list(struct vbw_hv *hv, bool running_only, struct vbw_hv_vm_list *out);
int vbw_vbm_vm_info(struct vbw_hv *hv, const char *vm, struct vbw_hv_vm_info *out);
int vbw_vbm_vm_create(struct vbw_hv *hv, const struct vbw_hv_vm_spec *spec);
int vbw_vbm_vm_register(struct vbw_hv *hv, const char *vbox_file);
int vbw_vbm_vm_unregister(struct vbw_hv *hv, const char *vm, bool delete_files);
int vbw_vbm_vm_list_inaccessible(struct vbw_hv *hv, struct vbw_hv_inaccessible_vm_list *out);
int vbw_vbm_medium_info(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *medium,
                        struct vbw_hv_medium_info *out);
int vbw_vbm_medium_list(struct vbw_hv *hv, enum vbw_hv_medium_kind kind,
                        struct vbw_hv_medium_list *out);
int vbw_vbm_medium_close(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *medium,
                         bool delete_file);
int vbw_vbm_storage_detach(struct vbw_hv *hv, const char *vm, const char *controller, int port,
                           int device);

int vbw_vbm_vm_start(struct vbw_hv *hv, const char *vm, bool headless);
int vbw_vbm_vm_start_failure(struct vbw_hv *hv, const char *vm, struct vbw_hv_start_failure *out);
/* The first VERR_VMX_* / VERR_SVM_* status named in text, into status
 * (size bytes, NUL-terminated; "" when none). vbw_vbm_class.c */
void vbw_vbm_hwaccel_status_in(const char *text, char *status, size_t size);
/* Keeps a failed startvm's call and output (the error stays as it is). */
void vbw_vbm_start_failure_keep(struct vbw_vbm *b, const struct vbw_vbm_argv *args,
                                const struct vbw_cmd_result *r);
/* Frees what vm_start kept of a failure (backend free, next start). */
void vbw_vbm_start_failure_forget(struct vbw_vbm *b);
int vbw_vbm_vm_pause(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_resume(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_poweroff(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_savestate(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_discard_state(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_acpi_shutdown(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_reset(struct vbw_hv *hv, const char *vm);
int vbw_vbm_vm_set_cpu_cap(struct vbw_hv *hv, const char *vm, int percent);
int vbw_vbm_vm_set_link(struct vbw_hv *hv, const char *vm, int nic, bool up);
int vbw_vbm_vm_screenshot(struct vbw_hv *hv, const char *vm, const char *png_path);

int vbw_vbm_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                          vbw_hv_progress_fn progress, void *opaque);
int vbw_vbm_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out);
int vbw_vbm_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                            vbw_hv_progress_fn progress, void *opaque);
int vbw_vbm_snapshot_restore(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                             vbw_hv_progress_fn progress, void *opaque);
int vbw_vbm_snapshot_restore_current(struct vbw_hv *hv, const char *vm, vbw_hv_progress_fn progress,
                                     void *opaque);

int vbw_vbm_log_poll(struct vbw_hv *hv, const char *log_folder, struct vbw_hv_log_events *out);
int vbw_vbm_vm_files(struct vbw_hv *hv, const char *base_folder, const char *vm,
                     char **settings_file, char **log_folder);
int vbw_vbm_log_tails(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                      struct vbw_hv_log_tails *out);
/* VirtualBox's log names: the VM's in its log folder, VBoxSVC's in the
 * VirtualBox home (vbw_vbm_service_log_path: VBOX_USER_HOME, else the
 * platform's default; malloc'd, NULL when unknown). */
#define VBW_VBM_VM_LOG      "VBox.log"
#define VBW_VBM_SERVICE_LOG "VBoxSVC.log"
char *vbw_vbm_service_log_path(void);
void vbw_vbm_log_cursors_free(struct vbw_vbm *b);
/* After a successful startvm: see vbw_vbm_log_cursor.await_rotation. */
void vbw_vbm_log_await_rotation(struct vbw_vbm *b);

int vbw_vbm_guest_run(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                      struct vbw_hv_guest_result *out);
int vbw_vbm_guest_copy_to(struct vbw_hv *hv, const char *vm, const char *host_path,
                          const char *guest_path, const char *user, const char *password,
                          struct vbw_cmd_cancel *cancel);
int vbw_vbm_guest_copy_from(struct vbw_hv *hv, const char *vm, const char *guest_path,
                            const char *host_path, const char *user, const char *password,
                            struct vbw_cmd_cancel *cancel);
int vbw_vbm_guest_property_get(struct vbw_hv *hv, const char *vm, const char *key, char **value);

/* The shared parent disk (vbw_vbm_ops_multiattach.c): attaches att (a
 * multiattach attachment) to vm, registering the parent as MultiAttach first
 * when it is not yet. *attached_normally tells, on failure, that the parent
 * is still attached as a normal disk (detach it with vbw_vbm_detach_parent
 * before any unregistervm --delete). */
int vbw_vbm_attach_parent(struct vbw_vbm *b, const char *vm, const struct vbw_hv_attachment *att,
                          bool *attached_normally);
int vbw_vbm_detach_parent(struct vbw_vbm *b, const char *vm, const struct vbw_hv_attachment *att);

/* The VM log is read in chunks of VBW_VBM_LOG_MAX_READ bytes (what memory a
 * poll holds; a longer "line" is dropped), at most VBW_VBM_LOG_POLL_BUDGET
 * bytes per log_poll: a runaway log cannot stall one poll for long, yet tens
 * of megabytes of guest lines no longer delay seeing a state change by a
 * second per megabyte (issue 20.18; bench: vbw-bench-parse's catch-up line). */
#define VBW_VBM_LOG_MAX_READ    (1024 * 1024)
#define VBW_VBM_LOG_POLL_BUDGET (64 * 1024 * 1024)

#endif
