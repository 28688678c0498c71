/*
 * vbw_cli_gc_media.c - vbw gc's media half: registered disks, DVDs and
 * floppies whose file is gone and that no VM uses. A medium sits in the
 * registry of the VM it was attached through, which goes with the VM; one
 * opened on its own (a disk created or looked at before any VM had it, a
 * BOINC project's image) sits in the global registry and outlives the slot
 * its file was in: the hypervisor then lists it as inaccessible.
 *
 * Only the registry entry is released (never a file: it is gone anyway,
 * and a medium whose file exists is never touched). One that a VM gc keeps
 * still uses stays: detaching it would change that VM.
 */
#include "vbw_cli_gc.h"

#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

static const struct {
    enum vbw_hv_medium_kind kind;
    const char *name; /* in text and JSON */
} kinds[] = {
    {VBW_MEDIUM_HDD, "disk"},
    {VBW_MEDIUM_DVD, "dvd"},
    {VBW_MEDIUM_FLOPPY, "floppy"},
};

/* Whether every VM using the medium is one gc found left behind. */
static bool used_only_by_orphans(const struct vbw_gc *gc, const struct vbw_hv_medium_info *mi)
{
    for (size_t i = 0; i < mi->n_in_use_by; i++) {
        bool orphan = false;
        for (size_t k = 0; k < gc->n_orphan_vms && !orphan; k++)
            orphan = strcmp(mi->in_use_by[i], gc->orphan_vms[k]) == 0;
        if (!orphan)
            return false;
    }
    return true;
}

static void print_medium(struct vbw_gc *gc, const char *kind, const struct vbw_hv_medium_info *m,
                         const char *verdict, const char *why)
{
    struct vbw_cli *cli = gc->cli;
    if (gc->j) {
        vbw_json_object_begin(gc->j);
        vbw_json_kv_string(gc->j, "kind", kind);
        vbw_json_kv_string(gc->j, "uuid", m->uuid);
        vbw_json_kv_string(gc->j, "location", m->location);
        vbw_json_kv_string(gc->j, "verdict", verdict);
        vbw_json_object_end(gc->j);
        return;
    }
    char *location = vbw_gc_printable(m->location);
    if (!location)
        return;
    if (!strcmp(verdict, "orphan"))
        fprintf(cli->out, "%s %s: %s: would release (run with --yes)\n", kind, location, why);
    else if (!strcmp(verdict, "removed"))
        fprintf(cli->out, "%s %s: %s: released\n", kind, location, why);
    else if (!strcmp(verdict, "remove-failed"))
        fprintf(cli->out, "%s %s: %s: not released\n", kind, location, why);
    else if (cli->verbose && strcmp(verdict, "error") != 0)
        fprintf(cli->out, "%s %s: kept (%s)\n", kind, location, verdict + 5);
    free(location);
}

/* One inaccessible medium: asked for its users, judged, released under
 * --yes. A medium that is gone by the time it is asked for went with a VM
 * removed just before. */
static void gc_medium(struct vbw_gc *gc, enum vbw_hv_medium_kind kind, const char *kind_name,
                      const struct vbw_hv_medium_info *listed)
{
    struct vbw_hv_medium_info mi = {0};
    const char *verdict, *why = NULL;
    int rc = gc->hv->ops->medium_info(gc->hv, kind, listed->uuid, &mi);
    if (rc == VBW_ERR_NOT_FOUND) {
        vbw_error_clear();
        vbw_hv_medium_info_clear(&mi);
        return;
    }
    if (rc < 0) {
        gc->code = vbw_cli_report_error(gc->cli, listed->location);
        verdict = "error";
    } else if (!vbw_gc_path_gone(listed->location)) {
        verdict = "kept-file-exists"; /* unreadable, locked: not ours to judge */
    } else if (!used_only_by_orphans(gc, &mi)) {
        verdict = "kept-in-use";
    } else {
        verdict = "orphan";
        why = mi.n_in_use_by ? "file is gone, used only by VMs gc removes"
                             : "file is gone, used by no VM";
        gc->n_orphan_media++;
        if (gc->remove) {
            rc = gc->hv->ops->medium_close(gc->hv, kind, listed->uuid, false);
            if (rc == VBW_ERR_NOT_FOUND) /* went with its VM */
                vbw_error_clear();
            if (rc < 0 && rc != VBW_ERR_NOT_FOUND) {
                gc->code = vbw_cli_report_error(gc->cli, listed->location);
                verdict = "remove-failed";
            } else {
                verdict = "removed";
            }
        }
    }
    print_medium(gc, kind_name, listed, verdict, why);
    vbw_hv_medium_info_clear(&mi);
}

void vbw_gc_media(struct vbw_gc *gc)
{
    if (!gc->hv->ops->medium_list || !gc->hv->ops->medium_info || !gc->hv->ops->medium_close)
        return;
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        struct vbw_hv_medium_list list = {0};
        if (gc->hv->ops->medium_list(gc->hv, kinds[k].kind, &list) < 0) {
            gc->code = vbw_cli_report_error(gc->cli, "gc");
            continue;
        }
        /* A differencing disk before its parent: VirtualBox releases no
         * parent that still has children. */
        for (int children = 1; children >= 0; children--)
            for (size_t i = 0; i < list.count; i++)
                if (list.items[i].inaccessible && (list.items[i].parent_uuid != NULL) == children)
                    gc_medium(gc, kinds[k].kind, kinds[k].name, &list.items[i]);
        vbw_hv_medium_list_clear(&list);
    }
}
