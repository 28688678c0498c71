/*
 * test_log.c - log_poll's incremental reading of <LogFldr>/VBox.log: only
 * new lines each poll, a partial last line completed later, rotation (a new
 * file, or a shorter one) restarting at 0, a missing file being "nothing
 * new", the per-poll read bound, and no process spawned at all.
 *
 * The line parser is the parse helper's; here a recorder stands in for it
 * (the backend's log_line seam) so the reader's own behaviour is checked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_cmd.h"
#include "helper_log.h"
#include "vbw/vbw_error.h"
#include "vbw_vbm_backend.h"
#include "vbw_vbm_parse.h"

#define MAX_LINES 32768

static char *lines[MAX_LINES];
static size_t n_lines;

static bool record_line(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    if (n_lines < MAX_LINES)
        lines[n_lines++] = strndup(line, len);
    /* "state-running" stands for a state line, to check what persists. */
    if (len == 13 && memcmp(line, "state-running", 13) == 0) {
        ev->state = VBW_VM_RUNNING;
        ev->state_changed = true;
        return true;
    }
    return false;
}

static void forget_lines(void)
{
    for (size_t i = 0; i < n_lines; i++)
        free(lines[i]);
    n_lines = 0;
}

/* The shared fixture (helper_log.c), with this file's line recorder. */
static int setup(void **state)
{
    log_fixture_setup(state);
    struct log_fixture *fx = *state;
    vbw_vbm_of(fx->hv)->log_line = record_line;
    return 0;
}

static int teardown(void **state)
{
    log_fixture_teardown(state);
    forget_lines();
    return 0;
}

static void write_file(const char *path, const char *mode, const char *text)
{
    FILE *fp = fopen(path, mode);
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void poll_ok(struct log_fixture *fx, struct vbw_hv_log_events *ev)
{
    assert_int_equal(fx->hv->ops->log_poll(fx->hv, fx->dir, ev), 0);
}

static void test_missing_file(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 0);
    assert_int_equal(ev.state, VBW_VM_UNKNOWN);
    assert_false(ev.state_changed);
}

static void test_incremental(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    write_file(fx->log, "w", "00:00:00.1 one\n00:00:00.2 two\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 2);
    assert_string_equal(lines[0], "00:00:00.1 one");
    assert_string_equal(lines[1], "00:00:00.2 two");
    poll_ok(fx, &ev); /* nothing new */
    assert_int_equal(n_lines, 2);
    write_file(fx->log, "a", "00:00:00.3 three\r\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 3);
    assert_string_equal(lines[2], "00:00:00.3 three"); /* CR dropped */
}

static void test_partial_line(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    write_file(fx->log, "w", "first\nhalf of a li");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 1);
    assert_string_equal(lines[0], "first");
    write_file(fx->log, "a", "ne\nnext");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 2);
    assert_string_equal(lines[1], "half of a line");
    write_file(fx->log, "a", "\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 3);
    assert_string_equal(lines[2], "next");
}

static void test_rotation_new_file(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    write_file(fx->log, "w", "old 1\nold 2\nold 3\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 3);
    /* VirtualBox renames VBox.log to VBox.log.1 and starts a new one. */
    char rotated[160], fresh[160];
    snprintf(rotated, sizeof rotated, "%s.1", fx->log);
    snprintf(fresh, sizeof fresh, "%s/new.tmp", fx->dir);
    write_file(fresh, "w", "new 1\n");
    assert_int_equal(rename(fx->log, rotated), 0);
    assert_int_equal(rename(fresh, fx->log), 0);
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 4);
    assert_string_equal(lines[3], "new 1");
    unlink(rotated);
}

static void test_rotation_truncated(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    write_file(fx->log, "w", "a long first line\nand another\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 2);
    write_file(fx->log, "w", "short\n"); /* same inode, smaller size */
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 3);
    assert_string_equal(lines[2], "short");
}

static void test_state_persists_flags_do_not(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    write_file(fx->log, "w", "state-running\n");
    poll_ok(fx, &ev);
    assert_int_equal(ev.state, VBW_VM_RUNNING);
    assert_true(ev.state_changed);
    poll_ok(fx, &ev);
    assert_int_equal(ev.state, VBW_VM_RUNNING); /* still the last state seen */
    assert_false(ev.state_changed);             /* but nothing changed since */
}

static void test_bounded_read(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    /* 1.5 MiB of 64-byte lines, with a poll budget of one chunk (1 MiB; the
     * real budget is VBW_VBM_LOG_POLL_BUDGET): more than one poll reads. */
    vbw_vbm_of(fx->hv)->log_poll_budget = VBW_VBM_LOG_MAX_READ;
    char line[65];
    memset(line, 'x', 63);
    line[63] = '\n';
    line[64] = '\0';
    size_t total = (3u * 1024u * 1024u / 2u) / 64u;
    FILE *fp = fopen(fx->log, "w");
    assert_non_null(fp);
    for (size_t i = 0; i < total; i++)
        fputs(line, fp);
    fclose(fp);
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, VBW_VBM_LOG_MAX_READ / 64);
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, total);
    assert_int_equal(strlen(lines[total - 1]), 63);
}

