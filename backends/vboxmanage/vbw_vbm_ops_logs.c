/*
 * vbw_vbm_ops_logs.c - where a VM's files are (vm_files), and log_tails:
 * the logs a failure report shows, as
 * upstream's dump names them: VBoxSVC.log in VirtualBox's home (the
 * service's, shared by every VM of the user), then the VM's VBox.log and its
 * start-up logs (VBoxHardening.log on Windows, VBoxStartup.log).
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw_vbm_backend.h"

char *vbw_vbm_service_log_path(void)
{
    const char *home = getenv("VBOX_USER_HOME");
    char *dir = home && *home ? vbw_strdup(home) : vbw_platform_virtualbox_home();
    char *path = dir ? vbw_path_join(dir, VBW_VBM_SERVICE_LOG) : NULL;
    free(dir);
    return path;
}

/* createvm --basefolder B --name N puts the VM in B/N: B/N/N.vbox and
 * B/N/Logs (Main's MachineImpl.cpp: the settings file name and the log
 * folder under the machine folder). */
int vbw_vbm_vm_files(struct vbw_hv *hv, const char *base_folder, const char *vm,
                     char **settings_file, char **log_folder)
{
    (void)hv;
    *settings_file = vbw_asprintf("%s/%s/%s.vbox", base_folder, vm, vm);
    *log_folder = vbw_asprintf("%s/%s/Logs", base_folder, vm);
    if (*settings_file && *log_folder)
        return 0;
    free(*settings_file);
    free(*log_folder);
    *settings_file = *log_folder = NULL;
    return vbw_error_set(VBW_ERR_NOMEM, "vm_files: out of memory");
}

/* Adds the tail of path as the next item; an absent or unreadable log is
 * left out, a refused one kept with the refusal. */
static int add_tail(struct vbw_hv_log_tails *out, enum vbw_hv_log_kind kind, const char *name,
                    const char *path, size_t max)
{
    char *text = NULL;
    char *refused = NULL;
    if (!path)
        return 0;
    int rc = vbw_file_read_tail(path, max, &text);
    if (rc == VBW_ERR_UNSAFE)
        refused = vbw_strdup(vbw_error_last()->message);
    else if (rc < 0)
        return 0;
    struct vbw_hv_log_tail *grown = realloc(out->items, (out->count + 1) * sizeof *grown);
    if (!grown) {
        free(text);
        free(refused);
        return vbw_error_set(VBW_ERR_NOMEM, "log_tails: out of memory");
    }
    out->items = grown;
    out->items[out->count++] = (struct vbw_hv_log_tail){kind, vbw_strdup(name), text, refused};
    return 0;
}

int vbw_vbm_log_tails(struct vbw_hv *hv, const char *log_folder, bool service, size_t max,
                      struct vbw_hv_log_tails *out)
{
    static const struct {
        enum vbw_hv_log_kind kind;
        const char *name;
    } vm_logs[] = {
        {VBW_HV_LOG_VM, VBW_VBM_VM_LOG},
        {VBW_HV_LOG_VM_STARTUP, "VBoxHardening.log"},
        {VBW_HV_LOG_VM_STARTUP, "VBoxStartup.log"},
    };
    (void)hv;
    memset(out, 0, sizeof *out);
    int rc = 0;
    if (service) {
        char *path = vbw_vbm_service_log_path();
        rc = add_tail(out, VBW_HV_LOG_SERVICE, VBW_VBM_SERVICE_LOG, path, max);
        free(path);
    }
    for (size_t i = 0; rc == 0 && log_folder && i < sizeof vm_logs / sizeof vm_logs[0]; i++) {
        char *path = vbw_asprintf("%s/%s", log_folder, vm_logs[i].name);
        rc = add_tail(out, vm_logs[i].kind, vm_logs[i].name, path, max);
        free(path);
    }
    return rc;
}
