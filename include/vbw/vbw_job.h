/*
 * vbw_job.h - the task's configuration: vbox_job.xml, the command line and
 * init_data.xml, read with upstream vboxwrapper's types and defaults
 * (BOINC samples/vboxwrapper/vboxjob.cpp), plus the values derived from them.
 *
 * Parsing lives in src/job/. Every string here is malloc'd and owned by the
 * struct; vbw_job_clear() / vbw_init_data_clear() release them.
 */
#ifndef VBW_JOB_H
#define VBW_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vbw/vbw_hv.h"

/* Upstream's exit codes (BOINC lib/error_numbers.h and vboxwrapper), by
 * BOINC's names: X(CONSTANT, BOINC_NAME, value, ...). The one table of
 * them: the VBW_EXIT_* constants and vbw_exit_code_by_name (a scenario
 * file's `finish ERR_EXEC`) are made from it. */
/* clang-format off */
#define VBW_EXIT_CODE_TABLE(X)                                                  \
    X(ABORTED_BY_CLIENT,   EXIT_ABORTED_BY_CLIENT,   194)                       \
    X(TIME_LIMIT_EXCEEDED, EXIT_TIME_LIMIT_EXCEEDED, 197)                       \
    X(OUT_OF_MEMORY,       EXIT_OUT_OF_MEMORY,       205)                       \
    X(INIT_FAILURE,        EXIT_INIT_FAILURE,        206)                       \
    /* upstream: the FloppyIO image cannot be written */                       \
    X(ERR_FWRITE,          ERR_FWRITE,               -105)                      \
    /* upstream: vbox_job.xml cannot be opened */                              \
    X(ERR_FOPEN,           ERR_FOPEN,                -108)                      \
    /* upstream: vbox_job.xml is not a valid job */                            \
    X(ERR_XML_PARSE,       ERR_XML_PARSE,            -112)                      \
    /* upstream: the VM needs hardware acceleration it cannot have */          \
    X(ERR_EXEC,            ERR_EXEC,                 -148)                      \
    /* upstream: the heartbeat file is missing */                              \
    X(ERR_FILE_MISSING,    ERR_FILE_MISSING,         -163)                      \
    /* upstream: the heartbeat stopped */                                      \
    X(ERR_TIMEOUT,         ERR_TIMEOUT,              -182)
/* clang-format on */

#define VBW_EXIT_CODE_CONSTANT(constant, boinc_name, value) VBW_EXIT_##constant = (value),
enum vbw_exit_code { VBW_EXIT_SUCCESS = 0, VBW_EXIT_CODE_TABLE(VBW_EXIT_CODE_CONSTANT) };

/* The exit code BOINC names name (EXIT_INIT_FAILURE, ERR_EXEC: the table
 * above) into *code; false for a name the table does not hold. */
bool vbw_exit_code_by_name(const char *name, int *code);

struct vbw_port_forward_spec {
    int host_port; /* 0: pick a free one */
    int guest_port;
    bool is_remote;
    int nports; /* already expanded: each entry is one pair */
};

struct vbw_intermediate_upload {
    char *file;
    bool reported;
    bool ignore;
};

struct vbw_job {
    /* vbox_job.xml, as upstream names them */
    char *os_name;
    char *vm_disk_controller_type;     /* default "sata" */
    char *vm_disk_controller_model;    /* default "IntelAHCI" */
    char *vm_graphics_controller_type; /* parsed by us (upstream declares, never parses) */
    double vram_size_mb;               /* default 16, clamped 16..128 */
    double memory_size_mb;             /* below 512 raised to 512 (when set) */
    bool enable_cern_dataformat;
    bool enable_isocontextualization;
    bool enable_cache_disk;
    bool boot_iso;
    char *vm_network_driver;
    bool enable_network;
    bool network_bridged_mode;
    bool enable_nat_dns_host_resolver;
    bool enable_shared_directory;
    bool enable_scratch_directory;
    bool share_slot_dir;
    bool share_project_dir;
    bool enable_floppyio;
    bool enable_remotedesktop;
    bool enable_graphics_support;
    bool enable_screenshots_on_error;
    bool enable_vm_savestate_usage;
    bool disable_automatic_checkpoints;
    double job_duration;
    char *fraction_done_filename;
    char *heartbeat_filename;
    double minimum_heartbeat_interval; /* default 600 */
    int pf_guest_port;
    int pf_host_port;
    struct vbw_port_forward_spec *port_forwards;
    size_t n_port_forwards;
    double minimum_checkpoint_interval; /* default 600 */
    char **copy_to_shared;
    size_t n_copy_to_shared;
    bool copy_cmdline_to_shared;
    char **trickle_trigger_files;
    size_t n_trickle_trigger_files;
    struct vbw_intermediate_upload *intermediate_uploads;
    size_t n_intermediate_uploads;
    char *completion_trigger_file;
    char *temporary_exit_trigger_file;
    char *multiattach_vdi_file;
};

