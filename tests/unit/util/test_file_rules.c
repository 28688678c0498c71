/*
 * test_file_rules.c - the file rules of include/vbw/vbw_file.h that every
 * platform keeps, through the public interface only, so that the same
 * test runs natively and, for the Windows build, under wine: an atomic
 * write read back, a trusted read bounded, a guest path's folders walked
 * (a file where a folder should be refused, a missing folder "not found"),
 * stat and removal of a guest file, the cross-process lock's timeout, a
 * secret's private file gone after removal, a log's reader and its tail.
 * What needs POSIX itself (links, FIFOs, devices, fork) is in
 * test_file_untrusted.c and test_file_atomic.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "support/vbw_test_fs.h"

/* In the test's working folder (the build tree): the same on both. */
static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "vbw-file-rules-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return vbw_test_rmtree(dir) == 0 ? 0 : -1;
}

static char *in_dir(const char *rel)
{
    char *p = vbw_path_join(dir, rel);
    assert_non_null(p);
    return p;
}

static void write_file(const char *rel, const char *text)
{
    char *p = in_dir(rel);
    assert_int_equal(vbw_file_write_atomic(p, text, strlen(text)), 0);
    free(p);
}

static void test_atomic_write_replaces_and_reads_back(void **state)
{
    (void)state;
    char *p = in_dir("state.xml"), *text = NULL;
    size_t len = 0;

    assert_int_equal(vbw_file_write_atomic(p, "old", 3), 0);
    assert_int_equal(vbw_file_write_atomic(p, "new state", 9), 0);
    assert_int_equal(vbw_file_read_all(p, 64, &text, &len), 0);
    assert_int_equal(len, 9);
    assert_string_equal(text, "new state");
    free(text);
    /* Bounded: one byte over is refused, not cut. */
    assert_int_equal(vbw_file_read_all(p, 8, &text, &len), VBW_ERR_TOO_BIG);
    assert_null(text);
    assert_int_equal(len, 0);
    assert_int_equal(vbw_file_read_all(p, 9, &text, &len), 0);
    free(text);
    free(p);
    p = in_dir("absent");
    assert_int_equal(vbw_file_read_all(p, 8, &text, &len), VBW_ERR_NOT_FOUND);
    free(p);
}

/* The temporary file of an atomic write does not stay behind. */
static void test_atomic_write_leaves_no_temporary(void **state)
{
    (void)state;
    char *p = in_dir("only.txt"), *tmp;

    assert_int_equal(vbw_file_write_atomic(p, "x", 1), 0);
    tmp = vbw_asprintf("%s.tmp.%d", p, (int)getpid());
    assert_false(vbw_file_exists(tmp));
    free(tmp);
    free(p);
}

static void test_guest_file_in_subfolder(void **state)
{
    (void)state;
    char *sub = in_dir("results/deep"), *text = NULL;
    size_t len = 0;
    bool truncated = true, regular = false;
    int64_t size = 0;
    struct timespec mtime = {0, 0};

    assert_int_equal(vbw_file_mkdir_p(sub, 0755), 0);
    assert_true(vbw_file_exists(sub));
    write_file("results/deep/progress", "0.25\n");
    assert_int_equal(
        vbw_file_read_untrusted(dir, "results/deep/progress", 64, &text, &len, &truncated), 0);
    assert_string_equal(text, "0.25\n");
    assert_int_equal(len, 5);
    assert_false(truncated);
    free(text);
    /* Bounded: the rest is left out and said to be. */
    assert_int_equal(
        vbw_file_read_untrusted(dir, "results/deep/progress", 2, &text, &len, &truncated), 0);
    assert_string_equal(text, "0.");
    assert_true(truncated);
    free(text);
    assert_int_equal(vbw_file_stat_untrusted(dir, "results/deep/progress", &regular, &mtime, &size),
                     0);
    assert_true(regular);
    assert_int_equal(size, 5);
    assert_true(mtime.tv_sec > 0);
    free(sub);
}

static void test_guest_walk_refusals(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;

    write_file("plain", "x");
    char *folder = in_dir("folder");
    assert_int_equal(vbw_file_mkdir_p(folder, 0755), 0);
    free(folder);
    /* A file where a folder should be. */
    assert_int_equal(vbw_file_read_untrusted(dir, "plain/x", 64, &text, &len, NULL),
                     VBW_ERR_UNSAFE);
    /* A folder where the file should be: not read (POSIX opens it and
     * refuses it, VBW_ERR_UNSAFE; Windows cannot open a folder as a file,
     * VBW_ERR_IO). */
    assert_true(vbw_file_read_untrusted(dir, "folder", 64, &text, &len, NULL) < 0);
    assert_int_equal(vbw_file_read_untrusted(dir, "missing/x", 64, &text, &len, NULL),
                     VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_file_read_untrusted(dir, "folder/x", 64, &text, &len, NULL),
                     VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_file_read_untrusted(dir, "../plain", 64, &text, &len, NULL),
                     VBW_ERR_UNSAFE);
    assert_null(text);
    assert_int_equal(vbw_file_stat_untrusted(dir, "missing", NULL, NULL, NULL), VBW_ERR_NOT_FOUND);
}

