/*
 * vbw_vbm_parse_medium.c - `showhdinfo` / `showmediuminfo`: "Label:   value"
 * lines, where "In use by VMs:" and "Child UUIDs:" (and "Property:") go on
 * over lines indented by 16 blanks, one entry per line.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

#define OP "showmediuminfo"
#define UUID_LEN 36

enum list_section { SECTION_NONE, SECTION_IN_USE, SECTION_CHILDREN };

static int append(char ***vec, size_t *count, const char *p, size_t len)
{
    char **grown = realloc(*vec, (*count + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    *vec = grown;
    grown[*count] = vbw_vbm_dup(p, len);
    if (!grown[*count])
        return VBW_ERR_NOMEM;
    (*count)++;
    return 0;
}

/* "NAME (UUID: X) [snap (UUID: Y)]...": the VM's UUID X. The name is free
 * text, so take the first " (UUID: " that is followed by a UUID and ")". */
static bool vm_uuid_of(const char *p, size_t len, const char **uuid)
{
    static const char tag[] = " (UUID: ";
    const size_t tl = sizeof tag - 1;
    for (size_t i = 0; i + tl + UUID_LEN + 1 <= len; i++) {
        if (memcmp(p + i, tag, tl) == 0 && p[i + tl + UUID_LEN] == ')') {
            *uuid = p + i + tl;
            return true;
        }
    }
    return false;
}

static int set_field(char **slot, const char *p, size_t len)
{
    char *copy = vbw_vbm_dup(p, len);
    if (!copy)
        return VBW_ERR_NOMEM;
    free(*slot);
    *slot = copy;
    return 0;
}

/* "normal (base)", "normal (differencing)", "multiattach": the medium type
 * without the remark. */
static int set_type(char **slot, const char *v, size_t vlen)
{
    const char *paren = memchr(v, '(', vlen);
    size_t type_len = paren ? (size_t)(paren - v) : vlen;
    vbw_vbm_trim(&v, &type_len);
    return set_field(slot, v, type_len);
}

static int add_list_entry(struct vbw_hv_medium_info *out, enum list_section section,
                          const struct vbw_vbm_line *line, const char *p, size_t len)
{
    if (section == SECTION_CHILDREN)
        return append(&out->child_uuids, &out->n_child_uuids, p, len);
    const char *uuid;
    if (!vm_uuid_of(p, len, &uuid))
        return vbw_vbm_parse_error(OP, line->number, "'In use by VMs' entry without (UUID: ...)");
    return append(&out->in_use_by, &out->n_in_use_by, uuid, UUID_LEN);
}

int vbw_vbm_parse_hdinfo(const char *text, size_t len, struct vbw_hv_medium_info *out)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    int rc = 0;
    enum list_section section = SECTION_NONE;
    memset(out, 0, sizeof *out);
    vbw_vbm_lines_init(&it, text, len);
    while (rc == 0 && vbw_vbm_lines_next_content(&it, &line)) {
        if (line.len > 0 && line.text[0] == ' ') {
            /* A continuation of the list above it. */
            const char *p = line.text;
            size_t n = line.len;
            vbw_vbm_trim(&p, &n);
            if (section != SECTION_NONE && n > 0)
                rc = add_list_entry(out, section, &line, p, n);
            continue;
        }
        section = SECTION_NONE;
        if (vbw_vbm_line_field(&line, "UUID:", &v, &vlen)) {
            rc = set_field(&out->uuid, v, vlen);
        } else if (vbw_vbm_line_field(&line, "Parent UUID:", &v, &vlen)) {
            /* A base image says "base" instead of a parent. */
            if (vlen > 0 && !(vlen == 4 && memcmp(v, "base", 4) == 0))
                rc = set_field(&out->parent_uuid, v, vlen);
        } else if (vbw_vbm_line_field(&line, "Location:", &v, &vlen)) {
            rc = set_field(&out->location, v, vlen);
        } else if (vbw_vbm_line_field(&line, "Type:", &v, &vlen)) {
            rc = set_type(&out->type, v, vlen);
        } else if (vbw_vbm_line_field(&line, "In use by VMs:", &v, &vlen)) {
            section = SECTION_IN_USE;
            rc = add_list_entry(out, section, &line, v, vlen);
        } else if (vbw_vbm_line_field(&line, "Child UUIDs:", &v, &vlen)) {
            section = SECTION_CHILDREN;
            rc = add_list_entry(out, section, &line, v, vlen);
        }
    }
    if (rc == 0 && !out->uuid)
        rc = vbw_vbm_parse_error(OP, it.number, "no UUID line");
    if (rc < 0)
        vbw_hv_medium_info_clear(out);
    return rc;
}

/* `list hdds` prints each medium as showmediuminfo's first lines, without
 * the lists; a new "UUID:" line opens the next one. */
int vbw_vbm_parse_medium_list(const char *text, size_t len, struct vbw_hv_medium_list *out)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    int rc = 0;
    struct vbw_hv_medium_info *cur = NULL;
    memset(out, 0, sizeof *out);
    vbw_vbm_lines_init(&it, text, len);
    while (rc == 0 && vbw_vbm_lines_next_content(&it, &line)) {
        if (vbw_vbm_line_field(&line, "UUID:", &v, &vlen)) {
            struct vbw_hv_medium_info *grown =
                realloc(out->items, (out->count + 1) * sizeof *grown);
            if (!grown) {
                rc = vbw_error_set(VBW_ERR_NOMEM, "out of memory");
                break;
            }
            out->items = grown;
            cur = &grown[out->count++];
            memset(cur, 0, sizeof *cur);
            rc = set_field(&cur->uuid, v, vlen);
        } else if (!cur) {
            continue; /* anything before the first medium (a notice) */
        } else if (vbw_vbm_line_field(&line, "Location:", &v, &vlen)) {
            rc = set_field(&cur->location, v, vlen);
        } else if (vbw_vbm_line_field(&line, "Type:", &v, &vlen)) {
            rc = set_type(&cur->type, v, vlen);
        }
    }
    for (size_t i = 0; rc == 0 && i < out->count; i++)
        if (!out->items[i].location)
            rc = vbw_vbm_parse_error("list media", it.number, "a medium without a Location line");
    if (rc < 0)
        vbw_hv_medium_list_clear(out);
    return rc;
}
