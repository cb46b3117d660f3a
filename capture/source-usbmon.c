/* The usbmon tap; see source-usbmon.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>
#include <pcap/pcap.h>
#include "source-usbmon.h"
#include "sysfs-read.h"
#include "usb-sysfs.h"
#include "wire-usbmon.h"

/* Big enough for any QMUX frame (64 KiB) and its usbmon header. */
#define SNAPLEN (65536 + 64)

struct _UsbmonTap {
  pcap_t *pcap;
  gboolean live;
  gboolean replay;       /* live path fed from $QRTR_CAPTURE_USBMON_REPLAY */
  char *name;            /* "usbmon:/dev/cdc-wdm0" or the file name */
  guint bus, dev;        /* 0 = every device (saved captures only) */
  gint ifnum;            /* QMI interface of a cdc-wdm source; -1 = any */
  UsbPort *port;         /* sysfs facts, may be NULL */
  int linktype;
  WireUsbmonQmux *qmux;
  CaptureSink *sink;
  gint if_id;
  guint watch;
  gboolean vendor_known;
};

static UsbmonTap *tap_new (void)
{
  UsbmonTap *t = g_new0 (UsbmonTap, 1);
  t->if_id = -1;
  t->ifnum = -1;
  return t;
}

static gboolean parse_bus_dev (const char *s, guint *bus, guint *dev)
{
  char extra;
  return sscanf (s, "%u:%u%c", bus, dev, &extra) == 2 && *bus && *dev && *bus <= 0xffff && *dev <= 127;
}

/* Why pcap_activate failed, in terms of what the user can do about it. */
static void explain_activate (int rc, pcap_t *p, const char *ifname, GError **error)
{
  char *module = g_build_filename (sysfs_root (), "sys/module/usbmon", NULL);
  const char *hint = "";

  if (rc == PCAP_ERROR_PERM_DENIED)
    hint = " (reading usbmon needs root, or read access to /dev/usbmonN)";
  else if (rc == PCAP_ERROR_NO_SUCH_DEVICE && !g_file_test (module, G_FILE_TEST_EXISTS))
    hint = " (the usbmon module is not loaded: modprobe usbmon)";
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s%s", ifname,
               rc == PCAP_ERROR ? pcap_geterr (p) : pcap_statustostr (rc), hint);
  g_free (module);
}

UsbmonTap *
usbmon_tap_open_live (const char *spec, GError **error)
{
  UsbmonTap *t = tap_new ();
  char err[PCAP_ERRBUF_SIZE] = "";
  char *ifname;
  int rc;

  t->live = TRUE;
  t->name = g_strdup_printf ("usbmon:%s", spec);
  if (spec[0] == '/') {
    t->port = usb_sysfs_port_for_path (spec);
    if (!t->port || !t->port->bus) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "%s: %s", spec, g_file_test (spec, G_FILE_TEST_EXISTS)
                     ? "not a USB cdc-wdm device that sysfs knows (for a serial QMI port use bridge:)"
                     : "no such device");
      usbmon_tap_free (t);
      return NULL;
    }
    t->bus = t->port->bus;
    t->dev = t->port->dev;
    t->ifnum = t->port->ifnum; /* a modem may have several QMI interfaces */
  } else if (parse_bus_dev (spec, &t->bus, &t->dev)) {
    /* the device's cdc-wdm port, if it has one, describes it best */
    GPtrArray *ports = usb_sysfs_ports ();
    for (guint i = 0; i < ports->len && !t->port; i++) {
      UsbPort *p = g_ptr_array_index (ports, i);
      if (p->bus == t->bus && p->dev == t->dev)
        t->port = g_ptr_array_steal_index (ports, i);
    }
    g_ptr_array_unref (ports);
    if (!t->port)
      t->port = usb_sysfs_device (t->bus, t->dev);
  } else {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "usbmon:%s: give a device path (usbmon:/dev/cdc-wdm0) or BUS:DEV as lsusb prints them (usbmon:2:3)", spec);
    usbmon_tap_free (t);
    return NULL;
  }
  if (g_getenv ("QRTR_CAPTURE_USBMON_REPLAY")) {
    /* tests: records from a saved capture instead of the bus, through the
     * same path as live ones (filter, descriptor, sink) */
    t->replay = TRUE;
    t->pcap = pcap_open_offline (g_getenv ("QRTR_CAPTURE_USBMON_REPLAY"), err);
    if (!t->pcap) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "replay: %s", err);
      usbmon_tap_free (t);
      return NULL;
    }
    t->linktype = pcap_datalink (t->pcap);
    return t;
  }
  ifname = g_strdup_printf ("usbmon%u", t->bus);
  t->pcap = pcap_create (ifname, err);
  if (!t->pcap) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", ifname, err);
    g_free (ifname);
    usbmon_tap_free (t);
    return NULL;
  }
  /* These fail only on a handle already activated, but a capture that
   * silently lost one of them (a snaplen that cuts QMUX frames, or
   * buffered delivery) would be wrong without a word: checked anyway. */
  if ((rc = pcap_set_snaplen (t->pcap, SNAPLEN)) != 0 || (rc = pcap_set_immediate_mode (t->pcap, 1)) != 0 ||
      (rc = pcap_set_timeout (t->pcap, 100)) != 0 || (rc = pcap_activate (t->pcap)) < 0) {
    explain_activate (rc, t->pcap, ifname, error);
    g_free (ifname);
    usbmon_tap_free (t);
    return NULL;
  }
  /* the main loop reads whatever is there when the fd is readable; a
   * blocking read would stall every other source */
  if (pcap_setnonblock (t->pcap, 1, err) != 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: cannot read without blocking: %s", ifname, err);
    g_free (ifname);
    usbmon_tap_free (t);
    return NULL;
  }
  g_free (ifname);
  t->linktype = pcap_datalink (t->pcap);
  return t;
}

