/*
 * vbw_client.h - the BOINC client, as the task sees it.
 *
 * A small table of operations; the real one (src/client/vbw_client_boinc.c
 * plus one C++ file for the API calls that have no C linkage) talks to the
 * BOINC client through libboinc_api; the fake one (src/client/
 * vbw_client_fake.c) is driven by scenario scripts and a fake clock.
 * Time is part of the client: the task never calls time() or sleep() itself,
 * so scenario tests run days of a task in milliseconds.
 */
#ifndef VBW_CLIENT_H
#define VBW_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

struct vbw_client_status {
    bool suspended;
    bool quit_request;
    bool abort_request;
    bool no_heartbeat;
    bool network_suspended;
    bool reread_init_data; /* preferences changed: re-read cpu cap, bandwidth */
};

struct vbw_client_report {
    double cpu_time; /* seconds, the VM process tree's */
    double checkpoint_cpu_time;
    double fraction_done; /* 0..1 */
    int other_pid;        /* the VM process, so the client counts and can kill it */
    double bytes_sent, bytes_received;
};

struct vbw_client;

/* A request the client cannot take yet; try again later. */
#define VBW_CLIENT_BUSY 1

struct vbw_client_ops {
    const char *name;
    void (*get_status)(struct vbw_client *c, struct vbw_client_status *out);
    void (*report)(struct vbw_client *c, const struct vbw_client_report *r);
    bool (*time_to_checkpoint)(struct vbw_client *c);
    void (*checkpoint_completed)(struct vbw_client *c);
    /* 0 sent, VBW_CLIENT_BUSY when the client has not yet taken the last
     * one (BOINC has a single trickle_up.xml: a second write would replace
     * it), negative failed. */
    int (*trickle_up)(struct vbw_client *c, const char *variety, const char *text);
    int (*upload_file)(struct vbw_client *c, const char *name);
    /* 0 done, 1 pending, negative failed */
    int (*upload_status)(struct vbw_client *c, const char *name);
    void (*web_graphics_url)(struct vbw_client *c, const char *url);
    void (*remote_desktop_addr)(struct vbw_client *c, const char *addr);
    /* Re-reads init_data.xml-derived preferences (cpu limit, bandwidth). */
    void (*get_prefs)(struct vbw_client *c, double *cpu_usage_limit, double *max_bytes_sec_down,
                      double *max_bytes_sec_up);
    /* Clock: seconds since an arbitrary epoch, and a sleep that may return
     * early (the real one retries across the API's SIGALRM). */
    double (*now)(struct vbw_client *c);
    void (*sleep)(struct vbw_client *c, double seconds);
    /* Writes the temporary-exit file the client reads after the process
     * ends (delay, reason, "notice"), atomically: 0, or an error when it
     * cannot be written (a full slot) and nothing was left. The task calls
     * it before it lets a temporary exit end the task. */
    int (*record_temporary_exit)(struct vbw_client *c, int delay, const char *reason,
                                 bool is_notice);
    /* --sporadic: the client's and the app's sporadic states go through the
     * files "ca" and "ac" in dir (the guest's view), as boinc_sporadic_dir()
     * of the BOINC 8 API keeps them. 0, or an error (VBW_ERR_UNSUPPORTED
     * when the linked API has no sporadic support). */
    int (*sporadic_dir)(struct vbw_client *c, const char *dir);
    /* Ends the process in the real client (boinc_finish / boinc_temporary_exit);
     * the fake records the outcome and returns. */
    void (*finish)(struct vbw_client *c, int code, const char *message, bool is_notice);
    void (*temporary_exit)(struct vbw_client *c, int delay, const char *reason, bool is_notice);
    void (*free)(struct vbw_client *c);
};

struct vbw_client {
    const struct vbw_client_ops *ops;
};

void vbw_client_free(struct vbw_client *c);

/* The real client: boinc_init_options with main_program, check_heartbeat and
 * handle_process_control set, direct_process_action and send_status_msgs
 * clear. */
int vbw_client_boinc_new(struct vbw_client **out);

/* NULL when the linked BOINC API passes the client's network suspension on
 * (BOINC_STATUS.network_suspended), else that API's version: before 8.2.14
 * it read a tag the client never sends ("suspend_network" for the client's
 * <network_suspended/>), so the flag never changes. */
const char *vbw_client_boinc_network_suspend_unseen(void);

#endif
