/* sys/wait.h for Windows builds (see ../vbw_posix_compat.h): an exit status
 * is the process's exit code; there are no signals to die of. */
#ifndef VBW_SYS_WAIT_H
#define VBW_SYS_WAIT_H
#define WNOHANG        1
#define WIFEXITED(s)   1
#define WEXITSTATUS(s) (s)
#define WIFSIGNALED(s) 0
#define WTERMSIG(s)    0
#endif
