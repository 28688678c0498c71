/*
 * vbw_job_internal.h - helpers shared by the files of src/job (not public):
 * reading an XML document safely with libxml2 (vbw_job_xml.c), upstream
 * BOINC XML_PARSER's value rules and the field tables (vbw_job_values.c),
 * and one parse of vbox_job.xml as its element handlers see it
 * (vbw_job_parse.c, vbw_job_elements.c).
 */
#ifndef VBW_JOB_INTERNAL_H
#define VBW_JOB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "vbw/vbw_attr.h"
#include "vbw/vbw_error.h"
#include "vbw/vbw_job.h"
#include "vbw/vbw_util.h"

#define VBW_JOB_DEFAULT_DISK_CONTROLLER_TYPE     "sata"
#define VBW_JOB_DEFAULT_DISK_CONTROLLER_MODEL    "IntelAHCI"
#define VBW_JOB_DEFAULT_GRAPHICS_CONTROLLER_TYPE "VBoxVGA" /* vboxjob.cpp clear() */
#define VBW_JOB_VRAM_MIN_MB                      16.0      /* VBOX_VRAM_MIN */
#define VBW_JOB_VRAM_MAX_MB                      128.0     /* VBOX_VRAM_MAX */
#define VBW_JOB_MIN_MEMORY_MB                    512.0     /* MIN_MEMORY_SIZE_MB */
/* Beyond any host (16 TiB), and far inside an int: larger values (3e9)
 * would overflow the conversion to modifyvm's integer (issue 20.11). */
#define VBW_JOB_MAX_MEMORY_MB 16777216.0
/* There are 65535 host ports: more forwarded ports than that in all can
 * only be a job that makes us allocate gigabytes (issue 20.10). */
#define VBW_JOB_MAX_FORWARDED_PORTS 65535
#define VBW_JOB_MAX_CPUS            32 /* VirtualBox's limit upstream logs */

/* vbox_job.xml is a few KB; anything past this is not a job file. */
#define VBW_JOB_FILE_MAX ((size_t)1 << 20)

/* What a tolerant read let through (see vbw_job_xml_read). */
#define VBW_JOB_XML_MAX_MISMATCHES 32
struct vbw_job_xml_mismatch {
    char name[64];      /* the element left open ... */
    char closed_by[64]; /* ... when this end tag came */
    long line;          /* the element's start line */
};
struct vbw_job_xml_recovery {
    bool recovered;                    /* the document is not well-formed and was recovered */
    char error[VBW_ERROR_MESSAGE_MAX]; /* the strict parse's message */
    struct vbw_job_xml_mismatch mismatches[VBW_JOB_XML_MAX_MISMATCHES];
    size_t n; /* elements dropped, as upstream drops their values */
};

/* Parses buf as an XML document whose root element must be `root`.
 * Refuses DOCTYPE declarations (no DTD, hence no entities to expand), NUL
 * bytes and network access. what names the input in messages. On success
 * *out is a libxml2 document the caller frees with xmlFreeDoc(). On failure
 * sets a one-line VBW_ERR_PARSE message and returns it.
 * rec NULL: strict, any XML mistake fails. rec set (the wrapper): a
 * document that is not well-formed is read again with libxml2's recovery
 * and accepted when its only mistakes are ones upstream's XML_PARSER reads
 * past -- an end tag naming another element (that element is removed from
 * the tree: upstream drops its value) and text after the root's end tag --
 * and the root ends with its own end tag; rec says what was done. Anything
 * else fails with the strict pass's message. */
int vbw_job_xml_read(const char *buf, size_t len, const char *what, const char *root,
                     struct vbw_job_xml_recovery *rec, xmlDocPtr *out);

/* The element's text with surrounding white space removed, as upstream's
 * XML_PARSER strips it; malloc'd, caller frees. *has_child_elements tells
 * whether the element holds elements rather than a plain value. NULL only
 * when out of memory (error set). */
char *vbw_job_xml_text(xmlNodePtr node, bool *has_child_elements);

/* True when the element has neither text nor child elements (<x/> or <x></x>). */
bool vbw_job_xml_is_empty(xmlNodePtr node);

/* Number rules of upstream XML_PARSER::parse_int / parse_double /
 * parse_bool: strtol base 0 (so 0x10 and 010 are accepted), strtod, the
 * whole text must be consumed, a range error fails. Empty text is 0 for
 * numbers. We additionally refuse values outside int and non-finite
 * doubles. Return false when the text is not such a number. */
bool vbw_job_text_to_int(const char *text, int *out);
bool vbw_job_text_to_double(const char *text, double *out);
bool vbw_job_text_to_bool(const char *text, bool *out);

/* A field of a struct the job layer fills from XML (struct vbw_job,
 * struct vbw_init_data, struct vbw_job_derived): its element name, its
 * kind, where it lives. A string field is a char * the struct owns. */
enum vbw_job_value_kind { VBW_JOB_STRING, VBW_JOB_DOUBLE, VBW_JOB_INT, VBW_JOB_BOOL };
struct vbw_job_field {
    const char *name;
    enum vbw_job_value_kind kind;
    size_t offset;
};
/* A braced initializer as a macro: clang-format 14 would break it up. */
/* clang-format off */
#define VBW_JOB_FIELD(type, n, k) {#n, k, offsetof(type, n)}
/* clang-format on */

/* The field named name among fields[0..n), or NULL. */
const struct vbw_job_field *vbw_job_field_find(const struct vbw_job_field *fields, size_t n,
                                               const char *name);
/* Stores text in a number or flag field of base by the rules above; false,
 * the field untouched, when text is not such a value (or f is a string). */
bool vbw_job_field_set_number(const struct vbw_job_field *f, void *base, const char *text);

/* Frees every string field of base that fields[0..n) names (NULL after). */
void vbw_job_fields_free(const struct vbw_job_field *fields, size_t n, void *base);

/* The single-valued elements of vbox_job.xml (fields of struct vbw_job), in
 * the order `vbw job check` reports them (vbw_job_elements.c). */
extern const struct vbw_job_field vbw_job_elements[];
extern const size_t vbw_job_n_elements;

/* BOINC's xml_unescape, in place (the result is never longer): the five
 * predefined entities; with char_refs also &#N; and &#xN; for a byte
 * (1..255). An unknown entity or a lone '&' stays as it is. */
void vbw_job_xml_unescape(char *s, bool char_refs);

/* Element line number for messages (0 when unknown). */
long vbw_job_xml_line(xmlNodePtr node);

/* One parse of vbox_job.xml (vbw_job_parse.c): the job it fills and where
 * its warnings go. */
struct vbw_job_parse_ctx {
    struct vbw_job *job;
    vbw_job_warn_fn warn;
    void *opaque;
};
/* One warning line to ctx->warn (cut at 511 bytes); nothing without one. */
void vbw_job_parse_warn(struct vbw_job_parse_ctx *ctx, const char *fmt, ...) VBW_PRINTF(2, 3);
/* Applies one child element of <vbox_job> to ctx->job (vbw_job_elements.c):
 * 0, or an error (message set) for a value the job cannot have. */
int vbw_job_parse_element(struct vbw_job_parse_ctx *ctx, xmlNodePtr node);

#endif
