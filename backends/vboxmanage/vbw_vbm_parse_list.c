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
#include "vbw_vbm_text.h"

#define UUID_LEN 36

static bool is_uuid(const char *p, size_t len)
{
    if (len != UUID_LEN)
        return false;
    for (size_t i = 0; i < UUID_LEN; i++) {
        char c = p[i];
        bool dash_pos = i == 8 || i == 13 || i == 18 || i == 23;
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash_pos ? c != '-' : !hex)
            return false;
    }
    return true;
}

/* Index of the `"` that starts `" {UUID}` + line end, searching from `from`;
 * len when there is none. */
static size_t find_entry_end(const char *text, size_t len, size_t from)
{
    for (size_t q = from; q + 3 + UUID_LEN + 1 <= len; q++) {
        if (text[q] != '"' || text[q + 1] != ' ' || text[q + 2] != '{')
            continue;
        size_t close = q + 3 + UUID_LEN;
        if (text[close] != '}' || !is_uuid(text + q + 3, UUID_LEN))
            continue;
        size_t after = close + 1;
        if (after == len || text[after] == '\n' ||
            (text[after] == '\r' && (after + 1 == len || text[after + 1] == '\n')))
            return q;
    }
    return len;
}

static int add_entry(struct vbw_hv_vm_list *out, const char *name, size_t name_len,
                     const char *uuid)
{
    struct vbw_hv_vm_entry *grown = realloc(out->vms, (out->count + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    out->vms = grown;
    struct vbw_hv_vm_entry *e = &out->vms[out->count];
    memset(e, 0, sizeof *e);
    e->name = vbw_vbm_dup(name, name_len);
    e->uuid = vbw_vbm_dup(uuid, UUID_LEN);
    if (!e->name || !e->uuid) {
        free(e->name);
        free(e->uuid);
        return VBW_ERR_NOMEM;
    }
    static const char inaccessible[] = "<inaccessible>";
    e->accessible = !(name_len == sizeof inaccessible - 1 &&
                      memcmp(name, inaccessible, name_len) == 0);
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
        size_t q = find_entry_end(it.text, it.len, start + 1);
        if (q == it.len) {
            rc = vbw_vbm_parse_error("list vms", line.number, "no {uuid} after the VM name");
            goto cleanup;
        }
        rc = add_entry(out, it.text + start + 1, q - start - 1, it.text + q + 3);
        if (rc < 0)
            goto cleanup;
        /* Continue after the entry's own line end; a multi-line name moved
         * the line count on. */
        for (size_t k = start; k < q; k++)
            if (it.text[k] == '\n')
                it.number++;
        size_t after = q + 3 + UUID_LEN + 1;
        const char *nl = after < it.len ? memchr(it.text + after, '\n', it.len - after) : NULL;
        it.pos = nl ? (size_t)(nl - it.text) + 1 : it.len;
    }
cleanup:
    if (rc < 0)
        vbw_hv_vm_list_clear(out);
    return rc;
}
