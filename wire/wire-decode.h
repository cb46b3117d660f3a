/* Decoding whole frames to text or JSON lines, for qrtr-capture and the
 * tests: QMUX frames and QRTR frames (name service learned on the way), QMI
 * messages through the same walker the Wireshark plugin uses. */
#pragma once

#include <glib.h>
#include "wire-schema.h"
#include "wire-pcapng.h"

G_BEGIN_DECLS

typedef enum {
  WIRE_DECODE_TEXT, /* in the spirit of qmicli --verbose: one block per message */
  WIRE_DECODE_JSON, /* one JSON object per line (JSON Lines) */
} WireDecodeFormat;

typedef struct _WireDecoder WireDecoder;

WireDecoder *wire_decoder_new (const WireRegistry *reg, WireDecodeFormat format);
void wire_decoder_free (WireDecoder *d);
/* USB vendor id whose vendor-specific messages apply (0 = generic only). */
void wire_decoder_set_vendor (WireDecoder *d, guint16 vendor);

/* Each appends its rendering of one frame to out and returns the number of
 * messages it rendered (control packets count). frame numbers from 1. */
guint wire_decoder_qmux (WireDecoder *d, guint32 frame, gint64 ts_usec, WireDirection dir,
                         const guint8 *buf, gsize len, GString *out);
guint wire_decoder_qrtr (WireDecoder *d, guint32 frame, gint64 ts_usec, WireDirection dir,
                         const guint8 *buf, gsize len, GString *out);

G_END_DECLS
