/* check_snprintf.py self-test: only the error case is checked. */
int f(char *b, size_t size, const char *s)
{
    int n = snprintf(b, size, "%s", s);
    if (n < 0)
        return -1;
    return emit(b, (size_t)n);
}
