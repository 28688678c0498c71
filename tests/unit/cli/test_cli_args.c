/*
 * test_cli_args.c - the option parser and the usage errors (exit 2).
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

enum { O_USER, O_ENV, O_FLAG };
static const struct vbw_cli_opt opts[] = {
    {"user", 'u', true, "U", "user"},
    {"env", 'e', true, "K=V", "env"},
    {"flag", 0, false, NULL, "flag"},
    {NULL, 0, false, NULL, NULL},
};

static struct vbw_cli make_cli(FILE *err)
{
    struct vbw_cli cli = {0};
    cli.out = err;
    cli.err = err;
    return cli;
}

static void test_parse_mixed(void **state)
{
    (void)state;
    char *argv[] = {"exec", "vm1",    "--user=alice", "-e", "A=1",     "--flag", "--env",
                    "B=2",  "--json", "-v",           "--", "/bin/ls", "-l",     NULL};
    FILE *err = tmpfile();
    struct vbw_cli cli = make_cli(err);
    struct vbw_cli_args a;
    assert_int_equal(vbw_cli_parse(&cli, "exec", 13, argv, opts, &a), 0);
    assert_int_equal(a.n_positional, 1);
    assert_string_equal(a.positional[0], "vm1");
    assert_string_equal(vbw_cli_opt_value(&a, O_USER), "alice");
    assert_string_equal(vbw_cli_opt_value(&a, O_ENV), "B=2"); /* the last one */
    assert_true(vbw_cli_opt_given(&a, O_FLAG));
    assert_int_equal(a.n_occ, 4);
    assert_true(cli.json);
    assert_int_equal(cli.verbose, 1);
    assert_int_equal(a.n_rest, 2);
    assert_string_equal(a.rest[0], "/bin/ls");
    assert_string_equal(a.rest[1], "-l"); /* after "--": not an option */
    fclose(err);
}

/* --help through vbw_cli_parse_verb: the usage text, then the option table
 * (the verb's options and the common ones), on out; args.help tells the
 * verb to stop. A bad option next to --help is still a usage error, and
 * the usage text is not printed then. */
static void test_parse_verb_help(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    struct vbw_cli cli = make_cli(out);
    struct vbw_cli_args a;
    char *help[] = {"exec", "vm1", "--help", NULL};
    assert_int_equal(vbw_cli_parse_verb(&cli, "exec", 3, help, opts, "Usage: vbw exec X\n", &a), 0);
    assert_true(a.help);
    char *program[] = {"exec", "-h", "/bin/ls", "--help", NULL};
    assert_int_equal(
        vbw_cli_parse_program(&cli, "exec", 4, program, opts, "Usage: vbw exec Y\n", &a), 0);
    assert_true(a.help);
    assert_int_equal(a.n_rest, 2); /* the program's own --help is its argument */
    char *bad[] = {"exec", "--help", "--nope", NULL};
    assert_int_equal(vbw_cli_parse_verb(&cli, "exec", 3, bad, opts, "Usage: vbw exec Z\n", &a),
                     VBW_CLI_EXIT_USAGE);
    char *plain[] = {"exec", "vm1", NULL};
    assert_int_equal(vbw_cli_parse_verb(&cli, "exec", 2, plain, opts, "Usage: vbw exec W\n", &a),
                     0);
    assert_false(a.help);
    fclose(out);
    const char *x = strstr(text, "Usage: vbw exec X\nOptions:\n");
    assert_non_null(x);
    assert_non_null(strstr(x, "-u, --user U"));
    assert_non_null(strstr(x, "--json"));
    assert_non_null(strstr(text, "Usage: vbw exec Y\nOptions:\n"));
    assert_null(strstr(text, "Usage: vbw exec Z"));
    assert_null(strstr(text, "Usage: vbw exec W"));
    free(text);
}

/* A verb's --timeout caps each VirtualBox call, never below the floor a
 * starved host needs. */
static void test_cap_call_timeout(void **state)
{
    (void)state;
    struct vbw_cli cli = {0};
    vbw_cli_cap_call_timeout(&cli, 0);
    assert_int_equal(cli.call_timeout_ms, VBW_CLI_MIN_CALL_TIMEOUT_S * 1000);
    vbw_cli_cap_call_timeout(&cli, VBW_CLI_MIN_CALL_TIMEOUT_S - 0.5);
    assert_int_equal(cli.call_timeout_ms, VBW_CLI_MIN_CALL_TIMEOUT_S * 1000);
    vbw_cli_cap_call_timeout(&cli, 120.9);
    assert_int_equal(cli.call_timeout_ms, 120000);
}

static void expect_usage(char **argv, int argc, const char *message)
{
    char *text = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&text, &len);
    struct vbw_cli cli = make_cli(err);
    struct vbw_cli_args a;
    assert_int_equal(vbw_cli_parse(&cli, "exec", argc, argv, opts, &a), VBW_CLI_EXIT_USAGE);
    fclose(err);
    assert_non_null(strstr(text, message));
    assert_non_null(strstr(text, "Try 'vbw exec --help'."));
    free(text);
}

static void test_parse_errors(void **state)
{
    (void)state;
    char *unknown[] = {"exec", "--nope", NULL};
    expect_usage(unknown, 2, "vbw: exec: unknown option '--nope'");
    char *missing[] = {"exec", "vm", "--user", NULL};
    expect_usage(missing, 3, "option '--user' needs a value");
    char *flag_value[] = {"exec", "--flag=1", NULL};
    expect_usage(flag_value, 2, "option '--flag' takes no value");
    char *bundle[] = {"exec", "-ue", NULL};
    expect_usage(bundle, 2, "unknown option '-ue'");
}

