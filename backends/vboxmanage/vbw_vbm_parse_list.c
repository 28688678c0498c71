/*
 * vbw_vbm_parse_list.c - `list vms` / `list runningvms`: one entry per VM,
 * `"NAME" {UUID}`. NAME is printed as it is, unescaped, so it may hold
 * quotes, blanks and even newlines: an entry ends only at `" {UUID}` that
 * closes a line, never at the first quote.
 *
 * `list vms --long`: every VM as a block of "Label: value" lines. Only the
 * inaccessible ones are taken from it: their block is short -- Name
 * "<inaccessible!>", UUID, Config file (7.x: Encryption), "Access error
 * details:", a blank line; the error itself goes to stderr (recorded from
 * VirtualBox 7.2.22: fixtures/7.2.22/list-vms-long-inaccessible.txt).
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

/* One entry from its opening quote on: the name (group 1), possibly over
 * several lines, ends at the first `" {UUID}` (group 2) that closes a line. */
static struct vbw_vbm_re entry_re = VBW_VBM_RE_ONE(
    "list vms", "\\G",
    "\"(.*?)\" \\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\}"
    "(?=\\r?+(?:\\n|\\z))",
    "");

static int add_entry(struct vbw_hv_vm_list *out, const struct vbw_vbm_match *m)
{
    struct vbw_hv_vm_entry *e = vbw_vbm_grow(&out->vms, out->count, sizeof *e);
    if (!e)
        return VBW_ERR_NOMEM;
    const char *name, *uuid;
    size_t name_len, uuid_len;
    vbw_vbm_re_group(m, 1, &name, &name_len);
    vbw_vbm_re_group(m, 2, &uuid, &uuid_len);
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

enum long_line {
    LONG_BLANK, /* ends a block */
    LONG_INACCESSIBLE,
    LONG_NAME,
    LONG_UUID,
    LONG_CONFIG,
    LONG_ACCESS_ERROR
};
static const struct long_row {
    const char *pattern;
    enum long_line kind;
} long_rows[] = {
    {"[ \\t\\r]*+\\z", LONG_BLANK},
    {"Name:[ \\t]++<inaccessible!>[ \\t\\r]*+\\z", LONG_INACCESSIBLE},
    {"Name:", LONG_NAME}, /* an accessible VM's block (or a line inside one) */
    {"UUID:[ \\t]++([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
     "[ \\t\\r]*+\\z",
     LONG_UUID},
    {"Config file:" VBW_VBM_FIELD_VALUE, LONG_CONFIG},
    {"Access error details:", LONG_ACCESS_ERROR},
};
static struct vbw_vbm_re long_re = VBW_VBM_RE_TABLE("list vms --long", "\\G", long_rows, "");

/* The block being read: an inaccessible VM's, until a blank line or the
 * next "Name:". It counts only with its "Access error details:" line, so
 * an accessible VM that someone named "<inaccessible!>" is not taken. */
struct long_block {
    bool open, access_error;
    struct vbw_hv_inaccessible_vm vm;
};

static int close_block(struct long_block *blk, struct vbw_hv_inaccessible_vm_list *out)
{
    int rc = 0;
    if (blk->open && blk->access_error && blk->vm.uuid) {
        struct vbw_hv_inaccessible_vm *vm = vbw_vbm_grow(&out->items, out->count, sizeof *vm);
        if (!vm) {
            rc = VBW_ERR_NOMEM;
        } else {
            *vm = blk->vm;
            out->count++;
            memset(&blk->vm, 0, sizeof blk->vm);
        }
    }
    free(blk->vm.uuid);
    free(blk->vm.settings_file);
    memset(blk, 0, sizeof *blk);
    return rc;
}

static int set_once(char **slot, const char *p, size_t len)
{
    if (*slot)
        return 0;
    *slot = vbw_vbm_dup(p, len);
    return *slot ? 0 : VBW_ERR_NOMEM;
}

int vbw_vbm_parse_vm_list_inaccessible(const char *text, size_t len,
                                       struct vbw_hv_inaccessible_vm_list *out)
{
    struct vbw_vbm_scan s;
    struct long_block blk = {0};
    int rc = 0;
    memset(out, 0, sizeof *out);
    vbw_vbm_scan_init(&s, &long_re, text, len);
    while (rc == 0 && (rc = vbw_vbm_scan_next(&s)) > 0) {
        enum long_line kind = long_rows[s.m.row].kind;
        rc = 0;
        if (kind == LONG_BLANK || kind == LONG_INACCESSIBLE || kind == LONG_NAME) {
            rc = close_block(&blk, out);
            blk.open = kind == LONG_INACCESSIBLE;
        } else if (!blk.open) {
            continue;
        } else if (kind == LONG_UUID) {
            rc = set_once(&blk.vm.uuid, s.value, s.value_len);
        } else if (kind == LONG_CONFIG && s.value_len > 0) {
            rc = set_once(&blk.vm.settings_file, s.value, s.value_len);
        } else if (kind == LONG_ACCESS_ERROR) {
            blk.access_error = true;
        }
    }
    if (rc == 0)
        rc = close_block(&blk, out);
    blk.access_error = false; /* after a failure: only freed */
    close_block(&blk, out);
    if (rc < 0)
        vbw_hv_inaccessible_vm_list_clear(out);
    return rc;
}
