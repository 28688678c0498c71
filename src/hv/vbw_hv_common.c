/*
 * vbw_hv_common.c - the parts of vbw_hv.h that belong to no backend: VM
 * state names and predicates, and the release of the out-structs backends
 * fill (their strings are always malloc'd, whoever filled them).
 */
#include "vbw/vbw_hv.h"
#include "vbw/vbw_util.h"

#include <stdlib.h>
#include <string.h>

/* The VMState spellings of `showvminfo --machinereadable` (VBoxManageInfo.cpp
 * machineStateToName with fShort), each state's own first; after them the
 * other spellings of the same states across versions. */
#define ROW(state, name)                                                                           \
    {                                                                                              \
        name, (int)(state)                                                                         \
    }
static const struct vbw_named_int state_names[] = {
    ROW(VBW_VM_POWEROFF, "poweroff"),
    ROW(VBW_VM_SAVED, "saved"),
    ROW(VBW_VM_ABORTED, "aborted"),
    ROW(VBW_VM_ABORTED_SAVED, "aborted-saved"),
    ROW(VBW_VM_STARTING, "starting"),
    ROW(VBW_VM_RUNNING, "running"),
    ROW(VBW_VM_PAUSED, "paused"),
    ROW(VBW_VM_STOPPING, "stopping"),
    ROW(VBW_VM_SAVING, "saving"),
    ROW(VBW_VM_RESTORING, "restoring"),
    ROW(VBW_VM_SNAPSHOTTING, "snapshotting"),
    ROW(VBW_VM_RESTORING_SNAPSHOT, "restoringsnapshot"),
    ROW(VBW_VM_DELETING_SNAPSHOT, "deletingsnapshot"),
    ROW(VBW_VM_GURU_MEDITATION, "gurumeditation"),
    ROW(VBW_VM_TELEPORTING, "teleporting"),
    ROW(VBW_VM_TELEPORTED, "teleported"),
    ROW(VBW_VM_SETTING_UP, "settingup"),
    ROW(VBW_VM_SNAPSHOTTING, "livesnapshotting"),
    ROW(VBW_VM_SNAPSHOTTING, "onlinesnapshotting"),
    ROW(VBW_VM_DELETING_SNAPSHOT, "deletingsnapshotlive"),
    ROW(VBW_VM_DELETING_SNAPSHOT, "deletingsnapshotpaused"),
    ROW(VBW_VM_GURU_MEDITATION, "guru meditation"),
};
#undef ROW
#define N_STATE_NAMES (sizeof state_names / sizeof state_names[0])

const char *vbw_vm_state_name(enum vbw_vm_state state)
{
    const char *name = vbw_named_int_name(state_names, N_STATE_NAMES, (int)state);
    return name ? name : "unknown";
}

enum vbw_vm_state vbw_vm_state_from_name(const char *name)
{
    int state = VBW_VM_UNKNOWN;
    if (name)
        vbw_named_int_find(state_names, N_STATE_NAMES, name, &state);
    return (enum vbw_vm_state)state;
}

bool vbw_vm_state_has_process(enum vbw_vm_state state)
{
    switch (state) {
    case VBW_VM_STARTING:
    case VBW_VM_RUNNING:
    case VBW_VM_PAUSED:
    case VBW_VM_STOPPING:
    case VBW_VM_SAVING:
    case VBW_VM_RESTORING:
    case VBW_VM_SNAPSHOTTING:
    case VBW_VM_DELETING_SNAPSHOT:
    case VBW_VM_TELEPORTING:
    case VBW_VM_GURU_MEDITATION:
        return true;
    default:
        return false;
    }
}

bool vbw_vm_state_is_online(enum vbw_vm_state state)
{
    /* Upstream's "online" (vbox_vboxmanage.cpp poll()) plus the transient
     * states a running task passes through (setting up, restoring a
     * snapshot); a VM in guru meditation has a process but has crashed. */
    return (vbw_vm_state_has_process(state) && state != VBW_VM_GURU_MEDITATION) ||
           state == VBW_VM_SETTING_UP || state == VBW_VM_RESTORING_SNAPSHOT;
}

