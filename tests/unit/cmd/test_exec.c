/*
 * test_exec.c - the exec backend: exit codes, signals, separate streams,
 * the timeout that kills a TERM-ignoring child and its grandchildren, the
 * locale and user environment, no descriptor leak, output caps, EINTR.
 * The programs run are /bin/sh scripts: the backend never uses a shell
 * itself, the tests use one as a convenient child.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"

static int run_sh(const char *script, int timeout_ms, size_t max_output, struct vbw_cmd_result *r)
{
    struct vbw_cmd *cmd = NULL;
    assert_int_equal(vbw_cmd_exec_new(&cmd), 0);
    const char *argv[] = {"/bin/sh", "-c", script, NULL};
    struct vbw_cmd_options o = {.timeout_ms = timeout_ms, .max_output = max_output};
    int rc = vbw_cmd_run(cmd, argv, &o, r);
    vbw_cmd_free(cmd);
    return rc;
}

static void test_exit_code(void **state)
{
    struct vbw_cmd_result r;
    assert_int_equal(run_sh("exit 3", 5000, 0, &r), 0);
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 3);
    assert_false(r.timed_out);
    assert_int_equal(r.out_len, 0);
    assert_string_equal(r.out, "");
    vbw_cmd_result_clear(&r);
}

static void test_signal(void **state)
{
    struct vbw_cmd_result r;
    assert_int_equal(run_sh("kill -USR1 $$; sleep 5", 5000, 0, &r), 0);
    assert_false(r.exited);
    assert_int_equal(r.term_signal, SIGUSR1);
    assert_false(r.timed_out);
    vbw_cmd_result_clear(&r);
}

static void test_separate_streams(void **state)
{
    struct vbw_cmd_result r;
    assert_int_equal(run_sh("echo to-out; echo to-err >&2; echo more-out", 5000, 0, &r), 0);
    assert_string_equal(r.out, "to-out\nmore-out\n");
    assert_string_equal(r.err, "to-err\n");
    assert_int_equal(r.err_len, 7);
    vbw_cmd_result_clear(&r);
}

static bool process_gone(pid_t pid)
{
    /* Gone, or a zombie waiting for a reaper that is not us. */
    for (int i = 0; i < 100; i++) {
        if (kill(pid, 0) < 0 && errno == ESRCH)
            return true;
        char path[64], buf[256];
        snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
        FILE *f = fopen(path, "r");
        if (!f)
            return true;
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        const char *rp = strrchr(buf, ')');
        if (rp && rp[1] == ' ' && rp[2] == 'Z')
            return true;
        usleep(20000);
    }
    return false;
}

static void test_timeout_kills_tree(void **state)
{
    char pidfile[] = "/tmp/vbw-exec-test-XXXXXX";
    int fd = mkstemp(pidfile);
    assert_true(fd >= 0);
    close(fd);
    char script[512];
    /* The child ignores TERM; so does its grandchild, which would keep our
     * pipes open forever. */
    snprintf(script, sizeof script,
             "trap '' TERM; (trap '' TERM; exec sleep 60) & echo $! > %s; echo started; sleep 60",
             pidfile);
    struct vbw_cmd_result r;
    assert_int_equal(run_sh(script, 400, 0, &r), 0);
    assert_true(r.timed_out);
    assert_false(r.exited);
    assert_string_equal(r.out, "started\n");
    assert_true(r.duration_ms >= 400);
    assert_true(r.duration_ms < 10000);
    FILE *f = fopen(pidfile, "r");
    assert_non_null(f);
    int gpid = 0;
    assert_int_equal(fscanf(f, "%d", &gpid), 1);
    fclose(f);
    unlink(pidfile);
    assert_true(gpid > 0);
    assert_true(process_gone(gpid));
    vbw_cmd_result_clear(&r);
}

