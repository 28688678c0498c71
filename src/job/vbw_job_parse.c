/*
 * vbw_job_parse.c - vbox_job.xml as upstream's VBOX_JOB::parse() (BOINC
 * samples/vboxwrapper/vboxjob.cpp) accepts it: the document read (strict or
 * tolerant), each child of <vbox_job> handed to vbw_job_elements.c, the
 * limits and combination rules applied, upstream's exit codes.
 *
 * Where upstream and we differ, on purpose:
 * - unknown elements give one warning (element and line) instead of
 *   upstream's "unexpected text" log lines, and elements nested inside an
 *   unknown element are not looked at (upstream's flat tag scanner would
 *   pick them up);
 * - a value that is not a number keeps the previous value, as upstream, but
 *   says so in a warning;
 * - <vm_graphics_controller_type> is parsed (upstream declares it, default
 *   VBoxVGA, and never reads it);
 * - a boolean written <x></x> is true like <x/> (libxml2 does not tell the
 *   two apart; upstream ignores the former);
 * - a <port_forward> missing a port, with a port outside 1..65535 or a
 *   negative <nports> is an error (upstream logs and keeps a zero port);
 * - guest-visible file names must stay inside shared/ (vbw_job_rules.c), and the
 *   illegal combinations upstream checks in main() are checked here;
 * - the XML must be well-formed (vbw job check), except in the wrapper
 *   (the _tolerant functions), which reads past the mistakes upstream's
 *   XML_PARSER reads past (vbw_job_xml_read), with a warning.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "vbw/vbw_file.h"
#include "vbw/vbw_job.h"
#include "vbw_job_internal.h"
#include "vbw_job_rules.h"

void vbw_job_parse_warn(struct vbw_job_parse_ctx *ctx, const char *fmt, ...)
{
    char line[512];
    va_list ap;

    if (ctx->warn == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    ctx->warn(line, ctx->opaque);
}

/* Upstream clamps as it parses and raises memory in main(); the result is
 * the same whichever order, so both happen once here. */
static void apply_limits(struct vbw_job *job)
{
    if (job->vram_size_mb < VBW_JOB_VRAM_MIN_MB)
        job->vram_size_mb = VBW_JOB_VRAM_MIN_MB;
    else if (job->vram_size_mb > VBW_JOB_VRAM_MAX_MB)
        job->vram_size_mb = VBW_JOB_VRAM_MAX_MB;
    if (job->memory_size_mb != 0.0 && job->memory_size_mb < VBW_JOB_MIN_MEMORY_MB)
        job->memory_size_mb = VBW_JOB_MIN_MEMORY_MB;
}

/* A recovered document, said once: the XML error, then each element whose
 * value is ignored as upstream ignores it. Upstream's <port_forward> parser
 * reads past a wrong end tag to the end of the file and the job fails:
 * then so does ours. */
static int report_recovery(struct vbw_job_parse_ctx *ctx, const struct vbw_job_xml_recovery *rec)
{
    for (size_t i = 0; i < rec->n; i++) {
        if (strcmp(rec->mismatches[i].name, "port_forward") == 0)
            return vbw_error_set(VBW_ERR_PARSE, "%s", rec->error);
    }
    vbw_job_parse_warn(ctx, "WARNING: %s; read on as upstream's XML parser reads it", rec->error);
    for (size_t i = 0; i < rec->n; i++)
        vbw_job_parse_warn(
            ctx, "line %ld: <%s> is closed by </%s>: its value is ignored, as upstream ignores it",
            rec->mismatches[i].line, rec->mismatches[i].name, rec->mismatches[i].closed_by);
    return 0;
}

