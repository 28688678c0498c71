/*
 * vbw_file_guest.c - files the guest can write, in include/vbw/vbw_file.h:
 * a guest path is checked (vbw_file_relpath_is_safe), its folders walked one
 * at a time from the wrapper's own folder and held while its last component
 * is read, stat'ed or removed; no link is followed at any step. The walk is
 * written once here; each step is the platform's (vbw_file_os.h).
 */
#include "vbw/vbw_file.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_file_os.h"

static void guest_release(struct vbw_os_guest_path *g)
{
    while (g->n_held > 0)
        vbw_os_close(g->held[--g->n_held]);
    free(g->path);
    g->path = NULL;
}

/* Walks rel's folders under dir (the slot or shared/, trusted), each opened
 * as itself and refused when it is a link or not a folder; on success g
 * holds them and names the leaf (release with guest_release). */
static int guest_walk(const char *dir, const char *rel, struct vbw_os_guest_path *g)
{
    const char *p = rel;
    int rc;

    memset(g, 0, sizeof *g);
    g->dir = dir;
    g->rel = rel;
    if (!vbw_file_relpath_is_safe(rel))
        return vbw_error_set(VBW_ERR_UNSAFE, "refusing guest file name '%.200s'", rel ? rel : "");
    if ((g->path = vbw_path_join(dir, rel)) == NULL)
        return VBW_ERR_NOMEM;
    rc = vbw_os_guest_start(g);
    for (const char *slash; rc == 0 && (slash = strchr(p, '/')) != NULL; p = slash + 1)
        rc = vbw_os_guest_enter(g, p, (size_t)(slash - p), (size_t)(slash - rel));
    if (rc < 0) {
        guest_release(g);
        return rc;
    }
    g->leaf = p;
    return 0;
}

int vbw_file_read_untrusted(const char *dir, const char *rel, size_t max, char **out, size_t *len,
                            bool *truncated)
{
    struct vbw_os_guest_path g;
    vbw_os_file f;
    int rc;

    *out = NULL;
    *len = 0;
    if ((rc = guest_walk(dir, rel, &g)) < 0)
        return rc;
    if ((rc = vbw_os_guest_open(&g, &f)) == 0) {
        rc = vbw_file_read_bounded(f, rel, max, out, len, truncated);
        vbw_os_close(f);
    }
    guest_release(&g);
    return rc;
}

int vbw_file_stat_untrusted(const char *dir, const char *rel, bool *is_regular,
                            struct timespec *mtime, int64_t *size)
{
    struct vbw_os_guest_path g;
    int rc;

    if ((rc = guest_walk(dir, rel, &g)) < 0)
        return rc;
    rc = vbw_os_guest_stat(&g, is_regular, mtime, size);
    guest_release(&g);
    return rc;
}

int vbw_file_remove_untrusted(const char *dir, const char *rel)
{
    struct vbw_os_guest_path g;
    int rc;

    rc = guest_walk(dir, rel, &g);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        return 0; /* its folder is gone, so is the file */
    }
    if (rc < 0)
        return rc;
    rc = vbw_os_guest_remove(&g);
    guest_release(&g);
    return rc;
}
