/* Reading sysfs for the port lookups of usb-sysfs.c (cdc-wdm) and
 * wwan-sysfs.c (WWAN ports): attribute files, where links point, a class's
 * entries and the node behind a device path. The root is
 * $QRTR_CAPTURE_SYSFS_ROOT (default /), so tests run against a made-up
 * tree; device nodes are under $QRTR_CAPTURE_DEV_DIR (default /dev). */
#pragma once

#include <glib.h>

const char *sysfs_root (void);
const char *sysfs_dev_dir (void);
/* dir/name's text without surrounding white space; NULL when unreadable. */
char *sysfs_read_attr (const char *dir, const char *name);
/* dir/name as a number in base; 0 when unreadable. */
guint sysfs_read_uint (const char *dir, const char *name, int base);
/* The basename of what dir/link points to (a driver, a subsystem); NULL if nothing. */
char *sysfs_link_name (const char *dir, const char *link);
/* The ports of a class (class_dir "sys/class/usbmisc" under the root) whose
 * entry names start with prefix: new_port (name) for each, in the order of
 * their names; the ones it returns NULL for are left out. */
GPtrArray *sysfs_class_ports (const char *class_dir, const char *prefix, gpointer (*new_port) (const char *name),
                              GDestroyNotify free_port);
/* The node name behind a device path (symlinks such as udev's by-id names
 * followed) when it starts with prefix; else NULL. */
char *sysfs_node_for_path (const char *dev_path, const char *prefix);
