/*
 * vbw_net_win32.c - a free loopback TCP port on Windows: the BSD socket
 * calls of vbw_net_posix.c after WSAStartup (Winsock refuses every call
 * before it).
 */
#include <winsock2.h>

#include <string.h>

#include "vbw/vbw_platform.h"

int vbw_net_free_port(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 0;
    int port = 0;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s != INVALID_SOCKET) {
        struct sockaddr_in a;
        int len = sizeof a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        /* Port 0: the system picks one that is free now. */
        if (bind(s, (struct sockaddr *)&a, sizeof a) == 0 &&
            getsockname(s, (struct sockaddr *)&a, &len) == 0)
            port = ntohs(a.sin_port);
        closesocket(s);
    }
    WSACleanup();
    return port;
}
