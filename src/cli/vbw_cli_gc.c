/*
 * vbw_cli_gc.c - vbw gc: what dead tasks left behind in VirtualBox (BOINC
 * issue #5424: dozens of boinc_* VMs pointing to slot directories that no
 * longer exist). Lists it with the reason; removes it with --yes.
 *
 * - A wrapper VM (boinc_*) whose slot directory is gone, powered off: the
 *   client deleted the slot after a crash. Unregistered without deleting:
 *   its own files went with the slot, and what else it has attached (a
 *   disk from outside the slot) is not gc's to delete. Its media, now used
 *   by no VM, are released by the media half.
 * - An inaccessible VM whose settings file has the wrapper's shape
 *   (SLOT/boinc_X/boinc_X.vbox) and whose folder is gone: the same VM once
 *   the hypervisor restarted and could no longer read it. Only the
 *   registry entry is left; it is unregistered (there is nothing to delete).
 * - A registered medium whose file is gone and that no VM uses
 *   (vbw_cli_gc_media.c): released from the registry, nothing deleted.
 *
 * Never touched: a VM that is running, one whose slot or folder exists (a
 * live task may own it), an inaccessible VM that is not the wrapper's (a
 * user's VM on a disk that is not mounted), a medium whose file exists or
 * that a VM gc keeps still uses.
 */
#include "vbw_cli_gc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

/* The slot directory of a VM from its settings file: the wrapper creates
 * SLOT/<vm name>/<vm name>.vbox, so it is the parent of CfgFile's folder.
 * Returns a malloc'd path, or NULL when cfg_file has no such shape. */
char *vbw_cli_slot_dir_of(const char *cfg_file)
{
    if (!vbw_path_is_absolute(cfg_file))
        return NULL;
    char *dir = vbw_strdup(cfg_file);
    for (int up = 0; dir && up < 2; up++) {
        char *slash = (char *)vbw_path_last_separator(dir);
        if (!slash || slash == dir) {
            free(dir);
            return NULL;
        }
        *slash = '\0';
    }
    return dir;
}