static void test_main_usage_exit_codes(void **state)
{
    (void)state;
    struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    struct cli_run r = cli_run(&fake, NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, "Usage: vbw"));
    cli_run_clear(&r);

    r = cli_run(&fake, "frobnicate", NULL);
    assert_int_equal(r.code, 2);
    assert_string_equal(r.err, "vbw: unknown command 'frobnicate'\nTry 'vbw --help'.\n");
    cli_run_clear(&r);

    r = cli_run(&fake, "--help", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "snapshot"));
    assert_string_equal(r.err, "");
    cli_run_clear(&r);

    r = cli_run(&fake, "--transcript", NULL);
    assert_int_equal(r.code, 2);
    cli_run_clear(&r);

    /* Every subcommand answers --help on stdout with exit 0. */
    const char *commands[] = {"list", "info",     "start",     "pause",    "resume",
                              "stop", "poweroff", "savestate", "snapshot", "exec",
                              "cp",   "wait",     "record",    "replay",   "doctor",
                              "gc",   "job",      "create",    "destroy"};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        r = cli_run(&fake, commands[i], "--help", NULL);
        assert_int_equal(r.code, 0);
        assert_non_null(strstr(r.out, "Usage: vbw "));
        assert_string_equal(r.err, "");
        cli_run_clear(&r);
    }
    assert_int_equal(vbw_fake_hv_count(&fake, "vm_list") + vbw_fake_hv_count(&fake, "vm_info"), 0);

    /* "vbw help CMD" is "vbw CMD --help"; "vbw help" is "vbw --help". */
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        struct cli_run h = cli_run(&fake, "help", commands[i], NULL);
        r = cli_run(&fake, commands[i], "--help", NULL);
        assert_int_equal(h.code, 0);
        assert_string_equal(h.out, r.out);
        cli_run_clear(&h);
        cli_run_clear(&r);
    }
    r = cli_run(&fake, "help", NULL);
    assert_int_equal(r.code, 0);
    assert_non_null(strstr(r.out, "Usage: vbw [GLOBAL OPTIONS] COMMAND"));
    cli_run_clear(&r);
    r = cli_run(&fake, "help", "frobnicate", NULL);
    assert_int_equal(r.code, 2);
    cli_run_clear(&r);
}

static void test_subcommand_usage(void **state)
{
    (void)state;
    struct vbw_fake_hv fake;
    vbw_fake_hv_init(&fake);
    struct {
        const char *a, *b, *c;
        const char *message;
    } cases[] = {
        {"info", NULL, NULL, "which VM? (give names, a glob or --all)"},
        {"pause", NULL, NULL, "which VM?"},
        {"pause", "vm", "--all", "not both"},
        {"start", "vm", "--timeout=soon", "'soon' is not a number of seconds"},
        {"exec", "vm", NULL, "expects CMD (an absolute guest path) after the VM"},
        {"cp", "a", "b", "exactly one side must be VM:PATH"},
        {"snapshot", "take", "vm", "take needs a snapshot NAME"},
        {"snapshot", "rename", "vm", "unknown action 'rename'"},
        {"wait", "vm", NULL, "what to wait for?"},
        {"job", "lint", "x.xml", "expects 'check FILE'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cli_run r = cli_run(&fake, cases[i].a, cases[i].b, cases[i].c, NULL);
        assert_int_equal(r.code, 2);
        if (!strstr(r.err, cases[i].message))
            fail_msg("%s: stderr '%s' lacks '%s'", cases[i].a, r.err, cases[i].message);
        assert_string_equal(r.out, "");
        cli_run_clear(&r);
    }
}

static void test_split_guest_path(void **state)
{
    (void)state;
    char *vm = NULL;
    const char *path = NULL;
    assert_true(vbw_cli_split_guest_path("boinc_1:/tmp/x", &vm, &path));
    assert_string_equal(vm, "boinc_1");
    assert_string_equal(path, "/tmp/x");
    free(vm);
    assert_false(vbw_cli_split_guest_path("./a:b", &vm, &path));
    assert_false(vbw_cli_split_guest_path("/abs/a:b", &vm, &path));
    assert_false(vbw_cli_split_guest_path(":x", &vm, &path));
    assert_false(vbw_cli_split_guest_path("plain", &vm, &path));
}

static void test_slot_dir_of(void **state)
{
    (void)state;
    char *slot = vbw_cli_slot_dir_of("/var/lib/boinc/slots/3/boinc_ab/boinc_ab.vbox");
    assert_string_equal(slot, "/var/lib/boinc/slots/3");
    free(slot);
    assert_null(vbw_cli_slot_dir_of("relative/x/y.vbox"));
    assert_null(vbw_cli_slot_dir_of("/y.vbox"));
    assert_null(vbw_cli_slot_dir_of(NULL));
}

static void test_progress_display(void **state)
{
    (void)state;
    char *text = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&text, &len);
    struct vbw_cli cli = make_cli(err);
    cli.progress_tty = true;
    vbw_cli_progress(50, &cli);
    vbw_cli_progress(140, &cli); /* clamped */
    vbw_cli_progress_done(&cli);
    cli.progress_tty = false;
    vbw_cli_progress(30, &cli);
    cli.json = true;
    vbw_cli_progress(40, &cli); /* --json: stderr stays quiet */
    fclose(err);
    assert_string_equal(text, "\r[####################                    ]  50%"
                              "\r[########################################] 100%\n"
                              "30%\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_mixed),           cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_main_usage_exit_codes), cmocka_unit_test(test_subcommand_usage),
        cmocka_unit_test(test_split_guest_path),      cmocka_unit_test(test_slot_dir_of),
        cmocka_unit_test(test_progress_display),      cmocka_unit_test(test_parse_verb_help),
        cmocka_unit_test(test_cap_call_timeout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
