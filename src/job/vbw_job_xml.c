/*
 * vbw_job_xml.c - safe libxml2 reading of the job file, and an element's
 * text as upstream's XML_PARSER sees it (vbw_job_values.c turns it into
 * values).
 *
 * Both files are written by people or programs we do not control (a
 * project's job file, the client's init_data.xml), so the parser gets no
 * network, no DTD, no entity substitution and a bounded input; a document
 * that declares a DOCTYPE is refused outright, which removes entity
 * expansion attacks ("billion laughs") before libxml2 sees them.
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

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

/* The errors a parse reports: the first one (libxml2 keeps only the last,
 * and a strict parse goes on after it), and for a recovering parse the
 * ones the caller must judge. */
struct collector {
    struct vbw_job_xml_recovery *rec; /* NULL: strict pass */
    bool first;
    char first_msg[256];
    int first_line;
    bool other; /* an error upstream's parser would not get past */
};

#if LIBXML_VERSION >= 21200
static void collect_error(void *ctx, const xmlError *e)
#else
static void collect_error(void *ctx, xmlErrorPtr e)
#endif
{
    /* libxml2 passes the parser context (its userData) to the handler. */
    struct collector *c = ((xmlParserCtxtPtr)ctx)->_private;

    if (c == NULL || e == NULL || e->level == XML_ERR_WARNING)
        return;
    if (!c->first) {
        c->first = true;
        one_line(e->message, c->first_msg, sizeof c->first_msg);
        c->first_line = e->line;
    }
    if (c->rec == NULL)
        return;
    /* An end tag naming another element: libxml2 closes the open one
     * there, upstream's XML_PARSER drops that element's value and reads
     * on. Extra content after the root: upstream stops reading at the
     * root's end tag. */
    if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 != NULL && e->str2 != NULL &&
        c->rec->n < VBW_JOB_XML_MAX_MISMATCHES) {
        struct vbw_job_xml_mismatch *m = &c->rec->mismatches[c->rec->n++];
        one_line(e->str1, m->name, sizeof m->name);
        one_line(e->str2, m->closed_by, sizeof m->closed_by);
        m->line = e->int1 > 0 ? e->int1 : e->line;
        return;
    }
    if (e->code != XML_ERR_DOCUMENT_END)
        c->other = true;
}

/* Reads buf with the options given, errors to c (never to stderr). */
static xmlDocPtr read_doc(const char *buf, size_t len, const char *what, int options,
                          struct collector *c, bool *well_formed)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc;

    *well_formed = false;
    if (ctxt == NULL)
        return NULL;
    /* No XML_PARSE_NOERROR: libxml2 2.13+ would not call the handler,
     * which is what keeps messages off stderr. */
    ctxt->_private = c;
    ctxt->sax->serror = collect_error;
    doc = xmlCtxtReadMemory(ctxt, buf, (int)len, what, NULL, options);
    *well_formed = doc != NULL && ctxt->wellFormed;
    if (!c->first) {
        /* A failure reported without the handler (out of memory). */
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        if (e != NULL && e->message != NULL) {
            c->first = true;
            one_line(e->message, c->first_msg, sizeof c->first_msg);
            c->first_line = e->line;
        }
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* True when buf closes root with its own end tag ("</root" then white
 * space and '>'): libxml2 2.15 recovers an unclosed root without a word,
 * upstream's parser fails on it (it reads to the end looking for it). */
static bool closes_root(const char *buf, size_t len, const char *root)
{
    size_t n = strlen(root);

    for (size_t i = 0; i + 2 + n < len; i++) {
        if (buf[i] != '<' || buf[i + 1] != '/' || memcmp(buf + i + 2, root, n) != 0)
            continue;
        size_t j = i + 2 + n;
        while (j < len && isspace((unsigned char)buf[j]))
            j++;
        if (j < len && buf[j] == '>')
            return true;
    }
    return false;
}

/* The second pass of a tolerant read: libxml2's recovery, accepted only
 * for the mistakes upstream's parser reads past. */
static int read_recovering(const char *buf, size_t len, const char *what, const char *root,
                           struct vbw_job_xml_recovery *rec, xmlDocPtr *out)
{
    struct collector c = {.rec = rec};
    bool well_formed;
    xmlDocPtr doc =
        read_doc(buf, len, what,
                 XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_RECOVER | XML_PARSE_BIG_LINES, &c,
                 &well_formed);

    *out = NULL;
    bool root_ok = closes_root(buf, len, root);
    for (size_t i = 0; i < rec->n; i++) {
        /* The root closed by another name, or another element closed by
         * the root's end tag: the root never ends, upstream fails too. */
        if (strcmp(rec->mismatches[i].name, root) == 0 ||
            strcmp(rec->mismatches[i].closed_by, root) == 0)
            root_ok = false;
    }
    if (doc == NULL || c.other || !root_ok || rec->n == VBW_JOB_XML_MAX_MISMATCHES) {
        if (doc != NULL)
            xmlFreeDoc(doc);
        return VBW_ERR_PARSE; /* the caller keeps the strict pass's message */
    }
    *out = doc;
    return 0;
}

/* Removes every element named name that starts on line (the elements a
 * recovering parse closed at another element's end tag). */
static size_t drop_elements(xmlNodePtr node, const char *name, long line)
{
    size_t dropped = 0;

    for (xmlNodePtr c = node->children, next; c != NULL; c = next) {
        next = c->next;
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (strcmp((const char *)c->name, name) == 0 && xmlGetLineNo(c) == line) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            dropped++;
        } else {
            dropped += drop_elements(c, name, line);
        }
    }
    return dropped;
}

int vbw_job_xml_read(const char *buf, size_t len, const char *what, const char *root,
                     struct vbw_job_xml_recovery *rec, xmlDocPtr *out)
{
    xmlDocPtr doc = NULL;
    xmlNodePtr top;
    int rc = 0;

    *out = NULL;
    if (rec != NULL)
        memset(rec, 0, sizeof *rec);
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
    /* No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD,
     * no XML_PARSE_HUGE (libxml2's default size limits stay on). */
    struct collector strict = {.rec = NULL};
    bool well_formed;
    doc = read_doc(buf, len, what, XML_PARSE_NONET | XML_PARSE_NOCDATA, &strict, &well_formed);
    if (!well_formed) {
        rc = vbw_error_set(VBW_ERR_PARSE, "%s: malformed XML at line %d: %s", what,
                           strict.first ? strict.first_line : 0,
                           strict.first && strict.first_msg[0] ? strict.first_msg
                                                               : "not well-formed");
        if (doc != NULL)
            xmlFreeDoc(doc);
        doc = NULL;
        if (rec == NULL)
            goto cleanup;
        /* Tolerant: what upstream's parser reads past is read the same way;
         * anything else keeps the strict pass's message. */
        struct vbw_error saved = *vbw_error_last();
        if (read_recovering(buf, len, what, root, rec, &doc) < 0) {
            vbw_error_restore(&saved);
            goto cleanup;
        }
        rc = 0;
        rec->recovered = true;
        snprintf(rec->error, sizeof rec->error, "%s", saved.message);
        for (size_t i = 0; i < rec->n; i++)
            drop_elements((xmlNodePtr)doc, rec->mismatches[i].name, rec->mismatches[i].line);
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
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content != NULL) {
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