/* label names the input in error messages (the path, or vbox_job.xml). */
static int parse_named_buffer(const char *buf, size_t len, const char *label, bool tolerant,
                              struct vbw_job *job, vbw_job_warn_fn warn_fn, void *opaque,
                              int *exit_code)
{
    struct vbw_job_parse_ctx ctx = {job, warn_fn, opaque};
    struct vbw_job_xml_recovery *rec = NULL;
    xmlDocPtr doc = NULL;
    bool parsed = false;
    int rc;

    if (exit_code != NULL)
        *exit_code = 0;
    if (len > VBW_JOB_FILE_MAX) {
        rc = vbw_error_set(VBW_ERR_TOO_BIG, "%s: larger than %zu bytes", label, VBW_JOB_FILE_MAX);
        goto cleanup;
    }
    if (tolerant && (rec = malloc(sizeof *rec)) == NULL) {
        rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
        goto cleanup;
    }
    rc = vbw_job_xml_read(buf, len, label, "vbox_job", rec, &doc);
    if (rc < 0)
        goto cleanup;
    if (rec != NULL && rec->recovered && (rc = report_recovery(&ctx, rec)) < 0)
        goto cleanup;
    for (xmlNodePtr node = xmlDocGetRootElement(doc)->children; node != NULL; node = node->next) {
        if (node->type == XML_ELEMENT_NODE) {
            rc = vbw_job_parse_element(&ctx, node);
            if (rc < 0)
                goto cleanup;
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            /* Stray text between elements; reported once per text run. */
            bool blank = true;
            for (const xmlChar *p = node->content; p != NULL && *p; p++)
                blank = blank && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
            if (!blank)
                vbw_job_parse_warn(&ctx, "line %ld: unexpected text in <vbox_job> ignored",
                                   vbw_job_xml_line(node));
        }
    }
    apply_limits(job);
    parsed = true;
    rc = vbw_job_check_combinations(job);

cleanup:
    if (doc != NULL)
        xmlFreeDoc(doc);
    free(rec);
    /* Upstream's codes: a job it cannot parse (bad XML, a port_forward
     * without its ports) is boinc_finish(ERR_XML_PARSE); an illegal
     * combination of valid elements is EXIT_INIT_FAILURE. */
    if (rc < 0 && exit_code != NULL)
        *exit_code = parsed ? VBW_EXIT_INIT_FAILURE : VBW_EXIT_ERR_XML_PARSE;
    return rc;
}

int vbw_job_parse_buffer(const char *buf, size_t len, struct vbw_job *job, vbw_job_warn_fn warn_fn,
                         void *opaque, int *exit_code)
{
    return parse_named_buffer(buf, len, "vbox_job.xml", false, job, warn_fn, opaque, exit_code);
}

int vbw_job_parse_buffer_tolerant(const char *buf, size_t len, struct vbw_job *job,
                                  vbw_job_warn_fn warn_fn, void *opaque, int *exit_code)
{
    return parse_named_buffer(buf, len, "vbox_job.xml", true, job, warn_fn, opaque, exit_code);
}

static int parse_file(const char *path, bool tolerant, struct vbw_job *job, vbw_job_warn_fn warn_fn,
                      void *opaque, int *exit_code)
{
    char *buf = NULL;
    size_t len = 0;
    int rc;

    if (exit_code != NULL)
        *exit_code = 0;
    rc = vbw_file_read_all(path, VBW_JOB_FILE_MAX, &buf, &len);
    if (rc < 0) {
        /* Upstream: ERR_FOPEN when the file cannot be opened. */
        if (exit_code != NULL)
            *exit_code = rc == VBW_ERR_TOO_BIG ? VBW_EXIT_ERR_XML_PARSE : VBW_EXIT_ERR_FOPEN;
        if (rc == VBW_ERR_TOO_BIG)
            vbw_error_set(rc, "%s: larger than %zu bytes, not a job file", path, VBW_JOB_FILE_MAX);
        return rc;
    }
    rc = parse_named_buffer(buf, len, path, tolerant, job, warn_fn, opaque, exit_code);
    free(buf);
    return rc;
}

int vbw_job_parse_file(const char *path, struct vbw_job *job, vbw_job_warn_fn warn_fn, void *opaque,
                       int *exit_code)
{
    return parse_file(path, false, job, warn_fn, opaque, exit_code);
}

int vbw_job_parse_file_tolerant(const char *path, struct vbw_job *job, vbw_job_warn_fn warn_fn,
                                void *opaque, int *exit_code)
{
    return parse_file(path, true, job, warn_fn, opaque, exit_code);
}
