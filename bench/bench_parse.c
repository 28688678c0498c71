/*
 * bench_parse.c - bin/vbw-bench-parse: parser throughput, printed, never
 * asserted (issue 9). Times vbw_vbm_parse_vminfo() over a `showvminfo
 * --machinereadable` fixture and vbw_vbm_parse_log_line() over the lines of
 * a VBox.log, each in a loop for a fixed wall time, and prints calls/s and
 * lines/s.
 *
 * Then the catch-up figure of issue 20.18: polls and CPU time until the real
 * log_poll sees a power-off behind 50 MB of guest log lines.
 *
 * usage: vbw-bench-parse [-t SECONDS] SHOWVMINFO_FIXTURE [VBOX_LOG]
 *   The fixture may carry the "# ... / # ---" header of fixtures/; the part
 *   after "# ---" is parsed. Without VBOX_LOG a built-in log is used: the
 *   line shapes of a real VirtualBox 7.0 VBox.log (timestamps, the
 *   "Process ID:" header, "Changing the VM state" and "Console: Machine
 *   state changed to" lines, Guest Log lines), mostly lines that mean
 *   nothing to the wrapper, as in a real log.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vbw/vbw_cmd.h"

#include "vbw/vbw_hv.h"
#include "vbw_vbm_parse.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The whole file, NUL-terminated; NULL when unreadable. Caller frees. */
static char *read_whole(const char *path, size_t *len)
{
    char *data = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0)
        goto cleanup;
    long size = ftell(f);
    if (size < 0 || fseek(f, 0, SEEK_SET) != 0)
        goto cleanup;
    data = malloc((size_t)size + 1);
    if (!data)
        goto cleanup;
    *len = fread(data, 1, (size_t)size, f);
    data[*len] = '\0';
cleanup:
    fclose(f);
    return data;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    if (len && text[len - 1] != '\n')
        n++;
    return n;
}

static const char *const builtin_log_shapes[] = {
    "00:00:00.019783 Process ID: 4242",
    "00:00:00.019783 Package type: LINUX_64BITS_GENERIC",
    "00:00:00.024768 Console: Machine state changed to 'Starting'",
    "00:00:00.032723 SUP: seg #0: R   0x00000000 LB 0x0004c000",
    "00:00:00.277005 Changing the VM state from 'CREATED' to 'POWERING_ON'",
    "00:00:00.277257 Changing the VM state from 'POWERING_ON' to 'RUNNING'",
    "00:00:00.277267 Console: Machine state changed to 'Running'",
    "00:00:00.281612 VMMDev: Guest Log: BIOS: VirtualBox 7.0.10",
    "00:00:00.281847 PCI: setting up resources and interrupts",
    "00:00:00.282270 PIT: mode=2 count=0x10000 (65536) - 18.20 Hz (ch=0)",
    "00:00:03.102938 AHCI#0: Port 0 reset",
    "00:00:05.493021 VMMDev: Guest Additions information report: Version 7.0.10 r158379",
    "00:00:07.128371 NAT: DHCP offered IP address 10.0.2.15",
    "00:00:09.991203 VMMDev: Guest Log: [boinc] job started",
    "00:00:10.000318 TM: Giving up catch-up attempt at a 60 000 068 ns lag",
    "00:01:12.317260 VMMDev: GuestHeartBeat: Guest is alive",
};

/* The built-in log: the shapes above repeated to n_lines lines. */
static char *builtin_log(size_t n_lines, size_t *len)
{
    size_t n_shapes = sizeof builtin_log_shapes / sizeof builtin_log_shapes[0];
    size_t cap = n_lines * 128 + 1;
    char *text = malloc(cap);
    if (!text)
        return NULL;
    size_t used = 0;
    for (size_t i = 0; i < n_lines; i++) {
        const char *line = builtin_log_shapes[i % n_shapes];
        size_t n = strlen(line);
        if (n + 2 > cap - used)
            break;
        memcpy(text + used, line, n);
        used += n;
        text[used++] = '\n';
    }
    text[used] = '\0';
    *len = used;
    return text;
}

static void bench_vminfo(const char *path, double seconds)
{
    size_t len = 0;
    char *data = read_whole(path, &len);
    if (!data) {
        printf("showvminfo parse: cannot read %s\n", path);
        return;
    }
    const char *text = data;
    const char *marker = strstr(data, "# ---\n");
    if (marker)
        text = marker + 6;
    size_t text_len = len - (size_t)(text - data);
    size_t lines = count_lines(text, text_len);

    struct vbw_hv_vm_info info;
    memset(&info, 0, sizeof info);
    if (vbw_vbm_parse_vminfo(text, text_len, &info) < 0) {
        printf("showvminfo parse: %s does not parse\n", path);
        free(data);
        return;
    }
    vbw_hv_vm_info_clear(&info);

    unsigned long calls = 0;
    double start = now_s(), elapsed = 0;
    while (elapsed < seconds) {
        for (int i = 0; i < 100; i++) {
            memset(&info, 0, sizeof info);
            vbw_vbm_parse_vminfo(text, text_len, &info);
            vbw_hv_vm_info_clear(&info);
        }
        calls += 100;
        elapsed = now_s() - start;
    }
    printf("showvminfo --machinereadable parse: %.0f outputs/s, %.0f lines/s, %.2f us per output "
           "(%zu lines, %zu bytes: %s)\n",
           (double)calls / elapsed, (double)calls * (double)lines / elapsed,
           elapsed * 1e6 / (double)calls, lines, text_len, path);
    free(data);
}

