/*
 * vbw_transcript_settings.h - private to the transcript reader
 * (vbw_transcript_parse.c): its keyword test and a step's one-line settings
 * (vbw_transcript_settings.c).
 */
#ifndef VBW_TRANSCRIPT_SETTINGS_H
#define VBW_TRANSCRIPT_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw/vbw_transcript.h"

/* Whether line (len bytes) is the keyword kw, alone or followed by blanks;
 * *rest then points after the blanks. */
bool vbw_transcript_keyword(const char *line, size_t len, const char *kw, const char **rest);

/* One of a step's one-line settings (exit, signal, duration, anytime,
 * hang, repeat, fault) into cur; line is NUL-terminated at tl. 1: read; 0:
 * not a setting; -1: a setting that does not read. */
int vbw_transcript_read_setting(struct vbw_transcript_step *cur, const char *line, size_t tl);

#endif
