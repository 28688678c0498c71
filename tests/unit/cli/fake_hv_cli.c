/*
 * fake_hv_cli.c - the in-memory hypervisor behind the vbw tool's unit
 * tests (see fake_hv_cli.h). Failures carry a VirtualBox trailer like the
 * real backend's, so the tool's error lines can be checked.
 */
#include "fake_hv_cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

static struct fake_hv *fake_of(struct vbw_hv *hv)
{
    return (struct fake_hv *)hv;
}

static int vbox_error(const char *name, uint32_t hresult, const char *fmt, ...) VBW_PRINTF(3, 4);

static int vbox_error(const char *name, uint32_t hresult, const char *fmt, ...)
{
    struct vbw_vbox_error e;
    va_list ap;
    memset(&e, 0, sizeof e);
    e.present = true;
    e.hresult = hresult;
    snprintf(e.name, sizeof e.name, "%s", name);
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    return vbw_error_set_vbox(&e, "VBoxManage");
}

static struct fake_vm *find_vm(struct fake_hv *f, const char *vm)
{
    for (int i = 0; i < f->n_vms; i++)
        if (f->vms[i].registered && (!strcmp(f->vms[i].name, vm) || !strcmp(f->vms[i].uuid, vm)))
            return &f->vms[i];
    return NULL;
}

static int not_found(const char *vm)
{
    int rc = vbox_error("VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u,
                        "Could not find a registered machine named '%s'", vm);
    (void)rc;
    return VBW_ERR_NOT_FOUND;
}

#define LOOKUP(f, vm, var)                                                                         \
    struct fake_vm *var = find_vm(f, vm);                                                          \
    if (!var)                                                                                      \
        return not_found(vm);

static unsigned fake_caps(struct vbw_hv *hv)
{
    (void)hv;
    return VBW_HV_CAP_SNAPSHOTS;
}

static int fake_detect(struct vbw_hv *hv, struct vbw_hv_host_info *out)
{
    struct fake_hv *f = fake_of(hv);
    *out = f->host;
    out->warnings = f->host.warnings ? vbw_strdup(f->host.warnings) : NULL;
    out->extpack_version = f->host.extpack_version ? vbw_strdup(f->host.extpack_version) : NULL;
    out->guest_additions_iso = NULL;
    return 0;
}

static int fake_vm_list(struct vbw_hv *hv, bool running_only, struct vbw_hv_vm_list *out)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_list++;
    out->vms = calloc(FAKE_MAX_VMS, sizeof(*out->vms));
    out->count = 0;
    for (int i = 0; i < f->n_vms; i++) {
        if (!f->vms[i].registered)
            continue;
        if (running_only && !vbw_vm_state_has_process(f->vms[i].state))
            continue;
        out->vms[out->count].name = vbw_strdup(f->vms[i].name);
        out->vms[out->count].uuid = vbw_strdup(f->vms[i].uuid);
        out->vms[out->count].accessible = true;
        out->count++;
    }
    return 0;
}

static int fake_vm_info(struct vbw_hv *hv, const char *vm, struct vbw_hv_vm_info *out)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_info++;
    LOOKUP(f, vm, v);
    if (v->state == VBW_VM_STARTING && !v->never_starts && v->start_delay_polls-- <= 0)
        v->state = VBW_VM_RUNNING;
    /* The guest was alive for its polls: now the VM powers off. */
    if (v->alive_after_polls == 0 && v->alive_polls_left == 0)
        v->state = VBW_VM_POWEROFF;
    memset(out, 0, sizeof(*out));
    out->name = vbw_strdup(v->name);
    out->uuid = vbw_strdup(v->uuid);
    out->state = v->state;
    out->state_raw = vbw_strdup(vbw_vm_state_name(v->state));
    out->cfg_file = v->cfg_file[0] ? vbw_strdup(v->cfg_file) : NULL;
    out->description = v->description[0] ? vbw_strdup(v->description) : NULL;
    out->memory_mb = 2048;
    out->cpus = 2;
    out->accessible = true;
    if (v->current_snapshot >= 0 && v->current_snapshot < v->n_snapshots)
        out->current_snapshot_uuid = vbw_strdup("{snapshot-uuid}");
    out->storage = calloc(2, sizeof *out->storage);
    for (int i = 0; out->storage && i < 2; i++) {
        if (!v->disks[i][0])
            continue;
        struct vbw_hv_vm_storage *s = &out->storage[out->n_storage++];
        s->controller = vbw_strdup("SATA");
        s->port = i;
        s->path = vbw_strdup(v->disks[i]);
    }
    return 0;
}

