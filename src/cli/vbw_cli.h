/*
 * vbw_cli.h - internals shared by the vbw tool's subcommand files: the
 * session (output streams, global options, the hypervisor), the option
 * parser every subcommand uses, and the error/exit conventions.
 *
 * Exit codes: 0 ok, 1 an operation failed, 2 usage error. `vbw exec` exits
 * with the guest program's code instead (124 timeout, 128+N killed by
 * signal N -- 128 when VirtualBox does not say which signal, as VBoxManage
 * never does -- and 125 when vbw could not run it).
 */
#ifndef VBW_CLI_H
#define VBW_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "vbw/vbw_attr.h"
#include "vbw/vbw_hv.h"

#define VBW_CLI_EXIT_OK               0
#define VBW_CLI_EXIT_FAILED           1
#define VBW_CLI_EXIT_USAGE            2
#define VBW_CLI_EXIT_EXEC_FAILED      125
#define VBW_CLI_EXIT_EXEC_TIMEOUT     124
#define VBW_CLI_EXIT_EXEC_SIGNAL_BASE 128

struct vbw_cmd;

struct vbw_cli {
    FILE *out;                        /* borrowed: results */
    FILE *err;                        /* borrowed: errors, progress */
    bool json;                        /* --json */
    int verbose;                      /* -v count */
    bool progress_tty;                /* err is a terminal: draw a progress bar */
    const char *vboxmanage_opt;       /* --vboxmanage, or NULL */
    const char *transcript;           /* --transcript, or NULL */
    const char *program;              /* argv[0] of vbw, to find sibling programs */
    double poll_interval;             /* seconds between state polls (--wait) */
    int call_timeout_ms;              /* a verb's --timeout: caps every VBoxManage call; 0 none */
#define VBW_CLI_MIN_CALL_TIMEOUT_S 15 /* a starved host answers slowly: never cut below */
    const char *guest_password_env;   /* VBW_GUEST_PASSWORD, or NULL (main() reads it) */
    int jobs;                         /* -j: VMs acted on at once; 0 the default */
    bool no_progress;                 /* a worker of several VMs: no progress lines */
    /* The hypervisor, opened on first use by vbw_cli_hv(). When set before
     * (tests), it is borrowed and never freed. */
    struct vbw_hv *hv;
    bool hv_owned;
    struct vbw_cmd *cmd; /* owned when hv_owned */
    char *vboxmanage;    /* resolved program path; owned */
};

/* Runs the vbw command line argv[0..argc) (argv[0] is the program) with the
 * streams out/err. hv, when not NULL, is used instead of opening VirtualBox
 * (tests pass a fake); it stays the caller's. Returns the exit code. */
int vbw_cli_main(int argc, char **argv, FILE *out, FILE *err, struct vbw_hv *hv);

/* Opens the hypervisor as the global options say: an in-process replay of
 * --transcript, else the default command backend (vbw_cmd_default_new:
 * honours VBW_REPLAY_TRANSCRIPT / VBW_RECORD_TRANSCRIPT) driving the
 * VBoxManage found by vbw_cmd_find_vboxmanage(--vboxmanage). The result is
 * kept in cli and released by vbw_cli_close(). */
int vbw_cli_open_hv(struct vbw_cli *cli);
/* Wraps inner (taken over, also on failure) in the vbw tool's guard: -v
 * prints each argv, cli->call_timeout_ms caps each call, a retry of a
 * failed call is said on stderr (vbw_cli_cmdguard.c). */
int vbw_cli_cmd_guard_new(struct vbw_cli *cli, struct vbw_cmd *inner, struct vbw_cmd **out);
/* A verb's --timeout of seconds: no single VirtualBox call may outlast
 * it, but none is cut below VBW_CLI_MIN_CALL_TIMEOUT_S (a showvminfo on a
 * starved host, the poweroff after stop --timeout 0). Sets
 * cli->call_timeout_ms. */
void vbw_cli_cap_call_timeout(struct vbw_cli *cli, double seconds);
/* The session's hv, opened on first use; NULL after printing the error. */
struct vbw_hv *vbw_cli_hv(struct vbw_cli *cli);
void vbw_cli_close(struct vbw_cli *cli);

/* ---- options ------------------------------------------------------------ */

/* One option of a subcommand. The table is the one definition of what the
 * command accepts: the parser reads it and --help prints it, so the help
 * cannot list an option the code lacks or miss one it has. */
