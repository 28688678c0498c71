/*
 * test_job_tolerant.c - issue 16.6: the wrapper reads a job file as
 * upstream's lenient XML_PARSER does (vbw_job_parse_*_tolerant), `vbw job
 * check` stays strict (vbw_job_parse_*).
 *
 * What upstream does, from BOINC lib/parse.cpp and samples/vboxwrapper/
 * vboxjob.cpp (HEAD): parse_string/parse_double/parse_int/parse_bool read
 * the value, then the next tag; when it is not the element's own end tag
 * they return false without storing the value, VBOX_JOB::parse() logs
 * "unexpected text" and reads on; it returns 0 at </vbox_job> (whatever
 * follows is never read) and ERR_XML_PARSE at the end of the file without
 * it. VBOX_PORT_FORWARD::parse() reads up to its own end tag, so a
 * <port_forward> closed by another name swallows the rest of the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helper_job.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"

static struct vbw_job job;
static struct helper_warnings warnings;
static int exit_code;

static int teardown(void **state)
{
    (void)state;
    vbw_job_clear(&job);
    return 0;
}

static int tolerant(const char *text)
{
    vbw_job_clear(&job);
    vbw_job_init(&job);
    memset(&warnings, 0, sizeof warnings);
    exit_code = 0;
    return vbw_job_parse_buffer_tolerant(text, strlen(text), &job, helper_collect_warning,
                                         &warnings, &exit_code);
}

static int strict(const char *text)
{
    vbw_job_clear(&job);
    vbw_job_init(&job);
    memset(&warnings, 0, sizeof warnings);
    exit_code = 0;
    return vbw_job_parse_buffer(text, strlen(text), &job, helper_collect_warning, &warnings,
                                &exit_code);
}

static bool warned(const char *needle)
{
    for (size_t i = 0; i < warnings.count && i < HELPER_JOB_MAX_WARNINGS; i++)
        if (strstr(warnings.lines[i], needle))
            return true;
    return false;
}

/* A project-shaped file with two misspelt end tags runs, with upstream's
 * values: the two elements are dropped, every other element is read. */
static void test_mismatched_end_tags_read_as_upstream(void **state)
{
    (void)state;
    const char *path = helper_job_fixture("tolerated_mismatched_end_tags.xml");
    vbw_job_init(&job);
    memset(&warnings, 0, sizeof warnings);
    assert_int_equal(
        vbw_job_parse_file_tolerant(path, &job, helper_collect_warning, &warnings, &exit_code), 0);
    assert_int_equal(exit_code, 0);
    /* Upstream's values: job_duration and heartbeat_filename never stored. */
    assert_true(job.job_duration == 0.0);
    assert_null(job.heartbeat_filename);
    /* Everything around them read. */
    assert_string_equal(job.os_name, "Linux26_64");
    assert_true(job.memory_size_mb == 2048.0);
    assert_true(job.enable_network && job.enable_shared_directory && job.enable_cern_dataformat);
    assert_true(job.minimum_checkpoint_interval == 900.0);
    assert_string_equal(job.fraction_done_filename, "progress");
    assert_true(job.minimum_heartbeat_interval == 1200.0);
    assert_string_equal(job.completion_trigger_file, "boinc_finish_called");
    assert_true(job.copy_cmdline_to_shared && job.enable_screenshots_on_error);
    assert_string_equal(job.vm_network_driver, "virtio");
    /* One WARNING line with the XML error, then one line per element. */
    assert_int_equal(warnings.count, 3);
    assert_non_null(strstr(warnings.lines[0], "WARNING: "));
    assert_non_null(strstr(warnings.lines[0], "malformed XML at line 13"));
    assert_non_null(strstr(warnings.lines[0], "upstream"));
    assert_string_equal(warnings.lines[1], "line 13: <job_duration> is closed by </job_duraton>: "
                                           "its value is ignored, as upstream ignores it");
    assert_string_equal(warnings.lines[2], "line 16: <heartbeat_filename> is closed by "
                                           "</heartbeat_file>: its value is ignored, as upstream "
                                           "ignores it");
    vbw_job_clear(&job);

    /* vbw job check's reading: the same file is an error naming the line. */
    vbw_job_init(&job);
    assert_true(vbw_job_parse_file(path, &job, helper_collect_warning, &warnings, &exit_code) < 0);
    assert_int_equal(exit_code, -112);
    assert_non_null(strstr(vbw_error_last()->message, "malformed XML at line 13"));
}

