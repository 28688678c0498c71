/*
 * vbw_file.h - file access with the safety rules vbw keeps:
 * state files are replaced atomically (temp file, fsync, rename, fsync dir),
 * and files the guest can write are read bounded, without following
 * symlinks and without blocking on FIFOs or devices.
 * The rules are written once in src/platform/ (vbw_file_path.c, _io.c,
 * _guest.c, _lock.c) over each platform's primitives (vbw_file_os.h:
 * vbw_file_posix.c and vbw_file_folder_posix.c, or their _win32 twins).
 */
#ifndef VBW_FILE_H
#define VBW_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Writes len bytes to path atomically: a kill at any moment leaves either
 * the old file or the new one, never a mix or nothing. */
int vbw_file_write_atomic(const char *path, const void *data, size_t len);

/* Writes all len bytes of data to fd, again after a short write or EINTR.
 * Returns 0, or -1 with errno set: the caller's message names the file. */
int vbw_fd_write_all(int fd, const void *data, size_t len);

/* Reads a whole trusted file (our own state, job files) of at most max bytes.
 * *out is malloc'd, NUL-terminated; caller frees. VBW_ERR_TOO_BIG past max. */
int vbw_file_read_all(const char *path, size_t max, char **out, size_t *len);

/* Reads an untrusted file (written by the guest) at rel inside the trusted
 * folder dir (the slot's shared/, or the slot). rel is a plain file name or
 * a relative path of plain names joined by '/' ("results/progress"; see
 * vbw_file_relpath_is_safe). Every folder on the way is opened without
 * following a link (POSIX: openat with O_NOFOLLOW | O_DIRECTORY per
 * component; Windows: each folder opened as itself, refused when it is a
 * reparse point, and held so it cannot be swapped while in use), so a guest
 * that turns a folder into a link out of the slot gets VBW_ERR_UNSAFE, not
 * a read of the host's file. The final component is opened with
 * O_NOFOLLOW|O_NONBLOCK, must be a regular file, and at most max bytes are
 * read (the rest ignored, *truncated set). VBW_ERR_NOT_FOUND when absent (a
 * folder on the way included); VBW_ERR_UNSAFE for a link, FIFO, device or
 * bad path. *out is malloc'd, NUL-terminated; caller frees. */
int vbw_file_read_untrusted(const char *dir, const char *rel, size_t max, char **out, size_t *len,
                            bool *truncated);

/* Stat of an untrusted file at rel inside dir (folders walked as for
 * vbw_file_read_untrusted) without following a link: exists, regular,
 * mtime. VBW_ERR_NOT_FOUND when absent. */
int vbw_file_stat_untrusted(const char *dir, const char *rel, bool *is_regular,
                            struct timespec *mtime, int64_t *size);

/* Removes the file at rel inside dir (folders walked as for
 * vbw_file_read_untrusted); a link is removed itself, never its target.
 * Absent is not an error. */
int vbw_file_remove_untrusted(const char *dir, const char *rel);

/* True when name is a plain file name: not empty, no '/' or backslash, not "." or
 * "..", at most 255 bytes (Windows: no ':', no trailing '.' or ' '). */
bool vbw_file_name_is_plain(const char *name);

/* Longest relative path and most components a guest file may have. */
#define VBW_FILE_RELPATH_MAX   1024
#define VBW_FILE_RELPATH_DEPTH 32

/* True when rel is a safe path inside a folder: plain names (above) joined
 * by single '/', so not absolute, no empty, "." or ".." component, no
 * backslash; at most VBW_FILE_RELPATH_MAX bytes and VBW_FILE_RELPATH_DEPTH
 * components. A plain name is such a path. */
bool vbw_file_relpath_is_safe(const char *rel);

/* A secret for another program that must not go on its command line (where
 * every user sees it): written into a new file of its own in a new folder
 * only this user can open, under the temporary directory (TMPDIR, TEMP,
 * else /tmp). *path is malloc'd; remove it with vbw_file_secret_remove,
 * which also frees it. */
int vbw_file_secret_write(const char *name, const void *data, size_t len, char **path);
void vbw_file_secret_remove(char *path);

bool vbw_file_exists(const char *path);
/* Copies from into a new file to: anything already at to (a symbolic link,
 * dangling or not, included) is neither followed nor replaced (an error). */
int vbw_file_copy(const char *from, const char *to);
int vbw_file_mkdir_p(const char *path, int mode);
/* Joins two path parts with one separator; malloc'd, caller frees. */
char *vbw_path_join(const char *a, const char *b);
/* This host's path rules, for paths VirtualBox reports (a VM's settings
 * file, a medium): absolute or not, and the last separator ('/'; on Windows
 * '\\' too), NULL when there is none. */
bool vbw_path_is_absolute(const char *path);
const char *vbw_path_last_separator(const char *path);
/* Whether a and b name the same path as this host spells paths (Windows:
 * either separator, letters in any case), and whether path lies inside
 * folder dir: what vbw built ("C:\\slots\\3/vm_image.vdi") matches what
 * VirtualBox reports ("C:\\slots\\3\\vm_image.vdi"). Text only: no link
 * is followed, no file need exist. */
bool vbw_path_equal(const char *a, const char *b);
bool vbw_path_is_under(const char *path, const char *dir);
/* Whether path lies inside the folder holding file (a VM's own files:
 * inside the folder of its settings file); false when file has no folder. */
bool vbw_path_in_folder_of(const char *path, const char *file);

/* What makes a file the same file across renames: device + inode on POSIX,
 * volume serial + file index on Windows (where st_ino is always 0). */
struct vbw_file_id {
    uint64_t volume;
    uint64_t index;
};

static inline bool vbw_file_id_equal(const struct vbw_file_id *a, const struct vbw_file_id *b)
{
    return a->volume == b->volume && a->index == b->index;
}

/* A file read at offsets while another process appends to it or rotates it
 * away (VirtualBox's VBox.log). Opening does not follow a final symbolic
 * link (VBW_ERR_UNSAFE) and refuses anything but a regular file
 * (VBW_ERR_UNSAFE); VBW_ERR_NOT_FOUND when absent. *id and *size describe
 * the file opened. Close with vbw_file_reader_close. */
struct vbw_file_reader;
int vbw_file_reader_open(const char *path, struct vbw_file_reader **out, struct vbw_file_id *id,
                         int64_t *size);
/* Reads at most len bytes at offset; *got is 0 at the end of the file. */
int vbw_file_reader_pread(struct vbw_file_reader *r, int64_t offset, void *buf, size_t len,
                          size_t *got);
void vbw_file_reader_close(struct vbw_file_reader *r);

/* The last max bytes of a log file, from its first whole line on (all of a
 * shorter file), opened as vbw_file_reader_open does: no final symbolic link
 * followed, nothing but a regular file read (VBW_ERR_UNSAFE),
 * VBW_ERR_NOT_FOUND when absent. *out is malloc'd, NUL-terminated. */
int vbw_file_read_tail(const char *path, size_t max, char **out);

/* A cross-process advisory lock on a file (created when missing), held until
 * vbw_file_unlock. Used for the multiattach parent disk. wait_ms < 0 waits
 * forever; VBW_ERR_TIMEOUT when not obtained in time. */
struct vbw_file_lock;
int vbw_file_lock(const char *path, int wait_ms, struct vbw_file_lock **out);
void vbw_file_unlock(struct vbw_file_lock *lock);

#endif
