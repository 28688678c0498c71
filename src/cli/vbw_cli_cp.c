/*
 * vbw_cli_cp.c - vbw cp HOSTPATH VM:GUESTPATH and vbw cp VM:GUESTPATH
 * HOSTPATH, through the guest additions' file copy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

enum { CP_USER, CP_PASSWORD, CP_PASSWORD_FILE };
static const struct vbw_cli_opt cp_opts[] = {
    {"user", 'u', true, "U", "the guest user to copy as"},
    {"password", 'p', true, "P", "that user's password (visible to ps: prefer the next)"},
    {"password-file", 0, true, "FILE", "read it from FILE's first line (or VBW_GUEST_PASSWORD)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_cp(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    char *src_vm = NULL, *dst_vm = NULL, *password = NULL;
    const char *src_path = NULL, *dst_path = NULL;
    int code = vbw_cli_parse(cli, "cp", argc, argv, cp_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs("Usage: vbw cp [OPTIONS] HOSTPATH VM:GUESTPATH\n"
              "       vbw cp [OPTIONS] VM:GUESTPATH HOSTPATH\n"
              "Copies files or directories between host and guest (guest additions).\n",
              cli->out);
        vbw_cli_print_options(cli, cp_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (args.n_positional != 2)
        return vbw_cli_usage_error(cli, "cp", "expects a source and a destination");
    bool src_guest = vbw_cli_split_guest_path(args.positional[0], &src_vm, &src_path);
    bool dst_guest = vbw_cli_split_guest_path(args.positional[1], &dst_vm, &dst_path);
    if (src_guest == dst_guest) {
        code = vbw_cli_usage_error(cli, "cp", "exactly one side must be VM:PATH");
        goto cleanup;
    }
    const char *vm = src_guest ? src_vm : dst_vm;
    const char *host = src_guest ? args.positional[1] : args.positional[0];
    const char *guest = src_guest ? src_path : dst_path;
    const char *user = vbw_cli_opt_value(&args, CP_USER);
    if (vbw_cli_guest_password(cli, vbw_cli_opt_value(&args, CP_PASSWORD),
                               vbw_cli_opt_value(&args, CP_PASSWORD_FILE), &password) < 0) {
        code = vbw_cli_report_error(cli, "cp");
        goto cleanup;
    }

    int rc;
    struct stat st;
    if (!src_guest && stat(host, &st) != 0) {
        /* Checked here so the message names the host file, not a
         * VirtualBox error about it. */
        rc = vbw_error_set_errno(VBW_ERR_NOT_FOUND, errno, "cannot copy '%s'", host);
        code = vbw_cli_report_error(cli, vm);
    } else {
        struct vbw_hv *hv = vbw_cli_hv(cli);
        if (!hv) {
            code = VBW_CLI_EXIT_FAILED;
            goto cleanup;
        }
        if (src_guest)
            rc = hv->ops->guest_copy_from(hv, vm, guest, host, user, password);
        else
            rc = hv->ops->guest_copy_to(hv, vm, host, guest, user, password);
        if (rc < 0)
            code = vbw_cli_report_error(cli, vm);
    }
    if (cli->json) {
        struct vbw_json j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "vm", vm);
        vbw_json_kv_string(&j, "direction", src_guest ? "from_guest" : "to_guest");
        vbw_json_kv_string(&j, "host_path", host);
        vbw_json_kv_string(&j, "guest_path", guest);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (rc < 0)
            vbw_cli_json_error(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (rc == 0 && cli->verbose) {
        fprintf(cli->err, "vbw: copied %s -> %s\n", args.positional[0], args.positional[1]);
    }
cleanup:
    free(password);
    free(src_vm);
    free(dst_vm);
    return code;
}
