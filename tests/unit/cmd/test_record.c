/*
 * test_record.c - the record backend: a session recorded through it replays
 * to the same results, with the slot path, the VM name and the UUIDs turned
 * into placeholders, so the transcript replays in another slot too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helper_cmd.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"

/* A stand-in VirtualBox: answers by the first argument. */
struct canned {
    const char *first_arg;
    int exit_code;
    const char *out, *err;
};
static const struct canned answers[] = {
    {"--version", 0, "WARNING: The vboxdrv kernel module is not loaded.\n7.0.10r158379\n", ""},
    {"createvm", 0,
     "Virtual machine 'boinc_feed' is created and registered.\n"
     "UUID: 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b\n"
     "Settings file: '/var/lib/boinc/slots/3/boinc_feed/boinc_feed.vbox'\n",
     ""},
    {"showvminfo", 1, "",
     "VBoxManage: error: Could not find a registered machine named 'boinc_feed'\r\n"
     "VBoxManage: error: Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component "
     "VirtualBoxWrap, interface IVirtualBox, callee nsISupports\r\n"},
    {"snapshot", 0, "EOT\nSnapshotUUID=\"6F1C2A3B-4D5E-4F60-8A7B-9C0D1E2F3A4B\"\nno newline",
     "0%...100%"},
};

struct fake_cmd {
    struct vbw_cmd base;
};

static int fake_run(struct vbw_cmd *cmd, const char *const *argv, const struct vbw_cmd_options *o,
                    struct vbw_cmd_result *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++) {
        if (strcmp(argv[1], answers[i].first_arg) == 0) {
            r->exited = true;
            r->exit_code = answers[i].exit_code;
            r->out = strdup(answers[i].out);
            r->out_len = strlen(r->out);
            r->err = strdup(answers[i].err);
            r->err_len = strlen(r->err);
            r->duration_ms = 42;
            return 0;
        }
    }
    return vbw_error_set(VBW_ERR_SPAWN, "fake: no answer");
}

static void fake_free(struct vbw_cmd *cmd)
{
    free(cmd);
}

static const struct vbw_cmd_ops fake_ops = {.name = "fake", .run = fake_run, .free = fake_free};

static const char *const calls[][8] = {
    {"VBoxManage", "--version", NULL},
    {"VBoxManage", "showvminfo", "boinc_feed", "--machinereadable", NULL},
    {"VBoxManage", "createvm", "--name", "boinc_feed", "--basefolder", "/var/lib/boinc/slots/3",
     "--register", NULL},
    {"VBoxManage", "snapshot", "boinc_feed", "take", "boinc_600", "--description",
     "a \"quoted\" text", NULL},
};

static void test_record_then_replay(void **state)
{
    char *path = helper_write_temp("");
    const char *const vars[] = {"SLOT=/var/lib/boinc/slots/3", "VM=boinc_feed", NULL};
    struct fake_cmd *fake = calloc(1, sizeof *fake);
    fake->base.ops = &fake_ops;
    struct vbw_cmd *rec = NULL;
    assert_int_equal(vbw_cmd_record_new(&fake->base, path, vars, &rec), 0);
    struct vbw_cmd_result recorded[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(vbw_cmd_run(rec, calls[i], NULL, &recorded[i]), 0);
    vbw_cmd_free(rec);

    char *text = NULL;
    size_t len = 0;
    assert_int_equal(vbw_file_read_all(path, 1 << 20, &text, &len), 0);
    /* Volatile values are placeholders; nothing of the slot or VM is left. */
    assert_null(strstr(text, "/var/lib/boinc/slots/3"));
    assert_null(strstr(text, "boinc_feed"));
    assert_null(strstr(text, "6f1c2a3b"));
    assert_non_null(strstr(text, "# version: 7.0.10r158379\n"));
    assert_non_null(strstr(text, "call createvm --name {VM} --basefolder {SLOT} --register\n"));
    assert_non_null(strstr(text, "UUID: {UUID1}\n"));
    assert_non_null(strstr(text, "SnapshotUUID=\"{UUID1}\"")); /* same UUID, any case */
    assert_non_null(strstr(text, "\"a \\\"quoted\\\" text\""));
    free(text);

    /* Replayed with the same variables: the same results, byte for byte,
     * except the UUID, which replay makes up. */
    struct vbw_cmd *rep = NULL;
    assert_int_equal(vbw_cmd_replay_new(path, vars, &rep), 0);
    for (int i = 0; i < 4; i++) {
        struct vbw_cmd_result r;
        assert_int_equal(vbw_cmd_run(rep, calls[i], NULL, &r), 0);
        assert_int_equal(r.exit_code, recorded[i].exit_code);
        assert_int_equal(r.err_len, recorded[i].err_len);
        assert_memory_equal(r.err, recorded[i].err, r.err_len);
        assert_int_equal(r.out_len, recorded[i].out_len);
        if (i != 2 && i != 3)
            assert_memory_equal(r.out, recorded[i].out, r.out_len);
        assert_int_equal(r.duration_ms, 42);
        vbw_cmd_result_clear(&r);
        vbw_cmd_result_clear(&recorded[i]);
    }
    assert_int_equal(vbw_cmd_replay_finish(rep), 0);
    vbw_cmd_free(rep);

    /* In another slot, the same transcript answers for that slot. */
    const char *const vars2[] = {"SLOT=/home/u/slots/9", "VM=boinc_feed", NULL};
    assert_int_equal(vbw_cmd_replay_new(path, vars2, &rep), 0);
    struct vbw_cmd_result r;
    assert_int_equal(vbw_cmd_run(rep, calls[0], NULL, &r), 0);
    vbw_cmd_result_clear(&r);
    assert_int_equal(vbw_cmd_run(rep, calls[1], NULL, &r), 0);
    vbw_cmd_result_clear(&r);
    const char *createvm9[] = {"VBoxManage",   "createvm",        "--name",     "boinc_feed",
                               "--basefolder", "/home/u/slots/9", "--register", NULL};
    assert_int_equal(vbw_cmd_run(rep, createvm9, NULL, &r), 0);
    assert_non_null(strstr(r.out, "'/home/u/slots/9/boinc_feed/boinc_feed.vbox'"));
    vbw_cmd_result_clear(&r);
    vbw_cmd_free(rep);
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_then_replay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
