/*
 * vbw_client_fake_script.h - the fake client's script (private to
 * src/client): timed events that change the client's status, preferences
 * or the slot's files when the fake clock reaches them
 * (vbw_client_fake_script.c; the client that runs it: vbw_client_fake.c).
 */
#ifndef VBW_CLIENT_FAKE_SCRIPT_H
#define VBW_CLIENT_FAKE_SCRIPT_H

#include <stddef.h>

#include "vbw/vbw_client_fake.h"

struct vbw_fake_event;

struct vbw_fake_script {
    struct vbw_fake_event *events; /* in the order added */
    size_t n_events;
    vbw_client_fake_hook_fn hook; /* called after each event, may be NULL */
    void *hook_opaque;
};

/* What the events act on: the client's status flags and CPU limit, and its
 * clock (a touched file's mtime follows it). */
struct vbw_fake_target {
    struct vbw_client_status *status;
    double *cpu_limit;
    double now;
};

/* Adds an event at t; path and content are copied (may be NULL). */
int vbw_fake_script_add(struct vbw_fake_script *s, double t, enum vbw_fake_action a,
                        const char *path, const char *content);
/* Fires, in order, every event not yet fired whose time has come. */
void vbw_fake_script_fire_due(struct vbw_fake_script *s, const struct vbw_fake_target *target);
void vbw_fake_script_clear(struct vbw_fake_script *s);

#endif
