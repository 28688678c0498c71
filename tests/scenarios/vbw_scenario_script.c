/*
 * vbw_scenario_script.c - the scripted BOINC client (<client>: "TIME ACTION
 * [FILE] [CONTENT]" lines on the fake client's clock), the hooks that act on
 * the VM side at a scripted time, and how a run prints itself (-v).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support/vbw_fake_hv.h"
#include "vbw_scenario.h"

void scenario_observer(enum vbw_task_state s, const char *event, void *opaque)
{
    if (scenario_verbose)
        printf("%9.1f s  [%-13s] %s\n", scenario_client->ops->now(scenario_client),
               vbw_task_state_name(s), event);
}

void scenario_sink(enum vbw_log_level level, const char *line, void *opaque)
{
    struct vbw_buf *b = opaque;
    vbw_buf_puts(b, line);
    vbw_buf_puts(b, "\n");
    if (scenario_verbose)
        printf("             stderr: %s\n", line);
}

/* The task's process_alive: the VM process lives until the script kills it
 * (never a real process: a pid in a scenario is only a number). */
bool scenario_process_alive(int pid, void *opaque)
{
    const struct scenario_hooks *h = opaque;
    return pid > 0 && !h->vm_process_dead;
}

void scenario_hook(double t, enum vbw_fake_action a, const char *path, const char *content, void *o)
{
    struct scenario_hooks *h = o;
    if (a == VBW_FAKE_HOOK && path && strcmp(path, "vm-process-dies") == 0)
        h->vm_process_dead = true;
    if (a == VBW_FAKE_HOOK && path && h->hv) {
        if (strcmp(path, "vm-poweroff") == 0)
            vbw_fake_hv_guest_state(h->hv, h->vm, VBW_VM_POWEROFF);
        else if (strcmp(path, "vm-aborted") == 0)
            vbw_fake_hv_guest_state(h->hv, h->vm, VBW_VM_ABORTED);
        else if (strcmp(path, "vm-gurumeditation") == 0)
            vbw_fake_hv_guest_state(h->hv, h->vm, VBW_VM_GURU_MEDITATION);
        else if (strcmp(path, "guest-oom") == 0)
            vbw_fake_hv_guest_out_of_memory(h->hv, h->vm);
    }
    if (scenario_verbose) {
        const char *shown = path ? path : "";
        if (path && strncmp(path, h->slot, strlen(h->slot)) == 0)
            shown = path + strlen(h->slot) + 1;
        printf("%9.1f s  client: %s %s\n", t, vbw_fake_action_name(a), shown);
    }
}

int scenario_script_load(struct vbw_client *c, const char *script_in, const char *slot,
                         const char *vm)
{
    if (!script_in)
        return 0;
    char *script = scenario_expand_names(script_in, vm, slot);
    char line[2048];
    for (const char *p = script; *p;) {
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        p += n + (p[n] == '\n');
        double t;
        char action[64], arg[512] = "";
        int used = 0;
        if (line[0] == '#' || sscanf(line, "%lf %63s %n", &t, action, &used) < 2)
            continue;
        const char *rest = line + used;
        sscanf(rest, "%511s", arg);
        const char *content = strchr(rest, ' ');
        if (strncmp(action, "vm-", 3) == 0 || strcmp(action, "guest-oom") == 0) {
            vbw_client_fake_at(c, t, VBW_FAKE_HOOK, action, NULL);
            continue;
        }
        int a = vbw_fake_action_parse(action);
        if (a < 0) {
            fprintf(stderr, "unknown client action: %s\n", action);
            free(script);
            return -1;
        }
        if (a == VBW_FAKE_WRITE_FILE || a == VBW_FAKE_APPEND_FILE || a == VBW_FAKE_REMOVE_FILE ||
            a == VBW_FAKE_TOUCH_FILE || a == VBW_FAKE_MKDIR) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", slot, arg);
            char *text = scenario_unescape(content ? content + 1 : "");
            vbw_client_fake_at(c, t, (enum vbw_fake_action)a, path, text);
            free(text);
        } else {
            vbw_client_fake_at(c, t, (enum vbw_fake_action)a, arg[0] ? arg : NULL, NULL);
        }
    }
    free(script);
    return 0;
}
