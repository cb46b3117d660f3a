/* A pseudo-terminal in raw mode whose slave is reachable through a symlink:
 * how the bridge and the fake modem stand in for /dev/cdc-wdmN. Clients
 * (qmicli -d PATH --device-open-qmi, ModemManager, uqmi) open the link. */
#pragma once

#include <glib.h>

typedef struct {
  int master;        /* what we read and write */
  int slave;         /* kept open so the master never sees a hang-up between clients */
  char *slave_path;  /* /dev/pts/N */
  char *link;        /* the symlink made, removed by pty_link_close */
} PtyLink;

/* Creates the pty, puts it in raw mode and points link at it. An existing
 * symlink at link is replaced; any other file there is an error. The master
 * is non-blocking. */
gboolean pty_link_open (PtyLink *p, const char *link, GError **error);
/* Closes the pty and removes the link if it still points at it; a link that
 * cannot be removed (no write permission on its folder) is reported on
 * stderr. */
void pty_link_close (PtyLink *p);
/* Puts a tty fd in raw mode (no echo, no line editing, 8-bit clean). */
gboolean tty_make_raw (int fd, GError **error);
