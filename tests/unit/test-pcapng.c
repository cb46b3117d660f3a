/* The pcapng writer and Exported PDU tags, read back by a small pcapng
 * reader here (block layouts from the pcapng specification,
 * draft-ietf-opsawg-pcapng; tags from Wireshark's wsutil/exported_pdu_tlvs.h). */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "wire-pcapng.h"

/* ---- a minimal reader for what the writer produces (host byte order) ---- */

typedef struct {
  guint16 code;
  const guint8 *value;
  guint16 len;
} Option;

typedef struct {
  guint32 type;
  const guint8 *body; /* after type and length */
  gsize body_len;     /* up to the trailing length */
} Block;

static guint32 u32 (const guint8 *p) { guint32 v; memcpy (&v, p, 4); return v; }
static guint16 u16 (const guint8 *p) { guint16 v; memcpy (&v, p, 2); return v; }

/* Splits the file into blocks, checking both length fields of each. */
static GArray *read_blocks (const guint8 *buf, gsize len)
{
  GArray *blocks = g_array_new (FALSE, FALSE, sizeof (Block));
  gsize off = 0;

  while (off < len) {
    Block b;
    guint32 total;
    g_assert_cmpuint (len - off, >=, 12);
    total = u32 (buf + off + 4);
    g_assert_cmpuint (total % 4, ==, 0);
    g_assert_cmpuint (total, >=, 12);
    g_assert_cmpuint (total, <=, len - off);
    g_assert_cmpuint (u32 (buf + off + total - 4), ==, total);
    b.type = u32 (buf + off);
    b.body = buf + off + 8;
    b.body_len = total - 12;
    g_array_append_val (blocks, b);
    off += total;
  }
  return blocks;
}

/* Parses options from p[0..len); the list must end with opt_endofopt. */
static GArray *read_options (const guint8 *p, gsize len)
{
  GArray *opts = g_array_new (FALSE, FALSE, sizeof (Option));
  gsize off = 0;
  gboolean ended = FALSE;

  while (off < len) {
    Option o;
    g_assert_false (ended);
    g_assert_cmpuint (len - off, >=, 4);
    o.code = u16 (p + off);
    o.len = u16 (p + off + 2);
    o.value = p + off + 4;
    g_assert_cmpuint (((gsize) o.len + 3) & ~(gsize) 3, <=, len - off - 4);
    for (gsize i = o.len; i < (((gsize) o.len + 3) & ~(gsize) 3); i++)
      g_assert_cmpuint (o.value[i], ==, 0); /* padding is zero */
    off += 4 + ((o.len + 3) & ~3u);
    if (o.code == 0) {
      g_assert_cmpuint (o.len, ==, 0);
      ended = TRUE;
      continue;
    }
    g_array_append_val (opts, o);
  }
  if (len)
    g_assert_true (ended);
  return opts;
}

static const Option *find_option (GArray *opts, guint16 code)
{
  for (guint i = 0; i < opts->len; i++)
    if (g_array_index (opts, Option, i).code == code)
      return &g_array_index (opts, Option, i);
  return NULL;
}

static void assert_string_option (GArray *opts, guint16 code, const char *want)
{
  const Option *o = find_option (opts, code);
  if (!want) {
    g_assert_null (o);
    return;
  }
  g_assert_nonnull (o);
  g_assert_cmpmem (o->value, o->len, want, strlen (want));
}

typedef struct {
  guint32 if_id;
  guint64 ts;
  guint32 caplen, origlen;
  const guint8 *data;
  GArray *opts;
} Epb;

static Epb read_epb (const Block *b)
{
  Epb e;
  gsize padded;
  g_assert_cmphex (b->type, ==, 6);
  g_assert_cmpuint (b->body_len, >=, 20);
  e.if_id = u32 (b->body);
  e.ts = (guint64) u32 (b->body + 4) << 32 | u32 (b->body + 8);
  e.caplen = u32 (b->body + 12);
  e.origlen = u32 (b->body + 16);
  e.data = b->body + 20;
  padded = ((gsize) e.caplen + 3) & ~(gsize) 3;
  g_assert_cmpuint (20 + padded, <=, b->body_len);
  for (gsize i = e.caplen; i < padded; i++)
    g_assert_cmpuint (e.data[i], ==, 0);
  e.opts = read_options (e.data + padded, b->body_len - 20 - padded);
  return e;
}

