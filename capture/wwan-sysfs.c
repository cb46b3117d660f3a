/* WWAN ports in sysfs; see wwan-sysfs.h. */
#include <stdlib.h>
#include <string.h>
#include "sysfs-read.h"
#include "wwan-sysfs.h"

void
wwan_port_free (WwanPort *p)
{
  if (!p)
    return;
  g_free (p->node);
  g_free (p->dev_path);
  g_free (p->type);
  g_free (p->bus);
  g_free (p->bus_id);
  g_free (p->bus_driver);
  g_free (p->port_driver);
  g_free (p);
}

/* Walks up from the port's sysfs directory: the first driver on the way is
 * the port's, the first PCI, USB or platform device is the one the port
 * belongs to; without one, the first device of another subsystem than wwan
 * (a virtual device: a misc device, say). */
static void fill_device (WwanPort *p, const char *port_dir)
{
  char *root = realpath (sysfs_root (), NULL);
  char *dir = g_path_get_dirname (port_dir);
  char *other = NULL, *other_dir = NULL;

  while (root && g_str_has_prefix (dir, root) && strlen (dir) > strlen (root)) {
    char *subsystem = sysfs_link_name (dir, "subsystem");
    char *driver = sysfs_link_name (dir, "driver");
    char *parent;
    gboolean is_pci = subsystem && g_str_equal (subsystem, "pci");
    gboolean is_usb = subsystem && g_str_equal (subsystem, "usb") && g_file_test (dir, G_FILE_TEST_IS_DIR) &&
                      sysfs_read_uint (dir, "idVendor", 16);

    if (driver && !p->port_driver && !is_pci && !is_usb)
      p->port_driver = g_strdup (driver);
    if (is_pci || is_usb || (subsystem && g_str_equal (subsystem, "platform"))) {
      p->bus = g_strdup (subsystem);
      p->bus_id = g_path_get_basename (dir);
      p->bus_driver = g_strdup (driver);
      p->vid = (guint16) sysfs_read_uint (dir, is_pci ? "vendor" : "idVendor", 16);
      p->pid = (guint16) sysfs_read_uint (dir, is_pci ? "device" : "idProduct", 16);
    }
    if (!p->bus && !other && subsystem && !g_str_equal (subsystem, "wwan")) {
      other = g_strdup (subsystem);
      other_dir = g_path_get_basename (dir);
    }
    g_free (subsystem);
    g_free (driver);
    if (p->bus)
      break;
    parent = g_path_get_dirname (dir);
    g_free (dir);
    dir = parent;
  }
  if (!p->bus && other) {
    p->bus = other, other = NULL;
    p->bus_id = other_dir, other_dir = NULL;
  }
  g_free (other);
  g_free (other_dir);
  g_free (dir);
  free (root);
}

static WwanPort *port_from_node (const char *node)
{
  char *class_dev = g_build_filename (sysfs_root (), "sys/class/wwan", node, NULL);
  char *dir = realpath (class_dev, NULL);
  char *type = dir ? sysfs_read_attr (dir, "type") : NULL;
  WwanPort *p = NULL;

  if (type) { /* the WWAN devices (wwan0) have none */
    p = g_new0 (WwanPort, 1);
    p->node = g_strdup (node);
    p->dev_path = g_build_filename (sysfs_dev_dir (), node, NULL);
    p->type = type;
    fill_device (p, dir);
  }
  free (dir);
  g_free (class_dev);
  return p;
}

static gpointer new_port (const char *node)
{
  return port_from_node (node);
}

GPtrArray *
wwan_sysfs_ports (void)
{
  return sysfs_class_ports ("sys/class/wwan", "", new_port, (GDestroyNotify) wwan_port_free);
}

WwanPort *
wwan_sysfs_port_for_path (const char *dev_path)
{
  char *node = sysfs_node_for_path (dev_path, "wwan");
  WwanPort *p = node ? port_from_node (node) : NULL;
  g_free (node);
  return p;
}

gboolean
wwan_port_is_control (const WwanPort *p)
{
  return g_str_equal (p->type, "QMI") || g_str_equal (p->type, "MBIM");
}

char *
wwan_port_describe (const WwanPort *p)
{
  GString *s = g_string_new (p->type);

  if (p->bus) {
    gboolean with_ids = g_str_equal (p->bus, "pci") || g_str_equal (p->bus, "usb");
    gchar *bus = with_ids ? g_ascii_strup (p->bus, -1) : g_strdup_printf ("%s device", p->bus);
    g_string_append_printf (s, ", %s", bus);
    if (with_ids)
      g_string_append_printf (s, " %04x:%04x at", p->vid, p->pid);
    g_string_append_printf (s, " %s", p->bus_id);
    if (p->bus_driver)
      g_string_append_printf (s, " (%s)", p->bus_driver);
    g_free (bus);
  }
  if (p->port_driver)
    g_string_append_printf (s, ", port driver %s", p->port_driver);
  return g_string_free (s, FALSE);
}