static void test_guest_file_removed(void **state)
{
    (void)state;
    char *folder = in_dir("a");

    assert_int_equal(vbw_file_mkdir_p(folder, 0755), 0);
    write_file("a/done", "1");
    assert_int_equal(vbw_file_remove_untrusted(dir, "a/done"), 0);
    assert_int_equal(vbw_file_stat_untrusted(dir, "a/done", NULL, NULL, NULL), VBW_ERR_NOT_FOUND);
    /* Absent, or its folder absent: nothing to do. */
    assert_int_equal(vbw_file_remove_untrusted(dir, "a/done"), 0);
    assert_int_equal(vbw_file_remove_untrusted(dir, "gone/done"), 0);
    assert_int_equal(vbw_file_remove_untrusted(dir, "a/../x"), VBW_ERR_UNSAFE);
    free(folder);
}

/* A second holder (another open of the file, as another process would)
 * waits and gives up at its deadline; once released it gets the lock. */
static void test_lock_times_out_then_is_taken(void **state)
{
    (void)state;
    char *p = in_dir("parent.lock");
    struct vbw_file_lock *first = NULL, *second = NULL;

    assert_int_equal(vbw_file_lock(p, 0, &first), 0);
    assert_non_null(first);
    assert_int_equal(vbw_file_lock(p, 100, &second), VBW_ERR_TIMEOUT);
    assert_null(second);
    vbw_file_unlock(first);
    assert_int_equal(vbw_file_lock(p, 0, &second), 0);
    vbw_file_unlock(second);
    free(p);
}

static void test_secret_written_and_removed(void **state)
{
    (void)state;
    char *path = NULL, *text = NULL;
    size_t len = 0;

    assert_int_equal(vbw_file_secret_write("password", "s3cret", 6, &path), 0);
    assert_non_null(path);
    assert_int_equal(vbw_file_read_all(path, 64, &text, &len), 0);
    assert_int_equal(len, 6);
    assert_memory_equal(text, "s3cret", 6);
    free(text);
    char *folder = vbw_strdup(path);
    *strrchr(folder, '/') = '\0';
    vbw_file_secret_remove(path);
    assert_false(vbw_file_exists(folder));
    free(folder);
}

static void test_reader_and_tail(void **state)
{
    (void)state;
    char *p = in_dir("VBox.log"), *tail = NULL;
    struct vbw_file_reader *r = NULL;
    struct vbw_file_id id, again;
    int64_t size = 0;
    char buf[16];
    size_t got = 0;

    write_file("VBox.log", "line one\nline two\nline three\n");
    assert_int_equal(vbw_file_reader_open(p, &r, &id, &size), 0);
    assert_int_equal(size, 29);
    assert_int_equal(vbw_file_reader_pread(r, 5, buf, 3, &got), 0);
    assert_int_equal(got, 3);
    assert_memory_equal(buf, "one", 3);
    assert_int_equal(vbw_file_reader_pread(r, 29, buf, sizeof buf, &got), 0);
    assert_int_equal(got, 0);
    vbw_file_reader_close(r);
    /* The same file opened again is the same file. */
    assert_int_equal(vbw_file_reader_open(p, &r, &again, &size), 0);
    vbw_file_reader_close(r);
    assert_true(vbw_file_id_equal(&id, &again));
    /* The tail starts at its first whole line. */
    assert_int_equal(vbw_file_read_tail(p, 15, &tail), 0);
    assert_string_equal(tail, "line three\n");
    free(tail);
    free(p);
    p = in_dir("folder");
    assert_int_equal(vbw_file_mkdir_p(p, 0755), 0);
    assert_true(vbw_file_reader_open(p, &r, &id, &size) < 0); /* as for a guest's folder */
    assert_null(r);
    free(p);
    p = in_dir("absent.log");
    assert_int_equal(vbw_file_reader_open(p, &r, &id, &size), VBW_ERR_NOT_FOUND);
    assert_null(r);
    free(p);
}

/* Paths VirtualBox reports are this host's: on Windows a settings file is
 * "C:\\...\\boinc_x\\boinc_x.vbox", and gc and destroy must find its folders
 * there as they do on Linux (gc found no slot at all on Windows before). */
