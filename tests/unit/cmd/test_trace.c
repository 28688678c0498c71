/* test_trace.c - vbox_trace.txt: the tracing cmd backend writes every call,
 * its exit status and both outputs, and passes the result through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_file.h"

static int inner_freed;

static int canned_run(struct vbw_cmd *cmd, const char *const *argv,
                      const struct vbw_cmd_options *opts, struct vbw_cmd_result *r)
{
    memset(r, 0, sizeof *r);
    r->exited = true;
    r->exit_code = strcmp(argv[1], "startvm") == 0 ? 1 : 0;
    r->out = strdup("VMState=\"running\"");
    r->out_len = strlen(r->out);
    r->err = strdup(r->exit_code ? "VBoxManage: error: session is locked\n" : "");
    r->err_len = strlen(r->err);
    r->duration_ms = 12;
    return 0;
}

static void canned_free(struct vbw_cmd *cmd)
{
    inner_freed++;
}

static const struct vbw_cmd_ops canned_ops = {
    .name = "canned", .run = canned_run, .free = canned_free};

static void test_trace_writes_each_call(void **state)
{
    char dir[] = "/tmp/vbw-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/vbox_trace.txt", dir);
    struct vbw_cmd inner = {&canned_ops};
    struct vbw_cmd *trace = NULL;
    assert_int_equal(vbw_cmd_trace_new(&inner, path, &trace), 0);

    const char *a1[] = {"VBoxManage", "showvminfo", "boinc_x", "--machinereadable", NULL};
    const char *a2[] = {"VBoxManage", "startvm", "boinc_x", NULL};
    struct vbw_cmd_result r;
    assert_int_equal(vbw_cmd_run(trace, a1, NULL, &r), 0);
    assert_int_equal(r.exit_code, 0);
    free(r.out);
    free(r.err);
    assert_int_equal(vbw_cmd_run(trace, a2, NULL, &r), 0);
    assert_int_equal(r.exit_code, 1);
    free(r.out);
    free(r.err);
    assert_int_equal(vbw_cmd_trace_calls(trace), 2);

    char *text = NULL;
    size_t len = 0;
    assert_int_equal(vbw_file_read_all(path, 65536, &text, &len), 0);
    assert_non_null(
        strstr(text, "Command: VBoxManage showvminfo boinc_x --machinereadable\nExit code: 0"));
    assert_non_null(strstr(text, "Command: VBoxManage startvm boinc_x\nExit code: 1"));
    assert_non_null(strstr(text, "Error output:\nVBoxManage: error: session is locked\n"));
    assert_non_null(strstr(text, "Output:\nVMState=\"running\"\n"));
    free(text);
    trace->ops->free(trace);
    assert_int_equal(inner_freed, 1);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_trace_writes_each_call)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
