/*
 * vbw_vbox_posix.c - where VirtualBox is on Linux and macOS
 * (vbw_platform.h): VBoxManage on PATH or where the installers put it, and
 * the settings folder VirtualBox uses by default.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_file.h"
#include "vbw/vbw_platform.h"
#include "vbw/vbw_util.h"

static const char *const install_places[] = {
    "/usr/bin/VBoxManage",
    "/usr/local/bin/VBoxManage",
    "/usr/lib/virtualbox/VBoxManage",
    "/opt/VirtualBox/VBoxManage",
    "/Applications/VirtualBox.app/Contents/MacOS/VBoxManage",
    NULL,
};

bool vbw_platform_is_executable(const char *path)
{
    return access(path, X_OK) == 0;
}

char *vbw_platform_find_vboxmanage(void)
{
    const char *path = getenv("PATH");
    while (path && *path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        /* A relative entry ("", ".") would resolve in the slot directory,
         * where the guest's files are. */
        if (len && path[0] == '/') {
            char *cand = vbw_asprintf("%.*s/VBoxManage", (int)len, path);
            if (cand && vbw_platform_is_executable(cand))
                return cand;
            free(cand);
        }
        path = colon ? colon + 1 : NULL;
    }
    for (size_t i = 0; install_places[i]; i++)
        if (vbw_platform_is_executable(install_places[i]))
            return vbw_strdup(install_places[i]);
    vbw_error_set(VBW_ERR_NOT_FOUND, "VBoxManage not found (VBW_VBOXMANAGE, PATH, %s, ...)",
                  install_places[0]);
    return NULL;
}

char *vbw_platform_virtualbox_home(void)
{
    const char *home = getenv("HOME");
    return vbw_asprintf("%s/.config/VirtualBox", home && *home ? home : ".");
}

/* Upstream's home for a user's VirtualBox: the literal /home/$USER/.config
 * (not $HOME: a BOINC client account's home, e.g. /var/lib/boinc-client,
 * makes upstream use the BOINC folder instead). A $USER naming a path is
 * no user name. */
static char *user_config_home(void)
{
#ifdef __APPLE__
    return NULL; /* upstream always uses the BOINC folder on macOS */
#else
    const char *user = getenv("USER");
    if (!user || !*user || strchr(user, '/') || strcmp(user, "..") == 0 || strcmp(user, ".") == 0)
        return NULL;
    char *config = vbw_asprintf("/home/%s/.config", user);
    struct stat st;
    bool is_dir = config && stat(config, &st) == 0 && S_ISDIR(st.st_mode);
    char *home = is_dir ? vbw_asprintf("%s/VirtualBox", config) : NULL;
    free(config);
    return home;
#endif
}

char *vbw_platform_boinc_virtualbox_home(const char *boinc_dir)
{
    char *home = user_config_home();
    if (home || !boinc_dir || !*boinc_dir)
        return home;
    home = vbw_asprintf("%s/projects/VirtualBox", boinc_dir);
    if (home)
        (void)vbw_file_mkdir_p(home, 0777); /* as boinc_mkdir: the umask decides */
    return home;
}

bool vbw_platform_host_rtc_is_utc(void)
{
    return true; /* Linux and macOS keep the hardware clock in UTC */
}

int vbw_platform_host_virt(struct vbw_host_virt *out)
{
    *out = (struct vbw_host_virt){.firmware_enabled = -1};
    return vbw_error_set(VBW_ERR_UNSUPPORTED,
                         "host virtualisation facts: read from /dev and /proc here");
}

bool vbw_platform_vbox_driver_missing(void)
{
#ifdef __linux__
    /* The device node the vboxdrv module makes when it loads. */
    return access("/dev/vboxdrv", F_OK) != 0 && errno == ENOENT;
#else
    return false; /* macOS: the kext has no node we could look for */
#endif
}
