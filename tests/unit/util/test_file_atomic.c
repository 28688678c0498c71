/*
 * test_file_atomic.c - state files are replaced atomically (a child killed
 * with SIGKILL while rewriting the file in a loop never leaves a partial or
 * missing file), and the cross-process lock excludes another process.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "support/vbw_test_fs.h"

static void make_record(char *buf, size_t size, int n)
{
    /* Self-checking content: a header, a body of n-dependent length, a trailer. */
    int body = 100 + (n * 37) % 5000;
    int k = snprintf(buf, size, "<vbox_checkpoint><n>%d</n><body>", n);
    assert_true(k > 0 && (size_t)k < size - (size_t)body - 64);
    for (int i = 0; i < body; i++)
        buf[k++] = (char)('a' + (n + i) % 26);
    snprintf(buf + k, size - (size_t)k, "</body><len>%d</len></vbox_checkpoint>\n", body);
}

static bool record_is_whole(const char *text)
{
    int n = 0;
    if (sscanf(text, "<vbox_checkpoint><n>%d</n>", &n) != 1)
        return false;
    char expect[8192];
    make_record(expect, sizeof expect, n);
    return strcmp(expect, text) == 0;
}

static void test_kill_during_rewrites(void **state)
{
    char dir[] = "/tmp/vbw-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = vbw_path_join(dir, "vbox_checkpoint.xml");
    char buf[8192];
    make_record(buf, sizeof buf, 0);
    assert_int_equal(vbw_file_write_atomic(path, buf, strlen(buf)), 0);
    for (int round = 0; round < 20; round++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (int n = 1;; n++) {
                make_record(buf, sizeof buf, n + round * 100000);
                vbw_file_write_atomic(path, buf, strlen(buf));
            }
        }
        usleep(2000 + (useconds_t)(round * 1500));
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        char *text = NULL;
        size_t len = 0;
        assert_int_equal(vbw_file_read_all(path, 1 << 20, &text, &len), 0);
        if (!record_is_whole(text))
            fail_msg("round %d: partial checkpoint: %.60s", round, text);
        free(text);
    }
    assert_int_equal(vbw_test_rmtree(dir), 0);
    free(path);
}

static void test_lock_excludes_other_process(void **state)
{
    char path[] = "/tmp/vbw-lock-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct vbw_file_lock *l = NULL;
        if (vbw_file_lock(path, -1, &l) != 0)
            _exit(1);
        char c = 'x';
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        sleep(30); /* hold until killed */
        _exit(0);
    }
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    struct vbw_file_lock *lock = NULL;
    assert_int_equal(vbw_file_lock(path, 200, &lock), VBW_ERR_TIMEOUT);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    /* The holder died: the lock is free again (no stale lock file problem). */
    assert_int_equal(vbw_file_lock(path, 2000, &lock), 0);
    vbw_file_unlock(lock);
    unlink(path);
    close(ready[0]);
    close(ready[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_during_rewrites),
        cmocka_unit_test(test_lock_excludes_other_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
