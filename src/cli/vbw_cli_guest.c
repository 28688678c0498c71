/*
 * vbw_cli_guest.c - what the verbs that act inside a guest (exec, cp)
 * share: where the guest password comes from, and Ctrl-C/SIGTERM passed on
 * to the VirtualBox call that runs there.
 */
#include <signal.h>
#include <string.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"

int vbw_cli_guest_password(struct vbw_cli *cli, const char *option_value, const char *file,
                           char **out)
{
    *out = NULL;
    if (option_value || !file) {
        const char *p = option_value ? option_value : cli->guest_password_env;
        if (p && !(*out = vbw_strdup(p)))
            return VBW_ERR_NOMEM;
        return 0;
    }
    size_t len = 0;
    int rc = vbw_file_read_all(file, 4096, out, &len);
    if (rc < 0)
        return vbw_error_wrap("--password-file");
    (*out)[strcspn(*out, "\r\n")] = '\0';
    return 0;
}

static struct vbw_cmd_cancel cli_cancel;

static void on_cancel_signal(int sig)
{
    cli_cancel.signal = sig;
    cli_cancel.count++;
}

struct vbw_cmd_cancel *vbw_cli_cancel_begin(struct vbw_cli_cancel_scope *scope)
{
    cli_cancel.count = 0;
    cli_cancel.signal = 0;
    scope->old_int = signal(SIGINT, on_cancel_signal);
    if (scope->old_int == SIG_IGN)
        signal(SIGINT, SIG_IGN);
    scope->old_term = signal(SIGTERM, on_cancel_signal);
    return &cli_cancel;
}

void vbw_cli_cancel_end(struct vbw_cli_cancel_scope *scope)
{
    signal(SIGINT, scope->old_int == SIG_ERR ? SIG_DFL : scope->old_int);
    signal(SIGTERM, scope->old_term == SIG_ERR ? SIG_DFL : scope->old_term);
}

int vbw_cli_cancel_status(const struct vbw_cmd_cancel *cancel)
{
    return VBW_CLI_EXIT_EXEC_SIGNAL_BASE + (cancel->signal > 0 ? cancel->signal : SIGINT);
}
