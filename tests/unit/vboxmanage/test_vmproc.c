/* Issue 20.4: a pid the VM log names is the VM's only when the process was
 * started by VirtualBox for this VM ("--comment <name> ... --startvm"). Real
 * processes of this test stand in: one with such a command line, the test
 * itself without one. Linux only (the command line comes from /proc). */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_hv.h"

static pid_t start(char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        /* Nothing of it may hold the test's output open after the kill. */
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    /* The command line is the new program's once exec has happened: poll.
     * The shell runs a loop, so it never execs into sleep itself. */
    for (int i = 0; i < 2000 && pid > 0; i++) {
        char path[64], buf[16];
        snprintf(path, sizeof path, "/proc/%d/cmdline", (int)pid);
        FILE *f = fopen(path, "re");
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (f)
            fclose(f);
        if (n >= 7 && memcmp(buf, "/bin/sh", 7) == 0)
            break;
        usleep(5000);
    }
    return pid;
}

static void stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static void test_vm_process_recognised(void **state)
{
    (void)state;
    char *argv[] = {"/bin/sh",
                    "-c",
                    "while :; do sleep 1; done",
                    "VBoxHeadless",
                    "--comment",
                    "boinc_0123",
                    "--startvm",
                    "0d936589-c240-4029-b3fd-5af75c55f119",
                    NULL};
    pid_t pid = start(argv);
    assert_true(pid > 0);
    assert_true(vbw_hv_vboxmanage_is_vm_process((int)pid, "boinc_0123"));
    /* Another VM's process is not this VM's. */
    assert_false(vbw_hv_vboxmanage_is_vm_process((int)pid, "boinc_9999"));
    stop(pid);
    /* Gone: not the VM's either. */
    assert_false(vbw_hv_vboxmanage_is_vm_process((int)pid, "boinc_0123"));
}

static void test_other_process_refused(void **state)
{
    (void)state;
    /* This test program: no --comment/--startvm. */
    assert_false(vbw_hv_vboxmanage_is_vm_process((int)getpid(), "boinc_0123"));
    /* The name without --startvm (a process that only mentions it). */
    char *argv[] = {"/bin/sh",    "-c", "while :; do sleep 1; done", "x", "--comment",
                    "boinc_0123", NULL};
    pid_t pid = start(argv);
    assert_false(vbw_hv_vboxmanage_is_vm_process((int)pid, "boinc_0123"));
    stop(pid);
    assert_false(vbw_hv_vboxmanage_is_vm_process(0, "boinc_0123"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm_process_recognised),
        cmocka_unit_test(test_other_process_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
