/* usbmon binary records and QMUX extraction from CDC encapsulated commands.
 * Record layout from the Linux kernel's Documentation/usb/usbmon.rst
 * (struct usbmon_packet; the 64-byte "mmapped" form adds interval,
 * start_frame, xfer_flags and ndesc). CDC requests from the USB CDC spec:
 * SEND_ENCAPSULATED_COMMAND 0x21/0x00, GET_ENCAPSULATED_RESPONSE 0xa1/0x01. */
#include <string.h>
#include "wire-usbmon.h"
#include "wire-qmux.h"

#define CDC_SEND_ENCAPSULATED_COMMAND 0x00
#define CDC_GET_ENCAPSULATED_RESPONSE 0x01
#define XFER_CONTROL 2

/* Header offsets (struct usbmon_packet): id 0, type 8, xfer_type 9, epnum 10,
 * devnum 11, busnum 12, flag_setup 14, flag_data 15, ts_sec 16, ts_usec 24,
 * status 28, length 32, len_cap 36, setup/iso 40; mmapped only: interval 48,
 * start_frame 52, xfer_flags 56, ndesc 60. */
gboolean
wire_usbmon_parse (const guint8 *buf, gsize len, gboolean mmapped, WireUsbmonRecord *out)
{
  gsize hlen = mmapped ? WIRE_USBMON_HDR_LEN_MMAPPED : WIRE_USBMON_HDR_LEN;

  memset (out, 0, sizeof *out);
  if (len < hlen)
    return FALSE;
  memcpy (&out->id, buf, 8);
  out->type = (char) buf[8];
  out->xfer_type = buf[9];
  out->epnum = buf[10];
  out->devnum = buf[11];
  memcpy (&out->busnum, buf + 12, 2);
  out->setup_present = buf[14] == 0;
  memcpy (&out->ts_sec, buf + 16, 8);
  memcpy (&out->ts_usec, buf + 24, 4);
  memcpy (&out->status, buf + 28, 4);
  memcpy (&out->len_urb, buf + 32, 4);
  memcpy (&out->len_cap, buf + 36, 4);
  memcpy (out->setup, buf + 40, 8);
  out->header_len = hlen;
  out->data = buf + hlen;
  out->data_len = MIN ((gsize) out->len_cap, len - hlen);
  return TRUE;
}

GByteArray *
wire_usbmon_build (const WireUsbmonRecord *rec, gboolean mmapped,
                   const guint8 *data, gsize data_len)
{
  gsize hlen = mmapped ? WIRE_USBMON_HDR_LEN_MMAPPED : WIRE_USBMON_HDR_LEN;
  guint8 h[WIRE_USBMON_HDR_LEN_MMAPPED] = { 0 };
  guint32 len_cap = (guint32) data_len;
  GByteArray *b;

  memcpy (h, &rec->id, 8);
  h[8] = (guint8) rec->type;
  h[9] = rec->xfer_type;
  h[10] = rec->epnum;
  h[11] = rec->devnum;
  memcpy (h + 12, &rec->busnum, 2);
  h[14] = rec->setup_present ? 0 : '-';
  h[15] = data_len ? 0 : (rec->type == 'S' && (rec->epnum & 0x80) ? '<' : '>');
  memcpy (h + 16, &rec->ts_sec, 8);
  memcpy (h + 24, &rec->ts_usec, 4);
  memcpy (h + 28, &rec->status, 4);
  memcpy (h + 32, &rec->len_urb, 4);
  memcpy (h + 36, &len_cap, 4);
  memcpy (h + 40, rec->setup, 8);
  b = g_byte_array_sized_new (hlen + data_len);
  g_byte_array_append (b, h, hlen);
  if (data_len)
    g_byte_array_append (b, data, data_len);
  return b;
}

/* Pending GET_ENCAPSULATED_RESPONSE submits are few (cdc-wdm keeps one in
 * flight per device); a capture that lost completions must not grow the
 * set without bound, so past this many it starts again. */
#define MAX_PENDING 1024

struct _WireUsbmonQmux {
  guint16 busnum;
  guint8 devnum;
  gint ifnum;
  GHashTable *pending; /* URB id -> bus << 8 | devnum of a GET_ENCAPSULATED_RESPONSE submit */
};

