/*
 * vbw_cli_exec.c - vbw exec VM... [options] [--] CMD ARGS...: runs a program
 * in the guest through the guest additions and exits with its status, so a
 * script can treat the guest program like a local one: its output comes as
 * it is printed, Ctrl-C ends it in the guest, -i gives it vbw's stdin and
 * -d leaves it running.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char exec_usage[] =
    "Usage: vbw exec VM... | --all  [OPTIONS] [--] CMD [ARGS...]\n"
    "Runs CMD (an absolute path in the guest) with the guest additions; its stdout\n"
    "and stderr come out as the guest program prints them. \"--\" may be left out\n"
    "when CMD is an absolute path: options end there (vbw exec vm /bin/ls -l).\n"
    "There is no time limit unless --timeout. Ctrl-C (or SIGTERM) ends the guest\n"
    "program as VBoxManage does (a second one kills VBoxManage) and exits 130\n"
    "(143). -d starts CMD and prints its guest PID instead of waiting for it.\n"
    "-i reads vbw's stdin to its end and gives it to CMD as its stdin (piped, not\n"
    "interactive: VBoxManage cannot feed a guest program; the guest needs /bin/sh).\n"
    "--cwd needs VirtualBox 7.1 or later. The password may also come from\n"
    "VBW_GUEST_PASSWORD. Several VMs (names, globs such as 'boinc_*', --all: every\n"
    "running VM vbw created) run CMD at once (-j), each output line prefixed\n"
    "\"VM: \"; --json then prints an array.\n"
    "Exit status: the guest program's (VirtualBox passes 0..93; 94 stands for\n"
    "94 and above); 124 when it timed out, 128+N when signal N killed it (128\n"
    "when VirtualBox does not say which), 125 when vbw could not run it; with\n"
    "several VMs the first VM's that is not 0.\n";

enum {
    EX_USER,
    EX_PASSWORD,
    EX_PASSWORD_FILE,
    EX_TIMEOUT,
    EX_ENV,
    EX_CWD,
    EX_DETACH,
    EX_INTERACTIVE,
    EX_ALL,
    EX_JOBS
};
/* No -t: docker exec users read it as "allocate a terminal". */
static const struct vbw_cli_opt exec_opts[] = {
    {"user", 'u', true, "U", "the guest user to run as"},
    {"password", 'p', true, "P", "that user's password (visible to ps: prefer the next two)"},
    {"password-file", 0, true, "FILE", "read the password from FILE's first line"},
    {"timeout", 0, true, "S", "kill the guest program after S seconds (default: no limit)"},
    {"env", 'e', true, "K=V", "set a variable in the guest program's environment"},
    {"cwd", 'w', true, "DIR", "the guest program's working directory (VirtualBox 7.1+)"},
    {"detach", 'd', false, NULL, "start CMD, print its guest PID, do not wait for it"},
    {"interactive", 'i', false, NULL, "CMD's stdin is vbw's, read to its end first (not a tty)"},
    VBW_CLI_OPT_ALL,
    VBW_CLI_OPT_JOBS,
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

struct exec_request {
    struct vbw_hv_guest_cmd gc; /* the same for every VM */
    char **rest;                /* CMD ARGS... */
    int n_rest;
    char *stdin_file;  /* -i: vbw's stdin, in a private host file; or NULL */
    char *stdin_guest; /* -i: where it goes in the guest */
    double timeout_s;
    bool several;
    FILE *out, *err; /* the user's: output streams there */
};

/* Where the guest program's output goes as it comes: straight through, or
 * (several VMs) whole lines prefixed "VM: ", each in one write so that the
 * lines of different VMs do not mix. */
struct sink {
    FILE *stream[3];
    const char *prefix; /* NULL: straight through */
    struct vbw_buf pending[3];
};

static void sink_line(struct sink *s, int k, const char *data, size_t len)
{
    struct vbw_buf line = VBW_BUF_INIT;
    vbw_buf_printf(&line, "%s: ", s->prefix);
    vbw_buf_append(&line, s->pending[k].data ? s->pending[k].data : "", s->pending[k].len);
    vbw_buf_append(&line, data, len);
    if (line.data) {
        fwrite(line.data, 1, line.len, s->stream[k]);
        fflush(s->stream[k]);
    }
    vbw_buf_clear(&line);
    vbw_buf_clear(&s->pending[k]);
}

static void sink_output(int stream, const char *data, size_t len, void *opaque)
{
    struct sink *s = opaque;
    int k = stream == 2 ? 2 : 1;
    if (!s->prefix) {
        fwrite(data, 1, len, s->stream[k]);
        fflush(s->stream[k]);
        return;
    }
    while (len) {
        const char *nl = memchr(data, '\n', len);
        if (!nl) {
            vbw_buf_append(&s->pending[k], data, len);
            return;
        }
        size_t n = (size_t)(nl - data) + 1;
        sink_line(s, k, data, n);
        data += n;
        len -= n;
    }
}

static void sink_finish(struct sink *s)
{
    for (int k = 1; k <= 2; k++)
        if (s->prefix && s->pending[k].len)
            sink_line(s, k, "\n", 1);
}

static void print_json(struct vbw_cli *cli, const char *vm, const struct exec_request *req,
                       const struct vbw_hv_guest_result *r, int rc)
{
    struct vbw_json j;
    vbw_cli_json_result_begin(cli, &j, vm);
    vbw_json_kv_string(&j, "cmd", req->gc.exe);
    vbw_json_key(&j, "args");
    vbw_json_array_begin(&j);
    for (int i = 1; i < req->n_rest; i++)
        vbw_json_string(&j, req->rest[i]);
    vbw_json_array_end(&j);
    if (req->gc.detach) {
        vbw_json_kv_bool(&j, "detached", true);
        vbw_json_key(&j, "guest_pid");
        if (rc == 0)
            vbw_json_int(&j, r->guest_pid);
        else
            vbw_json_null(&j);
        vbw_cli_json_result_end(&j, rc < 0);
        return;
    }
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
    } else {
        vbw_json_key(&j, "out");
        vbw_json_string_n(&j, r->out ? r->out : "", r->out ? r->out_len : 0);
        vbw_json_key(&j, "err");
        vbw_json_string_n(&j, r->err ? r->err : "", r->err ? r->err_len : 0);
        vbw_json_kv_bool(&j, "finished", r->finished);
        /* The exit code when it finished, the signal when one killed it;
         * null when timed out, cancelled or killed by a signal VirtualBox
         * does not name (VBoxManage reports "killed by a signal", never
         * which). */
        vbw_json_key(&j, "exit_code_or_signal");
        if (r->finished)
            vbw_json_int(&j, r->exit_code);
        else if (!r->timed_out && !r->cancelled && r->term_signal > 0)
            vbw_json_int(&j, r->term_signal);
        else
            vbw_json_null(&j);
        vbw_json_kv_bool(&j, "timed_out", r->timed_out);
        /* Wall time only: VirtualBox reports no CPU time or memory of a
         * guest process (IGuestProcess has no such attribute). */
        vbw_json_key(&j, "resources");
        vbw_json_object_begin(&j);
        vbw_json_kv_int(&j, "wall_ms", r->wall_ms);
        vbw_json_object_end(&j);
        if (r->cancelled)
            vbw_json_kv_bool(&j, "cancelled", true);
    }
    vbw_cli_json_result_end(&j, rc < 0);
}

