/* check_no_shell.py self-test: each line marked as bad must be reported. */
#include <stdio.h>
#include <stdlib.h>
void f(const char *dir)
{
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) /* BAD */
        return;
    FILE *p = popen("ls", "r"); /* BAD */
    pclose(p);
    (void)_wsystem(L"dir"); /* BAD */
}
