/*
 * vbw_client_fake.h - the scripted BOINC client and fake clock for tests.
 *
 * now() starts at 0 and only sleep() advances it; events scheduled with
 * vbw_client_fake_at() fire when the clock reaches their time. finish and
 * temporary_exit record the outcome and return.
 */
#ifndef VBW_CLIENT_FAKE_H
#define VBW_CLIENT_FAKE_H

#include <stdbool.h>

#include "vbw/vbw_client.h"

enum vbw_fake_action {
    VBW_FAKE_SUSPEND = 0,
    VBW_FAKE_RESUME,
    VBW_FAKE_QUIT,
    VBW_FAKE_ABORT,
    VBW_FAKE_NO_HEARTBEAT,
    VBW_FAKE_NETWORK_SUSPEND,
    VBW_FAKE_NETWORK_RESUME,
    VBW_FAKE_PREFS,       /* arg: "cpu_usage_limit" as text, e.g. "50" */
    VBW_FAKE_WRITE_FILE,  /* path, content: (over)write a file */
    VBW_FAKE_APPEND_FILE, /* path, content: append */
    VBW_FAKE_REMOVE_FILE, /* path */
    VBW_FAKE_TOUCH_FILE,  /* path: bump mtime to the fake clock */
    VBW_FAKE_HOOK,        /* path = tag: only calls the hook */
    VBW_FAKE_MKDIR,       /* path: make a folder and its parents (a guest's mkdir -p) */
};

const char *vbw_fake_action_name(enum vbw_fake_action a);
/* "suspend", "write", ... -> action; -1 when unknown. */
int vbw_fake_action_parse(const char *name);

struct vbw_client_fake_record {
    bool finished;
    bool temp_exited;
    int exit_code;
    int delay;
    char message[1024];
    bool is_notice;
    double end_time; /* fake clock at finish / temporary exit */
    unsigned reports;
    unsigned checkpoints;
    unsigned trickles;      /* taken by the client */
    unsigned trickles_busy; /* refused: the previous one not yet taken */
    char last_trickle[1024];
    unsigned uploads;
    int other_pid;
    double cpu_time, checkpoint_cpu_time, fraction_done;
    char web_graphics_url[256];
    char remote_desktop_addr[256];
    char sporadic_dir[512]; /* --sporadic: the folder handed over, or "" */
};

/* Called when a scripted event fires (after the client applied it). */
typedef void (*vbw_client_fake_hook_fn)(double t, enum vbw_fake_action a, const char *path,
                                        const char *content, void *opaque);

int vbw_client_fake_new(struct vbw_client **out);
/* Schedules an event; path/content are copied (may be NULL). Events at the
 * same time fire in the order added. */
int vbw_client_fake_at(struct vbw_client *c, double t, enum vbw_fake_action a, const char *path,
                       const char *content);
void vbw_client_fake_set_hook(struct vbw_client *c, vbw_client_fake_hook_fn fn, void *opaque);
/* time_to_checkpoint() turns true every period seconds (default 60, as
 * BOINC's default checkpoint preference is 60 s). */
void vbw_client_fake_set_checkpoint_period(struct vbw_client *c, double period);
void vbw_client_fake_set_prefs(struct vbw_client *c, double cpu_limit, double down, double up);
/* Makes sleep() stop advancing past t (end of script guard): returns true
 * when the clock passed the limit. */
void vbw_client_fake_set_time_limit(struct vbw_client *c, double t);
/* From now on the temporary-exit file cannot be written (a full slot):
 * record_temporary_exit fails. */
void vbw_client_fake_fail_temporary_exit_file(struct vbw_client *c);
bool vbw_client_fake_time_limit_hit(struct vbw_client *c);
const struct vbw_client_fake_record *vbw_client_fake_record(struct vbw_client *c);

#endif
