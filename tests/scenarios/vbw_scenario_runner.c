/*
 * vbw_scenario_runner.c - runs one scenario data file (tests/scenarios/data/,
 * curl's test-data style: one file holds the whole case) in-process: the real
 * task, the fake client on a fake clock, and a model VirtualBox, in a fresh
 * temporary slot directory; then checks the <verify> section.
 *
 * Built twice: as the ctest runner (quiet; one ctest per data file) and as
 * bin/vbw-scenario (prints the lifecycle as it goes: state changes, each
 * hypervisor call, client events, then the verdict).
 *
 * The VM side is either the model hv of tests/unit/task/fake_hv.c,
 * configured by the <vm> section, or -- when the file has a <transcript>
 * section -- the real VBoxManage backend (backends/vboxmanage) answered by
 * the replay cmd backend from that transcript, with the job read by the real
 * parser (src/job). In transcript mode {VM} and {SLOT} in the transcript and
 * in the client script stand for the VM name and the slot directory, and the
 * guest's VM log is written by the client script (`append
 * {VM}/Logs/VBox.log ...`), as VirtualBox would, or -- robust to retries
 * that move startvm in time -- by a <vmlog> section, which becomes the new
 * VBox.log the moment startvm succeeds (the old one rotated to VBox.log.1);
 * <vmlog-failed-start> is the log written when startvm fails (a VM process
 * that started and died: VT-x disabled, another hypervisor, no memory).
 * The client script's `vm-process-dies` makes the VM process's pid stop
 * existing (what the task's process_alive sees), as a SIGKILL would.
 * <slot-files> (transcript mode) holds files that are in the slot before the
 * task starts, one a line: `PATH CONTENT` (PATH relative to the slot, {VM}
 * expanded, \n in CONTENT for a newline), e.g. a {VM}/{VM}.vbox left by an
 * earlier run that VirtualBox has since forgotten.
 * A <job> that the real parser refuses with an exit code (e.g. two options
 * that exclude each other) ends as vboxwrapper.c ends it -- "ERROR: Cannot
 * parse vbox_job.xml: ..." on stderr and finish(code) -- with no VBoxManage
 * call, and <verify> checks that outcome (transcript mode).
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../unit/task/fake_hv.h"
#include "vbw/vbw_client_fake.h"
#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_task.h"
#include "vbw/vbw_util.h"
#include "support/vbw_test_fs.h"

static bool verbose;
static struct vbw_client *g_client;

/* ---- the data file ---- */

/* Returns a malloc'd copy of the text between <tag> and </tag>, or NULL. */
static char *section(const char *text, const char *tag)
{
    char open[64], close[64];
    snprintf(open, sizeof open, "<%s>", tag);
    snprintf(close, sizeof close, "</%s>", tag);
    const char *a = strstr(text, open);
    if (!a)
        return NULL;
    a += strlen(open);
    if (*a == '\n')
        a++;
    const char *b = strstr(a, close);
    if (!b)
        return NULL;
    return vbw_strndup(a, (size_t)(b - a));
}

/* <TAG>, or else the file named by <TAG-file> (a path relative to the
 * scenario file's folder): recorded fixtures (fixtures/7.2.22/) are kept
 * once, in fixtures/, and replayed by the scenarios that name them. */
static char *section_or_file(const char *text, const char *tag, const char *scenario_path)
{
    char *inline_text = section(text, tag), *name = NULL, *content = NULL;
    char file_tag[64], path[4096];
    if (inline_text)
        return inline_text;
    snprintf(file_tag, sizeof file_tag, "%s-file", tag);
    if (!(name = section(text, file_tag)))
        return NULL;
    name[strcspn(name, "\r\n")] = '\0';
    const char *slash = strrchr(scenario_path, '/');
    int dir_len = slash && name[0] != '/' ? (int)(slash - scenario_path + 1) : 0;
    snprintf(path, sizeof path, "%.*s%s", dir_len, scenario_path, name);
    size_t len = 0;
    if (vbw_file_read_all(path, 1 << 22, &content, &len) < 0)
        fprintf(stderr, "%s: <%s>: %s\n", scenario_path, file_tag, vbw_error_last()->message);
    free(name);
    return content;
}

/* Smallest honest reader of the vbox_job.xml elements the scenarios use.
 * TODO(integration): vbw_job_parse_buffer once src/job lands. */
static bool xml_flag(const char *x, const char *tag)
{
    char a[80], b[80];
    snprintf(a, sizeof a, "<%s/>", tag);
    snprintf(b, sizeof b, "<%s>1<", tag);
    return x && (strstr(x, a) || strstr(x, b));
}

static char *xml_text(const char *x, const char *tag)
{
    return x ? section(x, tag) : NULL;
}

static double xml_num(const char *x, const char *tag, double dflt)
{
    char *t = xml_text(x, tag);
    double v = t ? atof(t) : dflt;
    free(t);
    return v;
}

