/*
 * vbw_task_triggers.c - files the guest writes into shared/: completion and
 * temporary-exit triggers, trickle triggers, the fraction-done file, the
 * heartbeat. All of them are hostile input: read bounded, never through a
 * symlink, never blocking on a FIFO (vbw_file_read_untrusted), and messages
 * are cleaned before they reach the client.
 * What the files mean (numbers, exit codes, messages) is parsed by the pure
 * functions of vbw_task_guestparse.c, which the fuzzer drives directly.
 */
#include "vbw_task_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

#define TRIGGER_MAX (64u * 1024u)

/* Anything by that name counts for the completion trigger (as upstream's
 * boinc_file_exists). The triggers we must remove after acting on them
 * count only as regular files: a directory by that name could never be
 * removed and would act again on every check and every restart. */
static bool trigger_present_as(struct vbw_task *t, const char *name, bool regular_only)
{
    if (!t->shared_dir[0] || !name || !name[0])
        return false;
    bool regular = false;
    struct timespec mt;
    int64_t size;
    if (vbw_file_stat_untrusted(t->shared_dir, name, &regular, &mt, &size) < 0)
        return false;
    return regular || !regular_only;
}

static bool trigger_present(struct vbw_task *t, const char *name)
{
    return trigger_present_as(t, name, true);
}

static void read_trigger(struct vbw_task *t, const char *name, long *number, bool *notice,
                         char *msg, size_t msg_size)
{
    *number = 0;
    *notice = false;
    msg[0] = '\0';
    char *text = NULL;
    size_t len = 0;
    bool truncated = false;
    if (vbw_file_read_untrusted(t->shared_dir, name, TRIGGER_MAX, &text, &len, &truncated) < 0) {
        vbw_log_warn("WARNING: cannot read %s: %s", name, vbw_error_last()->message);
        return;
    }
    vbw_task_parse_trigger(text, number, notice, msg, msg_size);
    free(text);
}

int vbw_task_check_triggers(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    char msg[1024];
    long number;
    bool notice;
    if (trigger_present_as(t, job->completion_trigger_file, false)) {
        vbw_log_info("VM Completion File Detected.");
        vbw_task_event(t, "guest: completion file");
        read_trigger(t, job->completion_trigger_file, &number, &notice, msg, sizeof msg);
        if (msg[0])
            vbw_log_info("VM Completion Message: %s.", msg);
        vbw_task_cleanup(t);
        /* Upstream passes the message only with the notice flag. */
        return vbw_task_finish(t, (int)number, notice, "%s", notice ? msg : "");
    }
    if (trigger_present(t, job->temporary_exit_trigger_file)) {
        vbw_log_info("VM Temporary Exit File Detected.");
        vbw_task_event(t, "guest: temporary-exit file");
        read_trigger(t, job->temporary_exit_trigger_file, &number, &notice, msg, sizeof msg);
        if (msg[0])
            vbw_log_info("VM Temporary Exit Message: %s.", msg);
        vbw_file_remove_untrusted(t->shared_dir, job->temporary_exit_trigger_file);
        if (number <= 0 || number > 7 * 86400)
            number = VBW_TASK_LONG_DELAY;
        if (vbw_task_snapshot(t) == 0) {
            vbw_task_checkpoint_write(t);
            t->client->ops->checkpoint_completed(t->client);
        }
        return vbw_task_restart_later(t, (int)number, notice, "%s", notice ? msg : "");
    }
    return 0;
}

/* Three stale checks in a row (upstream's back-to-back count) before giving
 * up: guest and host clocks drift, and a suspend stops the guest. */
