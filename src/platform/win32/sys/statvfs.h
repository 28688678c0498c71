/* sys/statvfs.h for Windows builds (see ../vbw_posix_compat.h): free space
 * through GetDiskFreeSpaceExW. */
#ifndef VBW_SYS_STATVFS_H
#define VBW_SYS_STATVFS_H
struct statvfs {
    unsigned long f_bsize;
    unsigned long f_frsize;
    unsigned long long f_blocks;
    unsigned long long f_bfree;
    unsigned long long f_bavail;
};
int statvfs(const char *path, struct statvfs *out);
#endif