static int fake_storage_detach(struct vbw_hv *hv, const char *vm, const char *controller, int port,
                               int device)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_detach++;
    LOOKUP(f, vm, v);
    (void)controller;
    (void)device;
    if (v->state == VBW_VM_SAVED) /* as VirtualBox: not mutable while saved */
        return vbox_error("VBOX_E_INVALID_VM_STATE", 0x80bb0002u,
                          "The machine is not mutable or running (state is Saved)");
    if (port >= 0 && port < 2)
        v->disks[port][0] = '\0';
    return 0;
}

static int fake_discard_state(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_discard++;
    LOOKUP(f, vm, v);
    if (v->state == VBW_VM_SAVED)
        v->state = VBW_VM_POWEROFF;
    return 0;
}

static int fake_medium_close(struct vbw_hv *hv, enum vbw_hv_medium_kind kind, const char *path,
                             bool delete_file)
{
    struct fake_hv *f = fake_of(hv);
    (void)kind;
    (void)path;
    (void)delete_file;
    f->calls_medium_close++;
    return 0;
}

static int fake_vm_create(struct vbw_hv *hv, const struct vbw_hv_vm_spec *spec)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_create++;
    if (find_vm(f, spec->name))
        return vbox_error("VBOX_E_FILE_ERROR", 0x80bb0004u,
                          "Machine settings file '%s' already exists", spec->name);
    snprintf(f->created_name, sizeof f->created_name, "%s", spec->name);
    snprintf(f->created_description, sizeof f->created_description, "%s",
             spec->description ? spec->description : "");
    snprintf(f->created_folder, sizeof f->created_folder, "%s", spec->base_folder);
    snprintf(f->created_os, sizeof f->created_os, "%s", spec->os_type ? spec->os_type : "");
    snprintf(f->created_disk, sizeof f->created_disk, "%s",
             spec->n_attachments ? spec->attachments[0].path : "");
    snprintf(f->created_shared, sizeof f->created_shared, "%s",
             spec->n_shared_folders ? spec->shared_folders[0].host_path : "");
    f->created_memory_mb = spec->memory_mb;
    f->created_cpus = spec->cpus;
    f->created_attachments = spec->n_attachments;
    struct fake_vm *v = fake_hv_add_vm(f, spec->name, VBW_VM_POWEROFF);
    snprintf(v->description, sizeof v->description, "%s", f->created_description);
    return 0;
}

static int fake_start(struct vbw_hv *hv, const char *vm, bool headless)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_start++;
    LOOKUP(f, vm, v);
    if (vbw_vm_state_has_process(v->state))
        return vbox_error("VBOX_E_INVALID_OBJECT_STATE", 0x80bb0007u,
                          "The machine '%s' is already locked by a session", vm);
    v->state = VBW_VM_STARTING;
    return 0;
}

static int set_state(struct fake_hv *f, const char *vm, enum vbw_vm_state from,
                     enum vbw_vm_state to, int *counter)
{
    (*counter)++;
    LOOKUP(f, vm, v);
    if (from != VBW_VM_UNKNOWN ? v->state != from : !vbw_vm_state_has_process(v->state))
        return vbox_error("VBOX_E_INVALID_VM_STATE", 0x80bb0002u,
                          "Machine in invalid state for this operation (%s)",
                          vbw_vm_state_name(v->state));
    v->state = to;
    return 0;
}

static int fake_pause(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    return set_state(f, vm, VBW_VM_RUNNING, VBW_VM_PAUSED, &f->calls_pause);
}

static int fake_resume(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    return set_state(f, vm, VBW_VM_PAUSED, VBW_VM_RUNNING, &f->calls_resume);
}

static int fake_poweroff(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    return set_state(f, vm, VBW_VM_UNKNOWN, VBW_VM_POWEROFF, &f->calls_poweroff);
}

static int fake_acpi(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    return set_state(f, vm, VBW_VM_UNKNOWN, VBW_VM_POWEROFF, &f->calls_acpi);
}

static int fake_savestate(struct vbw_hv *hv, const char *vm)
{
    struct fake_hv *f = fake_of(hv);
    return set_state(f, vm, VBW_VM_UNKNOWN, VBW_VM_SAVED, &f->calls_savestate);
}

