/*
 * test_utf8_argv_win32.c - vbw.exe takes a non-ASCII path on its command
 * line (issue 19; Windows builds only, run under wine). The command layer
 * passes argv as UTF-16 (CreateProcessW); vbw.exe's main() reads it through
 * the ANSI code page, which its UTF-8 application manifest
 * (src/tools/win32/vbw_utf8.manifest) makes UTF-8. Without the manifest
 * the code page is a legacy one (1252 under wine): the Greek letters of
 * the folder name become '?', the job file is not found and vbw exits 1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/vbw_test_fs.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_util.h"

#include <windows.h>

static void test_vbw_job_check_non_ascii_path(void **state)
{
    (void)state;
    /* "Zürich-Ελλάδα": Latin-1 and Greek, which no single legacy code page holds. */
    char *dir = vbw_asprintf("C:/windows/temp/vbw-utf8-%lu-Z\xc3\xbcrich-"
                             "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1",
                             (unsigned long)GetCurrentProcessId());
    assert_non_null(dir);
    assert_int_equal(vbw_file_mkdir_p(dir, 0777), 0);
    char *job = vbw_path_join(dir, "vbox_job.xml");
    static const char xml[] = "<vbox_job>\n  <os_name>Linux26_64</os_name>\n"
                              "  <memory_size_mb>512</memory_size_mb>\n</vbox_job>\n";
    assert_int_equal(vbw_file_write_atomic(job, xml, sizeof xml - 1), 0);

    struct vbw_cmd *cmd = NULL;
    assert_int_equal(vbw_cmd_exec_new(&cmd), 0);
    const char *argv[] = {VBW_PROGRAM, "job", "check", job, NULL};
    struct vbw_cmd_options opts = {.timeout_ms = 120000};
    struct vbw_cmd_result r;
    assert_int_equal(vbw_cmd_run(cmd, argv, &opts, &r), 0);
    char *want = vbw_asprintf("%s: OK (0 warnings)", job);
    if (r.exit_code != 0 || !strstr(r.out, want))
        print_message("vbw.exe exit %d\nstdout: %s\nstderr: %s\n", r.exit_code, r.out, r.err);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, want));

    vbw_cmd_result_clear(&r);
    vbw_cmd_free(cmd);
    free(want);
    free(job);
    assert_int_equal(vbw_test_rmtree(dir), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vbw_job_check_non_ascii_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
