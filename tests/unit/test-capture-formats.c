#define _GNU_SOURCE /* memmem */
/* usbmon records, QMUX extraction from CDC requests, and the pcapng writer
 * with Exported PDU tags, read back block by block. */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "wire-usbmon.h"
#include "wire-pcapng.h"
#include "wire-qmux.h"

static GByteArray *record (gboolean mmapped, guint64 id, char type, guint8 xfer, guint8 ep, guint8 dev,
                           const guint8 *setup, const guint8 *data, gsize n)
{
  WireUsbmonRecord r = { .id = id, .type = type, .xfer_type = xfer, .epnum = ep, .devnum = dev,
                         .busnum = 2, .setup_present = setup != NULL, .ts_sec = 1700000000,
                         .ts_usec = 5, .len_urb = (guint32) n };
  if (setup)
    memcpy (r.setup, setup, 8);
  return wire_usbmon_build (&r, mmapped, data, n);
}

static void check_extraction (gboolean mmapped)
{
  static const guint8 frame[] = { 0x01, 0x0c, 0x00, 0x00, 0x02, 0x01, 0x00, 0x07, 0x00, 0x25, 0x00, 0x00, 0x00 };
  static const guint8 send[8] = { 0x21, 0x00, 0, 0, 4, 0, sizeof frame, 0 };
  static const guint8 get[8] = { 0xa1, 0x01, 0, 0, 4, 0, 0x00, 0x10 };
  static const guint8 get_other_if[8] = { 0xa1, 0x01, 0, 0, 5, 0, 0x00, 0x10 };
  WireUsbmonQmux *x = wire_usbmon_qmux_new (2, 3, 4);
  const guint8 *out = NULL;
  gsize out_len = 0;
  GByteArray *b;
  WireUsbmonRecord r;

  /* host -> modem: the submit carries the frame */
  b = record (mmapped, 0x100, 'S', 2, 0x00, 3, send, frame, sizeof frame);
  g_assert_true (wire_usbmon_parse (b->data, b->len, mmapped, &r));
  g_assert_cmpuint (r.header_len, ==, mmapped ? 64 : 48);
  g_assert_cmpuint (r.busnum, ==, 2);
  g_assert_cmpuint (r.devnum, ==, 3);
  g_assert_true (r.setup_present);
  g_assert_cmpuint (r.ts_sec, ==, 1700000000);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_TO_DEVICE);
  g_assert_cmpmem (out, out_len, frame, sizeof frame);
  g_byte_array_unref (b);

  /* the same frame from device 5 is filtered out */
  b = record (mmapped, 0x200, 'S', 2, 0x00, 5, send, frame, sizeof frame);
  wire_usbmon_parse (b->data, b->len, mmapped, &r);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);

  /* modem -> host: GET_ENCAPSULATED_RESPONSE submit, then its completion */
  b = record (mmapped, 0x300, 'S', 2, 0x80, 3, get, NULL, 0);
  wire_usbmon_parse (b->data, b->len, mmapped, &r);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);
  b = record (mmapped, 0x400, 'S', 2, 0x80, 3, get_other_if, NULL, 0);
  wire_usbmon_parse (b->data, b->len, mmapped, &r);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);
  b = record (mmapped, 0x400, 'C', 2, 0x80, 3, NULL, frame, sizeof frame);
  wire_usbmon_parse (b->data, b->len, mmapped, &r);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);
  b = record (mmapped, 0x300, 'C', 2, 0x80, 3, NULL, frame, sizeof frame);
  wire_usbmon_parse (b->data, b->len, mmapped, &r);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_FROM_DEVICE);
  g_assert_cmpmem (out, out_len, frame, sizeof frame);
  /* the URB id is forgotten once completed */
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);

  /* a truncated record is refused, a short capture clipped */
  b = record (mmapped, 0x500, 'S', 2, 0x00, 3, send, frame, sizeof frame);
  g_assert_false (wire_usbmon_parse (b->data, mmapped ? 63 : 47, mmapped, &r));
  g_assert_true (wire_usbmon_parse (b->data, b->len - 3, mmapped, &r));
  g_assert_cmpuint (r.data_len, ==, sizeof frame - 3);
  g_assert_cmpuint (wire_usbmon_qmux_feed (x, &r, &out, &out_len), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (b);
  wire_usbmon_qmux_free (x);
}

static void test_usbmon_mmapped (void) { check_extraction (TRUE); }
static void test_usbmon_classic (void) { check_extraction (FALSE); }

static guint32 u32 (const guint8 *p) { guint32 v; memcpy (&v, p, 4); return v; }

