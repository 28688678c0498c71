/*
 * test_job_parse.c - vbox_job.xml files in fixtures/jobs/ against the
 * values upstream's VBOX_JOB::clear()/parse() (BOINC
 * samples/vboxwrapper/vboxjob.cpp) and main()'s memory floor give them.
 * The expectations were written from upstream's code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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

static void parse_ok(const char *name)
{
    int rc = helper_parse_fixture(name, &job, &warnings, &exit_code);
    if (rc != 0)
        fail_msg("%s: %s", name, vbw_error_last()->message);
    assert_int_equal(exit_code, 0);
}

static void test_defaults(void **state)
{
    (void)state;
    parse_ok("defaults.xml");
    assert_null(job.os_name);
    assert_string_equal(job.vm_disk_controller_type, "sata");
    assert_string_equal(job.vm_disk_controller_model, "IntelAHCI");
    assert_string_equal(job.vm_graphics_controller_type, "VBoxVGA");
    assert_true(job.vram_size_mb == 16.0);
    assert_true(job.memory_size_mb == 0.0); /* the 512 floor applies in derive */
    assert_true(job.job_duration == 0.0);
    assert_true(job.minimum_checkpoint_interval == 600.0);
    assert_true(job.minimum_heartbeat_interval == 600.0);
    assert_null(job.fraction_done_filename);
    assert_null(job.heartbeat_filename);
    assert_null(job.completion_trigger_file);
    assert_null(job.temporary_exit_trigger_file);
    assert_null(job.multiattach_vdi_file);
    assert_null(job.vm_network_driver);
    assert_false(job.enable_cern_dataformat);
    assert_false(job.enable_network);
    assert_false(job.network_bridged_mode);
    assert_false(job.enable_nat_dns_host_resolver);
    assert_false(job.enable_shared_directory);
    assert_false(job.enable_scratch_directory);
    assert_false(job.share_slot_dir);
    assert_false(job.share_project_dir);
    assert_false(job.enable_floppyio);
    assert_false(job.enable_cache_disk);
    assert_false(job.enable_isocontextualization);
    assert_false(job.boot_iso);
    assert_false(job.enable_remotedesktop);
    assert_false(job.enable_screenshots_on_error);
    assert_false(job.enable_graphics_support);
    assert_false(job.enable_vm_savestate_usage);
    assert_false(job.disable_automatic_checkpoints);
    assert_false(job.copy_cmdline_to_shared);
    assert_int_equal(job.pf_guest_port, 0);
    assert_int_equal(job.pf_host_port, 0);
    assert_int_equal(job.n_port_forwards, 0);
    assert_int_equal(job.n_copy_to_shared, 0);
    assert_int_equal(job.n_trickle_trigger_files, 0);
    assert_int_equal(job.n_intermediate_uploads, 0);
    assert_int_equal(warnings.count, 0);
}