UsbmonTap *
usbmon_tap_open_file (const char *path, guint bus, guint dev, GError **error)
{
  UsbmonTap *t = tap_new ();
  char err[PCAP_ERRBUF_SIZE] = "";

  t->name = g_strdup (path);
  t->bus = bus;
  t->dev = dev;
  t->pcap = pcap_open_offline (path, err);
  if (!t->pcap) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s: %s", path, err);
    usbmon_tap_free (t);
    return NULL;
  }
  t->linktype = pcap_datalink (t->pcap);
  if (t->linktype != WIRE_LINKTYPE_USB_LINUX_MMAPPED && t->linktype != WIRE_LINKTYPE_USB_LINUX) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "%s: link type %d is not usbmon (220 or 189); -w with -r cuts one device out of a usbmon capture",
                 path, t->linktype);
    usbmon_tap_free (t);
    return NULL;
  }
  return t;
}

static void handle (UsbmonTap *t, const struct pcap_pkthdr *ph, const guint8 *data)
{
  WireUsbmonRecord rec;
  WireUsbmonQmuxDir dir;
  const guint8 *f = NULL;
  gsize flen = 0;

  if (!wire_usbmon_parse (data, ph->caplen, t->linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED, &rec))
    return;
  if (t->bus && (rec.busnum != t->bus || rec.devnum != t->dev))
    return; /* another device on the bus */
  /* a device descriptor names the vendor, whose own messages then apply */
  {
    guint16 vendor;
    guint8 serial;
    if (!t->vendor_known && wire_usbmon_device_descriptor (&rec, &vendor, &serial)) {
      capture_sink_set_vendor (t->sink, vendor);
      t->vendor_known = TRUE;
    }
  }
  dir = wire_usbmon_qmux_feed (t->qmux, &rec, &f, &flen);
  capture_sink_record (t->sink, t->if_id, (gint64) ph->ts.tv_sec * 1000000 + ph->ts.tv_usec, data,
                       ph->caplen, ph->len,
                       dir == WIRE_USBMON_QMUX_TO_DEVICE ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND,
                       dir == WIRE_USBMON_QMUX_NONE ? NULL : f, flen, NULL);
}

static void on_packet (u_char *user, const struct pcap_pkthdr *ph, const u_char *data)
{
  handle ((UsbmonTap *) user, ph, data);
}

static gboolean on_readable (gint fd, GIOCondition cond, gpointer data)
{
  UsbmonTap *t = data;
  int n;

  (void) fd;
  (void) cond;
  n = pcap_dispatch (t->pcap, -1, on_packet, (u_char *) t);
  capture_sink_flush (t->sink);
  if (n == PCAP_ERROR) {
    /* the bus went away (host controller removed) */
    capture_sink_event (t->sink, "%s: %s; capture stopped", t->name, pcap_geterr (t->pcap));
    t->watch = 0;
    if (t->sink->loop)
      g_main_loop_quit (t->sink->loop);
    return G_SOURCE_REMOVE;
  }
  return G_SOURCE_CONTINUE;
}

static gboolean on_replay (gpointer data)
{
  UsbmonTap *t = data;
  int n = pcap_dispatch (t->pcap, 64, on_packet, (u_char *) t);
  capture_sink_flush (t->sink);
  if (n > 0)
    return G_SOURCE_CONTINUE;
  t->watch = 0;
  if (t->sink->loop)
    g_main_loop_quit (t->sink->loop); /* the end of the saved capture ends the "live" one */
  return G_SOURCE_REMOVE;
}

