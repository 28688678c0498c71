/*
 * vbw_cli_cp.c - vbw cp HOSTPATH VM:GUESTPATH and vbw cp VM:GUESTPATH
 * HOSTPATH, through the guest additions' file copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

bool vbw_cli_split_guest_path(const char *arg, char **vm, const char **path)
{
    const char *colon = strchr(arg, ':');
    if (!colon || colon == arg)
        return false;
    for (const char *p = arg; p < colon; p++)
        if (*p == '/')
            return false;
    *vm = vbw_strndup(arg, (size_t)(colon - arg));
    *path = colon + 1;
    return *vm != NULL;
}

static const char cp_usage[] =
    "Usage: vbw cp [OPTIONS] HOSTPATH VM:GUESTPATH...\n"
    "       vbw cp [OPTIONS] VM:GUESTPATH HOSTPATH\n"
    "Copies files or directories between host and guest (guest additions).\n"
    "To guests: several VM:GUESTPATH, and VM may be a glob ('boinc_*:/tmp/in');\n"
    "the copies run at once (-j), --json prints an array. No time limit;\n"
    "Ctrl-C (or SIGTERM) stops the copy and exits 130 (143).\n";

enum { CP_USER, CP_PASSWORD, CP_PASSWORD_FILE, CP_JOBS };
static const struct vbw_cli_opt cp_opts[] = {
    {"user", 'u', true, "U", "the guest user to copy as"},
    {"password", 'p', true, "P", "that user's password (visible to ps: prefer the next)"},
    {"password-file", 0, true, "FILE", "read it from FILE's first line (or VBW_GUEST_PASSWORD)"},
    VBW_CLI_OPT_JOBS,
    {NULL, 0, false, NULL, NULL},
};

struct cp_request {
    bool from_guest;
    const char *host; /* the host path */
    const char *user, *password;
    struct vbw_cli_targets *targets;
    const char **guest_paths;        /* per target */
    const char *src_word, *dst_word; /* as given, for -v (one VM) */
    struct vbw_cmd_cancel *cancel;   /* Ctrl-C, SIGTERM */
};

static int cp_one(struct vbw_cli *cli, const char *vm, void *opaque)
{
    const struct cp_request *req = opaque;
    const char *guest = NULL;
    for (size_t i = 0; i < req->targets->n && !guest; i++)
        if (strcmp(req->targets->vms[i], vm) == 0)
            guest = req->guest_paths[i];
    int code = VBW_CLI_EXIT_OK, rc;
    bool cancelled = false;
    struct stat st;
    if (!req->from_guest && stat(req->host, &st) != 0) {
        /* Checked here so the message names the host file, not a
         * VirtualBox error about it. */
        rc = vbw_error_set_errno(VBW_ERR_NOT_FOUND, errno, "cannot copy '%s'", req->host);
        code = vbw_cli_report_error(cli, vm);
    } else {
        struct vbw_hv *hv = vbw_cli_hv(cli);
        if (!hv)
            return VBW_CLI_EXIT_FAILED;
        if (req->from_guest)
            rc = hv->ops->guest_copy_from(hv, vm, guest, req->host, req->user, req->password,
                                          req->cancel);
        else
            rc = hv->ops->guest_copy_to(hv, vm, req->host, guest, req->user, req->password,
                                        req->cancel);
        if (rc < 0 && req->cancel->count > 0) {
            /* The user's request, not a failure to report. */
            cancelled = true;
            vbw_error_clear();
            code = vbw_cli_cancel_status(req->cancel);
            if (!cli->json)
                fprintf(cli->err, "vbw: %s: copy cancelled\n", vm);
        } else if (rc < 0) {
            code = vbw_cli_report_error(cli, vm);
        }
    }
    if (cli->json) {
        struct vbw_json j;
        vbw_cli_json_result_begin(cli, &j, vm);
        vbw_json_kv_string(&j, "direction", req->from_guest ? "from_guest" : "to_guest");
        vbw_json_kv_string(&j, "host_path", req->host);
        vbw_json_kv_string(&j, "guest_path", guest);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (cancelled)
            vbw_json_kv_bool(&j, "cancelled", true);
        vbw_cli_json_result_end(&j, rc < 0 && !cancelled);
    } else if (rc == 0 && cli->verbose) {
        if (req->from_guest)
            fprintf(cli->err, "vbw: copied %s:%s -> %s\n", vm, guest, req->host);
        else
            fprintf(cli->err, "vbw: copied %s -> %s:%s\n", req->host, vm, guest);
    }
    return code;
}

/* Which way the copy goes: true from a guest. Every destination of a copy
 * to guests is VM:PATH; the source of one from a guest is, and its
 * destination is not. Returns 0, or the exit code after printing the
 * problem. */
