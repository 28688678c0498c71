/*
 * vbw_job_defaults.c - upstream's defaults for a job (VBOX_JOB::clear() in
 * BOINC samples/vboxwrapper/vboxjob.cpp) and the release of the structs in
 * vbw_job.h (init_data's is with its field tables, vbw_job_init_data.c).
 */
#include "vbw/vbw_job.h"

#include <stdlib.h>
#include <string.h>

#include "vbw_job_internal.h"

/* The three string defaults are literals upstream; here every string is
 * owned by the struct. Out of memory this early leaves a field NULL (a void
 * function cannot report it); vbw_job_report prints it empty. */
void vbw_job_init(struct vbw_job *job)
{
    memset(job, 0, sizeof *job);
    job->vm_disk_controller_type = vbw_strdup(VBW_JOB_DEFAULT_DISK_CONTROLLER_TYPE);
    job->vm_disk_controller_model = vbw_strdup(VBW_JOB_DEFAULT_DISK_CONTROLLER_MODEL);
    job->vm_graphics_controller_type = vbw_strdup(VBW_JOB_DEFAULT_GRAPHICS_CONTROLLER_TYPE);
    job->vram_size_mb = VBW_JOB_VRAM_MIN_MB;
    job->memory_size_mb = 0.0; /* unset: vbw_job_derive applies the 512 MB floor */
    job->minimum_checkpoint_interval = 600.0;
    job->minimum_heartbeat_interval = 600.0;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void vbw_job_clear(struct vbw_job *job)
{
    if (job == NULL)
        return;
    /* The single-valued strings are the table's: one list of them. */
    vbw_job_fields_free(vbw_job_elements, vbw_job_n_elements, job);
    free(job->port_forwards);
    free_strings(job->copy_to_shared, job->n_copy_to_shared);
    free_strings(job->trickle_trigger_files, job->n_trickle_trigger_files);
    for (size_t i = 0; i < job->n_intermediate_uploads; i++)
        free(job->intermediate_uploads[i].file);
    free(job->intermediate_uploads);
    memset(job, 0, sizeof *job);
}

void vbw_cmdline_clear(struct vbw_cmdline *cl)
{
    if (cl == NULL)
        return;
    free(cl->raw);
    memset(cl, 0, sizeof *cl);
    cl->vmimage = -1;
}

void vbw_job_derived_clear(struct vbw_job_derived *d)
{
    if (d == NULL)
        return;
    free(d->vm_name);
    free(d->vm_description);
    free(d->image_name);
    free(d->iso_name);
    free(d->cache_disk_name);
    free(d->floppy_name);
    free(d->shared_dir);
    memset(d, 0, sizeof *d);
}
