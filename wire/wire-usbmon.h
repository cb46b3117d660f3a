/* usbmon records (Linux binary API, linktypes 220 and 189) and the
 * extraction of QMUX frames carried by CDC encapsulated commands, shared by
 * qrtr-capture's live tap, its -r reader and the test generators. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WIRE_USBMON_HDR_LEN_MMAPPED 64
#define WIRE_USBMON_HDR_LEN 48

typedef struct {
  guint64 id;          /* URB tag, same on submit and completion */
  char type;           /* 'S' submit, 'C' complete, 'E' error */
  guint8 xfer_type;    /* 0 iso, 1 interrupt, 2 control, 3 bulk */
  guint8 epnum;        /* 0x80 = IN */
  guint8 devnum;
  guint16 busnum;
  gboolean setup_present; /* flag_setup == 0 */
  guint8 setup[8];
  gint64 ts_sec;
  gint32 ts_usec;
  gint32 status;
  guint32 len_urb;
  guint32 len_cap;
  gsize header_len;    /* 48 or 64 */
  const guint8 *data;  /* len_cap bytes (clipped to the record) */
  gsize data_len;
} WireUsbmonRecord;

/* Parses a record of linktype 220 (mmapped = TRUE) or 189; host byte order
 * (usbmon writes native order; captures from little-endian hosts assumed). */
gboolean wire_usbmon_parse (const guint8 *buf, gsize len, gboolean mmapped, WireUsbmonRecord *out);

/* Builds a record (64-byte header when mmapped) for generators and tests. */
GByteArray *wire_usbmon_build (const WireUsbmonRecord *rec, gboolean mmapped,
                               const guint8 *data, gsize data_len);

/* A device descriptor (18 bytes, bDescriptorType 1) completed on the
 * control pipe: TRUE with the vendor id (whose vendor-specific messages then
 * apply) and iSerialNumber (the string descriptor holding the serial number,
 * 0 = none). */
gboolean wire_usbmon_device_descriptor (const WireUsbmonRecord *rec, guint16 *vendor, guint8 *serial_index);

/* Pairs submits with completions and yields QMUX frames. */
typedef struct _WireUsbmonQmux WireUsbmonQmux;

typedef enum {
  WIRE_USBMON_QMUX_NONE,        /* record carries no QMUX frame */
  WIRE_USBMON_QMUX_TO_DEVICE,   /* SEND_ENCAPSULATED_COMMAND submit */
  WIRE_USBMON_QMUX_FROM_DEVICE, /* GET_ENCAPSULATED_RESPONSE completion */
} WireUsbmonQmuxDir;

/* Filters: bus/dev 0 = any; ifnum -1 = any. */
WireUsbmonQmux *wire_usbmon_qmux_new (guint16 busnum, guint8 devnum, gint ifnum);
void wire_usbmon_qmux_free (WireUsbmonQmux *x);
/* Feeds one record; when it carries a whole QMUX frame (first byte 0x01 and
 * QMUX length + 1 == data length), sets *frame and *frame_len (pointing into the
 * record's data) and returns the direction. */
WireUsbmonQmuxDir wire_usbmon_qmux_feed (WireUsbmonQmux *x, const WireUsbmonRecord *rec,
                                         const guint8 **frame, gsize *frame_len);

G_END_DECLS
