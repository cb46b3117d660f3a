/* See kernel-qrtr.h. */
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include "kernel-qrtr.h"
#include "sysfs-read.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif

gboolean
kernel_has_qrtr (void)
{
  char *path = g_build_filename (sysfs_root (), "proc/net/protocols", NULL);
  gchar *text = NULL;
  gboolean found = FALSE;

  if (g_str_equal (sysfs_root (), "/")) {
    int fd = socket (AF_QIPCRTR, SOCK_DGRAM, 0);
    if (fd >= 0)
      close (fd);
  }
  if (g_file_get_contents (path, &text, NULL, NULL)) {
    gchar **lines = g_strsplit (text, "\n", -1);
    for (gchar **l = lines; *l && !found; l++)
      found = g_str_has_prefix (*l, "QIPCRTR ");
    g_strfreev (lines);
  }
  g_free (text);
  g_free (path);
  return found;
}
