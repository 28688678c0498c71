/*
 * vbw_fake_hv_internal.h - what the fake hypervisor's files share: the
 * start of every operation (count it, find its VM, apply the faults) and
 * VirtualBox's errors as the VBoxManage backend reports them.
 */
#ifndef VBW_FAKE_HV_INTERNAL_H
#define VBW_FAKE_HV_INTERNAL_H

#include "support/vbw_fake_hv.h"
#include "vbw/vbw_attr.h"

static inline struct vbw_fake_hv *vbw_fake_of(struct vbw_hv *hv)
{
    return (struct vbw_fake_hv *)hv;
}

/* Counts the call (op, with detail or NULL); when vm is not NULL finds it
 * into *v (not found: VirtualBox's error); then applies op's faults.
 * Returns 0 or the error the call fails with. */
int vbw_fake_begin(struct vbw_fake_hv *f, const char *op, const char *detail, const char *vm,
                   struct vbw_fake_vm **v);

/* A VirtualBox error as the backend reports it: code, the trailer (name,
 * hresult, message), class. Returns code. */
int vbw_fake_vbox_error(int code, enum vbw_error_class error_class, const char *name,
                        uint32_t hresult, const char *fmt, ...) VBW_PRINTF(5, 6);

/* VBOX_E_INVALID_VM_STATE for an operation v's state does not allow. */
int vbw_fake_invalid_state(const struct vbw_fake_vm *v);

/* The VM whose log folder (vm_files' <base>/<vm>/Logs) this is, or NULL. */
struct vbw_fake_vm *vbw_fake_vm_of_log(struct vbw_fake_hv *f, const char *log_folder);

/* The operations of each file, for the table in vbw_fake_hv.c. */
int vbw_fake_vm_start(struct vbw_hv *hv, const char *vm, bool headless);
int vbw_fake_vm_pause(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_resume(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_poweroff(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_acpi_shutdown(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_savestate(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_discard_state(struct vbw_hv *hv, const char *vm);
int vbw_fake_vm_set_cpu_cap(struct vbw_hv *hv, const char *vm, int percent);
int vbw_fake_vm_set_link(struct vbw_hv *hv, const char *vm, int nic, bool up);
int vbw_fake_vm_screenshot(struct vbw_hv *hv, const char *vm, const char *png_path);
int vbw_fake_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                           vbw_hv_progress_fn progress, void *opaque);
int vbw_fake_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out);
int vbw_fake_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                             vbw_hv_progress_fn progress, void *opaque);
int vbw_fake_snapshot_restore(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                              vbw_hv_progress_fn progress, void *opaque);
int vbw_fake_snapshot_restore_current(struct vbw_hv *hv, const char *vm,
                                      vbw_hv_progress_fn progress, void *opaque);
int vbw_fake_log_poll(struct vbw_hv *hv, const char *log_folder, struct vbw_hv_log_events *out);
int vbw_fake_log_tails(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                       struct vbw_hv_log_tails *out);
int vbw_fake_guest_run(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                       struct vbw_hv_guest_result *out);
int vbw_fake_guest_copy_to(struct vbw_hv *hv, const char *vm, const char *host_path,
                           const char *guest_path, const char *user, const char *password,
                           struct vbw_cmd_cancel *cancel);
int vbw_fake_guest_copy_from(struct vbw_hv *hv, const char *vm, const char *guest_path,
                             const char *host_path, const char *user, const char *password,
                             struct vbw_cmd_cancel *cancel);
int vbw_fake_guest_property_get(struct vbw_hv *hv, const char *vm, const char *key, char **value);

#endif