static void test_all_elements(void **state)
{
    (void)state;
    parse_ok("all_elements.xml");
    assert_string_equal(job.os_name, "Linux26_64");
    assert_string_equal(job.vm_disk_controller_type, "ide");
    assert_string_equal(job.vm_disk_controller_model, "PIIX4");
    assert_string_equal(job.vm_graphics_controller_type, "VMSVGA");
    assert_true(job.vram_size_mb == 64.0);
    assert_true(job.memory_size_mb == 2048.0);
    assert_true(job.job_duration == 86400.0);
    assert_true(job.minimum_checkpoint_interval == 1200.0);
    assert_true(job.minimum_heartbeat_interval == 300.5);
    assert_string_equal(job.fraction_done_filename, "progress");
    assert_string_equal(job.heartbeat_filename, "heartbeat");
    assert_string_equal(job.completion_trigger_file, "finished");
    assert_string_equal(job.temporary_exit_trigger_file, "come_back_later");
    assert_string_equal(job.multiattach_vdi_file, "project_base_1.vdi");
    assert_string_equal(job.vm_network_driver, "virtio");
    assert_true(job.enable_cern_dataformat);
    assert_true(job.enable_network);
    assert_true(job.network_bridged_mode);
    assert_true(job.enable_nat_dns_host_resolver);
    assert_true(job.enable_shared_directory);
    assert_true(job.enable_scratch_directory);
    assert_false(job.share_project_dir); /* <share_project_dir>0</...> */
    assert_false(job.share_slot_dir);
    assert_true(job.enable_floppyio);
    assert_true(job.enable_cache_disk);
    assert_true(job.enable_isocontextualization);
    assert_true(job.boot_iso);
    assert_true(job.enable_remotedesktop);
    assert_true(job.enable_screenshots_on_error);
    assert_true(job.enable_graphics_support);
    assert_true(job.enable_vm_savestate_usage);
    assert_true(job.disable_automatic_checkpoints);
    assert_true(job.copy_cmdline_to_shared);
    assert_int_equal(job.pf_guest_port, 80);
    assert_int_equal(job.pf_host_port, 8080);
    assert_int_equal(job.n_port_forwards, 1);
    assert_int_equal(job.port_forwards[0].host_port, 5000);
    assert_int_equal(job.port_forwards[0].guest_port, 6000);
    assert_true(job.port_forwards[0].is_remote);
    assert_int_equal(job.n_copy_to_shared, 1);
    assert_string_equal(job.copy_to_shared[0], "input.dat");
    assert_int_equal(job.n_trickle_trigger_files, 1);
    assert_string_equal(job.trickle_trigger_files[0], "trickle_up");
    assert_int_equal(job.n_intermediate_uploads, 1);
    assert_string_equal(job.intermediate_uploads[0].file, "partial_result");
    assert_false(job.intermediate_uploads[0].reported);
    assert_false(job.intermediate_uploads[0].ignore);
    assert_int_equal(warnings.count, 0);
}

static void test_vram_clamps(void **state)
{
    (void)state;
    parse_ok("vram_below_min.xml");
    assert_true(job.vram_size_mb == 16.0);
    vbw_job_clear(&job);
    parse_ok("vram_above_max.xml");
    assert_true(job.vram_size_mb == 128.0);
    vbw_job_clear(&job);
    parse_ok("vram_negative.xml");
    assert_true(job.vram_size_mb == 16.0);
    vbw_job_clear(&job);
    parse_ok("vram_edges.xml");
    assert_true(job.vram_size_mb == 128.0);
}

static void test_memory(void **state)
{
    (void)state;
    parse_ok("memory_below_min.xml");
    assert_true(job.memory_size_mb == 512.0);
    vbw_job_clear(&job);
    parse_ok("memory_fraction.xml");
    assert_true(job.memory_size_mb == 1536.5);
}

static void test_booleans(void **state)
{
    (void)state;
    parse_ok("booleans.xml");
    assert_true(job.enable_network);           /* <x/> */
    assert_false(job.enable_shared_directory); /* <x>0</x> */
    assert_true(job.enable_floppyio);          /* <x>2</x> */
    assert_true(job.enable_cache_disk);        /* 0x10 */
    assert_true(job.boot_iso);                 /* "  1  " */
    assert_false(job.enable_remotedesktop);    /* "yes": not a number, default kept */
    assert_true(job.enable_graphics_support);  /* -1 is non-zero */
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "enable_remotedesktop"));
    assert_non_null(strstr(warnings.lines[0], "line 10"));
}

static void test_last_value_wins(void **state)
{
    (void)state;
    parse_ok("boolean_last_wins.xml");
    assert_false(job.enable_network);
    assert_string_equal(job.os_name, "Linux26_64");
}

static void test_numbers_edge(void **state)
{
    (void)state;
    parse_ok("numbers_edge.xml");
    assert_true(job.job_duration == 0.0);
    assert_true(job.minimum_checkpoint_interval == 600.0);
    assert_int_equal(job.pf_guest_port, 0x50);
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "minimum_checkpoint_interval"));
}

