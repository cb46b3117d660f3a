/* usbmon records (48- and 64-byte headers, Linux struct usbmon_packet laid
 * out in host order) and QMUX extraction from CDC encapsulated commands with
 * several devices interleaved. */
#include <string.h>
#include "wire-usbmon.h"

#define SEND_ENCAP 0x21, 0x00
#define GET_ENCAP 0xa1, 0x01

/* a QMUX DMS request (13 bytes) and a CTL response (16 bytes) */
static const guint8 qmux_req[] = { 0x01, 0x0c, 0x00, 0x00, 0x02, 0x01, 0x00, 0x07, 0x00, 0x25,
                                   0x00, 0x00, 0x00 };
static const guint8 qmux_resp[] = { 0x01, 0x0f, 0x00, 0x80, 0x00, 0x00, 0x01, 0x01, 0x22, 0x00,
                                    0x04, 0x00, 0x01, 0x01, 0x00, 0x02 };
/* an MBIM OPEN_DONE header: same cdc-wdm requests, but not QMUX */
static const guint8 mbim[] = { 0x01, 0x00, 0x00, 0x80, 0x10, 0x00, 0x00, 0x00,
                               0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };

static guint64 le64_at (const guint8 *p) { guint64 v; memcpy (&v, p, 8); return GUINT64_FROM_LE (v); }
static guint32 le32_at (const guint8 *p) { guint32 v; memcpy (&v, p, 4); return GUINT32_FROM_LE (v); }

static void check_layout (gboolean mmapped)
{
  static const guint8 data[5] = { 1, 2, 3, 4, 5 };
  WireUsbmonRecord in = {
    .id = G_GUINT64_CONSTANT (0xffff8881deadbeef), .type = 'C', .xfer_type = 2, .epnum = 0x80,
    .devnum = 7, .busnum = 0x0102, .setup_present = TRUE,
    .setup = { 0xa1, 0x01, 0x00, 0x00, 0x04, 0x00, 0x00, 0x10 },
    .ts_sec = 1700000001, .ts_usec = 654321, .status = -71, .len_urb = 4096,
  };
  WireUsbmonRecord out;
  GByteArray *b = wire_usbmon_build (&in, mmapped, data, sizeof data);
  gsize hlen = mmapped ? 64 : 48;

  /* offsets of struct usbmon_packet (Documentation/usb/usbmon.rst) */
  g_assert_cmpuint (b->len, ==, hlen + sizeof data);
  g_assert_cmphex (le64_at (b->data), ==, in.id);
  g_assert_cmpint (b->data[8], ==, 'C');
  g_assert_cmpuint (b->data[9], ==, 2);
  g_assert_cmphex (b->data[10], ==, 0x80);
  g_assert_cmpuint (b->data[11], ==, 7);
  g_assert_cmphex (b->data[12] | b->data[13] << 8, ==, 0x0102);
  g_assert_cmpuint (b->data[14], ==, 0);  /* flag_setup: setup present */
  g_assert_cmpuint (b->data[15], ==, 0);  /* flag_data: data present */
  g_assert_cmpuint (le64_at (b->data + 16), ==, 1700000001);
  g_assert_cmpuint (le32_at (b->data + 24), ==, 654321);
  g_assert_cmpint ((gint32) le32_at (b->data + 28), ==, -71);
  g_assert_cmpuint (le32_at (b->data + 32), ==, 4096);
  g_assert_cmpuint (le32_at (b->data + 36), ==, sizeof data); /* len_cap */
  g_assert_cmpmem (b->data + 40, 8, in.setup, 8);
  for (gsize i = 48; i < hlen; i++) /* interval, start_frame, xfer_flags, ndesc */
    g_assert_cmpuint (b->data[i], ==, 0);
  g_assert_cmpmem (b->data + hlen, sizeof data, data, sizeof data);

  g_assert_true (wire_usbmon_parse (b->data, b->len, mmapped, &out));
  g_assert_cmphex (out.id, ==, in.id);
  g_assert_cmpint (out.type, ==, 'C');
  g_assert_cmpuint (out.xfer_type, ==, 2);
  g_assert_cmphex (out.epnum, ==, 0x80);
  g_assert_cmpuint (out.devnum, ==, 7);
  g_assert_cmphex (out.busnum, ==, 0x0102);
  g_assert_true (out.setup_present);
  g_assert_cmpmem (out.setup, 8, in.setup, 8);
  g_assert_cmpint (out.ts_sec, ==, in.ts_sec);
  g_assert_cmpint (out.ts_usec, ==, in.ts_usec);
  g_assert_cmpint (out.status, ==, -71);
  g_assert_cmpuint (out.len_urb, ==, 4096);
  g_assert_cmpuint (out.len_cap, ==, sizeof data);
  g_assert_cmpuint (out.header_len, ==, hlen);
  g_assert_true (out.data == b->data + hlen);
  g_assert_cmpuint (out.data_len, ==, sizeof data);

  /* truncated header refused; data clipped to what the record holds */
  g_assert_false (wire_usbmon_parse (b->data, hlen - 1, mmapped, &out));
  g_assert_true (wire_usbmon_parse (b->data, hlen + 2, mmapped, &out));
  g_assert_cmpuint (out.len_cap, ==, sizeof data);
  g_assert_cmpuint (out.data_len, ==, 2);
  g_assert_true (wire_usbmon_parse (b->data, hlen, mmapped, &out));
  g_assert_cmpuint (out.data_len, ==, 0);
  g_byte_array_unref (b);

  /* no setup, no data: the flags say why ('-' no setup; '<' IN submit) */
  in.type = 'S';
  in.setup_present = FALSE;
  b = wire_usbmon_build (&in, mmapped, NULL, 0);
  g_assert_cmpint (b->data[14], ==, '-');
  g_assert_cmpint (b->data[15], ==, '<');
  g_assert_true (wire_usbmon_parse (b->data, b->len, mmapped, &out));
  g_assert_false (out.setup_present);
  g_assert_cmpuint (out.data_len, ==, 0);
  g_byte_array_unref (b);
}

