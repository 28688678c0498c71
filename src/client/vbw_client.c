/* vbw_client.c - what every client backend shares. */
#include "vbw/vbw_client.h"

void vbw_client_free(struct vbw_client *c)
{
    if (c && c->ops->free)
        c->ops->free(c);
}
