/* The QMUX bridge; see source-bridge.h. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include "pty-link.h"
#include "source-bridge.h"
#include "usb-sysfs.h"
#include "wwan-sysfs.h"
#include "wire-qmux-stream.h"

#define REOPEN_INTERVAL_MS 500
/* Flow control towards the client: above HIGH queued bytes the device is not
 * read (it, or the modem behind it, holds the rest), below LOW it is again;
 * a client that takes nothing for STALL_MS (none attached) loses the queue. */
#define CLIENT_QUEUE_HIGH (1024 * 1024)
#define CLIENT_QUEUE_LOW (256 * 1024)
#define CLIENT_STALL_MS 5000

struct _Bridge {
  char *device;
  gboolean reopen;
  int dev;                 /* -1 while the device is gone */
  PtyLink pty;
  WireQmuxStream *from_client, *from_device;
  GByteArray *to_client;   /* bytes the client has not taken yet */
  GByteArray *batch;       /* frames of one device read, for one write to the client */
  CaptureSink *sink;
  gint if_id;
  guint dev_watch, pty_watch, out_watch, retry, stall;
  gboolean paused;         /* device not read: the client is behind */
  gboolean lost;
};

static int open_device (const char *path)
{
  /* Blocking writes: cdc-wdm takes one frame per write() and returns EAGAIN
   * to a non-blocking writer while the previous one is in flight. Reads only
   * happen when poll says so. */
  int fd = open (path, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0 && isatty (fd))
    tty_make_raw (fd, NULL); /* a serial QMI port or a pty: bytes, not lines */
  return fd;
}

Bridge *
bridge_open (const char *device, const char *link, gboolean reopen, GError **error)
{
  Bridge *b;
  int fd = open_device (device);

  if (fd < 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s%s", device, g_strerror (e),
                 e == EACCES ? " (run as root, or as a user who may open it)" : "");
    return NULL;
  }
  b = g_new0 (Bridge, 1);
  b->device = g_strdup (device);
  b->reopen = reopen;
  b->dev = fd;
  if (!pty_link_open (&b->pty, link, error)) {
    close (fd);
    g_free (b->device);
    g_free (b);
    return NULL;
  }
  b->from_client = wire_qmux_stream_new ();
  b->from_device = wire_qmux_stream_new ();
  b->to_client = g_byte_array_new ();
  b->batch = g_byte_array_new ();
  return b;
}

static gboolean on_client_writable (gint fd, GIOCondition cond, gpointer data);
static gboolean on_device_readable (gint fd, GIOCondition cond, gpointer data);

static void resume_device (Bridge *b)
{
  if (b->stall)
    g_source_remove (b->stall);
  b->stall = 0;
  if (b->paused && b->dev >= 0 && !b->dev_watch)
    b->dev_watch = g_unix_fd_add (b->dev, G_IO_IN | G_IO_HUP | G_IO_ERR, on_device_readable, b);
  b->paused = FALSE;
}

static gboolean on_client_stalled (gpointer data)
{
  Bridge *b = data;
  b->stall = 0;
  capture_sink_event (b->sink, "bridge: nobody read %s for %d s; dropped %u bytes queued for it",
                      b->pty.link, CLIENT_STALL_MS / 1000, b->to_client->len);
  g_byte_array_set_size (b->to_client, 0);
  resume_device (b);
  return G_SOURCE_REMOVE;
}

static void send_to_client (Bridge *b, const guint8 *buf, gsize len)
{
  if (!b->to_client->len) {
    ssize_t n = write (b->pty.master, buf, len);
    if (n < 0)
      n = 0;
    buf += n;
    len -= (gsize) n;
    if (!len)
      return;
  }
  g_byte_array_append (b->to_client, buf, (guint) len);
  if (!b->out_watch)
    b->out_watch = g_unix_fd_add (b->pty.master, G_IO_OUT, on_client_writable, b);
  if (b->to_client->len > CLIENT_QUEUE_HIGH && !b->paused) {
    /* stop taking from the device until the client catches up: nothing lost */
    b->paused = TRUE;
    if (b->dev_watch)
      g_source_remove (b->dev_watch);
    b->dev_watch = 0;
    b->stall = g_timeout_add (CLIENT_STALL_MS, on_client_stalled, b);
  }
}

static gboolean on_client_writable (gint fd, GIOCondition cond, gpointer data)
{
  Bridge *b = data;
  ssize_t n = write (fd, b->to_client->data, b->to_client->len);

  (void) cond;
  if (n > 0) {
    g_byte_array_remove_range (b->to_client, 0, (guint) n);
    if (b->stall) { /* progress: the client is there, only slow */
      g_source_remove (b->stall);
      b->stall = g_timeout_add (CLIENT_STALL_MS, on_client_stalled, b);
    }
  }
  if (b->paused && b->to_client->len < CLIENT_QUEUE_LOW)
    resume_device (b);
  if (b->to_client->len)
    return G_SOURCE_CONTINUE;
  b->out_watch = 0;
  return G_SOURCE_REMOVE;
}

static void device_lost (Bridge *b, int err);

static gboolean try_reopen (gpointer data)
{
  Bridge *b = data;
  int fd = open_device (b->device);

  if (fd < 0)
    return G_SOURCE_CONTINUE;
  b->dev = fd;
  b->retry = 0;
  if (!b->paused)
    b->dev_watch = g_unix_fd_add (fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_device_readable, b);
  capture_sink_event (b->sink, "bridge: %s is back; relaying again", b->device);
  return G_SOURCE_REMOVE;
}