static char *unescape(const char *s)
{
    char *out = vbw_strdup(s), *w = out;
    for (const char *r = s; *r; r++) {
        if (r[0] == '\\' && r[1] == 'n') {
            *w++ = '\n';
            r++;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return out;
}

/* ---- printing ---- */

static void observer(enum vbw_task_state s, const char *event, void *opaque)
{
    if (verbose)
        printf("%9.1f s  [%-13s] %s\n", g_client->ops->now(g_client), vbw_task_state_name(s), event);
}

static void sink(enum vbw_log_level level, const char *line, void *opaque)
{
    struct vbw_buf *b = opaque;
    vbw_buf_puts(b, line);
    vbw_buf_puts(b, "\n");
    if (verbose)
        printf("             stderr: %s\n", line);
}

struct hook_ctx {
    struct fake_hv *hv;
    char slot[256];
    bool vm_process_dead;   /* `vm-process-dies`: the VM process's pid no longer exists */
};

/* The task's process_alive: the VM process lives until the script kills it
 * (never a real process: a pid in a scenario is only a number). */
static bool scripted_alive(int pid, void *opaque)
{
    const struct hook_ctx *h = opaque;
    return pid > 0 && !h->vm_process_dead;
}

static void hook(double t, enum vbw_fake_action a, const char *path, const char *content, void *o)
{
    struct hook_ctx *h = o;
    if (a == VBW_FAKE_HOOK && path && strcmp(path, "vm-process-dies") == 0)
        h->vm_process_dead = true;
    if (a == VBW_FAKE_HOOK && path && h->hv) {
        if (strcmp(path, "vm-poweroff") == 0)
            fake_hv_guest_state(h->hv, VBW_VM_POWEROFF);
        else if (strcmp(path, "vm-aborted") == 0)
            fake_hv_guest_state(h->hv, VBW_VM_ABORTED);
        else if (strcmp(path, "vm-gurumeditation") == 0)
            fake_hv_guest_state(h->hv, VBW_VM_GURU_MEDITATION);
        else if (strcmp(path, "guest-oom") == 0)
            h->hv->pending_guest_oom = true;
    }
    if (verbose) {
        const char *shown = path ? path : "";
        if (path && strncmp(path, h->slot, strlen(h->slot)) == 0)
            shown = path + strlen(h->slot) + 1;
        printf("%9.1f s  client: %s %s\n", t, vbw_fake_action_name(a), shown);
    }
}

/* Retry waits of the VBoxManage backend pass on the fake clock, so a
 * session-lock retry costs simulated seconds, not real ones. */
static void fake_clock_sleep(int ms, void *opaque)
{
    struct vbw_client *c = opaque;
    c->ops->sleep(c, ms / 1000.0);
}

/* ---- transcript mode: a cmd wrapper that remembers every call ---- */

struct calls_cmd {
    struct vbw_cmd base;
    struct vbw_cmd *inner;
    struct vbw_buf log;     /* one line per call: the arguments, space-joined */
    unsigned calls;
    unsigned through_start; /* calls up to and including the first startvm */
    unsigned unanswered;    /* calls the transcript had no answer for */
    unsigned made_ok;       /* createvm / registervm that succeeded */
    unsigned removed_ok;    /* unregistervm that succeeded */
    const char *vmlog_dir;  /* <slot>/<vm>/Logs */
    const char *vmlog;      /* <vmlog> text, or NULL */
    const char *vmlog_failed; /* <vmlog-failed-start> text, or NULL */
};

static bool call_succeeded(int rc, const struct vbw_cmd_result *r)
{
    return rc == 0 && r->exited && r->exit_code == 0 && !strstr(r->err, "error:");
}

/* A started VM process rotates VBox.log (VBox.log -> VBox.log.1) and writes
 * its own from the start: the <vmlog> section, written when startvm
 * succeeds, however late retries made it (a client-script `append` at a
 * fixed time would land before startvm when retries push startvm later). */
static void start_vm_log(const char *dir, const char *text)
{
    char cur[1200], old[1210];
    snprintf(cur, sizeof cur, "%s/VBox.log", dir);
    snprintf(old, sizeof old, "%s/VBox.log.1", dir);
    if (rename(cur, old) != 0 && vbw_file_exists(cur))
        fprintf(stderr, "cannot rotate %s\n", cur);
    vbw_file_write_atomic(cur, text, strlen(text));
}

static int calls_run(struct vbw_cmd *cmd, const char *const *argv,
                     const struct vbw_cmd_options *opts, struct vbw_cmd_result *result)
{
    struct calls_cmd *cc = (struct calls_cmd *)cmd;
    cc->calls++;
    for (size_t i = 1; argv[i]; i++)
        vbw_buf_printf(&cc->log, "%s%s", i > 1 ? " " : "", argv[i]);
    vbw_buf_puts(&cc->log, "\n");
    if (!cc->through_start && argv[1] && strcmp(argv[1], "startvm") == 0)
        cc->through_start = cc->calls;
    int rc = vbw_cmd_run(cc->inner, argv, opts, result);
    /* A VM process that started and died (VT-x off, ...) leaves its log. */
    if (argv[1] && !strcmp(argv[1], "startvm") && cc->vmlog_failed && !call_succeeded(rc, result))
        start_vm_log(cc->vmlog_dir, cc->vmlog_failed);
    if (rc == VBW_ERR_MISMATCH)
        cc->unanswered++;
    if (argv[1] && call_succeeded(rc, result)) {
        if (!strcmp(argv[1], "startvm") && cc->vmlog)
            start_vm_log(cc->vmlog_dir, cc->vmlog);
        if (!strcmp(argv[1], "createvm") || !strcmp(argv[1], "registervm"))
            cc->made_ok++;
        if (!strcmp(argv[1], "unregistervm"))
            cc->removed_ok++;
    }
    /* An unregistervm answered "Could not find a registered machine" found
     * the VM gone (VirtualBox 7.2 after a session lock): it is not there. */
    if (argv[1] && !strcmp(argv[1], "unregistervm") && rc == 0 && result->err &&
        strstr(result->err, "VBOX_E_OBJECT_NOT_FOUND"))
        cc->removed_ok++;
    if (verbose) {
        printf("             VBoxManage");
        for (size_t i = 1; argv[i]; i++)
            printf(" %s", argv[i]);
        if (rc < 0)
            printf("  -> NOT ANSWERED: %s\n", vbw_error_last()->message);
        else
            printf("  -> %s %d\n", result->timed_out ? "timed out" : "exit",
                   result->timed_out ? 0 : result->exit_code);
    }
    return rc;
}

static void calls_free(struct vbw_cmd *cmd)
{
    struct calls_cmd *cc = (struct calls_cmd *)cmd;
    vbw_cmd_free(cc->inner);
    vbw_buf_clear(&cc->log);
    free(cc);
}

static const struct vbw_cmd_ops calls_ops = {.name = "calls", .run = calls_run, .free = calls_free};

/* Calls whose arguments hold every word of pattern, in order ("controlvm
 * pause" counts "controlvm boinc_x pause"). */
static unsigned count_calls(const struct calls_cmd *cc, const char *pattern)
{
    unsigned n = 0;
    char words[8][64];
    int nw = sscanf(pattern, "%63s %63s %63s %63s", words[0], words[1], words[2], words[3]);
    for (const char *p = cc->log.data ? cc->log.data : ""; *p;) {
        size_t len = strcspn(p, "\n");
        char line[4096];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        p += len + (p[len] == '\n');
        const char *at = line;
        int w = 0;
        for (; w < nw; w++) {
            const char *hit = strstr(at, words[w]);
            size_t wl = strlen(words[w]);
            while (hit && !((hit == line || hit[-1] == ' ') && (hit[wl] == ' ' || hit[wl] == '\0')))
                hit = strstr(hit + 1, words[w]);
            if (!hit)
                break;
            at = hit + wl;
        }
        if (w == nw)
            n++;
    }
    return n;
}

/* s with {VM} and {SLOT} replaced (malloc'd). */
static char *expand_names(const char *s, const char *vm, const char *slot)
{
    struct vbw_buf b = VBW_BUF_INIT;
    for (const char *p = s; *p;) {
        if (strncmp(p, "{VM}", 4) == 0) {
            vbw_buf_puts(&b, vm);
            p += 4;
        } else if (strncmp(p, "{SLOT}", 6) == 0) {
            vbw_buf_puts(&b, slot);
            p += 6;
        } else {
            vbw_buf_append(&b, p, 1);
            p++;
        }
    }
    return vbw_buf_detach(&b);
}

static void ignore_warning(const char *line, void *opaque)
{
    if (verbose)
        printf("             job: %s\n", line);
}

/* ---- the run ---- */

struct scenario {
    char *name, *job, *init, *ckpt, *cmdline, *vm, *client, *verify, *transcript;
    char *vmlog;    /* <vmlog>: what the VM process writes to VBox.log at startvm */
    char *vmlog_failed; /* <vmlog-failed-start>: the log a VM process leaves when startvm fails */
    char *slot_files;   /* <slot-files>: PATH CONTENT lines written into the slot first */
};

/* Set in transcript mode, for verify(). */
static struct calls_cmd *g_calls;
static struct vbw_cmd *g_replay;

static bool probe_driver_missing(void *opaque)
{
    (void)opaque;
    return true;
}

static bool probe_driver_present(void *opaque)
{
    (void)opaque;
    return false;
}

static int setup_vm(struct fake_hv *hv, const char *vm, const char *slot, const char *vm_name)
{
    if (!vm)
        return 0;
    char line[512];
    for (const char *p = vm; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char k[64] = "", a[256] = "", b[64] = "", c[64] = "";
        if (sscanf(line, "%63s %255s %63s %63s", k, a, b, c) < 1 || k[0] == '#')
            continue;
        if (strcmp(k, "version") == 0) {
            snprintf(hv->version.text, sizeof hv->version.text, "%.63s", a);
            sscanf(a, "%d.%d.%d", &hv->version.major, &hv->version.minor, &hv->version.build);
        } else if (strcmp(k, "registered") == 0 || strcmp(k, "registered-incomplete") == 0) {
            hv->registered = true;
            hv->incomplete = strcmp(k, "registered-incomplete") == 0;
            hv->state = strcmp(a, "running") == 0 ? VBW_VM_RUNNING : VBW_VM_POWEROFF;
        } else if (strcmp(k, "no-remote-desktop") == 0) {
            hv->no_remote_desktop = true;
        } else if (strcmp(k, "host-not-ready") == 0) {
            hv->host_ready = false;
        } else if (strcmp(k, "start-never-online") == 0) {
            hv->start_goes_online = false;
        } else if (strcmp(k, "start-log-failure") == 0) {
            hv->start_goes_online = false;
            snprintf(hv->start_failure, sizeof hv->start_failure, "%s", a);
            hv->start_hwvirt = strstr(a, "VERR_VMX") || strstr(a, "VERR_SVM");
            hv->start_oom = strstr(a, "NO_MEMORY") != NULL;
        } else if (strcmp(k, "fail") == 0) {
            fake_hv_fail(hv, a, atoi(b), VBW_ERR_VBOX, (uint32_t)strtoul(c, NULL, 16));
        } else if (strcmp(k, "vbox-file") == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", slot, vm_name);
            mkdir(path, 0755);
            snprintf(path, sizeof path, "%s/%s/%s.vbox", slot, vm_name, vm_name);
            vbw_file_write_atomic(path, "<VirtualBox/>\n", 14);
        } else if (strcmp(k, "vbox-log") == 0) {
            /* a VBox.log left in the VM's log folder (its text after the keyword) */
            char path[1024];
            snprintf(path, sizeof path, "%s/%s/Logs", slot, vm_name);
            vbw_file_mkdir_p(path, 0755);
            snprintf(path, sizeof path, "%s/%s/Logs/VBox.log", slot, vm_name);
            const char *body = line + strlen("vbox-log ");
            vbw_file_write_atomic(path, body, strlen(body));
        } else {
            fprintf(stderr, "unknown <vm> line: %s\n", line);
            return -1;
        }
    }
    return 0;
}

static int setup_client(struct vbw_client *c, const char *script_in, const char *slot,
                        const char *vm)
{
    if (!script_in)
        return 0;
    char *script = expand_names(script_in, vm, slot);
    char line[2048];
    for (const char *p = script; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        double t;
        char action[64], arg[512] = "";
        int used = 0;
        if (line[0] == '#' || sscanf(line, "%lf %63s %n", &t, action, &used) < 2)
            continue;
        const char *rest = line + used;
        sscanf(rest, "%511s", arg);
        const char *content = strchr(rest, ' ');
        if (strncmp(action, "vm-", 3) == 0 || strcmp(action, "guest-oom") == 0) {
            vbw_client_fake_at(c, t, VBW_FAKE_HOOK, action, NULL);
            continue;
        }
        int a = vbw_fake_action_parse(action);
        if (a < 0) {
            fprintf(stderr, "unknown client action: %s\n", action);
            free(script);
            return -1;
        }
        if (a == VBW_FAKE_WRITE_FILE || a == VBW_FAKE_APPEND_FILE || a == VBW_FAKE_REMOVE_FILE ||
            a == VBW_FAKE_TOUCH_FILE) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", slot, arg);
            char *text = unescape(content ? content + 1 : "");
            vbw_client_fake_at(c, t, (enum vbw_fake_action)a, path, text);
            free(text);
        } else {
            vbw_client_fake_at(c, t, (enum vbw_fake_action)a, arg[0] ? arg : NULL, NULL);
        }
    }
    free(script);
    return 0;
}

static int check(bool ok, const char *what, int *failures)
{
    if (!ok)
        (*failures)++;
    if (verbose || !ok)
        printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
    return ok;
}

static int verify(const struct scenario *sc, const char *slot, struct fake_hv *hv,
                  struct vbw_client *c, const char *err_text)
{
    const struct vbw_client_fake_record *r = vbw_client_fake_record(c);
    int failures = 0;
    char line[1024], what[1200];
    if (vbw_client_fake_time_limit_hit(c))
        check(false, "the task ended before the script's time limit", &failures);
    for (const char *p = sc->verify ? sc->verify : ""; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char k[64] = "", a[512] = "";
        int used = 0;
        if (line[0] == '#' || sscanf(line, "%63s %n", k, &used) < 1)
            continue;
        const char *rest = line + used;
        sscanf(rest, "%511s", a);
        snprintf(what, sizeof what, "%s", line);
        if (strcmp(k, "finish") == 0)
            check(r->finished && r->exit_code == atoi(a), what, &failures);
        else if (strcmp(k, "temporary-exit") == 0)
            check(r->temp_exited && r->delay == atoi(a), what, &failures);
        else if (strcmp(k, "message") == 0)
            check(strcmp(r->message, rest) == 0, what, &failures);
        else if (strcmp(k, "message-contains") == 0)
            check(strstr(r->message, rest) != NULL, what, &failures);
        else if (strcmp(k, "notice") == 0)
            check(r->is_notice == (atoi(a) != 0), what, &failures);
        else if (strcmp(k, "stderr") == 0)
            check(err_text && strstr(err_text, rest) != NULL, what, &failures);
        else if (strcmp(k, "nostderr") == 0)
            check(!err_text || strstr(err_text, rest) == NULL, what, &failures);
        else if (strcmp(k, "file") == 0 || strcmp(k, "nofile") == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", slot, a);
            check(vbw_file_exists(path) == (k[0] == 'f'), what, &failures);
        } else if (strcmp(k, "file-contains") == 0) {
            char path[1024], needle[512] = "";
            snprintf(path, sizeof path, "%s/%s", slot, a);
            const char *sp = strchr(rest, ' ');
            snprintf(needle, sizeof needle, "%s", sp ? sp + 1 : "");
            char *text = NULL;
            size_t len;
            bool ok = vbw_file_read_all(path, 1 << 20, &text, &len) == 0 && strstr(text, needle);
            free(text);
            check(ok, what, &failures);
        } else if (strcmp(k, "vm") == 0 && g_calls)
            /* The transcript decides; what the task asked for must agree. */
            check((g_calls->removed_ok == 0) == (strcmp(a, "registered") == 0), what, &failures);
        else if (strcmp(k, "vm") == 0)
            check(hv->registered == (strcmp(a, "registered") == 0), what, &failures);
        else if (strcmp(k, "replay-complete") == 0) {
            bool ok = g_replay && vbw_cmd_replay_finish(g_replay) == 0;
            if (!ok && g_replay)
                printf("       %s\n", vbw_error_last()->message);
            check(ok, what, &failures);
        } else if (strcmp(k, "vbox-calls") == 0)
            check(g_calls && g_calls->calls == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "count-calls") == 0) {
            /* count-calls N words... */
            int want = -1, used2 = 0;
            sscanf(rest, "%d %n", &want, &used2);
            check(g_calls && count_calls(g_calls, rest + used2) == (unsigned)want, what, &failures);
        }
        else if (strcmp(k, "calls-through-start-max") == 0 && g_calls)
            check(g_calls->through_start && g_calls->through_start <= (unsigned)atoi(a), what,
                  &failures);
        else if (strcmp(k, "calls-through-start-max") == 0)
            check(fake_hv_calls_through_start(hv) <= (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "count") == 0 && g_calls) {
            check(false, "count (model check) in a transcript scenario: use count-calls", &failures);
        } else if (strcmp(k, "count") == 0) {
            char op[64];
            int want = -1;
            sscanf(rest, "%63s %d", op, &want);
            check(fake_hv_count(hv, op) == (unsigned)want, what, &failures);
        } else if (strcmp(k, "end-before") == 0)
            check(r->end_time < atof(a), what, &failures);
        else if (strcmp(k, "checkpoints") == 0)
            check(r->checkpoints == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "trickles") == 0)
            check(r->trickles == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "cpu-cap") == 0 && g_calls)
            check(false, "cpu-cap (model check) in a transcript scenario: use count-calls", &failures);
        else if (strcmp(k, "cpu-cap") == 0)
            check(hv->last_cpu_cap == atoi(a), what, &failures);
        else if (strcmp(k, "web-url") == 0)
            check(strcmp(r->web_graphics_url, a) == 0, what, &failures);
        else if (strcmp(k, "remote-desktop") == 0)
            check(strncmp(r->remote_desktop_addr, "localhost:", 10) == 0 &&
                      atoi(r->remote_desktop_addr + 10) > 0, what, &failures);
        else if (strcmp(k, "reported-pid") == 0)
            check(r->other_pid == atoi(a), what, &failures);
        else
            check(false, what, &failures);  /* unknown check: fail, never skip */
    }
    return failures;
}

