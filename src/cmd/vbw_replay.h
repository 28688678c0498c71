/*
 * vbw_replay.h - the replay engine (private to src/cmd): a transcript, where
 * the replay stands, the injected faults. Shared by the in-process replay
 * backend (vbw_cmd_replay.c) and the stand-alone program
 * (vbw_replay_main.c), which keeps the position in a state file between
 * its processes.
 */
#ifndef VBW_REPLAY_H
#define VBW_REPLAY_H

#include "vbw/vbw_transcript.h"

struct vbw_replay {
    struct vbw_transcript t;
    struct vbw_replay_pos pos;
    unsigned *fault_used;     /* per step: calls answered by its `fault` */
    struct vbw_fault *faults; /* injected from outside (by call number) */
    size_t n_faults;
    char **vars; /* "NAME=value", NULL-terminated */
};

int vbw_replay_init(struct vbw_replay *r, const char *path, const char *const *vars);
void vbw_replay_clear(struct vbw_replay *r);
int vbw_replay_add_faults(struct vbw_replay *r, const char *spec);

/* One call (args without the program). *hang: the answer is "never ends". */
int vbw_replay_call(struct vbw_replay *r, const char *const *args, struct vbw_cmd_result *result,
                    bool *hang);

/* The position as text and back (stand-alone program's state file). */
int vbw_replay_save_state(const struct vbw_replay *r, struct vbw_buf *b);
int vbw_replay_load_state(struct vbw_replay *r, const char *text);

#endif
