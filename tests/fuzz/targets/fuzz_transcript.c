/* fuzz_transcript.c - the transcript parser and replay matching on any text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vbw/vbw_transcript.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct vbw_transcript t;
    if (vbw_transcript_parse((const char *)data, size, "fuzz", &t) != 0)
        return 0;
    /* Replay one call per step with the step's own arguments. */
    const char *const vars[] = {"VM=boinc_fuzz", "SLOT=/slot", NULL};
    struct vbw_replay_pos pos = {0, 0, 0};
    for (size_t i = 0; i < t.n_steps && i < 64; i++) {
        struct vbw_cmd_result r;
        bool hang;
        size_t answered;
        if (vbw_transcript_answer(&t, &pos, vars, (const char *const *)t.steps[i].args, &r, &hang,
                                  &answered) == 0)
            vbw_cmd_result_clear(&r);
    }
    vbw_transcript_check_done(&t, &pos);
    vbw_transcript_clear(&t);
    return 0;
}
