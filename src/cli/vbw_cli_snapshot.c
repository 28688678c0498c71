/*
 * vbw_cli_snapshot.c - vbw snapshot take|list|restore|delete VM [NAME].
 * Long operations show VirtualBox's progress: a bar on a terminal, plain
 * "NN%" lines on stderr otherwise (logs and CI keep them readable).
 */
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static const char snapshot_usage[] =
    "Usage: vbw snapshot take VM NAME [--live] [--force]\n"
    "       vbw snapshot list VM\n"
    "       vbw snapshot restore VM [NAME]   (no NAME: the current snapshot)\n"
    "       vbw snapshot delete VM NAME\n"
    "take refuses an empty NAME, and one the VM already has unless --force\n"
    "(VirtualBox allows duplicates; restore and delete then pick the first).\n";

static int snapshot_list(struct vbw_cli *cli, struct vbw_hv *hv, const char *vm)
{
    struct vbw_hv_snapshot_list list = {0};
    if (hv->ops->snapshot_list(hv, vm, &list) < 0)
        return vbw_cli_report_error(cli, vm);
    if (cli->json) {
        struct vbw_json j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "vm", vm);
        vbw_json_kv_string(&j, "current_uuid", list.current_uuid);
        vbw_json_kv_string(&j, "current_name", list.current_name);
        vbw_json_key(&j, "snapshots");
        vbw_json_array_begin(&j);
        for (size_t i = 0; i < list.count; i++) {
            const struct vbw_hv_snapshot *s = &list.items[i];
            vbw_json_object_begin(&j);
            vbw_json_kv_string(&j, "name", s->name);
            vbw_json_kv_string(&j, "uuid", s->uuid);
            vbw_json_kv_int(&j, "depth", s->depth);
            vbw_json_kv_bool(&j, "current",
                             list.current_uuid && s->uuid && !strcmp(list.current_uuid, s->uuid));
            vbw_json_object_end(&j);
        }
        vbw_json_array_end(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else {
        for (size_t i = 0; i < list.count; i++) {
            struct vbw_hv_snapshot *s = &list.items[i];
            bool current = list.current_uuid && s->uuid && !strcmp(list.current_uuid, s->uuid);
            vbw_cli_make_printable(s->name);
            vbw_cli_make_printable(s->uuid);
            fprintf(cli->out, "%*s%s (UUID: %s)%s\n", 2 * s->depth, "", s->name,
                    s->uuid ? s->uuid : "", current ? " *" : "");
        }
    }
    vbw_hv_snapshot_list_clear(&list);
    return VBW_CLI_EXIT_OK;
}

/* VirtualBox takes a second snapshot of the same name, and restore/delete
 * by name then act on whichever it finds first: refuse that unless --force. */
static int refuse_duplicate(struct vbw_hv *hv, const char *vm, const char *name)
{
    struct vbw_hv_snapshot_list list = {0};
    int rc = hv->ops->snapshot_list(hv, vm, &list);
    for (size_t i = 0; rc == 0 && i < list.count; i++)
        if (list.items[i].name && strcmp(list.items[i].name, name) == 0)
            rc = vbw_error_set(VBW_ERR_INVALID,
                               "VM already has a snapshot named '%s' (UUID %s); use --force to "
                               "take another of that name",
                               name, list.items[i].uuid ? list.items[i].uuid : "?");
    vbw_hv_snapshot_list_clear(&list);
    return rc;
}

enum { SNAP_LIVE, SNAP_FORCE };
static const struct vbw_cli_opt snapshot_opts[] = {
    {"live", 0, false, NULL, "take: while the VM runs, without pausing it"},
    {"force", 'f', false, NULL, "take: even when a snapshot of that name exists"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_snapshot(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    int code = vbw_cli_parse(cli, "snapshot", argc, argv, snapshot_opts, &args);
    if (code)
        return code;
    if (args.help) {
        fputs(snapshot_usage, cli->out);
        vbw_cli_print_options(cli, snapshot_opts);
        return VBW_CLI_EXIT_OK;
    }
    if (args.n_positional < 2)
        return vbw_cli_usage_error(cli, "snapshot", "expects an action and a VM");
    const char *action = args.positional[0];
    const char *vm = args.positional[1];
    const char *name = args.n_positional > 2 ? args.positional[2] : NULL;
    bool is_list = !strcmp(action, "list"), is_take = !strcmp(action, "take");
    bool is_restore = !strcmp(action, "restore"), is_delete = !strcmp(action, "delete");
    if (!is_list && !is_take && !is_restore && !is_delete)
        return vbw_cli_usage_error(cli, "snapshot", "unknown action '%s'", action);
    if (args.n_positional > 3 || (is_list && name))
        return vbw_cli_usage_error(cli, "snapshot", "too many arguments");
    if ((is_take || is_delete) && !name)
        return vbw_cli_usage_error(cli, "snapshot", "%s needs a snapshot NAME", action);
    if (name && !name[0])
        return vbw_cli_usage_error(cli, "snapshot", "the snapshot NAME is empty");

    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (is_list)
        return snapshot_list(cli, hv, vm);

    int rc = 0;
    if (is_take && !vbw_cli_opt_given(&args, SNAP_FORCE))
        rc = refuse_duplicate(hv, vm, name);
    if (rc < 0)
        ; /* reported below */
    else if (is_take)
        rc = hv->ops->snapshot_take(hv, vm, name, vbw_cli_opt_given(&args, SNAP_LIVE),
                                    vbw_cli_progress, cli);
    else if (is_delete)
        rc = hv->ops->snapshot_delete(hv, vm, name, vbw_cli_progress, cli);
    else if (name)
        rc = hv->ops->snapshot_restore(hv, vm, name, vbw_cli_progress, cli);
    else
        rc = hv->ops->snapshot_restore_current(hv, vm, vbw_cli_progress, cli);
    vbw_cli_progress_done(cli);
    if (rc < 0)
        code = vbw_cli_report_error(cli, vm);
    if (cli->json) {
        struct vbw_json j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "vm", vm);
        vbw_json_kv_string(&j, "action", action);
        vbw_json_kv_string(&j, "snapshot", name);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (rc < 0)
            vbw_cli_json_error(&j);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (rc == 0) {
        const char *done = is_take ? "taken" : is_delete ? "deleted" : "restored";
        if (name)
            fprintf(cli->out, "%s: snapshot '%s' %s\n", vm, name, done);
        else
            fprintf(cli->out, "%s: current snapshot %s\n", vm, done);
    }
    return code;
}