static void test_host_path_rules(void **state)
{
    (void)state;
    const char *p = "/var/lib/boinc/slots/3/boinc_x/boinc_x.vbox";
    assert_true(vbw_path_is_absolute(p));
    assert_ptr_equal(vbw_path_last_separator(p), strrchr(p, '/'));
    assert_false(vbw_path_is_absolute("slots/3"));
    assert_false(vbw_path_is_absolute(""));
    assert_false(vbw_path_is_absolute(NULL));
    assert_null(vbw_path_last_separator("boinc_x.vbox"));
    assert_null(vbw_path_last_separator(NULL));
    const char *w = "C:\\ProgramData\\BOINC\\slots\\3\\boinc_x\\boinc_x.vbox";
#ifdef _WIN32
    assert_true(vbw_path_is_absolute(w));
    assert_true(vbw_path_is_absolute("c:/ProgramData"));
    assert_true(vbw_path_is_absolute("\\\\server\\share\\x.vbox"));
    assert_false(vbw_path_is_absolute("C:relative"));
    assert_ptr_equal(vbw_path_last_separator(w), strrchr(w, '\\'));
    const char *mixed = "C:\\a\\b/c.vbox"; /* VirtualBox takes either */
    assert_ptr_equal(vbw_path_last_separator(mixed), strrchr(mixed, '/'));
#else
    /* a backslash is a file name's byte on POSIX */
    assert_false(vbw_path_is_absolute(w));
    assert_null(vbw_path_last_separator(w));
#endif
}

/* What vbw built and what VirtualBox reports name the same file when the
 * host says so: a stale VM's disk is found by comparing the two. */
static void test_host_path_compare(void **state)
{
    (void)state;
    assert_true(vbw_path_equal("/slots/3/vm_image.vdi", "/slots/3/vm_image.vdi"));
    assert_false(vbw_path_equal("/slots/3/vm_image.vdi", "/slots/30/vm_image.vdi"));
    assert_false(vbw_path_equal("/slots/3/vm_image.vdi", "/slots/3/vm_image.vd"));
    assert_false(vbw_path_equal(NULL, "/slots/3"));
    assert_true(vbw_path_is_under("/slots/3/vm_image.vdi", "/slots/3"));
    assert_true(vbw_path_is_under("/slots/3/vm_image.vdi", "/slots/3/"));
    assert_false(vbw_path_is_under("/slots/30/vm_image.vdi", "/slots/3"));
    assert_false(vbw_path_is_under("/slots/3", "/slots/3"));
    assert_false(vbw_path_is_under("/slots/3/", "/slots/3"));
    assert_false(vbw_path_is_under("/slots/3/x", ""));
    const char *cfg = "/slots/3/boinc_x/boinc_x.vbox";
    assert_true(vbw_path_in_folder_of("/slots/3/boinc_x/Snapshots/{u}.vdi", cfg));
    assert_false(vbw_path_in_folder_of("/slots/3/vm_image.vdi", cfg));
    assert_false(vbw_path_in_folder_of("/slots/3/boinc_xy/x.vdi", cfg));
    assert_false(vbw_path_in_folder_of("/slots/3/boinc_x/", cfg));
    assert_false(vbw_path_in_folder_of("/slots/3/boinc_x/a", "boinc_x.vbox")); /* no folder */
    assert_false(vbw_path_in_folder_of("/slots/3/boinc_x/a", NULL));
    const char *built = "C:\\ProgramData\\BOINC\\slots\\3/vm_image.vdi";
    const char *reported = "c:\\ProgramData\\BOINC\\slots\\3\\vm_image.vdi";
#ifdef _WIN32
    assert_true(vbw_path_equal(built, reported));
    assert_true(vbw_path_is_under(reported, "C:\\ProgramData\\BOINC\\slots\\3"));
    assert_true(vbw_path_is_under(reported, "C:/ProgramData/BOINC/slots/3/"));
    assert_false(vbw_path_is_under(reported, "C:\\ProgramData\\BOINC\\slots\\30"));
    assert_false(vbw_path_equal(built, "C:\\ProgramData\\BOINC\\slots\\3\\vm_image.vdi2"));
    assert_true(vbw_path_in_folder_of("c:\\slots\\3\\boinc_x\\Snapshots\\{u}.vdi",
                                      "C:\\slots\\3\\boinc_x\\boinc_x.vbox"));
#else
    assert_false(vbw_path_equal(built, reported)); /* other bytes, another file */
    assert_false(vbw_path_equal("/Slots/3", "/slots/3"));
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_atomic_write_replaces_and_reads_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_leaves_no_temporary, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_file_in_subfolder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_walk_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_guest_file_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_times_out_then_is_taken, setup, teardown),
        cmocka_unit_test(test_secret_written_and_removed),
        cmocka_unit_test_setup_teardown(test_reader_and_tail, setup, teardown),
        cmocka_unit_test(test_host_path_rules),
        cmocka_unit_test(test_host_path_compare),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