bool vbw_vm_state_is_stopped(enum vbw_vm_state state)
{
    switch (state) {
    case VBW_VM_POWEROFF:
    case VBW_VM_SAVED:
    case VBW_VM_ABORTED:
    case VBW_VM_ABORTED_SAVED:
    case VBW_VM_TELEPORTED:
        return true;
    default:
        return false;
    }
}

bool vbw_vm_state_guest_runs(enum vbw_vm_state state)
{
    switch (state) {
    case VBW_VM_RUNNING:
    case VBW_VM_SNAPSHOTTING:
    case VBW_VM_DELETING_SNAPSHOT:
    case VBW_VM_TELEPORTING:
        return true;
    default:
        return false;
    }
}

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void vbw_hv_host_info_clear(struct vbw_hv_host_info *info)
{
    free(info->warnings);
    free(info->guest_additions_iso);
    free(info->extpack_version);
    memset(info, 0, sizeof *info);
}

void vbw_hv_vm_info_clear(struct vbw_hv_vm_info *info)
{
    free(info->name);
    free(info->uuid);
    free(info->state_raw);
    free(info->state_change_time);
    free(info->cfg_file);
    free(info->log_folder);
    free(info->description);
    free(info->os_type);
    free(info->current_snapshot_uuid);
    free(info->current_snapshot_name);
    free(info->guest_additions_version);
    for (size_t i = 0; i < info->n_nics; i++) {
        free(info->nics[i].mode);
        free(info->nics[i].type);
    }
    free(info->nics);
    free(info->port_forwards);
    for (size_t i = 0; i < info->n_shared_folders; i++) {
        free(info->shared_folders[i].name);
        free(info->shared_folders[i].host_path);
    }
    free(info->shared_folders);
    for (size_t i = 0; i < info->n_storage; i++) {
        free(info->storage[i].controller);
        free(info->storage[i].path);
        free(info->storage[i].uuid);
    }
    free(info->storage);
    memset(info, 0, sizeof *info);
}

void vbw_hv_vm_list_clear(struct vbw_hv_vm_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->vms[i].name);
        free(list->vms[i].uuid);
    }
    free(list->vms);
    memset(list, 0, sizeof *list);
}

void vbw_hv_inaccessible_vm_list_clear(struct vbw_hv_inaccessible_vm_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].uuid);
        free(list->items[i].settings_file);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

void vbw_hv_medium_info_clear(struct vbw_hv_medium_info *info)
{
    free(info->uuid);
    free(info->location);
    free(info->type);
    free(info->parent_uuid);
    free_strv(info->in_use_by, info->n_in_use_by);
    free_strv(info->child_uuids, info->n_child_uuids);
    memset(info, 0, sizeof *info);
}

void vbw_hv_medium_list_clear(struct vbw_hv_medium_list *list)
{
    for (size_t i = 0; i < list->count; i++)
        vbw_hv_medium_info_clear(&list->items[i]);
    free(list->items);
    memset(list, 0, sizeof *list);
}

void vbw_hv_snapshot_list_clear(struct vbw_hv_snapshot_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].name);
        free(list->items[i].uuid);
        free(list->items[i].path);
    }
    free(list->items);
    free(list->current_uuid);
    free(list->current_name);
    memset(list, 0, sizeof *list);
}

void vbw_hv_guest_result_clear(struct vbw_hv_guest_result *result)
{
    free(result->out);
    free(result->err);
    memset(result, 0, sizeof *result);
}

void vbw_hv_start_failure_clear(struct vbw_hv_start_failure *f)
{
    free(f->call);
    free(f->host_evidence);
    free(f->service_log);
    memset(f, 0, sizeof *f);
}

void vbw_hv_log_tails_clear(struct vbw_hv_log_tails *tails)
{
    for (size_t i = 0; i < tails->count; i++) {
        free(tails->items[i].name);
        free(tails->items[i].text);
        free(tails->items[i].refused);
    }
    free(tails->items);
    memset(tails, 0, sizeof *tails);
}

void vbw_hv_free(struct vbw_hv *hv)
{
    if (hv && hv->ops && hv->ops->free)
        hv->ops->free(hv);
}