static void fill_job(struct vbw_job *job, const char *x)
{
    memset(job, 0, sizeof *job);
    job->minimum_checkpoint_interval = xml_num(x, "minimum_checkpoint_interval", 600);
    job->minimum_heartbeat_interval = xml_num(x, "minimum_heartbeat_interval", 600);
    job->job_duration = xml_num(x, "job_duration", 0);
    job->os_name = xml_text(x, "os_name");
    job->enable_shared_directory = xml_flag(x, "enable_shared_directory");
    job->share_slot_dir = xml_flag(x, "share_slot_dir");
    job->enable_network = xml_flag(x, "enable_network");
    job->enable_vm_savestate_usage = xml_flag(x, "enable_vm_savestate_usage");
    job->disable_automatic_checkpoints = xml_flag(x, "disable_automatic_checkpoints");
    job->copy_cmdline_to_shared = xml_flag(x, "copy_cmdline_to_shared");
    job->enable_remotedesktop = xml_flag(x, "enable_remotedesktop");
    job->enable_graphics_support = xml_flag(x, "enable_graphics_support");
    job->pf_guest_port = (int)xml_num(x, "pf_guest_port", 0);
    job->pf_host_port = (int)xml_num(x, "pf_host_port", 0);
    job->completion_trigger_file = xml_text(x, "completion_trigger_file");
    job->temporary_exit_trigger_file = xml_text(x, "temporary_exit_trigger_file");
    job->heartbeat_filename = xml_text(x, "heartbeat_filename");
    job->fraction_done_filename = xml_text(x, "fraction_done_filename");
    char *t = xml_text(x, "trickle_trigger_file");
    if (t) {
        job->trickle_trigger_files = calloc(2, sizeof(char *));
        job->trickle_trigger_files[0] = t;
        job->n_trickle_trigger_files = 1;
    }
    t = xml_text(x, "copy_to_shared");
    if (t) {
        job->copy_to_shared = calloc(2, sizeof(char *));
        job->copy_to_shared[0] = t;
        job->n_copy_to_shared = 1;
    }
}

