/*
 * vbw_task_checkpoint.c - VM snapshots and vbox_checkpoint.xml.
 * A checkpoint is: pause, `snapshot take boinc_<elapsed>`, resume, delete
 * the older boinc_* snapshots, then write the checkpoint file atomically.
 * The file is written only after the snapshot exists, so a kill between the
 * two leaves the previous (still restorable) state.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

#define CHECKPOINT_FILE "vbox_checkpoint.xml"

static double xml_number(const char *text, const char *tag)
{
    char open[64];
    snprintf(open, sizeof open, "<%s>", tag);
    const char *p = strstr(text, open);
    return p ? strtod(p + strlen(open), NULL) : 0;
}

int vbw_task_checkpoint_read(struct vbw_task *t)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, CHECKPOINT_FILE);
    char *text = NULL;
    size_t len = 0;
    int rc = vbw_file_read_all(path, 64 * 1024, &text, &len);
    if (rc < 0)
        return rc;  /* first run: zeros */
    t->last_ckpt_elapsed = xml_number(text, "elapsed_time");
    t->starting_cpu = xml_number(text, "cpu_time");
    t->webapi_port = (int)xml_number(text, "webapi_port");
    t->rd_port = (int)xml_number(text, "remote_desktop_port");
    if (t->last_ckpt_elapsed < 0)
        t->last_ckpt_elapsed = 0;
    if (t->starting_cpu < 0)
        t->starting_cpu = 0;
    free(text);
    vbw_task_event(t, "checkpoint read: elapsed %.0f s, cpu %.0f s", t->last_ckpt_elapsed,
                   t->starting_cpu);
    return 0;
}

int vbw_task_checkpoint_write(struct vbw_task *t)
{
    char path[4200], body[512];
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, CHECKPOINT_FILE);
    int n = snprintf(body, sizeof body,
                     "<vbox_checkpoint>\n"
                     "    <elapsed_time>%f</elapsed_time>\n"
                     "    <cpu_time>%f</cpu_time>\n"
                     "    <webapi_port>%d</webapi_port>\n"
                     "    <remote_desktop_port>%d</remote_desktop_port>\n"
                     "</vbox_checkpoint>\n",
                     t->elapsed, t->cpu_time, t->webapi_port, t->rd_port);
    int rc = vbw_file_write_atomic(path, body, (size_t)n);
    if (rc < 0)
        vbw_log_warn("WARNING: cannot write %s: %s", CHECKPOINT_FILE, vbw_error_last()->message);
    return rc;
}

static void delete_stale(struct vbw_task *t, const char *keep)
{
    struct vbw_hv_snapshot_list list;
    memset(&list, 0, sizeof list);
    if (t->hv->ops->snapshot_list(t->hv, t->vm_name, &list) < 0)
        return;
    for (size_t i = 0; i < list.count; i++) {
        const char *name = list.items[i].name;
        if (!name || !vbw_str_starts_with(name, "boinc_") || strcmp(name, keep) == 0)
            continue;
        vbw_log_info("Deleting stale snapshot.");
        const char *id = list.items[i].uuid ? list.items[i].uuid : name;
        if (t->hv->ops->snapshot_delete(t->hv, t->vm_name, id, NULL, NULL) < 0)
            vbw_log_warn("WARNING: could not delete snapshot %s: %s", name,
                         vbw_error_last()->message);
    }
    vbw_hv_snapshot_list_clear(&list);
}

/* With <disable_automatic_checkpoints/> a checkpoint is only reported:
 * upstream's create_snapshot() and restore_snapshot() return success at once
 * (vbox_vboxmanage.cpp), so no snapshot is taken at a checkpoint, on quit or
 * on a temporary exit, and none is restored on a restart. */
int vbw_task_snapshot(struct vbw_task *t)
{
    if (t->cfg->job->disable_automatic_checkpoints)
        return 0;
    char name[64];
    snprintf(name, sizeof name, "boinc_%d", (int)t->elapsed);
    vbw_log_info("Creating new snapshot for VM.");
    vbw_task_event(t, "snapshot %s", name);
    /* Pause first so VirtualBox takes an online (not live) snapshot. */
    bool paused_here = false;
    if (t->online && !t->paused_by_us && t->hv->ops->vm_pause(t->hv, t->vm_name) == 0)
        paused_here = true;
    int rc = t->hv->ops->snapshot_take(t->hv, t->vm_name, name, false, NULL, NULL);
    if (rc < 0) {
        int keep = rc;
        char msg[VBW_ERROR_MESSAGE_MAX];
        snprintf(msg, sizeof msg, "%s", vbw_error_last()->message);
        if (paused_here)
            t->hv->ops->vm_resume(t->hv, t->vm_name);
        return vbw_error_set(keep, "%s", msg);
    }
    if (paused_here && t->hv->ops->vm_resume(t->hv, t->vm_name) < 0)
        vbw_log_warn("WARNING: resume after snapshot failed: %s", vbw_error_last()->message);
    delete_stale(t, name);
    vbw_log_info("Checkpoint completed.");
    return 0;
}

int vbw_task_restore(struct vbw_task *t)
{
    if (t->cfg->job->disable_automatic_checkpoints)
        return 0;
    vbw_log_info("Restore from previously saved snapshot.");
    vbw_task_event(t, "restoring the current snapshot");
    int rc = t->hv->ops->snapshot_restore_current(t->hv, t->vm_name, NULL, NULL);
    if (rc < 0)
        return rc;
    vbw_log_info("Restore completed.");
    return 0;
}
