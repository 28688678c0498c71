/* check_snprintf.py self-test: the checkpoint writer before issue 20.3. */
void f(double x) { char body[512]; int n = snprintf(body, sizeof body, "%f", x); write_all(body, (size_t)n); }
