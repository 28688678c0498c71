/*
 * vbw_cli_gc.h - private to vbw gc: what its two halves share. The VM half
 * (vbw_cli_gc.c: the wrapper's VMs whose slot is gone, accessible or not)
 * runs first and names the VMs it removes; the media half
 * (vbw_cli_gc_media.c: registered media whose file is gone) then treats a
 * medium used only by those VMs as unused.
 */
#ifndef VBW_CLI_GC_H
#define VBW_CLI_GC_H

#include <stdbool.h>
#include <stddef.h>

#include "vbw_cli.h"
#include "vbw_cli_json.h"

struct vbw_gc {
    struct vbw_cli *cli;
    struct vbw_hv *hv;
    bool remove;        /* --yes */
    struct vbw_json *j; /* NULL without --json */
    int code;           /* the exit status so far */
    /* The UUIDs of the VMs found left behind (malloc'd each). */
    char **orphan_vms;
    size_t n_orphan_vms;
    size_t n_orphan_media;
};

/* Whether path is gone: lstat says it does not exist (ENOENT, ENOTDIR).
 * Any other answer (it exists, no permission to look) counts as there. */
bool vbw_gc_path_gone(const char *path);
/* text made printable (vbw_cli_make_printable) into a malloc'd copy; ""
 * for NULL. NULL only on NOMEM. */
char *vbw_gc_printable(const char *text);

/* The VM name a settings file of the wrapper's shape carries
 * (SLOT/boinc_X/boinc_X.vbox, in this host's spelling -> boinc_X,
 * malloc'd); NULL for any other. */
char *vbw_gc_wrapper_vm_of(const char *settings_file);

/* The media half: examines the registered disks, DVDs and floppies, prints
 * (or adds to "media" in the JSON object being written) each inaccessible
 * one and its verdict, releases the orphans under --yes. */
void vbw_gc_media(struct vbw_gc *gc);

#endif
