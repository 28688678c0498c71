/* helper_cmd.h - small helpers shared by the cmd tests. */
#ifndef HELPER_CMD_H
#define HELPER_CMD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Writes text to a fresh temporary file; returns its malloc'd path. */
static inline char *helper_write_temp(const char *text)
{
    char *path = strdup("/tmp/vbw-cmd-test-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        abort();
    size_t len = strlen(text);
    if (write(fd, text, len) != (ssize_t)len)
        abort();
    close(fd);
    return path;
}

#endif
