/*
 * vbw_client_fake.c - a BOINC client for tests: a script of timed events and
 * a fake clock that only sleep() moves, so a day of a task runs in
 * milliseconds. Outcomes are recorded instead of ending the process. The
 * script's events: vbw_client_fake_script.c.
 */
#include "vbw/vbw_client_fake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "vbw/vbw_error.h"
#include "vbw_client_fake_script.h"

struct fake_client {
    struct vbw_client base;
    double now;
    double time_limit;
    bool time_limit_hit;
    struct vbw_client_status status;
    struct vbw_fake_script script;
    double checkpoint_period;
    double last_checkpoint;
    double trickle_sent_at;
    double cpu_limit, down, up;
    bool temp_exit_file_fails;
    struct vbw_client_fake_record rec;
};

static struct fake_client *fake_of(struct vbw_client *c)
{
    return (struct fake_client *)c;
}

/* Fires the script's events that are due on the fake clock. */
static void fire_due(struct fake_client *fc)
{
    struct vbw_fake_target target = {&fc->status, &fc->cpu_limit, fc->now};
    vbw_fake_script_fire_due(&fc->script, &target);
}

static void fake_get_status(struct vbw_client *c, struct vbw_client_status *out)
{
    struct fake_client *fc = fake_of(c);
    fire_due(fc);
    *out = fc->status;
    /* The API clears the flag once the app has seen it. */
    fc->status.reread_init_data = false;
}

static void fake_report(struct vbw_client *c, const struct vbw_client_report *r)
{
    struct fake_client *fc = fake_of(c);
    fc->rec.reports++;
    if (r->other_pid)
        fc->rec.other_pid = r->other_pid;
    fc->rec.cpu_time = r->cpu_time;
    fc->rec.checkpoint_cpu_time = r->checkpoint_cpu_time;
    fc->rec.fraction_done = r->fraction_done;
}

static bool fake_time_to_checkpoint(struct vbw_client *c)
{
    struct fake_client *fc = fake_of(c);
    return fc->now - fc->last_checkpoint >= fc->checkpoint_period;
}

static void fake_checkpoint_completed(struct vbw_client *c)
{
    struct fake_client *fc = fake_of(c);
    fc->rec.checkpoints++;
    fc->last_checkpoint = fc->now;
}

static int fake_trickle_up(struct vbw_client *c, const char *variety, const char *text)
{
    struct fake_client *fc = fake_of(c);
    /* BOINC's single trickle_up.xml, taken by the client's next poll (1 s). */
    if (fc->rec.trickles > 0 && fc->now < fc->trickle_sent_at + 1.0) {
        fc->rec.trickles_busy++;
        return VBW_CLIENT_BUSY;
    }
    fc->trickle_sent_at = fc->now;
    fc->rec.trickles++;
    snprintf(fc->rec.last_trickle, sizeof fc->rec.last_trickle, "%s:%s", variety, text);
    return 0;
}

static int fake_upload_file(struct vbw_client *c, const char *name)
{
    fake_of(c)->rec.uploads++;
    return 0;
}

static int fake_upload_status(struct vbw_client *c, const char *name)
{
    return 0;
}

static void fake_web_graphics_url(struct vbw_client *c, const char *url)
{
    struct fake_client *fc = fake_of(c);
    snprintf(fc->rec.web_graphics_url, sizeof fc->rec.web_graphics_url, "%s", url);
}

static void fake_remote_desktop_addr(struct vbw_client *c, const char *addr)
{
    struct fake_client *fc = fake_of(c);
    snprintf(fc->rec.remote_desktop_addr, sizeof fc->rec.remote_desktop_addr, "%s", addr);
}

static void fake_get_prefs(struct vbw_client *c, double *cpu, double *down, double *up)
{
    struct fake_client *fc = fake_of(c);
    *cpu = fc->cpu_limit;
    *down = fc->down;
    *up = fc->up;
}

static double fake_now(struct vbw_client *c)
{
    return fake_of(c)->now;
}

static void fake_sleep(struct vbw_client *c, double seconds)
{
    struct fake_client *fc = fake_of(c);
    if (seconds > 0)
        fc->now += seconds;
    if (fc->time_limit > 0 && fc->now > fc->time_limit && !fc->time_limit_hit) {
        /* The script ran out: abort so a broken task cannot loop forever. */
        fc->time_limit_hit = true;
        fc->status.abort_request = true;
    }
    fire_due(fc);
}

/* What both endings (finish, temporary exit) record: their text, whether
 * it is a notice, and when on the fake clock. */
