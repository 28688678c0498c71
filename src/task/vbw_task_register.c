/*
 * vbw_task_register.c - get a registered VM for this slot (reuse the one
 * VirtualBox has, re-register <slot>/<vm>/<vm>.vbox, or create it from the
 * job), restore the last snapshot on a restart, start it and wait until it
 * is online. Every call goes through the hv ops.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

/* The FloppyIO image must exist before it is attached. Upstream creates it
 * empty there and writes the text once the VM is online; we write both at
 * once, so a guest that reads the floppy early at boot finds the text. */
static int write_floppy(struct vbw_task *t, const char *path)
{
    char init_data[4200];
    char *text = NULL;
    snprintf(init_data, sizeof init_data, "%s/init_data.xml", t->cfg->slot_dir);
    int rc = vbw_floppy_text(t->cfg->job, t->cfg->init_data, init_data, &text);
    if (rc == 0)
        rc = vbw_floppy_write(path, text);
    free(text);
    if (rc < 0) {
        vbw_log_error("Creating virtual floppy image failed. (%s)", vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "no VM was created");
        vbw_task_finish(t, VBW_EXIT_ERR_FWRITE, false, "Creating virtual floppy image failed: %s",
                        vbw_error_last()->message);
    }
    return rc;
}

/* A registered VM of this task that lacks a medium or a shared folder the
 * job gives it was cut short while being created (the wrapper killed
 * between createvm and its last configuration call: vm_create's own undo
 * never ran). Attachments and folders are made last, so their count tells.
 * The Guest Additions ISO does not count: a VM made before the host had
 * one (or by a wrapper that did not attach it) is whole, and rebuilding it
 * would lose its checkpoint. */
static bool vm_is_incomplete(struct vbw_task *t, const struct vbw_hv_vm_info *info)
{
    const struct vbw_job_vm *plan = &t->vm_plan;
    size_t n_job_media = plan->n_att - (plan->guest_additions[0] ? 1 : 0);
    if (info->n_storage < n_job_media)
        return true;
    for (size_t i = 0; i < plan->n_sf; i++) {
        bool found = false;
        for (size_t k = 0; k < info->n_shared_folders && !found; k++)
            found = info->shared_folders[k].name &&
                    strcmp(info->shared_folders[k].name, plan->sf[i].name) == 0;
        if (!found)
            return true;
    }
    return false;
}

/* Whether the VM gets hardware acceleration (*hw); a 64-bit guest on a host
 * without it ends the task. */
static int choose_hwvirt(struct vbw_task *t, bool *hw)
{
    *hw = vbw_job_host_hwvirt(t->cfg->init_data,
                              t->hv->ops->caps(t->hv) & VBW_HV_CAP_NESTED_UNDER_HV);
    if (!*hw && vbw_job_guest_is_64bit(t->cfg->job)) {
        vbw_log_error("ERROR: Invalid configuration.  VM type requires acceleration but the "
                      "current configuration cannot support it.");
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "no VM was created");
        return vbw_task_finish(t, VBW_EXIT_ERR_EXEC, false,
                               "64-bit guest needs hardware acceleration, which this host "
                               "cannot provide (ERR_CPU_VM_EXTENSIONS_DISABLED)");
    }
    if (!*hw)
        vbw_log_info("Hardware acceleration CPU extensions not detected. Disabling VirtualBox "
                     "hardware acceleration support.");
    return 0;
}

/* The host ports forwarded to the guest (at most max): the web API port
 * and the job's <port_forward>s. Upstream forwards ports only when the job
 * enables the network. */
