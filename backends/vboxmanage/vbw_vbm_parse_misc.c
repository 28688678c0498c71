/*
 * vbw_vbm_parse_misc.c - the small outputs: the progress meter, createvm's
 * UUID line, `guestproperty get`, and the exit status of `guestcontrol run`.
 */
#include <stdlib.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"
#include "vbw_vbm_text.h"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* After the last "%..." of a meter line, 7.x (without --details) prints the
 * failure's status name right on the line: "0%...10%...VBOX_E_FILE_ERROR". */
static bool meter_has_status_name(const char *p, size_t n)
{
    size_t end_of_meter = 0;
    for (size_t i = 0; i + 4 <= n; i++)
        if (memcmp(p + i, "%...", 4) == 0)
            end_of_meter = i + 4;
    if (end_of_meter == 0 || end_of_meter >= n)
        return false;
    const char *rest = p + end_of_meter;
    size_t rest_len = n - end_of_meter;
    if (rest_len < 2 || !(rest[0] >= 'A' && rest[0] <= 'Z'))
        return false;
    for (size_t i = 0; i < rest_len; i++)
        if (!((rest[i] >= 'A' && rest[i] <= 'Z') || is_digit(rest[i]) || rest[i] == '_'))
            return false;
    return true;
}

void vbw_vbm_parse_progress(const char *text, size_t len, int *percent, bool *failed)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    *percent = -1;
    *failed = false;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        const char *p = line.text;
        size_t n = line.len;
        /* "N%" where N starts the line or follows "...": the meter's values. */
        for (size_t i = 0; i < n; i++) {
            if (!is_digit(p[i]) || (i > 0 && p[i - 1] != '.'))
                continue;
            size_t j = i;
            int value = 0;
            while (j < n && is_digit(p[j]) && j - i < 3)
                value = value * 10 + (p[j++] - '0');
            if (j < n && p[j] == '%' && value <= 100)
                *percent = value;
            i = j;
        }
        if (vbw_vbm_line_field(&line, "Progress state:", NULL, NULL) ||
            vbw_vbm_line_field(&line, "Progress object failure:", NULL, NULL) ||
            vbw_vbm_line_field(&line, "CANCELED", NULL, NULL) || meter_has_status_name(p, n))
            *failed = true;
    }
}

char *vbw_vbm_parse_createvm_uuid(const char *text, size_t len)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    const char *v;
    size_t vlen;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line))
        if (vbw_vbm_line_field(&line, "UUID:", &v, &vlen) && vlen > 0)
            return vbw_vbm_dup(v, vlen);
    return NULL;
}

int vbw_vbm_parse_guestproperty(const char *text, size_t len, char **value)
{
    struct vbw_vbm_lines it;
    struct vbw_vbm_line line;
    *value = NULL;
    vbw_vbm_lines_init(&it, text, len);
    while (vbw_vbm_lines_next_content(&it, &line)) {
        if (vbw_vbm_line_field(&line, "No value set!", NULL, NULL))
            return 0;
        /* "Value: %ls": the value is kept as printed, blanks included. */
        if (line.len >= 7 && memcmp(line.text, "Value: ", 7) == 0) {
            *value = vbw_vbm_dup(line.text + 7, line.len - 7);
            return *value ? 0 : VBW_ERR_NOMEM;
        }
    }
    return vbw_vbm_parse_error("guestproperty get", it.number, "neither 'Value:' nor 'No value set!'");
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
        {1, "vboxmanage failed"},
        {2, "syntax error"},
        {16, "exit code not mapped"},
        {17, "start failed"},
        {18, "killed"},
        {19, "terminated abnormally"},
        {20, "timeout"},
        {21, "guest down"},
        {22, "canceled"},
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
