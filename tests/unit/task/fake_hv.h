/* fake_hv.h - a struct vbw_hv whose ops record each call and answer from
 * per-test settings (libgit2's fake backend idea: count how the core used it). */
#ifndef VBW_TEST_FAKE_HV_H
#define VBW_TEST_FAKE_HV_H

#include <stdbool.h>
#include <stdint.h>

#include "vbw/vbw_client.h"
#include "vbw/vbw_hv.h"

/* What the fake's vm_screenshot writes. */
extern const unsigned char fake_hv_png[12];

struct fake_hv {
    struct vbw_hv base;
    /* settings */
    struct vbw_hv_version version;
    bool version_refused;
    bool host_ready;
    bool registered;
    bool incomplete;
    const char *guest_additions_iso; /* what detect reports as the host's ISO */
    int storage_count;               /* media a complete VM reports (0: four) */
    bool no_remote_desktop;
    /* the extension pack with VRDP is missing */ /* registered but cut short while created: no
                                                     media, no folders */
    enum vbw_vm_state state;
    bool start_goes_online; /* default true: log shows Running after startvm */
    int start_pid;
    int pid_after_polls; /* the log names the pid only this many polls after Running (slow VBox.log)
                          */
    int pid_polls_left;
    char start_failure[256]; /* VERR_* the log shows instead of Running */
    bool start_hwvirt, start_oom;
    enum vbw_error_class start_class; /* what start_failure means */
    struct {
        char op[32];
        int remaining;
        int rc;
        uint32_t hr;
        enum vbw_error_class error_class;
    } fail[4];
    const char *fail_text; /* the failure's message when set (else "fake failure of OP") */
    /* log events waiting for the next log_poll */
    bool pending_change;
    enum vbw_vm_state pending_state;
    bool pending_guest_oom;
    /* the guest's log port: each log_poll delivers guest_lines_per_poll
     * copies of guest_line (from "Guest Log:" on) while the VM runs */
    const char *guest_line;
    unsigned guest_lines_per_poll;
    unsigned guest_lines_sent;
    /* what the core did */
    unsigned calls; /* every op except log_poll and caps */
    unsigned log_polls;
    char log[16384];          /* "op op op ..." */
    char created_media[2048]; /* the last vm_create's "KIND:PORT:PATH " each */
    char media_closed[2048];  /* "close|delete:PATH " for each medium_close */
    unsigned snapshots;       /* snapshots that exist */
    char last_snapshot[64];
    int last_cpu_cap;
    int link_changes;
    bool link_up;
    /* optional clock: the fake client, to time the calls */
    struct vbw_client *clock;
    double pause_time, resume_time; /* of the first pause / resume */
    bool echo;                      /* print each call as it happens (vbw-scenario) */
};

struct fake_hv *fake_hv_new(void);
void fake_hv_free(struct fake_hv *h);
/* op fails n times with rc (and a VirtualBox hresult when hr != 0), classed
 * as error_class. */
void fake_hv_fail(struct fake_hv *h, const char *op, int n, int rc, uint32_t hr,
                  enum vbw_error_class error_class);
/* The guest (or VirtualBox) changes the VM state; the next log_poll sees it. */
void fake_hv_guest_state(struct fake_hv *h, enum vbw_vm_state s);
/* How many times op was called. */
unsigned fake_hv_count(const struct fake_hv *h, const char *op);
/* Calls made before the first vm_start (inclusive). */
unsigned fake_hv_calls_through_start(const struct fake_hv *h);

#endif
