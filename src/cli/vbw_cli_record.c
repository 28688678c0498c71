/*
 * vbw_cli_record.c - vbw record -- COMMAND and vbw replay TRANSCRIPT --
 * COMMAND: run any program with VBoxManage replaced by a stand-in found
 * first in PATH (and in VBW_VBOXMANAGE, which vbw-aware programs read).
 *
 * The stand-in is a two-line shell script in a temporary directory that
 * sets the replay/record variables only for the VBoxManage process. Setting
 * VBW_REPLAY_TRANSCRIPT for the whole command would make vbw-aware
 * programs replay in-process, each from the first step, so a script that
 * calls vbw three times would see the first answers three times; through
 * the stand-in every call, from any process, advances one shared state.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_transcript.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"

/* The directory of the running vbw executable (malloc'd), where the
 * stand-in programs are built and installed. */
static char *own_directory(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        return vbw_strdup(".");
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    if (slash)
        *slash = '\0';
    return vbw_strdup(path);
}

/* env (when set), else the sibling program name; malloc'd. */
static char *sibling_program(const char *env, const char *name)
{
    const char *set = getenv(env);
    if (set && *set)
        return vbw_strdup(set);
    char *dir = own_directory();
    char *path = dir ? vbw_path_join(dir, name) : NULL;
    free(dir);
    return path;
}

/* Appends s to b in single quotes for /bin/sh. */
static void shell_quote(struct vbw_buf *b, const char *s)
{
    vbw_buf_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            vbw_buf_puts(b, "'\\''");
        else
            vbw_buf_append(b, s, 1);
    }
    vbw_buf_puts(b, "'");
}

static char *absolute_path(const char *path)
{
    if (path[0] == '/')
        return vbw_strdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return vbw_strdup(path);
    return vbw_path_join(cwd, path);
}

struct stand_in {
    char dir[64];  /* the temporary directory */
    char *program; /* dir/VBoxManage */
};

/* Creates the temporary directory that will hold the stand-in. */
static int stand_in_make_dir(struct stand_in *s)
{
    snprintf(s->dir, sizeof s->dir, "%s", "/tmp/vbw-stand-in-XXXXXX");
    const char *tmp = getenv("TMPDIR");
    if (tmp && *tmp && strlen(tmp) < sizeof s->dir - 24)
        snprintf(s->dir, sizeof s->dir, "%s/vbw-stand-in-XXXXXX", tmp);
    if (!mkdtemp(s->dir)) {
        int err = errno;
        s->dir[0] = '\0';
        return vbw_error_set_errno(VBW_ERR_IO, err, "cannot create a temporary directory");
    }
    s->program = vbw_path_join(s->dir, "VBoxManage");
    return s->program ? 0 : VBW_ERR_NOMEM;
}

/* Writes dir/VBoxManage: a script exporting env_pairs ({name, value, ...,
 * NULL}) and exec'ing program with the caller's arguments. */
static int stand_in_write(struct stand_in *s, const char *program, const char *const *env_pairs)
{
    struct vbw_buf b = VBW_BUF_INIT;
    int rc = 0;
    vbw_buf_puts(&b, "#!/bin/sh\n# VBoxManage stand-in written by vbw\n");
    for (size_t i = 0; env_pairs[i]; i += 2) {
        vbw_buf_printf(&b, "%s=", env_pairs[i]);
        shell_quote(&b, env_pairs[i + 1]);
        vbw_buf_printf(&b, "\nexport %s\n", env_pairs[i]);
    }
    vbw_buf_puts(&b, "exec ");
    shell_quote(&b, program);
    if (vbw_buf_puts(&b, " \"$@\"\n") < 0) {
        rc = VBW_ERR_NOMEM;
        goto cleanup;
    }
    rc = vbw_file_write_atomic(s->program, b.data, b.len);
    if (rc == 0 && chmod(s->program, 0755) != 0)
        rc = vbw_error_set_errno(VBW_ERR_IO, errno, "chmod %s", s->program);
cleanup:
    vbw_buf_clear(&b);
    return rc;
}

