/*
 * vbw_task_exit.c - how a task ends: an exit code (upstream's table, see
 * docs/compatibility.md) or a temporary exit, with the message BOINC shows,
 * and what VirtualBox is left holding.
 */
#include "vbw_task_internal.h"

#include <stdarg.h>
#include <stdio.h>

#include "vbw/vbw_util.h"

#define DELAY_NAME_ROW(name, seconds) {#name, VBW_TASK_##name},
static const struct vbw_named_int delay_names[] = {VBW_TASK_DELAY_TABLE(DELAY_NAME_ROW)};

bool vbw_task_delay_by_name(const char *name, int *seconds)
{
    return vbw_named_int_find(delay_names, sizeof delay_names / sizeof delay_names[0], name,
                              seconds);
}

/* Fills the outcome and tells the observer. kind FINISH: value is the exit
 * code; TEMP_EXIT: the delay in seconds. The message reaches the client
 * (its notices, the task's record) and is often VirtualBox's or the guest's
 * text: cleaned as every client message is (no control characters, valid
 * UTF-8, no markup). Returns 1 (the task ended). */
static int end_task(struct vbw_task *t, enum vbw_task_outcome_kind kind, int value, bool notice,
                    const char *fmt, va_list ap)
{
    struct vbw_task_outcome *o = t->out;
    bool finish = kind == VBW_TASK_FINISH;
    char what[64];

    o->kind = kind;
    if (finish)
        o->exit_code = value;
    else
        o->delay = value;
    o->is_notice = notice;
    if (fmt)
        vsnprintf(o->message, sizeof o->message, fmt, ap);
    else
        o->message[0] = '\0';
    vbw_task_clean_message(o->message);
    if (finish)
        vbw_task_set_state(t, value == 0 ? VBW_TASK_DONE : VBW_TASK_FAILED, "finish");
    else
        vbw_task_set_state(t, VBW_TASK_TEMPORARY_EXIT, "temporary exit");
    snprintf(what, sizeof what, finish ? "finish: exit code %d" : "temporary exit: %d s", value);
    vbw_task_event(t, "%s%s%s", what, o->message[0] ? ", " : "", o->message);
    return 1;
}

/* The public forms below are the va_start/va_end wrappers a printf-like
 * function needs around end_task(). */
int vbw_task_finish(struct vbw_task *t, int code, bool notice, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int ended = end_task(t, VBW_TASK_FINISH, code, notice, fmt, ap);
    va_end(ap);
    return ended;
}

int vbw_task_temp_exit(struct vbw_task *t, int delay, bool notice, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int ended = end_task(t, VBW_TASK_TEMP_EXIT, delay, notice, fmt, ap);
    va_end(ap);
    return ended;
}

int vbw_task_restart_later(struct vbw_task *t, int delay, bool notice, const char *fmt, ...)
{
    vbw_task_poweroff(t);
    vbw_task_left(t, VBW_VM_LEFT_REGISTERED, VBW_TASK_LEFT_FOR_RESTART);
    va_list ap;
    va_start(ap, fmt);
    int ended = end_task(t, VBW_TASK_TEMP_EXIT, delay, notice, fmt, ap);
    va_end(ap);
    return ended;
}

void vbw_task_left(struct vbw_task *t, enum vbw_task_vm_left left, const char *why)
{
    t->out->vm_left = left;
    t->out->vm_left_why = why;
    vbw_task_event(t, "VirtualBox keeps: %s (%s)",
                   left == VBW_VM_LEFT_NOTHING      ? "nothing of ours"
                   : left == VBW_VM_LEFT_REGISTERED ? "the VM, registered"
                                                    : "what it had before",
                   why);
}
