/*
 * vbw_driverless_headless.c -- TEST BENCH ONLY, never shipped.
 *
 * Stands in for /usr/lib/virtualbox/VBoxHeadless inside the real-VirtualBox
 * chroot (tests/realvbox/setup.sh diverts the packaged one with dpkg-divert).
 * The packaged VBoxHeadless is a setuid "hardened" stub that insists on the
 * kernel driver (/dev/vboxdrv), which machines without kernel-module support
 * do not have. VirtualBox 7.2 can run VMs without the driver on its
 * instruction emulator (IEM), but only when the support library is told so
 * at initialisation; the hardened stub never says it.
 *
 * This program does what the stub does, minus the hardening: initialise the
 * runtime, initialise the support library with "unrestricted, driverless IEM
 * allowed", then hand over to VBoxHeadless.so's TrustedMain() with the same
 * arguments. With `VBoxInternal/HM/FallbackToIEM 1` in the VirtualBox home's
 * extradata, `VBoxManage startvm --type headless` then starts a real VM
 * process: the BIOS runs, VBox.log is written, pause/resume, savestate,
 * snapshots and power-off work, and a SIGKILL leaves the VM aborted.
 *
 * Facts used (VirtualBox 7.2 headers, iprt/initterm.h and VBox/sup.h):
 *   int RTR3InitExe(int cArgs, char ***ppapszArgs, uint32_t fFlags);
 *   int SUPR3InitEx(uint32_t fFlags, void **ppSession);
 *   SUPR3INIT_F_UNRESTRICTED = 0x1, SUPR3INIT_F_DRIVERLESS_IEM_ALLOWED = 0x8
 *   VBoxHeadless.so exports int TrustedMain(int argc, char **argv, char **envp).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

#define VBOX_LIB_DIR                    "/usr/lib/virtualbox"
#define SUP_INIT_UNRESTRICTED           0x1u
#define SUP_INIT_DRIVERLESS_IEM_ALLOWED 0x8u

typedef int (*rt_init_exe_fn)(int, char ***, uint32_t);
typedef int (*sup_init_ex_fn)(uint32_t, void **);
typedef int (*trusted_main_fn)(int, char **, char **);

static void *must_sym(void *lib, const char *name)
{
    void *sym = dlsym(lib, name);
    if (!sym)
        fprintf(stderr, "vbw-driverless-headless: %s: %s\n", name, dlerror());
    return sym;
}

int main(int argc, char **argv, char **envp)
{
    void *rt = dlopen(VBOX_LIB_DIR "/VBoxRT.so", RTLD_NOW | RTLD_GLOBAL);
    if (!rt) {
        fprintf(stderr, "vbw-driverless-headless: %s\n", dlerror());
        return 1;
    }
    rt_init_exe_fn rt_init = (rt_init_exe_fn)must_sym(rt, "RTR3InitExe");
    sup_init_ex_fn sup_init = (sup_init_ex_fn)must_sym(rt, "SUPR3InitEx");
    if (!rt_init || !sup_init)
        return 1;
    int rc = rt_init(argc, &argv, 0);
    if (rc < 0) {
        fprintf(stderr, "vbw-driverless-headless: RTR3InitExe failed: %d\n", rc);
        return 1;
    }
    rc = sup_init(SUP_INIT_UNRESTRICTED | SUP_INIT_DRIVERLESS_IEM_ALLOWED, NULL);
    if (rc < 0) {
        fprintf(stderr, "vbw-driverless-headless: SUPR3InitEx failed: %d\n", rc);
        return 1;
    }
    void *headless = dlopen(VBOX_LIB_DIR "/VBoxHeadless.so", RTLD_NOW | RTLD_GLOBAL);
    if (!headless) {
        fprintf(stderr, "vbw-driverless-headless: %s\n", dlerror());
        return 1;
    }
    trusted_main_fn trusted_main = (trusted_main_fn)must_sym(headless, "TrustedMain");
    if (!trusted_main)
        return 1;
    return trusted_main(argc, argv, envp);
}
