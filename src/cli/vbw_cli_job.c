/*
 * vbw_cli_job.c - vbw job check FILE: parses a vbox_job.xml exactly as the
 * wrapper will, prints its warnings and the effective configuration, and
 * exits 1 when the wrapper would refuse it.
 */
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw_cli.h"
#include "vbw_cli_json.h"
#include "vbw/vbw_job.h"

struct job_warnings {
    struct vbw_cli *cli;
    struct vbw_json *json; /* inside the "warnings" array, or NULL */
    int count;
};

static void on_warning(const char *line, void *opaque)
{
    struct job_warnings *w = opaque;
    w->count++;
    if (w->json)
        vbw_json_string(w->json, line);
    else
        fprintf(w->cli->err, "vbw: job: warning: %s\n", line);
}

/* The settings a project admin most often gets wrong, as the wrapper sees
 * them after defaults and clamping. */
static void print_summary(struct vbw_cli *cli, const struct vbw_job *job)
{
    vbw_job_report(cli->out, job);
}

static const char job_usage[] =
    "Usage: vbw job check FILE [OPTIONS]\n"
    "Parses a vbox_job.xml as the wrapper does: warnings on stderr, the\n"
    "effective settings on stdout, exit 1 when the wrapper would refuse it.\n";

int vbw_cli_cmd_job(struct vbw_cli *cli, int argc, char **argv)
{
    struct vbw_cli_args args;
    int code = vbw_cli_parse_verb(cli, "job", argc, argv, NULL, job_usage, &args);
    if (code || args.help)
        return code;
    if (args.n_positional != 2 || strcmp(args.positional[0], "check") != 0)
        return vbw_cli_usage_error(cli, "job", "expects 'check FILE'");
    const char *path = args.positional[1];
    struct vbw_job job;
    struct vbw_json j;
    struct job_warnings w = {.cli = cli};
    int wrapper_exit = 0;
    vbw_job_init(&job);
    if (cli->json) {
        vbw_json_init(&j, cli->out);
        vbw_json_object_begin(&j);
        vbw_json_kv_string(&j, "file", path);
        vbw_json_key(&j, "warnings");
        vbw_json_array_begin(&j);
        w.json = &j;
    }
    int rc = vbw_job_parse_file(path, &job, on_warning, &w, &wrapper_exit);
    if (cli->json) {
        vbw_json_array_end(&j);
        vbw_json_kv_bool(&j, "ok", rc == 0);
        if (rc < 0) {
            vbw_cli_json_error(&j);
            vbw_json_kv_int(&j, "wrapper_exit_code", wrapper_exit);
        }
        vbw_json_object_end(&j);
        vbw_json_finish(&j);
    }
    if (rc < 0) {
        code = vbw_cli_report_error(cli, path);
    } else if (!cli->json) {
        print_summary(cli, &job);
        fprintf(cli->out, "%s: OK (%d warning%s)\n", path, w.count, w.count == 1 ? "" : "s");
    }
    vbw_job_clear(&job);
    return code;
}
