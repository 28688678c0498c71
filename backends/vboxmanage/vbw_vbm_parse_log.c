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

static const char *find(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

/* stringifyMachineState() spellings, lower-cased, that differ from the
 * --machinereadable ones vbw_vm_state_from_name() knows. 6.1 logs
 * Global::stringifyMachineState() ("GuruMeditation"); 7.0 logs the
 * generated ::stringifyMachineState() of StringifyEnums.h, the XIDL enum
 * names, so a guru meditation is "Stuck" (ConsoleImpl.cpp i_setMachineState). */
static enum vbw_vm_state state_from_log_name(const char *lower)
{
    if (!strcmp(lower, "poweredoff"))
        return VBW_VM_POWEROFF;
    if (!strcmp(lower, "stuck"))
        return VBW_VM_GURU_MEDITATION;
    if (!strcmp(lower, "aborted-saved") || !strcmp(lower, "abortedsaved"))
        return VBW_VM_ABORTED_SAVED;
    if (!strcmp(lower, "deletingsnapshotonline"))
        return VBW_VM_DELETING_SNAPSHOT;
    if (!strcmp(lower, "teleportingpausedvm") || !strcmp(lower, "teleportingin"))
        return VBW_VM_TELEPORTING;
    return vbw_vm_state_from_name(lower);
}

/* The release logger's elapsed-time prefix, "HH:MM:SS.ffffff " (hours grow
 * past two digits on long runs): the length of the prefix, or 0 when the
 * line does not start with one. What VirtualBox itself writes starts here;
 * text the guest supplies (Guest Log lines, the Guest Additions' own name in
 * their information report) only ever comes later in a line. */
static size_t time_prefix(const char *line, size_t len)
{
    size_t i = 0, digits = 0;
    while (i < len && line[i] >= '0' && line[i] <= '9')
        i++;
    if (i < 2 || i >= len || line[i++] != ':')
        return 0;
    for (int field = 0; field < 2; field++) {
        for (digits = 0; digits < 2 && i < len && line[i] >= '0' && line[i] <= '9'; digits++)
            i++;
        if (digits != 2 || i >= len || line[i++] != (field == 0 ? ':' : '.'))
            return 0;
    }
    for (digits = 0; i < len && line[i] >= '0' && line[i] <= '9'; digits++)
        i++;
    if (digits == 0 || i >= len || line[i] != ' ')
        return 0;
    return i + 1;
}

/* "<prefix>Console: Machine state changed to '<Name>'" and nothing else:
 * ConsoleImpl.cpp i_setMachineState(), the only writer of this line. An
 * anchored match, so the same words inside guest-supplied text are not a
 * state change (issue 20.1); the task still confirms a stop with the
 * hypervisor, since a guest able to put a newline into its text could
 * forge a whole line. */
static bool parse_state(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    static const char tag[] = "Console: Machine state changed to '";
    size_t at = time_prefix(line, len);
    if (!at || len - at < sizeof tag - 1 || memcmp(line + at, tag, sizeof tag - 1) != 0)
        return false;
    const char *p = line + at + sizeof tag - 1;
    size_t n = len - (size_t)(p - line);
    if (n < 2 || p[n - 1] != '\'' || n - 1 >= 32)
        return false;
    n--;
    char lower[32];
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-'))
            return false;
        lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    lower[n] = '\0';
    ev->state = state_from_log_name(lower);
    ev->state_changed = true;
    return true;
}

/* "<prefix>Process ID: <n>", the log header VBoxLogRelCreate.cpp writes
 * before the guest runs; only the first one of a log counts. */
static bool parse_pid(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    static const char tag[] = "Process ID: ";
    size_t at = time_prefix(line, len);
    if (!at || ev->vm_pid != 0 || len - at < sizeof tag - 1 ||
        memcmp(line + at, tag, sizeof tag - 1) != 0)
        return false;
    const char *p = line + at + sizeof tag - 1;
    size_t left = len - (size_t)(p - line);
    int pid = 0;
    size_t i = 0;
    while (i < left && p[i] >= '0' && p[i] <= '9' && i < 9)
        pid = pid * 10 + (p[i++] - '0');
    if (i == 0 || i != left || pid <= 0)
        return false;
    ev->vm_pid = pid;
    return true;
}

/* Copies the VERR_ token at p into ev->failure unless one is kept already. */
static void keep_failure(struct vbw_hv_log_events *ev, const char *p, size_t left)
{
    if (ev->failure[0])
        return;
    size_t n = 0;
    while (n < left && n < sizeof ev->failure - 1 &&
           ((p[n] >= 'A' && p[n] <= 'Z') || (p[n] >= '0' && p[n] <= '9') || p[n] == '_'))
        n++;
    memcpy(ev->failure, p, n);
    ev->failure[n] = '\0';
}

bool vbw_vbm_parse_log_line(const char *line, size_t len, struct vbw_hv_log_events *ev)
{
    if (!line || !ev)
        return false;
    const char *guest = find(line, len, "Guest Log:");
    if (guest) {
        size_t glen = len - (size_t)(guest - line);
        if (ev->guest_log)
            ev->guest_log(guest, glen, ev->guest_log_opaque);
        /* Only the guest's own words count here: a job reporting that it ran
         * out of memory (BOINC's EXIT_OUT_OF_MEMORY). */
        if (find(guest, glen, "EXIT_OUT_OF_MEMORY")) {
            ev->guest_out_of_memory = true;
            return true;
        }
        return false;
    }
    bool meant = parse_state(line, len, ev) || parse_pid(line, len, ev);
    /* VMMDev's lines echo what the Guest Additions report about themselves:
     * guest text, never a host failure. */
    size_t at = time_prefix(line, len);
    if (len - at >= 7 && memcmp(line + at, "VMMDev:", 7) == 0)
        return meant;
    /* VBox.log names many VERR_ codes in passing (config lookups); only
     * the families upstream treats as fatal are failures. */
    const char *verr = find(line, len, "VERR_");
    while (verr) {
        size_t left = len - (size_t)(verr - line);
        if (left >= 9 && (memcmp(verr, "VERR_VMX_", 9) == 0 || memcmp(verr, "VERR_SVM_", 9) == 0)) {
            ev->hwvirt_failure = true;
            keep_failure(ev, verr, left);
            meant = true;
        } else if ((left >= 14 && memcmp(verr, "VERR_NO_MEMORY", 14) == 0) ||
                   (left >= 17 && memcmp(verr, "VERR_EM_NO_MEMORY", 17) == 0)) {
            ev->host_out_of_memory = true;
            keep_failure(ev, verr, left);
            meant = true;
        }
        verr = left > 5 ? find(verr + 5, left - 5, "VERR_") : NULL;
    }
    return meant;
}
