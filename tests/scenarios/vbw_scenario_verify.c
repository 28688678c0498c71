/*
 * vbw_scenario_verify.c - the <verify> vocabulary (FORMAT.md lists it): one
 * check a line, each either true of the run or a failure; a word it does not
 * know is a failure, never skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/vbw_fake_hv.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw_scenario.h"

static int check(bool ok, const char *what, int *failures)
{
    if (!ok)
        (*failures)++;
    if (scenario_verbose || !ok)
        printf("  %s %s\n", ok ? "ok  " : "FAIL", what);
    return ok;
}

/* Calls whose arguments hold every word of pattern, in order ("controlvm
 * pause" counts "controlvm boinc_x pause"). */
static unsigned count_calls(const struct scenario_calls *cc, const char *pattern)
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

/* An expected exit code or delay: a number, or a name of the one table in
 * src (vbw_exit_code_by_name, vbw_task_delay_by_name). False for a word
 * that is neither: the check then fails. */
static bool expected_value(const char *word, bool (*by_name)(const char *, int *), int *value)
{
    char *end = NULL;
    long n = strtol(word, &end, 10);
    if (end != word && *end == '\0') {
        *value = (int)n;
        return true;
    }
    return by_name(word, value);
}

int scenario_verify(const struct scenario *sc, const struct scenario_seen *seen)
{
    const char *slot = seen->slot, *err_text = seen->err_text;
    struct vbw_fake_hv *hv = seen->hv;
    struct scenario_calls *calls = seen->calls;
    struct vbw_client *c = seen->client;
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
        int expected = 0;
        if (strcmp(k, "finish") == 0)
            check(expected_value(a, vbw_exit_code_by_name, &expected) && r->finished &&
                      r->exit_code == expected,
                  what, &failures);
        else if (strcmp(k, "temporary-exit") == 0)
            check(expected_value(a, vbw_task_delay_by_name, &expected) && r->temp_exited &&
                      r->delay == expected,
                  what, &failures);
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
        } else if (strcmp(k, "vm") == 0 && calls)
            /* The transcript decides; what the task asked for must agree. */
            check((calls->removed_ok == 0) == (strcmp(a, "registered") == 0), what, &failures);
        else if (strcmp(k, "vm") == 0)
            check((vbw_fake_hv_find(hv, seen->vm) != NULL) == (strcmp(a, "registered") == 0), what,
                  &failures);
        else if (strcmp(k, "replay-complete") == 0) {
            bool ok = seen->replay && vbw_cmd_replay_finish(seen->replay) == 0;
            if (!ok && seen->replay)
                printf("       %s\n", vbw_error_last()->message);
            check(ok, what, &failures);
        } else if (strcmp(k, "vbox-calls") == 0)
            check(calls && calls->calls == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "count-calls") == 0) {
            /* count-calls N words... */
            int want = -1, used2 = 0;
            sscanf(rest, "%d %n", &want, &used2);
            check(calls && count_calls(calls, rest + used2) == (unsigned)want, what, &failures);
        } else if (strcmp(k, "calls-through-start-max") == 0 && calls)
            check(calls->through_start && calls->through_start <= (unsigned)atoi(a), what,
                  &failures);
        else if (strcmp(k, "calls-through-start-max") == 0)
            check(hv->calls_through_start <= (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "count") == 0 && calls) {
            check(false, "count (model check) in a transcript scenario: use count-calls",
                  &failures);
        } else if (strcmp(k, "count") == 0) {
            char op[64];
            int want = -1;
            sscanf(rest, "%63s %d", op, &want);
            check(vbw_fake_hv_count(hv, op) == (unsigned)want, what, &failures);
        } else if (strcmp(k, "end-before") == 0)
            check(r->end_time < atof(a), what, &failures);
        else if (strcmp(k, "checkpoints") == 0)
            check(r->checkpoints == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "fraction-done") == 0)
            check(r->fraction_done > atof(a) - 1e-9 && r->fraction_done < atof(a) + 1e-9, what,
                  &failures);
        else if (strcmp(k, "trickles") == 0)
            check(r->trickles == (unsigned)atoi(a), what, &failures);
        else if (strcmp(k, "cpu-cap") == 0 && calls)
            check(false, "cpu-cap (model check) in a transcript scenario: use count-calls",
                  &failures);
        else if (strcmp(k, "cpu-cap") == 0)
            check(hv->last_cpu_cap == atoi(a), what, &failures);
        else if (strcmp(k, "web-url") == 0)
            check(strcmp(r->web_graphics_url, a) == 0, what, &failures);
        else if (strcmp(k, "remote-desktop") == 0)
            check(strncmp(r->remote_desktop_addr, "localhost:", 10) == 0 &&
                      atoi(r->remote_desktop_addr + 10) > 0,
                  what, &failures);
        else if (strcmp(k, "reported-pid") == 0)
            check(r->other_pid == atoi(a), what, &failures);
        else
            check(false, what, &failures); /* unknown check: fail, never skip */
    }
    return failures;
}
