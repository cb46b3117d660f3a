/* What sysfs says about QMI control ports (cdc-wdm) and USB devices: bus and
 * device numbers for the usbmon filter, VID:PID, driver and names for the
 * interface description, and the device descriptor to put in the capture so
 * vendor-specific messages resolve. Read under sysfs_root () (sysfs-read.h),
 * so tests run against a made-up tree. */
#pragma once

#include <glib.h>

typedef struct {
  char *node;          /* "cdc-wdm0" */
  char *dev_path;      /* "/dev/cdc-wdm0" */
  guint bus, dev;      /* USB bus and device numbers; 0 when not USB */
  guint16 vid, pid;
  int ifnum;           /* USB interface number, -1 unknown */
  char *driver;        /* "qmi_wwan", "cdc_mbim", ... or NULL */
  char *product;       /* "MC7455", may be NULL */
  char *manufacturer;  /* may be NULL */
  char *usb_dir;       /* sysfs directory of the USB device */
} UsbPort;

void usb_port_free (UsbPort *p);
/* Every cdc-wdm node sysfs knows, sorted by name. */
GPtrArray *usb_sysfs_ports (void);
/* The port behind a device path such as /dev/cdc-wdm0 (symlinks followed);
 * NULL when sysfs does not know it as a cdc-wdm node. */
UsbPort *usb_sysfs_port_for_path (const char *dev_path);
/* The USB device with these numbers (the node fields stay NULL); NULL if none. */
UsbPort *usb_sysfs_device (guint bus, guint dev);
/* The device's descriptors as sysfs gives them (device descriptor first). */
GBytes *usb_sysfs_descriptors (const UsbPort *p);
/* "1199:9071 Sierra Wireless MC7455, qmi_wwan, interface 8" */
char *usb_port_describe (const UsbPort *p);
/* The usbmon buses: numbers of /sys/class/usbmon/usbmonN (0 = all buses). */
GArray *usb_sysfs_usbmon_buses (void);