static void test_locale_and_user(void **state)
{
    setenv("LC_ALL", "de_DE.UTF-8", 1);
    setenv("LANG", "de_DE.UTF-8", 1);
    setenv("LANGUAGE", "de", 1);
    unsetenv("USER");
    unsetenv("LOGNAME");
    setenv("VBW_TEST_PASSTHROUGH", "kept", 1);
    struct vbw_cmd_result r;
    assert_int_equal(run_sh("echo \"$LC_ALL|$LANG|${LANGUAGE-unset}|$VBW_TEST_PASSTHROUGH|$PATH\"; "
                            "[ -n \"$USER\" ] && [ -n \"$LOGNAME\" ] && echo user-set",
                            5000, 0, &r),
                     0);
    char expect[4096];
    snprintf(expect, sizeof expect, "C.UTF-8|C.UTF-8|unset|kept|%s\nuser-set\n", getenv("PATH"));
    assert_string_equal(r.out, expect);
    vbw_cmd_result_clear(&r);
}

static void test_no_fd_leak(void **state)
{
    int leak = open("/dev/null", O_RDONLY); /* no O_CLOEXEC on purpose */
    assert_true(leak >= 3);
    int high = dup2(leak, 200);
    assert_int_equal(high, 200);
    char script[256];
    /* The child's own view: tested with [ -e ] so no pipe or directory
     * descriptor of the test itself gets in the way. */
    snprintf(script, sizeof script,
             "[ -e /proc/$$/fd/%d ] && echo leaked-%d; [ -e /proc/$$/fd/200 ] && echo leaked-200; "
             "[ -e /proc/$$/fd/2 ] && echo has-stderr",
             leak, leak);
    struct vbw_cmd_result r;
    assert_int_equal(run_sh(script, 5000, 0, &r), 0);
    assert_string_equal(r.out, "has-stderr\n");
    close(leak);
    close(high);
    vbw_cmd_result_clear(&r);
}

static void test_output_cap(void **state)
{
    struct vbw_cmd_result r;
    assert_int_equal(run_sh("head -c 200000 /dev/zero | tr '\\0' x; echo tail >&2", 5000, 1000, &r),
                     0);
    assert_true(r.exited);
    assert_int_equal(r.exit_code, 0);
    assert_int_equal(r.out_len, 1000);
    assert_true(r.out_truncated);
    assert_false(r.err_truncated);
    assert_string_equal(r.err, "tail\n");
    vbw_cmd_result_clear(&r);
}

static void test_missing_program(void **state)
{
    struct vbw_cmd *cmd = NULL;
    assert_int_equal(vbw_cmd_exec_new(&cmd), 0);
    const char *argv[] = {"/nonexistent/VBoxManage", "--version", NULL};
    struct vbw_cmd_result r;
    assert_int_equal(vbw_cmd_run(cmd, argv, NULL, &r), VBW_ERR_SPAWN);
    assert_non_null(strstr(vbw_error_last()->message, "/nonexistent/VBoxManage"));
    assert_int_equal(vbw_error_last()->sys_errno, ENOENT);
    vbw_cmd_free(cmd);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig)
{
    alarms++;
}

