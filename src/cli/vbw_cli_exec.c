/*
 * vbw_cli_exec.c - vbw exec VM [options] -- CMD ARGS...: runs a program in
 * the guest through the guest additions and exits with its status, so a
 * script can treat the guest program like a local one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char exec_usage[] =
    "Usage: vbw exec VM [OPTIONS] -- CMD [ARGS...]\n"
    "Runs CMD (an absolute path in the guest) with the guest additions and\n"
    "prints its stdout and stderr (when it has ended: VBoxManage hands them over\n"
    "as a whole). --cwd needs VirtualBox 7.1 or later. The password may also\n"
    "come from the environment variable VBW_GUEST_PASSWORD.\n"
    "Exit status: the guest program's (VirtualBox passes 0..93; 94 stands for\n"
    "94 and above); 124 when it timed out, 128+N when signal N killed it (128\n"
    "when VirtualBox does not say which), 125 when vbw could not run it.\n";

enum { EX_USER, EX_PASSWORD, EX_PASSWORD_FILE, EX_TIMEOUT, EX_ENV, EX_CWD };
/* No -t: docker exec users read it as "allocate a terminal". */
static const struct vbw_cli_opt exec_opts[] = {
    {"user", 'u', true, "U", "the guest user to run as"},
    {"password", 'p', true, "P", "that user's password (visible to ps: prefer the next two)"},
    {"password-file", 0, true, "FILE", "read the password from FILE's first line"},
    {"timeout", 0, true, "S", "kill the guest program after S seconds"},
    {"env", 'e', true, "K=V", "set a variable in the guest program's environment"},
    {"cwd", 'w', true, "DIR", "the guest program's working directory (VirtualBox 7.1+)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_exec_status(const struct vbw_hv_guest_result *r)
{
    if (r->timed_out)
        return VBW_CLI_EXIT_EXEC_TIMEOUT;
    if (!r->finished)
        return VBW_CLI_EXIT_EXEC_SIGNAL_BASE + (r->term_signal > 0 ? r->term_signal : 0);
    return r->exit_code & 0xff;
}

static void print_json(struct vbw_cli *cli, const char *vm, const struct vbw_hv_guest_cmd *gc,
                       char **rest, int n_rest, const struct vbw_hv_guest_result *r, int rc)
{
    struct vbw_json j;
    vbw_json_init(&j, cli->out);
    vbw_json_object_begin(&j);
    vbw_json_kv_string(&j, "vm", vm);
    vbw_json_kv_string(&j, "cmd", gc->exe);
    vbw_json_key(&j, "args");
    vbw_json_array_begin(&j);
    for (int i = 1; i < n_rest; i++)
        vbw_json_string(&j, rest[i]);
    vbw_json_array_end(&j);
    if (rc < 0) {
        /* The same keys as a run, so scripts need not test for them; the
         * error says why nothing ran. */
        vbw_json_kv_string(&j, "out", "");
        vbw_json_kv_string(&j, "err", "");
        vbw_json_kv_bool(&j, "finished", false);
        vbw_json_key(&j, "exit_code_or_signal");
        vbw_json_null(&j);
        vbw_json_kv_bool(&j, "timed_out", false);
        vbw_json_key(&j, "resources");
        vbw_json_object_begin(&j);
        vbw_json_object_end(&j);
        vbw_cli_json_error(&j);
    } else {
        vbw_json_key(&j, "out");
        vbw_json_string_n(&j, r->out ? r->out : "", r->out ? r->out_len : 0);
        vbw_json_key(&j, "err");
        vbw_json_string_n(&j, r->err ? r->err : "", r->err ? r->err_len : 0);
        vbw_json_kv_bool(&j, "finished", r->finished);
        /* The exit code when it finished, the signal when one killed it;
         * null when timed out or killed by a signal VirtualBox does not name
         * (VBoxManage reports "killed by a signal", never which). */
        vbw_json_key(&j, "exit_code_or_signal");
        if (r->finished)
            vbw_json_int(&j, r->exit_code);
        else if (!r->timed_out && r->term_signal > 0)
            vbw_json_int(&j, r->term_signal);
        else
            vbw_json_null(&j);
        vbw_json_kv_bool(&j, "timed_out", r->timed_out);
        vbw_json_key(&j, "resources");
        vbw_json_object_begin(&j);
        vbw_json_kv_int(&j, "wall_ms", r->wall_ms);
        vbw_json_object_end(&j);
    }
    vbw_json_object_end(&j);
    vbw_json_finish(&j);
}

int vbw_cli_cmd_exec(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_guest_result result = {0};
    const char **env = NULL;
    double timeout_s = 0;
    int code = vbw_cli_parse(cli, "exec", argc, argv, exec_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs(exec_usage, cli->out);
        vbw_cli_print_options(cli, exec_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (!args.rest || args.n_rest < 1)
        return vbw_cli_usage_error(cli, "exec", "expects '-- CMD [ARGS...]'");
    if (args.n_positional != 1)
        return vbw_cli_usage_error(cli, "exec", "expects one VM before '--'");
    const char *timeout_text = vbw_cli_opt_value(&args, EX_TIMEOUT);
    if (timeout_text &&
        (code = vbw_cli_parse_seconds(cli, "exec", "--timeout", timeout_text, &timeout_s)))
        return code;
    /* VirtualBox counts the guest program's time in whole milliseconds and
     * 0 means no limit: a limit that rounds to 0 ms must not silently become
     * none. */
    long long timeout_ms = llround(timeout_s * 1000);
    if (timeout_s > 0 && timeout_ms < 1)
        return vbw_cli_usage_error(cli, "exec", "--timeout: '%s' is under a millisecond",
                                   timeout_text);
    const char *vm = args.positional[0];

    env = calloc((size_t)args.n_occ + 1, sizeof(*env));
    if (!env)
        return VBW_CLI_EXIT_EXEC_FAILED;
    size_t n_env = 0;
    for (int i = 0; i < args.n_occ; i++) {
        if (args.occ[i].opt != EX_ENV)
            continue;
        if (!strchr(args.occ[i].value, '=') || args.occ[i].value[0] == '=') {
            free(env);
            return vbw_cli_usage_error(cli, "exec", "--env wants K=V, not '%s'",
                                       args.occ[i].value);
        }
        env[n_env++] = args.occ[i].value;
    }

    char *password = NULL;
    if (vbw_cli_guest_password(cli, vbw_cli_opt_value(&args, EX_PASSWORD),
                               vbw_cli_opt_value(&args, EX_PASSWORD_FILE), &password) < 0) {
        free(env);
        vbw_cli_report_error(cli, "exec");
        return VBW_CLI_EXIT_EXEC_FAILED;
    }
    struct vbw_hv_guest_cmd gc = {
        .exe = args.rest[0],
        .args = (const char *const *)args.rest,
        .env = n_env ? env : NULL,
        .user = vbw_cli_opt_value(&args, EX_USER),
        .password = password,
        .cwd = vbw_cli_opt_value(&args, EX_CWD),
        .timeout_ms = (int)timeout_ms,
    };
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv) {
        code = VBW_CLI_EXIT_EXEC_FAILED;
        goto cleanup;
    }
    int rc = hv->ops->guest_run(hv, vm, &gc, &result);
    if (rc < 0)
        vbw_cli_report_error(cli, vm);
    if (cli->json) {
        print_json(cli, vm, &gc, args.rest, args.n_rest, &result, rc);
    } else if (rc == 0) {
        /* The guest's output as it was: stdout to stdout, stderr to stderr. */
        if (result.out_len)
            fwrite(result.out, 1, result.out_len, cli->out);
        if (result.err_len)
            fwrite(result.err, 1, result.err_len, cli->err);
        if (result.timed_out)
            fprintf(cli->err, "vbw: %s: %s timed out after %.0f s\n", vm, gc.exe, timeout_s);
        else if (!result.finished && result.term_signal > 0)
            fprintf(cli->err, "vbw: %s: %s killed by signal %d\n", vm, gc.exe,
                    result.term_signal);
        else if (!result.finished)
            fprintf(cli->err, "vbw: %s: %s killed by a signal (VirtualBox does not say which)\n",
                    vm, gc.exe);
    }
    code = rc < 0 ? VBW_CLI_EXIT_EXEC_FAILED : vbw_cli_exec_status(&result);
cleanup:
    vbw_hv_guest_result_clear(&result);
    free(password);
    free(env);
    return code;
}
