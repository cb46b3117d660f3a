/* QMI inside MBIM: the message header, the fragment header, the device
 * service UUID and CID, then the information buffer (MBIM 1.0 sections 9.1
 * and 9.4: COMMAND and COMMAND_DONE have 4 more bytes before the buffer
 * length than INDICATE_STATUS: the command type or the status). */
#include <string.h>
#include "wire-mbim.h"

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
  if (!((t >= 1 && t <= 4) || (t >= 0x80000001u && t <= 0x80000004u) || t == 0x80000007u))
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
  if (type == 0x00000003u || type == 0x80000003u)
    off = 48;
  else if (type == 0x80000007u)
    off = 44;
  else
    return FALSE;
  /* one fragment of one, QMI service, CID 1 */
  if (le32 (m + 12) != 1 || memcmp (m + 20, qmi_uuid, 16) != 0 || le32 (m + 36) != 1)
    return FALSE;
  *qmux_offset = off;
  *qmux_len = MIN ((gsize) le32 (m + off - 4), len - off);
  return TRUE;
}
