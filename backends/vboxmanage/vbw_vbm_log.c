/*
 * vbw_vbm_log.c - log_poll: what <LogFldr>/VBox.log says since the last
 * poll, read incrementally, with no process spawned (the steady-state loop
 * runs every second; a VBoxManage call per second is what issue 3 removes).
 *
 * Per folder the backend remembers the file's identity (vbw_file_id: device
 * and inode, or volume and file index on Windows) and how far it has read.
 * VirtualBox rotates the log when a VM process starts (VBox.log ->
 * VBox.log.1, a fresh VBox.log): a new identity, or a file shorter
 * than what was read, restarts at 0. A line without its newline yet is kept
 * until the rest arrives. Each poll reads chunks of VBW_VBM_LOG_MAX_READ
 * bytes up to b->log_poll_budget, so a huge log is caught up over several
 * polls instead of stalling one, while guest chatter of a few tens of MB is
 * read through at once.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"

static struct vbw_vbm_log_cursor *cursor_for(struct vbw_vbm *b, const char *folder)
{
    for (size_t i = 0; i < b->n_logs; i++)
        if (strcmp(b->logs[i].folder, folder) == 0)
            return &b->logs[i];
    struct vbw_vbm_log_cursor *grown = realloc(b->logs, (b->n_logs + 1) * sizeof *grown);
    if (!grown) {
        vbw_error_set(VBW_ERR_NOMEM, "log_poll: out of memory");
        return NULL;
    }
    b->logs = grown;
    struct vbw_vbm_log_cursor *c = &b->logs[b->n_logs];
    memset(c, 0, sizeof *c);
    c->folder = vbw_strdup(folder);
    if (!c->folder)
        return NULL;
    b->n_logs++;
    return c;
}

static void cursor_restart(struct vbw_vbm_log_cursor *c, const struct vbw_file_id *id)
{
    c->id = *id;
    c->offset = 0;
    vbw_buf_clear(&c->partial);
    /* A new file is a new VM process: nothing of the old one carries over. */
    memset(&c->sticky, 0, sizeof c->sticky);
    c->await_rotation = false;
}

void vbw_vbm_log_await_rotation(struct vbw_vbm *b)
{
    for (size_t i = 0; i < b->n_logs; i++)
        b->logs[i].await_rotation = true;
}

/* Feeds every complete line of partial to the line parser and keeps the
 * unfinished rest. */
static int feed_lines(const struct vbw_vbm *b, struct vbw_vbm_log_cursor *c,
                      struct vbw_hv_log_events *ev)
{
    size_t start = 0;
    for (size_t i = 0; i < c->partial.len; i++) {
        if (c->partial.data[i] != '\n')
            continue;
        size_t len = i - start;
        if (len > 0 && c->partial.data[start + len - 1] == '\r')
            len--;
        b->log_line(c->partial.data + start, len, ev);
        start = i + 1;
    }
    if (start == 0 && c->partial.len < VBW_VBM_LOG_MAX_READ)
        return 0;
    /* A "line" longer than a whole read is not a log line: drop it. */
    size_t keep = start == 0 ? 0 : c->partial.len - start;
    struct vbw_buf rest = VBW_BUF_INIT;
    if (keep && vbw_buf_append(&rest, c->partial.data + start, keep) < 0)
        return VBW_ERR_NOMEM;
    vbw_buf_clear(&c->partial);
    c->partial = rest;
    return 0;
}

/* Opens the VM log at path for what was appended since the cursor's
 * offset. *reader stays NULL when there is nothing new: no log yet, still
 * the previous process's log (out's state and pid unknown), no new bytes.
 * A new or shorter file restarts the cursor. */