struct vbw_cli_opt {
    const char *name; /* long name without "--" */
    char short_name;  /* or 0 */
    bool has_arg;
    const char *value_name; /* shown after the option in --help ("S", "FILE") */
    const char *help;       /* one line for --help; NULL hides the option */
};

struct vbw_cli_occurrence {
    int opt;           /* index into the opts array */
    const char *value; /* the argument, or NULL for a flag */
};

#define VBW_CLI_MAX_ARGS 256

struct vbw_cli_args {
    const char *positional[VBW_CLI_MAX_ARGS];
    int n_positional;
    struct vbw_cli_occurrence occ[VBW_CLI_MAX_ARGS];
    int n_occ;
    char **rest; /* the words after "--", NULL when there was none */
    int n_rest;
    bool help; /* --help / -h was given */
};

/* Parses argv[1..argc) (argv[0] is the subcommand name) against opts
 * (terminated by a {NULL} entry) plus the common --json, -v, --help, which
 * set cli fields. Options and positionals may mix; "--" ends options.
 * Returns 0, or VBW_CLI_EXIT_USAGE after printing the problem. */
int vbw_cli_parse(struct vbw_cli *cli, const char *command, int argc, char **argv,
                  const struct vbw_cli_opt *opts, struct vbw_cli_args *out);
/* vbw_cli_parse for a subcommand, with its usage text: on --help it prints
 * usage and the options (vbw_cli_print_options) to cli->out and sets
 * out->help, which tells the caller to return 0 at once. The help is printed
 * here so that every subcommand shows it the same way. */
int vbw_cli_parse_verb(struct vbw_cli *cli, const char *command, int argc, char **argv,
                       const struct vbw_cli_opt *opts, const char *usage, struct vbw_cli_args *out);
/* The same, for a command line that ends with a guest program and its
 * arguments (exec): without "--", the first word that is an absolute guest
 * path (vbw_cli_is_guest_program) ends the options, as docker exec's
 * first word after the container does: `vbw exec vm /bin/ls -l`. */
int vbw_cli_parse_program(struct vbw_cli *cli, const char *command, int argc, char **argv,
                          const struct vbw_cli_opt *opts, const char *usage,
                          struct vbw_cli_args *out);
/* "/bin/ls", "C:\\Windows\\x.exe", "c:/x": an absolute path in a guest. */
bool vbw_cli_is_guest_program(const char *arg);
/* Prints "Options:" and one line per option of opts (NULL-terminated) plus
 * the ones every command takes (--json, -v, -h) to cli->out. */
void vbw_cli_print_options(struct vbw_cli *cli, const struct vbw_cli_opt *opts);
/* The candidate nearest to word (a typo: at most 2 edits, or a unique
 * prefix), or NULL. candidates is NULL-terminated. */
const char *vbw_cli_suggest(const char *word, const char *const *candidates);
/* The last value of option index opt, or NULL. */
const char *vbw_cli_opt_value(const struct vbw_cli_args *a, int opt);
bool vbw_cli_opt_given(const struct vbw_cli_args *a, int opt);
/* Parses a number of seconds ("30", "1.5") in 0..VBW_CLI_SECONDS_MAX;
 * VBW_CLI_EXIT_USAGE when bad or out of range. The bound keeps every
 * "seconds * 1000" a verb makes of it (call and guest timeouts in ms) an int. */
#define VBW_CLI_SECONDS_MAX 2000000.0 /* 23 days */
int vbw_cli_parse_seconds(struct vbw_cli *cli, const char *command, const char *option,
                          const char *text, double *out);

/* Text from VirtualBox or a guest (VM names, guest-reported strings, error
 * messages) made fit for a terminal line, in place: line breaks and tabs
 * become spaces, other control characters (terminal escapes, DEL, C1) are
 * dropped, each byte that is not UTF-8 becomes '?'. NULL is left alone. */
void vbw_cli_make_printable(char *s);

/* Prints "vbw: <command>: <message>" and a hint to err; returns
 * VBW_CLI_EXIT_USAGE. */
int vbw_cli_usage_error(struct vbw_cli *cli, const char *command, const char *fmt, ...)
    VBW_PRINTF(3, 4);
/* Prints the last vbw error as one line "vbw: <what>: <message>" (the
 * VirtualBox error name and code are part of the message). Returns
 * VBW_CLI_EXIT_FAILED. */
int vbw_cli_report_error(struct vbw_cli *cli, const char *what);

