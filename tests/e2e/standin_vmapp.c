/* A minimal VM app on the BOINC API, used only to check the e2e harness
 * itself in every scenario (suspend, quit, abort, client death) before and
 * apart from our vboxwrapper: if a scenario fails with this stand-in, the
 * harness is wrong; if it passes here and fails with vboxwrapper, look at the
 * wrapper. It is deliberately naive (one VM, fixed names, no checkpoints)
 * and follows upstream vboxwrapper's reactions in outline only:
 *   suspend/resume -> controlvm pause/resume (leave_apps_in_memory)
 *   quit, no heartbeat -> controlvm poweroff, VM kept, exit 0
 *   abort -> poweroff, unregistervm --delete, exit EXIT_ABORTED_BY_CLIENT
 *   completion trigger in shared/ -> poweroff, unregister, boinc_finish(0)
 *   64-bit os_name on a CPU without vmx/svm -> boinc_finish(ERR_EXEC)
 * VBoxManage: $VBW_VBOXMANAGE, else "VBoxManage" on PATH. */
#define _POSIX_C_SOURCE 200809L
#include "boinc_api.h"
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VM_NAME                       "boinc_standin_vmapp"
#define ERR_EXEC_STATUS               (-148)
#define EXIT_ABORTED_BY_CLIENT_STATUS 194

static const char *vboxmanage;

static void say(const char *fmt, ...)
{
    char stamp[32];
    time_t now = time(NULL);
    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", localtime(&now));
    fprintf(stderr, "%s (%d): ", stamp, (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

/* Runs VBoxManage with the given arguments (NULL-terminated); its output
 * goes to our stderr.txt. Returns its exit status, or -1. */
static int vbm(const char *first, ...)
{
    const char *argv[32];
    int argc = 0;
    argv[argc++] = vboxmanage;
    argv[argc++] = first;
    va_list ap;
    va_start(ap, first);
    const char *arg;
    while (argc < 31 && (arg = va_arg(ap, const char *)) != NULL)
        argv[argc++] = arg;
    va_end(ap);
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(2, 1);
        execvp(vboxmanage, (char *const *)argv);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The text between <tag> and </tag> in vbox_job.xml, or "" */
static void job_value(const char *tag, char *out, size_t outlen)
{
    char buf[8192], open_tag[64], close_tag[64];
    out[0] = '\0';
    FILE *f = fopen("vbox_job.xml", "r");
    if (!f)
        return;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    snprintf(open_tag, sizeof open_tag, "<%s>", tag);
    snprintf(close_tag, sizeof close_tag, "</%s>", tag);
    char *a = strstr(buf, open_tag);
    char *b = a ? strstr(a, close_tag) : NULL;
    if (!a || !b)
        return;
    a += strlen(open_tag);
    snprintf(out, outlen, "%.*s", (int)(b - a), a);
}

static bool cpu_has_vt(void)
{
    char line[4096];
    bool found = false;
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return false;
    while (!found && fgets(line, sizeof line, f)) {
        if (strncmp(line, "flags", 5) == 0 && (strstr(line, " vmx") || strstr(line, " svm")))
            found = true;
    }
    fclose(f);
    return found;
}

static void remove_vm(const char *slot)
{
    char disk[4200];
    vbm("controlvm", VM_NAME, "poweroff", (char *)NULL);
    vbm("storageattach", VM_NAME, "--storagectl", "Hard Disk Controller", "--port", "0", "--device",
        "0", "--medium", "none", (char *)NULL);
    vbm("unregistervm", VM_NAME, "--delete", (char *)NULL);
    snprintf(disk, sizeof disk, "%s/vm_image.vdi", slot);
    vbm("closemedium", "disk", disk, (char *)NULL);
}

int main(void)
{
    char slot[4096], shared[4200], image[4200], trigger[256], os_name[128], trigger_path[4500];
    BOINC_OPTIONS options;
    BOINC_STATUS status;
    struct stat st;

    vboxmanage = getenv("VBW_VBOXMANAGE") ? getenv("VBW_VBOXMANAGE") : "VBoxManage";
    /* wrapper-style: the runtime reads the client's messages and only sets
     * flags (direct_process_action 0); boinc_options_defaults() is C++-only */
    memset(&options, 0, sizeof options);
    options.main_program = 1;
    options.check_heartbeat = 1;
    options.handle_process_control = 1;
    options.send_status_msgs = 1;
    options.direct_process_action = 0;
    boinc_init_options(&options);

    if (!getcwd(slot, sizeof slot))
        boinc_finish(1);
    snprintf(shared, sizeof shared, "%s/shared", slot);
    snprintf(image, sizeof image, "%s/vm_image.vdi", slot);
    mkdir(shared, 0755);
    job_value("completion_trigger_file", trigger, sizeof trigger);
    job_value("os_name", os_name, sizeof os_name);
    snprintf(trigger_path, sizeof trigger_path, "%s/%s", shared, trigger);
    say("stand-in VM app: os_name %s, trigger %s", os_name, trigger);

    if (strstr(os_name, "_64") && !cpu_has_vt()) {
        say("ERR_CPU_VM_EXTENSIONS_DISABLED: a 64-bit guest needs VT-x/AMD-V");
        boinc_finish(ERR_EXEC_STATUS);
    }
    if (vbm("showvminfo", VM_NAME, "--machinereadable", (char *)NULL) != 0) {
        if (vbm("createvm", "--name", VM_NAME, "--basefolder", slot, "--ostype", os_name,
                "--register", (char *)NULL) != 0 ||
            vbm("storagectl", VM_NAME, "--name", "Hard Disk Controller", "--add", "sata",
                "--controller", "IntelAHCI", "--portcount", "1", (char *)NULL) != 0 ||
            vbm("storageattach", VM_NAME, "--storagectl", "Hard Disk Controller", "--port", "0",
                "--device", "0", "--type", "hdd", "--medium", image, (char *)NULL) != 0 ||
            vbm("sharedfolder", "add", VM_NAME, "--name", "shared", "--hostpath", shared,
                (char *)NULL) != 0)
            boinc_finish(1);
    } else {
        say("reusing the registered VM");
    }
    if (vbm("startvm", VM_NAME, "--type", "headless", (char *)NULL) != 0)
        exit(1);

    bool paused = false;
    for (;;) {
        boinc_get_status(&status);
        if (status.no_heartbeat || status.quit_request) {
            say(status.quit_request ? "quit request" : "no heartbeat");
            vbm("controlvm", VM_NAME, "poweroff", (char *)NULL);
            exit(0);
        }
        if (status.abort_request) {
            say("abort request");
            remove_vm(slot);
            exit(EXIT_ABORTED_BY_CLIENT_STATUS);
        }
        if (status.suspended && !paused) {
            vbm("controlvm", VM_NAME, "pause", (char *)NULL);
            paused = true;
        } else if (!status.suspended && paused) {
            vbm("controlvm", VM_NAME, "resume", (char *)NULL);
            paused = false;
        }
        if (stat(trigger_path, &st) == 0) {
            say("completion trigger seen");
            remove_vm(slot);
            boinc_finish(0);
        }
        struct timespec tick = {0, 200 * 1000 * 1000};
        nanosleep(&tick, NULL);
    }
}
