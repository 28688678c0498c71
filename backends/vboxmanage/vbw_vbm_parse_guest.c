/*
 * vbw_vbm_parse_guest.c - what `guestcontrol start --verbose` says about the
 * program it started.
 */
#include <stdbool.h>
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_vbm_parse.h"

/* Digits at *p: the value (at most 10 digits, no overflow past 32 bits) and
 * how many. */
static size_t read_number(const char *p, const char *end, unsigned long long *value)
{
    size_t n = 0;
    *value = 0;
    while (p + n < end && p[n] >= '0' && p[n] <= '9' && n < 10)
        *value = *value * 10 + (unsigned)(p[n++] - '0');
    return n;
}

/* The line is "[PID - Session ID]" (VBoxManageGuestCtrl.cpp,
 * gctlHandleRunCommon: with --verbose the `start` command prints the plain
 * PID "to make it easier for scripts"); the other --verbose lines are
 * progress text and are skipped. */
int vbw_vbm_parse_guest_start(const char *text, size_t len, unsigned *pid)
{
    static const char middle[] = " - Session ";
    const char *p = text, *end = text + len;
    *pid = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        if (eol > p && eol[-1] == '\r')
            eol--;
        unsigned long long value, session;
        size_t n, m;
        if (eol - p > 2 && p[0] == '[' && eol[-1] == ']' &&
            (n = read_number(p + 1, eol, &value)) > 0 &&
            (size_t)(eol - (p + 1 + n)) > sizeof middle - 1 &&
            memcmp(p + 1 + n, middle, sizeof middle - 1) == 0 &&
            (m = read_number(p + 1 + n + sizeof middle - 1, eol, &session)) > 0 &&
            p + 1 + n + sizeof middle - 1 + m == eol - 1 && value > 0 && value <= 0xffffffffull) {
            *pid = (unsigned)value;
            return 0;
        }
        p = nl ? nl + 1 : end;
    }
    return vbw_error_set(VBW_ERR_PARSE, "guestcontrol start printed no \"[PID - Session N]\" line");
}
