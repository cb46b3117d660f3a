/* Wireshark extcap: the sources -D finds, offered as Wireshark interfaces.
 * Interface names are plain words (Wireshark keeps per-interface
 * preferences under them), mapped back to -i specs here. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "kernel-qrtr.h"
#include "qrtr-capture.h"
#include "sysfs-read.h"
#include "usb-sysfs.h"

#define USBMON_PREFIX "qmi-usbmon-"
#define BRIDGE_PREFIX "qmi-bridge-"
#define QRTR_INTERFACE "qrtr" /* the eBPF tap; its checks (root, BTF) run at capture start */

int
extcap_interfaces (void)
{
  GPtrArray *ports = usb_sysfs_ports ();

  printf ("extcap {version=%s}{display=QMI capture (qrtr-capture)}\n", QRTR_CAPTURE_VERSION);
  for (guint i = 0; i < ports->len; i++) {
    const UsbPort *p = g_ptr_array_index (ports, i);
    char *desc = usb_port_describe (p);
    if (p->bus)
      printf ("interface {value=" USBMON_PREFIX "%s}{display=QMI over usbmon: %s (%s)}\n", p->node, p->dev_path, desc);
    printf ("interface {value=" BRIDGE_PREFIX "%s}{display=QMI bridge: %s (%s)}\n", p->node, p->dev_path, desc);
    g_free (desc);
  }
  g_ptr_array_unref (ports);
  if (kernel_has_qrtr ())
    printf ("interface {value=" QRTR_INTERFACE "}{display=QRTR: all of this machine's QRTR traffic (eBPF tap; root, kernel BTF)}\n");
  return 0;
}

/* Wireshark passes back one of the names extcap_interfaces printed, and
 * those names are printed again into extcap output (--extcap-config): only
 * a name this machine lists now is accepted, compared whole, so no other
 * text (a newline, a brace, a path) ever reaches that output or the -i spec.
 * qrtr is taken even when not listed now: the tap then says what is missing. */
char *
extcap_interface_to_source (const char *iface)
{
  GPtrArray *ports = usb_sysfs_ports ();
  char *source = NULL;

  if (g_str_equal (iface, QRTR_INTERFACE)) {
    g_ptr_array_unref (ports);
    return g_strdup ("qrtr");
  }
  for (guint i = 0; i < ports->len && !source; i++) {
    const UsbPort *p = g_ptr_array_index (ports, i);
    char *usbmon = g_strconcat (USBMON_PREFIX, p->node, NULL);
    char *bridge = g_strconcat (BRIDGE_PREFIX, p->node, NULL);
    if (p->bus && g_str_equal (iface, usbmon))
      source = g_strdup_printf ("usbmon:%s/%s", sysfs_dev_dir (), p->node);
    else if (g_str_equal (iface, bridge))
      source = g_strdup_printf ("bridge:%s/%s", sysfs_dev_dir (), p->node);
    g_free (usbmon);
    g_free (bridge);
  }
  g_ptr_array_unref (ports);
  return source;
}

int
extcap_dlts (const char *iface)
{
  char *src = iface ? extcap_interface_to_source (iface) : NULL;

  if (!src) {
    g_printerr ("qrtr-capture: --extcap-dlts needs --extcap-interface with one of --extcap-interfaces\n");
    return 2;
  }
  g_free (src);
  if (g_str_has_prefix (iface, USBMON_PREFIX))
    printf ("dlt {number=220}{name=USB_LINUX_MMAPPED}{display=USB packets with Linux usbmon header}\n");
  else if (g_str_equal (iface, QRTR_INTERFACE))
    printf ("dlt {number=252}{name=WIRESHARK_UPPER_PDU}{display=QRTR packets as Exported PDU}\n");
  else
    printf ("dlt {number=252}{name=WIRESHARK_UPPER_PDU}{display=QMUX frames as Exported PDU}\n");
  return 0;
}

char *
extcap_default_bridge_link (const char *node)
{
  return g_strdup_printf ("%s/qmi-bridge-%s", g_get_user_runtime_dir (), node);
}

/* A capture that fails before its output is open must still open and close
 * Wireshark's fifo: Wireshark 4.0 waits for the fifo (its capture child
 * blocks opening it) and shows the extcap's stderr only once the capture
 * ends; an end of file on the fifo ends it at once. Non-blocking: when no
 * one reads the fifo any more there is nothing to release. */
void
extcap_release_fifo (const char *fifo)
{
  int fd = open (fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    close (fd);
}

int
extcap_config (const char *iface)
{
  char *src = iface ? extcap_interface_to_source (iface) : NULL;

  if (!src) {
    g_printerr ("qrtr-capture: --extcap-config needs --extcap-interface with one of --extcap-interfaces\n");
    return 2;
  }
  if (g_str_equal (iface, QRTR_INTERFACE))
    printf ("arg {number=0}{call=--qrtr-filter}{display=Only}{type=string}{required=false}"
            "{tooltip=One service (dms, or its number) or one address (NODE:PORT); empty keeps everything}\n");
  if (g_str_has_prefix (iface, BRIDGE_PREFIX)) {
    /* Wireshark runs extcaps as the user: the default must be a path that
     * user can create, so the user's runtime directory ($XDG_RUNTIME_DIR) */
    char *link = extcap_default_bridge_link (iface + strlen (BRIDGE_PREFIX));
    printf ("arg {number=0}{call=--bridge-link}{display=Client link}{type=string}{required=true}"
            "{default=%s}{tooltip=Clients (qmicli, ModemManager) open this path instead of the device}\n", link);
    g_free (link);
  }
  printf ("arg {number=1}{call=--count}{display=Stop after N messages}{type=unsigned}{default=0}"
          "{tooltip=0 captures until stopped}\n");
  g_free (src);
  return 0;
}
