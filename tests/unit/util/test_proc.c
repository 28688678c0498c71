/*
 * test_proc.c - the platform layer's view of another process (vbw_platform.h):
 * vbw_proc_exists() is what the task asks every second to notice a VM process
 * killed without a word in its log (issue 17.2), so it must say "gone" for a
 * process that exited, including one nobody has reaped yet (a zombie).
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_platform.h"

static void test_exists_until_killed(void **state)
{
    (void)state;
    assert_true(vbw_proc_exists((int)getpid()));
    assert_false(vbw_proc_exists(0));
    assert_false(vbw_proc_exists(-1));

    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        pause();
        _exit(0);
    }
    assert_true(vbw_proc_exists((int)child));
    assert_int_equal(kill(child, SIGKILL), 0);
    /* Killed but not reaped (WNOWAIT waits for the exit and leaves the
     * zombie): gone, for our purpose. */
    siginfo_t info;
    assert_int_equal(waitid(P_PID, (id_t)child, &info, WEXITED | WNOWAIT), 0);
    assert_false(vbw_proc_exists((int)child));
    assert_int_equal(waitpid(child, NULL, 0), child);
    assert_false(vbw_proc_exists((int)child));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exists_until_killed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