static void test_layout_mmapped (void) { check_layout (TRUE); }
static void test_layout_classic (void) { check_layout (FALSE); }

/* One event of a scripted capture. */
typedef struct {
  guint64 id;
  char type;
  guint8 xfer;
  guint8 ep;
  guint8 dev;
  guint8 setup[8];
  gboolean has_setup;
  const guint8 *data;
  gsize len;
} Event;

static WireUsbmonQmuxDir feed (WireUsbmonQmux *x, gboolean mmapped, const Event *ev,
                               const guint8 **frame, gsize *frame_len, GByteArray **keep)
{
  WireUsbmonRecord r = { .id = ev->id, .type = ev->type, .xfer_type = ev->xfer, .epnum = ev->ep,
                         .devnum = ev->dev, .busnum = 1, .setup_present = ev->has_setup,
                         .len_urb = (guint32) ev->len };
  memcpy (r.setup, ev->setup, 8);
  *keep = wire_usbmon_build (&r, mmapped, ev->data, ev->len);
  g_assert_true (wire_usbmon_parse ((*keep)->data, (*keep)->len, mmapped, &r));
  return wire_usbmon_qmux_feed (x, &r, frame, frame_len);
}

/* Two modems on bus 1 -- device 2 (QMI on interface 4) and device 3
 * (interface 0) -- plus an MBIM function on device 2 interface 5, all
 * interleaved as usbmon0 would show them. */
