/*
 * test_file_untrusted.c - files the guest writes into shared/ are hostile:
 * symlinks out of the slot are not followed, FIFOs and devices are not
 * opened blocking, a huge file is read bounded, names with '/' or '..' are
 * refused, and a file replaced while being read does not confuse the read.
 * Files under a folder of shared/ ("results/progress", issue 16.5): every
 * folder on the way is walked without following a link, so a folder the
 * guest turned into a link out of the slot is refused, even while it swaps
 * it back and forth.
 */
#include <errno.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"
#include "support/vbw_test_fs.h"

static char dir[64];
static char outside[64];

static int setup(void **state)
{
    strcpy(dir, "/tmp/vbw-shared-XXXXXX");
    strcpy(outside, "/tmp/vbw-outside-XXXXXX");
    if (!mkdtemp(dir) || !mkdtemp(outside))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    int a = vbw_test_rmtree(dir), b = vbw_test_rmtree(outside);
    return a == 0 && b == 0 ? 0 : -1;
}

static void put(const char *d, const char *name, const char *text)
{
    char *p = vbw_path_join(d, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(p);
}

static void test_regular_file(void **state)
{
    put(dir, "boinc_finish_called", "0\n");
    char *text;
    size_t len;
    bool trunc;
    assert_int_equal(vbw_file_read_untrusted(dir, "boinc_finish_called", 100, &text, &len, &trunc),
                     0);
    assert_string_equal(text, "0\n");
    assert_false(trunc);
    free(text);
}

static void test_symlink_out_not_followed(void **state)
{
    put(outside, "secret", "host data\n");
    char target[128], link[128];
    snprintf(target, sizeof target, "%s/secret", outside);
    snprintf(link, sizeof link, "%s/boinc_finish_called", dir);
    assert_int_equal(symlink(target, link), 0);
    char *text = NULL;
    size_t len;
    bool trunc;
    assert_int_equal(vbw_file_read_untrusted(dir, "boinc_finish_called", 100, &text, &len, &trunc),
                     VBW_ERR_UNSAFE);
    assert_null(text);
    /* stat sees the link itself, not a regular file; remove removes the link only */
    bool regular = true;
    assert_int_equal(vbw_file_stat_untrusted(dir, "boinc_finish_called", &regular, NULL, NULL), 0);
    assert_false(regular);
    assert_int_equal(vbw_file_remove_untrusted(dir, "boinc_finish_called"), 0);
    assert_true(vbw_file_exists(target));
    assert_false(vbw_file_exists(link));
}

static void test_fifo_does_not_block(void **state)
{
    char fifo[128];
    snprintf(fifo, sizeof fifo, "%s/heartbeat", dir);
    assert_int_equal(mkfifo(fifo, 0644), 0);
    char *text = NULL;
    size_t len;
    bool trunc;
    /* Nobody writes the FIFO: a blocking open would hang the test here. */
    assert_int_equal(vbw_file_read_untrusted(dir, "heartbeat", 100, &text, &len, &trunc),
                     VBW_ERR_UNSAFE);
    assert_non_null(strstr(vbw_error_last()->message, "not a regular file"));
}

static void test_device_refused(void **state)
{
    char *text = NULL;
    size_t len;
    bool trunc;
    /* /dev itself as the shared dir: a character device is refused. */
    assert_int_equal(vbw_file_read_untrusted("/dev", "zero", 100, &text, &len, &trunc),
                     VBW_ERR_UNSAFE);
}

static void test_huge_sparse_file_is_bounded(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/fraction_done", dir);
    int fd = open(path, O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    /* 10 GB, sparse: costs no disk, would cost 10 GB of memory if read whole. */
    assert_int_equal(ftruncate(fd, 10LL * 1024 * 1024 * 1024), 0);
    close(fd);
    char *text = NULL;
    size_t len = 0;
    bool trunc = false;
    assert_int_equal(vbw_file_read_untrusted(dir, "fraction_done", 4096, &text, &len, &trunc), 0);
    assert_int_equal(len, 4096);
    assert_true(trunc);
    free(text);
    int64_t size = 0;
    assert_int_equal(vbw_file_stat_untrusted(dir, "fraction_done", NULL, NULL, &size), 0);
    assert_true(size == 10LL * 1024 * 1024 * 1024);
}

static void test_names_refused(void **state)
{
    static const char *const bad[] = {
        "../vbox_checkpoint.xml", "/etc/passwd", "a/../b", "..", ".", "", "a\\b"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *text = NULL;
        size_t len;
        bool trunc;
        assert_false(vbw_file_name_is_plain(bad[i]));
        assert_int_equal(vbw_file_read_untrusted(dir, bad[i], 10, &text, &len, &trunc),
                         VBW_ERR_UNSAFE);
        assert_int_equal(vbw_file_remove_untrusted(dir, bad[i]), VBW_ERR_UNSAFE);
    }
    char long_name[300];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_false(vbw_file_name_is_plain(long_name));
    assert_true(vbw_file_name_is_plain("boinc_finish_called"));
    assert_true(vbw_file_name_is_plain("..hidden"));
    /* A folder is a path, not a plain name (vbw_file_relpath_is_safe). */
    assert_false(vbw_file_name_is_plain("a/b"));
}

static void test_missing_is_not_found(void **state)
{
    char *text = NULL;
    size_t len;
    bool trunc;
    assert_int_equal(vbw_file_read_untrusted(dir, "nothing", 10, &text, &len, &trunc),
                     VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_file_remove_untrusted(dir, "nothing"), 0);
}

static void test_binary_junk_read_verbatim(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/junk", dir);
    FILE *f = fopen(path, "wb");
    unsigned char junk[256];
    for (int i = 0; i < 256; i++)
        junk[i] = (unsigned char)(255 - i);
    fwrite(junk, 1, sizeof junk, f);
    fclose(f);
    char *text = NULL;
    size_t len;
    bool trunc;
    assert_int_equal(vbw_file_read_untrusted(dir, "junk", 1000, &text, &len, &trunc), 0);
    assert_int_equal(len, 256);
    assert_memory_equal(text, junk, 256);
    assert_int_equal(text[256], '\0'); /* terminated even so */
    free(text);
}

/* The guest replaces the file (rename over it) while we read it again and
 * again: every read is the old or the new content, whole, never a mix. */
static void test_replaced_while_read(void **state)
{
    (void)state;
    char a[1001], b[3001];
    memset(a, 'a', 1000);
    a[1000] = '\0';
    memset(b, 'b', 3000);
    b[3000] = '\0';
    put(dir, "trigger", a);
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        /* Swap the two versions in as fast as rename allows. */
        for (int i = 0; i < 4000; i++) {
            put(dir, i % 2 ? "next_a" : "next_b", i % 2 ? a : b);
            char *from = vbw_path_join(dir, i % 2 ? "next_a" : "next_b");
            char *to = vbw_path_join(dir, "trigger");
            if (rename(from, to) != 0)
                _exit(1);
            free(from);
            free(to);
        }
        _exit(0);
    }
    unsigned seen_a = 0, seen_b = 0;
    for (int i = 0; i < 4000; i++) {
        char *text = NULL;
        size_t len = 0;
        bool truncated = false;
        assert_int_equal(vbw_file_read_untrusted(dir, "trigger", 1 << 20, &text, &len, &truncated),
                         0);
        assert_false(truncated);
        if (len == 1000 && strcmp(text, a) == 0)
            seen_a++;
        else if (len == 3000 && strcmp(text, b) == 0)
            seen_b++;
        else
            fail_msg("read %zu bytes that are neither version", len);
        free(text);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_true(seen_a + seen_b == 4000);
}

static void mkdir_in(const char *d, const char *name)
{
    char *p = vbw_path_join(d, name);
    assert_int_equal(mkdir(p, 0755), 0);
    free(p);
}

static void link_in(const char *d, const char *name, const char *target)
{
    char *p = vbw_path_join(d, name);
    assert_int_equal(symlink(target, p), 0);
    free(p);
}

static void test_relpath_rules(void **state)
{
    (void)state;
    static const char *const good[] = {"progress", "results/progress", "a/b/c", "..x/y", "a/.b"};
    static const char *const bad[] = {"",       "/a",   "a/",   "a//b", "./a",           "a/./b",
                                      "a/../b", "../a", "a/..", "a\\b", "results\\..\\x"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (!vbw_file_relpath_is_safe(good[i]))
            fail_msg("\"%s\" refused", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (vbw_file_relpath_is_safe(bad[i]))
            fail_msg("\"%s\" accepted", bad[i]);
    char deep[4 * (VBW_FILE_RELPATH_DEPTH + 1)] = "";
    for (int i = 0; i < VBW_FILE_RELPATH_DEPTH; i++)
        strcat(deep, i ? "/a" : "a");
    assert_true(vbw_file_relpath_is_safe(deep));
    strcat(deep, "/a");
    assert_false(vbw_file_relpath_is_safe(deep));
    char longp[VBW_FILE_RELPATH_MAX + 2];
    memset(longp, 'a', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    for (size_t i = 200; i < sizeof longp - 1; i += 200)
        longp[i] = '/';
    assert_false(vbw_file_relpath_is_safe(longp));
}

static void test_file_in_subfolder(void **state)
{
    (void)state;
    mkdir_in(dir, "results");
    mkdir_in(dir, "results/done");
    put(dir, "results/progress", "0.25\n");
    put(dir, "results/done/boinc_finish_called", "0\n");
    char *text = NULL;
    size_t len;
    bool trunc, regular = false;
    assert_int_equal(vbw_file_read_untrusted(dir, "results/progress", 100, &text, &len, &trunc), 0);
    assert_string_equal(text, "0.25\n");
    free(text);
    assert_int_equal(
        vbw_file_stat_untrusted(dir, "results/done/boinc_finish_called", &regular, NULL, NULL), 0);
    assert_true(regular);
    assert_int_equal(vbw_file_remove_untrusted(dir, "results/done/boinc_finish_called"), 0);
    assert_int_equal(
        vbw_file_stat_untrusted(dir, "results/done/boinc_finish_called", &regular, NULL, NULL),
        VBW_ERR_NOT_FOUND);
    /* A folder the guest has not made yet: absent, and nothing to remove. */
    assert_int_equal(vbw_file_read_untrusted(dir, "later/progress", 100, &text, &len, &trunc),
                     VBW_ERR_NOT_FOUND);
    assert_int_equal(vbw_file_remove_untrusted(dir, "later/progress"), 0);
    /* A file where a folder is expected is not walked through. */
    assert_int_equal(vbw_file_read_untrusted(dir, "results/progress/x", 100, &text, &len, &trunc),
                     VBW_ERR_UNSAFE);
}

/* The guest makes shared/results a link to a folder out of the slot: the
 * host's files there are neither read, stat'ed nor removed through it, at
 * the first folder or deeper. */
static void test_linked_folder_not_followed(void **state)
{
    (void)state;
    put(outside, "progress", "host data\n");
    link_in(dir, "results", outside);
    mkdir_in(dir, "run");
    link_in(dir, "run/state", outside);
    static const char *const rels[] = {"results/progress", "run/state/progress"};
    for (size_t i = 0; i < 2; i++) {
        char *text = NULL;
        size_t len;
        bool trunc, regular;
        assert_int_equal(vbw_file_read_untrusted(dir, rels[i], 100, &text, &len, &trunc),
                         VBW_ERR_UNSAFE);
        assert_null(text);
        assert_non_null(strstr(vbw_error_last()->message, "not followed"));
        assert_int_equal(vbw_file_stat_untrusted(dir, rels[i], &regular, NULL, NULL),
                         VBW_ERR_UNSAFE);
        assert_int_equal(vbw_file_remove_untrusted(dir, rels[i]), VBW_ERR_UNSAFE);
    }
    char *kept = vbw_path_join(outside, "progress");
    assert_true(vbw_file_exists(kept));
    free(kept);
}

/* The guest swaps shared/results between its own folder and a link out of
 * the slot as fast as rename allows while the wrapper reads through it: a
 * read gets the guest's file or fails, never the host's (a check of the
 * path followed by an open of the path string would lose this race). */
static void test_folder_swapped_for_link_while_read(void **state)
{
    (void)state;
    put(outside, "progress", "host data\n");
    mkdir_in(dir, "real");
    put(dir, "real/progress", "0.5\n");
    link_in(dir, "link", outside);
    char *real = vbw_path_join(dir, "real"), *lnk = vbw_path_join(dir, "link"),
         *results = vbw_path_join(dir, "results");
    pid_t child = fork();
    assert_true(child >= 0);
    if (child == 0) {
        for (int i = 0; i < 20000; i++) {
            const char *from = i % 2 ? lnk : real;
            if (rename(from, results) != 0 || rename(results, from) != 0)
                _exit(1);
        }
        _exit(0);
    }
    unsigned inside = 0, refused = 0;
    for (int i = 0; i < 20000; i++) {
        char *text = NULL;
        size_t len = 0;
        bool trunc = false;
        int rc = vbw_file_read_untrusted(dir, "results/progress", 100, &text, &len, &trunc);
        if (rc == 0) {
            if (strcmp(text, "0.5\n") != 0)
                fail_msg("read \"%s\" through a link out of the folder", text);
            inside++;
        } else {
            assert_true(rc == VBW_ERR_UNSAFE || rc == VBW_ERR_NOT_FOUND);
            refused++;
        }
        free(text);
    }
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(inside + refused, 20000);
    free(real);
    free(lnk);
    free(results);
}

/* Issue 20: the guest password goes to VBoxManage in a file: only its owner
 * may open it (file 0600 in a new 0700 folder), its content is exactly the
 * secret, and removing it leaves nothing. */
static void test_secret_file_private_and_removed(void **state)
{
    (void)state;
    char *path = NULL;
    assert_int_equal(vbw_file_secret_write("password", "s3cret", 6, &path), 0);
    assert_non_null(path);
    struct stat st;
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0600);
    char *folder = strdup(path);
    *strrchr(folder, '/') = '\0';
    assert_int_equal(lstat(folder, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(vbw_file_read_all(path, 64, &text, &len), 0);
    assert_int_equal(len, 6);
    assert_memory_equal(text, "s3cret", 6);
    free(text);
    vbw_file_secret_remove(path);
    assert_int_equal(access(folder, F_OK), -1);
    free(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_regular_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_out_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_does_not_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_device_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_huge_sparse_file_is_bounded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_names_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_is_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_binary_junk_read_verbatim, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replaced_while_read, setup, teardown),
        cmocka_unit_test(test_secret_file_private_and_removed),
        cmocka_unit_test(test_relpath_rules),
        cmocka_unit_test_setup_teardown(test_file_in_subfolder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linked_folder_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_folder_swapped_for_link_while_read, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
