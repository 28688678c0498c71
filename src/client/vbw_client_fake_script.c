/*
 * vbw_client_fake_script.c - the fake client's script: the actions an event
 * can take (their names in scenario files, what each does) and the timed
 * list that fires them (vbw_client_fake_script.h).
 */
#include "vbw_client_fake_script.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

struct vbw_fake_event {
    double t;
    enum vbw_fake_action action;
    char *path;
    char *content;
    bool fired;
};

/* A status flag an action sets (value true) or clears. */
#define SETS(field, to)                                                                            \
    .sets_flag = true, .flag = offsetof(struct vbw_client_status, field), .value = to

/* Each action: its name in scenario files and, for those that only set or
 * clear one of the client's status flags, which and to what; the others
 * are apply()'s cases. */
static const struct fake_action {
    const char *name;
    bool sets_flag;
    size_t flag; /* offset in struct vbw_client_status of a bool */
    bool value;
} actions[] = {
    [VBW_FAKE_SUSPEND] = {"suspend", SETS(suspended, true)},
    [VBW_FAKE_RESUME] = {"resume", SETS(suspended, false)},
    [VBW_FAKE_QUIT] = {"quit", SETS(quit_request, true)},
    [VBW_FAKE_ABORT] = {"abort", SETS(abort_request, true)},
    [VBW_FAKE_NO_HEARTBEAT] = {"no-heartbeat", SETS(no_heartbeat, true)},
    [VBW_FAKE_NETWORK_SUSPEND] = {"network-suspend", SETS(network_suspended, true)},
    [VBW_FAKE_NETWORK_RESUME] = {"network-resume", SETS(network_suspended, false)},
    [VBW_FAKE_PREFS] = {"prefs"},
    [VBW_FAKE_WRITE_FILE] = {"write"},
    [VBW_FAKE_APPEND_FILE] = {"append"},
    [VBW_FAKE_REMOVE_FILE] = {"remove"},
    [VBW_FAKE_TOUCH_FILE] = {"touch"},
    [VBW_FAKE_HOOK] = {"hook"},
    [VBW_FAKE_MKDIR] = {"mkdir"},
};

#define N_ACTIONS (sizeof actions / sizeof actions[0])

const char *vbw_fake_action_name(enum vbw_fake_action a)
{
    if ((size_t)a < N_ACTIONS)
        return actions[a].name;
    return "?";
}

int vbw_fake_action_parse(const char *name)
{
    for (size_t i = 0; i < N_ACTIONS; i++)
        if (strcmp(actions[i].name, name) == 0)
            return (int)i;
    return -1;
}

int vbw_fake_script_add(struct vbw_fake_script *s, double t, enum vbw_fake_action a,
                        const char *path, const char *content)
{
    struct vbw_fake_event *grown = realloc(s->events, (s->n_events + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "fake client: out of memory");
    s->events = grown;
    struct vbw_fake_event *e = &s->events[s->n_events];
    memset(e, 0, sizeof *e);
    e->t = t;
    e->action = a;
    e->path = path ? strdup(path) : NULL;
    e->content = content ? strdup(content) : NULL;
    if ((path && !e->path) || (content && !e->content)) {
        free(e->path);
        free(e->content);
        return vbw_error_set(VBW_ERR_NOMEM, "fake client: out of memory");
    }
    s->n_events++;
    return 0;
}

static void write_file(const char *path, const char *content, const char *mode)
{
    FILE *f = fopen(path, mode);
    if (!f) {
        vbw_log_warn("fake client: cannot write %s", path);
        return;
    }
    if (content)
        fputs(content, f);
    fclose(f);
}

static void touch_file(double now, const char *path)
{
    /* mtime follows the fake clock (plus a fixed base), so heartbeat checks
     * see it advance exactly when the script says. */
    struct timespec ts[2];
    ts[0].tv_sec = ts[1].tv_sec = (time_t)(1700000000 + now);
    ts[0].tv_nsec = ts[1].tv_nsec = 0;
    FILE *f = fopen(path, "a");
    if (f)
        fclose(f);
    utimensat(AT_FDCWD, path, ts, 0);
}

static void apply(const struct vbw_fake_target *target, const struct vbw_fake_event *e)
{
    const struct fake_action *row = &actions[e->action];

    if (row->sets_flag) {
        *(bool *)((char *)target->status + row->flag) = row->value;
        return;
    }
    switch (e->action) {
    case VBW_FAKE_PREFS:
        if (e->path)
            *target->cpu_limit = atof(e->path);
        target->status->reread_init_data = true;
        break;
    case VBW_FAKE_WRITE_FILE:
        write_file(e->path, e->content, "w");
        break;
    case VBW_FAKE_APPEND_FILE:
        write_file(e->path, e->content, "a");
        break;
    case VBW_FAKE_REMOVE_FILE:
        unlink(e->path);
        break;
    case VBW_FAKE_TOUCH_FILE:
        touch_file(target->now, e->path);
        break;
    case VBW_FAKE_MKDIR:
        vbw_file_mkdir_p(e->path, 0755);
        break;
    default: /* VBW_FAKE_HOOK only calls the hook */
        break;
    }
}

void vbw_fake_script_fire_due(struct vbw_fake_script *s, const struct vbw_fake_target *target)
{
    for (size_t i = 0; i < s->n_events; i++) {
        struct vbw_fake_event *e = &s->events[i];
        if (e->fired || e->t > target->now + 1e-9)
            continue;
        apply(target, e);
        e->fired = true;
        if (s->hook)
            s->hook(e->t, e->action, e->path, e->content, s->hook_opaque);
    }
}

void vbw_fake_script_clear(struct vbw_fake_script *s)
{
    for (size_t i = 0; i < s->n_events; i++) {
        free(s->events[i].path);
        free(s->events[i].content);
    }
    free(s->events);
    s->events = NULL;
    s->n_events = 0;
}
