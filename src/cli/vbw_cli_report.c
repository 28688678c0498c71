/*
 * vbw_cli_report.c - how a verb tells the user what happened: the one-line
 * error (usage or failure), the error members of --json, and the progress
 * of a long VirtualBox operation.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

int vbw_cli_usage_error(struct vbw_cli *cli, const char *command, const char *fmt, ...)
{
    char message[VBW_ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    fprintf(cli->err, "vbw: %s: %s\nTry 'vbw %s --help'.\n", command, message, command);
    /* Kept as the last error for the --json failure object. */
    vbw_error_set(VBW_ERR_INVALID, "%s", message);
    return VBW_CLI_EXIT_USAGE;
}

void vbw_cli_make_printable(char *s)
{
    if (!s)
        return;
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t len = strlen(s);
    vbw_text_sanitize(s, len, s, len + 1, NULL);
}

int vbw_cli_report_error(struct vbw_cli *cli, const char *what)
{
    const struct vbw_error *e = vbw_error_last();
    char message[VBW_ERROR_MESSAGE_MAX], subject[512];
    snprintf(message, sizeof message, "%s",
             e->message[0] ? e->message : vbw_error_code_name(e->code));
    snprintf(subject, sizeof subject, "%s", what ? what : "");
    /* One line: scripts grep it, and a multi-line VirtualBox message would
     * split one failure across several log lines; VM names and VirtualBox's
     * text reach a terminal without its control sequences. */
    vbw_cli_make_printable(message);
    vbw_cli_make_printable(subject);
    fprintf(cli->err, "vbw: %s: %s\n", subject, message);
    return VBW_CLI_EXIT_FAILED;
}
#define PROGRESS_BAR_WIDTH 40

void vbw_cli_progress(int percent, void *opaque)
{
    struct vbw_cli *cli = opaque;
    if (percent < 0)
        percent = 0;
    if (percent > 100)
        percent = 100;
    if (cli->progress_tty) {
        int filled = percent * PROGRESS_BAR_WIDTH / 100;
        fputs("\r[", cli->err);
        for (int i = 0; i < PROGRESS_BAR_WIDTH; i++)
            fputc(i < filled ? '#' : ' ', cli->err);
        fprintf(cli->err, "] %3d%%", percent);
    } else if (!cli->json && !cli->no_progress) {
        fprintf(cli->err, "%d%%\n", percent);
    }
    fflush(cli->err);
}

void vbw_cli_progress_done(struct vbw_cli *cli)
{
    if (cli->progress_tty)
        fputc('\n', cli->err);
}

void vbw_cli_json_error(struct vbw_json *j)
{
    const struct vbw_error *e = vbw_error_last();
    vbw_json_kv_string(j, "error", e->message);
    vbw_json_kv_string(j, "error_code", vbw_error_code_name(e->code));
    if (e->has_vbox && e->vbox.name[0]) {
        char hr[16];
        snprintf(hr, sizeof hr, "0x%08" PRIx32, e->vbox.hresult);
        vbw_json_kv_string(j, "vbox_error", e->vbox.name);
        vbw_json_kv_string(j, "hresult", hr);
    }
}

void vbw_cli_json_result_begin(struct vbw_cli *cli, struct vbw_json *j, const char *vm)
{
    vbw_json_init(j, cli->out);
    vbw_json_object_begin(j);
    vbw_json_kv_string(j, "vm", vm);
}

void vbw_cli_json_result_end(struct vbw_json *j, bool failed)
{
    if (failed)
        vbw_cli_json_error(j);
    vbw_json_object_end(j);
    vbw_json_finish(j);
}

void vbw_cli_json_outcome(struct vbw_cli *cli, const char *vm, bool ok, bool failed)
{
    struct vbw_json j;
    vbw_cli_json_result_begin(cli, &j, vm);
    vbw_json_kv_bool(&j, "ok", ok);
    vbw_cli_json_result_end(&j, failed);
}