static int fake_unregister(struct vbw_hv *hv, const char *vm, bool delete_files)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_unregister++;
    f->last_unregister_deleted = delete_files;
    LOOKUP(f, vm, v);
    v->registered = false;
    return 0;
}

static int fake_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                              vbw_hv_progress_fn progress, void *opaque)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_snapshot_take++;
    LOOKUP(f, vm, v);
    for (int p = 0; p <= 100; p += 50)
        progress(p, opaque);
    snprintf(v->snapshots[v->n_snapshots], sizeof v->snapshots[0], "%s", name);
    v->current_snapshot = v->n_snapshots++;
    return 0;
}

static int fake_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out)
{
    struct fake_hv *f = fake_of(hv);
    LOOKUP(f, vm, v);
    memset(out, 0, sizeof(*out));
    /* As the VBoxManage backend: a VM without snapshots has an empty list. */
    if (v->n_snapshots == 0)
        return 0;
    out->items = calloc((size_t)v->n_snapshots, sizeof(*out->items));
    for (int i = 0; i < v->n_snapshots; i++) {
        out->items[i].name = vbw_strdup(v->snapshots[i]);
        out->items[i].uuid = vbw_asprintf("00000000-0000-0000-0000-00000000000%d", i + 1);
        out->items[i].depth = i;
    }
    out->count = (size_t)v->n_snapshots;
    if (v->current_snapshot >= 0) {
        out->current_uuid = vbw_strdup(out->items[v->current_snapshot].uuid);
        out->current_name = vbw_strdup(out->items[v->current_snapshot].name);
    }
    return 0;
}

static int find_snapshot(struct fake_vm *v, const char *name)
{
    for (int i = 0; i < v->n_snapshots; i++)
        if (!strcmp(v->snapshots[i], name))
            return i;
    return -1;
}

static int fake_snapshot_restore(struct vbw_hv *hv, const char *vm, const char *name,
                                 vbw_hv_progress_fn progress, void *opaque)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_snapshot_restore++;
    LOOKUP(f, vm, v);
    int i = find_snapshot(v, name);
    if (i < 0)
        return vbox_error("VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u,
                          "Could not find a snapshot named '%s'", name);
    progress(100, opaque);
    v->current_snapshot = i;
    return 0;
}

static int fake_snapshot_restore_current(struct vbw_hv *hv, const char *vm,
                                         vbw_hv_progress_fn progress, void *opaque)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_snapshot_restore++;
    LOOKUP(f, vm, v);
    progress(100, opaque);
    return 0;
}

static int fake_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *name,
                                vbw_hv_progress_fn progress, void *opaque)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_snapshot_delete++;
    LOOKUP(f, vm, v);
    int i = find_snapshot(v, name);
    if (i < 0)
        return vbox_error("VBOX_E_OBJECT_NOT_FOUND", 0x80bb0001u,
                          "Could not find a snapshot named '%s'", name);
    memmove(v->snapshots[i], v->snapshots[i + 1],
            sizeof v->snapshots[0] * (size_t)(v->n_snapshots - i - 1));
    v->n_snapshots--;
    v->current_snapshot = v->n_snapshots - 1;
    return 0;
}

/* "a|b|c" from a NULL-terminated vector. */
static void join(char *buf, size_t size, const char *const *v)
{
    buf[0] = '\0';
    for (size_t i = 0; v && v[i]; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, size - used, "%s%s", i ? "|" : "", v[i]);
    }
}

static int fake_guest_run(struct vbw_hv *hv, const char *vm, const struct vbw_hv_guest_cmd *cmd,
                          struct vbw_hv_guest_result *out)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_run++;
    snprintf(f->last_exe, sizeof f->last_exe, "%s", cmd->exe);
    join(f->last_args, sizeof f->last_args, cmd->args);
    join(f->last_env, sizeof f->last_env, cmd->env);
    snprintf(f->last_user, sizeof f->last_user, "%s", cmd->user ? cmd->user : "");
    snprintf(f->last_cwd, sizeof f->last_cwd, "%s", cmd->cwd ? cmd->cwd : "");
    f->last_timeout_ms = cmd->timeout_ms;
    LOOKUP(f, vm, v);
    (void)v;
    if (f->guest_rc < 0)
        return vbox_error(f->guest_error_name ? f->guest_error_name : "VBOX_E_IPRT_ERROR",
                          0x80bb0005u, "%s", "The guest execution service is not ready (yet)");
    *out = f->guest_result;
    out->out = vbw_strdup(f->guest_result.out ? f->guest_result.out : "");
    out->out_len = strlen(out->out);
    out->err = vbw_strdup(f->guest_result.err ? f->guest_result.err : "");
    out->err_len = strlen(out->err);
    /* A streaming caller gets the output through its callback (as the
     * VBoxManage backend delivers it), in one piece each. */
    if (cmd->on_output && out->out_len)
        cmd->on_output(1, out->out, out->out_len, cmd->output_opaque);
    if (cmd->on_output && out->err_len)
        cmd->on_output(2, out->err, out->err_len, cmd->output_opaque);
    return 0;
}

