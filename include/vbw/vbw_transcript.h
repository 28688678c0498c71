/*
 * vbw_transcript.h - recorded VBoxManage sessions: the file format, and the
 * matching engine shared by the in-process replay backend and the
 * stand-alone replay program. docs/transcripts.md describes the format;
 * in short:
 *
 *   # comments; a header may say "# version: 7.0.10" and "# source: ..."
 *   call showvminfo {VM} --machinereadable     <- one step: the arguments
 *   exit 1                                        after the program name
 *   stderr <<EOT
 *   VBoxManage: error: Could not find a registered machine named 'boinc_x'
 *   EOT
 *
 * Step lines: `call ARGS` (words; "double quotes" with \" \\ \n \t \r
 * escapes; "" is an empty argument), `exit N`, `stdout <<TAG [noeol]`,
 * `stderr <<TAG [noeol]` (text lines verbatim up to TAG; CR kept), `repeat N`
 * / `repeat N..M` / `repeat *` (the answer serves N (to M) calls in a row;
 * * is one or more), `duration MS`, `hang` (the call does not end: the caller
 * times out), `fault KIND [COUNT [NAME]]`, `anytime` (the step is outside the
 * order: it answers a matching call whenever the in-order step does not, any
 * number of times -- clean-up calls a fault may bring forward).
 * Placeholders {NAME} in arguments and output take the value of the variable
 * NAME ("NAME=value" pairs given to the replay); {UUID1}, {UUID2}... stand for
 * UUIDs (each gets one stable made-up value unless set as a variable);
 * {ANY} as a whole argument matches any argument.
 */
#ifndef VBW_TRANSCRIPT_H
#define VBW_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_util.h"

/* Faults a replay can answer with instead of the recorded output. The step
 * is not consumed: the caller's retry gets the recorded answer. */
enum vbw_fault_kind {
    VBW_FAULT_NONE = 0,
    VBW_FAULT_ERROR,       /* exit 1 + error trailer (NAME, default session lock) */
    VBW_FAULT_EXIT0_ERROR, /* the same trailer with exit status 0 */
    VBW_FAULT_SVC_DOWN,    /* "Failed to create the VirtualBox object!" */
    VBW_FAULT_HANG,        /* never ends: the caller's timeout kills it */
    VBW_FAULT_EMPTY,       /* exit 0, nothing printed */
    VBW_FAULT_GARBAGE,     /* exit 0, binary junk on stdout */
    VBW_FAULT_LOCALIZED,   /* the error in German, as a non-C locale prints it */
};

struct vbw_fault {
    enum vbw_fault_kind kind;
    unsigned at_call; /* 1-based number of the first call it answers */
    unsigned count;   /* calls in a row (>= 1) */
    char name[64];    /* HRESULT name for ERROR kinds ("" = session lock) */
};

/* "lock", "svc", ... <-> kind. */
const char *vbw_fault_kind_name(enum vbw_fault_kind kind);
enum vbw_fault_kind vbw_fault_kind_from_name(const char *name);

/* Parses "AT:KIND[:COUNT[:NAME]]" items separated by commas
 * (e.g. "5:error:2:VBOX_E_INVALID_OBJECT_STATE,9:hang"). */
int vbw_fault_parse_list(const char *spec, struct vbw_fault **faults, size_t *count);

/* Fills result with the fault's answer for a call of args (args[0] is the
 * first argument, not the program). Strings are malloc'd. */
int vbw_fault_answer(const struct vbw_fault *fault, const char *const *args,
                     struct vbw_cmd_result *result);

struct vbw_transcript_step {
    char **args; /* NULL-terminated, placeholders unexpanded */
    size_t n_args;
    int exit_code;
    int term_signal; /* `signal N`: killed by N instead of exiting */
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
    unsigned repeat_min, repeat_max;
    int64_t duration_ms; /* -1: not recorded */
    bool hang;
    bool anytime;           /* out of order, any number of times */
    struct vbw_fault fault; /* kind NONE when none; at_call is ignored */
    int line;               /* of the `call` line */
};

struct vbw_transcript {
    struct vbw_transcript_step *steps;
    size_t n_steps;
    char *name;       /* file name, for messages */
    char version[32]; /* from "# version:", or "" */
};

/* Parses a transcript text. Errors name the file and line. */
int vbw_transcript_parse(const char *text, size_t len, const char *name, struct vbw_transcript *t);
int vbw_transcript_load(const char *path, struct vbw_transcript *t);
void vbw_transcript_clear(struct vbw_transcript *t);

/* Where a replay stands; plain data so the stand-alone program can keep it
 * in a file between processes. */
struct vbw_replay_pos {
    size_t step;    /* current step index */
    unsigned used;  /* calls the current step has answered */
    unsigned calls; /* calls seen in all (faults included) */
};

/* Matches one call (args without the program name) against the transcript
 * at pos, advancing pos. On a match fills result (expanded output) and
 * returns 0 with *answered the index of the step that answered (an
 * `anytime` step leaves pos alone); a step marked `hang` sets *hang. On a
 * mismatch returns
 * VBW_ERR_MISMATCH with a report naming the step, its line, the expected
 * and the actual arguments. vars: "NAME=value", NULL-terminated or NULL. */
int vbw_transcript_answer(const struct vbw_transcript *t, struct vbw_replay_pos *pos,
                          const char *const *vars, const char *const *args,
                          struct vbw_cmd_result *result, bool *hang, size_t *answered);

/* 0 when every step has had its minimum of calls; else VBW_ERR_MISMATCH
 * naming the first step still expected. */
int vbw_transcript_check_done(const struct vbw_transcript *t, const struct vbw_replay_pos *pos);

/* Replaces {NAME} placeholders in s (vars; {UUIDn} made up when unset).
 * Returns a malloc'd string. */
char *vbw_transcript_expand(const char *s, size_t len, const char *const *vars, size_t *out_len);

/* Appends one step for a call (args without the program) and its result to
 * b, in the format above. Used by the record backend. */
int vbw_transcript_write_step(struct vbw_buf *b, const char *const *args,
                              const struct vbw_cmd_result *result);

/* Appends "# version: V" to b, V the version line of `VBoxManage
 * --version` output out (its last line: launcher warnings may come first).
 * Appends nothing for output that is empty or too long to be a version.
 * Used by the record backend and `vbw record`. */
int vbw_transcript_write_version(struct vbw_buf *b, const char *out, size_t out_len);

/* Splits a `call` line's argument text into words (quotes, escapes).
 * Returns a NULL-terminated malloc'd vector. */
char **vbw_transcript_split_args(const char *text, size_t len, size_t *count);

#endif
