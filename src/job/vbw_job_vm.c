/*
 * vbw_job_vm.c - the VM a job describes: where its files are, which media
 * and shared folders it gets, and the settings VirtualBox is asked for. One
 * definition for the wrapper's create step (src/task) and `vbw create --job`
 * (src/cli), so the tool never makes a VM the wrapper would not.
 */
#include <stdio.h>
#include <string.h>

#include "vbw/vbw_hv.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

bool vbw_job_host_hwvirt(const struct vbw_init_data *id, bool nested_ok)
{
    if (id->vm_extensions_disabled)
        return false;
    if (!id->present || !id->p_features)
        return true; /* standalone: let VirtualBox decide, as upstream */
    /* Under another hypervisor upstream disables hw acceleration unless
     * VirtualBox runs nested there (7.2 and later, BOINC #6783). */
    if (strstr(id->p_features, "hypervisor") && !nested_ok)
        return false;
    return strstr(id->p_features, "vmx") || strstr(id->p_features, "svm");
}

bool vbw_job_guest_is_64bit(const struct vbw_job *job)
{
    return job->os_name && strstr(job->os_name, "_64") != NULL;
}

static void copy_path(struct vbw_job_vm *vm, char *dst, size_t size, const char *dir,
                      const char *name)
{
    int n = snprintf(dst, size, "%s%s%s", dir, name ? "/" : "", name ? name : "");
    if (n < 0 || (size_t)n >= size)
        vm->too_long = true;
}

/* Upstream (vbox_vboxmanage.cpp create_vm) attaches the host's Guest
 * Additions ISO, when VirtualBox names one that exists, to every VM on the
 * disk controller: port 2 with ISO contextualization (port 0 holds the ISO,
 * port 1 the cache disk), port 1 otherwise (port 0 holds the disk). */
static void add_guest_additions(struct vbw_job_vm *vm, int port)
{
    if (vm->guest_additions[0])
        vm->att[vm->n_att++] = (struct vbw_hv_attachment){
            VBW_MEDIUM_DVD, vm->guest_additions, port, 0, false, false, false};
}

void vbw_job_vm_plan(const struct vbw_job *job, const struct vbw_init_data *id,
                     const struct vbw_job_derived *d, const char *slot,
                     const char *guest_additions_iso, struct vbw_job_vm *vm)
{
    memset(vm, 0, sizeof *vm);
    if (guest_additions_iso && guest_additions_iso[0])
        copy_path(vm, vm->guest_additions, sizeof vm->guest_additions, guest_additions_iso, NULL);
    /* Upstream's project_dir_path: aid.project_dir, or "project" relative
     * to the slot when standalone. Absolute here: VirtualBox wants full
     * paths. */
    if (id && id->present && id->project_dir && id->project_dir[0])
        copy_path(vm, vm->project_dir, sizeof vm->project_dir, id->project_dir, NULL);
    else
        copy_path(vm, vm->project_dir, sizeof vm->project_dir, slot, "project");
    /* <shared_dir> is "." with <share_slot_dir>: the slot itself. */
    if (d->shared_dir)
        copy_path(vm, vm->shared_dir, sizeof vm->shared_dir, slot,
                  strcmp(d->shared_dir, ".") != 0 ? d->shared_dir : NULL);

    if (job->multiattach_vdi_file && job->multiattach_vdi_file[0]) {
        /* Upstream: <project_dir>/<multiattach_vdi_file>, one parent for all
         * the project's tasks; the BOINC client leaves nothing of it in the
         * slot. */
        copy_path(vm, vm->parent, sizeof vm->parent, vm->project_dir, job->multiattach_vdi_file);
        vm->att[vm->n_att++] =
            (struct vbw_hv_attachment){VBW_MEDIUM_HDD, vm->parent, 0, 0, true, false, false};
        add_guest_additions(vm, 1);
    } else if (job->enable_isocontextualization && d->iso_name) {
        copy_path(vm, vm->iso, sizeof vm->iso, slot, d->iso_name);
        vm->att[vm->n_att++] =
            (struct vbw_hv_attachment){VBW_MEDIUM_DVD, vm->iso, 0, 0, false, false, false};
        add_guest_additions(vm, 2); /* upstream's order: ISO, additions, cache disk */
        if (job->enable_cache_disk && d->cache_disk_name) {
            copy_path(vm, vm->cache, sizeof vm->cache, slot, d->cache_disk_name);
            vm->att[vm->n_att++] =
                (struct vbw_hv_attachment){VBW_MEDIUM_HDD, vm->cache, 1, 0, false, true, false};
        }
    } else {
        if (d->image_name) {
            copy_path(vm, vm->image, sizeof vm->image, slot, d->image_name);
            vm->att[vm->n_att++] =
                (struct vbw_hv_attachment){VBW_MEDIUM_HDD, vm->image, 0, 0, false, true, false};
        }
        add_guest_additions(vm, 1);
    }
    if (job->enable_floppyio && d->floppy_name) {
        copy_path(vm, vm->floppy, sizeof vm->floppy, slot, d->floppy_name);
        vm->att[vm->n_att++] =
            (struct vbw_hv_attachment){VBW_MEDIUM_FLOPPY, vm->floppy, 0, 0, false, false, false};
    }
    if (vm->shared_dir[0])
        vm->sf[vm->n_sf++] = (struct vbw_hv_shared_folder){"shared", vm->shared_dir, false};
    /* Upstream shares project/ as "project", or project/scratch as
     * "scratch" (the two exclude each other: vbw_job_rules.c). */
    if (job->share_project_dir) {
        vm->sf[vm->n_sf++] = (struct vbw_hv_shared_folder){"project", vm->project_dir, false};
    } else if (job->enable_scratch_directory) {
        copy_path(vm, vm->scratch, sizeof vm->scratch, vm->project_dir, "scratch");
        vm->sf[vm->n_sf++] = (struct vbw_hv_shared_folder){"scratch", vm->scratch, false};
    }
}

void vbw_job_vm_spec(const struct vbw_job *job, const struct vbw_job_derived *d,
                     const struct vbw_job_vm *vm, const char *slot, bool hw,
                     struct vbw_hv_vm_spec *spec)
{
    *spec = (struct vbw_hv_vm_spec){
        .name = d->vm_name,
        .description = d->vm_description,
        .os_type = job->os_name,
        .base_folder = slot,
        .memory_mb = (int)d->memory_mb,
        .cpus = d->cpus > 0 ? d->cpus : 1,
        .vram_mb = (int)job->vram_size_mb,
        .graphics_controller = job->vm_graphics_controller_type,
        .disk_controller_type =
            job->vm_disk_controller_type ? job->vm_disk_controller_type : "sata",
        .disk_controller_model =
            job->vm_disk_controller_model ? job->vm_disk_controller_model : "IntelAHCI",
        .attachments = vm->att,
        .n_attachments = vm->n_att,
        .floppy_controller = job->enable_floppyio,
        .hw_acceleration = hw,
        .pae = true,
        .rtc_local_time = !vbw_platform_host_rtc_is_utc(),
        /* Upstream: bridged or NAT by <network_bridged_mode> alone; the
         * cable says whether the network is on. */
        .nic_mode = job->network_bridged_mode ? VBW_NIC_BRIDGED : VBW_NIC_NAT,
        .nic_driver = job->vm_network_driver,
        .nat_dns_host_resolver = job->enable_nat_dns_host_resolver,
        .nat_dns_proxy = true, /* upstream since 2011 */
        .network_enabled = job->enable_network,
        .shared_folders = vm->sf,
        .n_shared_folders = vm->n_sf,
    };
}
