/* check_snprintf.py self-test: snprintf's value advances a pointer. */
void f(char *p, char *end, int v) { p += snprintf(p, (size_t)(end - p), "%d,", v); }
