/*
 * test_job_init_data.c - init_data.xml as the 7.20 client writes it
 * (fixtures/init_data/, built from write_init_data_file's formats), the
 * global-preference ranges of GLOBAL_PREFS::parse_override, and standalone
 * mode when the file is absent.
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
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"

static struct vbw_init_data d;

static int teardown(void **state)
{
    (void)state;
    vbw_init_data_clear(&d);
    return 0;
}

static const char *init_fixture(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/init_data/%s", VBW_FIXTURES_DIR, name);
    return path;
}

static void test_client_7_20(void **state)
{
    (void)state;
    assert_int_equal(vbw_init_data_parse_file(init_fixture("client_7.20.5.xml"), &d), 0);
    assert_true(d.present);
    assert_string_equal(d.result_name, "Theory_2743-2863093-626_0_1");
    assert_string_equal(d.wu_name, "Theory_2743-2863093-626_0");
    assert_int_equal(d.slot, 3);
    assert_string_equal(d.project_dir,
                        "/var/lib/boinc-client/projects/lhcathome.cern.ch_lhcathome");
    assert_string_equal(d.boinc_dir, "/var/lib/boinc-client");
    assert_true(d.ncpus == 2.0); /* not project_preferences' 99 */
    assert_non_null(strstr(d.p_features, " vmx "));
    assert_true(strncmp(d.p_features, "fpu vme", 7) == 0);
    assert_false(d.vm_extensions_disabled);
    assert_true(d.vbox_window);
    assert_false(d.using_sandbox);
    assert_true(d.checkpoint_period == 60.0);
    assert_true(d.cpu_usage_limit == 80.0);
    assert_true(d.max_bytes_sec_down == 250000.0);
    assert_true(d.max_bytes_sec_up == 50000.0);
    assert_true(d.daily_xfer_limit_mb == 2048.0);
    assert_int_equal(d.userid, 123456);
    assert_int_equal(d.hostid, 10654321);
    assert_int_equal(d.teamid, 789);
    assert_string_equal(d.user_name, "Ada <L>"); /* xml_escape'd by the client */
    assert_string_equal(d.team_name, "BOINC & Friends");
    assert_string_equal(d.authenticator, "0123456789abcdef0123456789abcdef");
    assert_true(d.user_total_credit == 1234567.89);
    assert_true(d.user_expavg_credit == 4321.5);
    assert_true(d.host_total_credit == 98765.43);
    assert_true(d.host_expavg_credit == 210.25);
    assert_true(d.rsc_memory_bound == 734003200.0);
    assert_true(d.rsc_fpops_est == 3600000000000.0);
}

static void test_prefs_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(vbw_init_data_parse_file(init_fixture("prefs_out_of_range.xml"), &d), 0);
    assert_true(d.present);
    assert_string_equal(d.result_name, "r_1");
    assert_true(d.cpu_usage_limit == 100.0);
    assert_true(d.max_bytes_sec_down == 0.0);
    assert_true(d.max_bytes_sec_up == 0.0);
    assert_true(d.daily_xfer_limit_mb == 0.0);
    assert_null(d.p_features);
}

static void test_missing_file_is_standalone(void **state)
{
    (void)state;
    assert_int_equal(vbw_init_data_parse_file(init_fixture("no_such_init_data.xml"), &d), 0);
    assert_false(d.present);
    assert_null(d.result_name);
    assert_true(d.cpu_usage_limit == 100.0);
}

static void test_malformed_is_error(void **state)
{
    (void)state;
    /* A job file is not init_data.xml: wrong root, an error, not present. */
    assert_true(vbw_init_data_parse_file(helper_job_fixture("defaults.xml"), &d) < 0);
    assert_false(d.present);
    assert_non_null(strstr(vbw_error_last()->message, "app_init_data"));
    vbw_init_data_clear(&d);
    assert_true(vbw_init_data_parse_file(helper_job_fixture("malformed_truncated.xml"), &d) < 0);
    assert_false(d.present);
    assert_null(d.result_name);
}

