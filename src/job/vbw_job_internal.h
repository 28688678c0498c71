/*
 * vbw_job_internal.h - helpers shared by the files of src/job (not public):
 * reading an XML document safely with libxml2, extracting element values
 * with upstream BOINC XML_PARSER's number rules, and MD5.
 */
#ifndef VBW_JOB_INTERNAL_H
#define VBW_JOB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "vbw/vbw_error.h"
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

/* Element line number for messages (0 when unknown). */
long vbw_job_xml_line(xmlNodePtr node);

#endif
