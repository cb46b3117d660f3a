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

struct _WireUsbmonQmux {
  guint16 busnum;
  guint8 devnum;
  gint ifnum;
  GHashTable *pending; /* URB id -> wIndex of a GET_ENCAPSULATED_RESPONSE submit */
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
 * the data (this also tells QMUX from MBIM on the same cdc-wdm node). */
static gboolean is_qmux_frame (const guint8 *d, gsize len)
{
  return len >= WIRE_QMUX_HEADER_LEN && d[0] == WIRE_QMUX_IF_TYPE &&
         (gsize) (d[1] | d[2] << 8) + 1 == len;
}

WireUsbmonQmuxDir
wire_usbmon_qmux_feed (WireUsbmonQmux *x, const WireUsbmonRecord *rec,
                       const guint8 **frame, gsize *frame_len)
{
  guint16 windex;

  if ((x->busnum && rec->busnum != x->busnum) || (x->devnum && rec->devnum != x->devnum))
    return WIRE_USBMON_QMUX_NONE;
  if (rec->xfer_type != XFER_CONTROL)
    return WIRE_USBMON_QMUX_NONE;

  if (rec->type == 'S' && rec->setup_present) {
    windex = (guint16) (rec->setup[4] | rec->setup[5] << 8);
    if (x->ifnum >= 0 && windex != x->ifnum)
      return WIRE_USBMON_QMUX_NONE;
    if (rec->setup[0] == 0x21 && rec->setup[1] == CDC_SEND_ENCAPSULATED_COMMAND &&
        is_qmux_frame (rec->data, rec->data_len)) {
      *frame = rec->data;
      *frame_len = rec->data_len;
      return WIRE_USBMON_QMUX_TO_DEVICE;
    }
    if (rec->setup[0] == 0xa1 && rec->setup[1] == CDC_GET_ENCAPSULATED_RESPONSE) {
      guint64 id = rec->id;
      g_hash_table_insert (x->pending, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (1));
    }
    return WIRE_USBMON_QMUX_NONE;
  }
  if (rec->type == 'C' || rec->type == 'E') {
    guint64 id = rec->id;
    /* URB ids are kernel pointers, reused after completion: forget on 'C'. */
    if (!g_hash_table_remove (x->pending, &id))
      return WIRE_USBMON_QMUX_NONE;
    if (rec->type == 'C' && rec->data_len > 0 && is_qmux_frame (rec->data, rec->data_len)) {
      *frame = rec->data;
      *frame_len = rec->data_len;
      return WIRE_USBMON_QMUX_FROM_DEVICE;
    }
  }
  return WIRE_USBMON_QMUX_NONE;
}
