/* test_task_hostile_links.c - issue 20: symbolic links a hostile guest
 * leaves in the slot (with <share_slot_dir>, or in shared/) must not take
 * the task's reads or writes out of the slot. POSIX only (tests/
 * CMakeLists.txt): a link needs symlink(), which mingw lacks; the Windows
 * file layer opens with FILE_FLAG_OPEN_REPARSE_POINT instead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helper_task_env.h"
#include "vbw_task_internal.h"

/* 20.12: on a failure the task prints the tail of the VM's logs into
 * stderr.txt, which is uploaded. A log name that is a symbolic link (the
 * guest can make one with <share_slot_dir>) must not bring a host file's
 * tail along; a plain log is still printed. */
static void test_log_dump_refuses_links(void **state)
{
    struct env *e = *state;
    write_slot_file(e, "host_secret", "HOST-SECRET-LINE\n");
    assert_int_equal(mkdir(slot_path(e, "Logs"), 0755), 0);
    char target[512];
    snprintf(target, sizeof target, "%s", slot_path(e, "host_secret"));
    assert_int_equal(symlink(target, slot_path(e, "Logs/VBox.log")), 0);
    assert_int_equal(symlink(target, slot_path(e, "Logs/VBoxHardening.log")), 0);
    write_slot_file(e, "Logs/VBoxStartup.log", "a plain startup log line\n");
    assert_int_equal(mkdir(slot_path(e, "home"), 0755), 0);
    assert_int_equal(symlink(target, slot_path(e, "home/VBoxSVC.log")), 0);
    char *old_home = getenv("VBOX_USER_HOME") ? strdup(getenv("VBOX_USER_HOME")) : NULL;
    setenv("VBOX_USER_HOME", slot_path(e, "home"), 1);
    struct vbw_task t;
    memset(&t, 0, sizeof t);
    struct vbw_task_config cfg = {.slot_dir = e->slot, .job = &e->job};
    t.cfg = &cfg;
    t.hv = &e->hv->base;
    snprintf(t.log_folder, sizeof t.log_folder, "%s", slot_path(e, "Logs"));
    vbw_task_dump_logs(&t, NULL);
    if (old_home)
        setenv("VBOX_USER_HOME", old_home, 1);
    else
        unsetenv("VBOX_USER_HOME");
    free(old_home);
    assert_false(logged(e, "HOST-SECRET-LINE"));
    assert_true(logged(e, "a plain startup log line"));
}

/* 20.13: <copy_to_shared> copies a slot file into shared/, which the guest
 * of a previous run could write: a dangling symbolic link there once made
 * the copy create its target, outside the slot. The link is not followed
 * (the copy is refused and said so) and nothing appears at its target. */
static void test_copy_to_shared_not_through_link(void **state)
{
    struct env *e = *state;
    char outside[64];
    snprintf(outside, sizeof outside, "/tmp/vbw-outside-%ld", (long)getpid());
    unlink(outside);
    write_slot_file(e, "input.dat", "project input\n");
    assert_int_equal(mkdir(slot_path(e, "shared"), 0755), 0);
    assert_int_equal(symlink(outside, slot_path(e, "shared/input.dat")), 0);
    write_slot_file(e, "other.dat", "second input\n");
    char *names[] = {"input.dat", "other.dat"};
    e->job.copy_to_shared = names;
    e->job.n_copy_to_shared = 2;
    at(e, 60, VBW_FAKE_ABORT, NULL, NULL);
    run(e);
    bool leaked = access(outside, F_OK) == 0;
    unlink(outside);
    assert_false(leaked);
    assert_true(logged(e, "Failed to copy 'input.dat' to the shared directory."));
    assert_true(logged(e, "Successfully copied 'other.dat' to the shared directory."));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_log_dump_refuses_links),
        T(test_copy_to_shared_not_through_link),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
