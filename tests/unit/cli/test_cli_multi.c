/*
 * test_cli_multi.c - the verbs on several VMs (issue 22.3): the glob
 * matcher, names and globs and --all resolved against the registered VMs,
 * results in the order named as one JSON array, the exit status of the
 * first failure. With a hypervisor handed in (this fake) the VMs are acted
 * on one after the other on it; the threads are the shell tests' business.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helper_cli.h"
#include "vbw_cli.h"

static void test_glob_match(void **state)
{
    (void)state;
    assert_true(vbw_cli_glob_match("boinc_*", "boinc_1a2b"));
    assert_true(vbw_cli_glob_match("boinc_*", "boinc_"));
    assert_false(vbw_cli_glob_match("boinc_*", "xboinc_1"));
    assert_true(vbw_cli_glob_match("*", ""));
    assert_true(vbw_cli_glob_match("a*b*c", "aXXbYYc"));
    assert_false(vbw_cli_glob_match("a*b*c", "aXXbYY"));
    assert_true(vbw_cli_glob_match("vm?", "vm1"));
    assert_false(vbw_cli_glob_match("vm?", "vm"));
    assert_false(vbw_cli_glob_match("vm?", "vm12"));
    assert_true(vbw_cli_glob_match("vm[0-3]", "vm2"));
    assert_false(vbw_cli_glob_match("vm[0-3]", "vm7"));
    assert_true(vbw_cli_glob_match("vm[!0-3]", "vm7"));
    assert_false(vbw_cli_glob_match("vm[!0-3]", "vm1"));
    assert_true(vbw_cli_glob_match("vm[]x]", "vm]"));
    /* No closing bracket: an ordinary '['. */
    assert_true(vbw_cli_glob_match("vm[1", "vm[1"));
    assert_false(vbw_cli_glob_match("vm[1", "vm1"));
    assert_true(vbw_cli_glob_match("my vm*", "my vm (copy)"));
}

static int setup(void **state)
{
    static struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    vbw_fake_hv_add_vm(&fake, "boinc_aaaa", VBW_VM_RUNNING);
    vbw_fake_hv_add_vm(&fake, "alice", VBW_VM_RUNNING);
    vbw_fake_hv_add_vm(&fake, "boinc_bbbb", VBW_VM_POWEROFF);
    *state = &fake;
    return 0;
}

static void test_glob_in_order_as_json_array(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "--json", "info", "boinc_*", NULL);
    assert_int_equal(r.code, 0);
    const char *a = strstr(r.out, "{\"name\":\"boinc_aaaa\"");
    const char *b = strstr(r.out, "{\"name\":\"boinc_bbbb\"");
    assert_non_null(a);
    assert_non_null(b);
    assert_true(r.out[0] == '[' && a == r.out + 1 && b > a);
    assert_null(strstr(r.out, "\"alice\""));
    assert_string_equal(r.out + strlen(r.out) - 3, "}]\n");
    cli_run_clear(&r);
}

static void test_all_picks_vbw_vms_the_verb_applies_to(void **state)
{
    struct vbw_fake_hv *fake = *state;
    /* pause --all: the running VM of vbw's; alice is not vbw's, bbbb is off. */
    struct cli_run r = cli_run(fake, "pause", "--all", NULL);
    assert_int_equal(r.code, 0);
    assert_string_equal(r.out, "boinc_aaaa: pause\n");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_pause"), 1);
    assert_int_equal(fake->vms[1].state, VBW_VM_RUNNING);
    cli_run_clear(&r);
}

static void test_first_failure_is_the_status(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r =
        cli_run(fake, "snapshot", "take", "boinc_aaaa", "gone", "boinc_bbbb", "s1", NULL);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.out, "boinc_aaaa: snapshot 's1' taken\n"
                               "boinc_bbbb: snapshot 's1' taken\n");
    assert_non_null(strstr(r.err, "vbw: gone: "));
    assert_int_equal(vbw_fake_hv_count(fake, "snapshot_take"), 2);
    cli_run_clear(&r);
}

static void test_glob_without_match_fails_before_acting(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "destroy", "boinc_aaaa", "nomatch*", NULL);
    assert_int_equal(r.code, 1);
    assert_string_equal(r.err, "vbw: destroy: no registered VM matches 'nomatch*'\n");
    assert_int_equal(vbw_fake_hv_count(fake, "vm_unregister"), 0);
    cli_run_clear(&r);
}

static void test_jobs_range(void **state)
{
    struct vbw_fake_hv *fake = *state;
    struct cli_run r = cli_run(fake, "info", "-j", "0", "boinc_aaaa", NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, "--jobs: '0' is not a number from 1 to 64"));
    cli_run_clear(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_glob_match),
        cmocka_unit_test_setup(test_glob_in_order_as_json_array, setup),
        cmocka_unit_test_setup(test_all_picks_vbw_vms_the_verb_applies_to, setup),
        cmocka_unit_test_setup(test_first_failure_is_the_status, setup),
        cmocka_unit_test_setup(test_glob_without_match_fails_before_acting, setup),
        cmocka_unit_test_setup(test_jobs_range, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
