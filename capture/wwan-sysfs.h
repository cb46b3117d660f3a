/* What sysfs says about WWAN control ports (/sys/class/wwan: the char
 * devices /dev/wwan0qmi0, /dev/wwan0mbim0, ... that PCIe/MHI modems and
 * other WWAN drivers register): the port's protocol and the device it
 * belongs to (PCI or USB ids, bus address, drivers). Read under
 * sysfs_root () (sysfs-read.h), so tests run against a made-up tree. */
#pragma once

#include <glib.h>

typedef struct {
  char *node;        /* "wwan0qmi0" */
  char *dev_path;    /* "/dev/wwan0qmi0" */
  char *type;        /* sysfs "type": "QMI", "MBIM", "AT", "QCDM", "FIREHOSE", ... */
  char *bus;         /* subsystem of the device the port belongs to: "pci", "usb", "platform", "misc"; NULL unknown */
  char *bus_id;      /* its name there: "0000:01:00.0", "2-1", "wwan-test-modem" */
  guint16 vid, pid;  /* PCI vendor/device or USB idVendor/idProduct; 0 when neither */
  char *bus_driver;  /* the driver bound to that device: "mhi-pci-generic" */
  char *port_driver; /* the nearest driver between port and device: "mhi_wwan_ctrl"; NULL if none */
} WwanPort;

void wwan_port_free (WwanPort *p);
/* Every WWAN port sysfs knows (entries of /sys/class/wwan with a "type"),
 * sorted by name. */
GPtrArray *wwan_sysfs_ports (void);
/* The port behind a device path such as /dev/wwan0qmi0 (symlinks followed); NULL if none. */
WwanPort *wwan_sysfs_port_for_path (const char *dev_path);
/* "QMI, PCI 17cb:0308 at 0000:01:00.0 (mhi-pci-generic), port driver mhi_wwan_ctrl",
 * "QMI, misc device wwan-test-modem" */
char *wwan_port_describe (const WwanPort *p);
/* TRUE for the protocols the captures decode: QMI and MBIM. */
gboolean wwan_port_is_control (const WwanPort *p);
