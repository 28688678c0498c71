/*
 * vbw_vbm_vmproc.c - is a process VirtualBox's VM process for a VM? VBoxSVC
 * starts the front-end (VBoxHeadless, VirtualBoxVM) with "--comment <VM
 * name> --startvm <UUID>" (seen on 7.2.22: "/usr/lib/virtualbox/VBoxHeadless
 * --comment NAME --startvm UUID --vrde config"); the guest can write the VM
 * log that names the pid, but not another process's command line.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_hv.h"
#include "vbw/vbw_platform.h"

bool vbw_hv_vboxmanage_is_vm_process(int pid, const char *vm)
{
    char *cmd = NULL;
    size_t len = 0;
    int rc = vbw_proc_cmdline(pid, &cmd, &len);
    if (rc == VBW_ERR_UNSUPPORTED)
        return true; /* Windows: the VM process handle is opened by pid as it is */
    if (rc < 0)
        return false;
    bool comment = false, startvm = false;
    const char *prev = NULL;
    for (size_t at = 0; at < len;) {
        const char *arg = cmd + at;
        size_t n = strnlen(arg, len - at);
        if (prev && strcmp(prev, "--comment") == 0 && strcmp(arg, vm) == 0)
            comment = true;
        if (strcmp(arg, "--startvm") == 0)
            startvm = true;
        prev = arg;
        at += n + 1;
    }
    free(cmd);
    return comment && startvm;
}
