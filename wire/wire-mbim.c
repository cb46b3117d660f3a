/* MBIM 1.0 control messages, only as far as QMI inside them needs: the
 * message header, the fragment header, the device service and CID, the
 * information buffer. Little-endian throughout. */
#include <string.h>
#include "wire-mbim.h"
#include "wire-qmux.h"

#define MBIM_COMMAND 0x00000003u
#define MBIM_COMMAND_DONE 0x80000003u
#define MBIM_INDICATE_STATUS 0x80000007u
#define MBIM_CID_QMI 1u
#define MBIM_MAX_PAD 3u

/* d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3, in the byte order MBIM sends */
static const guint8 mbim_qmi_uuid[16] = { 0xd1, 0xa3, 0x0b, 0xc2, 0xf9, 0x7a, 0x6e, 0x43,
                                          0xbf, 0x65, 0xc7, 0xe2, 0x4f, 0xb0, 0xf0, 0xd3 };

static guint32 le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
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
  guint32 type, info_len;
  gsize uuid_at = 20, info_at;

  if (len < 12)
    return FALSE;
  type = le32 (msg);
  if (le32 (msg + 4) > len)
    return FALSE;
  if (type == MBIM_COMMAND || type == MBIM_COMMAND_DONE) {
    /* fragment header: total 1, current 0 */
    if (len < 20 || le32 (msg + 12) != 1 || le32 (msg + 16) != 0)
      return FALSE;
    info_at = 20 + 16 + 4 + 4 + 4; /* uuid, cid, command type / status, length */
  } else if (type == MBIM_INDICATE_STATUS) {
    if (len < 20 || le32 (msg + 12) != 1 || le32 (msg + 16) != 0)
      return FALSE;
    info_at = 20 + 16 + 4 + 4; /* uuid, cid, length */
  } else {
    return FALSE;
  }
  if (len < info_at || memcmp (msg + uuid_at, mbim_qmi_uuid, 16) != 0 || le32 (msg + uuid_at + 16) != MBIM_CID_QMI)
    return FALSE;
  info_len = le32 (msg + info_at - 4);
  if (info_len > len - info_at)
    return FALSE;
  *qmux_len = wire_mbim_qmux_frame_len (msg + info_at, info_len);
  *qmux = msg + info_at;
  return *qmux_len > 0;
}
