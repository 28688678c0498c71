/*
 * vbw_task_stale.c - a VM in the way of the one this task needs: an older
 * VM of the same VirtualBox home that still holds the slot's disk image (a
 * task whose client or VirtualBox crashed; issue 16.15), or this task's own
 * VM left half-built by a kill during its creation (issue 20.7). Both are
 * taken away so the task's VM can be made anew, as upstream deregisters a
 * stale VM (vbox_common.cpp run(): is_disk_image_registered(),
 * deregister_stale_vm()). Unlike upstream's `unregistervm --delete`, which
 * deletes every disk attached to the VM -- the slot's image the new VM
 * needs, or a project's shared parent -- what the VM has attached from
 * outside its own folder is detached first; only its own files go.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

/* The media kind of a slot file by its name in the job; a disk otherwise. */
static enum vbw_hv_medium_kind slot_file_kind(const struct vbw_task *t, const char *path)
{
    const struct vbw_job_derived *d = t->cfg->derived;
    /* VirtualBox reports the path in the host's spelling (Windows:
     * backslashes), whatever separator vbw gave it. */
    const char *base = vbw_path_last_separator(path);
    base = base ? base + 1 : path;
    if (d->iso_name && vbw_path_equal(base, d->iso_name))
        return VBW_MEDIUM_DVD;
    if (d->floppy_name && vbw_path_equal(base, d->floppy_name))
        return VBW_MEDIUM_FLOPPY;
    return VBW_MEDIUM_HDD;
}

int vbw_task_release_vm(struct vbw_task *t, const char *vm)
{
    struct vbw_hv_vm_info info;
    memset(&info, 0, sizeof info);
    int rc = t->hv->ops->vm_info(t->hv, vm, &info);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        return 0;
    }
    if (rc < 0)
        return rc;
    vbw_log_info("Deregistering VM. (%s, slot#%d)", vm, t->cfg->init_data->slot);
    if (vbw_vm_state_has_process(info.state)) {
        vbw_log_info("Powering off VM.");
        if (t->hv->ops->vm_poweroff(t->hv, vm) < 0)
            vbw_log_warn("VM did not power off when requested. (%s)", vbw_error_last()->message);
    }
    /* The VM's own files: in the folder of its settings file. */
    const char *cfg = info.cfg_file;
    const char *slot = t->cfg->slot_dir;
    bool detached_all = true;
    for (size_t i = 0; i < info.n_storage; i++) {
        const struct vbw_hv_vm_storage *s = &info.storage[i];
        if (!s->path || vbw_path_in_folder_of(s->path, cfg))
            continue;
        if (!t->hv->ops->storage_detach ||
            t->hv->ops->storage_detach(t->hv, vm, s->controller, s->port, s->device) < 0) {
            vbw_log_warn("Could not detach %s from VM %s: %s", s->path, vm,
                         t->hv->ops->storage_detach ? vbw_error_last()->message : "not supported");
            detached_all = false;
        }
    }
    /* A VM with snapshots has older attachments in them (the slot's image
     * under a differencing disk): --delete would delete those too, so such
     * a VM, or one that kept an attachment, is only unregistered. */
    bool delete_files = detached_all && !info.current_snapshot_uuid;
    vbw_log_info("Removing VM from VirtualBox.");
    rc = t->hv->ops->vm_unregister(t->hv, vm, delete_files);
    if (rc == 0) {
        /* The slot's files stay registered once detached: closed (never
         * deleted) so the new VM opens them afresh -- a new copy of the
         * image has another UUID than the registry remembers. Media from
         * elsewhere (a project's parent) are left to their owners. */
        for (size_t i = 0; i < info.n_storage; i++) {
            const char *p = info.storage[i].path;
            if (p && !vbw_path_in_folder_of(p, cfg) && vbw_path_is_under(p, slot) &&
                t->hv->ops->medium_close(t->hv, slot_file_kind(t, p), p, false) < 0)
                vbw_error_clear();
        }
    }
    vbw_hv_vm_info_clear(&info);
    return rc;
}

int vbw_task_release_stale_vms(struct vbw_task *t, const char *const *images, size_t n_images)
{
    if (n_images == 0 || !t->hv->ops->medium_list)
        return 0;
    struct vbw_hv_medium_list media;
    int rc = t->hv->ops->medium_list(t->hv, VBW_MEDIUM_HDD, &media);
    if (rc < 0) {
        /* Not knowing is no reason to stop: the create tells. */
        vbw_log_warn("Could not list the registered disks: %s", vbw_error_last()->message);
        vbw_error_clear();
        return 0;
    }
    for (size_t i = 0; rc == 0 && i < n_images; i++) {
        /* By the host's path rules: on Windows VirtualBox lists
         * "C:\...\slots\3\vm_image.vdi" for vbw's "C:\...\slots\3/vm_image.vdi"
         * (a plain comparison found no stale VM there, and the new VM could
         * not take the disk it held). */
        bool registered = false;
        for (size_t k = 0; k < media.count && !registered; k++)
            registered = vbw_path_equal(media.items[k].location, images[i]);
        if (!registered)
            continue;
        struct vbw_hv_medium_info mi;
        size_t users = 0;
        if (t->hv->ops->medium_info(t->hv, VBW_MEDIUM_HDD, images[i], &mi) == 0) {
            users = mi.n_in_use_by;
            for (size_t k = 0; rc == 0 && k < mi.n_in_use_by; k++) {
                vbw_log_info("Stale VM %s holds %s.", mi.in_use_by[k], images[i]);
                rc = vbw_task_release_vm(t, mi.in_use_by[k]);
            }
            vbw_hv_medium_info_clear(&mi);
        } else {
            vbw_error_clear();
        }
        /* Registered but used by no VM: closed, not deleted, as upstream's
         * deregister_stale_vm does ("Did the user delete the VM in
         * VirtualBox and not the medium?"); release_vm closed it otherwise. */
        if (users == 0 && t->hv->ops->medium_close(t->hv, VBW_MEDIUM_HDD, images[i], false) < 0)
            vbw_error_clear();
    }
    vbw_hv_medium_list_clear(&media);
    return rc;
}