static void stand_in_remove(struct stand_in *s)
{
    static const char *const names[] = {"VBoxManage", "state", "state.lock", NULL};
    if (!s->dir[0])
        return;
    for (size_t i = 0; names[i]; i++) {
        char *p = vbw_path_join(s->dir, names[i]);
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(s->dir);
    free(s->program);
    s->program = NULL;
}

/* Makes the stand-in the VBoxManage of the command: first in PATH and in
 * VBW_VBOXMANAGE. In-process replay/record variables are removed so
 * vbw-aware programs also go through the stand-in. */
static int point_environment_at(const struct stand_in *s)
{
    const char *path = getenv("PATH");
    char *new_path = vbw_asprintf("%s:%s", s->dir, path ? path : "/usr/bin:/bin");
    if (!new_path)
        return VBW_ERR_NOMEM;
    setenv("PATH", new_path, 1);
    free(new_path);
    setenv("VBW_VBOXMANAGE", s->program, 1);
    unsetenv("VBW_REPLAY_TRANSCRIPT");
    unsetenv("VBW_RECORD_TRANSCRIPT");
    unsetenv("VBW_REPLAY_FAULTS");
    return 0;
}

/* Runs argv with this process's stdio; returns its exit status (128+N for
 * signal N), or VBW_CLI_EXIT_FAILED when it could not start. */
static int run_inherited(struct vbw_cli *cli, char *const *argv)
{
    fflush(cli->out);
    fflush(cli->err);
    /* Like system(): Ctrl-C goes to the command; vbw stays to clean up
     * its temporary directory. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    pid_t pid = fork();
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        execvp(argv[0], argv);
        fprintf(stderr, "vbw: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0, rc = pid < 0 ? -1 : 0;
    if (pid < 0)
        vbw_error_set_errno(VBW_ERR_SPAWN, errno, "fork");
    while (pid > 0 && (rc = (int)waitpid(pid, &status, 0)) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (pid < 0)
        return vbw_cli_report_error(cli, argv[0]);
    if (rc < 0)
        return VBW_CLI_EXIT_FAILED;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

/* ---- replay --------------------------------------------------------------- */

static const char replay_usage[] =
    "Usage: vbw replay TRANSCRIPT [OPTIONS] -- COMMAND [ARGS...]\n"
    "Runs COMMAND with every VBoxManage call answered from TRANSCRIPT, then\n"
    "checks that every recorded call was made. Exit status: COMMAND's, or 1\n"
    "when it succeeded but calls were missing.\n";

enum { RP_FAULTS, RP_NO_CHECK };
static const struct vbw_cli_opt replay_opts[] = {
    {"faults", 0, true, "SPEC", "inject failures: AT:KIND[:COUNT[:NAME]],..."},
    {"no-check", 0, false, NULL, "do not check that every recorded call was made"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_replay(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct stand_in s = {0};
    char *replay_program = NULL, *transcript = NULL, *state = NULL;
    int code = vbw_cli_parse_verb(cli, "replay", argc, argv, replay_opts, replay_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional != 1 || !args.rest || args.n_rest < 1)
        return vbw_cli_usage_error(cli, "replay", "expects TRANSCRIPT -- COMMAND [ARGS...]");
    struct vbw_transcript t = {0};
    if (vbw_transcript_load(args.positional[0], &t) < 0)
        return vbw_cli_report_error(cli, "replay");
    vbw_transcript_clear(&t);

    replay_program = sibling_program("VBW_REPLAY_PROGRAM", VBW_CLI_REPLAY_PROGRAM);
    transcript = absolute_path(args.positional[0]);
    if (!replay_program || !transcript) {
        code = VBW_CLI_EXIT_FAILED;
        goto cleanup;
    }
    if (access(replay_program, X_OK) != 0) {
        vbw_error_set_errno(VBW_ERR_NOT_FOUND, errno, "replay program %s", replay_program);
        code = vbw_cli_report_error(cli, "replay");
        goto cleanup;
    }
    const char *faults = vbw_cli_opt_value(&args, RP_FAULTS);
    if (stand_in_make_dir(&s) < 0 || !(state = vbw_path_join(s.dir, "state"))) {
        code = vbw_cli_report_error(cli, "replay");
        goto cleanup;
    }
    /* The position in the transcript lives next to the stand-in, so each
     * vbw replay starts at the first step. */
    const char *pairs[8] = {"VBW_REPLAY_TRANSCRIPT", transcript};
    size_t k = 2;
    pairs[k++] = "VBW_REPLAY_STATE";
    pairs[k++] = state;
    if (faults) {
        pairs[k++] = "VBW_REPLAY_FAULTS";
        pairs[k++] = faults;
    }
    pairs[k] = NULL;
    if (stand_in_write(&s, replay_program, pairs) < 0 || point_environment_at(&s) < 0) {
        code = vbw_cli_report_error(cli, "replay");
        goto cleanup;
    }
    code = run_inherited(cli, args.rest);
    if (!vbw_cli_opt_given(&args, RP_NO_CHECK)) {
        char *check[] = {s.program, "--vbw-replay-check", NULL};
        int check_code = run_inherited(cli, check);
        if (check_code != 0) {
            fprintf(cli->err, "vbw: replay: %s did not make every recorded call\n", args.rest[0]);
            if (code == 0)
                code = VBW_CLI_EXIT_FAILED;
        }
    }
cleanup:
    stand_in_remove(&s);
    free(replay_program);
    free(transcript);
    free(state);
    return code;
}

/* ---- record --------------------------------------------------------------- */

static const char record_usage[] =
    "Usage: vbw record [OPTIONS] -- COMMAND [ARGS...]\n"
    "Runs COMMAND with every VBoxManage call passed to the real VBoxManage\n"
    "and written to FILE as a transcript (default vbw-record-DATE.txt).\n";

enum { RC_OUTPUT };
static const struct vbw_cli_opt record_opts[] = {
    {"output", 'o', true, "FILE", "the transcript to write (default vbw-record-DATE.txt)"},
    {NULL, 0, false, NULL, NULL},
};

/* Appends "# version: V" for the VirtualBox at real to b, asked with
 * `--version` (not a step of the transcript: the recorded command may never
 * ask, and a transcript should still say where it came from). Nothing when
 * it cannot answer: the recorded command's own calls will say why. */
static void header_version(struct vbw_buf *b, const char *real)
{
    struct vbw_cmd *exec = NULL;
    struct vbw_cmd_result r;
    memset(&r, 0, sizeof r);
    const char *const argv[] = {real, "--version", NULL};
    const struct vbw_cmd_options opts = {.timeout_ms = 60000};
    if (vbw_cmd_exec_new(&exec) == 0 && vbw_cmd_run(exec, argv, &opts, &r) == 0 && r.exited &&
        r.exit_code == 0)
        vbw_transcript_write_version(b, r.out, r.out_len);
    vbw_error_clear();
    vbw_cmd_result_clear(&r);
    if (exec)
        vbw_cmd_free(exec);
}

/* A fresh transcript at output with its provenance; the stand-in appends
 * the steps. */
static int write_header(const char *output, const char *real, const char *command)
{
    struct vbw_buf b = VBW_BUF_INIT;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    header_version(&b, real);
    vbw_buf_printf(&b, "# source: recorded by vbw record on %s from %s\n# command: %s\n\n", when,
                   real, command);
    int rc = b.data ? vbw_file_write_atomic(output, b.data, b.len)
                    : vbw_error_set(VBW_ERR_NOMEM, "record: out of memory");
    vbw_buf_clear(&b);
    return rc;
}

int vbw_cli_cmd_record(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct stand_in s = {0};
    char *record_program = NULL, *real = NULL, *output = NULL;
    char default_name[64];
    int code = vbw_cli_parse_verb(cli, "record", argc, argv, record_opts, record_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional != 0 || !args.rest || args.n_rest < 1)
        return vbw_cli_usage_error(cli, "record", "expects [-o FILE] -- COMMAND [ARGS...]");
    const char *out_opt = vbw_cli_opt_value(&args, RC_OUTPUT);
    if (!out_opt) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(default_name, sizeof default_name, "vbw-record-%Y%m%d-%H%M%S.txt", &tm);
        out_opt = default_name;
    }
    real = vbw_cmd_find_vboxmanage(cli->vboxmanage_opt);
    record_program = sibling_program("VBW_RECORD_PROGRAM", VBW_CLI_RECORD_PROGRAM);
    output = absolute_path(out_opt);
    if (!real || !record_program || !output) {
        code = vbw_cli_report_error(cli, "record");
        goto cleanup;
    }
    if (write_header(output, real, args.rest[0]) < 0) {
        code = vbw_cli_report_error(cli, "record");
        goto cleanup;
    }
    const char *pairs[] = {"VBW_RECORD_VBOXMANAGE", real, "VBW_RECORD_OUTPUT", output, NULL};
    if (stand_in_make_dir(&s) < 0 || stand_in_write(&s, record_program, pairs) < 0 ||
        point_environment_at(&s) < 0) {
        code = vbw_cli_report_error(cli, "record");
        goto cleanup;
    }
    code = run_inherited(cli, args.rest);
    /* The transcript must replay: say so now rather than in a later test. */
    struct vbw_transcript t = {0};
    if (vbw_transcript_load(output, &t) < 0) {
        vbw_cli_report_error(cli, "record");
        if (code == 0)
            code = VBW_CLI_EXIT_FAILED;
    } else {
        fprintf(cli->err, "vbw: record: %zu VBoxManage call%s written to %s\n", t.n_steps,
                t.n_steps == 1 ? "" : "s", output);
    }
    vbw_transcript_clear(&t);
cleanup:
    stand_in_remove(&s);
    free(record_program);
    free(real);
    free(output);
    return code;
}
