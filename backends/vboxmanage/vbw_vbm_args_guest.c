/*
 * vbw_vbm_args_guest.c - argv of guest control: run or start a program in
 * the guest, copy files to and from it, read a guest property.
 *
 * Builders are pure (no process, no I/O), so tests can check the exact
 * arguments each version gets; version differences come from struct
 * vbw_vbm_spelling only.
 */
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"

/* The password only ever as a file: --password would show it to every
 * user of the host in the process list. */
static void add_credentials(struct vbw_vbm_argv *a, const char *user, const char *password_file)
{
    if (user)
        vbw_vbm_argv_add_list(a, "--username", user, NULL);
    if (password_file)
        vbw_vbm_argv_add_list(a, "--passwordfile", password_file, NULL);
}

int vbw_vbm_args_guest_run(struct vbw_vbm_argv *a, const struct vbw_vbm_spelling *sp,
                           const char *vm, const struct vbw_hv_guest_cmd *cmd,
                           const char *password_file)
{
    if (cmd->cwd && !sp->guest_run_cwd) {
        a->error = vbw_error_set(VBW_ERR_UNSUPPORTED,
                                 "guestcontrol run --cwd needs VirtualBox 7.1 or later");
        return a->error;
    }
    /* start: the program is left running (its session detached); only
     * --verbose makes VBoxManage print its PID. */
    vbw_vbm_argv_add_list(a, "guestcontrol", vm, cmd->detach ? "start" : "run", NULL);
    if (cmd->detach)
        vbw_vbm_argv_add(a, "--verbose");
    vbw_vbm_argv_add_list(a, "--exe", cmd->exe, NULL);
    add_credentials(a, cmd->user, password_file);
    if (cmd->timeout_ms > 0) {
        vbw_vbm_argv_add(a, "--timeout");
        vbw_vbm_argv_addf(a, "%d", cmd->timeout_ms);
    }
    for (const char *const *e = cmd->env; e && *e; e++)
        vbw_vbm_argv_add_list(a, "--putenv", *e, NULL);
    if (cmd->cwd)
        vbw_vbm_argv_add_list(a, "--cwd", cmd->cwd, NULL);
    const char *arg0 = cmd->args && cmd->args[0] ? cmd->args[0] : cmd->exe;
    const char *const *rest = cmd->args && cmd->args[0] ? cmd->args + 1 : NULL;
    if (sp->guest_run_arg0_option)
        vbw_vbm_argv_add_list(a, "--arg0", arg0, NULL);
    if (!cmd->detach)
        vbw_vbm_argv_add_list(a, "--wait-stdout", "--wait-stderr", NULL);
    vbw_vbm_argv_add(a, "--");
    if (!sp->guest_run_arg0_option)
        vbw_vbm_argv_add(a, arg0);
    for (; rest && *rest; rest++)
        vbw_vbm_argv_add(a, *rest);
    return a->error;
}

/* Without --target-directory the last argument is the destination in every
 * version (5.2, 6.1, 7.x); options must come before the paths in 7.x.
 * --recursive always: 7.x copies only the top level of a directory without
 * it and ignores it for a file (VBoxManageGuestCtrl.cpp, gctlHandleCopy:
 * "Only available for directories. Just ignore otherwise."); 6.1 parses it
 * (and copies a directory with DirectoryCopyToGuest/FromGuest regardless). */
int vbw_vbm_args_guest_copy(struct vbw_vbm_argv *a, const char *vm, bool to_guest, const char *src,
                            const char *dst, const char *user, const char *password_file)
{
    /* The paths are plain arguments after the options: one that starts with
     * '-' would be read as an option (--target-directory=..., --dereference).
     * A guest path so spelt is not absolute and is refused; a host path gets
     * "./" in front, which names the same file. */
    const char *guest = to_guest ? dst : src, *host = to_guest ? src : dst;
    if (guest[0] == '-') {
        a->error = vbw_error_set(VBW_ERR_INVALID,
                                 "guest path '%s' starts with '-' (VBoxManage would read it as "
                                 "an option); give an absolute path",
                                 guest);
        return a->error;
    }
    vbw_vbm_argv_add_list(a, "guestcontrol", vm, to_guest ? "copyto" : "copyfrom", NULL);
    add_credentials(a, user, password_file);
    vbw_vbm_argv_add(a, "--recursive");
    if (!to_guest)
        vbw_vbm_argv_add(a, guest);
    if (host[0] == '-')
        vbw_vbm_argv_addf(a, "./%s", host);
    else
        vbw_vbm_argv_add(a, host);
    if (to_guest)
        vbw_vbm_argv_add(a, guest);
    return a->error;
}

int vbw_vbm_args_guestproperty_get(struct vbw_vbm_argv *a, const char *vm, const char *key)
{
    vbw_vbm_argv_add_list(a, "guestproperty", "get", vm, key, NULL);
    return a->error;
}
