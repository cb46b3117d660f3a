/* qrtr-capture's printout of whole frames (--decode, -r, --import, the fake
 * modem's log, the eBPF taps): QMUX frames and QRTR frames (name service
 * learned on the way), QMI messages through the walker the Wireshark plugin
 * uses. Text or JSON Lines; the wording both front ends share is wire/'s. */
#pragma once

#include <glib.h>
#include "wire-pcapng.h"
#include "wire-schema.h"

G_BEGIN_DECLS

typedef enum {
  DECODE_TEXT, /* in the spirit of qmicli --verbose: one block per message */
  DECODE_JSON, /* one JSON object per line (JSON Lines) */
} DecodeFormat;

typedef struct _DecodePrinter DecodePrinter;

DecodePrinter *decode_printer_new (const WireRegistry *reg, DecodeFormat format);
void decode_printer_free (DecodePrinter *p);
/* USB vendor id whose vendor-specific messages apply (0 = generic only). */
void decode_printer_set_vendor (DecodePrinter *p, guint16 vendor);

/* Each appends its rendering of one frame to out and returns the number of
 * messages it rendered (control packets count). frame numbers from 1. */
guint decode_printer_qmux (DecodePrinter *p, guint32 frame, gint64 ts_usec, WireDirection dir,
                           const guint8 *buf, gsize len, GString *out);
guint decode_printer_qrtr (DecodePrinter *p, guint32 frame, gint64 ts_usec, WireDirection dir,
                           const guint8 *buf, gsize len, GString *out);

G_END_DECLS
