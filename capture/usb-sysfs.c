/* sysfs lookups; see usb-sysfs.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sysfs-read.h"
#include "usb-sysfs.h"

void
usb_port_free (UsbPort *p)
{
  if (!p)
    return;
  g_free (p->node);
  g_free (p->dev_path);
  g_free (p->driver);
  g_free (p->product);
  g_free (p->manufacturer);
  g_free (p->usb_dir);
  g_free (p);
}

/* Fills the USB device fields from its sysfs directory. */
static void fill_device (UsbPort *p, const char *usb_dir)
{
  p->usb_dir = g_strdup (usb_dir);
  p->bus = sysfs_read_uint (usb_dir, "busnum", 10);
  p->dev = sysfs_read_uint (usb_dir, "devnum", 10);
  p->vid = (guint16) sysfs_read_uint (usb_dir, "idVendor", 16);
  p->pid = (guint16) sysfs_read_uint (usb_dir, "idProduct", 16);
  p->product = sysfs_read_attr (usb_dir, "product");
  p->manufacturer = sysfs_read_attr (usb_dir, "manufacturer");
}

static UsbPort *port_from_node (const char *node)
{
  char *class_dev = g_build_filename (sysfs_root (), "sys/class/usbmisc", node, "device", NULL);
  char *iface = realpath (class_dev, NULL);
  UsbPort *p;

  g_free (class_dev);
  if (!iface)
    return NULL;
  p = g_new0 (UsbPort, 1);
  p->node = g_strdup (node);
  p->dev_path = g_build_filename (sysfs_dev_dir (), node, NULL);
  p->ifnum = -1;
  {
    char *num = sysfs_read_attr (iface, "bInterfaceNumber");
    char *usb_dir = g_path_get_dirname (iface);
    if (num)
      p->ifnum = (int) strtol (num, NULL, 16);
    p->driver = sysfs_link_name (iface, "driver");
    /* the interface directory sits inside the USB device's */
    if (sysfs_read_uint (usb_dir, "busnum", 10))
      fill_device (p, usb_dir);
    g_free (num);
    g_free (usb_dir);
  }
  free (iface);
  return p;
}

static gpointer new_port (const char *node)
{
  return port_from_node (node);
}

GPtrArray *
usb_sysfs_ports (void)
{
  return sysfs_class_ports ("sys/class/usbmisc", "cdc-wdm", new_port, (GDestroyNotify) usb_port_free);
}

UsbPort *
usb_sysfs_port_for_path (const char *dev_path)
{
  /* symlinks such as /dev/wwan0qmi or udev's by-id names are followed */
  char *node = sysfs_node_for_path (dev_path, "cdc-wdm");
  UsbPort *p = node ? port_from_node (node) : NULL;

  if (p) {
    g_free (p->dev_path);
    p->dev_path = g_strdup (dev_path);
  }
  g_free (node);
  return p;
}

UsbPort *
usb_sysfs_device (guint bus, guint dev)
{
  char *dir = g_build_filename (sysfs_root (), "sys/bus/usb/devices", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  UsbPort *found = NULL;

  while (d && !found && (name = g_dir_read_name (d))) {
    char *sub = g_build_filename (dir, name, NULL);
    if (!strchr (name, ':') && sysfs_read_uint (sub, "busnum", 10) == bus && sysfs_read_uint (sub, "devnum", 10) == dev) {
      found = g_new0 (UsbPort, 1);
      found->ifnum = -1;
      fill_device (found, sub);
    }
    g_free (sub);
  }
  if (d)
    g_dir_close (d);
  g_free (dir);
  return found;
}

GBytes *
usb_sysfs_descriptors (const UsbPort *p)
{
  char *path, *data = NULL;
  gsize len = 0;

  if (!p->usb_dir)
    return NULL;
  path = g_build_filename (p->usb_dir, "descriptors", NULL);
  if (!g_file_get_contents (path, &data, &len, NULL) || len < 18) {
    g_free (path);
    g_free (data);
    return NULL;
  }
  g_free (path);
  return g_bytes_new_take (data, len);
}

char *
usb_port_describe (const UsbPort *p)
{
  GString *s = g_string_new (NULL);

  if (p->bus)
    g_string_append_printf (s, "%04x:%04x", p->vid, p->pid);
  if (p->manufacturer || p->product)
    g_string_append_printf (s, "%s%s%s%s", s->len ? " " : "", p->manufacturer ? p->manufacturer : "",
                            p->manufacturer && p->product ? " " : "", p->product ? p->product : "");
  if (p->driver)
    g_string_append_printf (s, "%s%s", s->len ? ", " : "", p->driver);
  if (p->ifnum >= 0)
    g_string_append_printf (s, "%sinterface %d", s->len ? ", " : "", p->ifnum);
  if (p->bus)
    g_string_append_printf (s, ", bus %u device %u", p->bus, p->dev);
  return g_string_free (s, FALSE);
}

static gint compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

GArray *
usb_sysfs_usbmon_buses (void)
{
  GArray *buses = g_array_new (FALSE, FALSE, sizeof (guint));
  char *dir = g_build_filename (sysfs_root (), "sys/class/usbmon", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d))) {
    guint n;
    char extra;
    if (sscanf (name, "usbmon%u%c", &n, &extra) == 1)
      g_array_append_val (buses, n);
  }
  if (d)
    g_dir_close (d);
  g_free (dir);
  g_array_sort (buses, compare_uint);
  return buses;
}
