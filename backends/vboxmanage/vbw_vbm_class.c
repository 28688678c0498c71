/*
 * vbw_vbm_class.c - VirtualBox's failures in the hypervisor interface's
 * words (enum vbw_error_class, vbw_error.h): the HRESULT of VBoxManage's
 * error trailer, and the IPRT status (VERR_*) a VM process that could not
 * run leaves in VBox.log or in startvm's answer. The task decides on the
 * class alone; the message keeps VirtualBox's own text.
 */
#include <string.h>

#include "vbw/vbw_error.h"
#include "vbw/vbw_hv.h"
#include "vbw/vbw_vbox_error.h"
#include "vbw_vbm_backend.h"

static const struct {
    uint32_t hresult;
    enum vbw_error_class error_class;
} by_hresult[] = {
    {VBW_HR_VBOX_E_OBJECT_NOT_FOUND, VBW_CLASS_NOT_FOUND},
    /* What Main answers while another process holds the machine's session
     * (upstream's "VM session lock error"). */
    {VBW_HR_VBOX_E_INVALID_OBJECT_STATE, VBW_CLASS_LOCKED},
    {VBW_HR_VBOX_E_INVALID_VM_STATE, VBW_CLASS_INVALID_STATE},
    {VBW_HR_E_OUTOFMEMORY, VBW_CLASS_OUT_OF_MEMORY},
    /* VBoxSVC could not be started or reached, or went away. */
    {VBW_HR_CO_E_SERVER_EXEC_FAILURE, VBW_CLASS_HOST_NOT_READY},
    {VBW_HR_RPC_S_SERVER_UNAVAILABLE, VBW_CLASS_HOST_NOT_READY},
    {VBW_HR_NS_ERROR_CALL_FAILED, VBW_CLASS_HOST_NOT_READY},
};

enum vbw_error_class vbw_hv_vboxmanage_class_of_hresult(uint32_t hresult, const char *message)
{
    /* VBoxManage's own words when it cannot connect to VBoxSVC at all,
     * whatever code the COM/XPCOM glue put on them. */
    if (message && strstr(message, "Failed to create the VirtualBox object"))
        return VBW_CLASS_HOST_NOT_READY;
    for (size_t i = 0; i < sizeof by_hresult / sizeof by_hresult[0]; i++)
        if (by_hresult[i].hresult == hresult)
            return by_hresult[i].error_class;
    return VBW_CLASS_NONE;
}

enum vbw_error_class vbw_hv_vboxmanage_class_of_status(const char *status)
{
    if (!status)
        return VBW_CLASS_NONE;
    /* Another hypervisor (KVM, Hyper-V) holds VT-x / AMD-V. */
    if (strstr(status, "VERR_VMX_IN_VMX_ROOT_MODE") || strstr(status, "VERR_SVM_IN_USE"))
        return VBW_CLASS_HWACCEL_IN_USE;
    if (strncmp(status, "VERR_VMX_", 9) == 0 || strncmp(status, "VERR_SVM_", 9) == 0)
        return VBW_CLASS_NO_HWACCEL;
    if (strncmp(status, "VERR_NO_MEMORY", 14) == 0 || strncmp(status, "VERR_EM_NO_MEMORY", 17) == 0)
        return VBW_CLASS_OUT_OF_MEMORY;
    return VBW_CLASS_NONE;
}

void vbw_vbm_hwaccel_status_in(const char *text, char *status, size_t size)
{
    const char *v = text ? strstr(text, "VERR_VMX_") : NULL;
    if (!v && text)
        v = strstr(text, "VERR_SVM_");
    status[0] = '\0';
    if (!v || size == 0)
        return;
    size_t n = strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    if (n >= size)
        n = size - 1;
    memcpy(status, v, n);
    status[n] = '\0';
}
