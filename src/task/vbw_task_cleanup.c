/*
 * vbw_task_cleanup.c - what VirtualBox is left with. A finished or aborted
 * task leaves no VM and no medium of ours registered; a temporary exit keeps
 * the VM (powered off or saved) so the restart reuses it. No fixed sleep
 * after clean-up (upstream sleeps 5 s): the unregister call has returned
 * when VirtualBox is done.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

void vbw_task_poweroff(struct vbw_task *t)
{
    /* After a guru meditation the VM process lives on, holding its session
     * (state Stuck): until it is powered off VirtualBox refuses to
     * unregister the machine ("Cannot unregister the machine '...' while
     * it is locked", MachineImpl.cpp), and PowerDown accepts Stuck. */
    bool stuck = t->vm_state == VBW_VM_GURU_MEDITATION;
    if (!t->vm_exists || (!vbw_vm_state_is_online(t->vm_state) && !stuck)) {
        t->online = false;
        return;
    }
    vbw_log_info("Powering off VM.");
    if (t->hv->ops->vm_poweroff(t->hv, t->vm_name) == 0) {
        vbw_log_info("Successfully stopped VM.");
        t->vm_state = VBW_VM_POWEROFF;
        t->online = false;
        return;
    }
    /* The call failing is not the answer: a VM that stopped on its own
     * between our last look and the call ("Machine '...' is not currently
     * running.") is stopped. Upstream decides by the state it reads after
     * the call too; one look, no polling loop. */
    char why[VBW_ERROR_MESSAGE_MAX];
    snprintf(why, sizeof why, "%s", vbw_error_last()->message);
    struct vbw_hv_vm_info info;
    memset(&info, 0, sizeof info);
    if (t->hv->ops->vm_info(t->hv, t->vm_name, &info) == 0 && vbw_vm_state_is_stopped(info.state)) {
        vbw_log_info("Successfully stopped VM.");
        t->vm_state = info.state;
        t->online = false;
    } else {
        vbw_log_warn("VM did not power off when requested. (%s)", why);
    }
    vbw_hv_vm_info_clear(&info);
}

/* unregistervm --delete deletes the hard disks it detaches, but a floppy
 * or DVD image stays in VirtualBox's media registry (seen on 7.2.22):
 * closed and deleted as upstream's deregister_vm(true) does. Only the files
 * this job attaches from the slot; failures are not fatal (upstream ignores
 * them too). */
static void close_medium(struct vbw_task *t, enum vbw_hv_medium_kind kind, const char *name)
{
    if (!name)
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, name);
    if (t->hv->ops->medium_close(t->hv, kind, path, true) < 0)
        vbw_log_debug("closemedium %s: %s", path, vbw_error_last()->message);
}

static void release_media(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    const struct vbw_job_derived *d = t->cfg->derived;
    if (job->enable_isocontextualization) {
        vbw_log_info("Removing virtual ISO 9660 disk from VirtualBox.");
        close_medium(t, VBW_MEDIUM_DVD, d->iso_name);
        if (job->enable_cache_disk) {
            vbw_log_info("Removing virtual cache disk from VirtualBox.");
            close_medium(t, VBW_MEDIUM_HDD, d->cache_disk_name);
        }
    }
    if (job->enable_floppyio) {
        vbw_log_info("Removing virtual floppy disk from VirtualBox.");
        close_medium(t, VBW_MEDIUM_FLOPPY, d->floppy_name);
    }
    /* The host's Guest Additions ISO stays registered too once the VM is
     * gone (7.2.22; upstream leaves it so). Closed, never deleted: it is
     * VirtualBox's own file; while another VM (another task's) has it
     * attached VirtualBox refuses (VBOX_E_OBJECT_IN_USE) and it stays. */
    if (t->guest_additions_iso[0] &&
        t->hv->ops->medium_close(t->hv, VBW_MEDIUM_DVD, t->guest_additions_iso, false) < 0)
        vbw_log_debug("closemedium %s: %s", t->guest_additions_iso, vbw_error_last()->message);
}

void vbw_task_cleanup(struct vbw_task *t)
{
    vbw_task_set_state(t, VBW_TASK_CLEANING, "cleanup");
    vbw_task_poweroff(t);
    if (!t->vm_exists) {
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "no VM of ours was registered");
        return;
    }
    vbw_log_info("Deregistering VM. (%s, slot#%d)", t->vm_name, t->cfg->init_data->slot);
    /* Removing a VM changes the shared parent's children: under the same
     * lock as creating one (upstream's deregister_vm); without it when it
     * cannot be had, as upstream ("Will continue without a lock."). */
    struct vbw_file_lock *lock = vbw_task_lock_parent_to_deregister(t);
    vbw_log_info("Removing VM from VirtualBox.");
    int rc = t->hv->ops->vm_unregister(t->hv, t->vm_name, true);
    vbw_task_unlock_parent(lock);
    if (rc == 0) {
        release_media(t);
        t->vm_exists = false;
        vbw_task_left(t, VBW_VM_LEFT_NOTHING, "the task is over");
    } else {
        vbw_log_warn("WARNING: could not deregister the VM: %s", vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "VirtualBox refused to unregister it");
    }
}

/* On failure, as upstream: each log's tail (the last 8 KiB from the first
 * whole line on, read by the backend, which refuses a log that is a link or
 * not a regular file: the log folder is in the slot, where a guest with
 * <share_slot_dir> writes, and a host file's tail would go into the
 * uploaded stderr.txt), written as it is: no time prefix, no line bound. */
static void print_tail(const struct vbw_hv_log_tail *tail)
{
    static const char *const titles[] = {
        [VBW_HV_LOG_SERVICE] = "Hypervisor System Log",
        [VBW_HV_LOG_VM] = "VM Execution Log",
        [VBW_HV_LOG_VM_STARTUP] = "VM Startup Log",
    };
    if (tail->refused) {
        vbw_log_warn("WARNING: %s not printed: %s", tail->name, tail->refused);
        return;
    }
    char *block = vbw_asprintf("\n    %s (%s):\n\n%s\n", titles[tail->kind], tail->name,
                               tail->text ? tail->text : "");
    vbw_log_block(VBW_LOG_INFO, block);
    free(block);
}

void vbw_task_dump_logs(struct vbw_task *t, const struct vbw_hv_start_failure *f)
{
    enum { TAIL = 8192 };
    vbw_task_dump_screenshot(t);
    bool excerpt = f && f->service_log;
    if (excerpt) {
        char *block = vbw_asprintf("\n    Hypervisor System Log (%s, the lines about %s):\n\n%s\n",
                                   f->service_log_name ? f->service_log_name : "", t->vm_name,
                                   f->service_log);
        vbw_log_block(VBW_LOG_INFO, block);
        free(block);
    }
    struct vbw_hv_log_tails tails;
    memset(&tails, 0, sizeof tails);
    if (t->hv->ops->log_tails)
        t->hv->ops->log_tails(t->hv, t->log_folder, !excerpt, TAIL, &tails);
    for (size_t i = 0; i < tails.count; i++)
        print_tail(&tails.items[i]);
    vbw_hv_log_tails_clear(&tails);
}
