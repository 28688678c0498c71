/*
 * vbw_client_boinc.c - the real BOINC client, through libboinc_api.
 * The API runs a 10 Hz timer thread/signal that fills boinc_status; we only
 * read it (direct_process_action off: the wrapper, not the API, acts on
 * suspend/quit/abort so it can pause or power off the VM first).
 */
#include "vbw/vbw_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boinc_api.h"

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_client_boinc_api.h"

struct boinc_client {
    struct vbw_client base;
};

static void b_get_status(struct vbw_client *c, struct vbw_client_status *out)
{
    BOINC_STATUS st;
    memset(&st, 0, sizeof st);
    boinc_get_status(&st);
    out->suspended = st.suspended != 0;
    out->quit_request = st.quit_request != 0;
    out->abort_request = st.abort_request != 0;
    out->no_heartbeat = st.no_heartbeat != 0;
    out->network_suspended = st.network_suspended != 0;
    out->reread_init_data = st.reread_init_data_file != 0;
    /* The flag lives in the API's global; clear it once seen, as upstream. */
    boinc_status.reread_init_data_file = 0;
}

static void b_report(struct vbw_client *c, const struct vbw_client_report *r)
{
    if (r->other_pid || r->bytes_sent || r->bytes_received)
        vbw_boinc_report_app_status_aux(r->cpu_time, r->checkpoint_cpu_time, r->fraction_done,
                                        r->other_pid, r->bytes_sent, r->bytes_received);
    else
        boinc_report_app_status(r->cpu_time, r->checkpoint_cpu_time, r->fraction_done);
}

static bool b_time_to_checkpoint(struct vbw_client *c)
{
    return boinc_time_to_checkpoint() != 0;
}
static void b_checkpoint_completed(struct vbw_client *c)
{
    boinc_checkpoint_completed();
}

static int b_trickle_up(struct vbw_client *c, const char *variety, const char *text)
{
    /* One mailbox: the API writes the slot's trickle_up.xml and the client
     * moves it away when it sees the flag; writing again before that
     * replaces the unsent one. */
    if (access("trickle_up.xml", F_OK) == 0)
        return VBW_CLIENT_BUSY;
    /* The API takes char* but does not write through it. */
    return boinc_send_trickle_up((char *)variety, (char *)text);
}

static int b_upload_file(struct vbw_client *c, const char *name)
{
    return vbw_boinc_upload_file(name);
}

static int b_upload_status(struct vbw_client *c, const char *name)
{
    int rc = vbw_boinc_upload_status(name);
    return rc == 0 ? 0 : rc > 0 ? 1 : rc;
}

static void b_web_graphics_url(struct vbw_client *c, const char *url)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", url);
    boinc_web_graphics_url(buf);
}

static void b_remote_desktop_addr(struct vbw_client *c, const char *addr)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", addr);
    boinc_remote_desktop_addr(buf);
}

static void b_get_prefs(struct vbw_client *c, double *cpu, double *down, double *up)
{
    vbw_boinc_get_prefs(cpu, down, up);
}

static double b_now(struct vbw_client *c)
{
    return vbw_time_monotonic();
}
static void b_sleep(struct vbw_client *c, double s)
{
    vbw_sleep(s);
}

static void b_finish(struct vbw_client *c, int code, const char *message, bool is_notice)
{
    fflush(stderr);
    if (message && message[0])
        vbw_boinc_finish_message(code, message, is_notice);
    else
        boinc_finish(code);
}

/* The file boinc_temporary_exit() writes, in its layout (the client reads
 * the delay, then the reason line, then "notice"), but written atomically
 * and checked: BOINC's own write ignores a failed fclose, so a full slot left
 * an empty file and the task ended as a premature exit. */
static int b_record_temporary_exit(struct vbw_client *c, int delay, const char *reason,
                                   bool is_notice)
{
    (void)c;
    struct vbw_buf body = VBW_BUF_INIT;
    int rc = vbw_buf_printf(&body, "%d\n", delay);
    if (rc == 0 && reason)
        rc = vbw_buf_printf(&body, "%s\n%s", reason, is_notice ? "notice\n" : "");
    if (rc == 0)
        rc = vbw_file_write_atomic(vbw_boinc_temporary_exit_file(), body.data, body.len);
    vbw_buf_clear(&body);
    return rc;
}

static void b_temporary_exit(struct vbw_client *c, int delay, const char *reason, bool is_notice)
{
    fflush(stderr);
    vbw_boinc_temporary_exit(delay, reason && reason[0] ? reason : NULL, is_notice);
}

static int b_sporadic_dir(struct vbw_client *c, const char *dir)
{
    (void)c;
    const char *api = NULL;
    int rc = vbw_boinc_sporadic_dir(dir, &api);
    if (api)
        return vbw_error_set(VBW_ERR_UNSUPPORTED,
                             "this vboxwrapper is built with BOINC API %s, "
                             "which has no sporadic apps (BOINC 8 has)",
                             api);
    if (rc != 0)
        return vbw_error_set(VBW_ERR_IO, "can't open the sporadic files in %s (%d)", dir, rc);
    return 0;
}

static void b_free(struct vbw_client *c)
{
    free(c);
}

static const struct vbw_client_ops boinc_ops = {
    .name = "boinc",
    .get_status = b_get_status,
    .report = b_report,
    .time_to_checkpoint = b_time_to_checkpoint,
    .checkpoint_completed = b_checkpoint_completed,
    .trickle_up = b_trickle_up,
    .upload_file = b_upload_file,
    .upload_status = b_upload_status,
    .web_graphics_url = b_web_graphics_url,
    .remote_desktop_addr = b_remote_desktop_addr,
    .get_prefs = b_get_prefs,
    .now = b_now,
    .sleep = b_sleep,
    .finish = b_finish,
    .record_temporary_exit = b_record_temporary_exit,
    .sporadic_dir = b_sporadic_dir,
    .temporary_exit = b_temporary_exit,
    .free = b_free,
};

int vbw_client_boinc_new(struct vbw_client **out)
{
    struct boinc_client *bc = calloc(1, sizeof *bc);
    if (!bc)
        return vbw_error_set(VBW_ERR_NOMEM, "boinc client: out of memory");
    /* Every field set here: Debian's libboinc_api does not export
     * options_defaults(), and the inline one is C++ only. */
    BOINC_OPTIONS opts;
    memset(&opts, 0, sizeof opts);
    opts.normal_thread_priority = 0;
    opts.multi_thread = 0;
    opts.multi_process = 0;
    opts.main_program = 1;
    opts.check_heartbeat = 1;
    opts.handle_process_control = 1;
    opts.direct_process_action = 0;
    opts.send_status_msgs = 0;
    int rc = boinc_init_options(&opts);
    if (rc) {
        free(bc);
        return vbw_error_set(VBW_ERR_IO, "boinc_init_options failed (%d)", rc);
    }
    bc->base.ops = &boinc_ops;
    *out = &bc->base;
    return 0;
}

const char *vbw_client_boinc_network_suspend_unseen(void)
{
    return vbw_boinc_network_suspend_unseen();
}
