/* check_snprintf.py self-test: the accepted forms. */
int f(char *b, size_t size, const char *s)
{
    char path[64];
    snprintf(path, sizeof path, "%s", s);            /* value ignored */
    int n = snprintf(b, size, "<%s>", s);
    if (n < 0 || (size_t)n >= size)
        return -1;
    int len = vsnprintf(NULL, 0, "%s", s);            /* length query */
    int k = snprintf(path, sizeof path, "%s", s);
    return emit(b, (size_t)n) + len + (k > 0 && (size_t)k < sizeof path);
}

void g(char *b, size_t size, const char *s, int c)
{
    if (c)
        snprintf(b, size, "%s", s);
    else
        snprintf(b, size, "-%s", s);
    switch (c) {
    case 1:
        snprintf(b, size, "one");
    }
}