WireUsbmonQmux *
wire_usbmon_qmux_new (guint16 busnum, guint8 devnum, gint ifnum)
{
  WireUsbmonQmux *x = g_new0 (WireUsbmonQmux, 1);
  x->busnum = busnum;
  x->devnum = devnum;
  x->ifnum = ifnum;
  x->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  return x;
}

void
wire_usbmon_qmux_free (WireUsbmonQmux *x)
{
  if (!x)
    return;
  g_hash_table_unref (x->pending);
  g_free (x);
}

/* A whole QMUX frame: interface type 0x01 and a length that covers exactly
 * the data (this also tells QMUX from MBIM on the same cdc-wdm node, and
 * rejects records whose data usbmon clipped). */
static gboolean is_qmux_frame (const guint8 *d, gsize len)
{
  return len >= WIRE_QMUX_HEADER_LEN && d[0] == WIRE_QMUX_IF_TYPE &&
         (gsize) (d[1] | d[2] << 8) + 1 == len;
}

static guint device_tag (const WireUsbmonRecord *rec)
{
  return (guint) rec->busnum << 8 | rec->devnum;
}

static gboolean is_request (const WireUsbmonRecord *rec, guint8 request_type, guint8 request)
{
  return rec->setup[0] == request_type && rec->setup[1] == request;
}

WireUsbmonQmuxDir
wire_usbmon_qmux_feed (WireUsbmonQmux *x, const WireUsbmonRecord *rec,
                       const guint8 **frame, gsize *frame_len)
{
  guint64 id = rec->id;

  if ((x->busnum && rec->busnum != x->busnum) || (x->devnum && rec->devnum != x->devnum))
    return WIRE_USBMON_QMUX_NONE;
  if (rec->xfer_type != XFER_CONTROL)
    return WIRE_USBMON_QMUX_NONE;

  if (rec->type == 'S') {
    guint16 windex = (guint16) (rec->setup[4] | rec->setup[5] << 8);

    /* URB ids are kernel pointers, reused once an URB is done: a new submit
     * under an id ends whatever we remembered for it. */
    g_hash_table_remove (x->pending, &id);
    if (!rec->setup_present || (x->ifnum >= 0 && windex != x->ifnum))
      return WIRE_USBMON_QMUX_NONE;
    if (is_request (rec, 0x21, CDC_SEND_ENCAPSULATED_COMMAND) &&
        is_qmux_frame (rec->data, rec->data_len)) {
      *frame = rec->data;
      *frame_len = rec->data_len;
      return WIRE_USBMON_QMUX_TO_DEVICE;
    }
    if (is_request (rec, 0xa1, CDC_GET_ENCAPSULATED_RESPONSE)) {
      if (g_hash_table_size (x->pending) >= MAX_PENDING)
        g_hash_table_remove_all (x->pending);
      g_hash_table_insert (x->pending, g_memdup2 (&id, sizeof id),
                           GUINT_TO_POINTER (device_tag (rec)));
    }
    return WIRE_USBMON_QMUX_NONE;
  }
  if (rec->type == 'C' || rec->type == 'E') {
    gpointer tag;

    if (!g_hash_table_lookup_extended (x->pending, &id, NULL, &tag))
      return WIRE_USBMON_QMUX_NONE;
    g_hash_table_remove (x->pending, &id);
    if (GPOINTER_TO_UINT (tag) != device_tag (rec))
      return WIRE_USBMON_QMUX_NONE;
    /* zero-length completions end a run of reads; 'E' carries no data */
    if (rec->type == 'C' && rec->data_len > 0 && is_qmux_frame (rec->data, rec->data_len)) {
      *frame = rec->data;
      *frame_len = rec->data_len;
      return WIRE_USBMON_QMUX_FROM_DEVICE;
    }
  }
  return WIRE_USBMON_QMUX_NONE;
}

gboolean
wire_usbmon_device_descriptor (const WireUsbmonRecord *rec, guint16 *vendor, guint8 *serial_index)
{
  const guint8 *d = rec->data;
  if (rec->type != 'C' || rec->xfer_type != XFER_CONTROL || rec->data_len < 18 || d[0] != 18 || d[1] != 1)
    return FALSE;
  *vendor = (guint16) (d[8] | d[9] << 8); /* idVendor */
  *serial_index = d[16];                  /* iSerialNumber */
  return TRUE;
}
