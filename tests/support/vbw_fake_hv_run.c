/*
 * vbw_fake_hv_run.c - the fake hypervisor's running VMs (see
 * vbw_fake_hv.h): start and the power operations, which VirtualBox refuses
 * in the wrong state; snapshots; the VM log log_poll reads and the logs a
 * failure report shows.
 */
#include "vbw_fake_hv_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

static double clock_now(struct vbw_fake_hv *f)
{
    return f->clock ? f->clock->ops->now(f->clock) : 0;
}

/* ---- power -------------------------------------------------------------- */

int vbw_fake_vm_start(struct vbw_hv *hv, const char *vm, bool headless)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    (void)headless;
    int rc = vbw_fake_begin(f, "vm_start", NULL, vm, &v);
    if (rc)
        return rc;
    if (vbw_vm_state_has_process(v->state))
        return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_LOCKED, "VBOX_E_INVALID_OBJECT_STATE",
                                   0x80bb0007u, "The machine '%s' is already locked by a session",
                                   vm);
    v->log.start_failed = f->start.failure[0] || f->start.oom;
    v->log.pid_polls_left = 0;
    if (v->log.start_failed) {
        /* startvm returned, but the VM process died: its log says why. */
        v->state = VBW_VM_POWEROFF;
        return 0;
    }
    v->state = VBW_VM_STARTING;
    if (!f->start.never_online) {
        v->log.pending = true;
        v->log.state = VBW_VM_RUNNING;
    }
    return 0;
}

/* op moves v from state `from` (VBW_VM_UNKNOWN: any state with a VM
 * process) to `to`, as VirtualBox allows. */
static int power(struct vbw_hv *hv, const char *op, const char *vm, enum vbw_vm_state from,
                 enum vbw_vm_state to)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(f, op, NULL, vm, &v);
    if (rc)
        return rc;
    if (from != VBW_VM_UNKNOWN ? v->state != from : !vbw_vm_state_has_process(v->state))
        return vbw_fake_invalid_state(v);
    v->state = to;
    return 0;
}

int vbw_fake_vm_pause(struct vbw_hv *hv, const char *vm)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    if (f->pause_time == 0)
        f->pause_time = clock_now(f);
    return power(hv, "vm_pause", vm, VBW_VM_RUNNING, VBW_VM_PAUSED);
}

int vbw_fake_vm_resume(struct vbw_hv *hv, const char *vm)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    if (f->resume_time == 0)
        f->resume_time = clock_now(f);
    return power(hv, "vm_resume", vm, VBW_VM_PAUSED, VBW_VM_RUNNING);
}

int vbw_fake_vm_poweroff(struct vbw_hv *hv, const char *vm)
{
    return power(hv, "vm_poweroff", vm, VBW_VM_UNKNOWN, VBW_VM_POWEROFF);
}

int vbw_fake_vm_acpi_shutdown(struct vbw_hv *hv, const char *vm)
{
    return power(hv, "vm_acpi_shutdown", vm, VBW_VM_UNKNOWN, VBW_VM_POWEROFF);
}

int vbw_fake_vm_savestate(struct vbw_hv *hv, const char *vm)
{
    return power(hv, "vm_savestate", vm, VBW_VM_UNKNOWN, VBW_VM_SAVED);
}

int vbw_fake_vm_discard_state(struct vbw_hv *hv, const char *vm)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "vm_discard_state", NULL, vm, &v);
    if (rc)
        return rc;
    if (v->state == VBW_VM_SAVED)
        v->state = VBW_VM_POWEROFF;
    return 0;
}

int vbw_fake_vm_set_cpu_cap(struct vbw_hv *hv, const char *vm, int percent)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(f, "vm_set_cpu_cap", NULL, vm, &v);
    if (!rc)
        f->last_cpu_cap = percent;
    return rc;
}

int vbw_fake_vm_set_link(struct vbw_hv *hv, const char *vm, int nic, bool up)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    (void)nic;
    int rc = vbw_fake_begin(f, "vm_set_link", up ? "up" : "down", vm, &v);
    if (!rc) {
        f->link_changes++;
        f->link_up = up;
    }
    return rc;
}

const unsigned char vbw_fake_hv_png[12] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};

int vbw_fake_vm_screenshot(struct vbw_hv *hv, const char *vm, const char *png_path)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "vm_screenshot", NULL, vm, &v);
    if (rc)
        return rc;
    FILE *f = fopen(png_path, "wb");
    if (!f)
        return vbw_error_set(VBW_ERR_IO, "cannot write %s", png_path);
    fwrite(vbw_fake_hv_png, 1, sizeof vbw_fake_hv_png, f);
    fclose(f);
    return 0;
}

