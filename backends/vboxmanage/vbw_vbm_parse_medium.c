/*
 * vbw_vbm_parse_medium.c - `showhdinfo` / `showmediuminfo`: "Label:   value"
 * lines, where "In use by VMs:" and "Child UUIDs:" (and "Property:") go on
 * over lines indented by 16 blanks, one entry per line.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

#define OP "showmediuminfo"
/* showmediuminfo's lines (list hdds prints the first of them per medium).
 * Group 1: the value. */
enum medium_line {
    MEDIUM_MORE, /* indented: the next entry of the list above */
    MEDIUM_UUID,
    MEDIUM_PARENT, /* "base" for a base image */
    MEDIUM_STATE,  /* "created", "inaccessible", "locked read", ... */
    MEDIUM_LOCATION,
    MEDIUM_TYPE,     /* "normal (base)", "multiattach": without the remark */
    MEDIUM_IN_USE,   /* "In use by VMs:", first entry */
    MEDIUM_CHILDREN, /* "Child UUIDs:", first entry */
    MEDIUM_OTHER,    /* any other line: ends a list */
};
static const struct medium_row {
    const char *pattern;
    enum medium_line kind;
} medium_rows[] = {
    {"(?= )" VBW_VBM_FIELD_VALUE, MEDIUM_MORE},
    {"UUID:" VBW_VBM_FIELD_VALUE, MEDIUM_UUID},
    {"Parent UUID:" VBW_VBM_FIELD_VALUE, MEDIUM_PARENT},
    {"State:" VBW_VBM_FIELD_VALUE, MEDIUM_STATE},
    {"Location:" VBW_VBM_FIELD_VALUE, MEDIUM_LOCATION},
    {"Type:[ \\t\\r]*+((?:[^(]*[^( \\t\\r])?)", MEDIUM_TYPE},
    {"In use by VMs:" VBW_VBM_FIELD_VALUE, MEDIUM_IN_USE},
    {"Child UUIDs:" VBW_VBM_FIELD_VALUE, MEDIUM_CHILDREN},
    {"", MEDIUM_OTHER},
};
static struct vbw_vbm_re medium_re = VBW_VBM_RE_TABLE(OP, "\\G", medium_rows, "");

/* An "In use by VMs" entry, "NAME (UUID: X) [snap (UUID: Y)]...": the VM's
 * UUID X (group 1). The name is free text, so the first " (UUID: " followed
 * by 36 characters and ")". */
static struct vbw_vbm_re vm_uuid_re = VBW_VBM_RE_ONE(OP, "", " \\(UUID: (.{36})\\)", "");

enum list_section { SECTION_NONE, SECTION_IN_USE, SECTION_CHILDREN };

static int append(char ***vec, size_t *count, const char *p, size_t len)
{
    char **entry = vbw_vbm_grow(vec, *count, sizeof *entry);
    if (!entry || !(*entry = vbw_vbm_dup(p, len)))
        return VBW_ERR_NOMEM;
    (*count)++;
    return 0;
}

/* The lines showmediuminfo and list hdds both print: 0, or VBW_ERR_NOMEM;
 * any other line is left alone. */
static int set_medium_field(struct vbw_hv_medium_info *out, enum medium_line kind, const char *v,
                            size_t vlen)
{
    static const char inaccessible[] = "inaccessible";
    char **slot = NULL;
    switch (kind) {
    case MEDIUM_UUID:
        slot = &out->uuid;
        break;
    case MEDIUM_PARENT:
        /* "base" means no parent. */
        if (vlen == 0 || (vlen == 4 && memcmp(v, "base", 4) == 0))
            return 0;
        slot = &out->parent_uuid;
        break;
    case MEDIUM_STATE:
        /* Only "inaccessible" matters here (the file cannot be opened: gone,
         * unreadable); the other states are VirtualBox's own bookkeeping. */
        out->inaccessible = vlen == sizeof inaccessible - 1 &&
                            memcmp(v, inaccessible, sizeof inaccessible - 1) == 0;
        return 0;
    case MEDIUM_LOCATION:
        slot = &out->location;
        break;
    case MEDIUM_TYPE:
        slot = &out->type;
        break;
    case MEDIUM_MORE:
    case MEDIUM_IN_USE:
    case MEDIUM_CHILDREN:
    case MEDIUM_OTHER:
        return 0;
    }
    return vbw_vbm_set_value(slot, v, vlen) ? 0 : VBW_ERR_NOMEM;
}

