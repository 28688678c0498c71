/*
 * vbw_job_report.c - the effective configuration of a job as
 * "name = value" lines, for `vbw job check FILE`: a project admin sees what
 * the wrapper will use after defaults, clamps and expansion.
 */
#include <errno.h>
#include <stdio.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw_job_internal.h"

#define D(n, k) VBW_JOB_FIELD(struct vbw_job_derived, n, k)

/* The derived values but shared_dir, which says "(none)" for NULL. */
static const struct vbw_job_field derived_fields[] = {
    D(vm_name, VBW_JOB_STRING),
    D(vm_description, VBW_JOB_STRING),
    D(cpus, VBW_JOB_INT),
    D(memory_mb, VBW_JOB_DOUBLE),
    D(image_name, VBW_JOB_STRING),
    D(iso_name, VBW_JOB_STRING),
    D(cache_disk_name, VBW_JOB_STRING),
    D(floppy_name, VBW_JOB_STRING),
};

/* One "<prefix><name> = <value>" line per field of base; a NULL string
 * prints empty. */
static void print_fields(FILE *out, const char *prefix, const struct vbw_job_field *fields,
                         size_t n, const void *base)
{
    for (size_t i = 0; i < n; i++) {
        const struct vbw_job_field *f = &fields[i];
        const void *slot = (const char *)base + f->offset;

        fprintf(out, "%s%s = ", prefix, f->name);
        switch (f->kind) {
        case VBW_JOB_STRING: {
            const char *s = *(char *const *)slot;
            fprintf(out, "%s\n", s != NULL ? s : "");
            break;
        }
        case VBW_JOB_DOUBLE:
            fprintf(out, "%g\n", *(const double *)slot);
            break;
        case VBW_JOB_INT:
            fprintf(out, "%d\n", *(const int *)slot);
            break;
        case VBW_JOB_BOOL:
            fprintf(out, "%s\n", *(const bool *)slot ? "true" : "false");
            break;
        }
    }
}

static int flushed(FILE *out)
{
    if (fflush(out) != 0 || ferror(out))
        return vbw_error_set_errno(VBW_ERR_IO, errno, "cannot write the job report");
    return 0;
}

int vbw_job_report(FILE *out, const struct vbw_job *job)
{
    print_fields(out, "", vbw_job_elements, vbw_job_n_elements, job);
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
    return flushed(out);
}

int vbw_job_report_derived(FILE *out, const struct vbw_job_derived *d)
{
    print_fields(out, "derived.", derived_fields, sizeof derived_fields / sizeof derived_fields[0],
                 d);
    fprintf(out, "derived.shared_dir = %s\n", d->shared_dir != NULL ? d->shared_dir : "(none)");
    return flushed(out);
}
