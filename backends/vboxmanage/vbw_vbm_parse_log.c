/*
 * vbw_vbm_parse_log.c - one line of a VM's VBox.log: the facts upstream
 * vboxwrapper looks for (vbox_common.cpp), read line by line so the backend
 * can follow the log without spawning VBoxManage.
 *
 * Lines look like "00:00:01.234567 Console: Machine state changed to
 * 'Running'" (Main ConsoleImpl.cpp i_setMachineState()),
 * "00:00:00.001234 Process ID: 4242" (VBoxLogRelCreate.cpp header), and
 * "... Guest Log: ..." for what the guest writes to its log port.
 * The guest chooses part of some lines' text, so state and pid lines are
 * matched whole and anchored at the logger's prefix (issue 20.1).
 */
#include <string.h>

#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"

/* The release logger's elapsed-time prefix, "HH:MM:SS.ffffff " (hours grow
 * past two digits on long runs). What VirtualBox itself writes starts after
 * it; text the guest supplies (Guest Log lines, the Guest Additions' own
 * name in their information report) only ever comes later in a line. */
#define TIME_PREFIX "[0-9]{2,}+:[0-9]{2}:[0-9]{2}\\.[0-9]++ "

enum logged_fact { FACT_STATE, FACT_PID };

/* Whole lines VirtualBox writes, each after the time prefix. */
static const struct logged_row {
    const char *pattern;
    enum logged_fact fact;
} logged_rows[] = {
    /* ConsoleImpl.cpp i_setMachineState(), the only writer of this line:
     * anchored and whole, so the same words inside guest text are not a
     * state change; the task still confirms a stop with the hypervisor,
     * since a guest able to put a newline into its text could forge a
     * whole line. Group 1: the state's name. */
    {"Console: Machine state changed to '([A-Za-z-]{1,31})'\\z", FACT_STATE},
    /* VBoxLogRelCreate.cpp's header, before the guest runs. Group 1. */
    {"Process ID: ([0-9]{1,9})\\z", FACT_PID},
};
static struct vbw_vbm_re logged_re =
    VBW_VBM_RE_TABLE("VBox.log line", "\\G" TIME_PREFIX, logged_rows, "");

/* VMMDev's lines echo what the Guest Additions report about themselves:
 * guest text, never a host failure. */
static struct vbw_vbm_re vmmdev_re =
    VBW_VBM_RE_ONE("VBox.log line", "\\G(?:" TIME_PREFIX ")?+", "VMMDev:", "");

enum scanned_fact { FACT_GUEST, FACT_HWVIRT, FACT_HOST_MEMORY };

/* Found anywhere in a line. */
static const struct scanned_row {
    const char *pattern;
    enum scanned_fact fact;
} scanned_rows[] = {
    /* What the guest wrote to its log port, from the tag on; group 1: its
     * report that the job ran out of memory (BOINC's EXIT_OUT_OF_MEMORY). */
    {"Guest Log:(?s:.*?(EXIT_OUT_OF_MEMORY))?", FACT_GUEST},
    /* VBox.log names many VERR_ codes in passing (config lookups); only the
     * families upstream treats as fatal are failures. */
    {"VERR_(?:VMX|SVM)_[A-Z0-9_]*+", FACT_HWVIRT},
    {"VERR_(?:EM_)?NO_MEMORY[A-Z0-9_]*+", FACT_HOST_MEMORY},
};
static struct vbw_vbm_re scanned_re = VBW_VBM_RE_TABLE("VBox.log line", "", scanned_rows, "");

/* stringifyMachineState() spellings, compared without case, that differ
 * from the --machinereadable ones vbw_vm_state_from_name() knows. */