static void bench_log(const char *path, double seconds)
{
    size_t len = 0;
    char *text = path ? read_whole(path, &len) : builtin_log(4096, &len);
    if (!text) {
        printf("VBox.log line parse: cannot read %s\n", path ? path : "(built-in)");
        return;
    }
    unsigned long lines = 0, meaningful = 0;
    double start = now_s(), elapsed = 0;
    while (elapsed < seconds) {
        struct vbw_hv_log_events ev;
        memset(&ev, 0, sizeof ev);
        const char *p = text, *end = text + len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            meaningful += vbw_vbm_parse_log_line(p, n, &ev);
            lines++;
            p += n + 1;
        }
        elapsed = now_s() - start;
    }
    printf("VBox.log line parse: %.0f lines/s, %.3f us per line (%.1f%% of lines meant "
           "something; %s)\n",
           (double)lines / elapsed, elapsed * 1e6 / (double)lines,
           lines ? 100.0 * (double)meaningful / (double)lines : 0.0,
           path ? path : "built-in 7.0-shaped log");
    free(text);
}

/* Issue 20.18: how long a chatty guest delays seeing a state change. Writes
 * MB megabytes of "VMMDev: Guest Log:" lines and then the power-off line into
 * a VBox.log, and runs the backend's real log_poll until it reports the
 * state: the polls needed (the task polls once a second, so that many
 * seconds late) and the CPU time they cost. */
static void bench_catch_up(int mb)
{
    char dir[] = "/tmp/vbw-bench-log-XXXXXX";
    if (!mkdtemp(dir)) {
        printf("VBox.log catch-up: cannot make a folder\n");
        return;
    }
    char log[64];
    snprintf(log, sizeof log, "%s/VBox.log", dir);
    FILE *f = fopen(log, "w");
    if (!f) {
        printf("VBox.log catch-up: cannot write %s\n", log);
        rmdir(dir);
        return;
    }
    fputs("00:00:00.019783 Process ID: 4242\n"
          "00:00:00.277267 Console: Machine state changed to 'Running'\n",
          f);
    const char *guest = "00:00:09.991203 VMMDev: Guest Log: [boinc] event processed, progress "
                        "42%, nothing the wrapper needs to know\n";
    size_t total = (size_t)mb << 20;
    for (size_t written = 0; written < total; written += strlen(guest))
        fputs(guest, f);
    fputs("00:05:00.000000 Console: Machine state changed to 'PoweredOff'\n", f);
    fclose(f);

    struct vbw_cmd *cmd = NULL;
    struct vbw_hv *hv = NULL;
    if (vbw_cmd_default_new(&cmd) < 0 || vbw_hv_vboxmanage_new(cmd, "VBoxManage", &hv) < 0) {
        printf("VBox.log catch-up: cannot make the backend\n");
        goto cleanup;
    }
    int polls = 0;
    clock_t cpu0 = clock();
    double wall0 = now_s();
    struct vbw_hv_log_events ev;
    do {
        memset(&ev, 0, sizeof ev);
        if (hv->ops->log_poll(hv, dir, &ev) < 0)
            break;
        polls++;
    } while (ev.state != VBW_VM_POWEROFF && polls < 100000);
    double cpu = (double)(clock() - cpu0) / CLOCKS_PER_SEC, wall = now_s() - wall0;
    printf("VBox.log catch-up: %d MB of guest log lines, then a power-off: seen after %d "
           "poll(s) (the task polls once a second: ~%d s late), %.0f ms CPU, %.0f ms wall in "
           "log_poll\n",
           mb, polls, polls - 1, cpu * 1e3, wall * 1e3);
cleanup:
    vbw_hv_free(hv);
    vbw_cmd_free(cmd);
    unlink(log);
    rmdir(dir);
}

int main(int argc, char **argv)
{
    double seconds = 1.0;
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "-t") == 0) {
        seconds = atof(argv[arg + 1]);
        arg += 2;
    }
    if (arg >= argc || seconds <= 0) {
        fprintf(stderr, "usage: vbw-bench-parse [-t SECONDS] SHOWVMINFO_FIXTURE [VBOX_LOG]\n");
        return 2;
    }
    bench_vminfo(argv[arg], seconds);
    bench_log(arg + 1 < argc ? argv[arg + 1] : NULL, seconds);
    bench_catch_up(50);
    return 0;
}
