/*
 * vbw_vbm_parse_misc.c - the small outputs: the progress meter, createvm's
 * UUID line, `guestproperty get`, and the exit status of `guestcontrol run`.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_re.h"
#include "vbw_vbm_text.h"

/* The progress meter "0%...10%...100%" on stderr: a value (group 1) starts
 * a line or follows "...". */
static struct vbw_vbm_re meter_value_re =
    VBW_VBM_RE_ONE("progress", "", "(?<![^.])([0-9]{1,3}+)%", "");

/* A line that says the operation failed: 5.x/6.x print "Progress state:"
 * or "Progress object failure:" on a line of their own; 7.x (without
 * --details) appends the status name to the meter ("0%...10%...
 * VBOX_E_FILE_ERROR"); a cancelled one says CANCELED. */
static const struct vbw_vbm_re_row meter_failed_rows[] = {
    {"Progress state:"},
    {"Progress object failure:"},
    {"CANCELED"},
    {".*%\\.\\.\\.[A-Z][A-Z0-9_]++\\z"},
};
static struct vbw_vbm_re meter_failed_re =
    VBW_VBM_RE_TABLE("progress", "\\G", meter_failed_rows, "");

void vbw_vbm_parse_progress(const char *text, size_t len, int *percent, bool *failed)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    struct vbw_vbm_match m;
    *percent = -1;
    *failed = false;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        for (int found = vbw_vbm_re_match(&meter_value_re, line.text, line.len, 0, &m); found > 0;
             found = vbw_vbm_re_match(&meter_value_re, line.text, line.len, m.end, &m)) {
            const char *v;
            size_t n;
            int value = 0;
            vbw_vbm_re_group(&m, 1, &v, &n);
            for (size_t i = 0; i < n; i++)
                value = value * 10 + (v[i] - '0');
            if (value <= 100)
                *percent = value;
        }
        if (vbw_vbm_re_match(&meter_failed_re, line.text, line.len, 0, &m) > 0)
            *failed = true;
    }
}

/* `createvm`: "UUID: ..." (group 1, never empty), beside "Settings file:
 * '...'". */
static struct vbw_vbm_re createvm_re =
    VBW_VBM_RE_ONE("createvm", "\\G", "UUID:[ \\t\\r]*+(.*[^ \\t\\r])[ \\t\\r]*+\\z", "");

char *vbw_vbm_parse_createvm_uuid(const char *text, size_t len)
{
    struct vbw_vbm_scan s;
    int rc;
    vbw_vbm_scan_init(&s, &createvm_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) != 0)
        if (rc > 0)
            return vbw_vbm_dup(s.value, s.value_len);
    return NULL;
}

/* `guestproperty get`: "Value: %ls" (group 1, kept as printed, blanks
 * included) or "No value set!". */
enum property_line { PROPERTY_NONE, PROPERTY_VALUE };
static const struct property_row {
    const char *pattern;
    enum property_line kind;
} property_rows[] = {
    {"No value set!", PROPERTY_NONE},
    {"Value: (.*)", PROPERTY_VALUE},
};
static struct vbw_vbm_re property_re =
    VBW_VBM_RE_TABLE("guestproperty get", "\\G", property_rows, "");

int vbw_vbm_parse_guestproperty(const char *text, size_t len, char **value)
{
    struct vbw_vbm_scan s;
    *value = NULL;
    vbw_vbm_scan_init(&s, &property_re, text, len);
    int rc = vbw_vbm_scan_next(&s);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return vbw_vbm_parse_error("guestproperty get", s.lines.number,
                                   "neither 'Value:' nor 'No value set!'");
    if (property_rows[s.m.row].kind == PROPERTY_NONE)
        return 0;
    *value = vbw_vbm_dup(s.value, s.value_len);
    return *value ? 0 : VBW_ERR_NOMEM;
}

/* 7.2 ends a `guestcontrol run --timeout` whose program outlived it not
 * with its "timeout" status (20) but with a failed read of the program's
 * output (IGuestProcess::Read, GuestProcessImpl.cpp: "Reading from guest
 * process \"%s\" (PID %RU32) failed: %Rrc"), seen on the real tier. */
static struct vbw_vbm_re read_timeout_re = VBW_VBM_RE_ONE(
    "guestcontrol run", "\\G", ".*Reading from guest process .* failed: VERR_TIMEOUT", "");

bool vbw_vbm_guest_read_timed_out(const char *text, size_t len)
{
    struct vbw_vbm_scan s;
    int rc;
    vbw_vbm_scan_init(&s, &read_timeout_re, text, len);
    while ((rc = vbw_vbm_scan_next(&s)) != 0)
        if (rc > 0)
            return true;
    return false;
}

/* `guestcontrol run` exit statuses, the same from 5.0 through 7.2
 * (VBoxManageGuestCtrl.cpp EXITCODEEXEC_*): 0 = guest exit 0, 33..125 = guest
 * exit 1..93 displaced by 32, 126 = guest exit 94 or more, 16..22 =
 * VBoxManage's own verdicts about the process, 1 and 2 = VBoxManage
 * failures (error, syntax). */
int vbw_vbm_guest_exit_code(int vboxmanage_status, const struct vbw_hv_version *v,
                            const char **what)
{
    static const struct {
        int status;
        const char *what;
    } own[] = {
        {1, "vboxmanage failed"}, {2, "syntax error"}, {16, "exit code not mapped"},
        {17, "start failed"},     {18, "killed"},      {19, "terminated abnormally"},
        {20, "timeout"},          {21, "guest down"},  {22, "canceled"},
    };
    *what = NULL;
    if (v && v->major > 0 && v->major < 5) {
        *what = "no guest exit codes before 5.0";
        return -1;
    }
    if (vboxmanage_status == 0)
        return 0;
    if (vboxmanage_status >= 33 && vboxmanage_status <= 125)
        return vboxmanage_status - 32;
    if (vboxmanage_status == 126) {
        /* The real code is lost: report the smallest one that maps here. */
        *what = "guest exit code 94 or above";
        return 94;
    }
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++) {
        if (own[i].status == vboxmanage_status) {
            *what = own[i].what;
            return -1;
        }
    }
    *what = "unknown status";
    return -1;
}
