/*
 * vbw_job_parse.c - vbox_job.xml, element by element as upstream's
 * VBOX_JOB::parse() (BOINC samples/vboxwrapper/vboxjob.cpp) accepts it.
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

enum field_kind { FIELD_STRING, FIELD_DOUBLE, FIELD_INT, FIELD_BOOL };

struct field {
    const char *name;
    enum field_kind kind;
    size_t offset;
};

/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define STRING_FIELD(n) {#n, FIELD_STRING, offsetof(struct vbw_job, n)}
#define DOUBLE_FIELD(n) {#n, FIELD_DOUBLE, offsetof(struct vbw_job, n)}
#define INT_FIELD(n) {#n, FIELD_INT, offsetof(struct vbw_job, n)}
#define BOOL_FIELD(n) {#n, FIELD_BOOL, offsetof(struct vbw_job, n)}
/* clang-format on */

/* Single-valued elements, in upstream's order; a repeated one keeps the
 * last value, as upstream. */
static const struct field job_fields[] = {
    STRING_FIELD(vm_disk_controller_type),
    STRING_FIELD(vm_disk_controller_model),
    STRING_FIELD(os_name),
    DOUBLE_FIELD(vram_size_mb),
    DOUBLE_FIELD(memory_size_mb),
    DOUBLE_FIELD(job_duration),
    DOUBLE_FIELD(minimum_checkpoint_interval),
    DOUBLE_FIELD(minimum_heartbeat_interval),
    STRING_FIELD(fraction_done_filename),
    STRING_FIELD(heartbeat_filename),
    STRING_FIELD(completion_trigger_file),
    STRING_FIELD(temporary_exit_trigger_file),
    STRING_FIELD(multiattach_vdi_file),
    BOOL_FIELD(enable_cern_dataformat),
    STRING_FIELD(vm_network_driver),
    BOOL_FIELD(enable_network),
    BOOL_FIELD(network_bridged_mode),
    BOOL_FIELD(enable_nat_dns_host_resolver),
    BOOL_FIELD(enable_shared_directory),
    BOOL_FIELD(enable_scratch_directory),
    BOOL_FIELD(share_slot_dir),
    BOOL_FIELD(share_project_dir),
    BOOL_FIELD(enable_floppyio),
    BOOL_FIELD(enable_cache_disk),
    BOOL_FIELD(enable_isocontextualization),
    BOOL_FIELD(enable_remotedesktop),
    BOOL_FIELD(enable_screenshots_on_error),
    BOOL_FIELD(enable_graphics_support),
    BOOL_FIELD(enable_vm_savestate_usage),
    BOOL_FIELD(disable_automatic_checkpoints),
    BOOL_FIELD(boot_iso),
    INT_FIELD(pf_guest_port),
    INT_FIELD(pf_host_port),
    BOOL_FIELD(copy_cmdline_to_shared),
    STRING_FIELD(vm_graphics_controller_type),
};

struct parse_ctx {
    struct vbw_job *job;
    vbw_job_warn_fn warn;
    void *opaque;
};

static void warn(struct parse_ctx *ctx, const char *fmt, ...) VBW_PRINTF(2, 3);

static void warn(struct parse_ctx *ctx, const char *fmt, ...)
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

static const char *node_name(xmlNodePtr node)
{
    return (const char *)node->name;
}

/* The element's text, or NULL with a warning when it holds elements. *rc is
 * set on allocation failure. */
static char *value_text(struct parse_ctx *ctx, xmlNodePtr node, int *rc)
{
    bool nested = false;
    char *text = vbw_job_xml_text(node, &nested);

    *rc = 0;
    if (text == NULL) {
        *rc = VBW_ERR_NOMEM;
        return NULL;
    }
    if (nested) {
        warn(ctx, "line %ld: <%s> holds elements instead of a value; ignored",
             vbw_job_xml_line(node), node_name(node));
        free(text);
        return NULL;
    }
    return text;
}