static size_t plan_port_forwards(struct vbw_task *t, struct vbw_hv_port_forward *pf, size_t max)
{
    const struct vbw_job *job = t->cfg->job;
    size_t n_pf = 0;
    if (job->pf_guest_port > 0 && job->enable_network) {
        /* A restart keeps the port the checkpoint recorded (the project's
         * web page may already point at it); otherwise a free port, always:
         * upstream overwrites the job's <pf_host_port> with the checkpoint's
         * webapi_port (0 on a first run) before it looks at it, so tasks on
         * one host never collide on a fixed port. */
        if (job->pf_host_port > 0 && t->webapi_port <= 0)
            vbw_log_info("Ignoring <pf_host_port>%d</pf_host_port>: a free port is chosen, as "
                         "upstream does.",
                         job->pf_host_port);
        int host = t->webapi_port > 0 ? t->webapi_port : vbw_task_free_port();
        pf[n_pf] = (struct vbw_hv_port_forward){"vboxwrapper", false, host, job->pf_guest_port};
        n_pf++;
        t->webapi_port = host;
    }
    for (size_t i = 0; job->enable_network && i < job->n_port_forwards && n_pf < max; i++) {
        const struct vbw_port_forward_spec *s = &job->port_forwards[i];
        pf[n_pf].is_remote = s->is_remote;
        pf[n_pf].host_port = s->host_port;
        pf[n_pf].guest_port = s->guest_port;
        snprintf(pf[n_pf].name, sizeof pf[n_pf].name, "vboxwrapper_%d", s->guest_port);
        n_pf++;
    }
    return n_pf;
}

/* Whether the VM gets a remote desktop, and its port in t->rd_port.
 * Upstream enables VRDE only when the extension pack with the VRDP module
 * is there (`list extpacks`); otherwise the task runs without a remote
 * desktop and advertises none. The port is chosen before the spec is built
 * from it (a restart keeps the one the checkpoint recorded). */
static bool plan_remote_desktop(struct vbw_task *t)
{
    bool vrde = t->cfg->job->enable_remotedesktop;
    if (vrde) {
        bool available = false;
        if (!t->hv->ops->remote_desktop_available ||
            t->hv->ops->remote_desktop_available(t->hv, &available) < 0)
            vbw_error_clear();
        if (!available) {
            vbw_log_info("Enabling remote desktop for VM.");
            vbw_log_info("Required extension pack not installed, remote desktop not enabled.");
            vrde = false;
            t->rd_port = 0;
        }
    }
    if (vrde && t->rd_port <= 0)
        t->rd_port = vbw_task_free_port();
    return vrde;
}

/* A stale VM holding the slot's image (upstream's deregister_stale_vm):
 * the disks the slot brings, not a project's shared parent. */
static int release_stale(struct vbw_task *t)
{
    const struct vbw_job_vm *plan = &t->vm_plan;
    const char *slot_disks[2];
    size_t n_slot_disks = 0;
    if (plan->image[0])
        slot_disks[n_slot_disks++] = plan->image;
    if (plan->cache[0])
        slot_disks[n_slot_disks++] = plan->cache;
    if (vbw_task_release_stale_vms(t, slot_disks, n_slot_disks) < 0) {
        vbw_log_error("Could not deregister stale VM: %s", vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "a stale VM holds the slot's disk");
        return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                  "VM environment needs to be cleaned up.");
    }
    return 0;
}

/* vm_create under the shared parent's lock; a half-created VM is taken
 * away again. */
static int create_locked(struct vbw_task *t, const struct vbw_hv_vm_spec *spec)
{
    struct vbw_file_lock *lock = NULL;
    int rc = vbw_task_lock_parent(t, &lock);
    if (rc < 0) {
        vbw_log_error("Could not set race mitigation lock in 'create_vm'. (%s)",
                      vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "no VM was created");
        return vbw_task_temp_exit(t, VBW_TASK_RESTART_DELAY, false,
                                  "Could not lock the shared parent disk: %s",
                                  vbw_error_last()->message);
    }
    rc = t->hv->ops->vm_create(t->hv, spec);
    vbw_task_unlock_parent(lock);
    if (rc < 0) {
        vbw_log_error("Could not create VM: %s", vbw_error_last()->message);
        vbw_task_cleanup(t);
        return vbw_task_finish(t, VBW_EXIT_INIT_FAILURE, false, "Could not create VM: %s",
                               vbw_error_last()->message);
    }
    t->vm_registered_by_us = true;
    return 0;
}