/* Writes text to a private file and parses it. */
static int parse_text(const char *text)
{
    char path[] = "/tmp/vbw-init-data-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    int rc = vbw_init_data_parse_file(path, &d);
    unlink(path);
    return rc;
}

/* issue 20.2: what the client writes but libxml2 rejects is read as BOINC's
 * own reader (lib/parse.cpp) reads it. */
static void test_lenient_as_boinc(void **state)
{
    (void)state;
    assert_int_equal(
        parse_text("<?xml version=\"1.0\"?>\n<app_init_data>\n"
                   "<project_preferences>\n<motd>Hi&nbsp;there, R&D <b>x</b>\n"
                   "<unclosed>\n</project_preferences>\n"
                   "<!-- a comment <result_name>no</result_name> -->\n"
                   "<project_dir>/p/R&D &amp; more&nbsp;</project_dir>\n"
                   "<user_name>&#195;&#169;&lt;&#x41;&gt;</user_name>\n"
                   "<team_name><![CDATA[a <b> & c]]></team_name>\n"
                   "<result_name attr=\"1\">  r_lenient_1  </result_name>\n"
                   "<unknown><nested>1</nested><result_name>no</result_name></unknown>\n"
                   "<slot>7</slot><ncpus>x2</ncpus><hostid></hostid>\n"
                   "<vbox_window/>\n"
                   "</app_init_data>\n"),
        0);
    assert_true(d.present);
    assert_string_equal(d.result_name, "r_lenient_1");
    assert_string_equal(d.project_dir, "/p/R&D & more&nbsp;");
    assert_string_equal(d.user_name, "\xc3\xa9<A>");
    assert_string_equal(d.team_name, "a <b> & c");
    assert_int_equal(d.slot, 7);
    assert_true(d.ncpus == 0); /* not a number: left as it was */
    assert_int_equal(d.hostid, 0);
    assert_true(d.vbox_window);
}

/* issue 20.2: no size limit (BOINC has none); memory stays bounded. */
static void test_lenient_over_8_mib(void **state)
{
    (void)state;
    char path[] = "/tmp/vbw-init-data-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("<app_init_data>\n<project_preferences>\n", f);
    for (int i = 0; i < 9 * 1024; i++)
        fprintf(f, "<p%d>%01020d</p%d>\n", i % 10, 0, i % 10);
    fputs("</project_preferences>\n<global_preferences><cpu_usage_limit>50</cpu_usage_limit>"
          "</global_preferences>\n<result_name>r_big_0</result_name>\n</app_init_data>\n",
          f);
    fclose(f);
    int rc = vbw_init_data_parse_file(path, &d);
    unlink(path);
    assert_int_equal(rc, 0);
    assert_true(d.present);
    assert_string_equal(d.result_name, "r_big_0");
    assert_true(d.cpu_usage_limit == 50.0);
}

/* Unreadable even so: an error (the wrapper then fails the task). */
static void test_lenient_still_refuses(void **state)
{
    (void)state;
    assert_true(parse_text("<app_init_data>\n<result_name>r_1</result_name>\n") < 0);
    assert_false(d.present);
    assert_null(d.result_name);
    assert_non_null(strstr(vbw_error_last()->message, "</app_init_data>"));
    vbw_init_data_clear(&d);
    assert_true(parse_text("garbage") < 0);
    assert_false(d.present);
    vbw_init_data_clear(&d);
    assert_true(parse_text("") < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_client_7_20, teardown),
        cmocka_unit_test_teardown(test_prefs_out_of_range, teardown),
        cmocka_unit_test_teardown(test_missing_file_is_standalone, teardown),
        cmocka_unit_test_teardown(test_malformed_is_error, teardown),
        cmocka_unit_test_teardown(test_lenient_as_boinc, teardown),
        cmocka_unit_test_teardown(test_lenient_over_8_mib, teardown),
        cmocka_unit_test_teardown(test_lenient_still_refuses, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