static bool directory_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool vbw_gc_path_gone(const char *path)
{
    struct stat st;
    return path && lstat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

char *vbw_gc_printable(const char *text)
{
    char *copy = vbw_strdup(text ? text : "");
    vbw_cli_make_printable(copy);
    return copy;
}

static int remember_orphan(struct vbw_gc *gc, const char *uuid)
{
    char **grown = realloc(gc->orphan_vms, (gc->n_orphan_vms + 1) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    gc->orphan_vms = grown;
    if (!(grown[gc->n_orphan_vms] = vbw_strdup(uuid)))
        return VBW_ERR_NOMEM;
    gc->n_orphan_vms++;
    return 0;
}

/* One VM's entry: a line of text (orphans always, the others under -v) or
 * an object of the "vms" array. */
struct vm_entry {
    const char *vm, *uuid; /* vm: for an inaccessible VM, its settings file's name */
    bool accessible;
    const char *state; /* or NULL */
    const char *settings_file, *slot_dir;
    const char *verdict;
    const char *why; /* text: why it is an orphan */
};

static void print_vm(struct vbw_gc *gc, const struct vm_entry *e)
{
    struct vbw_cli *cli = gc->cli;
    if (gc->j) {
        vbw_json_object_begin(gc->j);
        vbw_json_kv_string(gc->j, "vm", e->vm);
        vbw_json_kv_string(gc->j, "uuid", e->uuid);
        vbw_json_kv_bool(gc->j, "accessible", e->accessible);
        vbw_json_kv_string(gc->j, "state", e->state);
        vbw_json_kv_string(gc->j, "settings_file", e->settings_file);
        vbw_json_kv_string(gc->j, "slot_dir", e->slot_dir);
        vbw_json_kv_string(gc->j, "verdict", e->verdict);
        vbw_json_object_end(gc->j);
        return;
    }
    char *vm = vbw_gc_printable(e->vm ? e->vm : e->uuid);
    char *why = vbw_gc_printable(e->why);
    bool orphan = !strcmp(e->verdict, "orphan");
    if (vm && why &&
        (orphan || !strcmp(e->verdict, "removed") || !strcmp(e->verdict, "remove-failed")))
        fprintf(cli->out, "%s: %s: %s\n", vm, why,
                orphan                           ? "would remove (run with --yes)"
                : !strcmp(e->verdict, "removed") ? "removed"
                                                 : "not removed");
    else if (vm && cli->verbose && strcmp(e->verdict, "error") != 0)
        fprintf(cli->out, "%s: kept (%s)\n", vm, e->verdict + 5);
    free(vm);
    free(why);
}

/* The wrapper's VMs VirtualBox can read, whose slot directory is gone. */
static void gc_accessible(struct vbw_gc *gc, const struct vbw_hv_vm_entry *vm)
{
    struct vbw_hv_vm_info info = {0};
    char *slot = NULL, *why = NULL;
    struct vm_entry e = {.vm = vm->name, .uuid = vm->uuid, .accessible = true};
    int rc = gc->hv->ops->vm_info(gc->hv, vm->name, &info);
    if (rc < 0) {
        gc->code = vbw_cli_report_error(gc->cli, vm->name);
        e.verdict = "error";
    } else if (!(slot = vbw_cli_slot_dir_of(info.cfg_file))) {
        e.verdict = "kept-unknown-slot";
    } else if (directory_exists(slot)) {
        e.verdict = "kept-slot-exists";
    } else if (!vbw_vm_state_is_stopped(info.state)) {
        e.verdict = "kept-running";
    } else {
        e.verdict = "orphan";
        why = vbw_asprintf("slot directory %s is gone (%s)", slot, vbw_vm_state_name(info.state));
        if (remember_orphan(gc, vm->uuid) < 0)
            gc->code = vbw_cli_report_error(gc->cli, vm->name);
        if (gc->remove) {
            if (gc->hv->ops->vm_unregister(gc->hv, vm->name, false) < 0) {
                gc->code = vbw_cli_report_error(gc->cli, vm->name);
                e.verdict = "remove-failed";
            } else {
                e.verdict = "removed";
            }
        }
    }
    e.state = rc < 0 ? NULL : vbw_vm_state_name(info.state);
    e.settings_file = info.cfg_file;
    e.slot_dir = slot;
    e.why = why;
    print_vm(gc, &e);
    free(why);
    free(slot);
    vbw_hv_vm_info_clear(&info);
}

char *vbw_gc_wrapper_vm_of(const char *settings_file)
{
    static const char ext[] = ".vbox";
    const char *sep = vbw_path_last_separator(settings_file);
    if (!sep || sep == settings_file)
        return NULL;
    const char *base = sep + 1;
    size_t n = strlen(base);
    if (n <= sizeof ext - 1 || strcmp(base + n - (sizeof ext - 1), ext) != 0)
        return NULL;
    n -= sizeof ext - 1;
    /* the folder holding the file has the file's name */
    char *folder = vbw_strndup(settings_file, (size_t)(sep - settings_file));
    const char *folder_sep = folder ? vbw_path_last_separator(folder) : NULL;
    const char *folder_name = folder_sep ? folder_sep + 1 : folder;
    bool same = folder && strlen(folder_name) == n && memcmp(folder_name, base, n) == 0;
    free(folder);
    if (!same)
        return NULL;
    char *name = vbw_strndup(base, n);
    if (name && !vbw_cli_vm_is_ours(name)) {
        free(name);
        return NULL;
    }
    return name;
}

/* The registered VMs VirtualBox cannot read: after BOINC deleted a slot
 * and VBoxSVC restarted, a wrapper VM is only a UUID and a settings file
 * path in its registry. */
static void gc_inaccessible(struct vbw_gc *gc, const struct vbw_hv_inaccessible_vm *vm)
{
    char *name = vm->settings_file ? vbw_gc_wrapper_vm_of(vm->settings_file) : NULL;
    char *folder = NULL, *slot = NULL, *why = NULL;
    struct vm_entry e = {.vm = name, .uuid = vm->uuid, .settings_file = vm->settings_file};
    if (!vm->settings_file) {
        e.verdict = "kept-unknown-path";
    } else if (!name) {
        e.verdict = "kept-not-ours";
    } else {
        folder = vbw_strdup(vm->settings_file);
        char *slash = folder ? (char *)vbw_path_last_separator(folder) : NULL;
        if (slash)
            *slash = '\0';
        slot = vbw_cli_slot_dir_of(vm->settings_file);
        if (!folder || !vbw_gc_path_gone(folder)) {
            e.verdict = "kept-folder-exists";
        } else {
            e.verdict = "orphan";
            why = vbw_asprintf("inaccessible, its folder %s is gone", folder);
            if (remember_orphan(gc, vm->uuid) < 0)
                gc->code = vbw_cli_report_error(gc->cli, vm->uuid);
            if (gc->remove) {
                /* By UUID: VirtualBox knows no name for it. Without
                 * deleting: its files are gone. */
                if (gc->hv->ops->vm_unregister(gc->hv, vm->uuid, false) < 0) {
                    gc->code = vbw_cli_report_error(gc->cli, name);
                    e.verdict = "remove-failed";
                } else {
                    e.verdict = "removed";
                }
            }
        }
    }
    e.slot_dir = slot;
    e.why = why;
    print_vm(gc, &e);
    free(why);
    free(slot);
    free(folder);
    free(name);
}

static const char gc_usage[] =
    "Usage: vbw gc [--yes]\n"
    "Lists what dead tasks left behind, and why: boinc_* VMs whose slot\n"
    "directory no longer exists, inaccessible VMs whose settings file had\n"
    "the wrapper's shape and whose folder is gone, and registered disks,\n"
    "DVDs and floppies whose file is gone and that no VM uses. --yes\n"
    "removes them from VirtualBox's registry; no file is deleted. Running\n"
    "VMs, VMs whose slot or folder exists, other users' VMs and media in\n"
    "use are never touched.\n";

enum { GC_YES };
static const struct vbw_cli_opt gc_opts[] = {
    {"yes", 'y', false, NULL, "remove what was found (default: only list it)"},
    {NULL, 0, false, NULL, NULL},
};

int vbw_cli_cmd_gc(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    struct vbw_hv_vm_list list = {0};
    struct vbw_hv_inaccessible_vm_list gone = {0};
    struct vbw_json j;
    struct vbw_gc gc = {.cli = cli};
    int code = vbw_cli_parse_verb(cli, "gc", argc, argv, gc_opts, gc_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional)
        return vbw_cli_usage_error(cli, "gc", "unexpected argument '%s'", args.positional[0]);
    gc.remove = vbw_cli_opt_given(&args, GC_YES);
    if (!(gc.hv = vbw_cli_hv(cli)))
        return VBW_CLI_EXIT_FAILED;
    if (gc.hv->ops->vm_list(gc.hv, false, &list) < 0)
        return vbw_cli_report_error(cli, "gc");
    /* Only `list vms` flags an inaccessible VM; what it was is asked for
     * then (a long listing: every VM's whole settings). */
    bool any_inaccessible = false;
    for (size_t i = 0; i < list.count; i++)
        any_inaccessible |= !list.vms[i].accessible;
    if (any_inaccessible && gc.hv->ops->vm_list_inaccessible &&
        gc.hv->ops->vm_list_inaccessible(gc.hv, &gone) < 0) {
        vbw_hv_vm_list_clear(&list);
        return vbw_cli_report_error(cli, "gc");
    }
    if (cli->json) {
        gc.j = &j;
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_key(&j, "vms");
        vbw_json_array_begin(&j);
    }
    for (size_t i = 0; i < list.count; i++)
        if (list.vms[i].accessible && vbw_cli_vm_is_ours(list.vms[i].name))
            gc_accessible(&gc, &list.vms[i]);
    for (size_t i = 0; i < gone.count; i++)
        gc_inaccessible(&gc, &gone.items[i]);
    if (gc.j) {
        vbw_json_array_end(&j);
        vbw_json_key(&j, "media");
        vbw_json_array_begin(&j);
    }
    vbw_gc_media(&gc);
    if (gc.j) {
        vbw_json_array_end(&j);
        vbw_json_kv_int(&j, "orphans", (int64_t)gc.n_orphan_vms);
        vbw_json_kv_int(&j, "orphan_media", (int64_t)gc.n_orphan_media);
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    } else if (gc.n_orphan_vms == 0 && gc.n_orphan_media == 0) {
        fprintf(cli->out, "nothing left behind\n");
    }
    for (size_t i = 0; i < gc.n_orphan_vms; i++)
        free(gc.orphan_vms[i]);
    free(gc.orphan_vms);
    vbw_hv_inaccessible_vm_list_clear(&gone);
    vbw_hv_vm_list_clear(&list);
    return gc.code;
}
