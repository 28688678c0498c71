/* check_no_shell.py self-test: nothing here may be reported. Like system(),
 * a comment may name the functions. */
#include <stdio.h>
struct s { int (*system)(void); };
static int my_system(void) { return 0; }
void g(struct s *x)
{
    puts("system(\"not a call\")"); // popen( in a comment
    x->system();
    (void)my_system();
}