static void test_port_forward_nports(void **state)
{
    (void)state;
    parse_ok("port_forward_nports.xml");
    assert_int_equal(job.n_port_forwards, 4);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(job.port_forwards[i].host_port, 8080 + i);
        assert_int_equal(job.port_forwards[i].guest_port, 80 + i);
        assert_false(job.port_forwards[i].is_remote);
        assert_int_equal(job.port_forwards[i].nports, 0);
    }
    assert_int_equal(job.port_forwards[3].host_port, 2222);
    assert_int_equal(job.port_forwards[3].guest_port, 22);
    assert_true(job.port_forwards[3].is_remote);
}

static void expect_error_code(const char *name, int want_exit, const char *needle1,
                              const char *needle2)
{
    int rc = helper_parse_fixture(name, &job, &warnings, &exit_code);
    const char *msg = vbw_error_last()->message;

    if (rc >= 0)
        fail_msg("%s: parsed without error", name);
    assert_int_equal(exit_code, want_exit);
    assert_null(strchr(msg, '\n'));
    if (strstr(msg, needle1) == NULL)
        fail_msg("%s: \"%s\" not in \"%s\"", name, needle1, msg);
    if (needle2 != NULL && strstr(msg, needle2) == NULL)
        fail_msg("%s: \"%s\" not in \"%s\"", name, needle2, msg);
    vbw_job_clear(&job);
}

/* A job upstream cannot parse: boinc_finish(ERR_XML_PARSE). */
static void expect_error(const char *name, const char *needle1, const char *needle2)
{
    expect_error_code(name, -112, needle1, needle2);
}

/* Valid elements in an illegal combination: EXIT_INIT_FAILURE. */
static void expect_illegal(const char *name, const char *needle1, const char *needle2)
{
    expect_error_code(name, 206, needle1, needle2);
}

static void test_port_forward_errors(void **state)
{
    (void)state;
    expect_error("port_forward_missing_guest.xml", "port_forward", "guest_port");
    expect_error("port_forward_missing_host.xml", "port_forward", "host_port");
    expect_error("port_forward_out_of_range.xml", "port_forward", "65535");
}

static void test_repeated_lists(void **state)
{
    (void)state;
    parse_ok("repeated_lists.xml");
    assert_int_equal(job.n_copy_to_shared, 2);
    assert_string_equal(job.copy_to_shared[0], "a.dat");
    assert_string_equal(job.copy_to_shared[1], "b.dat");
    assert_int_equal(job.n_trickle_trigger_files, 2);
    assert_string_equal(job.trickle_trigger_files[0], "trickle_1");
    assert_string_equal(job.trickle_trigger_files[1], "trickle_2");
    assert_int_equal(job.n_intermediate_uploads, 3);
    assert_string_equal(job.intermediate_uploads[0].file, "up_1");
    assert_string_equal(job.intermediate_uploads[2].file, "up_3");
}

static void test_unknown_element(void **state)
{
    (void)state;
    parse_ok("unknown_element.xml");
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "no_such_option"));
    assert_non_null(strstr(warnings.lines[0], "line 4"));
    assert_true(job.enable_network);
    assert_string_equal(job.os_name, "Linux26");
}

static void test_illegal_combinations(void **state)
{
    (void)state;
    expect_illegal("illegal_slot_and_shared.xml", "share_slot_dir", "enable_shared_directory");
    expect_illegal("illegal_slot_and_copy.xml", "share_slot_dir", "copy_to_shared");
    expect_illegal("illegal_copy_without_shared.xml", "copy_to_shared", "enable_shared_directory");
    expect_illegal("illegal_project_and_scratch.xml", "share_project_dir",
                   "enable_scratch_directory");
    parse_ok("legal_slot_dir.xml");
    assert_true(job.share_slot_dir);
    assert_string_equal(job.completion_trigger_file, "done");
}

static void test_bad_names(void **state)
{
    (void)state;
    expect_error("bad_name_absolute.xml", "completion_trigger_file", "absolute");
    expect_error("bad_name_dotdot.xml", "trickle_trigger_file", "..");
    expect_error("bad_name_slash.xml", "copy_to_shared", "contains a '/'");
    expect_error("bad_name_upload.xml", "intermediate_upload_file", "..");
    expect_error("bad_name_temporary_exit.xml", "temporary_exit_trigger_file", "\"..\" component");
    expect_error("bad_name_backslash.xml", "fraction_done_filename", "'\\'");
}

