/*
 * vbw_scenario_matrix.c - the fault matrix (tests/reliability, issue 8):
 * a transcript scenario run once clean, then once for every (call, fault)
 * cell, each fault injected by the replay backend at that call; a cell
 * breaks when the task hangs, damages its checkpoint or leaves a VM.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vbw_scenario.h"

/* Each fault the matrix tries at every call: the label printed, and the
 * replay fault (vbw_transcript.h) that stands for it. */
static const struct {
    const char *label, *kind;
    int count;
    const char *name;
} matrix_faults[] = {
    {"lock", "lock", 1, NULL},
    {"lock5", "lock", 5, NULL},
    {"svc", "svc", 1, "NS_ERROR_ABORT"},
    {"svcwin", "svc", 1, "CO_E_SERVER_EXEC_FAILURE"},
    {"rpc", "svc", 1, "RPC_S_SERVER_UNAVAILABLE"},
    {"notrdy", "error", 1, "E_ACCESSDENIED"},
    {"denied", "error", 1, "E_FAIL"},
    {"hang", "hang", 1, NULL},
    {"exit0", "exit0error", 1, NULL},
    {"empty", "empty", 1, NULL},
    {"junk", "garbage", 1, NULL},
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

int scenario_run_matrix(const char *path)
{
    struct scenario sc;
    if (scenario_read(path, &sc))
        return 2;
    if (!sc.transcript) {
        fprintf(stderr, "%s: the fault matrix needs a <transcript> scenario\n", path);
        scenario_free(&sc);
        return 2;
    }
    bool was_verbose = scenario_verbose;
    scenario_verbose = false;
    struct scenario_once clean;
    int rc = scenario_transcript_once(path, &sc, NULL, &clean);
    if (rc || !clean.ran) {
        printf("%s: the clean run fails; no matrix\n", path);
        vbw_buf_clear(&clean.call_log);
        scenario_free(&sc);
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
            struct scenario_once r;
            scenario_transcript_once(path, &sc, spec, &r);
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
    scenario_verbose = was_verbose;
    vbw_buf_clear(&clean.call_log);
    scenario_free(&sc);
    if (!cases)
        printf("no fault selected (VBW_MATRIX_FAULTS=%s): nothing was tried\n",
               getenv("VBW_MATRIX_FAULTS"));
    return broken || !cases ? 1 : 0;
}
