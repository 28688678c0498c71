/*
 * vbw_task_files.c - the files a task leaves in the slot for the client and
 * the project besides the checkpoint: vbox_webapi.xml and
 * vbox_remote_desktop.xml (written once the ports are known, as upstream),
 * and the URLs handed to the client for its "Show graphics" / "Show VM
 * console" buttons. Also picks free host ports when the job leaves them open.
 */
#include "vbw_task_internal.h"

#include <stdio.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

/* A port nobody listens on now, or 0. */
int vbw_task_free_port(void)
{
    return vbw_net_free_port();
}

static void write_port_file(struct vbw_task *t, const char *file, const char *tag, int port)
{
    char path[4200], body[256];
    snprintf(path, sizeof path, "%s/%s", t->cfg->slot_dir, file);
    int n =
        snprintf(body, sizeof body, "<%s>\n  <host_port>%d</host_port>\n</%s>\n", tag, port, tag);
    if (n < 0 || (size_t)n >= sizeof body)
        return;
    if (vbw_file_write_atomic(path, body, (size_t)n) < 0)
        vbw_log_warn("WARNING: cannot write %s: %s", file, vbw_error_last()->message);
}

void vbw_task_write_port_files(struct vbw_task *t)
{
    char buf[128];
    if (t->webapi_port > 0) {
        write_port_file(t, "vbox_webapi.xml", "webapi", t->webapi_port);
        snprintf(buf, sizeof buf, "http://localhost:%d", t->webapi_port);
        vbw_log_info("Detected: Web Application Enabled (%s)", buf);
        t->client->ops->web_graphics_url(t->client, buf);
    }
    if (t->rd_port > 0) {
        write_port_file(t, "vbox_remote_desktop.xml", "remote_desktop", t->rd_port);
        snprintf(buf, sizeof buf, "localhost:%d", t->rd_port);
        vbw_log_info("Detected: Remote Desktop Enabled (%s)", buf);
        t->client->ops->remote_desktop_addr(t->client, buf);
    }
}

/* graphics_status.xml for the project's graphics app (enable_graphics_support),
 * in the layout of BOINC's boinc_write_graphics_status(). updated_time is a
 * wall-clock stamp for another process to compare with its own clock, not
 * a timer of ours, so it is the one place the task reads the wall clock. */
void vbw_task_write_graphics_status(struct vbw_task *t, const struct vbw_client_status *st)
{
    char path[4200];
    struct vbw_buf body = {0};
    snprintf(path, sizeof path, "%s/graphics_status.xml", t->cfg->slot_dir);
    /* A growing buffer: each %f of a double can be 300-odd digits. */
    int rc =
        vbw_buf_printf(&body,
                       "<graphics_status>\n"
                       "    <updated_time>%f</updated_time>\n"
                       "    <cpu_time>%f</cpu_time>\n"
                       "    <elapsed_time>%f</elapsed_time>\n"
                       "    <fraction_done>%f</fraction_done>\n"
                       "    <boinc_status>\n"
                       "        <no_heartbeat>%d</no_heartbeat>\n"
                       "        <suspended>%d</suspended>\n"
                       "        <quit_request>%d</quit_request>\n"
                       "        <abort_request>%d</abort_request>\n"
                       "        <network_suspended>%d</network_suspended>\n"
                       "    </boinc_status>\n"
                       "</graphics_status>\n",
                       vbw_time_wall(), t->cpu_time, t->elapsed, t->fraction_done, st->no_heartbeat,
                       st->suspended, st->quit_request, st->abort_request, st->network_suspended);
    if (rc == 0)
        rc = vbw_file_write_atomic(path, body.data, body.len);
    if (rc < 0)
        vbw_log_debug("cannot write graphics_status.xml: %s", vbw_error_last()->message);
    vbw_buf_clear(&body);
}