static int read_direction(struct vbw_cli *cli, const struct vbw_cli_args *args, bool *from_guest)
{
    char *vm = NULL;
    const char *path = NULL;
    *from_guest = vbw_cli_split_guest_path(args->positional[0], &vm, &path);
    free(vm);
    if (*from_guest && args->n_positional != 2)
        return vbw_cli_usage_error(cli, "cp", "from a guest: one VM:PATH and a host path");
    for (int i = 1; i < args->n_positional; i++) {
        vm = NULL;
        bool guest = vbw_cli_split_guest_path(args->positional[i], &vm, &path);
        free(vm);
        if (guest == *from_guest)
            return vbw_cli_usage_error(cli, "cp", "exactly one side must be VM:PATH");
    }
    return 0;
}

/* Adds the VMs of one resolved guest word, each with that word's path; a
 * VM named twice keeps its first path. Returns 0 or VBW_ERR_NOMEM. */
static int add_targets(struct cp_request *req, const struct vbw_cli_targets *one, const char *path)
{
    struct vbw_cli_targets *targets = req->targets;
    for (size_t k = 0; k < one->n; k++) {
        bool seen = false;
        for (size_t m = 0; m < targets->n; m++)
            seen = seen || strcmp(targets->vms[m], one->vms[k]) == 0;
        if (seen)
            continue;
        char **grown = realloc(targets->vms, (targets->n + 2) * sizeof *grown);
        const char **paths = realloc(req->guest_paths, (targets->n + 2) * sizeof *paths);
        if (grown)
            targets->vms = grown;
        if (paths)
            req->guest_paths = paths;
        if (!grown || !paths || !(targets->vms[targets->n] = vbw_strdup(one->vms[k])))
            return VBW_ERR_NOMEM;
        req->guest_paths[targets->n++] = path;
        targets->vms[targets->n] = NULL;
    }
    return 0;
}

/* Each guest word's VM part (a name or a glob) becomes its VMs, each with
 * that word's path, in req->targets and req->guest_paths. Returns 0, or
 * the exit code after printing the problem. */
static int resolve_guest_words(struct vbw_cli *cli, const struct vbw_cli_args *args,
                               struct cp_request *req)
{
    int first = req->from_guest ? 0 : 1, end = req->from_guest ? 1 : args->n_positional;
    req->guest_paths = calloc((size_t)args->n_positional + 1, sizeof *req->guest_paths);
    if (!req->guest_paths)
        return VBW_CLI_EXIT_FAILED;
    for (int i = first; i < end; i++) {
        struct vbw_cli_targets one = {0};
        char *vm = NULL;
        const char *path = NULL;
        vbw_cli_split_guest_path(args->positional[i], &vm, &path);
        const char *name = vm;
        int code = vbw_cli_targets_resolve(cli, "cp", &name, 1, false, NULL, NULL, &one);
        free(vm);
        if (code)
            return code;
        req->targets->several = req->targets->several || one.several || args->n_positional > 2;
        int rc = add_targets(req, &one, path);
        vbw_cli_targets_clear(&one);
        if (rc < 0)
            return VBW_CLI_EXIT_FAILED;
    }
    return 0;
}

int vbw_cli_cmd_cp(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_cli_targets targets = {0};
    struct cp_request req = {.targets = &targets};
    char *password = NULL;
    int code = vbw_cli_parse_verb(cli, "cp", argc, argv, cp_opts, cp_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional < 2)
        return vbw_cli_usage_error(cli, "cp", "expects a source and a destination");
    if ((code = vbw_cli_parse_jobs(cli, "cp", vbw_cli_opt_value(&args, CP_JOBS))) ||
        (code = read_direction(cli, &args, &req.from_guest)))
        return code;
    req.host = args.positional[req.from_guest ? 1 : 0];
    req.user = vbw_cli_opt_value(&args, CP_USER);
    if (vbw_cli_guest_password(cli, vbw_cli_opt_value(&args, CP_PASSWORD),
                               vbw_cli_opt_value(&args, CP_PASSWORD_FILE), &password) < 0) {
        code = vbw_cli_report_error(cli, "cp");
        goto cleanup;
    }
    req.password = password;
    if ((code = resolve_guest_words(cli, &args, &req)))
        goto cleanup;
    /* Caught only while the copies run, as exec does. */
    struct vbw_cli_cancel_scope scope;
    req.cancel = vbw_cli_cancel_begin(&scope);
    struct vbw_cli_each each = {.one = cp_one, .opaque = &req};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_cancel_end(&scope);
cleanup:
    vbw_cli_targets_clear(&targets);
    free(req.guest_paths);
    free(password);
    return code;
}