/* Issue 16.5: upstream reads these as shared/<name>, so a project may put
 * them under a folder of shared/; vbw job check and the wrapper accept it. */
static void test_subfolder_names(void **state)
{
    (void)state;
    parse_ok("subfolder_files.xml");
    assert_string_equal(job.fraction_done_filename, "results/progress");
    assert_string_equal(job.heartbeat_filename, "run/heartbeat");
    assert_string_equal(job.completion_trigger_file, "results/done/boinc_finish_called");
    assert_string_equal(job.temporary_exit_trigger_file, "run/boinc_temporary_exit");
    assert_int_equal(job.n_trickle_trigger_files, 1);
    assert_string_equal(job.trickle_trigger_files[0], "trickles/status");
    assert_int_equal(warnings.count, 0);
}

static void test_escaped_and_empty_text(void **state)
{
    (void)state;
    parse_ok("escaped_text.xml");
    assert_string_equal(job.os_name, "a&b<c");
    assert_string_equal(job.vm_network_driver, "vir<tio");
    vbw_job_clear(&job);
    parse_ok("empty_strings.xml");
    assert_string_equal(job.os_name, "");
    assert_string_equal(job.completion_trigger_file, "");
}

static void test_missing_file(void **state)
{
    (void)state;
    expect_error_code("does_not_exist.xml", -108, "does_not_exist.xml", NULL);
}

static void test_buffer_entry(void **state)
{
    static const char text[] = "<vbox_job><vram_size_mb>32</vram_size_mb></vbox_job>";

    (void)state;
    vbw_job_init(&job);
    assert_int_equal(vbw_job_parse_buffer(text, strlen(text), &job, NULL, NULL, &exit_code), 0);
    assert_true(job.vram_size_mb == 32.0);
}

static int parse_text(const char *text)
{
    vbw_job_clear(&job);
    vbw_job_init(&job);
    memset(&warnings, 0, sizeof warnings);
    return vbw_job_parse_buffer(text, strlen(text), &job, helper_collect_warning, &warnings,
                                &exit_code);
}

/* Differences from upstream the parser documents (vbw_job_parse.c header). */
static void test_documented_differences(void **state)
{
    (void)state;
    /* <x></x> is true like <x/> (libxml2 cannot tell them apart). */
    assert_int_equal(parse_text("<vbox_job><enable_network></enable_network></vbox_job>"), 0);
    assert_true(job.enable_network);
    /* Known elements inside an unknown one are not looked at. */
    assert_int_equal(parse_text("<vbox_job>\n<extra><enable_network/></extra>\n</vbox_job>"), 0);
    assert_false(job.enable_network);
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "<extra>"));
    assert_non_null(strstr(warnings.lines[0], "line 2"));
    /* Attributes are ignored; stray text warns once. */
    assert_int_equal(parse_text("<vbox_job><os_name lang=\"x\">L</os_name>junk</vbox_job>"), 0);
    assert_string_equal(job.os_name, "L");
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "text"));
    /* A value holding elements keeps the previous value, with a warning. */
    assert_int_equal(parse_text("<vbox_job><os_name><b/></os_name></vbox_job>"), 0);
    assert_null(job.os_name);
    assert_int_equal(warnings.count, 1);
    /* Unknown child of port_forward warns; nports 1 is one pair. */
    assert_int_equal(parse_text("<vbox_job><port_forward><host_port>1</host_port><guest_port>2"
                                "</guest_port><nports>1</nports><proto>tcp</proto>"
                                "</port_forward></vbox_job>"),
                     0);
    assert_int_equal(job.n_port_forwards, 1);
    assert_int_equal(warnings.count, 1);
    assert_non_null(strstr(warnings.lines[0], "proto"));
    /* Negative nports is an error (upstream silently adds nothing). */
    assert_true(parse_text("<vbox_job><port_forward><host_port>1</host_port><guest_port>2"
                           "</guest_port><nports>-1</nports></port_forward></vbox_job>") < 0);
    assert_int_equal(exit_code, -112);
    assert_non_null(strstr(vbw_error_last()->message, "nports"));
    /* Empty vram is 0, clamped to 16; huge numbers out of double range are ignored. */
    assert_int_equal(parse_text("<vbox_job><vram_size_mb/><job_duration>1e999</job_duration>"
                                "</vbox_job>"),
                     0);
    assert_true(job.vram_size_mb == 16.0);
    assert_true(job.job_duration == 0.0);
    assert_int_equal(warnings.count, 1);
}