static void record_ending(struct fake_client *fc, const char *message, bool is_notice)
{
    fc->rec.is_notice = is_notice;
    fc->rec.end_time = fc->now;
    snprintf(fc->rec.message, sizeof fc->rec.message, "%s", message ? message : "");
}

static void fake_finish(struct vbw_client *c, int code, const char *message, bool is_notice)
{
    struct fake_client *fc = fake_of(c);
    fc->rec.finished = true;
    fc->rec.exit_code = code;
    record_ending(fc, message, is_notice);
}

static void fake_temporary_exit(struct vbw_client *c, int delay, const char *reason, bool is_notice)
{
    struct fake_client *fc = fake_of(c);
    fc->rec.temp_exited = true;
    fc->rec.delay = delay;
    record_ending(fc, reason, is_notice);
}

static int fake_record_temporary_exit(struct vbw_client *c, int delay, const char *reason,
                                      bool is_notice)
{
    (void)delay, (void)reason, (void)is_notice;
    if (fake_of(c)->temp_exit_file_fails)
        return vbw_error_set(VBW_ERR_IO, "cannot write boinc_temporary_exit: No space left on "
                                         "device (fake)");
    return 0;
}

/* As boinc_sporadic_dir: both files created (kept when they exist). */
static int fake_sporadic_dir(struct vbw_client *c, const char *dir)
{
    struct fake_client *fc = fake_of(c);
    for (int i = 0; i < 2; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, i ? "ca" : "ac");
        FILE *f = fopen(path, "a");
        if (!f)
            return vbw_error_set_errno(VBW_ERR_IO, errno, "can't open sporadic file %s", path);
        fclose(f);
    }
    snprintf(fc->rec.sporadic_dir, sizeof fc->rec.sporadic_dir, "%s", dir);
    return 0;
}

static void fake_free(struct vbw_client *c)
{
    struct fake_client *fc = fake_of(c);
    vbw_fake_script_clear(&fc->script);
    free(fc);
}

static const struct vbw_client_ops fake_ops = {
    .name = "fake",
    .get_status = fake_get_status,
    .report = fake_report,
    .time_to_checkpoint = fake_time_to_checkpoint,
    .checkpoint_completed = fake_checkpoint_completed,
    .trickle_up = fake_trickle_up,
    .upload_file = fake_upload_file,
    .upload_status = fake_upload_status,
    .web_graphics_url = fake_web_graphics_url,
    .remote_desktop_addr = fake_remote_desktop_addr,
    .get_prefs = fake_get_prefs,
    .now = fake_now,
    .sleep = fake_sleep,
    .finish = fake_finish,
    .record_temporary_exit = fake_record_temporary_exit,
    .sporadic_dir = fake_sporadic_dir,
    .temporary_exit = fake_temporary_exit,
    .free = fake_free,
};

int vbw_client_fake_new(struct vbw_client **out)
{
    struct fake_client *fc = calloc(1, sizeof *fc);
    if (!fc)
        return vbw_error_set(VBW_ERR_NOMEM, "fake client: out of memory");
    fc->base.ops = &fake_ops;
    fc->checkpoint_period = 60;
    fc->cpu_limit = 100;
    *out = &fc->base;
    return 0;
}

int vbw_client_fake_at(struct vbw_client *c, double t, enum vbw_fake_action a, const char *path,
                       const char *content)
{
    return vbw_fake_script_add(&fake_of(c)->script, t, a, path, content);
}

void vbw_client_fake_set_hook(struct vbw_client *c, vbw_client_fake_hook_fn fn, void *opaque)
{
    fake_of(c)->script.hook = fn;
    fake_of(c)->script.hook_opaque = opaque;
}

void vbw_client_fake_set_checkpoint_period(struct vbw_client *c, double period)
{
    fake_of(c)->checkpoint_period = period;
}

void vbw_client_fake_set_prefs(struct vbw_client *c, double cpu_limit, double down, double up)
{
    fake_of(c)->cpu_limit = cpu_limit;
    fake_of(c)->down = down;
    fake_of(c)->up = up;
}

void vbw_client_fake_set_time_limit(struct vbw_client *c, double t)
{
    fake_of(c)->time_limit = t;
}

void vbw_client_fake_fail_temporary_exit_file(struct vbw_client *c)
{
    fake_of(c)->temp_exit_file_fails = true;
}

bool vbw_client_fake_time_limit_hit(struct vbw_client *c)
{
    return fake_of(c)->time_limit_hit;
}

const struct vbw_client_fake_record *vbw_client_fake_record(struct vbw_client *c)
{
    return &fake_of(c)->rec;
}