static void free_job(struct vbw_job *job)
{
    free(job->os_name);
    free(job->completion_trigger_file);
    free(job->temporary_exit_trigger_file);
    free(job->heartbeat_filename);
    free(job->fraction_done_filename);
    if (job->trickle_trigger_files)
        free(job->trickle_trigger_files[0]);
    free(job->trickle_trigger_files);
    if (job->copy_to_shared)
        free(job->copy_to_shared[0]);
    free(job->copy_to_shared);
}

static void free_scenario(struct scenario *sc)
{
    free(sc->name); free(sc->job); free(sc->init); free(sc->ckpt); free(sc->cmdline);
    free(sc->vm); free(sc->client); free(sc->verify); free(sc->transcript); free(sc->vmlog); free(sc->vmlog_failed);
    free(sc->slot_files);
}

/* Splits the <cmdline> text into an argv (words; no quoting needed there). */
static int cmdline_argv(const char *text, char **argv, int max)
{
    static char buf[1024];
    int n = 0;
    argv[n++] = "vboxwrapper";
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    for (char *save = NULL, *w = strtok_r(buf, " \t\n", &save); w && n < max - 1;
         w = strtok_r(NULL, " \t\n", &save))
        argv[n++] = w;
    argv[n] = NULL;
    return n;
}

