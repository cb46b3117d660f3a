/* Cutting a byte stream into whole QMUX frames. A pty or serial QMI port
 * delivers bytes, not messages: one read may hold half a frame or three, but
 * a cdc-wdm device takes exactly one frame per write(). The bridge and the
 * fake modem both need frames, so both go through this. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WireQmuxStream WireQmuxStream;

WireQmuxStream *wire_qmux_stream_new (void);
void wire_qmux_stream_free (WireQmuxStream *s);
void wire_qmux_stream_push (WireQmuxStream *s, const guint8 *data, gsize len);
/* The next whole frame (if_type 0x01, length >= 5), or NULL when more bytes
 * are needed. Bytes that cannot start a frame are dropped and counted. The
 * frame is owned by the caller. */
GByteArray *wire_qmux_stream_pop (WireQmuxStream *s);
/* Bytes dropped since the last call (resets the count). */
gsize wire_qmux_stream_take_dropped (WireQmuxStream *s);
/* Bytes held, waiting for the rest of a frame. */
gsize wire_qmux_stream_pending (const WireQmuxStream *s);

G_END_DECLS
