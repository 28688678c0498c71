/*
 * vbw_vbm_ops_multiattach.c - attaching a parent disk that many VMs share
 * (upstream's multiattach mode, used by LHC@home): every task's VM gets its
 * own differencing child of one read-only parent in the project directory.
 *
 * What VirtualBox 7.2.22 accepts (observed in the real-VirtualBox chroot,
 * tests/realvbox/multiattach.sh): a parent that is not yet of type
 * MultiAttach cannot be attached with `--mtype multiattach` in one step
 * (VBOX_E_INVALID_OBJECT_STATE, "the media type 'MultiAttach' can only be
 * used on media registered with a machine that was created with VirtualBox
 * 4.0 or later"); attached normally, detached (`--medium none`), then
 * attached with `--mtype multiattach`, it is. Once its type is MultiAttach
 * one call suffices. That is upstream's sequence (vbox_vboxmanage.cpp,
 * create_vm): showhdinfo's "Type:" line decides whether the first two calls
 * are needed.
 *
 * While the parent is attached normally, the VM must not be removed with
 * `unregistervm --delete`: VirtualBox deletes every normally attached disk,
 * the project's parent file included (seen on 7.2.22). The caller learns
 * that window through *attached_normally and detaches first.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"

#define MEDIUM_TIMEOUT_MS (120 * 1000)
#define DISK_CONTROLLER   "Hard Disk Controller"

/* showhdinfo registers an unknown disk as a side effect; a parent whose UUID
 * another registered disk already has cannot be, and upstream then gives
 * the first attachment a fresh UUID (--setuuid ""). */
static bool is_uuid_conflict(const char *message)
{
    return strstr(message, "Cannot register the hard disk") && strstr(message, "already exists");
}

/* The MultiAttach refusal that a retry after closing the parent (and its
 * orphaned children) can cure: upstream's "VirtualBox occasionally writes
 * the 'MultiAttach' attribute to the disk entry in VirtualBox.xml". */
static bool is_multiattach_refusal(const struct vbw_error *e)
{
    return e->has_vbox && strstr(e->vbox.message, "MultiAttach") != NULL;
}

static int medium_info(struct vbw_vbm *b, const char *medium, struct vbw_hv_medium_info *out)
{
    return vbw_vbm_medium_info(&b->parent, VBW_MEDIUM_HDD, medium, out);
}

static int attach(struct vbw_vbm *b, const char *vm, const struct vbw_hv_attachment *att,
                  bool multiattach, bool new_uuid, const char *what)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_hv_attachment one = *att;
    one.multiattach = multiattach;
    one.set_uuid_empty = new_uuid;
    vbw_vbm_args_storageattach(&a, vm, &one);
    return vbw_vbm_run_simple(b, &a, what, MEDIUM_TIMEOUT_MS);
}

int vbw_vbm_detach_parent(struct vbw_vbm *b, const char *vm, const struct vbw_hv_attachment *att)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_storage_detach(&a, vm, DISK_CONTROLLER, att->port, att->device);
    return vbw_vbm_run_simple(b, &a, "storageattach --medium none (parent disk)",
                              MEDIUM_TIMEOUT_MS);
}

/* Closes (does not delete) the children of the parent that no VM uses any
 * more, then the parent itself, as upstream's remove_vbox_disk_orphans():
 * their files belong to slots of tasks that are gone. One level deep: a
 * child of a differencing child is a snapshot of a VM, which is in use. */
static int close_parent_and_orphans(struct vbw_vbm *b, const char *parent)
{
    struct vbw_hv_medium_info info;
    int rc = medium_info(b, parent, &info);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < info.n_child_uuids; i++) {
        struct vbw_hv_medium_info child;
        if (medium_info(b, info.child_uuids[i], &child) < 0)
            continue; /* gone meanwhile: nothing to close */
        if (child.n_in_use_by == 0 && child.location) {
            vbw_log_info("Removing orphaned differencing disk from VirtualBox. (%s)",
                         child.location);
            struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
            vbw_vbm_args_closemedium(&a, VBW_MEDIUM_HDD, child.location, false);
            (void)vbw_vbm_run_simple(b, &a, "closemedium (orphaned child)", MEDIUM_TIMEOUT_MS);
        }
        vbw_hv_medium_info_clear(&child);
    }
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_closemedium(&a, VBW_MEDIUM_HDD, info.location ? info.location : parent, false);
    rc = vbw_vbm_run_simple(b, &a, "closemedium (parent disk)", MEDIUM_TIMEOUT_MS);
    vbw_hv_medium_info_clear(&info);
    return rc;
}

int vbw_vbm_attach_parent(struct vbw_vbm *b, const char *vm, const struct vbw_hv_attachment *att,
                          bool *attached_normally)
{
    int rc = 0;
    *attached_normally = false;
    for (int attempt = 0; attempt < 2; attempt++) {
        struct vbw_hv_medium_info info;
        bool new_uuid = false;
        rc = medium_info(b, att->path, &info);
        if (rc < 0) {
            if (!is_uuid_conflict(vbw_error_last()->message))
                return vbw_error_wrap("the shared parent disk %s", att->path);
            vbw_log_info("Disk UUID conflicts with an already existing disk. Will set a new "
                         "UUID for '%s'.",
                         att->path);
            new_uuid = true;
        }
        bool is_multiattach = rc == 0 && info.type && strcmp(info.type, "multiattach") == 0;
        if (rc == 0)
            vbw_hv_medium_info_clear(&info);
        if (!is_multiattach) {
            if ((rc = attach(b, vm, att, false, new_uuid, "storageattach (register parent)")) < 0)
                return rc;
            *attached_normally = true;
            if ((rc = vbw_vbm_detach_parent(b, vm, att)) < 0)
                return rc;
            *attached_normally = false;
        }
        rc = attach(b, vm, att, true, false, "storageattach (multiattach)");
        if (rc == 0 || attempt > 0 || !is_multiattach_refusal(vbw_error_last()))
            return rc;
        struct vbw_error first = *vbw_error_last();
        vbw_log_info("The shared parent disk was refused (%s); closing it and its orphaned "
                     "children, then trying once more.",
                     first.message);
        if (close_parent_and_orphans(b, att->path) < 0) {
            vbw_error_restore(&first);
            return rc;
        }
    }
    return rc;
}
