/*
 * vbw_job_xml.c - safe libxml2 reading shared by the job file and
 * init_data.xml parsers, and upstream XML_PARSER's value rules.
 *
 * Both files are written by people or programs we do not control (a
 * project's job file, the client's init_data.xml), so the parser gets no
 * network, no DTD, no entity substitution and a bounded input; a document
 * that declares a DOCTYPE is refused outright, which removes entity
 * expansion attacks ("billion laughs") before libxml2 sees them.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "vbw_job_internal.h"

static bool contains_bytes(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    if (len < n)
        return false;
    for (size_t i = 0; i + n <= len; i++) {
        if (buf[i] == needle[0] && memcmp(buf + i, needle, n) == 0)
            return true;
    }
    return false;
}

/* libxml2 messages end with a newline and may quote raw input; keep one
 * printable line. */
static void one_line(const char *in, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; in != NULL && in[i] != '\0' && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)in[i];
        out[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

int vbw_job_xml_read(const char *buf, size_t len, const char *what, const char *root,
                     xmlDocPtr *out)
{
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    xmlNodePtr top;
    int rc = 0;

    *out = NULL;
    if (buf == NULL || len == 0)
        return vbw_error_set(VBW_ERR_PARSE, "%s: empty file", what);
    if (len > INT_MAX)
        return vbw_error_set(VBW_ERR_TOO_BIG, "%s: larger than %d bytes", what, INT_MAX);
    if (memchr(buf, '\0', len) != NULL)
        return vbw_error_set(VBW_ERR_PARSE, "%s: contains NUL bytes (binary or UTF-16 file?)",
                             what);
    if (contains_bytes(buf, len, "<!DOCTYPE") || contains_bytes(buf, len, "<!ENTITY"))
        return vbw_error_set(VBW_ERR_PARSE, "%s: DOCTYPE and entity declarations are not allowed",
                             what);

    xmlInitParser();
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL)
        return vbw_error_set(VBW_ERR_NOMEM, "%s: cannot create an XML parser", what);
    /* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD,
     * no XML_PARSE_HUGE (libxml2's default size limits stay on). */
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, what, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_NOCDATA);
    if (doc == NULL || !ctxt->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        char msg[256];

        one_line(e != NULL ? e->message : "not well-formed", msg, sizeof msg);
        rc = vbw_error_set(VBW_ERR_PARSE, "%s: malformed XML at line %d: %s", what,
                           e != NULL ? e->line : 0, msg[0] ? msg : "not well-formed");
        goto cleanup;
    }
    if (doc->intSubset != NULL || doc->extSubset != NULL) {
        rc = vbw_error_set(VBW_ERR_PARSE, "%s: DOCTYPE and entity declarations are not allowed",
                           what);
        goto cleanup;
    }
    top = xmlDocGetRootElement(doc);
    if (top == NULL || top->name == NULL || strcmp((const char *)top->name, root) != 0) {
        char name[64];

        one_line(top != NULL && top->name != NULL ? (const char *)top->name : "", name,
                 sizeof name);
        rc = vbw_error_set(VBW_ERR_PARSE, "%s: root element is <%s>, expected <%s>", what, name,
                           root);
        goto cleanup;
    }
    *out = doc;
    doc = NULL;

cleanup:
    if (doc != NULL)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return rc;
}

long vbw_job_xml_line(xmlNodePtr node)
{
    long line = xmlGetLineNo(node);
    return line > 0 ? line : 0;
}

bool vbw_job_xml_is_empty(xmlNodePtr node)
{
    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            return false;
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            c->content != NULL) {
            for (const xmlChar *p = c->content; *p; p++) {
                if (!isspace(*p))
                    return false;
            }
        }
    }
    return true;
}

char *vbw_job_xml_text(xmlNodePtr node, bool *has_child_elements)
{
    struct vbw_buf text = VBW_BUF_INIT;
    size_t start = 0, end;
    char *out;

    *has_child_elements = false;
    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE) {
            *has_child_elements = true;
        } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                   c->content != NULL) {
            if (vbw_buf_puts(&text, (const char *)c->content) < 0) {
                vbw_buf_clear(&text);
                return NULL;
            }
        }
    }
    end = text.len;
    /* Upstream strips ASCII white space at both ends. */
    while (start < end && isspace((unsigned char)text.data[start]))
        start++;
    while (end > start && isspace((unsigned char)text.data[end - 1]))
        end--;
    out = vbw_strndup(text.data != NULL ? text.data + start : "", end - start);
    vbw_buf_clear(&text);
    return out;
}

bool vbw_job_text_to_int(const char *text, int *out)
{
    char *end;
    long v;

    if (text[0] == '\0') {
        *out = 0; /* upstream: <foo></foo> is <foo>0</foo> */
        return true;
    }
    errno = 0;
    v = strtol(text, &end, 0);
    if (errno != 0 || *end != '\0' || v < INT_MIN || v > INT_MAX)
        return false;
    *out = (int)v;
    return true;
}

bool vbw_job_text_to_double(const char *text, double *out)
{
    char *end;
    double v;

    if (text[0] == '\0') {
        *out = 0.0;
        return true;
    }
    errno = 0;
    v = strtod(text, &end);
    if (errno != 0 || *end != '\0' || !isfinite(v))
        return false;
    *out = v;
    return true;
}

bool vbw_job_text_to_bool(const char *text, bool *out)
{
    char *end;
    long v;

    /* <tag/> is true (the archaic form upstream keeps). */
    if (text[0] == '\0') {
        *out = true;
        return true;
    }
    errno = 0;
    v = strtol(text, &end, 0);
    if (*end != '\0')
        return false;
    /* Upstream does not check errno here: an overflowing number is non-zero. */
    *out = v != 0;
    return true;
}