/* The same element earlier well-formed: upstream keeps that value (the
 * misspelt one is not stored), so does the tolerant reading. */
static void test_earlier_value_kept(void **state)
{
    (void)state;
    assert_int_equal(tolerant("<vbox_job>\n<os_name>Linux26</os_name>\n"
                              "<os_name>Windows</os_type>\n</vbox_job>\n"),
                     0);
    assert_string_equal(job.os_name, "Linux26");
    assert_true(warned("line 3: <os_name> is closed by </os_type>"));
}

/* Text after </vbox_job>: upstream returns at the root's end tag. */
static void test_text_after_root(void **state)
{
    (void)state;
    const char *text = "<vbox_job>\n<enable_network/>\n</vbox_job>\ntrailing <junk>\n";
    assert_true(strict(text) < 0);
    assert_int_equal(exit_code, -112);
    assert_int_equal(tolerant(text), 0);
    assert_true(job.enable_network);
    assert_int_equal(warnings.count, 1);
    assert_true(warned("WARNING: "));
}

/* Inside <port_forward> a value closed by another name is dropped as
 * upstream drops it; then vbw's own rule for a forward without its guest
 * port applies (an error, docs/compatibility.md), as with a missing one. */
static void test_port_forward_child_mismatch(void **state)
{
    (void)state;
    assert_true(tolerant("<vbox_job>\n<port_forward>\n<host_port>8080</host_port>\n"
                         "<guest_port>80</guest_prt>\n</port_forward>\n</vbox_job>\n") < 0);
    assert_int_equal(exit_code, -112);
    assert_non_null(strstr(vbw_error_last()->message, "missing <guest_port>"));
    assert_true(warned("line 4: <guest_port> is closed by </guest_prt>"));
}

/* What upstream's parser cannot read past either: each still fails with
 * ERR_XML_PARSE and the strict message. */
static void test_still_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text, *needle;
    } cases[] = {
        /* no </vbox_job>: upstream reads to the end of the file */
        {"<vbox_job>\n<enable_network/>\n<os_name>Linux</os_name>\n", "line"},
        /* the root closed by another name */
        {"<vbox_job>\n<enable_network/>\n</vbox_jobs>\n", "line 3"},
        /* an element closed by the root's end tag: the root never ends */
        {"<vbox_job>\n<os_name>Linux\n</vbox_job>\n", "line 3"},
        /* an unclosed start tag: the root's end tag closes it */
        {"<vbox_job>\n<enable_network>\n<job_duration>60</job_duration>\n</vbox_job>\n", "line"},
        /* <port_forward> closed by another name: upstream's port_forward
         * parser swallows the rest of the file */
        {"<vbox_job>\n<port_forward>\n<host_port>1</host_port>\n<guest_port>2</guest_port>\n"
         "</port_forwards>\n<job_duration>60</job_duration>\n</vbox_job>\n",
         "line 5"},
        /* an undefined entity and a raw '<' are not tag mismatches */
        {"<vbox_job>\n<os_name>&foo;</os_name>\n</vbox_job>\n", "line 2"},
        {"<vbox_job>\n<os_name>a < b</os_name>\n</vbox_job>\n", "line 2"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_true(strict(cases[i].text) < 0);
        char want[1024];
        snprintf(want, sizeof want, "%s", vbw_error_last()->message);
        if (tolerant(cases[i].text) >= 0)
            fail_msg("case %zu read: %s", i, cases[i].text);
        assert_int_equal(exit_code, -112);
        assert_string_equal(vbw_error_last()->message, want);
        if (!strstr(want, cases[i].needle))
            fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].needle, want);
    }
}

/* A well-formed job reads the same both ways, with no extra warning. */
static void test_well_formed_unchanged(void **state)
{
    (void)state;
    const char *text = "<vbox_job>\n<os_name>Linux26</os_name>\n<no_such/>\n</vbox_job>\n";
    assert_int_equal(tolerant(text), 0);
    assert_int_equal(warnings.count, 1);
    assert_true(warned("unknown element <no_such>"));
    assert_string_equal(job.os_name, "Linux26");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_mismatched_end_tags_read_as_upstream, teardown),
        cmocka_unit_test_teardown(test_earlier_value_kept, teardown),
        cmocka_unit_test_teardown(test_text_after_root, teardown),
        cmocka_unit_test_teardown(test_port_forward_child_mismatch, teardown),
        cmocka_unit_test_teardown(test_still_refused, teardown),
        cmocka_unit_test_teardown(test_well_formed_unchanged, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
