/*
 * vbw_fake_hv.h - the one in-memory hypervisor of the unit tests and of the
 * scenario runner's model mode: a struct vbw_hv (vbw_hv.h) whose VMs live
 * in memory, with fault knobs, and which counts how it was used (libvirt's
 * test driver, libgit2's fake backends).
 *
 * What it models, as VirtualBox does it: several VMs by name or UUID, each
 * with a state the power operations change (and refuse in the wrong state),
 * media, shared folders and snapshots; a VM log per VM (<base>/<vm>/Logs,
 * vm_files' layout) whose state lines log_poll delivers; guest control
 * answered from settings. Its failures carry a VirtualBox trailer and the
 * class the VBoxManage backend gives them.
 *
 * What it does not: start a process, check what VirtualBox checks beyond
 * names and states, list or inspect registered media (medium_list,
 * medium_info and vm_start_failure are absent, as the interface allows).
 *
 * Fault knobs: vbw_fake_hv_fail() makes an operation fail, after some
 * calls, for some calls, with an error class; the start knobs say how a
 * started VM comes online (or not); the guest knobs what a guest does.
 */
#ifndef VBW_FAKE_HV_H
#define VBW_FAKE_HV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vbw/vbw_client.h"
#include "vbw/vbw_hv.h"

#define VBW_FAKE_MAX_VMS       8
#define VBW_FAKE_MAX_SNAPSHOTS 8
#define VBW_FAKE_MAX_MEDIA     8
#define VBW_FAKE_MAX_FOLDERS   4
#define VBW_FAKE_MAX_FAULTS    4
#define VBW_FAKE_MAX_OPS       48

/* An attachment: a medium on a controller's port; path "" once detached. */
struct vbw_fake_medium {
    enum vbw_hv_medium_kind kind;
    char controller[32];
    int port, device;
    char path[256];
};

struct vbw_fake_vm {
    char name[64];
    char uuid[40];
    bool registered; /* false once unregistered (the record stays for tests) */
    enum vbw_vm_state state;
    char cfg_file[256]; /* "" when unknown */
    char description[256];
    struct vbw_fake_medium media[VBW_FAKE_MAX_MEDIA];
    int n_media;
    char folders[VBW_FAKE_MAX_FOLDERS][32]; /* shared folder names */
    int n_folders;
    struct vbw_fake_snapshot {
        char name[64];
        char uuid[40]; /* 00000000-0000-0000-0000-<how many the VM had taken> */
    } snapshots[VBW_FAKE_MAX_SNAPSHOTS];
    int n_snapshots;
    int current_snapshot; /* index, -1 none */
    int snapshots_taken;
    /* Polls of vm_info before a started VM reports running (when its log
     * has not said so first). */
    int start_delay_polls;
    /* The guest's liveness property: polls before it has a value (-1
     * never), then polls while it has one before the VM powers off (-1
     * never). */
    int alive_after_polls;
    int alive_polls_left;
    /* Its VM log: what the next log_poll delivers. */
    struct {
        bool pending;             /* a state line not read yet */
        enum vbw_vm_state state;  /* ... saying this */
        bool start_failed;        /* the VM process died at start (start knobs) */
        bool guest_out_of_memory; /* a Guest Log line said so */
        int pid_polls_left;       /* polls until the pid line appears */
    } log;
};

/* The last vm_create's spec, copied (the caller's strings are its own). */
struct vbw_fake_created {
    char name[64], description[256], folder[256], os[64];
    char disk[256];   /* the first attachment's path, "" none */
    char shared[256]; /* the first shared folder's host path, "" none */
    char media[2048]; /* "KIND:PORT:PATH " for each attachment (hdd, dvd, floppy) */
    int memory_mb, cpus;
    size_t n_attachments;
};

/* One fault (vbw_fake_hv_fail). */
struct vbw_fake_fault {
    char op[32];              /* an ops table name, or one with its detail */
    unsigned skip;            /* calls that succeed first */
    int remaining;            /* failing calls left; -1 every call */
    int rc;                   /* vbw_error_code */
    uint32_t hresult;         /* != 0: a VirtualBox trailer with it */
    const char *hresult_name; /* the trailer's name (NULL: "0x%08x") */
    enum vbw_error_class error_class;
    const char *text; /* the message (NULL: "fake failure of OP") */
};

struct vbw_fake_hv {
    struct vbw_hv base;
    struct vbw_fake_vm vms[VBW_FAKE_MAX_VMS];
    int n_vms;