/* ---- tests ---- */

static gchar *temp_path (void)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "test-pcapng-XXXXXX", NULL);
  gint fd = g_mkstemp (path);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  return path;
}

static void test_file (void)
{
  static const guint8 usb[] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77 };
  static const guint8 qrtr[] = { 0x03, 0x01, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0x40, 0, 0, 3, 0 };
  gchar *path = temp_path ();
  GError *error = NULL;
  WirePcapngWriter *w = wire_pcapng_writer_open (path, "qrtr-capture unit test", &error);
  gchar *contents;
  gsize len;
  GArray *blocks, *opts;
  const Block *b;
  Epb e;
  char name[16];
  WireDirection dir;
  gsize pdu_off;

  g_assert_no_error (error);
  g_assert_nonnull (w);
  g_assert_cmpint (wire_pcapng_add_interface (w, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, 262144,
                                              "qrtr0", "QRTR endpoint", &error), ==, 0);
  g_assert_cmpint (wire_pcapng_add_interface (w, WIRE_LINKTYPE_USB_LINUX_MMAPPED, 65535,
                                              "usbmon1", NULL, &error), ==, 1);
  g_assert_true (wire_pcapng_write_packet (w, 1, 1700000000000001, usb, sizeof usb, 100,
                                           WIRE_DIR_UNKNOWN, NULL, &error));
  g_assert_true (wire_pcapng_write_exported_pdu (w, 0, 1700000000000002, "qrtr", WIRE_DIR_OUTBOUND,
                                                 qrtr, sizeof qrtr, "sent by qmicli", &error));
  g_assert_true (wire_pcapng_write_exported_pdu (w, 0, 1700000000000003, "usb", WIRE_DIR_INBOUND,
                                                 qrtr, sizeof qrtr, NULL, &error));
  g_assert_true (wire_pcapng_write_exported_pdu (w, 0, 1700000000000004, "qmux", WIRE_DIR_UNKNOWN,
                                                 NULL, 0, "", &error));
  g_assert_no_error (error);
  /* bad interface, and data missing for a non-empty record */
  g_assert_false (wire_pcapng_write_packet (w, 2, 0, usb, 1, 1, WIRE_DIR_UNKNOWN, NULL, &error));
  g_clear_error (&error);
  g_assert_false (wire_pcapng_write_packet (w, 0, 0, NULL, 1, 1, WIRE_DIR_UNKNOWN, NULL, &error));
  g_clear_error (&error);
  g_assert_true (wire_pcapng_flush (w, &error));
  g_assert_true (wire_pcapng_writer_close (w, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  blocks = read_blocks ((const guint8 *) contents, len);
  g_assert_cmpuint (blocks->len, ==, 7);

  /* SHB: byte-order magic, version 1.0, unknown section length, shb_userappl */
  b = &g_array_index (blocks, Block, 0);
  g_assert_cmphex (b->type, ==, 0x0A0D0D0A);
  g_assert_cmphex (u32 (b->body), ==, 0x1A2B3C4D);
  g_assert_cmpuint (u16 (b->body + 4), ==, 1);
  g_assert_cmpuint (u16 (b->body + 6), ==, 0);
  g_assert_cmphex (u32 (b->body + 8), ==, 0xffffffff);
  g_assert_cmphex (u32 (b->body + 12), ==, 0xffffffff);
  opts = read_options (b->body + 16, b->body_len - 16);
  assert_string_option (opts, 4, "qrtr-capture unit test");
  g_array_unref (opts);

  /* IDBs: linktype, reserved, snaplen, if_name, if_description; no
   * if_tsresol, so timestamps are in microseconds */
  b = &g_array_index (blocks, Block, 1);
  g_assert_cmphex (b->type, ==, 1);
  g_assert_cmpuint (u16 (b->body), ==, 252);
  g_assert_cmpuint (u16 (b->body + 2), ==, 0);
  g_assert_cmpuint (u32 (b->body + 4), ==, 262144);
  opts = read_options (b->body + 8, b->body_len - 8);
  assert_string_option (opts, 2, "qrtr0");
  assert_string_option (opts, 3, "QRTR endpoint");
  g_assert_null (find_option (opts, 9));
  g_array_unref (opts);
  b = &g_array_index (blocks, Block, 2);
  g_assert_cmpuint (u16 (b->body), ==, 220);
  opts = read_options (b->body + 8, b->body_len - 8);
  assert_string_option (opts, 2, "usbmon1");
  assert_string_option (opts, 3, NULL);
  g_array_unref (opts);

  /* EPB 1: usbmon record, no options at all */
  e = read_epb (&g_array_index (blocks, Block, 3));
  g_assert_cmpuint (e.if_id, ==, 1);
  g_assert_cmpuint (e.ts, ==, 1700000000000001);
  g_assert_cmpuint (e.caplen, ==, sizeof usb);
  g_assert_cmpuint (e.origlen, ==, 100);
  g_assert_cmpmem (e.data, e.caplen, usb, sizeof usb);
  g_assert_cmpuint (e.opts->len, ==, 0);
  g_assert_cmpuint (g_array_index (blocks, Block, 3).body_len, ==, 20 + 8);
  g_array_unref (e.opts);

  /* EPB 2: Exported PDU "qrtr", sent: tag 12 "qrtr", tag 35 = 0 (P2P_DIR_SENT),
   * end of options; epb_flags outbound (2); comment */
  e = read_epb (&g_array_index (blocks, Block, 4));
  {
    static const guint8 tags[] = { 0, 12, 0, 4, 'q', 'r', 't', 'r', 0, 35, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0 };
    g_assert_cmpuint (e.caplen, ==, sizeof tags + sizeof qrtr);
    g_assert_cmpuint (e.origlen, ==, e.caplen);
    g_assert_cmpmem (e.data, sizeof tags, tags, sizeof tags);
    g_assert_cmpmem (e.data + sizeof tags, sizeof qrtr, qrtr, sizeof qrtr);
  }
  g_assert_cmpuint (u32 (find_option (e.opts, 2)->value), ==, 2);
  g_assert_cmpuint (find_option (e.opts, 2)->len, ==, 4);
  assert_string_option (e.opts, 1, "sent by qmicli");
  g_assert_true (wire_exported_pdu_parse (e.data, e.caplen, name, sizeof name, &dir, &pdu_off));
  g_assert_cmpstr (name, ==, "qrtr");
  g_assert_cmpuint (dir, ==, WIRE_DIR_OUTBOUND);
  g_assert_cmpuint (pdu_off, ==, 20);
  g_array_unref (e.opts);

  /* EPB 3: a 3-letter name is padded with a NUL that the length counts;
   * received = P2P_DIR_RECV (1); epb_flags inbound (1) */
  e = read_epb (&g_array_index (blocks, Block, 5));
  {
    static const guint8 tags[] = { 0, 12, 0, 4, 'u', 's', 'b', 0, 0, 35, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0 };
    g_assert_cmpmem (e.data, sizeof tags, tags, sizeof tags);
  }
  g_assert_cmpuint (u32 (find_option (e.opts, 2)->value), ==, 1);
  g_assert_null (find_option (e.opts, 1));
  g_assert_true (wire_exported_pdu_parse (e.data, e.caplen, name, sizeof name, &dir, &pdu_off));
  g_assert_cmpstr (name, ==, "usb");
  g_assert_cmpuint (dir, ==, WIRE_DIR_INBOUND);
  g_array_unref (e.opts);

  /* EPB 4: no direction: no tag 35, no epb_flags; empty comment not written */
  e = read_epb (&g_array_index (blocks, Block, 6));
  {
    static const guint8 tags[] = { 0, 12, 0, 4, 'q', 'm', 'u', 'x', 0, 0, 0, 0 };
    g_assert_cmpmem (e.data, e.caplen, tags, sizeof tags);
  }
  g_assert_cmpuint (e.opts->len, ==, 0);
  g_assert_true (wire_exported_pdu_parse (e.data, e.caplen, name, sizeof name, &dir, &pdu_off));
  g_assert_cmpuint (dir, ==, WIRE_DIR_UNKNOWN);
  g_assert_cmpuint (pdu_off, ==, e.caplen);
  g_array_unref (e.opts);

  g_array_unref (blocks);
  g_free (contents);
  g_unlink (path);
  g_free (path);
}

static void test_exported_pdu_parse (void)
{
  char name[8];
  WireDirection dir;
  gsize off;
  /* as Wireshark may write it: unpadded name length, tags not aligned,
   * plus an unknown tag (33, column protocol text) that is skipped */
  static const guint8 unaligned[] = { 0, 12, 0, 3, 'u', 's', 'b', 0, 33, 0, 1, 'X',
                                      0, 35, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0xaa };
  static const guint8 no_end[] = { 0, 12, 0, 4, 'q', 'r', 't', 'r' };
  static const guint8 overrun[] = { 0, 12, 0, 40, 'q', 'r', 't', 'r', 0, 0, 0, 0 };
  static const guint8 long_name[] = { 0, 12, 0, 12, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h',
                                      'i', 'j', 'k', 'l', 0, 0, 0, 0 };
  static const guint8 odd_dir[] = { 0, 35, 0, 4, 0, 0, 0, 7, 0, 0, 0, 0 };
  GByteArray *b;

  g_assert_true (wire_exported_pdu_parse (unaligned, sizeof unaligned, name, sizeof name, &dir, &off));
  g_assert_cmpstr (name, ==, "usb");
  g_assert_cmpuint (dir, ==, WIRE_DIR_INBOUND);
  g_assert_cmpuint (off, ==, sizeof unaligned - 1);
  g_assert_false (wire_exported_pdu_parse (no_end, sizeof no_end, name, sizeof name, &dir, &off));
  g_assert_false (wire_exported_pdu_parse (overrun, sizeof overrun, name, sizeof name, &dir, &off));
  g_assert_false (wire_exported_pdu_parse (unaligned, 0, name, sizeof name, &dir, &off));
  g_assert_false (wire_exported_pdu_parse (unaligned, 3, name, sizeof name, &dir, &off));
  /* a name longer than the caller's buffer is truncated, still terminated */
  g_assert_true (wire_exported_pdu_parse (long_name, sizeof long_name, name, sizeof name, &dir, &off));
  g_assert_cmpstr (name, ==, "abcdefg");
  /* a direction value that is neither sent nor received is unknown */
  g_assert_true (wire_exported_pdu_parse (odd_dir, sizeof odd_dir, name, sizeof name, &dir, &off));
  g_assert_cmpuint (dir, ==, WIRE_DIR_UNKNOWN);
  g_assert_cmpstr (name, ==, "");

  /* every name length pads to 4 with the padding inside the tag length */
  for (gsize n = 1; n <= 9; n++) {
    gchar *s = g_strnfill (n, 'q');
    b = wire_exported_pdu_build (s, WIRE_DIR_OUTBOUND, (const guint8 *) "x", 1);
    g_assert_cmpuint (b->data[3], ==, (n + 3) & ~3u);
    g_assert_cmpuint (b->len % 4, ==, 1);
    g_assert_true (wire_exported_pdu_parse (b->data, b->len, name, sizeof name, &dir, &off));
    g_assert_cmpuint (strlen (name), ==, MIN (n, sizeof name - 1));
    g_assert_cmpuint (off, ==, b->len - 1);
    g_byte_array_unref (b);
    g_free (s);
  }
}

static void test_write_errors (void)
{
  GError *error = NULL;
  WirePcapngWriter *w;
  FILE *fp;

  g_assert_null (wire_pcapng_writer_open ("/nonexistent/dir/x.pcapng", "t", &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_true (wire_pcapng_writer_close (NULL, NULL));

  /* a full disk shows up no later than the final flush */
  fp = fopen ("/dev/full", "wb");
  if (!fp) {
    g_test_skip ("no /dev/full");
    return;
  }
  w = wire_pcapng_writer_new (fp, "t", &error);
  if (w) {
    gint id = wire_pcapng_add_interface (w, 252, 65535, "x", NULL, NULL);
    for (int i = 0; id >= 0 && i < 10000; i++)
      if (!wire_pcapng_write_exported_pdu (w, (guint32) id, i, "qrtr", WIRE_DIR_INBOUND,
                                           (const guint8 *) "abcd", 4, NULL, NULL))
        break;
    g_assert_false (wire_pcapng_writer_close (w, &error));
  }
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_clear_error (&error);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pcapng/file", test_file);
  g_test_add_func ("/pcapng/exported-pdu-parse", test_exported_pdu_parse);
  g_test_add_func ("/pcapng/write-errors", test_write_errors);
  return g_test_run ();
}
