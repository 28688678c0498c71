/*
 * vbw_job_init_data.c - the fields of init_data.xml the wrapper needs,
 * under the names the client writes (BOINC lib/app_ipc.cpp
 * write_init_data_file, HOST_INFO::write, GLOBAL_PREFS::write). The BOINC
 * API's APP_INIT_DATA is C++ only, so this reads the file with libxml2.
 *
 * Only the elements named below are read; everything else (project
 * preferences, proxy info, app files, ...) is skipped without a word, as
 * upstream's parser skips what it does not know.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "vbw/vbw_file.h"
#include "vbw/vbw_job.h"
#include "vbw_job_internal.h"

enum value_kind { VALUE_STRING, VALUE_DOUBLE, VALUE_INT, VALUE_BOOL };

struct init_field {
    const char *name;
    enum value_kind kind;
    size_t offset;
};

#define FIELD(n, k) {#n, k, offsetof(struct vbw_init_data, n)}

static const struct init_field top_fields[] = {
    FIELD(result_name, VALUE_STRING),      FIELD(wu_name, VALUE_STRING),
    FIELD(project_dir, VALUE_STRING),      FIELD(boinc_dir, VALUE_STRING),
    FIELD(authenticator, VALUE_STRING),    FIELD(user_name, VALUE_STRING),
    FIELD(team_name, VALUE_STRING),        FIELD(slot, VALUE_INT),
    FIELD(userid, VALUE_INT),              FIELD(hostid, VALUE_INT),
    FIELD(teamid, VALUE_INT),              FIELD(ncpus, VALUE_DOUBLE),
    FIELD(checkpoint_period, VALUE_DOUBLE), FIELD(user_total_credit, VALUE_DOUBLE),
    FIELD(user_expavg_credit, VALUE_DOUBLE), FIELD(host_total_credit, VALUE_DOUBLE),
    FIELD(host_expavg_credit, VALUE_DOUBLE), FIELD(rsc_memory_bound, VALUE_DOUBLE),
    FIELD(rsc_fpops_est, VALUE_DOUBLE),    FIELD(vm_extensions_disabled, VALUE_BOOL),
    FIELD(vbox_window, VALUE_BOOL),        FIELD(using_sandbox, VALUE_BOOL),
};

static const struct init_field host_info_fields[] = {
    FIELD(p_features, VALUE_STRING),
};

/* The prefs parser clamps (GLOBAL_PREFS::parse_override): a value outside
 * the accepted range leaves the default; see apply_pref(). */
static const struct init_field prefs_fields[] = {
    FIELD(cpu_usage_limit, VALUE_DOUBLE),
    FIELD(max_bytes_sec_down, VALUE_DOUBLE),
    FIELD(max_bytes_sec_up, VALUE_DOUBLE),
    FIELD(daily_xfer_limit_mb, VALUE_DOUBLE),
};

/* Reads one element into its field. A value that is not a number is
 * skipped, as upstream's parse_int/parse_double would. */
static int read_field(struct vbw_init_data *d, const struct init_field *f, xmlNodePtr node)
{
    char *base = (char *)d;
    bool nested = false;
    char *text = vbw_job_xml_text(node, &nested);

    if (text == NULL)
        return VBW_ERR_NOMEM;
    if (nested) {
        free(text);
        return 0;
    }
    switch (f->kind) {
    case VALUE_STRING: {
        char **slot = (char **)(void *)(base + f->offset);
        free(*slot);
        *slot = text;
        return 0;
    }
    case VALUE_DOUBLE: {
        double v;
        if (vbw_job_text_to_double(text, &v))
            *(double *)(void *)(base + f->offset) = v;
        break;
    }
    case VALUE_INT: {
        int v;
        if (vbw_job_text_to_int(text, &v))
            *(int *)(void *)(base + f->offset) = v;
        break;
    }
    case VALUE_BOOL: {
        bool v;
        if (vbw_job_text_to_bool(text, &v))
            *(bool *)(void *)(base + f->offset) = v;
        break;
    }
    }
    free(text);
    return 0;
}

static int read_children(struct vbw_init_data *d, xmlNodePtr parent,
                         const struct init_field *fields, size_t n_fields)
{
    for (xmlNodePtr c = parent->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        for (size_t i = 0; i < n_fields; i++) {
            if (strcmp((const char *)c->name, fields[i].name) == 0) {
                int rc = read_field(d, &fields[i], c);
                if (rc < 0)
                    return rc;
                break;
            }
        }
    }
    return 0;
}

/* GLOBAL_PREFS keeps its default unless the value is in range: cpu usage
 * in (0, 100], bandwidth and daily transfer not negative. */
static int read_prefs(struct vbw_init_data *d, xmlNodePtr prefs)
{
    struct vbw_init_data tmp;
    int rc;

    memset(&tmp, 0, sizeof tmp);
    tmp.cpu_usage_limit = -1.0;
    tmp.max_bytes_sec_down = tmp.max_bytes_sec_up = tmp.daily_xfer_limit_mb = -1.0;
    rc = read_children(&tmp, prefs, prefs_fields, sizeof prefs_fields / sizeof prefs_fields[0]);
    if (rc < 0)
        return rc;
    if (tmp.cpu_usage_limit > 0 && tmp.cpu_usage_limit <= 100)
        d->cpu_usage_limit = tmp.cpu_usage_limit;
    if (tmp.max_bytes_sec_down >= 0)
        d->max_bytes_sec_down = tmp.max_bytes_sec_down;
    if (tmp.max_bytes_sec_up >= 0)
        d->max_bytes_sec_up = tmp.max_bytes_sec_up;
    if (tmp.daily_xfer_limit_mb >= 0)
        d->daily_xfer_limit_mb = tmp.daily_xfer_limit_mb;
    return 0;
}

static int parse_document(struct vbw_init_data *d, xmlDocPtr doc)
{
    xmlNodePtr root = xmlDocGetRootElement(doc);
    int rc = read_children(d, root, top_fields, sizeof top_fields / sizeof top_fields[0]);

    for (xmlNodePtr c = root->children; c != NULL && rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, "host_info") == 0)
            rc = read_children(d, c, host_info_fields,
                               sizeof host_info_fields / sizeof host_info_fields[0]);
        else if (strcmp((const char *)c->name, "global_preferences") == 0)
            rc = read_prefs(d, c);
    }
    return rc;
}

int vbw_init_data_parse_file(const char *path, struct vbw_init_data *d)
{
    xmlDocPtr doc = NULL;
    char *buf = NULL;
    size_t len = 0;
    int rc;

    memset(d, 0, sizeof *d);
    d->cpu_usage_limit = 100.0; /* GLOBAL_PREFS::defaults() */
    rc = vbw_file_read_all(path, VBW_INIT_DATA_FILE_MAX, &buf, &len);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        return 0; /* standalone, as upstream when the file is absent */
    }
    if (rc < 0)
        goto cleanup;
    rc = vbw_job_xml_read(buf, len, path, "app_init_data", &doc);
    if (rc < 0)
        goto cleanup;
    rc = parse_document(d, doc);
    if (rc == 0)
        d->present = true;

cleanup:
    if (doc != NULL)
        xmlFreeDoc(doc);
    free(buf);
    if (rc < 0) {
        /* Keep the error message; leave a standalone, empty struct. */
        vbw_init_data_clear(d);
        d->cpu_usage_limit = 100.0;
    }
    return rc;
}