/* The guest password for exec/cp: --password, else the first line of
 * --password-file, else VBW_GUEST_PASSWORD; *out malloc'd or NULL (none).
 * A command line is readable by every user of the host (ps), so the file
 * and the environment are the ways to keep it off vbw's. */
int vbw_cli_guest_password(struct vbw_cli *cli, const char *option_value, const char *file,
                           char **out);

/* Ctrl-C and SIGTERM while a long VirtualBox call runs (exec's guest
 * program, cp's copy): between begin and end they are counted in the
 * struct begin returns, which the command layer passes on to VBoxManage
 * (struct vbw_cmd_cancel); an interrupt the shell told us to ignore (a
 * background job) stays ignored. One scope at a time (static storage). */
struct vbw_cli_cancel_scope {
    void (*old_int)(int);
    void (*old_term)(int);
};
struct vbw_cmd_cancel *vbw_cli_cancel_begin(struct vbw_cli_cancel_scope *scope);
void vbw_cli_cancel_end(struct vbw_cli_cancel_scope *scope);
/* The status after a cancel request: 128 + the signal (130 for Ctrl-C). */
int vbw_cli_cancel_status(const struct vbw_cmd_cancel *cancel);

/* True for VMs vbw (or the wrapper) created: the wrapper's "boinc_" names. */
bool vbw_cli_vm_is_ours(const char *name);
/* `vbw create` ends the description of the VMs it makes with this mark, so
 * VMs not named boinc_* are still known as vbw's. */
#define VBW_CLI_CREATED_MARK " (vbw create)"
/* True for a VM vbw may act on without --force: a boinc_* name, or a
 * description that ends with VBW_CLI_CREATED_MARK. */
bool vbw_cli_vm_owned(const char *name, const char *description);

/* Progress callback for hv operations: a bar on a terminal, plain
 * "NN%" lines otherwise. opaque is the struct vbw_cli. */
void vbw_cli_progress(int percent, void *opaque);
void vbw_cli_progress_done(struct vbw_cli *cli);

struct vbw_json;
/* Writes the last vbw error as JSON members "error", "error_code" and, for
 * VirtualBox failures, "vbox_error" (the name) and "hresult" ("0x80bb0001"). */
void vbw_cli_json_error(struct vbw_json *j);
/* One VM's result as a JSON document on cli->out: begin opens the object
 * with its "vm" member, the caller adds the verb's members, end adds the
 * error members (vbw_cli_json_error) when failed and ends the document. */
void vbw_cli_json_result_begin(struct vbw_cli *cli, struct vbw_json *j, const char *vm);
void vbw_cli_json_result_end(struct vbw_json *j, bool failed);
/* The whole result of a verb that says only whether it worked on the VM:
 * {"vm": vm, "ok": ok} plus the error members when failed. */
void vbw_cli_json_outcome(struct vbw_cli *cli, const char *vm, bool ok, bool failed);

/* The status vbw exec exits with for a guest result: the program's own
 * code, 124 timed out, 128+N killed by signal N (128 when N is unknown). */
int vbw_cli_exec_status(const struct vbw_hv_guest_result *r);
/* exec -i (vbw_cli_exec_stdin.c): reads stdin to its end (at most 1 GiB)
 * into a private host file (*host_file, for vbw_file_secret_remove) and
 * names the guest file it goes to (*guest_file, malloc'd). */
int vbw_cli_exec_stdin_read(struct vbw_cli *cli, const char *cmd, char **host_file,
                            char **guest_file);
/* Copies host_file into vm as guest_file and makes gc run cmd[0..n_cmd)
 * through the guest's /bin/sh with that file as its stdin (removed before
 * cmd starts); *argv (malloc'd, words borrowed) is gc's new args. */
int vbw_cli_exec_stdin_give(struct vbw_hv *hv, const char *vm, const char *host_file,
                            const char *guest_file, char *const *cmd, int n_cmd,
                            struct vbw_hv_guest_cmd *gc, const char ***argv);

/* Splits "VM:PATH" (cp's guest side): true with *vm malloc'd when arg names
 * a VM: a non-empty part before the first ':' without '/'. "./a:b" is a
 * host path. */
bool vbw_cli_split_guest_path(const char *arg, char **vm, const char **path);

/* The slot directory of a wrapper VM from its CfgFile
 * (SLOT/<vm>/<vm>.vbox -> SLOT); malloc'd, NULL when not that shape. */
char *vbw_cli_slot_dir_of(const char *cfg_file);

/* ---- several VMs at once (vbw_cli_multi.c) ------------------------------- */