static int exec_one(struct vbw_cli *cli, const char *vm, void *opaque)
{
    const struct exec_request *req = opaque;
    struct vbw_hv_guest_result result = {0};
    struct vbw_hv_guest_cmd gc = req->gc;
    struct sink sink = {.stream = {NULL, req->out, req->err}, .prefix = req->several ? vm : NULL};
    /* Streamed as it comes, except into JSON, which holds it whole. */
    if (!cli->json && !gc.detach) {
        gc.on_output = sink_output;
        gc.output_opaque = &sink;
    }
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_EXEC_FAILED;
    const char **stdin_argv = NULL;
    int rc = req->stdin_file ? vbw_cli_exec_stdin_give(hv, vm, req->stdin_file, req->stdin_guest,
                                                       req->rest, req->n_rest, &gc, &stdin_argv)
                             : 0;
    if (rc == 0)
        rc = hv->ops->guest_run(hv, vm, &gc, &result);
    free(stdin_argv);
    gc.exe = req->gc.exe; /* the user's CMD in what is said of it */
    sink_finish(&sink);
    for (int k = 1; k <= 2; k++)
        vbw_buf_clear(&sink.pending[k]);
    if (rc < 0)
        vbw_cli_report_error(cli, vm);
    int code = rc < 0 ? VBW_CLI_EXIT_EXEC_FAILED : vbw_cli_exec_status(&result);
    if (rc == 0 && gc.detach)
        code = VBW_CLI_EXIT_OK; /* it runs on: there is no status yet */
    else if (rc == 0 && result.cancelled)
        code = vbw_cli_cancel_status(gc.cancel);
    if (cli->json) {
        print_json(cli, vm, req, &result, rc);
    } else if (rc == 0 && gc.detach) {
        fprintf(cli->out, "%u\n", result.guest_pid);
    } else if (rc == 0) {
        if (result.cancelled)
            fprintf(cli->err, "vbw: %s: %s cancelled\n", vm, gc.exe);
        else if (result.timed_out)
            fprintf(cli->err, "vbw: %s: %s timed out after %g s\n", vm, gc.exe, req->timeout_s);
        else if (!result.finished && result.term_signal > 0)
            fprintf(cli->err, "vbw: %s: %s killed by signal %d\n", vm, gc.exe, result.term_signal);
        else if (!result.finished)
            fprintf(cli->err, "vbw: %s: %s killed by a signal (VirtualBox does not say which)\n",
                    vm, gc.exe);
    }
    vbw_hv_guest_result_clear(&result);
    return code;
}

/* --all for exec: the VMs that can run a program now. */
static bool pick_running(const struct vbw_hv_vm_info *info, void *opaque)
{
    (void)opaque;
    return info->state == VBW_VM_RUNNING;
}

