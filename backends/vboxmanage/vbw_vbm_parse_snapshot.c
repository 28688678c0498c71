/*
 * vbw_vbm_parse_snapshot.c - `snapshot VM list --machinereadable`.
 *
 * VBoxManage walks the tree depth first and names each node by its path of
 * 1-based child numbers: SnapshotName (the root), SnapshotName-1,
 * SnapshotName-1-2, ... with SnapshotUUID<same suffix> next to it, and
 * CurrentSnapshotName/UUID/Node right after the current one. Names are
 * printed without escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

#define OP "snapshot list"

/* "" or "-1-2-3": the path suffix of a Snapshot* key. *depth gets the number
 * of components; false for anything else. */
static bool valid_suffix(const char *s, int *depth)
{
    int n = 0;
    while (*s) {
        if (s[0] != '-' || s[1] < '0' || s[1] > '9')
            return false;
        s++;
        while (*s >= '0' && *s <= '9')
            s++;
        n++;
    }
    *depth = n;
    return true;
}

static int add_snapshot(struct vbw_hv_snapshot_list *out, const char *suffix, int depth,
                        const char *name)
{
    struct vbw_hv_snapshot *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    out->items = grown;
    struct vbw_hv_snapshot *s = &out->items[out->count];
    memset(s, 0, sizeof *s);
    s->name = vbw_vbm_dup(name, strlen(name));
    /* The path drops the leading '-': "1-2" for SnapshotName-1-2. */
    s->path = vbw_vbm_dup(suffix[0] ? suffix + 1 : suffix, strlen(suffix[0] ? suffix + 1 : suffix));
    s->depth = depth;
    if (!s->name || !s->path) {
        free(s->name);
        free(s->path);
        return VBW_ERR_NOMEM;
    }
    out->count++;
    return 0;
}

static struct vbw_hv_snapshot *find_by_suffix(struct vbw_hv_snapshot_list *out, const char *suffix)
{
    const char *path = suffix[0] ? suffix + 1 : suffix;
    for (size_t i = out->count; i > 0; i--)
        if (strcmp(out->items[i - 1].path, path) == 0)
            return &out->items[i - 1];
    return NULL;
}

static bool has_no_snapshots_line(const char *text, size_t len)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line))
        if (vbw_vbm_line_field(&line, "This machine does not have any snapshots", NULL, NULL))
            return true;
    return false;
}

int vbw_vbm_parse_snapshots(const char *text, size_t len, struct vbw_hv_snapshot_list *out)
{
    struct vbw_vbm_kv_iter it;
    struct vbw_vbm_kv kv;
    int rc;
    int depth;
    memset(out, 0, sizeof *out);
    if (has_no_snapshots_line(text, len))
        return 0;
    vbw_vbm_kv_init(&it, text, len);
    while ((rc = vbw_vbm_kv_next(&it, &kv)) > 0) {
        if (strncmp(kv.key, "SnapshotName", 12) == 0 && valid_suffix(kv.key + 12, &depth)) {
            if ((rc = add_snapshot(out, kv.key + 12, depth, kv.value)) < 0)
                goto cleanup;
        } else if (strncmp(kv.key, "SnapshotUUID", 12) == 0 &&
                   valid_suffix(kv.key + 12, &depth)) {
            struct vbw_hv_snapshot *s = find_by_suffix(out, kv.key + 12);
            if (!s) {
                rc = vbw_vbm_parse_error(OP, kv.line, "SnapshotUUID without its SnapshotName");
                goto cleanup;
            }
            if (!vbw_vbm_set_str(&s->uuid, kv.value)) {
                rc = VBW_ERR_NOMEM;
                goto cleanup;
            }
        } else if (strcmp(kv.key, "CurrentSnapshotUUID") == 0) {
            if (!vbw_vbm_set_str(&out->current_uuid, kv.value)) {
                rc = VBW_ERR_NOMEM;
                goto cleanup;
            }
        } else if (strcmp(kv.key, "CurrentSnapshotName") == 0) {
            if (!vbw_vbm_set_str(&out->current_name, kv.value)) {
                rc = VBW_ERR_NOMEM;
                goto cleanup;
            }
        }
    }
    if (rc < 0)
        goto cleanup;
    if (out->count == 0) {
        rc = vbw_vbm_parse_error(OP, it.number, "neither snapshots nor 'does not have any snapshots'");
        goto cleanup;
    }
    for (size_t i = 0; i < out->count; i++) {
        if (!out->items[i].uuid) {
            rc = vbw_vbm_parse_error(OP, it.number, "a snapshot without SnapshotUUID");
            goto cleanup;
        }
    }
cleanup:
    vbw_vbm_kv_clear(&it);
    if (rc < 0)
        vbw_hv_snapshot_list_clear(out);
    return rc;
}
