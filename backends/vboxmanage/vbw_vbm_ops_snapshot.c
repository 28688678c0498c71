/*
 * vbw_vbm_ops_snapshot.c - take, list, delete, restore.
 *
 * VBoxManage prints its progress meter ("0%...10%...100%") on stderr as the
 * operation goes; the callback hears each new percentage as it arrives (and
 * the last one reached once more when the call ends, unless already told).
 */
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"

/* Deleting a snapshot merges disk images: minutes on a big disk. */
#define SNAPSHOT_TIMEOUT_MS (1800 * 1000)

/* What the meter said so far: VBoxManage's stderr (a few hundred bytes on
 * success; kept to the cap so a flood is parsed in bounded time). */
#define METER_CAP 4096

struct meter {
    vbw_hv_progress_fn progress;
    void *opaque;
    struct vbw_buf seen;
    int told; /* the last percentage passed on, -1 none */
};

static void meter_output(int stream, const char *data, size_t len, void *opaque)
{
    struct meter *m = opaque;
    if (stream != 2 || m->seen.len >= METER_CAP)
        return;
    vbw_buf_append(&m->seen, data, len < METER_CAP - m->seen.len ? len : METER_CAP - m->seen.len);
    int percent;
    bool failed;
    vbw_vbm_parse_progress(m->seen.data, m->seen.len, &percent, &failed);
    if (percent > m->told) {
        m->told = percent;
        m->progress(percent, m->opaque);
    }
}

static int run_with_progress(struct vbw_vbm *b, struct vbw_vbm_argv *a, const char *what,
                             vbw_hv_progress_fn progress, void *opaque)
{
    struct meter m = {.progress = progress, .opaque = opaque, .seen = VBW_BUF_INIT, .told = -1};
    struct vbw_vbm_call call = {.what = what, .timeout_ms = SNAPSHOT_TIMEOUT_MS};
    if (progress) {
        call.on_output = meter_output;
        call.output_opaque = &m;
    }
    struct vbw_cmd_result r;
    int rc = vbw_vbm_run(b, a, &call, &r);
    int percent = -1;
    bool failed = false;
    if (r.err)
        vbw_vbm_parse_progress(r.err, r.err_len, &percent, &failed);
    if (rc == 0 && failed)
        rc = vbw_error_set(VBW_ERR_VBOX, "VBoxManage %s: progress reported failure at %d%%", what,
                           percent);
    if (progress && percent >= 0 && percent != m.told)
        progress(percent, opaque);
    vbw_buf_clear(&m.seen);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(a);
    return rc;
}

int vbw_vbm_snapshot_take(struct vbw_hv *hv, const char *vm, const char *name, bool live,
                          vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_snapshot_take(&a, vm, name, live);
    return run_with_progress(vbw_vbm_of(hv), &a, "snapshot take", progress, opaque);
}

int vbw_vbm_snapshot_list(struct vbw_hv *hv, const char *vm, struct vbw_hv_snapshot_list *out)
{
    struct vbw_vbm *b = vbw_vbm_of(hv);
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    struct vbw_vbm_call call = {.what = "snapshot list"};
    struct vbw_cmd_result r;
    memset(out, 0, sizeof *out);
    vbw_vbm_args_snapshot_list(&a, vm);
    int rc = vbw_vbm_run(b, &a, &call, &r);
    /* "This machine does not have any snapshots" (stdout) ends with exit 1
     * (VBoxManageSnapshot.cpp, 5.2 .. 7.1): the parser turns it into an
     * empty list. */
    if ((rc == VBW_ERR_EXIT || rc == VBW_ERR_VBOX) && r.out &&
        strstr(r.out, "does not have any snapshots"))
        rc = 0;
    if (rc == 0)
        rc = vbw_vbm_parse_snapshots(r.out, r.out_len, out);
    vbw_cmd_result_clear(&r);
    vbw_vbm_argv_clear(&a);
    return rc;
}

int vbw_vbm_snapshot_delete(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                            vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_snapshot_delete(&a, vm, name_or_uuid);
    return run_with_progress(vbw_vbm_of(hv), &a, "snapshot delete", progress, opaque);
}

int vbw_vbm_snapshot_restore(struct vbw_hv *hv, const char *vm, const char *name_or_uuid,
                             vbw_hv_progress_fn progress, void *opaque)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_snapshot_restore(&a, vm, name_or_uuid);
    return run_with_progress(vbw_vbm_of(hv), &a, "snapshot restore", progress, opaque);
}

int vbw_vbm_snapshot_restore_current(struct vbw_hv *hv, const char *vm, vbw_hv_progress_fn progress,
                                     void *opaque)
{
    struct vbw_vbm_argv a = VBW_VBM_ARGV_INIT;
    vbw_vbm_args_snapshot_restore_current(&a, vm);
    return run_with_progress(vbw_vbm_of(hv), &a, "snapshot restorecurrent", progress, opaque);
}
