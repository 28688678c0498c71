/*
 * vbw_task.c - vbw_task_run(): the order of the phases, and the state names.
 * Each phase returns 0 to go on or 1 when the task has ended with its
 * outcome filled in; nothing here calls VirtualBox or BOINC directly.
 */
#include "vbw_task_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

static const char *const state_names[] = {
    [VBW_TASK_NEW] = "new",           [VBW_TASK_REGISTERING] = "registering",
    [VBW_TASK_STARTING] = "starting", [VBW_TASK_RUNNING] = "running",
    [VBW_TASK_PAUSED] = "paused",     [VBW_TASK_CHECKPOINTING] = "checkpointing",
    [VBW_TASK_STOPPING] = "stopping", [VBW_TASK_CLEANING] = "cleaning",
    [VBW_TASK_DONE] = "done",         [VBW_TASK_TEMPORARY_EXIT] = "temporary-exit",
    [VBW_TASK_FAILED] = "failed",
};

const char *vbw_task_state_name(enum vbw_task_state state)
{
    if ((size_t)state < sizeof state_names / sizeof state_names[0])
        return state_names[state];
    return "?";
}

void vbw_task_set_state(struct vbw_task *t, enum vbw_task_state s, const char *event)
{
    if (t->state == s)
        return;
    t->state = s;
    if (t->cfg->observer)
        t->cfg->observer(s, event ? event : "", t->cfg->observer_opaque);
}

void vbw_task_event(struct vbw_task *t, const char *fmt, ...)
{
    if (!t->cfg->observer)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    t->cfg->observer(t->state, buf, t->cfg->observer_opaque);
}

static int check_config(const struct vbw_task_config *cfg)
{
    if (!cfg || !cfg->slot_dir || !cfg->job || !cfg->cmdline || !cfg->init_data || !cfg->derived ||
        !cfg->hv || !cfg->client || !cfg->derived->vm_name)
        return vbw_error_set(VBW_ERR_INVALID, "task: incomplete configuration");
    return 0;
}

/* A temporary exit with a reason is a promise to the client (come back in
 * `delay` seconds); it holds only if the client can read the file that says
 * so. On a full slot it cannot be written: rather than exiting as if nothing
 * happened (a premature exit to the client), the task releases its VM and
 * fails saying why. Without a reason (after the client's quit) the client
 * restarts the task either way, and the file does not matter. */
static void record_temporary_exit(struct vbw_task *t)
{
    const struct vbw_task_outcome *o = t->out;
    if (o->kind != VBW_TASK_TEMP_EXIT || !o->message[0] ||
        t->client->ops->record_temporary_exit(t->client, o->delay, o->message, o->is_notice) == 0)
        return;
    char why[VBW_ERROR_MESSAGE_MAX];
    snprintf(why, sizeof why, "%s", vbw_error_last()->message);
    vbw_log_error("ERROR: cannot write the temporary-exit file (%s); the task fails instead.", why);
    vbw_task_cleanup(t);
    vbw_task_finish(t, VBW_EXIT_ERR_FWRITE, false, "cannot write the temporary-exit file: %s", why);
}

int vbw_task_run(const struct vbw_task_config *cfg, struct vbw_task_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->vm_left = VBW_VM_LEFT_UNTOUCHED;
    out->vm_left_why = "the task ended before touching VirtualBox";
    int rc = check_config(cfg);
    if (rc < 0) {
        out->kind = VBW_TASK_FINISH;
        out->exit_code = VBW_EXIT_INIT_FAILURE;
        snprintf(out->message, sizeof out->message, "%s", vbw_error_last()->message);
        return rc;
    }

    struct vbw_task t;
    memset(&t, 0, sizeof t);
    t.cfg = cfg;
    t.hv = cfg->hv;
    t.client = cfg->client;
    t.out = out;
    t.state = VBW_TASK_NEW;
    snprintf(t.vm_name, sizeof t.vm_name, "%s", cfg->derived->vm_name);
    t.heartbeat_initial = true;

    if (vbw_task_startup(&t) == 0 && vbw_task_register(&t) == 0 && vbw_task_start_vm(&t) == 0)
        vbw_task_loop(&t);
    record_temporary_exit(&t);
    return 0;
}

void vbw_task_outcome_deliver(const struct vbw_task_outcome *o, struct vbw_client *client)
{
    if (o->kind == VBW_TASK_FINISH)
        client->ops->finish(client, o->exit_code, o->message[0] ? o->message : NULL, o->is_notice);
    else
        client->ops->temporary_exit(client, o->delay, o->message[0] ? o->message : NULL,
                                    o->is_notice);
}
