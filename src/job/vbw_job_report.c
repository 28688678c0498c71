/*
 * vbw_job_report.c - the effective configuration of a job as
 * "name = value" lines, for `vbw job check FILE`: a project admin sees what
 * the wrapper will use after defaults, clamps and expansion.
 */
#include <errno.h>
#include <stdio.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"

static const char *str_or_empty(const char *s)
{
    return s != NULL ? s : "";
}

static const char *yes_no(bool b)
{
    return b ? "true" : "false";
}

int vbw_job_report(FILE *out, const struct vbw_job *job)
{
    fprintf(out, "os_name = %s\n", str_or_empty(job->os_name));
    fprintf(out, "vm_disk_controller_type = %s\n", str_or_empty(job->vm_disk_controller_type));
    fprintf(out, "vm_disk_controller_model = %s\n", str_or_empty(job->vm_disk_controller_model));
    fprintf(out, "vm_graphics_controller_type = %s\n",
            str_or_empty(job->vm_graphics_controller_type));
    fprintf(out, "vram_size_mb = %g\n", job->vram_size_mb);
    fprintf(out, "memory_size_mb = %g\n", job->memory_size_mb);
    fprintf(out, "job_duration = %g\n", job->job_duration);
    fprintf(out, "minimum_checkpoint_interval = %g\n", job->minimum_checkpoint_interval);
    fprintf(out, "minimum_heartbeat_interval = %g\n", job->minimum_heartbeat_interval);
    fprintf(out, "fraction_done_filename = %s\n", str_or_empty(job->fraction_done_filename));
    fprintf(out, "heartbeat_filename = %s\n", str_or_empty(job->heartbeat_filename));
    fprintf(out, "completion_trigger_file = %s\n", str_or_empty(job->completion_trigger_file));
    fprintf(out, "temporary_exit_trigger_file = %s\n",
            str_or_empty(job->temporary_exit_trigger_file));
    fprintf(out, "multiattach_vdi_file = %s\n", str_or_empty(job->multiattach_vdi_file));
    fprintf(out, "vm_network_driver = %s\n", str_or_empty(job->vm_network_driver));
    fprintf(out, "enable_cern_dataformat = %s\n", yes_no(job->enable_cern_dataformat));
    fprintf(out, "enable_network = %s\n", yes_no(job->enable_network));
    fprintf(out, "network_bridged_mode = %s\n", yes_no(job->network_bridged_mode));
    fprintf(out, "enable_nat_dns_host_resolver = %s\n", yes_no(job->enable_nat_dns_host_resolver));
    fprintf(out, "enable_shared_directory = %s\n", yes_no(job->enable_shared_directory));
    fprintf(out, "enable_scratch_directory = %s\n", yes_no(job->enable_scratch_directory));
    fprintf(out, "share_slot_dir = %s\n", yes_no(job->share_slot_dir));
    fprintf(out, "share_project_dir = %s\n", yes_no(job->share_project_dir));
    fprintf(out, "enable_floppyio = %s\n", yes_no(job->enable_floppyio));
    fprintf(out, "enable_cache_disk = %s\n", yes_no(job->enable_cache_disk));
    fprintf(out, "enable_isocontextualization = %s\n", yes_no(job->enable_isocontextualization));
    fprintf(out, "boot_iso = %s\n", yes_no(job->boot_iso));
    fprintf(out, "enable_remotedesktop = %s\n", yes_no(job->enable_remotedesktop));
    fprintf(out, "enable_screenshots_on_error = %s\n", yes_no(job->enable_screenshots_on_error));
    fprintf(out, "enable_graphics_support = %s\n", yes_no(job->enable_graphics_support));
    fprintf(out, "enable_vm_savestate_usage = %s\n", yes_no(job->enable_vm_savestate_usage));
    fprintf(out, "disable_automatic_checkpoints = %s\n",
            yes_no(job->disable_automatic_checkpoints));
    fprintf(out, "copy_cmdline_to_shared = %s\n", yes_no(job->copy_cmdline_to_shared));
    fprintf(out, "pf_guest_port = %d\n", job->pf_guest_port);
    fprintf(out, "pf_host_port = %d\n", job->pf_host_port);
    for (size_t i = 0; i < job->n_port_forwards; i++) {
        const struct vbw_port_forward_spec *pf = &job->port_forwards[i];
        fprintf(out, "port_forward = host %d -> guest %d%s\n", pf->host_port, pf->guest_port,
                pf->is_remote ? " (remote)" : "");
    }
    for (size_t i = 0; i < job->n_copy_to_shared; i++)
        fprintf(out, "copy_to_shared = %s\n", job->copy_to_shared[i]);
    for (size_t i = 0; i < job->n_trickle_trigger_files; i++)
        fprintf(out, "trickle_trigger_file = %s\n", job->trickle_trigger_files[i]);
    for (size_t i = 0; i < job->n_intermediate_uploads; i++)
        fprintf(out, "intermediate_upload_file = %s\n", job->intermediate_uploads[i].file);
    if (fflush(out) != 0 || ferror(out))
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write the job report");
    return 0;
}

int vbw_job_report_derived(FILE *out, const struct vbw_job_derived *d)
{
    fprintf(out, "derived.vm_name = %s\n", str_or_empty(d->vm_name));
    fprintf(out, "derived.vm_description = %s\n", str_or_empty(d->vm_description));
    fprintf(out, "derived.cpus = %d\n", d->cpus);
    fprintf(out, "derived.memory_mb = %g\n", d->memory_mb);
    fprintf(out, "derived.image_name = %s\n", str_or_empty(d->image_name));
    fprintf(out, "derived.iso_name = %s\n", str_or_empty(d->iso_name));
    fprintf(out, "derived.cache_disk_name = %s\n", str_or_empty(d->cache_disk_name));
    fprintf(out, "derived.floppy_name = %s\n", str_or_empty(d->floppy_name));
    fprintf(out, "derived.shared_dir = %s\n", d->shared_dir != NULL ? d->shared_dir : "(none)");
    if (fflush(out) != 0 || ferror(out))
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write the job report");
    return 0;
}
