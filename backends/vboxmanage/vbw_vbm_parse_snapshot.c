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
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

#define OP "snapshot list"

enum snapshot_key { SNAP_NAME, SNAP_UUID, SNAP_CURRENT_UUID, SNAP_CURRENT_NAME };

/* The keys we read; group 1 of a node's keys is its path suffix, "" for
 * the root or "-1-2-3". Other keys (CurrentSnapshotNode, descriptions) are
 * ignored. */
static const struct snapshot_row {
    const char *pattern;
    enum snapshot_key key;
} key_rows[] = {
    {"SnapshotName((?:-[0-9]++)*+)", SNAP_NAME},
    {"SnapshotUUID((?:-[0-9]++)*+)", SNAP_UUID},
    {"CurrentSnapshotUUID", SNAP_CURRENT_UUID},
    {"CurrentSnapshotName", SNAP_CURRENT_NAME},
};
static struct vbw_vbm_re key_re = VBW_VBM_RE_TABLE(OP " key", "\\G", key_rows, "\\z");

/* What every version prints (on stdout, exit 1 in some) for a VM without
 * snapshots, at the start of a line. */
static struct vbw_vbm_re none_re =
    VBW_VBM_RE_ONE(OP, "(?m)^", "This machine does not have any snapshots", "");

/* The depth of a path suffix: its number of components. */
static int suffix_depth(const char *suffix, size_t len)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++)
        depth += suffix[i] == '-';
    return depth;
}

static int add_snapshot(struct vbw_hv_snapshot_list *out, const char *suffix, size_t suffix_len,
                        const char *name)
{
    struct vbw_hv_snapshot *s = vbw_vbm_grow(&out->items, out->count, sizeof *s);
    if (!s)
        return VBW_ERR_NOMEM;
    s->name = vbw_vbm_dup(name, strlen(name));
    /* The path drops the leading '-': "1-2" for SnapshotName-1-2. */
    s->path = suffix_len ? vbw_vbm_dup(suffix + 1, suffix_len - 1) : vbw_vbm_dup("", 0);
    s->depth = suffix_depth(suffix, suffix_len);
    if (!s->name || !s->path) {
        free(s->name);
        free(s->path);
        return VBW_ERR_NOMEM;
    }
    out->count++;
    return 0;
}

static struct vbw_hv_snapshot *find_by_suffix(struct vbw_hv_snapshot_list *out, const char *suffix,
                                              size_t suffix_len)
{
    const char *path = suffix_len ? suffix + 1 : suffix;
    size_t path_len = suffix_len ? suffix_len - 1 : 0;
    for (size_t i = out->count; i > 0; i--)
        if (strlen(out->items[i - 1].path) == path_len &&
            memcmp(out->items[i - 1].path, path, path_len) == 0)
            return &out->items[i - 1];
    return NULL;
}

static int handle_pair(struct vbw_hv_snapshot_list *out, const struct vbw_vbm_kv *kv,
                       const struct vbw_vbm_match *m)
{
    const char *suffix;
    size_t suffix_len;
    switch (key_rows[m->row].key) {
    case SNAP_NAME:
        vbw_vbm_re_group(m, 1, &suffix, &suffix_len);
        return add_snapshot(out, suffix, suffix_len, kv->value);
    case SNAP_UUID: {
        vbw_vbm_re_group(m, 1, &suffix, &suffix_len);
        struct vbw_hv_snapshot *s = find_by_suffix(out, suffix, suffix_len);
        if (!s)
            return vbw_vbm_parse_error(OP, kv->line, "SnapshotUUID without its SnapshotName");
        return vbw_vbm_set_str(&s->uuid, kv->value) ? 0 : VBW_ERR_NOMEM;
    }
    case SNAP_CURRENT_UUID:
        return vbw_vbm_set_str(&out->current_uuid, kv->value) ? 0 : VBW_ERR_NOMEM;
    case SNAP_CURRENT_NAME:
        return vbw_vbm_set_str(&out->current_name, kv->value) ? 0 : VBW_ERR_NOMEM;
    }
    return 0;
}

int vbw_vbm_parse_snapshots(const char *text, size_t len, struct vbw_hv_snapshot_list *out)
{
    struct vbw_vbm_kv_iter it;
    struct vbw_vbm_kv kv;
    struct vbw_vbm_match m;
    int rc;
    memset(out, 0, sizeof *out);
    rc = vbw_vbm_re_match(&none_re, text, len, 0, &m);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    vbw_vbm_kv_init(&it, text, len);
    while ((rc = vbw_vbm_kv_next_key(&it, &key_re, &kv, &m)) > 0)
        if ((rc = handle_pair(out, &kv, &m)) < 0)
            goto cleanup;
    if (rc < 0)
        goto cleanup;
    if (out->count == 0) {
        rc = vbw_vbm_parse_error(OP, it.number,
                                 "neither snapshots nor 'does not have any snapshots'");
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