static int create_vm(struct vbw_task *t)
{
    const struct vbw_job_vm *plan = &t->vm_plan;
    bool hw = false;
    int rc = choose_hwvirt(t, &hw);
    if (rc)
        return rc;
    if (plan->floppy[0] && write_floppy(t, plan->floppy) < 0)
        return 1;

    struct vbw_hv_port_forward pf[8];
    size_t n_pf = plan_port_forwards(t, pf, sizeof pf / sizeof pf[0]);
    bool vrde = plan_remote_desktop(t);
    struct vbw_hv_vm_spec spec;
    vbw_job_vm_spec(t->cfg->job, t->cfg->derived, plan, t->cfg->slot_dir, hw, &spec);
    spec.name = t->vm_name;
    spec.port_forwards = pf;
    spec.n_port_forwards = n_pf;
    spec.vrde_enabled = vrde;
    spec.vrde_port = t->rd_port;
    if ((rc = release_stale(t)) != 0)
        return rc;
    vbw_log_info("Create VM. (%s, slot#%d)", t->vm_name, t->cfg->init_data->slot);
    vbw_task_log_create_steps(&spec, t->guest_additions_iso);
    vbw_task_event(t, "creating VM %s", t->vm_name);
    if (plan->parent[0])
        vbw_log_info("Adding virtual disk drive to VM. (%s)", t->cfg->job->multiattach_vdi_file);
    return create_locked(t, &spec);
}

/* Several tasks of a project start at once and share one parent disk,
 * whose registration takes several VirtualBox calls: they take turns, as
 * upstream does since 2024 (BOINC #5571; a shm_open lock there, which a
 * killed wrapper leaves behind until reboot). This is a flock on
 * <parent>.lock, which the kernel releases when its holder dies. Upstream
 * waits 90 s for its lock. */
#define PARENT_LOCK_WAIT_MS (90 * 1000)

int vbw_task_lock_parent(struct vbw_task *t, struct vbw_file_lock **lock)
{
    *lock = NULL;
    if (!t->vm_plan.parent[0])
        return 0;
    char path[4200];
    snprintf(path, sizeof path, "%s.lock", t->vm_plan.parent);
    return vbw_file_lock(path, PARENT_LOCK_WAIT_MS, lock);
}

struct vbw_file_lock *vbw_task_lock_parent_to_deregister(struct vbw_task *t)
{
    struct vbw_file_lock *lock = NULL;
    if (vbw_task_lock_parent(t, &lock) < 0)
        vbw_log_warn("Could not set race mitigation lock in 'deregister_vm'. Will continue "
                     "without a lock. (%s)",
                     vbw_error_last()->message);
    return lock;
}

void vbw_task_unlock_parent(struct vbw_file_lock *lock)
{
    vbw_file_unlock(lock);
}

static void take_vm_info(struct vbw_task *t, const struct vbw_hv_vm_info *info)
{
    t->vm_state = info->state;
    t->online = vbw_vm_state_is_online(info->state);
    if (info->log_folder)
        snprintf(t->log_folder, sizeof t->log_folder, "%s", info->log_folder);
    if (info->vrde_port > 0)
        t->rd_port = info->vrde_port;
}

/* Where the VM created in the slot keeps its files (the hypervisor's
 * layout): its log folder into t->log_folder, its settings file into
 * settings ("" when unknown). */
static void slot_vm_files(struct vbw_task *t, char *settings, size_t size)
{
    char *settings_file = NULL, *log_folder = NULL;
    if (t->hv->ops->vm_files(t->hv, t->cfg->slot_dir, t->vm_name, &settings_file, &log_folder) < 0)
        vbw_log_debug("vm_files: %s", vbw_error_last()->message);
    snprintf(t->log_folder, sizeof t->log_folder, "%s", log_folder ? log_folder : "");
    if (settings)
        snprintf(settings, size, "%s", settings_file ? settings_file : "");
    free(settings_file);
    free(log_folder);
}

/* No VM of this name is registered: register <slot>/<vm>/<vm>.vbox when
 * the slot has it (vbox: its path, "" when unknown), else create the VM. */
static int register_or_create(struct vbw_task *t, const char *vbox)
{
    if (vbox[0] && vbw_file_exists(vbox)) {
        vbw_log_info("Register VM. (%s, slot#%d)", t->vm_name, t->cfg->init_data->slot);
        vbw_task_event(t, "re-registering %s", vbox);
        if (t->hv->ops->vm_register(t->hv, vbox) < 0) {
            vbw_log_error("Could not register: %s", vbw_error_last()->message);
            vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "registration failed");
            return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                      "VM environment needs to be cleaned up.");
        }
        t->vm_registered_by_us = true;
    } else {
        int rc = create_vm(t);
        if (rc)
            return rc;
    }
    t->vm_exists = true;
    /* One showvminfo after registering gives the log folder and state;
     * a freshly created VM is powered off by construction. */
    t->vm_state = VBW_VM_POWEROFF;
    return 0;
}

