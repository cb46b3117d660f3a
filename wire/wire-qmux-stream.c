/* QMUX stream reassembly; see wire-qmux-stream.h. */
#include <string.h>
#include "wire-qmux.h"
#include "wire-qmux-stream.h"

struct _WireQmuxStream {
  GByteArray *buf;
  gsize dropped;
};

WireQmuxStream *
wire_qmux_stream_new (void)
{
  WireQmuxStream *s = g_new0 (WireQmuxStream, 1);
  s->buf = g_byte_array_new ();
  return s;
}

void
wire_qmux_stream_free (WireQmuxStream *s)
{
  if (!s)
    return;
  g_byte_array_unref (s->buf);
  g_free (s);
}

void
wire_qmux_stream_push (WireQmuxStream *s, const guint8 *data, gsize len)
{
  g_byte_array_append (s->buf, data, (guint) len);
}

static void drop (WireQmuxStream *s, gsize n)
{
  g_byte_array_remove_range (s->buf, 0, (guint) n);
  s->dropped += n;
}

GByteArray *
wire_qmux_stream_pop (WireQmuxStream *s)
{
  for (;;) {
    const guint8 *p = s->buf->data;
    gsize len = s->buf->len;
    guint16 qlen;
    GByteArray *frame;

    if (!len)
      return NULL;
    if (p[0] != WIRE_QMUX_IF_TYPE) {
      /* resynchronise on the next byte that could start a frame */
      const guint8 *next = memchr (p + 1, WIRE_QMUX_IF_TYPE, len - 1);
      drop (s, next ? (gsize) (next - p) : len);
      continue;
    }
    if (len < 3)
      return NULL;
    qlen = (guint16) (p[1] | p[2] << 8);
    if (qlen < WIRE_QMUX_HEADER_LEN - 1) {
      /* a length that cannot hold its own header: not a frame start */
      drop (s, 1);
      continue;
    }
    if (len < (gsize) qlen + 1)
      return NULL;
    frame = g_byte_array_sized_new (qlen + 1);
    g_byte_array_append (frame, p, qlen + 1);
    g_byte_array_remove_range (s->buf, 0, qlen + 1);
    return frame;
  }
}

gsize
wire_qmux_stream_take_dropped (WireQmuxStream *s)
{
  gsize n = s->dropped;
  s->dropped = 0;
  return n;
}

gsize
wire_qmux_stream_pending (const WireQmuxStream *s)
{
  return s->buf->len;
}