static void test_exported_pdu (void)
{
  static const guint8 pdu[] = { 1, 2, 3 };
  GByteArray *b = wire_exported_pdu_build ("qrtr", WIRE_DIR_OUTBOUND, pdu, sizeof pdu);
  static const guint8 expect[] = { 0, 12, 0, 4, 'q', 'r', 't', 'r', 0, 35, 0, 4, 0, 0, 0, 0,
                                   0, 0, 0, 0, 1, 2, 3 };
  char name[32];
  WireDirection dir;
  gsize off;
  g_assert_cmpmem (b->data, b->len, expect, sizeof expect);
  g_assert_true (wire_exported_pdu_parse (b->data, b->len, name, sizeof name, &dir, &off));
  g_assert_cmpstr (name, ==, "qrtr");
  g_assert_cmpuint (dir, ==, WIRE_DIR_OUTBOUND);
  g_assert_cmpuint (off, ==, 20);
  g_assert_false (wire_exported_pdu_parse (b->data, 10, name, sizeof name, &dir, &off));
  g_byte_array_unref (b);
  b = wire_exported_pdu_build ("qmux", WIRE_DIR_INBOUND, pdu, sizeof pdu);
  g_assert_true (wire_exported_pdu_parse (b->data, b->len, name, sizeof name, &dir, &off));
  g_assert_cmpuint (dir, ==, WIRE_DIR_INBOUND);
  g_byte_array_unref (b);
}

static void test_pcapng_blocks (void)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "wire-test-XXXXXX.pcapng", NULL);
  gint fd = g_mkstemp (path);
  GError *e = NULL;
  WirePcapngWriter *w;
  gchar *contents;
  gsize len, off = 0;
  guint32 types[8];
  guint n = 0;
  static const guint8 payload[] = { 0xde, 0xad, 0xbe, 0xef, 0x01 };

  close (fd);
  w = wire_pcapng_writer_open (path, "test", &e);
  g_assert_no_error (e);
  g_assert_cmpint (wire_pcapng_add_interface (w, 252, 65535, "qrtr", "descr", &e), ==, 0);
  g_assert_true (wire_pcapng_write_packet (w, 0, 1700000000123456, payload, sizeof payload, sizeof payload,
                                           WIRE_DIR_INBOUND, "a comment", &e));
  g_assert_true (wire_pcapng_write_exported_pdu (w, 0, 1700000000123457, "qmux", WIRE_DIR_OUTBOUND,
                                                 payload, sizeof payload, NULL, &e));
  g_assert_false (wire_pcapng_write_packet (w, 3, 0, payload, 1, 1, WIRE_DIR_UNKNOWN, NULL, &e));
  g_clear_error (&e);
  g_assert_true (wire_pcapng_writer_close (w, &e));
  g_assert_true (g_file_get_contents (path, &contents, &len, &e));
  /* walk the blocks: each starts and ends with the same total length */
  while (off + 12 <= len && n < G_N_ELEMENTS (types)) {
    guint32 total = u32 ((guint8 *) contents + off + 4);
    g_assert_cmpuint (total % 4, ==, 0);
    g_assert_cmpuint (off + total, <=, len);
    g_assert_cmpuint (u32 ((guint8 *) contents + off + total - 4), ==, total);
    types[n++] = u32 ((guint8 *) contents + off);
    if (n == 3) { /* first EPB: interface 0, timestamp, lengths, data */
      guint64 ts = (guint64) u32 ((guint8 *) contents + off + 12) << 32 | u32 ((guint8 *) contents + off + 16);
      g_assert_cmpuint (ts, ==, 1700000000123456);
      g_assert_cmpuint (u32 ((guint8 *) contents + off + 20), ==, sizeof payload);
      g_assert_cmpmem (contents + off + 28, sizeof payload, payload, sizeof payload);
    }
    off += total;
  }
  g_assert_cmpuint (off, ==, len);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmphex (types[0], ==, 0x0A0D0D0A);
  g_assert_cmphex (types[1], ==, 1);
  g_assert_cmphex (types[2], ==, 6);
  g_assert_cmphex (types[3], ==, 6);
  g_assert_nonnull (memmem (contents, len, "a comment", 9));
  g_free (contents);
  g_unlink (path);
  g_free (path);
  wire_pcapng_writer_close (wire_pcapng_writer_open ("/nonexistent/dir/x.pcapng", "t", &e), NULL);
  g_assert_error (e, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&e);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/usbmon/mmapped", test_usbmon_mmapped);
  g_test_add_func ("/usbmon/classic", test_usbmon_classic);
  g_test_add_func ("/pcapng/exported-pdu", test_exported_pdu);
  g_test_add_func ("/pcapng/blocks", test_pcapng_blocks);
  return g_test_run ();
}