static int add_list_entry(struct vbw_hv_medium_info *out, enum list_section section,
                          const struct vbw_vbm_line *line, const char *p, size_t len)
{
    if (section == SECTION_CHILDREN)
        return append(&out->child_uuids, &out->n_child_uuids, p, len);
    struct vbw_vbm_match m;
    const char *uuid;
    size_t uuid_len;
    int rc = vbw_vbm_re_match(&vm_uuid_re, p, len, 0, &m);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vbw_vbm_parse_error(OP, line->number, "'In use by VMs' entry without (UUID: ...)");
    vbw_vbm_re_group(&m, 1, &uuid, &uuid_len);
    return append(&out->in_use_by, &out->n_in_use_by, uuid, uuid_len);
}

int vbw_vbm_parse_hdinfo(const char *text, size_t len, struct vbw_hv_medium_info *out)
{
    struct vbw_vbm_scan s;
    int rc = 0;
    enum list_section section = SECTION_NONE;
    memset(out, 0, sizeof *out);
    vbw_vbm_scan_init(&s, &medium_re, text, len);
    while (rc == 0 && (rc = vbw_vbm_scan_next(&s)) > 0) {
        enum medium_line kind = medium_rows[s.m.row].kind;
        rc = 0;
        if (kind == MEDIUM_MORE) {
            if (section != SECTION_NONE && s.value_len > 0)
                rc = add_list_entry(out, section, &s.line, s.value, s.value_len);
            continue;
        }
        section = kind == MEDIUM_IN_USE     ? SECTION_IN_USE
                  : kind == MEDIUM_CHILDREN ? SECTION_CHILDREN
                                            : SECTION_NONE;
        if (section != SECTION_NONE)
            rc = add_list_entry(out, section, &s.line, s.value, s.value_len);
        else
            rc = set_medium_field(out, kind, s.value, s.value_len);
    }
    if (rc == 0 && !out->uuid)
        rc = vbw_vbm_parse_error(OP, s.lines.number, "no UUID line");
    if (rc < 0)
        vbw_hv_medium_info_clear(out);
    return rc;
}

/* `list hdds` prints each medium as showmediuminfo's first lines, without
 * the lists; a new "UUID:" line opens the next one. ("Parent UUID:" is a
 * row of its own, so it never opens one.) */
int vbw_vbm_parse_medium_list(const char *text, size_t len, struct vbw_hv_medium_list *out)
{
    struct vbw_vbm_scan s;
    int rc = 0;
    struct vbw_hv_medium_info *cur = NULL;
    memset(out, 0, sizeof *out);
    vbw_vbm_scan_init(&s, &medium_re, text, len);
    while (rc == 0 && (rc = vbw_vbm_scan_next(&s)) > 0) {
        enum medium_line kind = medium_rows[s.m.row].kind;
        if (kind == MEDIUM_UUID) {
            if (!(cur = vbw_vbm_grow(&out->items, out->count, sizeof *cur))) {
                rc = VBW_ERR_NOMEM;
                break;
            }
            out->count++;
        }
        /* Anything before the first medium (a notice) is passed over. */
        rc = cur ? set_medium_field(cur, kind, s.value, s.value_len) : 0;
    }
    for (size_t i = 0; rc == 0 && i < out->count; i++)
        if (!out->items[i].location)
            rc = vbw_vbm_parse_error("list media", s.lines.number,
                                     "a medium without a Location line");
    if (rc < 0)
        vbw_hv_medium_list_clear(out);
    return rc;
}
