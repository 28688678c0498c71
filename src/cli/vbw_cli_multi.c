/*
 * vbw_cli_multi.c - the verbs that act on VMs take several: names, name
 * globs ('boinc_*') and --all; the work runs on up to -j N VMs at
 * once, each with a hypervisor connection of its own (the VBoxManage calls
 * of different VMs do not wait for each other), and the results come out
 * in the order the VMs were named: one JSON array (or the verb's own
 * wrapper), the text lines of each VM together, exit status the first
 * failing VM's.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_cmd.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"

static bool is_glob(const char *s)
{
    return strpbrk(s, "*?[") != NULL;
}

/* Shell-style matching of a whole name: '*' any run, '?' one character,
 * "[abc]", "[a-z]", "[!x]" one of a set (fnmatch(3) without flags; written
 * here because Windows has no fnmatch). Bytes, not characters: a '?' stands
 * for one byte of a UTF-8 name. */
bool vbw_cli_glob_match(const char *p, const char *s)
{
    for (; *p; p++, s++) {
        if (*p == '*') {
            while (p[1] == '*')
                p++;
            if (!p[1])
                return true;
            for (; *s; s++)
                if (vbw_cli_glob_match(p + 1, s))
                    return true;
            return false;
        }
        if (!*s)
            return false;
        if (*p == '?')
            continue;
        if (*p == '[') {
            const char *q = p + 1;
            bool negate = *q == '!' || *q == '^', found = false;
            if (negate)
                q++;
            const char *first = q;
            while (*q && (*q != ']' || q == first)) {
                if (q[1] == '-' && q[2] && q[2] != ']') {
                    if ((unsigned char)*s >= (unsigned char)q[0] &&
                        (unsigned char)*s <= (unsigned char)q[2])
                        found = true;
                    q += 3;
                } else {
                    found = found || *q == *s;
                    q++;
                }
            }
            if (*q == ']') {
                if (found == negate)
                    return false;
                p = q;
                continue;
            }
            /* No closing ']': the '[' is an ordinary character. */
        }
        if (*p != *s)
            return false;
    }
    return !*s;
}

static int add_name(struct vbw_cli_targets *t, const char *name)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->vms[i], name) == 0)
            return 0; /* named twice (a name and a glob): acted on once */
    char **grown = realloc(t->vms, (t->n + 2) * sizeof *grown);
    if (!grown)
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    t->vms = grown;
    if (!(t->vms[t->n] = vbw_strdup(name)))
        return vbw_error_set(VBW_ERR_NOMEM, "out of memory");
    t->vms[++t->n] = NULL;
    return 0;
}

int vbw_cli_targets_resolve(struct vbw_cli *cli, const char *command, const char *const *names,
                            size_t n_names, bool all, vbw_cli_pick_fn pick, void *opaque,
                            struct vbw_cli_targets *out)
{
    struct vbw_hv_vm_list list = {0};
    int rc = 0;
    memset(out, 0, sizeof *out);
    if (all && n_names > 0)
        return vbw_cli_usage_error(cli, command, "give VM names or --all, not both");
    if (!all && n_names == 0)
        return vbw_cli_usage_error(cli, command, "which VM? (give names, a glob or --all)");
    /* --all and globs need the registered VMs; plain names are taken as
     * given (a missing VM fails as itself, like one named alone). */
    bool need_list = all;
    for (size_t i = 0; i < n_names; i++)
        need_list = need_list || is_glob(names[i]);
    out->several = need_list || n_names > 1;
    struct vbw_hv *hv = NULL;
    if (need_list) {
        if (!(hv = vbw_cli_hv(cli)))
            return VBW_CLI_EXIT_FAILED;
        if ((rc = hv->ops->vm_list(hv, false, &list)) < 0)
            goto fail;
    }
    if (all) {
        for (size_t i = 0; i < list.count; i++) {
            const struct vbw_hv_vm_entry *e = &list.vms[i];
            if (!e->accessible || !e->name)
                continue;
            /* A VM `vbw create` made may have any name: its description says. */
            struct vbw_hv_vm_info info = {0};
            bool take = hv->ops->vm_info(hv, e->name, &info) == 0 &&
                        vbw_cli_vm_owned(e->name, info.description) &&
                        (!pick || pick(&info, opaque));
            vbw_hv_vm_info_clear(&info);
            if (take && (rc = add_name(out, e->name)) < 0)
                goto fail;
        }
        vbw_error_clear();
    }
    for (size_t i = 0; i < n_names; i++) {
        if (!is_glob(names[i])) {
            if ((rc = add_name(out, names[i])) < 0)
                goto fail;
            continue;
        }
        bool matched = false;
        for (size_t k = 0; k < list.count; k++) {
            const char *name = list.vms[k].name;
            if (name && vbw_cli_glob_match(names[i], name)) {
                matched = true;
                if ((rc = add_name(out, name)) < 0)
                    goto fail;
            }
        }
        if (!matched) {
            rc = vbw_error_set(VBW_ERR_NOT_FOUND, "no registered VM matches '%s'", names[i]);
            goto fail;
        }
    }
    vbw_hv_vm_list_clear(&list);
    return 0;
fail:
    vbw_hv_vm_list_clear(&list);
    vbw_cli_targets_clear(out);
    return vbw_cli_report_error(cli, command);
}

void vbw_cli_targets_clear(struct vbw_cli_targets *t)
{
    vbw_strv_free(t->vms);
    memset(t, 0, sizeof *t);
}

int vbw_cli_parse_jobs(struct vbw_cli *cli, const char *command, const char *text)
{
    if (!text)
        return 0;
    char *end = NULL;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 1 || n > 64)
        return vbw_cli_usage_error(cli, command, "--jobs: '%s' is not a number from 1 to 64", text);
    cli->jobs = (int)n;
    return 0;
}

