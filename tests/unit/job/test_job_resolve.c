/*
 * test_job_resolve.c - logical to physical names as BOINC's
 * boinc_resolve_filename_s(): soft-link files (the form the client writes
 * in slots, "<soft_link>PATH</soft_link>"), symbolic links, ordinary and
 * missing files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helper_job.h"
#include "vbw/vbw_job.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vbw_job_resolve.XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    static const char *const names[] = {"link_file", "plain.xml", "sym", "blank", "escaped"};
    char p[256];

    (void)state;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return 0;
}

static const char *write_file(const char *name, const char *text)
{
    static char p[256];
    FILE *f;

    snprintf(p, sizeof p, "%s/%s", dir, name);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void expect(const char *logical, const char *physical)
{
    char *out = NULL;

    assert_int_equal(vbw_job_resolve_filename(logical, &out), 0);
    assert_string_equal(out, physical);
    free(out);
}

static void test_soft_link_file(void **state)
{
    (void)state;
    expect(write_file("link_file",
                      "<soft_link>../../projects/example.org_proj/vbox_job_1.xml</soft_link>\n"),
           "../../projects/example.org_proj/vbox_job_1.xml");
    expect(write_file("blank", "<soft_link>  /abs/path/file  </soft_link>\n"), "/abs/path/file");
    expect(write_file("escaped", "<soft_link>a&amp;b</soft_link>\n"), "a&b");
}

static void test_plain_missing_and_symlink(void **state)
{
    char logical[256], sym[256];

    (void)state;
    snprintf(logical, sizeof logical, "%s", write_file("plain.xml", "<vbox_job>\n</vbox_job>\n"));
    expect(logical, logical);
    snprintf(sym, sizeof sym, "%s/sym", dir);
    assert_int_equal(symlink(logical, sym), 0);
    expect(sym, sym);
    snprintf(logical, sizeof logical, "%s/missing", dir);
    expect(logical, logical);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_soft_link_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_missing_and_symlink, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
