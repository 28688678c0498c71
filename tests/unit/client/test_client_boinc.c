/* test_client_boinc.c - the real client against libboinc_api in standalone
 * mode (no BOINC client running): it initialises, reads a calm status, keeps
 * time, and the C++ shim links (the _aux arity chosen at configure time). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "vbw/vbw_client.h"
#include "support/vbw_test_fs.h"

static void test_standalone_status_and_clock(void **state)
{
    char dir[] = "/tmp/vbw-boinc-XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(chdir(dir), 0); /* the API writes its lock file here */
    struct vbw_client *c = NULL;
    assert_int_equal(vbw_client_boinc_new(&c), 0);
    struct vbw_client_status st;
    c->ops->get_status(c, &st);
    assert_false(st.suspended);
    assert_false(st.abort_request);
    assert_false(st.quit_request);
    double t0 = c->ops->now(c);
    c->ops->sleep(c, 0.05);
    assert_true(c->ops->now(c) - t0 >= 0.049);
    struct vbw_client_report r = {.cpu_time = 1, .fraction_done = 0.5, .other_pid = getpid()};
    c->ops->report(c, &r); /* standalone: accepted and ignored */
    vbw_client_free(c);
    if (vbw_test_rmtree(dir) != 0)
        fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_standalone_status_and_clock)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