static int set_field(struct parse_ctx *ctx, const struct field *f, xmlNodePtr node)
{
    char *base = (char *)ctx->job;
    int rc;
    char *text = value_text(ctx, node, &rc);

    if (text == NULL)
        return rc;
    switch (f->kind) {
    case FIELD_STRING: {
        char **slot = (char **)(void *)(base + f->offset);
        if (text[0] != '\0' && vbw_job_is_guest_file_element(f->name)) {
            rc = vbw_job_check_guest_file(f->name, text, vbw_job_xml_line(node));
            if (rc < 0) {
                free(text);
                return rc;
            }
        }
        free(*slot);
        *slot = text; /* empty allowed: upstream's <x/> and <x></x> are "" */
        return 0;
    }
    case FIELD_DOUBLE: {
        double v;
        if (vbw_job_text_to_double(text, &v))
            *(double *)(void *)(base + f->offset) = v;
        else
            warn(ctx, "line %ld: <%s> value \"%.40s\" is not a number; ignored",
                 vbw_job_xml_line(node), f->name, text);
        break;
    }
    case FIELD_INT: {
        int v;
        if (vbw_job_text_to_int(text, &v))
            *(int *)(void *)(base + f->offset) = v;
        else
            warn(ctx, "line %ld: <%s> value \"%.40s\" is not an integer; ignored",
                 vbw_job_xml_line(node), f->name, text);
        break;
    }
    case FIELD_BOOL: {
        bool v;
        if (vbw_job_text_to_bool(text, &v))
            *(bool *)(void *)(base + f->offset) = v;
        else
            warn(ctx,
                 "line %ld: <%s> value \"%.40s\" is not a number (use <%s/> or <%s>1</%s>); "
                 "ignored",
                 vbw_job_xml_line(node), f->name, text, f->name, f->name, f->name);
        break;
    }
    }
    free(text);
    return 0;
}

static int append_string(char ***vec, size_t *n, char *s)
{
    char **grown = realloc(*vec, (*n + 1) * sizeof **vec);

    if (grown == NULL) {
        free(s);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    grown[(*n)++] = s;
    *vec = grown;
    return 0;
}

static int add_named_file(struct parse_ctx *ctx, xmlNodePtr node)
{
    struct vbw_job *job = ctx->job;
    const char *name = node_name(node);
    int rc;
    char *text = value_text(ctx, node, &rc);

    if (text == NULL)
        return rc;
    rc = vbw_job_check_guest_file(name, text, vbw_job_xml_line(node));
    if (rc < 0) {
        free(text);
        return rc;
    }
    if (strcmp(name, "copy_to_shared") == 0)
        return append_string(&job->copy_to_shared, &job->n_copy_to_shared, text);
    if (strcmp(name, "trickle_trigger_file") == 0)
        return append_string(&job->trickle_trigger_files, &job->n_trickle_trigger_files, text);

    struct vbw_intermediate_upload *grown =
        realloc(job->intermediate_uploads, (job->n_intermediate_uploads + 1) * sizeof *grown);
    if (grown == NULL) {
        free(text);
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    }
    job->intermediate_uploads = grown;
    grown[job->n_intermediate_uploads++] =
        (struct vbw_intermediate_upload){.file = text, .reported = false, .ignore = false};
    return 0;
}

/* One <port_forward>: host_port, guest_port, is_remote, nports. nports > 1
 * expands to consecutive pairs, as upstream (nports 0 and 1 are one pair). */
static int add_port_forward(struct parse_ctx *ctx, xmlNodePtr node)
{
    struct vbw_job *job = ctx->job;
    struct vbw_port_forward_spec pf = {0, 0, false, 0};
    long line = vbw_job_xml_line(node);
    int rc, count;

    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        const char *name = node_name(c);
        char *text = value_text(ctx, c, &rc);
        bool ok = true;

        if (text == NULL) {
            if (rc < 0)
                return rc;
            continue;
        }
        if (strcmp(name, "host_port") == 0)
            ok = vbw_job_text_to_int(text, &pf.host_port);
        else if (strcmp(name, "guest_port") == 0)
            ok = vbw_job_text_to_int(text, &pf.guest_port);
        else if (strcmp(name, "nports") == 0)
            ok = vbw_job_text_to_int(text, &pf.nports);
        else if (strcmp(name, "is_remote") == 0)
            ok = vbw_job_text_to_bool(text, &pf.is_remote);
        else
            warn(ctx, "line %ld: unknown element <%s> in <port_forward> ignored",
                 vbw_job_xml_line(c), name);
        if (!ok)
            warn(ctx, "line %ld: <%s> value \"%.40s\" is not a number; ignored",
                 vbw_job_xml_line(c), name, text);
        free(text);
    }
    if (pf.host_port == 0)
        return vbw_error_set(VBW_ERR_INVALID, "port_forward (line %ld): missing <host_port>", line);
    if (pf.guest_port == 0)
        return vbw_error_set(VBW_ERR_INVALID, "port_forward (line %ld): missing <guest_port>",
                             line);
    if (pf.nports < 0)
        return vbw_error_set(VBW_ERR_INVALID, "port_forward (line %ld): negative <nports> %d", line,
                             pf.nports);
    count = pf.nports > 0 ? pf.nports : 1;
    if (pf.host_port < 1 || pf.guest_port < 1 || pf.host_port > 65536 - count ||
        pf.guest_port > 65536 - count)
        return vbw_error_set(
            VBW_ERR_INVALID, "port_forward (line %ld): ports %d..%d -> %d..%d outside 1..65535",
            line, pf.host_port, pf.host_port + count - 1, pf.guest_port, pf.guest_port + count - 1);

    if (job->n_port_forwards + (size_t)count > VBW_JOB_MAX_FORWARDED_PORTS)
        return vbw_error_set(VBW_ERR_INVALID,
                             "port_forward (line %ld): more than %d forwarded ports in all", line,
                             VBW_JOB_MAX_FORWARDED_PORTS);
    struct vbw_port_forward_spec *grown =
        realloc(job->port_forwards, (job->n_port_forwards + (size_t)count) * sizeof *grown);
    if (grown == NULL)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    job->port_forwards = grown;
    for (int i = 0; i < count; i++) {
        grown[job->n_port_forwards++] = (struct vbw_port_forward_spec){
            .host_port = pf.host_port + i,
            .guest_port = pf.guest_port + i,
            .is_remote = pf.is_remote,
            .nports = 0,
        };
    }
    return 0;
}