static void device_lost (Bridge *b, int err)
{
  if (b->dev < 0)
    return;
  close (b->dev);
  b->dev = -1;
  if (b->dev_watch)
    g_source_remove (b->dev_watch);
  b->dev_watch = 0;
  /* half a frame from before the loss can never complete */
  wire_qmux_stream_free (b->from_device);
  b->from_device = wire_qmux_stream_new ();
  capture_sink_event (b->sink, "bridge: %s disappeared (%s)%s", b->device,
                      err ? g_strerror (err) : "hang-up",
                      b->reopen ? "; waiting for it to come back" : "");
  if (b->reopen) {
    b->retry = g_timeout_add (REOPEN_INTERVAL_MS, try_reopen, b);
  } else {
    b->lost = TRUE;
    if (b->sink->loop)
      g_main_loop_quit (b->sink->loop);
  }
}

static gboolean on_device_readable (gint fd, GIOCondition cond, gpointer data)
{
  Bridge *b = data;
  guint8 buf[65536];
  ssize_t n;
  GByteArray *f;

  n = read (fd, buf, sizeof buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0) {
    /* 0 or EIO: a pty whose other side closed; ENODEV/EPROTO: cdc-wdm unplugged or reset */
    b->dev_watch = 0;
    device_lost (b, n < 0 ? errno : (cond & G_IO_ERR) ? EIO : 0);
    return G_SOURCE_REMOVE;
  }
  wire_qmux_stream_push (b->from_device, buf, (gsize) n);
  /* the frames of one read go to the client in one write */
  g_byte_array_set_size (b->batch, 0);
  while ((f = wire_qmux_stream_pop (b->from_device))) {
    g_byte_array_append (b->batch, f->data, f->len);
    capture_sink_qmux (b->sink, b->if_id, WIRE_DIR_INBOUND, f->data, f->len, NULL);
    g_byte_array_unref (f);
  }
  if (b->batch->len)
    send_to_client (b, b->batch->data, b->batch->len);
  capture_sink_flush (b->sink);
  if ((n = (ssize_t) wire_qmux_stream_take_dropped (b->from_device)))
    capture_sink_event (b->sink, "bridge: %zd bytes from %s were not QMUX; dropped", n, b->device);
  return G_SOURCE_CONTINUE;
}

static gboolean on_client_readable (gint fd, GIOCondition cond, gpointer data)
{
  Bridge *b = data;
  guint8 buf[65536];
  ssize_t n = read (fd, buf, sizeof buf);
  GByteArray *f;

  (void) cond;
  if (n <= 0)
    return G_SOURCE_CONTINUE; /* EAGAIN/EIO: no client right now; the kept slave fd stops a HUP loop */
  wire_qmux_stream_push (b->from_client, buf, (gsize) n);
  while ((f = wire_qmux_stream_pop (b->from_client))) {
    const char *comment = NULL;
    if (b->dev < 0)
      comment = "not delivered: the device is gone";
    else if (write (b->dev, f->data, f->len) != (ssize_t) f->len)
      comment = errno == ENODEV ? "not delivered: the device is gone" : "not delivered: write to the device failed";
    capture_sink_qmux (b->sink, b->if_id, WIRE_DIR_OUTBOUND, f->data, f->len, comment);
    g_byte_array_unref (f);
  }
  capture_sink_flush (b->sink);
  if ((n = (ssize_t) wire_qmux_stream_take_dropped (b->from_client)))
    capture_sink_event (b->sink, "bridge: %zd bytes from the client were not QMUX; dropped", n);
  return G_SOURCE_CONTINUE;
}

gboolean
bridge_start (Bridge *b, CaptureSink *sink)
{
  UsbPort *port = usb_sysfs_port_for_path (b->device);
  WwanPort *wwan = port ? NULL : wwan_sysfs_port_for_path (b->device); /* /dev/wwan0qmi0 */
  char *usb = port ? usb_port_describe (port) : wwan ? wwan_port_describe (wwan) : NULL;
  char *name = g_strdup_printf ("bridge:%s", b->device);
  char *desc = g_strdup_printf ("QMUX bridge %s <-> %s%s%s%s", b->device, b->pty.link,
                                usb ? " (" : "", usb ? usb : "", usb ? ")" : "");

  b->sink = sink;
  if (port && port->vid)
    capture_sink_set_vendor (sink, port->vid);
  b->if_id = capture_sink_add_interface (sink, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, name, desc);
  usb_port_free (port);
  wwan_port_free (wwan);
  g_free (usb);
  g_free (name);
  g_free (desc);
  if (b->if_id < 0)
    return FALSE;
  b->dev_watch = g_unix_fd_add (b->dev, G_IO_IN | G_IO_HUP | G_IO_ERR, on_device_readable, b);
  b->pty_watch = g_unix_fd_add (b->pty.master, G_IO_IN, on_client_readable, b);
  return TRUE;
}

gboolean
bridge_lost (const Bridge *b)
{
  return b->lost;
}

void
bridge_free (Bridge *b)
{
  if (!b)
    return;
  if (b->dev_watch)
    g_source_remove (b->dev_watch);
  if (b->pty_watch)
    g_source_remove (b->pty_watch);
  if (b->out_watch)
    g_source_remove (b->out_watch);
  if (b->stall)
    g_source_remove (b->stall);
  if (b->retry)
    g_source_remove (b->retry);
  if (b->dev >= 0)
    close (b->dev);
  pty_link_close (&b->pty);
  wire_qmux_stream_free (b->from_client);
  wire_qmux_stream_free (b->from_device);
  g_byte_array_unref (b->to_client);
  g_byte_array_unref (b->batch);
  g_free (b->device);
  g_free (b);
}