static const struct {
    const char *name;
    enum vbw_vm_state state;
} log_state_names[] = {
    {"poweredoff", VBW_VM_POWEROFF},
    /* 6.1 logs Global::stringifyMachineState() ("GuruMeditation"); 7.0 logs
     * the generated ::stringifyMachineState() of StringifyEnums.h, the XIDL
     * enum names, so a guru meditation is "Stuck". */
    {"stuck", VBW_VM_GURU_MEDITATION},
    {"aborted-saved", VBW_VM_ABORTED_SAVED},
    {"abortedsaved", VBW_VM_ABORTED_SAVED},
    {"deletingsnapshotonline", VBW_VM_DELETING_SNAPSHOT},
    {"teleportingpausedvm", VBW_VM_TELEPORTING},
    {"teleportingin", VBW_VM_TELEPORTING},
};

static enum vbw_vm_state state_from_log_name(const char *p, size_t n)
{
    char lower[32];
    for (size_t i = 0; i < n; i++)
        lower[i] = (p[i] >= 'A' && p[i] <= 'Z') ? (char)(p[i] - 'A' + 'a') : p[i];
    lower[n] = '\0';
    for (size_t i = 0; i < sizeof log_state_names / sizeof log_state_names[0]; i++)
        if (!strcmp(lower, log_state_names[i].name))
            return log_state_names[i].state;
    return vbw_vm_state_from_name(lower);
}

/* Keeps the first failure token, truncated to the field. */
static void keep_failure(struct vbw_hv_log_events *ev, const char *p, size_t n)
{
    if (ev->failure[0])
        return;
    if (n > sizeof ev->failure - 1)
        n = sizeof ev->failure - 1;
    memcpy(ev->failure, p, n);
    ev->failure[n] = '\0';
}

/* A guest line: hands it to the caller; true when it reports the job out of
 * memory. Only the guest's own words count here. */
static bool guest_line(const struct vbw_vbm_match *m, size_t len, struct vbw_hv_log_events *ev)
{
    const char *oom;
    size_t oom_len;
    if (ev->guest_log)
        ev->guest_log(m->subject + m->start, len - m->start, ev->guest_log_opaque);
    if (!vbw_vbm_re_group(m, 1, &oom, &oom_len))
        return false;
    ev->guest_out_of_memory = true;
    return true;
}

/* The state or pid line. */
static bool logged_line(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    struct vbw_vbm_match m;
    const char *v;
    size_t n;
    if (vbw_vbm_re_match(&logged_re, line, len, 0, &m) <= 0)
        return false;
    vbw_vbm_re_group(&m, 1, &v, &n);
    if (logged_rows[m.row].fact == FACT_STATE) {
        ev->state = state_from_log_name(v, n);
        ev->state_changed = true;
        return true;
    }
    /* Only the first pid line of a log counts. */
    int pid = 0;
    for (size_t i = 0; i < n; i++)
        pid = pid * 10 + (v[i] - '0');
    if (ev->vm_pid != 0 || pid <= 0)
        return false;
    ev->vm_pid = pid;
    return true;
}

bool vbw_vbm_parse_log_line(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    if (!line || !ev)
        return false;
    struct vbw_vbm_match m;
    /* The first hit decides whether this is a guest line; a failure code
     * before "Guest Log:" is the guest's text all the same. */
    int found = vbw_vbm_re_match(&scanned_re, line, len, 0, &m);
    size_t first_failure = len;
    while (found > 0 && scanned_rows[m.row].fact != FACT_GUEST) {
        if (first_failure == len)
            first_failure = m.start;
        found = vbw_vbm_re_match(&scanned_re, line, len, m.start + 1, &m);
    }
    if (found > 0)
        return guest_line(&m, len, ev);
    bool meant = logged_line(line, len, ev);
    if (first_failure == len || vbw_vbm_re_match(&vmmdev_re, line, len, 0, &m) != 0)
        return meant;
    for (found = vbw_vbm_re_match(&scanned_re, line, len, first_failure, &m); found > 0;
         found = vbw_vbm_re_match(&scanned_re, line, len, m.start + 1, &m)) {
        if (scanned_rows[m.row].fact == FACT_HWVIRT)
            ev->hwvirt_failure = true;
        else
            ev->host_out_of_memory = true;
        keep_failure(ev, line + m.start, m.end - m.start);
        meant = true;
    }
    return meant;
}