#define VBW_CLI_DEFAULT_JOBS 4
/* The option lines every verb acting on VMs shares. */
/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define VBW_CLI_OPT_ALL {"all", 'a', false, NULL, "every VM vbw created (see above)"}
#define VBW_CLI_OPT_JOBS {"jobs", 'j', true, "N", "act on up to N VMs at once (default 4)"}
/* clang-format on */

struct vbw_cli_targets {
    char **vms; /* NULL-terminated, malloc'd */
    size_t n;
    bool several; /* several names, a glob or --all: results per VM */
};
/* Says whether --all takes a VM (its info just read); opaque is the verb's. */
typedef bool (*vbw_cli_pick_fn)(const struct vbw_hv_vm_info *info, void *opaque);
/* The VMs a command line names: names as given, globs ('boinc_*': * ? [set]
 * on the registered names; one that matches nothing is an error) and, with
 * all, every VM vbw created (vbw_cli_vm_owned) that pick (may be NULL)
 * takes. Returns 0, or the exit code after printing the problem. */
int vbw_cli_targets_resolve(struct vbw_cli *cli, const char *command, const char *const *names,
                            size_t n_names, bool all, vbw_cli_pick_fn pick, void *opaque,
                            struct vbw_cli_targets *out);
void vbw_cli_targets_clear(struct vbw_cli_targets *t);
/* True when the whole of name matches the shell-style pattern: '*' any run,
 * '?' one byte, "[a-z]", "[!x]" one of a set (fnmatch(3) without flags;
 * Windows has none). */
bool vbw_cli_glob_match(const char *pattern, const char *name);
/* -j N: 1..64; 0 or the exit code after printing the problem. */
int vbw_cli_parse_jobs(struct vbw_cli *cli, const char *command, const char *text);

struct vbw_cli_each {
    /* The verb on one VM: prints its result for that VM (text, or one JSON
     * document) to cli->out and cli->err; returns the VM's exit status. */
    int (*one)(struct vbw_cli *cli, const char *vm, void *opaque);
    void *opaque;
    bool prefix_out; /* text: "VM: " before each stdout line */
    /* JSON: what goes around the VMs' documents (default "[" and "]");
     * when set the wrapper is printed even for one VM. */
    const char *json_open, *json_close;
};
/* Runs each->one for every target: one VM named plainly runs as it always
 * did; otherwise up to cli->jobs at once (VBW_CLI_DEFAULT_JOBS), each on a
 * session of its own, the output of each VM printed together in the order
 * given (stderr lines not vbw's own prefixed "VM: "), --json as one array.
 * Returns the first failing VM's status, 0 when all succeeded. */
int vbw_cli_for_each_vm(struct vbw_cli *cli, const struct vbw_cli_targets *t,
                        const struct vbw_cli_each *each);

/* ---- subcommands (argv[0] is the subcommand name) ------------------------ */

int vbw_cli_cmd_list(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_info(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_power(struct vbw_cli *cli, int argc, char **argv); /* start|pause|... */
int vbw_cli_cmd_snapshot(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_exec(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_cp(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_wait(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_record(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_replay(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_doctor(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_gc(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_job(struct vbw_cli *cli, int argc, char **argv);
int vbw_cli_cmd_create(struct vbw_cli *cli, int argc, char **argv);
/* What says a guest is alive by default: a guest property the guest
 * additions keep while they run (VirtualBox drops it when the VM stops). */
#define VBW_CLI_ALIVE_PROPERTY "/VirtualBox/GuestInfo/Net/Count"
/* 1 when the guest property has a value, 0 when not, negative on error. */
int vbw_cli_property_alive(struct vbw_hv *hv, const char *vm, const char *property);

/* vbw create VM from flags (vbw_cli_create_flags.c): the option values as
 * given, NULL when absent. */
struct vbw_cli_create_flags {
    const char *ostype, *memory, *cpus, *disk, *iso, *shared, *basefolder;
    const char *nat_pf[VBW_CLI_MAX_ARGS];
    size_t n_nat_pf;
};
/* What vbw create says when it is given neither form. */
#define VBW_CLI_CREATE_EXPECTS "expects VM --job FILE, or VM --ostype TYPE [flags]"
int vbw_cli_create_from_flags(struct vbw_cli *cli, const char *vm,
                              const struct vbw_cli_create_flags *flags);
int vbw_cli_cmd_destroy(struct vbw_cli *cli, int argc, char **argv);

#endif
