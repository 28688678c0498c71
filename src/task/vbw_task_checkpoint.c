/*
 * vbw_task_checkpoint.c - VM snapshots and vbox_checkpoint.xml.
 * A checkpoint is: pause, `snapshot take boinc_<elapsed>`, resume, delete
 * the older boinc_* snapshots, then write the checkpoint file atomically.
 * The file is written only after the snapshot exists, so a kill between the
 * two leaves the previous (still restorable) state.
 */
#include "vbw_task_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

#define CHECKPOINT_FILE "vbox_checkpoint.xml"

/* The number after <tag>, or 0 when absent or not a number. */
static double xml_number(const char *text, const char *tag)
{
    char open[64];
    snprintf(open, sizeof open, "<%s>", tag);
    const char *p = strstr(text, open);
    if (!p)
        return 0;
    char *end = NULL;
    double v = strtod(p + strlen(open), &end);
    return end == p + strlen(open) ? 0 : v;
}

/* A time the file may carry: finite, not negative, below a century (a
 * guest with <share_slot_dir> can write the file; nan would never reach
 * job_duration, 1e300 overflows every conversion). */
static double checked_seconds(double v, const char *what, bool *rejected)
{
    if (isfinite(v) && v >= 0 && v <= VBW_CHECKPOINT_MAX_SECONDS)
        return v;
    vbw_log_warn("WARNING: %s: %s %g is out of range; using 0", CHECKPOINT_FILE, what, v);
    *rejected = true;
    return 0;
}

static int checked_port(double v, const char *what, bool *rejected)
{
    if (v == 0 || (v >= 1 && v <= 65535 && v == (double)(int)v))
        return (int)v;
    vbw_log_warn("WARNING: %s: %s %g is not a port; choosing again", CHECKPOINT_FILE, what, v);
    *rejected = true;
    return 0;
}

bool vbw_task_checkpoint_parse(const char *text, struct vbw_task_checkpoint_values *out)
{
    bool rejected = false;
    out->elapsed = checked_seconds(xml_number(text, "elapsed_time"), "elapsed_time", &rejected);
    out->cpu_time = checked_seconds(xml_number(text, "cpu_time"), "cpu_time", &rejected);
    out->webapi_port = checked_port(xml_number(text, "webapi_port"), "webapi_port", &rejected);
    out->rd_port =
        checked_port(xml_number(text, "remote_desktop_port"), "remote_desktop_port", &rejected);
    return !rejected;
}

int vbw_task_checkpoint_read(struct vbw_task *t)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, CHECKPOINT_FILE);
    char *text = NULL;
    size_t len = 0;
    int rc = vbw_file_read_all(path, 64 * 1024, &text, &len);
    if (rc < 0)
        return rc; /* first run: zeros */
    struct vbw_task_checkpoint_values v;
    vbw_task_checkpoint_parse(text, &v);
    free(text);
    t->last_ckpt_elapsed = v.elapsed;
    t->starting_cpu = v.cpu_time;
    t->webapi_port = v.webapi_port;
    t->rd_port = v.rd_port;
    vbw_task_event(t, "checkpoint read: elapsed %.0f s, cpu %.0f s", t->last_ckpt_elapsed,
                   t->starting_cpu);
    return 0;
}

int vbw_task_checkpoint_write(struct vbw_task *t)
{
    char path[4200];
    struct vbw_buf body = {0};
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, CHECKPOINT_FILE);
    /* A growing buffer: a double has up to 300-odd digits in %f. */
    int rc = vbw_buf_printf(&body,
                            "<vbox_checkpoint>\n"
                            "    <elapsed_time>%f</elapsed_time>\n"
                            "    <cpu_time>%f</cpu_time>\n"
                            "    <webapi_port>%d</webapi_port>\n"
                            "    <remote_desktop_port>%d</remote_desktop_port>\n"
                            "</vbox_checkpoint>\n",
                            t->elapsed, t->cpu_time, t->webapi_port, t->rd_port);
    if (rc == 0)
        rc = vbw_file_write_atomic(path, body.data, body.len);
    if (rc < 0)
        vbw_log_warn("WARNING: cannot write %s: %s", CHECKPOINT_FILE, vbw_error_last()->message);
    vbw_buf_clear(&body);
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
    /* Upstream's name, boinc_<whole seconds elapsed>. A checkpoint's elapsed
     * time may be up to VBW_CHECKPOINT_MAX_SECONDS, past INT_MAX: converted
     * into a wider integer, and only when it fits. */
    double whole = floor(t->elapsed);
    long long seconds = whole >= 0 && whole < 1e18 ? (long long)whole : 0;
    char name[64];
    snprintf(name, sizeof name, "boinc_%lld", seconds);
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
