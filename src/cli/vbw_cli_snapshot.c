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
    "Usage: vbw snapshot take VM... NAME [--live] [--force]\n"
    "       vbw snapshot list VM...\n"
    "       vbw snapshot restore VM [NAME]   (no NAME: the current snapshot)\n"
    "       vbw snapshot delete VM... NAME\n"
    "take refuses an empty NAME, and one the VM already has unless --force\n"
    "(VirtualBox allows duplicates; restore and delete then pick the first).\n"
    "VM... is one or more names, globs ('boinc_*') or --all (every VM vbw\n"
    "created); several are acted on at once (-j). --name NAME names the\n"
    "snapshot instead of the last word (restore of several VMs needs it).\n";

static int snapshot_list(struct vbw_cli *cli, struct vbw_hv *hv, const char *vm)
{
    struct vbw_hv_snapshot_list list = {0};
    if (hv->ops->snapshot_list(hv, vm, &list) < 0)
        return vbw_cli_report_error(cli, vm);
    if (cli->json) {
        struct vbw_json j;
        vbw_cli_json_result_begin(cli, &j, vm);
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

enum { SNAP_LIVE, SNAP_FORCE, SNAP_NAME, SNAP_TIMEOUT, SNAP_ALL, SNAP_JOBS };
static const struct vbw_cli_opt snapshot_opts[] = {
    {"live", 0, false, NULL, "take: while the VM runs, without pausing it"},
    {"force", 'f', false, NULL, "take: even when a snapshot of that name exists"},
    {"name", 'n', true, "NAME", "the snapshot (instead of the last word)"},
    {"timeout", 't', true, "S", "give up on each VirtualBox call after S seconds (default 30 min)"},
    VBW_CLI_OPT_ALL,
    VBW_CLI_OPT_JOBS,
    {NULL, 0, false, NULL, NULL},
};

struct snapshot_request {
    const char *action;
    const char *name; /* or NULL */
    bool is_list, is_take, is_restore, is_delete;
    bool live, force;
};

/* One VM's snapshot action and its result line (or JSON object). */
static int snapshot_each(struct vbw_cli *cli, const char *vm, void *opaque)
{
    const struct snapshot_request *req = opaque;
    const char *name = req->name;
    struct vbw_hv *hv = vbw_cli_hv(cli);
    if (!hv)
        return VBW_CLI_EXIT_FAILED;
    if (req->is_list)
        return snapshot_list(cli, hv, vm);

    int code = VBW_CLI_EXIT_OK;
    int rc = 0;
    if (req->is_take && !req->force)
        rc = refuse_duplicate(hv, vm, name);
    if (rc < 0)
        ; /* reported below */
    else if (req->is_take)
        rc = hv->ops->snapshot_take(hv, vm, name, req->live, vbw_cli_progress, cli);
    else if (req->is_delete)
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
        vbw_cli_json_result_begin(cli, &j, vm);
        vbw_json_kv_string(&j, "action", req->action);
        vbw_json_kv_string(&j, "snapshot", name);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        vbw_cli_json_result_end(&j, rc < 0);
    } else if (rc == 0) {
        const char *done = req->is_take ? "taken" : req->is_delete ? "deleted" : "restored";
        if (name)
            fprintf(cli->out, "%s: snapshot '%s' %s\n", vm, name, done);
        else
            fprintf(cli->out, "%s: current snapshot %s\n", vm, done);
    }
    return code;
}

int vbw_cli_cmd_snapshot(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    int code =
        vbw_cli_parse_verb(cli, "snapshot", argc, argv, snapshot_opts, snapshot_usage, &args);
    if (code || args.help)
        return code;
    bool all = vbw_cli_opt_given(&args, SNAP_ALL);
    if (args.n_positional < (all ? 1 : 2))
        return vbw_cli_usage_error(cli, "snapshot", "expects an action and a VM");
    struct snapshot_request req = {.action = args.positional[0],
                                   .live = vbw_cli_opt_given(&args, SNAP_LIVE),
                                   .force = vbw_cli_opt_given(&args, SNAP_FORCE)};
    const char *action = req.action;
    req.is_list = !strcmp(action, "list");
    req.is_take = !strcmp(action, "take");
    req.is_restore = !strcmp(action, "restore");
    req.is_delete = !strcmp(action, "delete");
    if (!req.is_list && !req.is_take && !req.is_restore && !req.is_delete)
        return vbw_cli_usage_error(cli, "snapshot", "unknown action '%s'", action);
    /* The VMs, then the snapshot: the last word for take and delete (and
     * restore of one VM named plainly), unless --name says it. */
    const char *const *vms = args.positional + 1;
    size_t n_vms = (size_t)args.n_positional - 1;
    req.name = vbw_cli_opt_value(&args, SNAP_NAME);
    if (!req.name && !req.is_list &&
        ((req.is_take || req.is_delete) || (req.is_restore && !all && n_vms == 2))) {
        if (n_vms > 0)
            req.name = vms[--n_vms];
    }
    if (req.is_list && req.name)
        return vbw_cli_usage_error(cli, "snapshot", "too many arguments");
    if ((req.is_take || req.is_delete) && (!req.name || (!all && n_vms == 0)))
        return vbw_cli_usage_error(cli, "snapshot", "%s needs a snapshot NAME", action);
    if (req.name && !req.name[0])
        return vbw_cli_usage_error(cli, "snapshot", "the snapshot NAME is empty");
    if ((code = vbw_cli_parse_jobs(cli, "snapshot", vbw_cli_opt_value(&args, SNAP_JOBS))))
        return code;
    const char *timeout_text = vbw_cli_opt_value(&args, SNAP_TIMEOUT);
    double timeout_s = 0;
    if (timeout_text &&
        (code = vbw_cli_parse_seconds(cli, "snapshot", "--timeout", timeout_text, &timeout_s)))
        return code;
    if (timeout_text)
        vbw_cli_cap_call_timeout(cli, timeout_s);
    struct vbw_cli_targets targets = {0};
    if ((code = vbw_cli_targets_resolve(cli, "snapshot", vms, n_vms, all, NULL, NULL, &targets)))
        return code;
    struct vbw_cli_each each = {.one = snapshot_each, .opaque = &req, .prefix_out = req.is_list};
    code = vbw_cli_for_each_vm(cli, &targets, &each);
    vbw_cli_targets_clear(&targets);
    return code;
}
