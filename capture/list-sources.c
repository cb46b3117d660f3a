/* qrtr-capture -D: the sources this machine has, and why one is missing. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/socket.h>
#include "qrtr-capture.h"
#include "sysfs-read.h"
#include "usb-sysfs.h"
#include "wwan-sysfs.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif

static void list_usb (void)
{
  GPtrArray *ports = usb_sysfs_ports ();

  printf ("cdc-wdm control ports (QMI/MBIM over USB):\n");
  if (!ports->len) {
    printf ("  none: sysfs lists no cdc-wdm device (%s/sys/class/usbmisc)\n",
            g_str_equal (sysfs_root (), "/") ? "" : sysfs_root ());
    /* what Wireshark's interface list cannot say: it simply shows nothing */
    printf ("      no QMI modem is attached, or its driver (qmi_wwan, cdc_mbim) is not bound to it;\n"
            "      Wireshark lists QMI interfaces only for attached modems (a capture file or\n"
            "      qmi-fake-modem works without one)\n");
  }
  for (guint i = 0; i < ports->len; i++) {
    const UsbPort *p = g_ptr_array_index (ports, i);
    char *desc = usb_port_describe (p);
    printf ("  %-28s %s\n", p->dev_path, desc);
    if (p->bus)
      printf ("      -i usbmon:%s   (or usbmon:%u:%u)\n", p->dev_path, p->bus, p->dev);
    printf ("      -i bridge:%s --bridge-link PATH\n", p->dev_path);
    g_free (desc);
  }
  g_ptr_array_unref (ports);
}

static void list_wwan (void)
{
  GPtrArray *ports = wwan_sysfs_ports ();
  guint shown = 0;

  printf ("WWAN control ports (QMI/MBIM; PCIe/MHI modems and other WWAN drivers):\n");
  for (guint i = 0; i < ports->len; i++) {
    const WwanPort *p = g_ptr_array_index (ports, i);
    char *desc;
    if (!wwan_port_is_control (p))
      continue; /* AT, QCDM, firehose: not what the captures decode */
    desc = wwan_port_describe (p);
    printf ("  %-28s %s\n", p->dev_path, desc);
    printf ("      -i wwan:%s   (the eBPF tap: root, kernel BTF)\n", p->node);
    if (g_str_equal (p->type, "QMI"))
      printf ("      -i bridge:%s --bridge-link PATH\n", p->dev_path);
    g_free (desc);
    shown++;
  }
  if (!shown)
    printf ("  none: sysfs lists no QMI or MBIM port (%s/sys/class/wwan)\n",
            g_str_equal (sysfs_root (), "/") ? "" : sysfs_root ());
  g_ptr_array_unref (ports);
}

static void list_usbmon (void)
{
  GArray *buses = usb_sysfs_usbmon_buses ();
  char *module = g_build_filename (sysfs_root (), "sys/module/usbmon", NULL);

  printf ("usbmon buses:\n");
  if (!buses->len) {
    if (!g_file_test (module, G_FILE_TEST_EXISTS))
      printf ("  none: the usbmon module is not loaded (modprobe usbmon); the bridge works without it\n");
    else
      printf ("  none: usbmon is loaded but sysfs lists no bus\n");
  }
  for (guint i = 0; i < buses->len; i++) {
    guint n = g_array_index (buses, guint, i);
    char *dev = g_strdup_printf ("/dev/usbmon%u", n);
    const char *access_note = access (dev, R_OK) == 0 ? "" :
      errno == ENOENT ? "  (no device node)" : "  (not readable: run as root)";
    printf ("  usbmon%u%s%s\n", n, n == 0 ? " (all buses)" : "", access_note);
    g_free (dev);
  }
  g_array_unref (buses);
  g_free (module);
}

static void list_qrtr (void)
{
  int fd = socket (AF_QIPCRTR, SOCK_DGRAM, 0);

  printf ("QRTR (AF_QIPCRTR):\n");
  if (fd < 0) {
    int e = errno;
    printf ("  none: %s%s\n", g_strerror (e),
            e == EAFNOSUPPORT ? " (this kernel has no QRTR: CONFIG_QRTR, or modprobe qrtr)" : "");
    return;
  }
  close (fd);
  printf ("  available: -i qrtr -w FILE taps all of it (the eBPF tap: root, kernel BTF);\n"
          "  --exec -w FILE -- COMMAND records one program's traffic without root\n");
}

int
list_sources (void)
{
  list_usb ();
  list_wwan ();
  list_usbmon ();
  list_qrtr ();
  return 0;
}
