/*
 * fake_cmd.c - see fake_cmd.h. A call beyond the queued answers fails with
 * VBW_ERR_MISMATCH, so a test that forgot an answer cannot pass by accident.
 */
#include "fake_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"

/* Same quoting as vbw_vbm_argv_join(): an argument that is empty or holds
 * blanks or quotes is shown in single quotes. */
static char *join_args(const char *const *argv)
{
    struct vbw_buf buf = VBW_BUF_INIT;
    vbw_buf_puts(&buf, "");
    for (size_t i = 1; argv[i]; i++) {
        const char *s = argv[i];
        bool quote = !*s || strpbrk(s, " \t\n'\"") != NULL;
        vbw_buf_printf(&buf, "%s%s%s%s", i > 1 ? " " : "", quote ? "'" : "", s, quote ? "'" : "");
    }
    return vbw_buf_detach(&buf);
}

static int fake_cmd_run(struct vbw_cmd *cmd, const char *const *argv,
                        const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct fake_cmd *f = (struct fake_cmd *)cmd;
    memset(result, 0, sizeof *result);
    if (f->n_calls < FAKE_CMD_MAX_CALLS) {
        f->calls[f->n_calls] = join_args(argv);
        f->programs[f->n_calls] = strdup(argv[0]);
        f->timeouts[f->n_calls] = opts ? opts->timeout_ms : 0;
        f->n_calls++;
    }
    if (f->next_answer >= f->n_answers)
        return vbw_error_set(VBW_ERR_MISMATCH, "fake_cmd: no answer queued for call %zu",
                             f->n_calls);
    const struct fake_cmd_answer *a = &f->answers[f->next_answer++];
    const char *out = a->out ? a->out : "";
    const char *err = a->err ? a->err : "";
    /* A streaming caller gets stdout a byte at a time: the hardest way a
     * pipe can cut it. */
    if (opts && opts->on_output) {
        for (const char *p = out; *p; p++)
            opts->on_output(1, p, 1, opts->output_opaque);
        if (*err)
            opts->on_output(2, err, strlen(err), opts->output_opaque);
    }
    result->out = strdup(out);
    result->out_len = strlen(out);
    result->err = strdup(err);
    result->err_len = strlen(err);
    result->timed_out = a->timed_out;
    result->term_signal = a->term_signal;
    result->exited = !a->timed_out && !a->term_signal;
    result->exit_code = a->exit_code;
    result->duration_ms = 1;
    return 0;
}

static void fake_cmd_free(struct vbw_cmd *cmd)
{
    struct fake_cmd *f = (struct fake_cmd *)cmd;
    for (size_t i = 0; i < f->n_calls; i++) {
        free(f->calls[i]);
        free(f->programs[i]);
    }
    for (size_t i = 0; i < f->n_answers; i++) {
        free(f->answer_bufs[i][0]);
        free(f->answer_bufs[i][1]);
    }
    free(f);
}

static const struct vbw_cmd_ops fake_cmd_ops = {
    .name = "fake",
    .run = fake_cmd_run,
    .free = fake_cmd_free,
};

struct fake_cmd *fake_cmd_new(void)
{
    struct fake_cmd *f = calloc(1, sizeof *f);
    if (f)
        f->parent.ops = &fake_cmd_ops;
    return f;
}

static struct fake_cmd_answer *next_slot(struct fake_cmd *f)
{
    if (f->n_answers >= FAKE_CMD_MAX_CALLS)
        abort();
    struct fake_cmd_answer *a = &f->answers[f->n_answers];
    memset(a, 0, sizeof *a);
    return a;
}

void fake_cmd_answer(struct fake_cmd *f, int exit_code, const char *out, const char *err)
{
    struct fake_cmd_answer *a = next_slot(f);
    a->exit_code = exit_code;
    f->answer_bufs[f->n_answers][0] = out ? strdup(out) : NULL;
    f->answer_bufs[f->n_answers][1] = err ? strdup(err) : NULL;
    a->out = f->answer_bufs[f->n_answers][0];
    a->err = f->answer_bufs[f->n_answers][1];
    f->n_answers++;
}

void fake_cmd_answer_timeout(struct fake_cmd *f)
{
    struct fake_cmd_answer *a = next_slot(f);
    a->timed_out = true;
    a->exit_code = -1;
    f->n_answers++;
}

bool fake_cmd_answer_file(struct fake_cmd *f, int exit_code, const char *rel, bool to_stderr)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VBW_FIXTURES_DIR, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    struct vbw_buf buf = VBW_BUF_INIT;
    char chunk[4096];
    size_t n;
    vbw_buf_puts(&buf, "");
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        vbw_buf_append(&buf, chunk, n);
    fclose(fp);
    char *text = vbw_buf_detach(&buf);
    /* The "# " header ends with a "# ---" line; the output follows. */
    const char *marker = strstr(text, "# ---\n");
    const char *output = marker ? marker + 6 : text;
    fake_cmd_answer(f, exit_code, to_stderr ? "" : output, to_stderr ? output : "");
    free(text);
    return true;
}

const char *fake_cmd_call(const struct fake_cmd *f, size_t i)
{
    return i < f->n_calls ? f->calls[i] : NULL;
}