/* The command line (upstream options plus --help / --version). */
struct vbw_cmdline {
    double trickle_period; /* --trickle X, 0 = off */
    int nthreads;          /* --nthreads N (ceil, max 32), 0 = unset */
    double memory_size_mb; /* --memory_size_mb X, 0 = unset */
    int vmimage;           /* --vmimage N, -1 = unset */
    bool register_only;
    bool sporadic;
    bool help;
    bool version;
    char *raw; /* the whole command line, for shared/cmdline */
};

/* What the client wrote in init_data.xml; standalone when absent. */
struct vbw_init_data {
    bool present; /* false: standalone mode */
    char *result_name;
    int slot;
    char *project_dir;
    char *boinc_dir;
    char *wu_name;
    double ncpus;
    char *p_features; /* host_info/p_features */
    bool vm_extensions_disabled;
    bool vbox_window;
    bool using_sandbox;
    double checkpoint_period;
    double cpu_usage_limit; /* global prefs, percent */
    double max_bytes_sec_down, max_bytes_sec_up;
    double daily_xfer_limit_mb;
    int userid, hostid, teamid;
    char *user_name, *team_name, *authenticator;
    double user_total_credit, user_expavg_credit, host_total_credit, host_expavg_credit;
    double rsc_memory_bound, rsc_fpops_est;
};

/* Everything the task needs, derived once. */
struct vbw_job_derived {
    char *vm_name; /* boinc_<16 hex of md5(result)> or boinc_standalone */
    char *vm_description;
    int cpus;
    double memory_mb;
    char *image_name;      /* vm_image.vdi or vm_image_N.vdi */
    char *iso_name;        /* vm_isocontext.iso */
    char *cache_disk_name; /* vm_cache.vdi */
    char *floppy_name;     /* vm_floppy.img */
    char *shared_dir;      /* "shared", ".", or NULL: no trigger files */
};

void vbw_job_init(struct vbw_job *job); /* upstream defaults */
void vbw_job_clear(struct vbw_job *job);
void vbw_cmdline_clear(struct vbw_cmdline *cl);
void vbw_init_data_clear(struct vbw_init_data *d);
void vbw_job_derived_clear(struct vbw_job_derived *d);

/* Warnings (unknown elements, ...) go to this callback, one line each. */
typedef void (*vbw_job_warn_fn)(const char *line, void *opaque);

/* Parses a vbox_job.xml file. On error returns a negative vbw code with a
 * one-line message naming the element; *exit_code is the upstream exit code
 * (206) to use. */
int vbw_job_parse_file(const char *path, struct vbw_job *job, vbw_job_warn_fn warn, void *opaque,
                       int *exit_code);
int vbw_job_parse_buffer(const char *buf, size_t len, struct vbw_job *job, vbw_job_warn_fn warn,
                         void *opaque, int *exit_code);
/* The same, reading the XML as vboxwrapper must: a job file upstream's
 * lenient XML_PARSER runs runs here too. Its mistakes that upstream reads
 * past (an end tag naming another element: that element's value is
 * ignored, as upstream ignores it; text after </vbox_job>) are warnings, the
 * first a "WARNING: ..." line with the XML error; any other XML mistake is
 * the same error as the strict functions'. `vbw job check` stays strict. */
int vbw_job_parse_file_tolerant(const char *path, struct vbw_job *job, vbw_job_warn_fn warn,
                                void *opaque, int *exit_code);
int vbw_job_parse_buffer_tolerant(const char *buf, size_t len, struct vbw_job *job,
                                  vbw_job_warn_fn warn, void *opaque, int *exit_code);
int vbw_cmdline_parse(int argc, char **argv, struct vbw_cmdline *cl, int *exit_code);
int vbw_init_data_parse_file(const char *path, struct vbw_init_data *d);
int vbw_job_derive(const struct vbw_job *job, const struct vbw_cmdline *cl,
                   const struct vbw_init_data *d, struct vbw_job_derived *out);

/* ---- additions (src/job) ---------------------------------------------------
 * vbw_job_parse_file/_buffer expect a job set up by vbw_job_init(); on error
 * the job may be partly filled and the caller still calls vbw_job_clear().
 * Every error sets *exit_code = VBW_EXIT_INIT_FAILURE (206).
 * vbw_cmdline_parse resets *cl first (vmimage -1 = unset); its error message
 * ends with the usage line. vbw_init_data_parse_file: a missing file is not
 * an error (d->present = false, standalone); a malformed one is (present
 * stays false). vbw_job_derive fills *out, owned by it, released with
 * vbw_job_derived_clear(); cl and d may be NULL (no options, standalone). */