/* A registered VM whose creation was cut short: taken away keeping the
 * slot's files (vbw_task_stale.c), under the parent's lock as every change
 * of a shared parent's children, and created again. */
static int rebuild_incomplete(struct vbw_task *t, const struct vbw_hv_vm_info *info)
{
    vbw_log_info("VM %s is incomplete (its creation was interrupted): building it again.",
                 t->vm_name);
    t->vm_exists = true;
    take_vm_info(t, info);
    struct vbw_file_lock *lock = vbw_task_lock_parent_to_deregister(t);
    int rc = vbw_task_release_vm(t, t->vm_name);
    vbw_task_unlock_parent(lock);
    if (rc < 0) {
        vbw_log_error("Could not deregister the incomplete VM: %s", vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "VirtualBox refused to unregister it");
        return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                  "VM environment needs to be cleaned up.");
    }
    t->vm_exists = false;
    t->online = false;
    if ((rc = create_vm(t)) != 0)
        return rc;
    t->vm_exists = true;
    t->vm_state = VBW_VM_POWEROFF;
    slot_vm_files(t, NULL, 0);
    return 0;
}

/* A registered VM of this task: reused as it is, or rebuilt when its
 * creation was cut short; a hypervisor that does not answer ends the run. */
static int find_or_make_vm(struct vbw_task *t)
{
    char vbox[4200];
    slot_vm_files(t, vbox, sizeof vbox);
    struct vbw_hv_vm_info info;
    memset(&info, 0, sizeof info);
    int rc = t->hv->ops->vm_info(t->hv, t->vm_name, &info);
    if (rc == VBW_ERR_NOT_FOUND) {
        rc = register_or_create(t, vbox);
    } else if (rc < 0) {
        bool lock = vbw_error_last()->error_class == VBW_CLASS_LOCKED;
        vbw_log_error("Could not query the VM: %s", vbw_error_last()->message);
        vbw_task_left(t, VBW_VM_LEFT_UNTOUCHED, "VirtualBox did not answer; nothing changed");
        rc = vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false, "%s (%s)",
                                lock ? "VM session lock error encountered."
                                     : "VM environment needs to be cleaned up.",
                                vbw_error_last()->message);
    } else if (vm_is_incomplete(t, &info)) {
        rc = rebuild_incomplete(t, &info);
    } else {
        vbw_task_event(t, "reusing registered VM %s (%s)", t->vm_name,
                       info.state_raw ? info.state_raw : vbw_vm_state_name(info.state));
        t->vm_exists = true;
        take_vm_info(t, &info);
    }
    vbw_hv_vm_info_clear(&info);
    return rc;
}

/* The registered VM made ready to start: powered off when another run left
 * it running, restored to the last snapshot on a restart. */
static int prepare_vm(struct vbw_task *t)
{
    if (t->online) {
        vbw_log_info("VM was running");
        vbw_task_poweroff(t);
        if (t->online) {
            vbw_log_error("Could not stop running VM");
            vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "the VM is still running elsewhere");
            return vbw_task_temp_exit(t, VBW_TASK_LONG_DELAY, false,
                                      "VM environment needs to be cleaned up.");
        }
    }
    if (t->starting_cpu > 0 && vbw_task_restore(t) < 0) {
        vbw_log_error("Could not restore from snapshot");
        /* Upstream: the hypervisor's service crashed while restoring -> unrecoverable. */
        vbw_task_cleanup(t);
        return vbw_task_finish(t, VBW_EXIT_ERR_EXEC, false, "Could not restore from snapshot: %s",
                               vbw_error_last()->message);
    }
    return 0;
}

int vbw_task_register(struct vbw_task *t)
{
    vbw_task_set_state(t, VBW_TASK_REGISTERING, "looking for the VM");
    int rc = find_or_make_vm(t);
    if (rc)
        return rc;
    if (t->cfg->cmdline->register_only) {
        /* Upstream returns ERR_FOPEN here and its failure path deletes the
         * VM it was asked to register; we keep it and succeed. */
        vbw_log_info("VM registered; exiting as --register_only asks.");
        vbw_task_left(t, VBW_VM_LEFT_REGISTERED, "--register_only");
        return vbw_task_finish(t, 0, false, NULL);
    }
    return prepare_vm(t);
}