static int open_appended(const char *path, struct vbw_vbm_log_cursor *c,
                         struct vbw_file_reader **reader, int64_t *size,
                         struct vbw_hv_log_events *out)
{
    struct vbw_file_id id;
    struct vbw_file_reader *r = NULL;
    int rc = vbw_file_reader_open(path, &r, &id, size);
    if (rc == VBW_ERR_NOT_FOUND) {
        /* No log yet (VM never started, or between rotations): nothing new. */
        vbw_error_clear();
        return 0;
    }
    if (rc < 0) {
        vbw_error_wrap("log_poll");
        vbw_file_reader_close(r);
        return rc;
    }
    if (c->await_rotation && vbw_file_id_equal(&id, &c->id) && *size >= c->offset) {
        out->state = VBW_VM_UNKNOWN; /* still the previous process's log */
        out->vm_pid = 0;
        vbw_file_reader_close(r);
        return 0;
    }
    if (!vbw_file_id_equal(&id, &c->id) || *size < c->offset) {
        cursor_restart(c, &id);
        out->state = c->sticky.state;
        out->vm_pid = c->sticky.vm_pid;
    }
    if (*size == c->offset) {
        vbw_file_reader_close(r);
        return 0;
    }
    *reader = r;
    return 0;
}

/* Reads what was appended up to size, at most the poll's budget, and feeds
 * its lines to out. */
static int read_appended(struct vbw_vbm *b, struct vbw_vbm_log_cursor *c,
                         struct vbw_file_reader *reader, int64_t size, const char *path,
                         struct vbw_hv_log_events *out)
{
    char *chunk = malloc(VBW_VBM_LOG_MAX_READ);
    if (!chunk)
        return vbw_error_set(VBW_ERR_NOMEM, "log_poll: out of memory");
    int rc = 0;
    size_t budget = b->log_poll_budget ? b->log_poll_budget : VBW_VBM_LOG_POLL_BUDGET;
    for (size_t done = 0; done < budget && c->offset < size;) {
        size_t want = (size_t)(size - c->offset);
        if (want > VBW_VBM_LOG_MAX_READ)
            want = VBW_VBM_LOG_MAX_READ;
        if (want > budget - done)
            want = budget - done;
        size_t got;
        if ((rc = vbw_file_reader_pread(reader, c->offset, chunk, want, &got)) < 0) {
            vbw_error_wrap("log_poll: %s", path);
            break;
        }
        if (got == 0)
            break; /* shorter than its size said: the rest next poll */
        c->offset += (int64_t)got;
        done += got;
        if ((rc = vbw_buf_append(&c->partial, chunk, got)) < 0 || (rc = feed_lines(b, c, out)) < 0)
            break;
        c->sticky.state = out->state;
        c->sticky.vm_pid = out->vm_pid;
    }
    free(chunk);
    return rc;
}

int vbw_vbm_log_poll(struct vbw_hv *hv, const char *log_folder, struct vbw_hv_log_events *out)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    void (*guest_log)(const char *, size_t, void *) = out->guest_log;
    void *guest_log_opaque = out->guest_log_opaque;
    memset(out, 0, sizeof *out);
    out->guest_log = guest_log;
    out->guest_log_opaque = guest_log_opaque;
    struct vbw_vbm_log_cursor *c = cursor_for(b, log_folder);
    if (!c)
        return VBW_ERR_NOMEM;
    /* State and pid hold until a line changes them; the rest is per poll. */
    out->state = c->sticky.state;
    out->vm_pid = c->sticky.vm_pid;

    struct vbw_file_reader *reader = NULL;
    int64_t size = 0;
    int rc = 0;
    char *path = vbw_asprintf("%s/%s", log_folder, VBW_VBM_VM_LOG);
    if (!path)
        rc = VBW_ERR_NOMEM;
    else
        rc = open_appended(path, c, &reader, &size, out);
    if (rc == 0 && reader)
        rc = read_appended(b, c, reader, size, path, out);
    out->failure_class = vbw_hv_vboxmanage_class_of_status(out->failure);
    vbw_file_reader_close(reader);
    free(path);
    return rc;
}

void vbw_vbm_log_cursors_free(struct vbw_vbm *b)
{
    for (size_t i = 0; i < b->n_logs; i++) {
        free(b->logs[i].folder);
        vbw_buf_clear(&b->logs[i].partial);
    }
    free(b->logs);
    b->logs = NULL;
    b->n_logs = 0;
}