/* The physical file behind a slot's logical name, as BOINC's
 * boinc_resolve_filename_s(): a symbolic link or a missing or ordinary
 * file is its own name; a "soft link" file (first line
 * "<soft_link>PATH</soft_link>", which the client writes in slots) gives
 * PATH. *physical is malloc'd; caller frees. Fails only out of memory. */
int vbw_job_resolve_filename(const char *logical, char **physical);

/* FloppyIO (src/job/vbw_job_floppy.c): the image upstream's FloppyIO class
 * writes, 28672 bytes; the text goes in its first half, at most 14334 bytes
 * of it, and byte 28670 says "data placed". */
#define VBW_FLOPPY_SIZE     28672
#define VBW_FLOPPY_TEXT_MAX (VBW_FLOPPY_SIZE / 2 - 2)
/* The text for the guest: the init_data.xml file as it is, or with
 * <enable_cern_dataformat/> the BOINC_USERNAME=... lines. *out is malloc'd.
 * An unreadable init_data.xml gives "" and a warning, as upstream. */
int vbw_floppy_text(const struct vbw_job *job, const struct vbw_init_data *d,
                    const char *init_data_path, char **out);
/* Fills image (VBW_FLOPPY_SIZE bytes) with text; pure. Returns 0. */
int vbw_floppy_image(const char *text, unsigned char image[VBW_FLOPPY_SIZE]);
/* Writes the image for text to path, atomically. */
int vbw_floppy_write(const char *path, const char *text);

/* One-line usage text of the wrapper's command line (static storage). */
const char *vbw_cmdline_usage(void);

/* Prints the effective configuration of a parsed job (every vbox_job.xml
 * element, expanded port forwards, lists) one "name = value" per line, for
 * `vbw job check FILE`. Returns 0, or VBW_ERR_IO when writing fails. */
int vbw_job_report(FILE *out, const struct vbw_job *job);

/* As vbw_job_report for the derived values (vm_name, cpus, memory_mb, ...),
 * prefixed "derived.". */
int vbw_job_report_derived(FILE *out, const struct vbw_job_derived *d);

/* MD5 of data as 32 lowercase hex digits plus NUL in hex_out (the VM
 * name's hash; the screenshot's signature in stderr.txt, as upstream). */
void vbw_job_md5_hex(const void *data, size_t len, char hex_out[33]);

/* ---- the VM a job describes (src/job/vbw_job_vm.c) -------------------------
 * One definition for the wrapper's create step and `vbw create --job`. */

/* Whether the VM gets hardware acceleration on this host: off when the
 * client says the extensions are disabled or the CPU flags lack vmx/svm,
 * or under another hypervisor unless nested_ok (VirtualBox 7.2 and later);
 * standalone (no init_data), VirtualBox decides: true. */
bool vbw_job_host_hwvirt(const struct vbw_init_data *id, bool nested_ok);
bool vbw_job_guest_is_64bit(const struct vbw_job *job);

/* Where the VM's files are (absolute) and what it gets attached and shared:
 * vbw_job_vm_plan fills it; the spec points into it. */
struct vbw_job_vm {
    char project_dir[4096]; /* <project_dir>, or <slot>/project standalone */
    char shared_dir[4096];  /* the guest's shared folder, "" without one */
    char parent[4096];      /* <project_dir>/<multiattach_vdi_file>, or "" */
    char image[4200], iso[4200], cache[4200], floppy[4200], scratch[4200];
    char guest_additions[4096]; /* the host's Guest Additions ISO, or "" */
    struct vbw_hv_attachment att[5];
    size_t n_att;
    struct vbw_hv_shared_folder sf[3];
    size_t n_sf;
    bool too_long; /* a path did not fit (the task checks lengths first) */
};
/* guest_additions_iso: the host's Guest Additions ISO (the hypervisor's
 * default, found by detect), which upstream attaches as a DVD to every VM
 * it creates; NULL or "" for none. */
void vbw_job_vm_plan(const struct vbw_job *job, const struct vbw_init_data *id,
                     const struct vbw_job_derived *d, const char *slot,
                     const char *guest_additions_iso, struct vbw_job_vm *vm);
/* The spec of that VM, pointing into vm, job and d: everything but what
 * only a running task knows (forwarded host ports, the remote desktop),
 * which the caller adds. */
void vbw_job_vm_spec(const struct vbw_job *job, const struct vbw_job_derived *d,
                     const struct vbw_job_vm *vm, const char *slot, bool hw,
                     struct vbw_hv_vm_spec *spec);

#endif
