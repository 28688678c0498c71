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

/* The message reaches the client (its notices, the task's record) and is
 * often VirtualBox's or the guest's text: cleaned as every client message is
 * (no control characters, valid UTF-8, no markup). */
static void set_message(struct vbw_task *t, const char *fmt, va_list ap)
{
    if (fmt)
        vsnprintf(t->out->message, sizeof t->out->message, fmt, ap);
    else
        t->out->message[0] = '\0';
    vbw_task_clean_message(t->out->message);
}

int vbw_task_finish(struct vbw_task *t, int code, bool notice, const char *fmt, ...)
{
    t->out->kind = VBW_TASK_FINISH;
    t->out->exit_code = code;
    t->out->is_notice = notice;
    va_list ap;
    va_start(ap, fmt);
    set_message(t, fmt, ap);
    va_end(ap);
    vbw_task_set_state(t, code == 0 ? VBW_TASK_DONE : VBW_TASK_FAILED, "finish");
    vbw_task_event(t, "finish: exit code %d%s%s", code, t->out->message[0] ? ", " : "",
                   t->out->message);
    return 1;
}

int vbw_task_temp_exit(struct vbw_task *t, int delay, bool notice, const char *fmt, ...)
{
    t->out->kind = VBW_TASK_TEMP_EXIT;
    t->out->delay = delay;
    t->out->is_notice = notice;
    va_list ap;
    va_start(ap, fmt);
    set_message(t, fmt, ap);
    va_end(ap);
    vbw_task_set_state(t, VBW_TASK_TEMPORARY_EXIT, "temporary exit");
    vbw_task_event(t, "temporary exit: %d s%s%s", delay, t->out->message[0] ? ", " : "",
                   t->out->message);
    return 1;
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