/* A GET_DESCRIPTOR(DEVICE) submit and completion as usbmon would have shown
 * them at enumeration, built from sysfs, so readers learn the vendor even
 * though the capture starts long after the device was plugged in. */
static void write_descriptor (UsbmonTap *t)
{
  static const guint8 get_device_descriptor[8] = { 0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00 };
  GBytes *desc = t->port ? usb_sysfs_descriptors (t->port) : NULL;
  gboolean mmapped = t->linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED;
  gint64 now = g_get_real_time ();
  WireUsbmonRecord rec = { 0 };
  GByteArray *s, *c;

  if (!desc)
    return;
  rec.id = G_GUINT64_CONSTANT (0xffff8880deadbeef); /* no kernel URB lives there */
  rec.type = 'S';
  rec.xfer_type = 2;
  rec.epnum = 0x80;
  rec.devnum = (guint8) t->dev;
  rec.busnum = (guint16) t->bus;
  rec.setup_present = TRUE;
  memcpy (rec.setup, get_device_descriptor, 8);
  rec.ts_sec = now / 1000000;
  rec.ts_usec = (gint32) (now % 1000000);
  rec.status = -115; /* -EINPROGRESS, as on a real submit */
  rec.len_urb = 18;
  s = wire_usbmon_build (&rec, mmapped, NULL, 0);
  rec.type = 'C';
  rec.setup_present = FALSE;
  memset (rec.setup, 0, 8);
  rec.status = 0;
  c = wire_usbmon_build (&rec, mmapped, g_bytes_get_data (desc, NULL), 18);
  {
    struct pcap_pkthdr ph = { .ts = { (time_t) rec.ts_sec, rec.ts_usec }, .caplen = s->len, .len = s->len };
    capture_sink_record (t->sink, t->if_id, now, s->data, s->len, s->len, WIRE_DIR_UNKNOWN, NULL, 0,
                         "synthesised by qrtr-capture from sysfs: the device descriptor, so the vendor is known");
    ph.caplen = ph.len = c->len;
    handle (t, &ph, c->data);
    capture_sink_flush (t->sink);
  }
  g_byte_array_unref (s);
  g_byte_array_unref (c);
  g_bytes_unref (desc);
}

gboolean
usbmon_tap_start (UsbmonTap *t, CaptureSink *sink)
{
  char *usb = t->port ? usb_port_describe (t->port) : NULL;
  char *desc;

  t->sink = sink;
  t->qmux = wire_usbmon_qmux_new ((guint16) t->bus, (guint8) t->dev, t->ifnum);
  if (t->live)
    desc = g_strdup_printf ("QMI over USB, usbmon bus %u device %u%s%s%s", t->bus, t->dev,
                            usb ? " (" : "", usb ? usb : "", usb ? ")" : "");
  else if (t->bus)
    desc = g_strdup_printf ("usbmon bus %u device %u, cut from %s", t->bus, t->dev, t->name);
  else
    desc = g_strdup_printf ("usbmon, from %s", t->name);
  t->if_id = capture_sink_add_interface (sink, (guint16) t->linktype, t->name, desc);
  g_free (usb);
  g_free (desc);
  if (t->if_id < 0)
    return FALSE;
  if (t->live) {
    write_descriptor (t);
    if (t->replay)
      t->watch = g_idle_add (on_replay, t);
    else
      t->watch = g_unix_fd_add (pcap_get_selectable_fd (t->pcap), G_IO_IN, on_readable, t);
  }
  return TRUE;
}

gboolean
usbmon_tap_run_file (UsbmonTap *t)
{
  struct pcap_pkthdr *ph;
  const u_char *data;
  int rc = 1;

  while (!t->sink->done && !t->sink->failed && (rc = pcap_next_ex (t->pcap, &ph, &data)) == 1)
    handle (t, ph, data);
  capture_sink_flush (t->sink);
  if (!t->sink->done && !t->sink->failed && rc == PCAP_ERROR) {
    g_printerr ("qrtr-capture: %s: %s\n", t->name, pcap_geterr (t->pcap));
    return FALSE;
  }
  return TRUE;
}

void
usbmon_tap_free (UsbmonTap *t)
{
  if (!t)
    return;
  if (t->watch)
    g_source_remove (t->watch);
  if (t->pcap)
    pcap_close (t->pcap);
  if (t->qmux)
    wire_usbmon_qmux_free (t->qmux);
  usb_port_free (t->port);
  g_free (t->name);
  g_free (t);
}
