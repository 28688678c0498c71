/*
 * test_job_malformed.c - inputs that are not job files: each gives one
 * error line and exit code ERR_XML_PARSE (-112) as upstream, never a crash, a hang or an expansion.
 * Run under ASan/UBSan too (-DVBW_SANITIZE=ON).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper_job.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"

struct tmp_dir {
    char path[256];
};

static int setup_tmp(void **state)
{
    struct tmp_dir *t = calloc(1, sizeof *t);
    snprintf(t->path, sizeof t->path, "/tmp/vbw_job_test.XXXXXX");
    if (mkdtemp(t->path) == NULL) {
        free(t);
        return -1;
    }
    *state = t;
    return 0;
}

static int teardown_tmp(void **state)
{
    struct tmp_dir *t = *state;
    char file[512];

    snprintf(file, sizeof file, "%s/vbox_job.xml", t->path);
    unlink(file);
    rmdir(t->path);
    free(t);
    return 0;
}

/* Asserts a one-line error with upstream's exit code for a job it cannot
 * parse (ERR_XML_PARSE, -112) containing needle. */
static void assert_refused(int rc, int exit_code, const char *needle)
{
    const char *msg = vbw_error_last()->message;

    assert_true(rc < 0);
    assert_int_equal(exit_code, -112);
    assert_true(msg[0] != '\0');
    assert_null(strchr(msg, '\n'));
    if (needle != NULL && strstr(msg, needle) == NULL)
        fail_msg("\"%s\" not in \"%s\"", needle, msg);
}

static void refuse_fixture(const char *name, const char *needle)
{
    struct vbw_job job;
    struct helper_warnings w;
    int exit_code = 0;
    int rc = helper_parse_fixture(name, &job, &w, &exit_code);

    assert_refused(rc, exit_code, needle);
    vbw_job_clear(&job);
}

static void refuse_buffer(const char *buf, size_t len, const char *needle)
{
    struct vbw_job job;
    int exit_code = 0;
    int rc;

    vbw_job_init(&job);
    rc = vbw_job_parse_buffer(buf, len, &job, NULL, NULL, &exit_code);
    assert_refused(rc, exit_code, needle);
    vbw_job_clear(&job);
}

static void test_truncated(void **state)
{
    (void)state;
    refuse_fixture("malformed_truncated.xml", "malformed XML");
}

static void test_wrong_root(void **state)
{
    (void)state;
    refuse_fixture("malformed_wrong_root.xml", "<job>");
}

static void test_billion_laughs(void **state)
{
    (void)state;
    refuse_fixture("malformed_billion_laughs.xml", "DOCTYPE");
}

static void test_external_entity(void **state)
{
    (void)state;
    refuse_fixture("malformed_external_entity.xml", "DOCTYPE");
}

static void test_undefined_entity(void **state)
{
    (void)state;
    refuse_fixture("malformed_undefined_entity.xml", "nothing");
}

static void test_mismatched_tags(void **state)
{
    (void)state;
    refuse_fixture("malformed_mismatched.xml", "line 3");
}

static void test_ten_megabytes(void **state)
{
    struct tmp_dir *t = *state;
    char file[512];
    FILE *f;
    struct vbw_job job;
    int exit_code = 0, rc;

    snprintf(file, sizeof file, "%s/vbox_job.xml", t->path);
    f = fopen(file, "w");
    assert_non_null(f);
    fputs("<vbox_job>\n", f);
    for (int i = 0; i < 10 * 1024 * 1024 / 32; i++)
        fputs("<enable_network/>              \n", f);
    fputs("</vbox_job>\n", f);
    assert_int_equal(fclose(f), 0);

    vbw_job_init(&job);
    rc = vbw_job_parse_file(file, &job, NULL, NULL, &exit_code);
    assert_refused(rc, exit_code, "larger than");
    assert_int_equal(rc, VBW_ERR_TOO_BIG);
    vbw_job_clear(&job);
}

static void test_buffer_over_cap(void **state)
{
    size_t len = (1u << 20) + 1;
    char *big = malloc(len);

    (void)state;
    assert_non_null(big);
    memset(big, ' ', len);
    memcpy(big, "<vbox_job>", 10);
    refuse_buffer(big, len, "larger than");
    free(big);
}

static void test_binary_junk(void **state)
{
    unsigned char junk[4096];
    uint32_t x = 2463534242u;

    (void)state;
    for (size_t i = 0; i < sizeof junk; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        junk[i] = (unsigned char)x;
    }
    refuse_buffer((const char *)junk, sizeof junk, NULL);
    /* The same bytes without any NUL reach libxml2. */
    for (size_t i = 0; i < sizeof junk; i++) {
        if (junk[i] == 0)
            junk[i] = 0xff;
    }
    refuse_buffer((const char *)junk, sizeof junk, NULL);
    /* A valid start followed by junk. */
    memcpy(junk, "<vbox_job><os_name>", 19);
    refuse_buffer((const char *)junk, sizeof junk, NULL);
}

static void test_empty_and_blank(void **state)
{
    (void)state;
    refuse_buffer("", 0, "empty");
    refuse_buffer("   \n\n  ", 7, NULL);
    refuse_buffer("not xml at all", 14, NULL);
}

static void test_utf16(void **state)
{
    static const char utf16[] = "\xff\xfe<\0v\0b\0o\0x\0_\0j\0o\0b\0/\0>\0";

    (void)state;
    refuse_buffer(utf16, sizeof utf16 - 1, "NUL");
}

static void test_deep_nesting(void **state)
{
    struct vbw_buf b = VBW_BUF_INIT;

    (void)state;
    vbw_buf_puts(&b, "<vbox_job>");
    for (int i = 0; i < 5000; i++)
        vbw_buf_puts(&b, "<a>");
    for (int i = 0; i < 5000; i++)
        vbw_buf_puts(&b, "</a>");
    vbw_buf_puts(&b, "</vbox_job>");
    refuse_buffer(b.data, b.len, "malformed XML");
    vbw_buf_clear(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_wrong_root),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_external_entity),
        cmocka_unit_test(test_undefined_entity),
        cmocka_unit_test(test_mismatched_tags),
        cmocka_unit_test_setup_teardown(test_ten_megabytes, setup_tmp, teardown_tmp),
        cmocka_unit_test(test_buffer_over_cap),
        cmocka_unit_test(test_binary_junk),
        cmocka_unit_test(test_empty_and_blank),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