/* ---- snapshots ---------------------------------------------------------- */

int vbw_fake_vm_add_snapshot(struct vbw_fake_vm *v, const char *name)
{
    if (v->n_snapshots >= VBW_FAKE_MAX_SNAPSHOTS)
        return -1;
    struct vbw_fake_snapshot *s = &v->snapshots[v->n_snapshots];
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->uuid, sizeof s->uuid, "00000000-0000-0000-0000-%012d", ++v->snapshots_taken);
    v->current_snapshot = v->n_snapshots++;
    return 0;
}

static int snapshot_error(const char *name)
{
    return vbw_fake_vbox_error(VBW_ERR_VBOX, VBW_CLASS_NOT_FOUND, "VBOX_E_OBJECT_NOT_FOUND",
                               0x80bb0001u, "Could not find a snapshot named '%s'", name);
}

static int find_snapshot(const struct vbw_fake_vm *v, const char *name_or_uuid)
{
    for (int i = 0; i < v->n_snapshots; i++)
        if (!strcmp(v->snapshots[i].name, name_or_uuid) ||
            !strcmp(v->snapshots[i].uuid, name_or_uuid))
            return i;
    return -1;
}

int vbw_fake_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                           vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    struct vbw_fake_vm *v = NULL;
    (void)live;
    int rc = vbw_fake_begin(f, "snapshot_take", NULL, vm, &v);
    if (rc)
        return rc;
    for (int p = 0; progress && p <= 100; p += 50)
        progress(p, opaque);
    if (vbw_fake_vm_add_snapshot(v, name) < 0)
        return vbw_error_set(VBW_ERR_NOMEM, "the fake VM holds %d snapshots",
                             VBW_FAKE_MAX_SNAPSHOTS);
    snprintf(f->last_snapshot, sizeof f->last_snapshot, "%s", name);
    return 0;
}

int vbw_fake_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out)
{
    struct vbw_fake_vm *v = NULL;
    memset(out, 0, sizeof(*out));
    int rc = vbw_fake_begin(vbw_fake_of(hv), "snapshot_list", NULL, vm, &v);
    if (rc)
        return rc;
    /* As the VBoxManage backend: a VM without snapshots has an empty list. */
    if (v->n_snapshots == 0)
        return 0;
    out->items = calloc((size_t)v->n_snapshots, sizeof(*out->items));
    if (!out->items)
        return vbw_error_set(VBW_ERR_NOMEM, "snapshot list");
    for (int i = 0; i < v->n_snapshots; i++) {
        out->items[i].name = vbw_strdup(v->snapshots[i].name);
        out->items[i].uuid = vbw_strdup(v->snapshots[i].uuid);
        out->items[i].depth = i;
    }
    out->count = (size_t)v->n_snapshots;
    if (v->current_snapshot >= 0) {
        out->current_uuid = vbw_strdup(out->items[v->current_snapshot].uuid);
        out->current_name = vbw_strdup(out->items[v->current_snapshot].name);
    }
    return 0;
}

int vbw_fake_snapshot_restore(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                              vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "snapshot_restore", NULL, vm, &v);
    if (rc)
        return rc;
    int i = find_snapshot(v, name_or_uuid);
    if (i < 0)
        return snapshot_error(name_or_uuid);
    if (progress)
        progress(100, opaque);
    v->current_snapshot = i;
    return 0;
}

/* A VM without a snapshot is restored to nothing and succeeds (VirtualBox
 * refuses; the task only asks after a checkpoint, which the model VMs of
 * the restart tests stand for without holding one). */
int vbw_fake_snapshot_restore_current(struct vbw_hv *hv, const char *vm,
                                      vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "snapshot_restore_current", NULL, vm, &v);
    if (rc)
        return rc;
    if (progress)
        progress(100, opaque);
    return 0;
}

int vbw_fake_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                             vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_fake_vm *v = NULL;
    int rc = vbw_fake_begin(vbw_fake_of(hv), "snapshot_delete", NULL, vm, &v);
    if (rc)
        return rc;
    int i = find_snapshot(v, name_or_uuid);
    if (i < 0)
        return snapshot_error(name_or_uuid);
    if (progress)
        progress(100, opaque);
    memmove(&v->snapshots[i], &v->snapshots[i + 1],
            sizeof v->snapshots[0] * (size_t)(v->n_snapshots - i - 1));
    v->n_snapshots--;
    v->current_snapshot = v->n_snapshots - 1;
    return 0;
}