/* <slot-files>: each `PATH CONTENT` line becomes a file in the slot (its
 * folders made), with {VM} and {SLOT} expanded and \n unescaped. */
static void write_slot_files(const char *text, const char *slot, const char *vm)
{
    char *all = expand_names(text, vm, slot);
    for (const char *p = all; *p;) {
        size_t n = strcspn(p, "\n");
        char line[1024], path[1400];
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        char *sp = strchr(line, ' ');
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (sp)
            *sp = '\0';
        snprintf(path, sizeof path, "%s/%s", slot, line);
        char *slash = strrchr(path, '/');
        *slash = '\0';
        vbw_file_mkdir_p(path, 0755);
        *slash = '/';
        char *body = unescape(sp ? sp + 1 : "");
        vbw_file_write_atomic(path, body, strlen(body));
        free(body);
    }
    free(all);
}

/* What one transcript-mode run gave (the fault matrix compares them). */
struct once_result {
    int failures;               /* verify failures (clean runs only) */
    bool ran;                   /* the task ran (setup was fine) */
    struct vbw_task_outcome out;
    unsigned calls, unanswered;
    bool in_time;               /* ended before the script's time limit */
    bool checkpoint_intact;     /* a checkpoint present at start still parses */
    bool vm_consistent;         /* VirtualBox holds what the outcome says */
    struct vbw_buf call_log;    /* the calls, one per line */
};

/* Transcript mode: the real job parser, the real VBoxManage backend, replay.
 * faults (NULL for none) are injected into the replay; verify runs only on
 * clean runs. */
static int transcript_once(const char *path, const struct scenario *sc, const char *faults,
                           struct once_result *res)
{
    int failures = 0, exit_code = 0;
    memset(res, 0, sizeof *res);
    char slot[256], tpath[300] = "", p[1200];
    snprintf(slot, sizeof slot, "/tmp/vbw-scenario-XXXXXX");
    if (!mkdtemp(slot)) {
        perror("mkdtemp");
        return 2;
    }
    if (verbose)
        printf("scenario: %s%s%s\n", sc->name ? sc->name : path, faults ? " faults: " : "",
               faults ? faults : "");

    struct vbw_job job;
    struct vbw_init_data id;
    struct vbw_cmdline cl;
    struct vbw_job_derived d;
    vbw_job_init(&job);
    memset(&id, 0, sizeof id);
    memset(&cl, 0, sizeof cl);
    memset(&d, 0, sizeof d);
    struct vbw_client *client = NULL;
    struct vbw_hv *hv = NULL;
    struct calls_cmd *cc = NULL;
    struct vbw_buf err = VBW_BUF_INIT;
    char *argv[32];
    int argc = cmdline_argv(sc->cmdline, argv, 32);

    /* A job the parser refuses with an exit code (a forbidden combination)
     * ends as vboxwrapper.c ends it: "ERROR: Cannot parse vbox_job.xml: ..."
     * and finish(code), before any VBoxManage call; <verify> checks that. */
    char refused[1100] = "";
    int refused_code = 0;
    if (vbw_cmdline_parse(argc, argv, &cl, &exit_code) < 0) {
        printf("  FAIL job/cmdline: %s\n", vbw_error_last()->message);
        failures++;
        goto done;
    }
    if (vbw_job_parse_buffer(sc->job ? sc->job : "", sc->job ? strlen(sc->job) : 0, &job,
                             ignore_warning, NULL, &exit_code) < 0) {
        if (!exit_code) {
            printf("  FAIL job/cmdline: %s\n", vbw_error_last()->message);
            failures++;
            goto done;
        }
        refused_code = exit_code;
        snprintf(refused, sizeof refused, "Cannot parse vbox_job.xml: %.1000s",
                 vbw_error_last()->message);
    }
    if (sc->init) {
        /* {SLOT} expands (a <project_dir> inside the slot); {VM} cannot,
         * the name comes from this file. */
        char *init = expand_names(sc->init, "", slot);
        snprintf(p, sizeof p, "%s/init_data.xml", slot);
        vbw_file_write_atomic(p, init, strlen(init));
        free(init);
        if (vbw_init_data_parse_file(p, &id) < 0) {
            printf("  FAIL init_data: %s\n", vbw_error_last()->message);
            failures++;
            goto done;
        }
    }
    if (vbw_job_derive(&job, &cl, &id, &d) < 0) {
        printf("  FAIL derive: %s\n", vbw_error_last()->message);
        failures++;
        goto done;
    }
    if (sc->ckpt) {
        snprintf(p, sizeof p, "%s/vbox_checkpoint.xml", slot);
        vbw_file_write_atomic(p, sc->ckpt, strlen(sc->ckpt));
    }
    for (size_t i = 0; i < job.n_copy_to_shared; i++) {
        snprintf(p, sizeof p, "%s/%s", slot, job.copy_to_shared[i]);
        vbw_file_write_atomic(p, "input\n", 6);
    }
    /* What createvm/startvm would make on a real host. */
    snprintf(p, sizeof p, "%s/%s/Logs", slot, d.vm_name);
    vbw_file_mkdir_p(p, 0755);
    if (sc->slot_files)
        write_slot_files(sc->slot_files, slot, d.vm_name);

