/* sysfs lookups; see usb-sysfs.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "usb-sysfs.h"

const char *
usb_sysfs_root (void)
{
  const char *r = g_getenv ("QRTR_CAPTURE_SYSFS_ROOT");
  return r && *r ? r : "/";
}

const char *
usb_sysfs_dev_dir (void)
{
  const char *d = g_getenv ("QRTR_CAPTURE_DEV_DIR");
  return d && *d ? d : "/dev";
}

static char *read_attr (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;
  if (g_file_get_contents (path, &text, NULL, NULL))
    g_strstrip (text);
  g_free (path);
  return text;
}

static guint read_uint (const char *dir, const char *name, int base)
{
  char *t = read_attr (dir, name);
  guint v = t ? (guint) strtoul (t, NULL, base) : 0;
  g_free (t);
  return v;
}

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
  p->bus = read_uint (usb_dir, "busnum", 10);
  p->dev = read_uint (usb_dir, "devnum", 10);
  p->vid = (guint16) read_uint (usb_dir, "idVendor", 16);
  p->pid = (guint16) read_uint (usb_dir, "idProduct", 16);
  p->product = read_attr (usb_dir, "product");
  p->manufacturer = read_attr (usb_dir, "manufacturer");
}

static UsbPort *port_from_node (const char *node)
{
  char *class_dev = g_build_filename (usb_sysfs_root (), "sys/class/usbmisc", node, "device", NULL);
  char *iface = realpath (class_dev, NULL);
  UsbPort *p;

  g_free (class_dev);
  if (!iface)
    return NULL;
  p = g_new0 (UsbPort, 1);
  p->node = g_strdup (node);
  p->dev_path = g_build_filename (usb_sysfs_dev_dir (), node, NULL);
  p->ifnum = -1;
  {
    char *num = read_attr (iface, "bInterfaceNumber");
    char *drv_link = g_build_filename (iface, "driver", NULL);
    char *drv = realpath (drv_link, NULL);
    char *usb_dir = g_path_get_dirname (iface);
    if (num)
      p->ifnum = (int) strtol (num, NULL, 16);
    if (drv)
      p->driver = g_path_get_basename (drv);
    /* the interface directory sits inside the USB device's */
    if (read_uint (usb_dir, "busnum", 10))
      fill_device (p, usb_dir);
    g_free (num);
    g_free (drv_link);
    free (drv);
    g_free (usb_dir);
  }
  free (iface);
  return p;
}

static gint compare_ports (gconstpointer a, gconstpointer b)
{
  const UsbPort *x = *(UsbPort *const *) a, *y = *(UsbPort *const *) b;
  return strcmp (x->node, y->node);
}

GPtrArray *
usb_sysfs_ports (void)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func ((GDestroyNotify) usb_port_free);
  char *dir = g_build_filename (usb_sysfs_root (), "sys/class/usbmisc", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d))) {
    if (g_str_has_prefix (name, "cdc-wdm")) {
      UsbPort *p = port_from_node (name);
      if (p)
        g_ptr_array_add (ports, p);
    }
  }
  if (d)
    g_dir_close (d);
  g_free (dir);
  g_ptr_array_sort (ports, compare_ports);
  return ports;
}

UsbPort *
usb_sysfs_port_for_path (const char *dev_path)
{
  /* follow symlinks such as /dev/wwan0qmi or udev's by-id names */
  char *real = realpath (dev_path, NULL);
  char *base = g_path_get_basename (real ? real : dev_path);
  UsbPort *p = g_str_has_prefix (base, "cdc-wdm") ? port_from_node (base) : NULL;

  if (p) {
    g_free (p->dev_path);
    p->dev_path = g_strdup (dev_path);
  }
  free (real);
  g_free (base);
  return p;
}

UsbPort *
usb_sysfs_device (guint bus, guint dev)
{
  char *dir = g_build_filename (usb_sysfs_root (), "sys/bus/usb/devices", NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  UsbPort *found = NULL;

  while (d && !found && (name = g_dir_read_name (d))) {
    char *sub = g_build_filename (dir, name, NULL);
    if (!strchr (name, ':') && read_uint (sub, "busnum", 10) == bus && read_uint (sub, "devnum", 10) == dev) {
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
  char *dir = g_build_filename (usb_sysfs_root (), "sys/class/usbmon", NULL);
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