/* 20.18: a chatty guest's log lines once delayed noticing a state change
 * by a second per MiB (one 1 MiB read per poll, a poll a second: 50 MB of
 * guest lines, ~50 s). 24 MiB of lines and then a state line: the first
 * poll must see the state, with memory still bounded by the chunk size. */
static void test_catches_up_in_one_poll(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    char line[129];
    memset(line, 'g', 127);
    line[127] = '\n';
    line[128] = '\0';
    FILE *fp = fopen(fx->log, "w");
    assert_non_null(fp);
    for (size_t i = 0; i < (24u << 20) / 128u; i++)
        fputs(line, fp);
    fputs("state-running\n", fp);
    fclose(fp);
    poll_ok(fx, &ev);
    assert_int_equal(ev.state, VBW_VM_RUNNING);
    assert_true(ev.state_changed);
}

static void test_two_folders(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    char other[] = "/tmp/vbw-vbm-log2-XXXXXX";
    assert_non_null(mkdtemp(other));
    char other_log[64];
    snprintf(other_log, sizeof other_log, "%s/VBox.log", other);
    write_file(fx->log, "w", "vm1 a\n");
    write_file(other_log, "w", "vm2 a\nvm2 b\n");
    poll_ok(fx, &ev);
    assert_int_equal(fx->hv->ops->log_poll(fx->hv, other, &ev), 0);
    assert_int_equal(n_lines, 3);
    write_file(fx->log, "a", "vm1 b\n");
    poll_ok(fx, &ev);
    assert_int_equal(n_lines, 4);
    assert_string_equal(lines[3], "vm1 b");
    unlink(other_log);
    rmdir(other);
}

/* A restarted task drains the old VBox.log before startvm; the old
 * "Process ID" must not be reported as the new VM process's, and polls
 * before VirtualBox rotates the log report nothing (upstream bug: it
 * reported the previous process's pid). The real line parser is used. */
static void test_start_waits_for_rotation(void **state)
{
    struct log_fixture *fx = *state;
    struct vbw_hv_log_events ev;
    vbw_vbm_of(fx->hv)->log_line = vbw_vbm_parse_log_line;
    write_file(fx->log, "w", "00:00:00.000100 Process ID: 496\n");
    poll_ok(fx, &ev); /* the drain before startvm */
    assert_int_equal(ev.vm_pid, 496);
    vbw_vbm_log_await_rotation(vbw_vbm_of(fx->hv)); /* startvm succeeded */
    poll_ok(fx, &ev);
    assert_int_equal(ev.vm_pid, 0); /* old file: nothing reported */
    write_file(fx->log, "a", "00:00:09.000000 late line of the old process\n");
    poll_ok(fx, &ev);
    assert_int_equal(ev.vm_pid, 0);
    char rotated[160], fresh[160];
    snprintf(rotated, sizeof rotated, "%s.1", fx->log);
    snprintf(fresh, sizeof fresh, "%s/new.tmp", fx->dir);
    write_file(fresh, "w", "00:00:00.000200 Process ID: 903\n");
    assert_int_equal(rename(fx->log, rotated), 0);
    assert_int_equal(rename(fresh, fx->log), 0);
    poll_ok(fx, &ev);
    assert_int_equal(ev.vm_pid, 903);
    poll_ok(fx, &ev);
    assert_int_equal(ev.vm_pid, 903); /* sticky within one file */
    unlink(rotated);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_missing_file),       T(test_incremental),
        T(test_partial_line),       T(test_rotation_new_file),
        T(test_rotation_truncated), T(test_state_persists_flags_do_not),
        T(test_bounded_read),       T(test_catches_up_in_one_poll),
        T(test_two_folders),        T(test_start_waits_for_rotation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
