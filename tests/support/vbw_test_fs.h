/* tests/support/vbw_test_fs.h - file-system chores of the test programs.
 *
 * One portable definition instead of `system("rm -rf ...")` in each test:
 * under wine that runs cmd.exe, which has no rm, so every Windows test run
 * left its temporary slot behind (and paid a cmd.exe start per scenario).
 */
#ifndef VBW_TEST_FS_H
#define VBW_TEST_FS_H

/* Removes PATH and everything under it, never following a symbolic link
 * (a link is removed, not its target). 0 when PATH is gone, -1 otherwise. */
int vbw_test_rmtree(const char *path);

#endif
