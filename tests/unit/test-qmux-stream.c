/* Cutting QMUX frames out of a byte stream (the bridge's pty side, the fake
 * modem): frames split across reads, several in one read, garbage between. */
#include <string.h>
#include "wire-qmux-stream.h"

/* DMS Get IDs request, client 1, txn 7 (13 bytes) */
static const guint8 get_ids[] = { 0x01, 0x0c, 0x00, 0x00, 0x02, 0x01,
                                  0x00, 0x07, 0x00, 0x25, 0x00, 0x00, 0x00 };

static void assert_frame (GByteArray *f)
{
  g_assert_nonnull (f);
  g_assert_cmpmem (f->data, f->len, get_ids, sizeof get_ids);
  g_byte_array_unref (f);
}

static void test_split_reads (void)
{
  WireQmuxStream *s = wire_qmux_stream_new ();
  /* one byte at a time: nothing until the last byte */
  for (gsize i = 0; i < sizeof get_ids; i++) {
    g_assert_null (wire_qmux_stream_pop (s));
    wire_qmux_stream_push (s, get_ids + i, 1);
  }
  assert_frame (wire_qmux_stream_pop (s));
  g_assert_null (wire_qmux_stream_pop (s));
  g_assert_cmpuint (wire_qmux_stream_pending (s), ==, 0);
  g_assert_cmpuint (wire_qmux_stream_take_dropped (s), ==, 0);
  wire_qmux_stream_free (s);
}

static void test_several_in_one_read (void)
{
  WireQmuxStream *s = wire_qmux_stream_new ();
  guint8 buf[3 * sizeof get_ids + 5];
  for (int i = 0; i < 3; i++)
    memcpy (buf + i * sizeof get_ids, get_ids, sizeof get_ids);
  memcpy (buf + 3 * sizeof get_ids, get_ids, 5); /* the start of a fourth */
  wire_qmux_stream_push (s, buf, sizeof buf);
  for (int i = 0; i < 3; i++)
    assert_frame (wire_qmux_stream_pop (s));
  g_assert_null (wire_qmux_stream_pop (s));
  g_assert_cmpuint (wire_qmux_stream_pending (s), ==, 5);
  wire_qmux_stream_push (s, get_ids + 5, sizeof get_ids - 5);
  assert_frame (wire_qmux_stream_pop (s));
  wire_qmux_stream_free (s);
}

static void test_garbage_resync (void)
{
  WireQmuxStream *s = wire_qmux_stream_new ();
  static const guint8 junk[] = { 'A', 'T', '\r', '\n' };
  /* 0x01 followed by a length too small to hold a QMUX header: not a start */
  static const guint8 bad_len[] = { 0x01, 0x02, 0x00 };
  wire_qmux_stream_push (s, junk, sizeof junk);
  wire_qmux_stream_push (s, bad_len, sizeof bad_len);
  wire_qmux_stream_push (s, get_ids, sizeof get_ids);
  assert_frame (wire_qmux_stream_pop (s));
  g_assert_cmpuint (wire_qmux_stream_take_dropped (s), ==, sizeof junk + sizeof bad_len);
  g_assert_cmpuint (wire_qmux_stream_take_dropped (s), ==, 0);
  /* garbage alone is dropped whole, nothing is held */
  wire_qmux_stream_push (s, junk, sizeof junk);
  g_assert_null (wire_qmux_stream_pop (s));
  g_assert_cmpuint (wire_qmux_stream_pending (s), ==, 0);
  g_assert_cmpuint (wire_qmux_stream_take_dropped (s), ==, sizeof junk);
  wire_qmux_stream_free (s);
}

static void test_largest_frame (void)
{
  WireQmuxStream *s = wire_qmux_stream_new ();
  GByteArray *f;
  guint8 *big = g_malloc0 (65536);
  big[0] = 0x01;
  big[1] = 0xff;
  big[2] = 0xff; /* length 65535: 65536 bytes in all */
  wire_qmux_stream_push (s, big, 65535);
  g_assert_null (wire_qmux_stream_pop (s));
  wire_qmux_stream_push (s, big + 65535, 1);
  f = wire_qmux_stream_pop (s);
  g_assert_nonnull (f);
  g_assert_cmpuint (f->len, ==, 65536);
  g_byte_array_unref (f);
  g_free (big);
  wire_qmux_stream_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qmux-stream/split-reads", test_split_reads);
  g_test_add_func ("/qmux-stream/several-in-one-read", test_several_in_one_read);
  g_test_add_func ("/qmux-stream/garbage-resync", test_garbage_resync);
  g_test_add_func ("/qmux-stream/largest-frame", test_largest_frame);
  return g_test_run ();
}