static int parse_element(struct parse_ctx *ctx, xmlNodePtr node)
{
    const char *name = node_name(node);

    for (size_t i = 0; i < sizeof job_fields / sizeof job_fields[0]; i++) {
        if (strcmp(name, job_fields[i].name) == 0)
            return set_field(ctx, &job_fields[i], node);
    }
    if (strcmp(name, "copy_to_shared") == 0 || strcmp(name, "trickle_trigger_file") == 0 ||
        strcmp(name, "intermediate_upload_file") == 0)
        return add_named_file(ctx, node);
    if (strcmp(name, "port_forward") == 0)
        return add_port_forward(ctx, node);
    warn(ctx, "line %ld: unknown element <%.64s> ignored", vbw_job_xml_line(node), name);
    return 0;
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
static int report_recovery(struct parse_ctx *ctx, const struct vbw_job_xml_recovery *rec)
{
    for (size_t i = 0; i < rec->n; i++) {
        if (strcmp(rec->mismatches[i].name, "port_forward") == 0)
            return vbw_error_set(VBW_ERR_PARSE, "%s", rec->error);
    }
    warn(ctx, "WARNING: %s; read on as upstream's XML parser reads it", rec->error);
    for (size_t i = 0; i < rec->n; i++)
        warn(ctx, "line %ld: <%s> is closed by </%s>: its value is ignored, as upstream ignores it",
             rec->mismatches[i].line, rec->mismatches[i].name, rec->mismatches[i].closed_by);
    return 0;
}

/* label names the input in error messages (the path, or vbox_job.xml). */
static int parse_named_buffer(const char *buf, size_t len, const char *label, bool tolerant,
                              struct vbw_job *job, vbw_job_warn_fn warn_fn, void *opaque,
                              int *exit_code)
{
    struct parse_ctx ctx = {job, warn_fn, opaque};
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
            rc = parse_element(&ctx, node);
            if (rc < 0)
                goto cleanup;
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            /* Stray text between elements; reported once per text run. */
            bool blank = true;
            for (const xmlChar *p = node->content; p != NULL && *p; p++)
                blank = blank && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r');
            if (!blank)
                warn(&ctx, "line %ld: unexpected text in <vbox_job> ignored",
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
