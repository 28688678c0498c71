/*
 * vbw_main.c - the vbw executable: everything is in vbw_cli_main().
 */
#include <stdio.h>

#include "vbw_cli.h"

int main(int argc, char **argv)
{
    return vbw_cli_main(argc, argv, stdout, stderr, NULL);
}