/* --timeout S: *timeout_s as given, *timeout_ms for VirtualBox (0: no
 * limit). Returns 0, or the exit code after printing the problem. */
static int read_timeout(struct vbw_cli *cli, const struct vbw_cli_args *args, double *timeout_s,
                        long long *timeout_ms)
{
    const char *timeout_text = vbw_cli_opt_value(args, EX_TIMEOUT);
    int code;
    if (timeout_text &&
        (code = vbw_cli_parse_seconds(cli, "exec", "--timeout", timeout_text, timeout_s)))
        return code;
    /* VirtualBox counts the guest program's time in whole milliseconds and
     * 0 means no limit: a limit that rounds to 0 ms must not silently become
     * none. */
    *timeout_ms = llround(*timeout_s * 1000);
    if (*timeout_s > 0 && *timeout_ms < 1)
        return vbw_cli_usage_error(cli, "exec", "--timeout: '%s' is under a millisecond",
                                   timeout_text);
    return 0;
}

/* The --env K=V words, in order, into *env (malloc'd, NULL-terminated;
 * the words stay argv's). Returns 0, or the exit code after printing the
 * problem. */
static int read_env(struct vbw_cli *cli, const struct vbw_cli_args *args, const char ***env,
                    size_t *n_env)
{
    *n_env = 0;
    *env = calloc((size_t)args->n_occ + 1, sizeof(**env));
    if (!*env)
        return VBW_CLI_EXIT_EXEC_FAILED;
    for (int i = 0; i < args->n_occ; i++) {
        if (args->occ[i].opt != EX_ENV)
            continue;
        if (!strchr(args->occ[i].value, '=') || args->occ[i].value[0] == '=')
            return vbw_cli_usage_error(cli, "exec", "--env wants K=V, not '%s'",
                                       args->occ[i].value);
        (*env)[(*n_env)++] = args->occ[i].value;
    }
    return 0;
}

int vbw_cli_cmd_exec(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    struct exec_request req = {.out = cli->out, .err = cli->err};
    const char **env = NULL;
    char *password = NULL;
    long long timeout_ms = 0;
    size_t n_env = 0;
    int code = vbw_cli_parse_program(cli, "exec", argc, argv, exec_opts, exec_usage, &args);
    if (code || args.help)
        return code;
    if (!args.rest || args.n_rest < 1)
        return vbw_cli_usage_error(cli, "exec",
                                   "expects CMD (an absolute guest path) after the VM");
    if ((code = vbw_cli_parse_jobs(cli, "exec", vbw_cli_opt_value(&args, EX_JOBS))) ||
        (code = read_timeout(cli, &args, &req.timeout_s, &timeout_ms)) ||
        (code = read_env(cli, &args, &env, &n_env)))
        goto cleanup;
    if (vbw_cli_guest_password(cli, vbw_cli_opt_value(&args, EX_PASSWORD),
                               vbw_cli_opt_value(&args, EX_PASSWORD_FILE), &password) < 0) {
        vbw_cli_report_error(cli, "exec");
        code = VBW_CLI_EXIT_EXEC_FAILED;
        goto cleanup;
    }
    if ((code = vbw_cli_targets_resolve(cli, "exec", args.positional, (size_t)args.n_positional,
                                        vbw_cli_opt_given(&args, EX_ALL), pick_running, NULL,
                                        &targets))) {
        code = code == VBW_CLI_EXIT_USAGE ? code : VBW_CLI_EXIT_EXEC_FAILED;
        goto cleanup;
    }
    req.rest = args.rest;
    req.n_rest = args.n_rest;
    req.several = targets.several;
    if (vbw_cli_opt_given(&args, EX_INTERACTIVE) &&
        vbw_cli_exec_stdin_read(cli, args.rest[0], &req.stdin_file, &req.stdin_guest) < 0) {
        vbw_cli_report_error(cli, "exec");
        code = VBW_CLI_EXIT_EXEC_FAILED;
        goto cleanup;
    }
    req.gc = (struct vbw_hv_guest_cmd){
        .exe = args.rest[0],
        .args = (const char *const *)args.rest,
        .env = n_env ? env : NULL,
        .user = vbw_cli_opt_value(&args, EX_USER),
        .password = password,
        .cwd = vbw_cli_opt_value(&args, EX_CWD),
        .timeout_ms = (int)timeout_ms,
        .cancel = NULL, /* set when the signals are caught, below */
        .detach = vbw_cli_opt_given(&args, EX_DETACH),
    };
    if (targets.several && !cli->json && targets.n == 0)
        fprintf(cli->err, "vbw: exec: no running vbw VM\n");

    /* Caught only while guest programs run. */
    struct vbw_cli_cancel_scope scope;
    req.gc.cancel = vbw_cli_cancel_begin(&scope);
    struct vbw_cli_each each = {.one = exec_one, .opaque = &req, .prefix_out = true};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_cancel_end(&scope);

cleanup:
    vbw_cli_targets_clear(&targets);
    vbw_file_secret_remove(req.stdin_file);
    free(req.stdin_guest);
    free(password);
    free(env);
    return code;
}
