/*
 * vbw_task_guestparse.c - reading what the guest wrote (trigger files, the
 * fraction-done file) once its bytes are in memory. Pure functions, so the
 * fuzzer (tests/fuzz/targets/fuzz_triggers.c) reaches them directly; the
 * file access rules are in vbw_task_triggers.c.
 */
#include "vbw_task_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "vbw/vbw_util.h"

#define MESSAGE_MAX 1000u

void vbw_task_clean_message(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++)
        if (*r != '<' && *r != '>' && *r != '&')
            *w++ = *r;
    *w = '\0';
    size_t len = (size_t)(w - s);
    len = vbw_text_sanitize(s, len, s, (len < MESSAGE_MAX ? len : MESSAGE_MAX) + 1, "\n\t");
    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
        s[--len] = '\0';
}

size_t vbw_task_clean_log_line(const char *in, size_t len, char *out, size_t out_size)
{
    /* A terminal escape or a line break of the guest's is dropped. */
    size_t w = vbw_text_sanitize(in, len, out, out_size, "\t");
    for (size_t i = 0; i < w; i++)
        if (out[i] == '\t')
            out[i] = ' ';
    while (w > 0 && out[w - 1] == ' ')
        w--;
    if (out_size)
        out[w] = '\0';
    return w;
}

/* A number on a line: strtol clamped to the int range, so an absurd value
 * cannot overflow the exit code or the delay it becomes. */
static long clamped_number(const char *p)
{
    errno = 0;
    long v = strtol(p, NULL, 10);
    if (v > INT_MAX)
        v = INT_MAX;
    if (v < INT_MIN)
        v = INT_MIN;
    return v;
}

void vbw_task_parse_trigger(const char *text, long *number, bool *notice, char *msg,
                            size_t msg_size)
{
    *number = clamped_number(text);
    *notice = false;
    if (msg_size)
        msg[0] = '\0';
    const char *line2 = strchr(text, '\n');
    if (!line2)
        return;
    *notice = clamped_number(line2 + 1) != 0;
    const char *rest = strchr(line2 + 1, '\n');
    if (rest && msg_size) {
        snprintf(msg, msg_size, "%s", rest + 1);
        vbw_task_clean_message(msg);
    }
}

double vbw_task_parse_fraction(const char *text)
{
    double last = -1;
    for (const char *p = text; *p;) {
        char *end;
        double v = strtod(p, &end);
        if (end != p) {
            last = v;
            p = end;
        } else {
            p++;
        }
    }
    if (last < 0 || isnan(last))
        return -1;
    return last > 1 ? 1 : last;
}

/* True when text parses as XML content on its own: balanced elements,
 * defined entities only, no DTD or XML declaration. */
static bool is_xml_fragment(const char *text)
{
    xmlNodePtr list = NULL;
    /* No document: no DTD, so no entity can be defined or expanded. */
    int rc = xmlParseBalancedChunkMemory(NULL, NULL, NULL, 0, (const xmlChar *)text, &list);
    xmlFreeNodeList(list);
    return rc == 0;
}

char *vbw_task_trickle_body(const char *text)
{
    size_t n = strlen(text);
    if (n > VBW_TRICKLE_MAX)
        n = VBW_TRICKLE_MAX;
    char *kept = malloc(n + 1);
    if (!kept)
        return NULL;
    size_t k = vbw_text_sanitize(text, n, kept, n + 1, "\n\t");
    /* The scheduler copies the body line by line up to the first line
     * holding `</msg_from_host>`: a well-formed fragment can still carry it
     * (in a comment, CDATA, or an element of that name), so such text, and
     * any comment, CDATA or processing instruction, goes escaped. */
    if (is_xml_fragment(kept) && !strstr(kept, "msg_from_host") && !strstr(kept, "<!") &&
        !strstr(kept, "<?"))
        return kept;
    char *out = malloc(5 * k + 1); /* "&amp;" is the longest escape */
    if (out) {
        char *w = out;
        for (const char *r = kept; *r; r++) {
            if (*r == '&')
                w += sprintf(w, "&amp;");
            else if (*r == '<')
                w += sprintf(w, "&lt;");
            else if (*r == '>')
                w += sprintf(w, "&gt;");
            else
                *w++ = *r;
        }
        *w = '\0';
    }
    free(kept);
    return out;
}