static const Event capture[] = {
  /* 0: dev 2 sends a request */
  { 0xa000, 'S', 2, 0x00, 2, { SEND_ENCAP, 0, 0, 4, 0, sizeof qmux_req, 0 }, TRUE, qmux_req, sizeof qmux_req },
  /* 1: dev 3 sends a request */
  { 0xb000, 'S', 2, 0x00, 3, { SEND_ENCAP, 0, 0, 0, 0, sizeof qmux_req, 0 }, TRUE, qmux_req, sizeof qmux_req },
  /* 2, 3: both completions of the sends (no data) */
  { 0xa000, 'C', 2, 0x00, 2, { 0 }, FALSE, NULL, 0 },
  { 0xb000, 'C', 2, 0x00, 3, { 0 }, FALSE, NULL, 0 },
  /* 4: dev 2 RESPONSE_AVAILABLE on the interrupt endpoint: not a frame */
  { 0xa100, 'C', 1, 0x81, 2, { 0 }, FALSE, (const guint8 []) { 0xa1, 0x01, 0, 0, 4, 0, 0, 0 }, 8 },
  /* 5, 6: both hosts ask for the response */
  { 0xa200, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 4, 0, 0x00, 0x10 }, TRUE, NULL, 0 },
  { 0xb200, 'S', 2, 0x80, 3, { GET_ENCAP, 0, 0, 0, 0, 0x00, 0x10 }, TRUE, NULL, 0 },
  /* 7: dev 3 answers first */
  { 0xb200, 'C', 2, 0x80, 3, { 0 }, FALSE, qmux_resp, sizeof qmux_resp },
  /* 8: dev 2 answers */
  { 0xa200, 'C', 2, 0x80, 2, { 0 }, FALSE, qmux_resp, sizeof qmux_resp },
  /* 9, 10: dev 2 reads again, nothing pending: zero-length completion */
  { 0xa200, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 4, 0, 0x00, 0x10 }, TRUE, NULL, 0 },
  { 0xa200, 'C', 2, 0x80, 2, { 0 }, FALSE, NULL, 0 },
  /* 11, 12: MBIM on dev 2 interface 5 through the same requests */
  { 0xa300, 'S', 2, 0x00, 2, { SEND_ENCAP, 0, 0, 5, 0, sizeof mbim, 0 }, TRUE, mbim, sizeof mbim },
  { 0xa400, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 5, 0, 0x00, 0x10 }, TRUE, NULL, 0 },
  /* 13 */
  { 0xa400, 'C', 2, 0x80, 2, { 0 }, FALSE, mbim, sizeof mbim },
  /* 14: bulk data is never QMUX control traffic, even when it looks like it */
  { 0xa500, 'C', 3, 0x82, 2, { 0 }, FALSE, qmux_resp, sizeof qmux_resp },
  /* 15, 16: a GET whose completion is an error */
  { 0xa600, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 4, 0, 0x00, 0x10 }, TRUE, NULL, 0 },
  { 0xa600, 'E', 2, 0x80, 2, { 0 }, FALSE, NULL, 0 },
  /* 17: ... so a late completion under that id is not taken */
  { 0xa600, 'C', 2, 0x80, 2, { 0 }, FALSE, qmux_resp, sizeof qmux_resp },
};

typedef struct {
  guint16 bus;
  guint8 dev;
  gint ifnum;
  /* expected direction per event: N none, T to device, F from device */
  const char *expect;
} Filter;

static void check_filter (gboolean mmapped, const Filter *f)
{
  WireUsbmonQmux *x = wire_usbmon_qmux_new (f->bus, f->dev, f->ifnum);

  g_assert_cmpuint (strlen (f->expect), ==, G_N_ELEMENTS (capture));
  for (guint i = 0; i < G_N_ELEMENTS (capture); i++) {
    const guint8 *frame = NULL;
    gsize frame_len = 0;
    GByteArray *keep;
    WireUsbmonQmuxDir d = feed (x, mmapped, &capture[i], &frame, &frame_len, &keep);
    WireUsbmonQmuxDir want = f->expect[i] == 'T' ? WIRE_USBMON_QMUX_TO_DEVICE
                           : f->expect[i] == 'F' ? WIRE_USBMON_QMUX_FROM_DEVICE
                           : WIRE_USBMON_QMUX_NONE;
    if (d != want)
      g_error ("filter %u/%u/%d event %u: got %d, want %d", f->bus, f->dev, f->ifnum, i, d, want);
    if (d != WIRE_USBMON_QMUX_NONE) {
      /* the frame points into the record's data, whole */
      g_assert_cmpmem (frame, frame_len, capture[i].data, capture[i].len);
      g_assert_true (frame >= keep->data && frame + frame_len <= keep->data + keep->len);
    }
    g_byte_array_unref (keep);
  }
  wire_usbmon_qmux_free (x);
}