    snprintf(tpath, sizeof tpath, "%s.transcript", slot);
    vbw_file_write_atomic(tpath, sc->transcript, strlen(sc->transcript));
    char var_vm[300], var_slot[300];
    snprintf(var_vm, sizeof var_vm, "VM=%s", d.vm_name);
    snprintf(var_slot, sizeof var_slot, "SLOT=%s", slot);
    const char *const vars[] = {var_vm, var_slot, NULL};
    struct vbw_cmd *replay = NULL;
    if (vbw_cmd_replay_new(tpath, vars, &replay) < 0 ||
        (faults && vbw_cmd_replay_add_faults(replay, faults) < 0)) {
        printf("  FAIL transcript: %s\n", vbw_error_last()->message);
        vbw_cmd_free(replay);
        failures++;
        goto done;
    }
    cc = calloc(1, sizeof *cc);
    cc->base.ops = &calls_ops;
    cc->inner = replay;
    char vmlog_dir[1200];
    snprintf(vmlog_dir, sizeof vmlog_dir, "%s/%s/Logs", slot, d.vm_name);
    cc->vmlog_dir = vmlog_dir;
    cc->vmlog = sc->vmlog;
    cc->vmlog_failed = sc->vmlog_failed;
    g_calls = cc;
    g_replay = replay;
    if (vbw_hv_vboxmanage_new(&cc->base, "VBoxManage", &hv) < 0) {
        printf("  FAIL backend: %s\n", vbw_error_last()->message);
        failures++;
        goto done;
    }
    /* The host is the one the transcript was recorded on, not this machine:
     * its kernel driver is absent only where the scenario says so (a <vm>
     * line "host no-vboxdrv"). */
    vbw_hv_vboxmanage_set_driver_probe(
        hv, sc->vm && strstr(sc->vm, "host no-vboxdrv") ? probe_driver_missing : probe_driver_present,
        NULL);

    vbw_client_fake_new(&client);
    g_client = client;
    vbw_client_fake_set_time_limit(client, 30 * 86400);
    /* The BOINC API says "time to checkpoint" after init_data's period. */
    if (id.checkpoint_period > 0)
        vbw_client_fake_set_checkpoint_period(client, id.checkpoint_period);
    vbw_hv_vboxmanage_set_sleep(hv, fake_clock_sleep, client);
    struct hook_ctx hctx = {.hv = NULL};
    snprintf(hctx.slot, sizeof hctx.slot, "%s", slot);
    vbw_client_fake_set_hook(client, hook, &hctx);
    if (setup_client(client, sc->client, slot, d.vm_name) < 0) {
        failures++;
        goto done;
    }

    vbw_log_set_sink(sink, &err);
    struct vbw_task_config cfg = {
        .slot_dir = slot, .job = &job, .cmdline = &cl, .init_data = &id, .derived = &d,
        .hv = hv, .client = client, .checkpoint_offset = 0, .observer = observer,
        .process_alive = scripted_alive, .alive_opaque = &hctx,
    };
    if (refused_code) {
        vbw_log_error("ERROR: %s", refused);
        client->ops->finish(client, refused_code, NULL, false);
        res->out.kind = VBW_TASK_FINISH;
        res->out.exit_code = refused_code;
    } else {
        vbw_task_run(&cfg, &res->out);
        vbw_task_outcome_deliver(&res->out, client);
    }
    vbw_log_set_sink(NULL, NULL);
    res->ran = true;
    res->calls = cc->calls;
    res->unanswered = cc->unanswered;
    res->in_time = !vbw_client_fake_time_limit_hit(client);
    if (cc->log.data)
        vbw_buf_puts(&res->call_log, cc->log.data);
    res->checkpoint_intact = true;
    if (sc->ckpt) {
        char *ck = NULL;
        size_t cklen = 0;
        snprintf(p, sizeof p, "%s/vbox_checkpoint.xml", slot);
        res->checkpoint_intact = vbw_file_read_all(p, 1 << 20, &ck, &cklen) == 0 &&
                                 strstr(ck, "</vbox_checkpoint>") != NULL;
        free(ck);
    }
    /* What VirtualBox holds: a VM this run created or registered is gone
     * unless the outcome keeps it on purpose. */
    res->vm_consistent = res->out.vm_left == VBW_VM_LEFT_REGISTERED || !cc->made_ok ||
                         cc->removed_ok > 0;
    if (verbose)
        printf("VBoxManage calls: %u (%u through startvm)\n", cc->calls, cc->through_start);
    if (!faults) {
        if (verbose)
            printf("verify:\n");
        failures += verify(sc, slot, NULL, client, err.data);
    }

done:
    res->failures = failures;
    vbw_hv_free(hv);
    if (cc)
        vbw_cmd_free(&cc->base);
    g_calls = NULL;
    g_replay = NULL;
    vbw_client_free(client);
    vbw_buf_clear(&err);
    if (tpath[0])
        unlink(tpath);
    if (vbw_test_rmtree(slot) != 0)
        fprintf(stderr, "cannot remove %s\n", slot);
    vbw_job_clear(&job);
    vbw_init_data_clear(&id);
    vbw_cmdline_clear(&cl);
    vbw_job_derived_clear(&d);
    return failures ? 1 : 0;
}

/* --faults SPEC: replay with these faults (vbw_transcript.h spec), to see
 * one cell of the fault matrix step by step; <verify> is not checked then. */
static const char *g_faults;

