/*
 * vbw_job_derive.c - the values upstream's main() computes from the job,
 * the command line and init_data.xml (vboxwrapper.cpp, "Configure Instance
 * specific VM Parameters" and the cpu/memory rules that follow).
 *
 * Differences from upstream, on purpose:
 * - --vmimage N applies in standalone mode too (upstream ignores it there);
 * - ncpus from init_data.xml is capped at 32 like --nthreads (upstream caps
 *   only the option, and VirtualBox refuses more);
 * - without a shared directory shared_dir is NULL: trigger files are off
 *   (upstream looks them up at "/name").
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_job.h"
#include "vbw_job_internal.h"

static int derive_cpus(const struct vbw_cmdline *cl, const struct vbw_init_data *d)
{
    double ncpus = (d != NULL && d->present) ? d->ncpus : 0.0;

    if (cl != NULL && cl->nthreads > 0)
        return cl->nthreads > VBW_JOB_MAX_CPUS ? VBW_JOB_MAX_CPUS : cl->nthreads;
    if (ncpus > 1.0) {
        if (ncpus > VBW_JOB_MAX_CPUS)
            return VBW_JOB_MAX_CPUS;
        return (int)ceil(ncpus);
    }
    return 1;
}

static double derive_memory(const struct vbw_job *job, const struct vbw_cmdline *cl)
{
    double mb = job->memory_size_mb;

    if (cl != NULL && cl->memory_size_mb != 0.0)
        mb = cl->memory_size_mb; /* the option overrides the job file */
    return mb < VBW_JOB_MIN_MEMORY_MB ? VBW_JOB_MIN_MEMORY_MB : mb;
}

int vbw_job_derive(const struct vbw_job *job, const struct vbw_cmdline *cl,
                   const struct vbw_init_data *d, struct vbw_job_derived *out)
{
    if (cl != NULL && !(cl->memory_size_mb <= VBW_JOB_MAX_MEMORY_MB))
        return vbw_error_set(VBW_ERR_INVALID, "--memory_size_mb %g is more than %.0f",
                             cl->memory_size_mb, VBW_JOB_MAX_MEMORY_MB);
    bool standalone = d == NULL || !d->present;
    const char *result = (!standalone && d->result_name != NULL) ? d->result_name : "";
    char md5[33];
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (standalone) {
        out->vm_name = vbw_strdup("boinc_standalone");
        out->vm_description = vbw_strdup("standalone");
    } else {
        vbw_job_md5_hex(result, strlen(result), md5);
        out->vm_name = vbw_asprintf("boinc_%.16s", md5);
        out->vm_description = vbw_strdup(result);
    }
    if (cl != NULL && cl->vmimage > 0)
        out->image_name = vbw_asprintf("vm_image_%d.vdi", cl->vmimage);
    else
        out->image_name = vbw_strdup("vm_image.vdi");
    if (out->vm_name == NULL || out->vm_description == NULL || out->image_name == NULL)
        goto nomem;
    if (job->enable_floppyio) {
        out->floppy_name =
            standalone ? vbw_strdup("vm_floppy.img") : vbw_asprintf("vm_floppy_%d.img", d->slot);
        if (out->floppy_name == NULL)
            goto nomem;
    }
    if (job->enable_cache_disk && (out->cache_disk_name = vbw_strdup("vm_cache.vdi")) == NULL)
        goto nomem;
    if (job->enable_isocontextualization &&
        (out->iso_name = vbw_strdup("vm_isocontext.iso")) == NULL)
        goto nomem;
    /* Upstream sets "shared" and then "." for share_slot_dir; the parser
     * already refused both together. */
    if (job->share_slot_dir)
        out->shared_dir = vbw_strdup(".");
    else if (job->enable_shared_directory)
        out->shared_dir = vbw_strdup("shared");
    if ((job->share_slot_dir || job->enable_shared_directory) && out->shared_dir == NULL)
        goto nomem;
    out->cpus = derive_cpus(cl, d);
    out->memory_mb = derive_memory(job, cl);
    return rc;

nomem:
    vbw_job_derived_clear(out);
    return vbw_error_set(VBW_ERR_NOMEM, "out of memory deriving the VM settings");
}
