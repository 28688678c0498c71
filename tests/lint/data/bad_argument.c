/* check_snprintf.py self-test: snprintf's value passed on as a length. */
void f(int fd, char *b, size_t size, int v) { write(fd, b, snprintf(b, size, "%d", v)); }