    /* ---- settings ---- */
    struct vbw_hv_host_info host; /* what detect answers (strings borrowed) */
    unsigned caps;
    bool no_remote_desktop; /* the extension pack with VRDP is missing */
    /* How a started VM comes online: its log says "running" at the next
     * poll and names pid start.pid (pid_after_polls polls later: a slow
     * VBox.log), unless never_online (it stays starting) or failure (the
     * VM process died at once; the log says why, classed as failure_class,
     * hwvirt/oom telling which kind). */
    struct {
        bool never_online;
        int pid;
        int pid_after_polls;
        char failure[256];
        bool hwvirt, oom;
        enum vbw_error_class failure_class;
    } start;
    /* The guest's log port: each log_poll of a running VM delivers
     * guest_lines_per_poll copies of guest_line. */
    const char *guest_line;
    unsigned guest_lines_per_poll;
    unsigned guest_lines_sent;
    /* What guest_run answers (strings borrowed, copied into the result). */
    struct vbw_hv_guest_result guest_result;
    struct vbw_fake_fault fail[VBW_FAKE_MAX_FAULTS];
    /* Optional: the fake client whose clock times the calls. */
    struct vbw_client *clock;
    bool echo; /* print each call as it happens (vbw-scenario) */

    /* ---- what was asked ---- */
    unsigned calls;               /* every op but log_poll, caps, vm_files, log_tails */
    unsigned calls_through_start; /* calls up to the first vm_start, 0 before it */
    unsigned log_polls;
    char log[16384]; /* "op op ..." (cut when full; counts stay exact) */
    struct {
        char op[32];     /* the ops table's name */
        char detail[12]; /* "up", "dvd", ... or "" */
        unsigned n;
    } counts[VBW_FAKE_MAX_OPS];
    struct vbw_fake_created created;
    char media_closed[2048]; /* "close|delete:PATH " for each medium_close */
    char last_snapshot[64];
    int last_cpu_cap;
    int link_changes;
    bool link_up;
    bool last_unregister_deleted;
    double pause_time, resume_time; /* on the clock, of the first pause / resume */
    /* The last guest_run's command and the last copy's paths, copied. */
    char last_exe[128], last_args[256], last_env[256], last_user[64], last_cwd[128];
    int last_timeout_ms;
    char last_copy_host[256], last_copy_guest[256];
    bool last_copy_to;
};

/* What the fake's vm_screenshot writes: a PNG signature and a few bytes. */
extern const unsigned char vbw_fake_hv_png[12];

/* A fresh fake (VirtualBox 7.0.10 answering, host ready, no VM) in f. */
void vbw_fake_hv_init(struct vbw_fake_hv *f);
/* The same, allocated; release with vbw_fake_hv_free. */
struct vbw_fake_hv *vbw_fake_hv_new(void);
void vbw_fake_hv_free(struct vbw_fake_hv *f);

/* Registers a VM (UUID 11111111-2222-3333-4444-<its number>) in state,
 * with nothing attached; NULL when the fake is full. */
struct vbw_fake_vm *vbw_fake_hv_add_vm(struct vbw_fake_hv *f, const char *name,
                                       enum vbw_vm_state state);
/* The registered VM by name or UUID, or NULL. */
struct vbw_fake_vm *vbw_fake_hv_find(struct vbw_fake_hv *f, const char *name_or_uuid);
/* Attaches a hard disk at controller's port (device 0). */
void vbw_fake_vm_attach(struct vbw_fake_vm *v, const char *controller, int port, const char *path);
/* Adds a snapshot to v's chain, which becomes the current one; -1 when full. */
int vbw_fake_vm_add_snapshot(struct vbw_fake_vm *v, const char *name);
/* Gives v whatever a job can give a VM: n_media disks in its own folder
 * (cfg_file's) and the shared, project and scratch folders. */
void vbw_fake_vm_complete(struct vbw_fake_vm *v, int n_media);

/* op fails with rc (a VirtualBox trailer when hresult != 0), classed as
 * error_class, for n calls (-1: every call) after skip calls that succeed.
 * Returns the fault (to set its text), NULL when all are taken. A call to
 * an unknown VM fails as VirtualBox fails it, before any fault. */
struct vbw_fake_fault *vbw_fake_hv_fail(struct vbw_fake_hv *f, const char *op, unsigned skip, int n,
                                        int rc, uint32_t hresult, enum vbw_error_class error_class);
/* The same with the trailer's name ("VBOX_E_IPRT_ERROR") and message. */
struct vbw_fake_fault *vbw_fake_hv_fail_vbox(struct vbw_fake_hv *f, const char *op, int n,
                                             const char *name, uint32_t hresult, const char *text);

/* The guest (or VirtualBox) changes VM vm's state: its log says so and the
 * state is taken at the next log_poll. */
void vbw_fake_hv_guest_state(struct vbw_fake_hv *f, const char *vm, enum vbw_vm_state state);
/* The guest logs that it ran out of memory (every later log_poll sees it). */
void vbw_fake_hv_guest_out_of_memory(struct vbw_fake_hv *f, const char *vm);

/* How many times op was called. Operations whose log name carries a detail
 * ("vm_set_link_up", "medium_close_dvd") count under it and under the
 * operation's own name. */
unsigned vbw_fake_hv_count(const struct vbw_fake_hv *f, const char *op);

#endif