/* ---- the VM log --------------------------------------------------------- */

/* What the VM's log says since the last poll (not counted as a call). */
int vbw_fake_log_poll(struct vbw_hv *hv, const char *log_folder, struct vbw_hv_log_events *out)
{
    struct vbw_fake_hv *f = vbw_fake_of(hv);
    f->log_polls++;
    void (*guest_log)(const char *, size_t, void *) = out->guest_log;
    void *guest_log_opaque = out->guest_log_opaque;
    memset(out, 0, sizeof *out);
    out->guest_log = guest_log;
    out->guest_log_opaque = guest_log_opaque;
    struct vbw_fake_vm *v = vbw_fake_vm_of_log(f, log_folder);
    if (!v)
        return 0;
    out->state = v->state;
    if (v->log.pending) {
        v->log.pending = false;
        out->state_changed = true;
        out->state = v->state = v->log.state;
        if (v->state == VBW_VM_RUNNING && f->start.pid_after_polls > 0)
            v->log.pid_polls_left = f->start.pid_after_polls;
        else if (v->state == VBW_VM_RUNNING)
            out->vm_pid = f->start.pid;
    } else if (v->log.pid_polls_left > 0) {
        if (--v->log.pid_polls_left == 0)
            out->vm_pid = f->start.pid;
    } else if (v->state == VBW_VM_POWEROFF && v->log.start_failed) {
        snprintf(out->failure, sizeof out->failure, "%s", f->start.failure);
        out->hwvirt_failure = f->start.hwvirt;
        out->failure_class = f->start.failure_class;
        out->host_out_of_memory = f->start.oom;
    }
    out->guest_out_of_memory = v->log.guest_out_of_memory;
    if (f->guest_line && v->state == VBW_VM_RUNNING && guest_log)
        for (unsigned i = 0; i < f->guest_lines_per_poll; i++, f->guest_lines_sent++)
            guest_log(f->guest_line, strlen(f->guest_line), guest_log_opaque);
    return 0;
}

void vbw_fake_hv_guest_state(struct vbw_fake_hv *f, const char *vm, enum vbw_vm_state state)
{
    struct vbw_fake_vm *v = vbw_fake_hv_find(f, vm);
    if (!v)
        return;
    v->log.pending = true;
    v->log.state = state;
}

void vbw_fake_hv_guest_out_of_memory(struct vbw_fake_hv *f, const char *vm)
{
    struct vbw_fake_vm *v = vbw_fake_hv_find(f, vm);
    if (v)
        v->log.guest_out_of_memory = true;
}

/* The logs are VirtualBox's files, read where VirtualBox keeps them (a
 * scenario's slot holds a VBox.log; no call is counted). */
static void add_tail(struct vbw_hv_log_tails *out, enum vbw_hv_log_kind kind, const char *dir,
                     const char *name, size_t max)
{
    char *path = dir ? vbw_path_join(dir, name) : NULL;
    char *text = NULL, *refused = NULL;
    int rc = path ? vbw_file_read_tail(path, max, &text) : VBW_ERR_NOT_FOUND;
    free(path);
    if (rc == VBW_ERR_UNSAFE)
        refused = vbw_strdup(vbw_error_last()->message);
    else if (rc < 0)
        return;
    struct vbw_hv_log_tail *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown) {
        free(text);
        free(refused);
        return;
    }
    out->items = grown;
    out->items[out->count++] = (struct vbw_hv_log_tail){kind, vbw_strdup(name), text, refused};
}

int vbw_fake_log_tails(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                       struct vbw_hv_log_tails *out)
{
    (void)hv;
    memset(out, 0, sizeof *out);
    if (service) {
        const char *env = getenv("VBOX_USER_HOME");
        char *home = env && *env ? vbw_strdup(env) : vbw_platform_virtualbox_home();
        add_tail(out, VBW_HV_LOG_SERVICE, home, "VBoxSVC.log", max);
        free(home);
    }
    add_tail(out, VBW_HV_LOG_VM, log_folder, "VBox.log", max);
    add_tail(out, VBW_HV_LOG_VM_STARTUP, log_folder, "VBoxHardening.log", max);
    add_tail(out, VBW_HV_LOG_VM_STARTUP, log_folder, "VBoxStartup.log", max);
    return 0;
}
