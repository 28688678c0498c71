/*
 * test_gc_paths.c - how vbw gc reads the paths VirtualBox reports for a
 * wrapper VM: its slot from the settings file (SLOT/boinc_X/boinc_X.vbox)
 * and, for a VM VirtualBox can no longer read, its name from that path
 * alone. In this host's spelling: on Windows VirtualBox reports
 * "C:\...\slots\9\boinc_X\boinc_X.vbox", in which gc once found no slot
 * and no name (it looked for '/' only), so it never removed a Windows
 * orphan. Captures no output: Windows builds (under wine) run it too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "vbw_cli_gc.h"

/* got (malloc'd, freed here) is want; NULL for NULL. */
static void expect_text(char *got, const char *want)
{
    if (want) {
        assert_non_null(got);
        assert_string_equal(got, want);
    } else {
        assert_null(got);
    }
    free(got);
}

#define expect_slot(cfg, want) expect_text(vbw_cli_slot_dir_of(cfg), want)
#define expect_vm(cfg, want)   expect_text(vbw_gc_wrapper_vm_of(cfg), want)

/* '/' separates on every host (VirtualBox on Windows takes it too). */
static void test_slash_paths(void **state)
{
    (void)state;
    expect_slot("/var/lib/boinc/slots/3/boinc_ab/boinc_ab.vbox", "/var/lib/boinc/slots/3");
    expect_vm("/var/lib/boinc/slots/3/boinc_ab/boinc_ab.vbox", "boinc_ab");
    expect_vm("/var/lib/boinc/slots/3/boinc_ab/boinc_cd.vbox", NULL); /* not its folder */
    expect_vm("/var/lib/boinc/slots/3/other/other.vbox", NULL);       /* not a wrapper VM */
    expect_vm("/var/lib/boinc/slots/3/boinc_ab/boinc_ab.xml", NULL);
    expect_vm("boinc_ab.vbox", NULL);
    expect_slot("slots/3/boinc_ab/boinc_ab.vbox", NULL); /* relative: no slot to look at */
}

static void test_windows_paths(void **state)
{
    (void)state;
    const char *cfg = "C:\\ProgramData\\BOINC\\slots\\9\\boinc_ab\\boinc_ab.vbox";
#ifdef _WIN32
    expect_slot(cfg, "C:\\ProgramData\\BOINC\\slots\\9");
    expect_vm(cfg, "boinc_ab");
    expect_vm("C:\\ProgramData\\BOINC\\slots\\9\\boinc_ab\\boinc_cd.vbox", NULL);
    expect_slot("\\\\server\\boinc\\slots\\9\\boinc_ab\\boinc_ab.vbox",
                "\\\\server\\boinc\\slots\\9");
    expect_slot("C:slots\\9\\boinc_ab\\boinc_ab.vbox", NULL); /* relative to C:'s folder */
#else
    /* a backslash is a file name's byte on POSIX: no separator, no slot */
    expect_slot(cfg, NULL);
    expect_vm(cfg, NULL);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slash_paths),
        cmocka_unit_test(test_windows_paths),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
