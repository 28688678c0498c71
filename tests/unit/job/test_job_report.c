/*
 * test_job_report.c - the "name = value" report `vbw job check` prints:
 * every element present once (lists once per entry), values after
 * defaults, clamps and port expansion.
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

/* Single-valued report lines: one per struct vbw_job scalar/string field. */
#define SINGLE_LINES 35

static char *report_of(const char *fixture, size_t *lines)
{
    struct vbw_job job;
    struct helper_warnings w;
    int exit_code = 0;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    assert_int_equal(helper_parse_fixture(fixture, &job, &w, &exit_code), 0);
    f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(vbw_job_report(f, &job), 0);
    fclose(f);
    vbw_job_clear(&job);
    *lines = helper_count_lines(text);
    return text;
}

static void assert_line(const char *text, const char *line)
{
    char want[256];

    snprintf(want, sizeof want, "\n%s\n", line);
    if (strncmp(text, line, strlen(line)) == 0 && text[strlen(line)] == '\n')
        return;
    if (strstr(text, want) == NULL)
        fail_msg("line \"%s\" missing from:\n%s", line, text);
}

static void test_defaults_report(void **state)
{
    size_t lines;
    char *text = report_of("defaults.xml", &lines);

    (void)state;
    assert_int_equal(lines, SINGLE_LINES);
    assert_line(text, "os_name = ");
    assert_line(text, "vm_disk_controller_type = sata");
    assert_line(text, "vm_disk_controller_model = IntelAHCI");
    assert_line(text, "vm_graphics_controller_type = VBoxVGA");
    assert_line(text, "vram_size_mb = 16");
    assert_line(text, "minimum_checkpoint_interval = 600");
    assert_line(text, "minimum_heartbeat_interval = 600");
    assert_line(text, "enable_network = false");
    /* Every line is "name = value". */
    for (char *p = text; *p; p = strchr(p, '\n') + 1)
        assert_true(strstr(p, " = ") != NULL && strstr(p, " = ") < strchr(p, '\n'));
    free(text);
}

static void test_expanded_report(void **state)
{
    size_t lines;
    char *text = report_of("port_forward_nports.xml", &lines);

    (void)state;
    assert_int_equal(lines, SINGLE_LINES + 4);
    assert_line(text, "port_forward = host 8080 -> guest 80");
    assert_line(text, "port_forward = host 8081 -> guest 81");
    assert_line(text, "port_forward = host 8082 -> guest 82");
    assert_line(text, "port_forward = host 2222 -> guest 22 (remote)");
    free(text);

    text = report_of("all_elements.xml", &lines);
    assert_int_equal(lines, SINGLE_LINES + 4);
    assert_line(text, "vram_size_mb = 64");
    assert_line(text, "memory_size_mb = 2048");
    assert_line(text, "enable_cern_dataformat = true");
    assert_line(text, "copy_to_shared = input.dat");
    assert_line(text, "trickle_trigger_file = trickle_up");
    assert_line(text, "intermediate_upload_file = partial_result");
    free(text);
}

static void test_derived_report(void **state)
{
    struct vbw_job job;
    struct vbw_job_derived d;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    vbw_job_init(&job);
    job.enable_shared_directory = true;
    assert_int_equal(vbw_job_derive(&job, NULL, NULL, &d), 0);
    f = open_memstream(&text, &len);
    assert_int_equal(vbw_job_report_derived(f, &d), 0);
    fclose(f);
    assert_line(text, "derived.vm_name = boinc_standalone");
    assert_line(text, "derived.cpus = 1");
    assert_line(text, "derived.memory_mb = 512");
    assert_line(text, "derived.shared_dir = shared");
    free(text);
    vbw_job_derived_clear(&d);
    vbw_job_clear(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_report),
        cmocka_unit_test(test_expanded_report),
        cmocka_unit_test(test_derived_report),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
