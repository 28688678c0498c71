/* test_client_fake.c - the scripted client: events fire when the fake clock
 * reaches them, files appear, outcomes are recorded, the script guard aborts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_client_fake.h"

static void test_events_fire_on_time(void **state)
{
    struct vbw_client *c = NULL;
    assert_int_equal(vbw_client_fake_new(&c), 0);
    vbw_client_fake_at(c, 5, VBW_FAKE_SUSPEND, NULL, NULL);
    vbw_client_fake_at(c, 7, VBW_FAKE_RESUME, NULL, NULL);
    struct vbw_client_status st;
    c->ops->get_status(c, &st);
    assert_false(st.suspended);
    c->ops->sleep(c, 4.9);
    c->ops->get_status(c, &st);
    assert_false(st.suspended);
    c->ops->sleep(c, 0.1);
    c->ops->get_status(c, &st);
    assert_true(st.suspended);
    assert_true(c->ops->now(c) > 4.99 && c->ops->now(c) < 5.01);
    c->ops->sleep(c, 2);
    c->ops->get_status(c, &st);
    assert_false(st.suspended);
    vbw_client_free(c);
}

static void test_files_and_outcome(void **state)
{
    char dir[] = "/tmp/vbw-fake-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/f", dir);
    struct vbw_client *c = NULL;
    assert_int_equal(vbw_client_fake_new(&c), 0);
    vbw_client_fake_at(c, 1, VBW_FAKE_WRITE_FILE, path, "a");
    vbw_client_fake_at(c, 2, VBW_FAKE_APPEND_FILE, path, "b");
    c->ops->sleep(c, 2);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[8] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "ab");
    c->ops->temporary_exit(c, 300, "why", true);
    const struct vbw_client_fake_record *r = vbw_client_fake_record(c);
    assert_true(r->temp_exited);
    assert_int_equal(r->delay, 300);
    assert_string_equal(r->message, "why");
    assert_true(r->end_time == 2);
    vbw_client_free(c);
    unlink(path);
    rmdir(dir);
}

static void test_checkpoint_period_and_prefs(void **state)
{
    struct vbw_client *c = NULL;
    assert_int_equal(vbw_client_fake_new(&c), 0);
    vbw_client_fake_set_checkpoint_period(c, 10);
    assert_false(c->ops->time_to_checkpoint(c));
    c->ops->sleep(c, 10);
    assert_true(c->ops->time_to_checkpoint(c));
    c->ops->checkpoint_completed(c);
    assert_false(c->ops->time_to_checkpoint(c));
    vbw_client_fake_at(c, 11, VBW_FAKE_PREFS, "40", NULL);
    c->ops->sleep(c, 1);
    struct vbw_client_status st;
    c->ops->get_status(c, &st);
    assert_true(st.reread_init_data);
    c->ops->get_status(c, &st);
    assert_false(st.reread_init_data); /* seen once, as the API's flag */
    double cpu, down, up;
    c->ops->get_prefs(c, &cpu, &down, &up);
    assert_true(cpu == 40);
    vbw_client_free(c);
}

static void test_time_limit_aborts(void **state)
{
    struct vbw_client *c = NULL;
    assert_int_equal(vbw_client_fake_new(&c), 0);
    vbw_client_fake_set_time_limit(c, 100);
    c->ops->sleep(c, 101);
    struct vbw_client_status st;
    c->ops->get_status(c, &st);
    assert_true(st.abort_request);
    assert_true(vbw_client_fake_time_limit_hit(c));
    assert_int_equal(vbw_fake_action_parse("network-suspend"), VBW_FAKE_NETWORK_SUSPEND);
    assert_int_equal(vbw_fake_action_parse("nonsense"), -1);
    vbw_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events_fire_on_time),
        cmocka_unit_test(test_files_and_outcome),
        cmocka_unit_test(test_checkpoint_period_and_prefs),
        cmocka_unit_test(test_time_limit_aborts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
