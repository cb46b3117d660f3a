/* Reading sysfs; see sysfs-read.h. */
#include <stdlib.h>
#include <string.h>
#include "sysfs-read.h"

const char *
sysfs_root (void)
{
  const char *r = g_getenv ("QRTR_CAPTURE_SYSFS_ROOT");
  return r && *r ? r : "/";
}

const char *
sysfs_dev_dir (void)
{
  const char *d = g_getenv ("QRTR_CAPTURE_DEV_DIR");
  return d && *d ? d : "/dev";
}

char *
sysfs_read_attr (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL);
  char *text = NULL;
  if (g_file_get_contents (path, &text, NULL, NULL))
    g_strstrip (text);
  g_free (path);
  return text;
}

guint
sysfs_read_uint (const char *dir, const char *name, int base)
{
  char *t = sysfs_read_attr (dir, name);
  guint v = t ? (guint) strtoul (t, NULL, base) : 0;
  g_free (t);
  return v;
}

char *
sysfs_link_name (const char *dir, const char *link)
{
  char *path = g_build_filename (dir, link, NULL);
  char *target = realpath (path, NULL);
  char *name = target ? g_path_get_basename (target) : NULL;
  free (target);
  g_free (path);
  return name;
}

static gint compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
sysfs_class_ports (const char *class_dir, const char *prefix, gpointer (*new_port) (const char *name),
                   GDestroyNotify free_port)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func (free_port);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  char *dir = g_build_filename (sysfs_root (), class_dir, NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (names, g_strdup (name));
  if (d)
    g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++) {
    gpointer p = new_port (g_ptr_array_index (names, i));
    if (p)
      g_ptr_array_add (ports, p);
  }
  g_ptr_array_unref (names);
  g_free (dir);
  return ports;
}

char *
sysfs_node_for_path (const char *dev_path, const char *prefix)
{
  char *real = realpath (dev_path, NULL);
  char *node = g_path_get_basename (real ? real : dev_path);

  free (real);
  if (!g_str_has_prefix (node, prefix))
    g_clear_pointer (&node, g_free);
  return node;
}