static void check_interleaved (gboolean mmapped)
{
  static const Filter filters[] = {
    /*                         0123456789012345678 */
    { 0, 0, -1,             "TTNNNNNFFNNNNNNNNN" },
    { 1, 2, -1,             "TNNNNNNNFNNNNNNNNN" },
    { 1, 2, 4,              "TNNNNNNNFNNNNNNNNN" },
    { 1, 3, 0,              "NTNNNNNFNNNNNNNNNN" },
    { 0, 0, 0,              "NTNNNNNFNNNNNNNNNN" },
    { 2, 0, -1,             "NNNNNNNNNNNNNNNNNN" },
    { 1, 2, 5,              "NNNNNNNNNNNNNNNNNN" }, /* the MBIM function */
  };
  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    check_filter (mmapped, &filters[i]);
}

static void test_interleaved_mmapped (void) { check_interleaved (TRUE); }
static void test_interleaved_classic (void) { check_interleaved (FALSE); }

static void test_extraction_edges (void)
{
  WireUsbmonQmux *x = wire_usbmon_qmux_new (0, 0, -1);
  const guint8 *frame;
  gsize frame_len;
  GByteArray *keep;
  guint8 bad_len[sizeof qmux_req];
  const Event get = { 0xc000, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 4, 0, 0x00, 0x10 }, TRUE, NULL, 0 };
  const Event resp_other_dev = { 0xc000, 'C', 2, 0x80, 9, { 0 }, FALSE, qmux_resp, sizeof qmux_resp };
  const Event reuse_send = { 0xd000, 'S', 2, 0x00, 2, { SEND_ENCAP, 0, 0, 4, 0, 4, 0 }, TRUE,
                             (const guint8 []) { 0xde, 0xad, 0xbe, 0xef }, 4 };
  const Event get2 = { 0xd000, 'S', 2, 0x80, 2, { GET_ENCAP, 0, 0, 4, 0, 0x00, 0x10 }, TRUE, NULL, 0 };
  const Event resp2 = { 0xd000, 'C', 2, 0x80, 2, { 0 }, FALSE, qmux_resp, sizeof qmux_resp };
  Event send_bad = { 0xe000, 'S', 2, 0x00, 2, { SEND_ENCAP, 0, 0, 4, 0, sizeof qmux_req, 0 }, TRUE,
                     bad_len, sizeof bad_len };

  /* a completion under a pending id but from another device is not taken */
  g_assert_cmpuint (feed (x, TRUE, &get, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);
  g_assert_cmpuint (feed (x, TRUE, &resp_other_dev, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);

  /* a GET whose id is then reused by another submit is forgotten */
  g_assert_cmpuint (feed (x, TRUE, &get2, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);
  g_assert_cmpuint (feed (x, TRUE, &reuse_send, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);
  g_assert_cmpuint (feed (x, TRUE, &resp2, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);

  /* a QMUX length that does not cover the data exactly is not a frame */
  memcpy (bad_len, qmux_req, sizeof qmux_req);
  bad_len[1] = 0x0b;
  g_assert_cmpuint (feed (x, TRUE, &send_bad, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);
  bad_len[1] = 0x0c;
  bad_len[0] = 0x02;
  g_assert_cmpuint (feed (x, TRUE, &send_bad, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);
  send_bad.len = 5; /* shorter than a QMUX header */
  g_assert_cmpuint (feed (x, TRUE, &send_bad, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
  g_byte_array_unref (keep);

  /* many GETs that never complete (a capture that lost events) */
  for (guint64 id = 0; id < 100000; id++) {
    Event e = get;
    e.id = 0x100000 + id;
    g_assert_cmpuint (feed (x, FALSE, &e, &frame, &frame_len, &keep), ==, WIRE_USBMON_QMUX_NONE);
    g_byte_array_unref (keep);
  }
  wire_usbmon_qmux_free (x);
  wire_usbmon_qmux_free (NULL);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/usbmon/layout-64", test_layout_mmapped);
  g_test_add_func ("/usbmon/layout-48", test_layout_classic);
  g_test_add_func ("/usbmon/interleaved-64", test_interleaved_mmapped);
  g_test_add_func ("/usbmon/interleaved-48", test_interleaved_classic);
  g_test_add_func ("/usbmon/extraction-edges", test_extraction_edges);
  return g_test_run ();
}
