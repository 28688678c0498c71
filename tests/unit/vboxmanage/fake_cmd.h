/*
 * fake_cmd.h - a command backend for the VBoxManage backend's tests: records
 * every argv it is asked to run and answers from a queue of canned results
 * ({exit, stdout, stderr}, or a timeout), as libvirt's dry-run command seam.
 * Linked into every vboxmanage test; every symbol is prefixed fake_cmd_.
 */
#ifndef FAKE_CMD_H
#define FAKE_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw/vbw_cmd.h"

#define FAKE_CMD_MAX_CALLS 64

struct fake_cmd_answer {
    int exit_code;
    const char *out; /* NULL: "" */
    const char *err;
    bool timed_out;
    int term_signal; /* killed by this signal (exited = false) */
};

struct fake_cmd {
    struct vbw_cmd parent;
    struct fake_cmd_answer answers[FAKE_CMD_MAX_CALLS];
    char *answer_bufs[FAKE_CMD_MAX_CALLS][2]; /* owned copies of out/err */
    size_t n_answers, next_answer;
    char *calls[FAKE_CMD_MAX_CALLS];    /* each argv joined with ' ', argv[0] dropped */
    char *programs[FAKE_CMD_MAX_CALLS]; /* argv[0] of each call */
    int timeouts[FAKE_CMD_MAX_CALLS];   /* timeout_ms asked */
    size_t n_calls;
};

/* A fresh fake (calloc'd); release with vbw_cmd_free(&f->parent). */
struct fake_cmd *fake_cmd_new(void);
/* Queues an answer; out/err are copied. */
void fake_cmd_answer(struct fake_cmd *f, int exit_code, const char *out, const char *err);
void fake_cmd_answer_timeout(struct fake_cmd *f);
/* Queues the output part of a fixture file (VBW_FIXTURES_DIR/rel, after its
 * "# ---" header end) as stdout, or as stderr; returns false when the file
 * does not exist (the caller falls back to an inline answer). */
bool fake_cmd_answer_file(struct fake_cmd *f, int exit_code, const char *rel, bool to_stderr);
/* The i-th recorded call without the program, arguments joined by one space
 * and empty ones shown as ''. NULL past the end. */
const char *fake_cmd_call(const struct fake_cmd *f, size_t i);

#endif