/* issue 20.10, 20.11, 20.22: numbers that would overflow a conversion or
 * make the parser allocate gigabytes are refused, naming the element. */
static void expect_buffer_error(const char *text, const char *needle)
{
    vbw_job_init(&job);
    int rc = vbw_job_parse_buffer(text, strlen(text), &job, helper_collect_warning, &warnings,
                                  &exit_code);
    if (rc >= 0)
        fail_msg("parsed without error: %s", text);
    if (!strstr(vbw_error_last()->message, needle))
        fail_msg("\"%s\" not in \"%s\"", needle, vbw_error_last()->message);
    vbw_job_clear(&job);
}

static void test_numbers_out_of_range(void **state)
{
    (void)state;
    expect_buffer_error("<vbox_job><pf_guest_port>70000</pf_guest_port></vbox_job>",
                        "pf_guest_port");
    expect_buffer_error("<vbox_job><pf_host_port>-1</pf_host_port></vbox_job>", "pf_host_port");
    expect_buffer_error("<vbox_job><memory_size_mb>3e9</memory_size_mb></vbox_job>",
                        "memory_size_mb");
    /* 3 x 30000 ports: within each element's range, too many in all. */
    expect_buffer_error("<vbox_job>"
                        "<port_forward><host_port>1</host_port><guest_port>1</guest_port>"
                        "<nports>30000</nports></port_forward>"
                        "<port_forward><host_port>1</host_port><guest_port>1</guest_port>"
                        "<nports>30000</nports></port_forward>"
                        "<port_forward><host_port>1</host_port><guest_port>1</guest_port>"
                        "<nports>30000</nports></port_forward></vbox_job>",
                        "forwarded ports in all");
    const char *ok = "<vbox_job><pf_guest_port>80</pf_guest_port><pf_host_port>65535</pf_host_port>"
                     "<memory_size_mb>4096</memory_size_mb></vbox_job>";
    vbw_job_init(&job);
    assert_int_equal(
        vbw_job_parse_buffer(ok, strlen(ok), &job, helper_collect_warning, &warnings, &exit_code),
        0);
    assert_int_equal(job.pf_guest_port, 80);
    vbw_job_clear(&job);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_defaults, teardown),
        cmocka_unit_test_teardown(test_all_elements, teardown),
        cmocka_unit_test_teardown(test_vram_clamps, teardown),
        cmocka_unit_test_teardown(test_memory, teardown),
        cmocka_unit_test_teardown(test_booleans, teardown),
        cmocka_unit_test_teardown(test_last_value_wins, teardown),
        cmocka_unit_test_teardown(test_numbers_edge, teardown),
        cmocka_unit_test_teardown(test_port_forward_nports, teardown),
        cmocka_unit_test_teardown(test_port_forward_errors, teardown),
        cmocka_unit_test_teardown(test_repeated_lists, teardown),
        cmocka_unit_test_teardown(test_unknown_element, teardown),
        cmocka_unit_test_teardown(test_illegal_combinations, teardown),
        cmocka_unit_test_teardown(test_bad_names, teardown),
        cmocka_unit_test_teardown(test_subfolder_names, teardown),
        cmocka_unit_test_teardown(test_escaped_and_empty_text, teardown),
        cmocka_unit_test_teardown(test_missing_file, teardown),
        cmocka_unit_test_teardown(test_buffer_entry, teardown),
        cmocka_unit_test_teardown(test_documented_differences, teardown),
        cmocka_unit_test_teardown(test_numbers_out_of_range, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
