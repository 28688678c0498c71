/*
 * vbw_scenario.h - the pieces of the scenario runner (tests/scenarios/).
 * FORMAT.md in this folder documents the data files; each piece is one file:
 *   vbw_scenario_file.c        reading a data file into struct scenario
 *   vbw_scenario_inputs.c      the task's inputs, read by the real parsers
 *   vbw_scenario_script.c      the scripted client (<client>) and its hooks
 *   vbw_scenario_model.c       model mode: the in-memory hypervisor (<vm>)
 *   vbw_scenario_transcript.c  transcript mode: real backend over replay
 *   vbw_scenario_verify.c      the <verify> vocabulary
 *   vbw_scenario_matrix.c      the fault matrix over a transcript scenario
 *   vbw_scenario_main.c        the command line
 */
#ifndef VBW_SCENARIO_H
#define VBW_SCENARIO_H

#include <stdbool.h>

#include "vbw/vbw_client_fake.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_task.h"
#include "vbw/vbw_util.h"

struct vbw_fake_hv;

/* One data file's sections (malloc'd text, NULL when absent). */
struct scenario {
    char *name, *job, *init, *ckpt, *cmdline, *vm, *client, *verify, *transcript;
    char *vmlog;        /* <vmlog>: what the VM process writes to VBox.log at startvm */
    char *vmlog_failed; /* <vmlog-failed-start>: the log a VM process leaves when startvm fails */
    char *slot_files;   /* <slot-files>: PATH CONTENT lines written into the slot first */
};

/* -v: print the lifecycle as it goes (bin/vbw-scenario). */
extern bool scenario_verbose;
/* The client of the run in progress (the observer prints its clock). */
extern struct vbw_client *scenario_client;

/* vbw_scenario_file.c */
int scenario_read(const char *path, struct scenario *sc);
void scenario_free(struct scenario *sc);
char *scenario_expand_names(const char *s, const char *vm, const char *slot);
char *scenario_unescape(const char *s);

/* vbw_scenario_inputs.c: what vboxwrapper.c would hand the task. A job the
 * parser refuses with an exit code leaves refused_code set and refused the
 * message vboxwrapper.c prints. */
struct scenario_inputs {
    struct vbw_job job;
    struct vbw_init_data id;
    struct vbw_cmdline cl;
    struct vbw_job_derived d;
    int refused_code;
    char refused[1100];
    struct vbw_buf job_warnings; /* the parser's warnings, a line each */
};
int scenario_inputs_load(const struct scenario *sc, const char *slot, struct scenario_inputs *in);
void scenario_inputs_clear(struct scenario_inputs *in);
/* Writes the job's warnings to stderr.txt (the log), as vboxwrapper.c does
 * while it parses: call once the log sink is set. */
void scenario_inputs_log_warnings(const struct scenario_inputs *in);
/* The task over these inputs as vboxwrapper.c runs it: a refused job ends
 * with the ERROR line and finish(code); otherwise vbw_task_run on hv and the
 * outcome delivered to the client. hooks are the task's process_alive. */
struct scenario_hooks;
void scenario_inputs_run(const struct scenario_inputs *in, const char *slot, struct vbw_hv *hv,
                         struct vbw_client *client, struct scenario_hooks *hooks,
                         struct vbw_task_outcome *out);

/* vbw_scenario_script.c */
struct scenario_hooks {
    struct vbw_fake_hv *hv; /* model mode, else NULL */
    char slot[256];
    char vm[128];         /* the task's VM (model mode) */
    bool vm_process_dead; /* `vm-process-dies`: the VM process's pid no longer exists */
};
int scenario_script_load(struct vbw_client *c, const char *script, const char *slot,
                         const char *vm);
void scenario_hook(double t, enum vbw_fake_action a, const char *path, const char *content,
                   void *opaque);
bool scenario_process_alive(int pid, void *opaque);
void scenario_observer(enum vbw_task_state s, const char *event, void *opaque);
void scenario_sink(enum vbw_log_level level, const char *line, void *opaque);

/* vbw_scenario_transcript.c: a cmd wrapper that remembers every call. */
struct scenario_calls {
    struct vbw_cmd base;
    struct vbw_cmd *inner;
    struct vbw_buf log; /* one line per call: the arguments, space-joined */
    unsigned calls;
    unsigned through_start;   /* calls up to and including the first startvm */
    unsigned unanswered;      /* calls the transcript had no answer for */
    unsigned made_ok;         /* createvm / registervm that succeeded */
    unsigned removed_ok;      /* unregistervm that succeeded */
    const char *vmlog_dir;    /* <slot>/<vm>/Logs */
    const char *vmlog;        /* <vmlog> text, or NULL */
    const char *vmlog_failed; /* <vmlog-failed-start> text, or NULL */
};

/* What one transcript-mode run gave (the fault matrix compares them). */
struct scenario_once {
    int failures; /* verify failures (clean runs only) */
    bool ran;     /* the task ran (setup was fine) */
    struct vbw_task_outcome out;
    unsigned calls, unanswered;
    bool in_time;            /* ended before the script's time limit */
    bool checkpoint_intact;  /* a checkpoint present at start still parses */
    bool vm_consistent;      /* VirtualBox holds what the outcome says */
    struct vbw_buf call_log; /* the calls, one per line */
};
int scenario_transcript_once(const char *path, const struct scenario *sc, const char *faults,
                             struct scenario_once *res);
int scenario_run_transcript(const char *path, const struct scenario *sc, const char *faults);

/* vbw_scenario_model.c */
int scenario_run_model(const char *path, const struct scenario *sc);

/* vbw_scenario_verify.c: what verify looks at; hv in model mode, calls and
 * replay in transcript mode. Returns the number of failed checks. */
struct scenario_seen {
    const char *slot;
    struct vbw_fake_hv *hv;
    const char *vm; /* the task's VM (model mode) */
    struct scenario_calls *calls;
    struct vbw_cmd *replay;
    struct vbw_client *client;
    const char *err_text; /* everything the task wrote to stderr */
};
int scenario_verify(const struct scenario *sc, const struct scenario_seen *seen);

/* vbw_scenario_matrix.c */
int scenario_run_matrix(const char *path);

#endif
