/*
 * vbw_job_elements.c - the elements of vbox_job.xml and what each does to
 * the job, as upstream's VBOX_JOB::parse() (BOINC
 * samples/vboxwrapper/vboxjob.cpp) reads them: the single-valued ones from
 * one table (which `vbw job check` reports from too), the file lists, and
 * <port_forward>. How they differ from upstream: vbw_job_parse.c.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "vbw/vbw_job.h"
#include "vbw_job_internal.h"
#include "vbw_job_rules.h"

#define E(n, k) VBW_JOB_FIELD(struct vbw_job, n, k)

/* A repeated element keeps the last value, as upstream. */
const struct vbw_job_field vbw_job_elements[] = {
    E(os_name, VBW_JOB_STRING),
    E(vm_disk_controller_type, VBW_JOB_STRING),
    E(vm_disk_controller_model, VBW_JOB_STRING),
    E(vm_graphics_controller_type, VBW_JOB_STRING),
    E(vram_size_mb, VBW_JOB_DOUBLE),
    E(memory_size_mb, VBW_JOB_DOUBLE),
    E(job_duration, VBW_JOB_DOUBLE),
    E(minimum_checkpoint_interval, VBW_JOB_DOUBLE),
    E(minimum_heartbeat_interval, VBW_JOB_DOUBLE),
    E(fraction_done_filename, VBW_JOB_STRING),
    E(heartbeat_filename, VBW_JOB_STRING),
    E(completion_trigger_file, VBW_JOB_STRING),
    E(temporary_exit_trigger_file, VBW_JOB_STRING),
    E(multiattach_vdi_file, VBW_JOB_STRING),
    E(vm_network_driver, VBW_JOB_STRING),
    E(enable_cern_dataformat, VBW_JOB_BOOL),
    E(enable_network, VBW_JOB_BOOL),
    E(network_bridged_mode, VBW_JOB_BOOL),
    E(enable_nat_dns_host_resolver, VBW_JOB_BOOL),
    E(enable_shared_directory, VBW_JOB_BOOL),
    E(enable_scratch_directory, VBW_JOB_BOOL),
    E(share_slot_dir, VBW_JOB_BOOL),
    E(share_project_dir, VBW_JOB_BOOL),
    E(enable_floppyio, VBW_JOB_BOOL),
    E(enable_cache_disk, VBW_JOB_BOOL),
    E(enable_isocontextualization, VBW_JOB_BOOL),
    E(boot_iso, VBW_JOB_BOOL),
    E(enable_remotedesktop, VBW_JOB_BOOL),
    E(enable_screenshots_on_error, VBW_JOB_BOOL),
    E(enable_graphics_support, VBW_JOB_BOOL),
    E(enable_vm_savestate_usage, VBW_JOB_BOOL),
    E(disable_automatic_checkpoints, VBW_JOB_BOOL),
    E(copy_cmdline_to_shared, VBW_JOB_BOOL),
    E(pf_guest_port, VBW_JOB_INT),
    E(pf_host_port, VBW_JOB_INT),
};
const size_t vbw_job_n_elements = sizeof vbw_job_elements / sizeof vbw_job_elements[0];

static const char *node_name(xmlNodePtr node)
{
    return (const char *)node->name;
}

/* The element's text, or NULL with a warning when it holds elements. *rc is
 * set on allocation failure. */
static char *value_text(struct vbw_job_parse_ctx *ctx, xmlNodePtr node, int *rc)
{
    bool nested = false;
    char *text = vbw_job_xml_text(node, &nested);

    *rc = 0;
    if (text == NULL) {
        *rc = VBW_ERR_NOMEM;
        return NULL;
    }
    if (nested) {
        vbw_job_parse_warn(ctx, "line %ld: <%s> holds elements instead of a value; ignored",
                           vbw_job_xml_line(node), node_name(node));
        free(text);
        return NULL;
    }
    return text;
}

/* A value that is not a number keeps the previous one, as upstream, with
 * a warning. */
static void warn_not_a_number(struct vbw_job_parse_ctx *ctx, const struct vbw_job_field *f,
                              xmlNodePtr node, const char *text)
{
    long line = vbw_job_xml_line(node);

    if (f->kind == VBW_JOB_BOOL)
        vbw_job_parse_warn(
            ctx,
            "line %ld: <%s> value \"%.40s\" is not a number (use <%s/> or <%s>1</%s>); ignored",
            line, f->name, text, f->name, f->name, f->name);
    else
        vbw_job_parse_warn(ctx, "line %ld: <%s> value \"%.40s\" is not %s; ignored", line, f->name,
                           text, f->kind == VBW_JOB_INT ? "an integer" : "a number");
}

static int set_field(struct vbw_job_parse_ctx *ctx, const struct vbw_job_field *f, xmlNodePtr node)
{
    int rc;
    char *text = value_text(ctx, node, &rc);

    if (text == NULL)
        return rc;
    if (f->kind != VBW_JOB_STRING) {
        if (!vbw_job_field_set_number(f, ctx->job, text))
            warn_not_a_number(ctx, f, node, text);
        free(text);
        return 0;
    }
    if (text[0] != '\0' && vbw_job_is_guest_file_element(f->name)) {
        rc = vbw_job_check_guest_file(f->name, text, vbw_job_xml_line(node));
        if (rc < 0) {
            free(text);
            return rc;
        }
    }
    char **slot = (char **)(void *)((char *)ctx->job + f->offset);
    free(*slot);
    *slot = text; /* empty allowed: upstream's <x/> and <x></x> are "" */
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

static int add_named_file(struct vbw_job_parse_ctx *ctx, xmlNodePtr node)
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
static int add_port_forward(struct vbw_job_parse_ctx *ctx, xmlNodePtr node)
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
            vbw_job_parse_warn(ctx, "line %ld: unknown element <%s> in <port_forward> ignored",
                               vbw_job_xml_line(c), name);
        if (!ok)
            vbw_job_parse_warn(ctx, "line %ld: <%s> value \"%.40s\" is not a number; ignored",
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

int vbw_job_parse_element(struct vbw_job_parse_ctx *ctx, xmlNodePtr node)
{
    const char *name = node_name(node);
    const struct vbw_job_field *f = vbw_job_field_find(vbw_job_elements, vbw_job_n_elements, name);

    if (f != NULL)
        return set_field(ctx, f, node);
    if (strcmp(name, "copy_to_shared") == 0 || strcmp(name, "trickle_trigger_file") == 0 ||
        strcmp(name, "intermediate_upload_file") == 0)
        return add_named_file(ctx, node);
    if (strcmp(name, "port_forward") == 0)
        return add_port_forward(ctx, node);
    vbw_job_parse_warn(ctx, "line %ld: unknown element <%.64s> ignored", vbw_job_xml_line(node),
                       name);
    return 0;
}
