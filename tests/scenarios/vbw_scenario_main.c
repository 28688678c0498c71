/*
 * vbw_scenario_main.c - runs scenario data files (tests/scenarios/data/,
 * curl's test-data style: one file holds the whole case; FORMAT.md) in
 * process: the real task, the fake client on a fake clock, and a VM side
 * that is either the model hypervisor (vbw_scenario_model.c) or the real
 * VBoxManage backend over a replayed transcript (vbw_scenario_transcript.c),
 * each in a fresh temporary slot; then checks <verify>.
 *
 * Built twice: as the ctest runner (quiet; one ctest per data file) and as
 * bin/vbw-scenario (prints the lifecycle as it goes: state changes, each
 * hypervisor call, client events, then the verdict).
 */
#include <stdio.h>
#include <string.h>

#include "vbw_scenario.h"

bool scenario_verbose;
struct vbw_client *scenario_client;

static int run_file(const char *path, const char *faults)
{
    struct scenario sc;
    int rc = scenario_read(path, &sc);
    if (rc)
        return rc;
    rc = sc.transcript ? scenario_run_transcript(path, &sc, faults) : scenario_run_model(path, &sc);
    scenario_free(&sc);
    return rc;
}

int main(int argc, char **argv)
{
    int first = 1;
    /* --faults SPEC: replay with these faults (vbw_transcript.h spec), to see
     * one cell of the fault matrix step by step; <verify> is not checked. */
    const char *faults = NULL;
    scenario_verbose = VBW_SCENARIO_VERBOSE;
    if (argc == 3 && strcmp(argv[1], "--matrix") == 0)
        return scenario_run_matrix(argv[2]);
    if (argc > 3 && strcmp(argv[1], "--faults") == 0) {
        faults = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc > 1 && strcmp(argv[1], "-v") == 0) {
        scenario_verbose = true;
        first = 2;
    } else if (argc > 1 && strcmp(argv[1], "-q") == 0) {
        scenario_verbose = false;
        first = 2;
    }
    if (argc <= first) {
        fprintf(stderr,
                "usage: %s [--faults SPEC] [-v|-q] SCENARIO-FILE...\n"
                "       %s --matrix SCENARIO-FILE\n",
                argv[0], argv[0]);
        return 2;
    }
    int rc = 0;
    for (int i = first; i < argc; i++)
        rc |= run_file(argv[i], faults);
    return rc;
}