static void test_eintr_from_10hz_alarm(void **state)
{
    /* The BOINC API's timer: SIGALRM every 100 ms, no SA_RESTART. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = {{0, 20000}, {0, 20000}};
    setitimer(ITIMER_REAL, &it, NULL);
    struct vbw_cmd_result r;
    int rc = run_sh("sleep 0.3; echo done", 5000, 0, &r);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    signal(SIGALRM, SIG_DFL);
    assert_int_equal(rc, 0);
    assert_true(alarms > 3);
    assert_true(r.exited);
    assert_string_equal(r.out, "done\n");
    vbw_cmd_result_clear(&r);
}

static void test_find_vboxmanage(void **state)
{
    char dir[] = "/tmp/vbw-find-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char exe[256];
    snprintf(exe, sizeof exe, "%s/VBoxManage", dir);
    FILE *f = fopen(exe, "w");
    fputs("#!/bin/sh\n", f);
    fclose(f);
    chmod(exe, 0755);
    char *old_path = strdup(getenv("PATH"));
    char newpath[4096];
    snprintf(newpath, sizeof newpath, "/nonexistent:%s:%s", dir, old_path);
    setenv("PATH", newpath, 1);
    unsetenv("VBW_VBOXMANAGE");
    char *found = vbw_cmd_find_vboxmanage(NULL);
    assert_non_null(found);
    assert_string_equal(found, exe);
    free(found);
    assert_string_equal(getenv("PATH"), newpath); /* never rewritten */
    setenv("VBW_VBOXMANAGE", "/bin/true", 1);
    found = vbw_cmd_find_vboxmanage(NULL);
    assert_string_equal(found, "/bin/true");
    free(found);
    found = vbw_cmd_find_vboxmanage("/bin/false");
    assert_string_equal(found, "/bin/false");
    free(found);
    assert_null(vbw_cmd_find_vboxmanage("/nonexistent/x"));
    assert_int_equal(vbw_error_last()->code, VBW_ERR_NOT_FOUND);
    unsetenv("VBW_VBOXMANAGE");
    setenv("PATH", old_path, 1);
    free(old_path);
    unlink(exe);
    rmdir(dir);
}

/* The backend the environment configures and the program it runs: found
 * VBoxManage with exec; "VBoxManage" (none needed) with a replay; nothing
 * built when no VBoxManage is found. */
static void test_open_default(void **state)
{
    (void)state;
    struct vbw_cmd *cmd = NULL;
    char *program = NULL;
    unsetenv("VBW_REPLAY_TRANSCRIPT");
    unsetenv("VBW_RECORD_TRANSCRIPT");
    setenv("VBW_VBOXMANAGE", "/nonexistent/x", 1);
    assert_int_equal(vbw_cmd_open_default(NULL, &cmd, &program), VBW_ERR_NOT_FOUND);
    assert_null(program);
    assert_null(cmd);

    setenv("VBW_VBOXMANAGE", "/bin/true", 1);
    assert_int_equal(vbw_cmd_open_default(NULL, &cmd, &program), 0);
    assert_string_equal(program, "/bin/true");
    assert_string_equal(cmd->ops->name, "exec");
    vbw_cmd_free(cmd);
    free(program);

    char path[] = "/tmp/vbw-open-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char transcript[] = "# version: 7.0.10r158379\n"
                                     "# source: hand-written for the test\n"
                                     "call --version\n"
                                     "stdout <<EOT\n"
                                     "7.0.10r158379\n"
                                     "EOT\n";
    assert_int_equal(write(fd, transcript, sizeof transcript - 1),
                     (ssize_t)(sizeof transcript - 1));
    close(fd);
    setenv("VBW_VBOXMANAGE", "/nonexistent/x", 1); /* not looked for */
    setenv("VBW_REPLAY_TRANSCRIPT", path, 1);
    assert_int_equal(vbw_cmd_open_default(NULL, &cmd, &program), 0);
    assert_string_equal(program, "VBoxManage");
    assert_string_equal(cmd->ops->name, "replay");
    vbw_cmd_free(cmd);
    free(program);
    unsetenv("VBW_REPLAY_TRANSCRIPT");
    unsetenv("VBW_VBOXMANAGE");
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_code),
        cmocka_unit_test(test_signal),
        cmocka_unit_test(test_separate_streams),
        cmocka_unit_test(test_timeout_kills_tree),
        cmocka_unit_test(test_locale_and_user),
        cmocka_unit_test(test_no_fd_leak),
        cmocka_unit_test(test_output_cap),
        cmocka_unit_test(test_missing_program),
        cmocka_unit_test(test_eintr_from_10hz_alarm),
        cmocka_unit_test(test_find_vboxmanage),
        cmocka_unit_test(test_open_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
