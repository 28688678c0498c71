/*
 * vbw_file_os.h - what each platform gives the file rules of
 * include/vbw/vbw_file.h (private to src/platform): open, read, write, sync,
 * replace, remove and lock one file, and step through a guest path's
 * folders. The rules themselves (an atomic write's sequence, a bounded read,
 * a guest path's walk, the lock's deadline) are written once over these, in
 * vbw_file_io.c, vbw_file_guest.c and vbw_file_lock.c; vbw_file_posix.c and
 * vbw_file_win32.c hold only what differs.
 *
 * Every function that can fail returns 0 or a negative VBW_ERR_* with the
 * message set where the failure was seen (it names the file).
 */
#ifndef VBW_FILE_OS_H
#define VBW_FILE_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "vbw/vbw_file.h"

/* An open file: a POSIX descriptor or a Windows HANDLE. Both fit in an
 * intptr_t, and -1 means none on both (it is INVALID_HANDLE_VALUE). */
typedef intptr_t vbw_os_file;
#define VBW_OS_FILE_NONE ((vbw_os_file)-1)

/* What the platform adds to vbw_file_name_is_plain's rules for a name of n
 * (> 0) bytes that has no separator and is not "." or "..". */
bool vbw_os_name_is_plain(const char *name, size_t n);

/* Whether c separates path components, and whether path is absolute, on
 * this platform (Windows: '\\' too; a drive letter, a UNC or a rooted path). */
bool vbw_os_is_separator(char c);
bool vbw_os_path_is_absolute(const char *path);
/* Whether two bytes of a path name the same thing (Windows: ASCII letters
 * in any case; separators are vbw_os_is_separator's). */
bool vbw_os_path_byte_equal(char a, char b);

/* Opens a trusted file to read, never blocking on a FIFO.
 * VBW_ERR_NOT_FOUND when absent. */
int vbw_os_open_read(const char *path, vbw_os_file *f);
/* Opens path to read without following a final link, refusing anything but
 * a regular file (VBW_ERR_UNSAFE); its identity and size. */
int vbw_os_open_regular(const char *path, vbw_os_file *f, struct vbw_file_id *id, int64_t *size);
/* Reads at most want bytes; *got is 0 at the end (or when a FIFO has no
 * writer): what names the file in the message. */
int vbw_os_read(vbw_os_file f, void *buf, size_t want, size_t *got, const char *what);
/* True when one more byte can be read (a failed read says no). */
bool vbw_os_read_more(vbw_os_file f);
/* Reads at most len bytes at offset; *got is 0 at the end of the file. */
int vbw_os_pread(vbw_os_file f, int64_t offset, void *buf, size_t len, size_t *got);
void vbw_os_close(vbw_os_file f);

/* The steps of an atomic write. vbw_os_create makes or empties path (never
 * through a link where the platform has them); vbw_os_sync puts the file's
 * bytes on disk; vbw_os_close_written closes it, a failure an error (its
 * data may be lost); vbw_os_replace renames from over to in one step (a
 * reader sees the old or the new); vbw_os_sync_parent makes that rename
 * durable where the platform needs a separate step. */
int vbw_os_create(const char *path, vbw_os_file *f);
int vbw_os_write(vbw_os_file f, const void *data, size_t len, const char *what);
int vbw_os_sync(vbw_os_file f, const char *what);
int vbw_os_close_written(vbw_os_file f, const char *what);
int vbw_os_replace(const char *from, const char *to);
int vbw_os_sync_parent(const char *path);
/* This process's id, for a temporary file's name. */
unsigned long vbw_os_pid(void);
/* Remove a file or an empty folder when they are there; quiet. */
void vbw_os_remove(const char *path);
void vbw_os_remove_dir(const char *path);

/* A new folder under the temporary directory that only this user can open;
 * *dir is malloc'd. */
int vbw_os_private_dir(char **dir);
/* Writes a new file in such a folder, readable by this user only. */
int vbw_os_write_private(const char *path, const void *data, size_t len);

/* Opens (creates when missing) a lock file. */
int vbw_os_open_lock(const char *path, vbw_os_file *f);
/* Takes the exclusive lock: waits for it when wait, else 1 when another
 * process holds it. */
int vbw_os_try_lock(vbw_os_file f, bool wait, const char *path);
void vbw_os_unlock(vbw_os_file f);

/* A guest path dir/rel while vbw_file_guest.c walks it: the folders passed,
 * each checked (not a link, a folder), held open; the platform decides how
 * many it keeps (POSIX: the innermost, which openat goes on from; Windows:
 * all, so none can be swapped while the full path is in use). */
struct vbw_os_guest_path {
    const char *dir;  /* the wrapper's own folder (slot or shared/): trusted */
    const char *rel;  /* the guest's part, vbw_file_relpath_is_safe */
    const char *leaf; /* rel's last component, once walked */
    char *path;       /* dir/rel, malloc'd */
    vbw_os_file held[VBW_FILE_RELPATH_DEPTH];
    int n_held;
};

/* Starts the walk at g->dir. */
int vbw_os_guest_start(struct vbw_os_guest_path *g);
/* Goes into the folder named by the len bytes at component, which end rel's
 * first upto bytes: VBW_ERR_NOT_FOUND when absent, VBW_ERR_UNSAFE for a link
 * or anything but a folder. */
int vbw_os_guest_enter(struct vbw_os_guest_path *g, const char *component, size_t len, size_t upto);
/* On g->leaf in the folder walked to: open it to read (a regular file, no
 * link followed, no blocking), stat it (a link is reported, not followed),
 * remove it (a link itself, never its target). */
int vbw_os_guest_open(struct vbw_os_guest_path *g, vbw_os_file *f);
int vbw_os_guest_stat(struct vbw_os_guest_path *g, bool *is_regular, struct timespec *mtime,
                      int64_t *size);
int vbw_os_guest_remove(struct vbw_os_guest_path *g);

/* Reads at most max bytes of f into a NUL-terminated malloc'd *out, *len
 * bytes; *truncated (when not NULL) says whether more was there. what names
 * the file in a message. The bounded read of vbw_file_io.c, which
 * vbw_file_guest.c shares. */
int vbw_file_read_bounded(vbw_os_file f, const char *what, size_t max, char **out, size_t *len,
                          bool *truncated);

#endif