static int copy_common(struct fake_hv *f, const char *vm, const char *host, const char *guest,
                       bool to_guest)
{
    f->calls_copy++;
    LOOKUP(f, vm, v);
    (void)v;
    snprintf(f->last_copy_host, sizeof f->last_copy_host, "%s", host);
    snprintf(f->last_copy_guest, sizeof f->last_copy_guest, "%s", guest);
    f->last_copy_to = to_guest;
    if (!to_guest && f->copy_from_missing)
        return vbox_error("VBOX_E_IPRT_ERROR", 0x80bb0005u,
                          "File \"%s\" does not exist (VERR_FILE_NOT_FOUND)", guest);
    return 0;
}

static int fake_copy_to(struct vbw_hv *hv, const char *vm, const char *host_path,
                        const char *guest_path, const char *user, const char *password)
{
    return copy_common(fake_of(hv), vm, host_path, guest_path, true);
}

static int fake_copy_from(struct vbw_hv *hv, const char *vm, const char *guest_path,
                          const char *host_path, const char *user, const char *password)
{
    return copy_common(fake_of(hv), vm, host_path, guest_path, false);
}

static int fake_property_get(struct vbw_hv *hv, const char *vm, const char *key, char **value)
{
    struct fake_hv *f = fake_of(hv);
    f->calls_property++;
    LOOKUP(f, vm, v);
    *value = NULL;
    if (v->alive_after_polls < 0)
        return 0;
    if (v->alive_after_polls > 0) {
        v->alive_after_polls--;
        return 0;
    }
    if (v->alive_polls_left == 0)
        return 0;
    if (v->alive_polls_left > 0)
        v->alive_polls_left--;
    *value = vbw_strdup("1");
    return 0;
}

static const struct vbw_hv_ops fake_ops = {
    .name = "fake-cli",
    .detect = fake_detect,
    .caps = fake_caps,
    .vm_list = fake_vm_list,
    .vm_info = fake_vm_info,
    .vm_create = fake_vm_create,
    .vm_unregister = fake_unregister,
    .storage_detach = fake_storage_detach,
    .vm_discard_state = fake_discard_state,
    .medium_close = fake_medium_close,
    .vm_start = fake_start,
    .vm_pause = fake_pause,
    .vm_resume = fake_resume,
    .vm_poweroff = fake_poweroff,
    .vm_savestate = fake_savestate,
    .vm_acpi_shutdown = fake_acpi,
    .snapshot_take = fake_snapshot_take,
    .snapshot_list = fake_snapshot_list,
    .snapshot_delete = fake_snapshot_delete,
    .snapshot_restore = fake_snapshot_restore,
    .snapshot_restore_current = fake_snapshot_restore_current,
    .guest_run = fake_guest_run,
    .guest_copy_to = fake_copy_to,
    .guest_copy_from = fake_copy_from,
    .guest_property_get = fake_property_get,
};

void fake_hv_init(struct fake_hv *f)
{
    memset(f, 0, sizeof(*f));
    f->base.ops = &fake_ops;
    f->host.version.major = 7;
    f->host.version.minor = 0;
    f->host.version.build = 10;
    snprintf(f->host.version.text, sizeof f->host.version.text, "7.0.10r158379");
    f->host.host_ready = true;
}

struct fake_vm *fake_hv_add_vm(struct fake_hv *f, const char *name, enum vbw_vm_state state)
{
    struct fake_vm *v = &f->vms[f->n_vms];
    memset(v, 0, sizeof(*v));
    snprintf(v->name, sizeof v->name, "%s", name);
    snprintf(v->uuid, sizeof v->uuid, "11111111-2222-3333-4444-%012d", f->n_vms + 1);
    v->state = state;
    v->registered = true;
    v->current_snapshot = -1;
    v->alive_after_polls = -1;
    v->alive_polls_left = -1;
    f->n_vms++;
    return v;
}
