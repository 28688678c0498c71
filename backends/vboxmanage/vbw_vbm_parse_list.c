/*
 * vbw_vbm_parse_list.c - `list vms` / `list runningvms`: one entry per VM,
 * `"NAME" {UUID}`. NAME is printed as it is, unescaped, so it may hold
 * quotes, blanks and even newlines: an entry ends only at `" {UUID}` that
 * closes a line, never at the first quote.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

/* One entry from its opening quote on: the name (group 1), possibly over
 * several lines, ends at the first `" {UUID}` (group 2) that closes a line. */
static const struct {
    const char *pattern;
} entry_rows[] = {
    {"\"(.*?)\" \\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\}"
     "(?=\\r?+(?:\\n|\\z))"},
};
static struct vbw_vbm_re entry_re = VBW_VBM_RE_TABLE("list vms", "\\G", entry_rows, "");

static int add_entry(struct vbw_hv_vm_list *out, const struct vbw_vbm_match *m)
{
    struct vbw_hv_vm_entry *grown = realloc(out->vms, (out->count + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    out->vms = grown;
    struct vbw_hv_vm_entry *e = &out->vms[out->count];
    const char *name, *uuid;
    size_t name_len, uuid_len;
    vbw_vbm_re_group(m, 1, &name, &name_len);
    vbw_vbm_re_group(m, 2, &uuid, &uuid_len);
    memset(e, 0, sizeof *e);
    e->name = vbw_vbm_dup(name, name_len);
    e->uuid = vbw_vbm_dup(uuid, uuid_len);
    if (!e->name || !e->uuid) {
        free(e->name);
        free(e->uuid);
        return VBW_ERR_NOMEM;
    }
    static const char inaccessible[] = "<inaccessible>";
    e->accessible =
        !(name_len == sizeof inaccessible - 1 && memcmp(name, inaccessible, name_len) == 0);
    out->count++;
    return 0;
}

int vbw_vbm_parse_vm_list(const char *text, size_t len, struct vbw_hv_vm_list *out)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    int rc = 0;
    memset(out, 0, sizeof *out);
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        if (line.len == 0 || line.text[0] != '"')
            continue; /* unknown extra line (e.g. a translated notice) */
        size_t start = (size_t)(line.text - it.text);
        struct vbw_vbm_match m;
        rc = vbw_vbm_re_match(&entry_re, it.text, it.len, start, &m);
        if (rc < 0)
            goto cleanup;
        if (rc == 0) {
            rc = vbw_vbm_parse_error("list vms", line.number, "no {uuid} after the VM name");
            goto cleanup;
        }
        if ((rc = add_entry(out, &m)) < 0)
            goto cleanup;
        /* Continue after the entry's own line end; a multi-line name moved
         * the line count on. */
        for (size_t k = start; k < m.end; k++)
            if (it.text[k] == '\n')
                it.number++;
        const char *nl = m.end < it.len ? memchr(it.text + m.end, '\n', it.len - m.end) : NULL;
        it.pos = nl ? (size_t)(nl - it.text) + 1 : it.len;
    }
cleanup:
    if (rc < 0)
        vbw_hv_vm_list_clear(out);
    return rc;
}