/* ---- the runner ---------------------------------------------------------- */

struct item {
    struct vbw_cli cli; /* the worker's session: its own streams and hv */
    const char *vm;
    int code;
};

struct run {
    struct vbw_cli *cli; /* the caller's */
    struct item *items;
    size_t n;
    bool share_hv; /* one hv for all, one VM at a time */
    const struct vbw_cli_each *each;
    size_t json_written;
    int code;
};

static void work(size_t i, void *opaque)
{
    struct run *r = opaque;
    struct item *it = &r->items[i];
    vbw_error_clear();
    if (!it->cli.out || !it->cli.err) {
        /* tmpfile() failed (Windows puts it in the drive's root): done()
         * says so. */
        it->code = VBW_CLI_EXIT_FAILED;
        return;
    }
    it->code = r->each->one(&it->cli, it->vm, r->each->opaque);
    fflush(it->cli.out);
    fflush(it->cli.err);
    if (!r->share_hv)
        vbw_cli_close(&it->cli);
}

/* Copies what a worker printed, each line of a text stream prefixed with
 * the VM's name when asked (not vbw's own "vbw: VM: ..." lines, which name
 * it already). */
static void copy_stream(FILE *from, FILE *to, const char *vm, bool prefix, bool json_member)
{
    char line[4096];
    bool line_start = true;
    rewind(from);
    if (json_member) {
        size_t n;
        struct vbw_buf b = VBW_BUF_INIT;
        while ((n = fread(line, 1, sizeof line, from)) > 0)
            vbw_buf_append(&b, line, n);
        while (b.len && (b.data[b.len - 1] == '\n'))
            b.len--;
        if (b.len)
            fwrite(b.data, 1, b.len, to);
        vbw_buf_clear(&b);
        return;
    }
    while (fgets(line, sizeof line, from)) {
        if (line_start && prefix && strncmp(line, "vbw: ", 5) != 0)
            fprintf(to, "%s: ", vm);
        fputs(line, to);
        line_start = strchr(line, '\n') != NULL;
    }
    if (!line_start)
        fputc('\n', to);
}

static void done(size_t i, void *opaque)
{
    struct run *r = opaque;
    struct item *it = &r->items[i];
    if (it->cli.out) {
        long size;
        fseek(it->cli.out, 0, SEEK_END);
        size = ftell(it->cli.out);
        if (r->cli->json && size > 0) {
            if (r->json_written++)
                fputc(',', r->cli->out);
            copy_stream(it->cli.out, r->cli->out, it->vm, false, true);
        } else if (!r->cli->json) {
            copy_stream(it->cli.out, r->cli->out, it->vm, r->each->prefix_out, false);
        }
        fclose(it->cli.out);
    }
    if (it->cli.err) {
        copy_stream(it->cli.err, r->cli->err, it->vm, true, false);
        fclose(it->cli.err);
    }
    if (!it->cli.out || !it->cli.err)
        fprintf(r->cli->err, "vbw: %s: cannot create a temporary file for its output\n", it->vm);
    fflush(r->cli->out);
    fflush(r->cli->err);
    if (it->code != VBW_CLI_EXIT_OK && r->code == VBW_CLI_EXIT_OK)
        r->code = it->code;
}

int vbw_cli_for_each_vm(struct vbw_cli *cli, const struct vbw_cli_targets *t,
                        const struct vbw_cli_each *each)
{
    if (!t->several && (!each->json_open || !cli->json)) {
        /* One VM named: the verb's own output, as it always was. */
        return t->n ? each->one(cli, t->vms[0], each->opaque) : VBW_CLI_EXIT_OK;
    }
    struct run r = {.cli = cli, .n = t->n, .each = each, .code = VBW_CLI_EXIT_OK};
    /* Threads only where each can have its own VirtualBox connection: a
     * hypervisor handed in (tests) or an in-process replay (one transcript,
     * one order) is shared, one VM after the other. */
    r.share_hv = (cli->hv && !cli->hv_owned) || cli->transcript || vbw_cmd_replaying();
    if (cli->json)
        fputs(each->json_open ? each->json_open : "[", cli->out);
    if (t->n) {
        r.items = calloc(t->n, sizeof *r.items);
        if (!r.items) {
            vbw_error_set(VBW_ERR_NOMEM, "out of memory");
            return vbw_cli_report_error(cli, "vbw");
        }
        if (r.share_hv && !vbw_cli_hv(cli)) {
            free(r.items);
            return VBW_CLI_EXIT_FAILED;
        }
        for (size_t i = 0; i < t->n; i++) {
            struct item *it = &r.items[i];
            it->cli = *cli;
            it->vm = t->vms[i];
            it->cli.out = tmpfile();
            it->cli.err = tmpfile();
            it->cli.progress_tty = false;
            it->cli.no_progress = true;
            if (!r.share_hv) {
                it->cli.hv = NULL;
                it->cli.hv_owned = false;
                it->cli.cmd = NULL;
                it->cli.vboxmanage = NULL;
            } else {
                it->cli.hv_owned = false; /* the caller's to close */
                it->cli.cmd = NULL;
                it->cli.vboxmanage = NULL;
            }
        }
        vbw_parallel_run(t->n, r.share_hv ? 1 : (cli->jobs > 0 ? cli->jobs : VBW_CLI_DEFAULT_JOBS),
                         work, done, &r);
        free(r.items);
    }
    if (cli->json) {
        fputs(each->json_close ? each->json_close : "]", cli->out);
        fputc('\n', cli->out);
        fflush(cli->out);
        vbw_json_count_document();
    }
    return r.code;
}