static int run_transcript(const char *path, struct scenario *sc)
{
    struct once_result res;
    int rc = transcript_once(path, sc, g_faults, &res);
    if (g_faults)
        printf("outcome: %s, %u calls (%u unanswered), %s, checkpoint %s, VirtualBox %s\n",
               res.out.kind == VBW_TASK_FINISH ? "finish" : "temporary exit",
               res.calls, res.unanswered, res.in_time ? "in time" : "TIME LIMIT HIT",
               res.checkpoint_intact ? "intact" : "DAMAGED",
               res.vm_consistent ? "consistent" : "holds a VM it should not");
    printf("%s: %s\n", path, rc ? "FAILED" : "passed");
    vbw_buf_clear(&res.call_log);
    free_scenario(sc);
    return rc;
}

static int run_file(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (vbw_file_read_all(path, 1 << 20, &text, &len) < 0) {
        fprintf(stderr, "%s: %s\n", path, vbw_error_last()->message);
        return 2;
    }
    struct scenario sc = {
        section(text, "name"), section(text, "job"), section(text, "init_data"),
        section(text, "checkpoint"), section(text, "cmdline"), section(text, "vm"),
        section(text, "client"), section(text, "verify"),
        section_or_file(text, "transcript", path), section_or_file(text, "vmlog", path),
        section(text, "vmlog-failed-start"),
        section(text, "slot-files"),
    };
    free(text);
    if (sc.transcript)
        return run_transcript(path, &sc);

    char slot[256];
    snprintf(slot, sizeof slot, "/tmp/vbw-scenario-XXXXXX");
    if (!mkdtemp(slot)) {
        perror("mkdtemp");
        return 2;
    }
    if (verbose)
        printf("scenario: %s", sc.name ? sc.name : path);
    struct vbw_job job;
    fill_job(&job, sc.job);
    struct vbw_init_data id;
    memset(&id, 0, sizeof id);
    id.present = sc.init != NULL;
    id.p_features = xml_text(sc.init, "p_features");
    id.checkpoint_period = xml_num(sc.init, "checkpoint_period", 60);
    id.vm_extensions_disabled = xml_flag(sc.init, "vm_extensions_disabled");
    struct vbw_cmdline cl;
    memset(&cl, 0, sizeof cl);
    cl.raw = sc.cmdline;
    if (sc.cmdline) {
        cl.register_only = strstr(sc.cmdline, "--register_only") != NULL;
        const char *tp = strstr(sc.cmdline, "--trickle ");
        cl.trickle_period = tp ? atof(tp + 10) : 0;
    }
    struct vbw_job_derived d;
    memset(&d, 0, sizeof d);
    d.vm_name = "boinc_3f2a9c41d07b5e86";
    d.image_name = "vm_image.vdi";
    d.memory_mb = 2048;
    d.cpus = 1;
    if (sc.ckpt) {
        char p[512];
        snprintf(p, sizeof p, "%s/vbox_checkpoint.xml", slot);
        vbw_file_write_atomic(p, sc.ckpt, strlen(sc.ckpt));
    }
    if (job.copy_to_shared) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", slot, job.copy_to_shared[0]);
        vbw_file_write_atomic(p, "input\n", 6);
    }

    struct fake_hv *hv = fake_hv_new();
    struct vbw_client *client = NULL;
    vbw_client_fake_new(&client);
    g_client = client;
    hv->clock = client;
    hv->echo = verbose;
    vbw_client_fake_set_time_limit(client, 30 * 86400);
    struct hook_ctx hctx = {.hv = hv};
    snprintf(hctx.slot, sizeof hctx.slot, "%s", slot);
    vbw_client_fake_set_hook(client, hook, &hctx);
    int failures = 0;
    if (setup_vm(hv, sc.vm, slot, d.vm_name) < 0 ||
        setup_client(client, sc.client, slot, d.vm_name) < 0)
        failures++;

    struct vbw_buf err = VBW_BUF_INIT;
    vbw_log_set_sink(sink, &err);
    struct vbw_task_config cfg = {
        .slot_dir = slot, .job = &job, .cmdline = &cl, .init_data = &id, .derived = &d,
        .hv = &hv->base, .client = client, .checkpoint_offset = 0,
        .observer = observer, .process_alive = scripted_alive, .alive_opaque = &hctx,
    };
    struct vbw_task_outcome out;
    if (!failures) {
        vbw_task_run(&cfg, &out);
        vbw_task_outcome_deliver(&out, client);
    }
    vbw_log_set_sink(NULL, NULL);
    if (verbose)
        printf("hypervisor calls: %u (%u through startvm): %s\nverify:\n", hv->calls,
               fake_hv_calls_through_start(hv), hv->log);
    failures += verify(&sc, slot, hv, client, err.data);
    printf("%s: %s\n", path, failures ? "FAILED" : "passed");

    if (vbw_test_rmtree(slot) != 0)
        fprintf(stderr, "cannot remove %s\n", slot);
    vbw_buf_clear(&err);
    free_job(&job);
    free(id.p_features);
    vbw_client_free(client);
    fake_hv_free(hv);
    free(sc.name); free(sc.job); free(sc.init); free(sc.ckpt); free(sc.cmdline);
    free(sc.vm); free(sc.client); free(sc.verify); free(sc.transcript); free(sc.vmlog); free(sc.vmlog_failed);
    free(sc.slot_files);
    return failures ? 1 : 0;
}

/* ---- the fault matrix (tests/reliability, issue 8) ---- */

/* Each fault the matrix tries at every call: the label printed, and the
 * replay fault (vbw_transcript.h) that stands for it. */
static const struct {
    const char *label, *kind;
    int count;
    const char *name;
} matrix_faults[] = {
    {"lock", "lock", 1, NULL},           {"lock5", "lock", 5, NULL},
    {"svc", "svc", 1, "NS_ERROR_ABORT"}, {"svcwin", "svc", 1, "CO_E_SERVER_EXEC_FAILURE"},
    {"rpc", "svc", 1, "RPC_S_SERVER_UNAVAILABLE"},
    {"notrdy", "error", 1, "E_ACCESSDENIED"},
    {"denied", "error", 1, "E_FAIL"},
    {"hang", "hang", 1, NULL},           {"exit0", "exit0error", 1, NULL},
    {"empty", "empty", 1, NULL},         {"junk", "garbage", 1, NULL},
    {"l10n", "localized", 1, NULL},
};
#define N_MATRIX_FAULTS (sizeof matrix_faults / sizeof matrix_faults[0])