int vbw_task_check_heartbeat(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    if (!job->heartbeat_filename || !job->heartbeat_filename[0] || !t->shared_dir[0])
        return 0;
    double interval = job->minimum_heartbeat_interval > 0 ? job->minimum_heartbeat_interval : 600;
    if (t->elapsed < t->heartbeat_last_check + interval / 3)
        return 0;
    t->heartbeat_last_check = t->elapsed;
    bool regular = false;
    struct timespec mt;
    int64_t size;
    const char *why = NULL;
    if (vbw_file_stat_untrusted(t->shared_dir, job->heartbeat_filename, &regular, &mt, &size) < 0) {
        vbw_log_info("VM Heartbeat file specified, but missing.");
        why = "heartbeat file missing";
    } else if (t->heartbeat_initial || mt.tv_sec != t->heartbeat_mtime.tv_sec ||
               mt.tv_nsec != t->heartbeat_mtime.tv_nsec) {
        /* Any change counts (not only forward): robust to clock jumps. */
        t->heartbeat_initial = false;
        t->heartbeat_mtime = mt;
        t->heartbeat_stale = 0;
    } else if (++t->heartbeat_stale >= 3) {
        vbw_log_info("VM Heartbeat file specified, but missing heartbeat.");
        why = "no heartbeat from the guest";
    }
    if (!why)
        return 0;
    vbw_task_screenshot(t);
    vbw_task_dump_logs(t, NULL);
    vbw_task_cleanup(t);
    /* Upstream: ERR_FILE_MISSING or ERR_TIMEOUT (BOINC lib/error_numbers.h). */
    return vbw_task_finish(t,
                           strstr(why, "missing heartbeat") || strstr(why, "no heartbeat")
                               ? VBW_EXIT_ERR_TIMEOUT
                               : VBW_EXIT_ERR_FILE_MISSING,
                           false, "%s", why);
}

/* One trickle per file, each sent exactly once: the client has a single
 * mailbox, so while it holds an untaken trickle the files wait for a later
 * check; a file is removed only once its trickle was taken (or it cannot
 * be read at all). */
void vbw_task_check_trickles(struct vbw_task *t)
{
    const struct vbw_job *job = t->cfg->job;
    for (size_t i = 0; i < job->n_trickle_trigger_files; i++) {
        const char *name = job->trickle_trigger_files[i];
        if (!trigger_present(t, name))
            continue;
        char *text = NULL;
        size_t len = 0;
        bool truncated = false;
        if (vbw_file_read_untrusted(t->shared_dir, name, TRIGGER_MAX, &text, &len, &truncated) <
            0) {
            vbw_log_error("ERROR: can't read trickle trigger file %s", name);
            vbw_file_remove_untrusted(t->shared_dir, name);
            continue;
        }
        /* As upstream, the file's text is the body (projects send XML);
         * unlike upstream, only a well-formed fragment goes as it is. */
        char *body = vbw_task_trickle_body(text);
        free(text);
        int rc = body ? t->client->ops->trickle_up(t->client, name, body) : VBW_ERR_NOMEM;
        free(body);
        if (rc == VBW_CLIENT_BUSY)
            break; /* the mailbox is full: this file and the rest next time */
        vbw_log_info("Reporting a trickle. (%s)", name);
        if (rc != 0)
            vbw_log_error("ERROR: trickle_up failed for %s", name);
        vbw_task_event(t, "trickle up: %s", name);
        vbw_file_remove_untrusted(t->shared_dir, name);
    }
    for (size_t i = 0; i < job->n_intermediate_uploads; i++) {
        struct vbw_intermediate_upload *u = &job->intermediate_uploads[i];
        if (u->reported || u->ignore || !trigger_present(t, u->file))
            continue;
        if (t->client->ops->upload_file(t->client, u->file) == 0) {
            vbw_log_info("Reporting an intermediate file. (%s)", u->file);
            u->reported = true; /* the job struct is the task's to update */
        }
    }
}

/* The last number in the fraction-done file; 0.001 when missing, so the
 * client does not fall back to its own estimate (as upstream). */
double vbw_task_read_fraction(struct vbw_task *t)
{
    const char *name = t->cfg->job->fraction_done_filename;
    char *text = NULL;
    size_t len = 0;
    bool truncated = false;
    if (!t->shared_dir[0] ||
        vbw_file_read_untrusted(t->shared_dir, name, 4096, &text, &len, &truncated) < 0)
        return t->fraction_done > 0 ? t->fraction_done : 0.001;
    double v = vbw_task_parse_fraction(text);
    free(text);
    if (v < 0)
        return t->fraction_done > 0 ? t->fraction_done : 0.001;
    return v;
}
