/* QMI inside MBIM: the message header, the fragment header, the device
 * service UUID and CID, then the information buffer (MBIM 1.0 sections 9.1
 * and 9.4: COMMAND and COMMAND_DONE have 4 more bytes before the buffer
 * length than INDICATE_STATUS: the command type or the status).
 * Little-endian throughout. */
#include <string.h>
#include "wire-mbim.h"
#include "wire-qmux.h"

#define MBIM_COMMAND 0x00000003u
#define MBIM_COMMAND_DONE 0x80000003u
#define MBIM_INDICATE_STATUS 0x80000007u
#define MBIM_CID_QMI 1u
#define MBIM_MAX_PAD 3u

/* d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3, in the byte order MBIM sends */
static const guint8 qmi_uuid[16] = { 0xd1, 0xa3, 0x0b, 0xc2, 0xf9, 0x7a, 0x6e, 0x43,
                                     0xbf, 0x65, 0xc7, 0xe2, 0x4f, 0xb0, 0xf0, 0xd3 };

static guint32 le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

gboolean
wire_mbim_header (const guint8 *m, gsize len, guint32 *type, guint32 *length)
{
  guint32 t;
  if (len < 12)
    return FALSE;
  t = le32 (m);
  /* OPEN, CLOSE, COMMAND, their DONEs, FUNCTION_ERROR (host and modem), INDICATE_STATUS */
  if (!((t >= 1 && t <= 4) || (t >= 0x80000001u && t <= 0x80000004u) || t == MBIM_INDICATE_STATUS))
    return FALSE;
  *type = t;
  *length = le32 (m + 4);
  return TRUE;
}

gboolean
wire_mbim_qmi_payload (const guint8 *m, gsize len, gsize *qmux_offset, gsize *qmux_len)
{
  guint32 type, length;
  gsize off;
  if (!wire_mbim_header (m, len, &type, &length) || length != len || len < 48)
    return FALSE;
  if (type == MBIM_COMMAND || type == MBIM_COMMAND_DONE)
    off = 48;
  else if (type == MBIM_INDICATE_STATUS)
    off = 44;
  else
    return FALSE;
  /* fragment 0 of 1, QMI service, CID 1 */
  if (le32 (m + 12) != 1 || le32 (m + 16) != 0 || memcmp (m + 20, qmi_uuid, 16) != 0 ||
      le32 (m + 36) != MBIM_CID_QMI)
    return FALSE;
  *qmux_offset = off;
  *qmux_len = MIN ((gsize) le32 (m + off - 4), len - off);
  return TRUE;
}

gsize
wire_mbim_qmux_frame_len (const guint8 *buf, gsize len)
{
  gsize frame;
  if (len < WIRE_QMUX_HEADER_LEN || buf[0] != WIRE_QMUX_IF_TYPE)
    return 0;
  frame = (gsize) (buf[1] | buf[2] << 8) + 1;
  if (frame < WIRE_QMUX_HEADER_LEN || frame > len || len - frame > MBIM_MAX_PAD)
    return 0;
  for (gsize i = frame; i < len; i++)
    if (buf[i] != 0)
      return 0;
  return frame;
}

gboolean
wire_mbim_qmi_frame (const guint8 *msg, gsize len, const guint8 **qmux, gsize *qmux_len)
{
  gsize off, buf_len;
  if (!wire_mbim_qmi_payload (msg, len, &off, &buf_len))
    return FALSE;
  *qmux = msg + off;
  *qmux_len = wire_mbim_qmux_frame_len (msg + off, buf_len);
  return *qmux_len > 0;
}