/* VBW_MATRIX_FAULTS="lock,hang,..." limits the columns to those labels (the
 * Windows build under wine runs a few: each cell there costs ~2 s of
 * wineserver round trips); unset, every fault. */
static bool fault_selected(size_t f)
{
    const char *only = getenv("VBW_MATRIX_FAULTS");
    if (!only || !*only)
        return true;
    size_t n = strlen(matrix_faults[f].label);
    for (const char *p = only; *p;) {
        size_t len = strcspn(p, ",");
        if (len == n && strncmp(p, matrix_faults[f].label, n) == 0)
            return true;
        p += len + (p[len] == ',');
    }
    return false;
}

static void outcome_code(const struct vbw_task_outcome *o, char *buf, size_t size)
{
    if (o->kind == VBW_TASK_FINISH)
        snprintf(buf, size, "F%d", o->exit_code);
    else
        snprintf(buf, size, "T%d", o->delay);
}

static int run_matrix(const char *path)
{
    char *text = NULL;
    size_t len = 0;
    if (vbw_file_read_all(path, 1 << 20, &text, &len) < 0) {
        fprintf(stderr, "%s: %s\n", path, vbw_error_last()->message);
        return 2;
    }
    struct scenario sc = {
        section(text, "name"), section(text, "job"), section(text, "init_data"),
        section(text, "checkpoint"), section(text, "cmdline"), section(text, "vm"),
        section(text, "client"), section(text, "verify"),
        section_or_file(text, "transcript", path), section_or_file(text, "vmlog", path),
        section(text, "vmlog-failed-start"),
        section(text, "slot-files"),
    };
    free(text);
    if (!sc.transcript) {
        fprintf(stderr, "%s: the fault matrix needs a <transcript> scenario\n", path);
        free_scenario(&sc);
        return 2;
    }
    bool was_verbose = verbose;
    verbose = false;
    struct once_result clean;
    int rc = transcript_once(path, &sc, NULL, &clean);
    if (rc || !clean.ran) {
        printf("%s: the clean run fails; no matrix\n", path);
        vbw_buf_clear(&clean.call_log);
        free_scenario(&sc);
        return 1;
    }
    char clean_code[32];
    outcome_code(&clean.out, clean_code, sizeof clean_code);
    printf("fault matrix: %s\nclean run: %u VBoxManage calls, outcome %s\n", path, clean.calls,
           clean_code);
    printf("cell: '=' the clean outcome (retried and went on); F<n> finished with n; T<s> "
           "temporary exit of s seconds;\n      '+' the task made calls the transcript has no "
           "answer for; '!' an invariant broke (hang, checkpoint, VM left)\n\n");
    printf("%-4s %-28s", "call", "VBoxManage");
    for (size_t f = 0; f < N_MATRIX_FAULTS; f++)
        if (fault_selected(f))
            printf(" %-7s", matrix_faults[f].label);
    printf("\n");

    unsigned broken = 0, cases = 0, same = 0;
    const char *line = clean.call_log.data ? clean.call_log.data : "";
    for (unsigned call = 1; call <= clean.calls; call++) {
        size_t ll = strcspn(line, "\n");
        char label[29];
        snprintf(label, sizeof label, "%.*s", (int)(ll < 28 ? ll : 28), line);
        line += ll + (line[ll] == '\n');
        printf("%-4u %-28s", call, label);
        for (size_t f = 0; f < N_MATRIX_FAULTS; f++) {
            if (!fault_selected(f))
                continue;
            char spec[128];
            snprintf(spec, sizeof spec, "%u:%s:%d%s%s", call, matrix_faults[f].kind,
                     matrix_faults[f].count, matrix_faults[f].name ? ":" : "",
                     matrix_faults[f].name ? matrix_faults[f].name : "");
            struct once_result r;
            transcript_once(path, &sc, spec, &r);
            char cell[32];
            outcome_code(&r.out, cell, sizeof cell);
            bool ok = r.ran && r.in_time && r.checkpoint_intact && r.vm_consistent;
            cases++;
            if (strcmp(cell, clean_code) == 0) {
                snprintf(cell, sizeof cell, "=");
                same++;
            }
            char shown[40];
            snprintf(shown, sizeof shown, "%s%s%s", cell, r.unanswered ? "+" : "", ok ? "" : "!");
            printf(" %-7s", shown);
            if (!ok) {
                broken++;
                fprintf(stderr, "call %u (%s), fault %s: %s%s%s%s\n", call, label,
                        matrix_faults[f].label, r.ran ? "" : "did not run; ",
                        r.in_time ? "" : "did not end in time; ",
                        r.checkpoint_intact ? "" : "checkpoint damaged; ",
                        r.vm_consistent ? "" : "VM left registered");
            }
            vbw_buf_clear(&r.call_log);
        }
        printf("\n");
    }
    printf("\n%u cases: %u went on to the clean outcome, %u ended otherwise by design, %u broke "
           "an invariant\n",
           cases, same, cases - same - broken, broken);
    verbose = was_verbose;
    vbw_buf_clear(&clean.call_log);
    free_scenario(&sc);
    if (!cases)
        printf("no fault selected (VBW_MATRIX_FAULTS=%s): nothing was tried\n",
               getenv("VBW_MATRIX_FAULTS"));
    return broken || !cases ? 1 : 0;
}

int main(int argc, char **argv)
{
    int first = 1;
    verbose = VBW_SCENARIO_VERBOSE;
    if (argc == 3 && strcmp(argv[1], "--matrix") == 0)
        return run_matrix(argv[2]);
    if (argc > 3 && strcmp(argv[1], "--faults") == 0) {
        g_faults = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        verbose = true;
        first = 2;
    } else if (argc > 1 && strcmp(argv[1], "-q") == 0) {
        verbose = false;
        first = 2;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: %s [--faults SPEC] [-v|-q] SCENARIO-FILE...\n"
                "       %s --matrix SCENARIO-FILE\n", argv[0], argv[0]);
        return 2;
    }
    int rc = 0;
    for (int i = first; i < argc; i++)
        rc |= run_file(argv[i]);
    return rc;
}
