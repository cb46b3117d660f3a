/* libFuzzer through epan: each input is dissected by libwireshark with the
 * plugin registered, three times, as the frames users capture carry it:
 * an Exported PDU record naming "qrtr" (a QRTR frame), one naming "qmux" (a
 * QMUX frame), and a usbmon record (64-byte header) of a CDC
 * SEND_ENCAPSULATED_COMMAND carrying it as a QMUX frame. The epan session
 * lives across inputs, as a capture file's does, so name-service
 * announcements and requests of earlier inputs shape later ones.
 *
 * The plugin's sources are compiled into this program and plugin_register()
 * is called before epan_init(), which is what loading the plugin does; its
 * schemas come from FUZZ_SCHEMA_DIR. Each frame is copied into a buffer of
 * exactly its length, so ASan sees any read past it. docs/fuzzing.md: how
 * to run it long. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wireshark.h>
#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/frame_data.h>
#include <epan/prefs.h>
#include <epan/timestamp.h>
#include <epan/tvbuff.h>
#include <wiretap/wtap.h>
#include <wsutil/privileges.h>
#include <wsutil/report_message.h>
#include "wire-pcapng.h"
#include "wire-usbmon.h"

void plugin_register (void); /* dissector/plugin.c */
int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static epan_t *session;
static guint32 frame_number;
static nstime_t frame_time;
static frame_data previous;
static gboolean have_previous;

/* ---------- what epan asks its host for ---------- */

static const nstime_t *get_frame_ts (struct packet_provider_data *prov, guint32 n)
{
  (void) prov, (void) n;
  return &frame_time;
}

static const char *get_interface_name (struct packet_provider_data *prov, guint32 id)
{
  (void) prov, (void) id;
  return "fuzz";
}

static const char *get_interface_description (struct packet_provider_data *prov, guint32 id)
{
  (void) prov, (void) id;
  return NULL;
}

static wtap_block_t get_modified_block (struct packet_provider_data *prov, const frame_data *fd)
{
  (void) prov, (void) fd;
  return NULL;
}

static void vreport (const char *fmt, va_list ap)
{
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
}

static void report_file (const char *name, int err, gboolean for_writing)
{
  (void) for_writing;
  fprintf (stderr, "fuzz-epan: %s: %s\n", name, g_strerror (err));
}

static void report_rw (const char *name, int err)
{
  report_file (name, err, FALSE);
}

static void report_cfile (const char *name, int err, gchar *info)
{
  fprintf (stderr, "fuzz-epan: %s: error %d %s\n", name, err, info ? info : "");
}

static void report_cfile_dump_open (const char *name, int err, gchar *info, int type)
{
  (void) type;
  report_cfile (name, err, info);
}

static void report_cfile_write (const char *in, const char *out, int err, gchar *info, guint32 n, int type)
{
  (void) in, (void) n, (void) type;
  report_cfile (out, err, info);
}

static const struct report_message_routines reports = {
  vreport, vreport, report_file, report_rw, report_rw,
  report_cfile, report_cfile_dump_open, report_cfile, report_cfile_write, report_cfile,
};

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  static const struct packet_provider_funcs funcs = {
    get_frame_ts, get_interface_name, get_interface_description, get_modified_block,
  };
  (void) argc, (void) argv;
  /* each wmem block its own malloc, so ASan sees its edges; only the
   * source schemas (not a user's) */
  g_setenv ("WIRESHARK_DEBUG_WMEM_OVERRIDE", "simple", FALSE);
  g_setenv ("QMI_SCHEMA_PATH", FUZZ_SCHEMA_DIR, TRUE);
  g_setenv ("XDG_DATA_HOME", "/nonexistent", TRUE);
  init_process_policies (); /* epan asks whether it runs with special privileges */
  init_report_message ("fuzz-epan", &reports);
  timestamp_set_type (TS_RELATIVE);
  timestamp_set_precision (TS_PREC_AUTO);
  timestamp_set_seconds_type (TS_SECONDS_DEFAULT);
  wtap_init (FALSE);
  plugin_register ();
  if (!epan_init (NULL, NULL, FALSE)) {
    fprintf (stderr, "fuzz-epan: epan_init failed\n");
    exit (1);
  }
  epan_load_settings ();
  session = epan_new (NULL, &funcs);
  return 0;
}

/* One frame through epan_dissect_run, with a tree (every item built). */
static void dissect (int encap, const guint8 *frame, gsize len)
{
  guint8 *exact = g_memdup2 (frame, len); /* no slack after the last byte */
  wtap_rec rec;
  frame_data fd;
  const frame_data *ref = NULL;
  nstime_t elapsed;
  epan_dissect_t *edt;

  wtap_rec_init (&rec);
  rec.rec_type = REC_TYPE_PACKET;
  rec.presence_flags = WTAP_HAS_TS | WTAP_HAS_CAP_LEN;
  rec.ts = frame_time;
  rec.rec_header.packet_header.caplen = (guint32) len;
  rec.rec_header.packet_header.len = (guint32) len;
  rec.rec_header.packet_header.pkt_encap = encap;
  frame_data_init (&fd, ++frame_number, &rec, 0, 0);
  frame_data_set_before_dissect (&fd, &elapsed, &ref, have_previous ? &previous : NULL);
  edt = epan_dissect_new (session, TRUE, TRUE);
  epan_dissect_run (edt, WTAP_FILE_TYPE_SUBTYPE_UNKNOWN, &rec, tvb_new_real_data (exact, (guint) len, (gint) len),
                    &fd, NULL);
  epan_dissect_free (edt);
  previous = fd;
  have_previous = TRUE;
  frame_data_destroy (&fd);
  wtap_rec_cleanup (&rec);
  g_free (exact);
}

static void as_exported_pdu (const char *dissector, const guint8 *data, gsize size)
{
  GByteArray *b = wire_exported_pdu_build (dissector, WIRE_DIR_INBOUND, data, size);
  dissect (WTAP_ENCAP_WIRESHARK_UPPER_PDU, b->data, b->len);
  g_byte_array_unref (b);
}

static void as_usbmon (const guint8 *data, gsize size)
{
  WireUsbmonRecord r = { 0 };
  GByteArray *b;
  /* SEND_ENCAPSULATED_COMMAND (class request 0x00 to interface 4) */
  static const guint8 setup[8] = { 0x21, 0x00, 0, 0, 4, 0, 0, 0 };
  r.id = 0xffff9a4c01000100ull;
  r.type = 'S';
  r.xfer_type = 2; /* control */
  r.epnum = 0x00;
  r.devnum = 3;
  r.busnum = 2;
  r.setup_present = TRUE;
  memcpy (r.setup, setup, 8);
  r.setup[6] = (guint8) size;
  r.setup[7] = (guint8) (size >> 8);
  r.status = -115; /* -EINPROGRESS */
  r.len_urb = (guint32) size;
  b = wire_usbmon_build (&r, TRUE, data, size);
  dissect (WTAP_ENCAP_USB_LINUX_MMAPPED, b->data, b->len);
  g_byte_array_unref (b);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  if (size > 65535)
    return -1; /* no carrier holds more */
  frame_time.secs++;
  as_exported_pdu ("qrtr", data, size);
  as_exported_pdu ("qmux", data, size);
  as_usbmon (data, size);
  return 0;
}
