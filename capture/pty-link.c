/* pty + symlink; see pty-link.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>
#include "pty-link.h"

static gboolean fail (GError **error, const char *what, const char *path)
{
  int e = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s%s%s: %s", what,
               path ? " " : "", path ? path : "", g_strerror (e));
  return FALSE;
}

gboolean
tty_make_raw (int fd, GError **error)
{
  struct termios t;

  if (tcgetattr (fd, &t) < 0)
    return fail (error, "tcgetattr", NULL);
  cfmakeraw (&t);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  if (tcsetattr (fd, TCSANOW, &t) < 0)
    return fail (error, "tcsetattr", NULL);
  return TRUE;
}

gboolean
pty_link_open (PtyLink *p, const char *link, GError **error)
{
  struct stat st;

  memset (p, 0, sizeof *p);
  p->master = p->slave = -1;
  if (lstat (link, &st) == 0 && !S_ISLNK (st.st_mode)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
                 "%s exists and is not a symlink; not replacing it", link);
    return FALSE;
  }
  p->master = posix_openpt (O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (p->master < 0)
    return fail (error, "posix_openpt", NULL);
  if (grantpt (p->master) < 0 || unlockpt (p->master) < 0 || !ptsname (p->master)) {
    fail (error, "grantpt/unlockpt", NULL);
    pty_link_close (p);
    return FALSE;
  }
  p->slave_path = g_strdup (ptsname (p->master));
  p->slave = open (p->slave_path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (p->slave < 0) {
    fail (error, "open", p->slave_path);
    pty_link_close (p);
    return FALSE;
  }
  if (!tty_make_raw (p->slave, error)) {
    pty_link_close (p);
    return FALSE;
  }
  g_unix_set_fd_nonblocking (p->master, TRUE, NULL);
  unlink (link);
  if (symlink (p->slave_path, link) < 0) {
    fail (error, "symlink", link);
    pty_link_close (p);
    return FALSE;
  }
  p->link = g_strdup (link);
  return TRUE;
}

void
pty_link_close (PtyLink *p)
{
  if (p->link) {
    /* only remove the link if it is still ours */
    char *target = g_file_read_link (p->link, NULL);
    /* After -Z the link's folder may be writable by root only: the link
     * then outlives us, and the user is told rather than left to find a
     * dangling /dev/pts name later. */
    if (target && p->slave_path && g_str_equal (target, p->slave_path) && unlink (p->link) < 0)
      g_printerr ("%s: could not remove the link %s: %s; remove it by hand\n",
                  g_get_prgname () ? g_get_prgname () : "qrtr-capture", p->link, g_strerror (errno));
    g_free (target);
  }
  if (p->slave >= 0)
    close (p->slave);
  if (p->master >= 0)
    close (p->master);
  g_free (p->slave_path);
  g_free (p->link);
  memset (p, 0, sizeof *p);
  p->master = p->slave = -1;
}
