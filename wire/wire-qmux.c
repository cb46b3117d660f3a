/* QMUX framing, QMI SDU headers and TLV iteration.
 * Layouts from libqmi's qmi-message.c (struct qmux, struct control_header,
 * struct service_header, struct tlv) and, for QMI over QRTR, the Linux
 * kernel's include/linux/soc/qcom/qmi.h (struct qmi_header). */
#include <string.h>
#include "wire-qmux.h"

static guint16 le16 (const guint8 *p) { return (guint16) (p[0] | p[1] << 8); }
static void put_le16 (guint8 *p, guint16 v) { p[0] = v; p[1] = v >> 8; }

guint
wire_qmux_parse_header (const guint8 *buf, gsize len, WireQmuxHeader *out)
{
  memset (out, 0, sizeof *out);
  if (len < WIRE_QMUX_HEADER_LEN) {
    out->problems = WIRE_QMUX_FATAL_SHORT;
    return out->problems;
  }
  out->if_type = buf[0];
  if (buf[0] != WIRE_QMUX_IF_TYPE)
    out->problems |= WIRE_QMUX_FATAL_IF_TYPE;
  out->length = le16 (buf + 1);
  out->flags = buf[3];
  out->service = buf[4];
  out->client_id = buf[5];
  if (out->length < WIRE_QMUX_HEADER_LEN - 1)
    out->problems |= WIRE_QMUX_LENGTH_TOO_SMALL;
  if ((gsize) out->length + 1 > len)
    out->problems |= WIRE_QMUX_LENGTH_BEYOND;
  else if ((gsize) out->length + 1 < len)
    out->problems |= WIRE_QMUX_TRAILING_BYTES;
  /* The SDU ends where the stated length says, or at the end of the data. */
  {
    gsize end = MIN ((gsize) out->length + 1, len);
    out->sdu_len = end > WIRE_QMUX_HEADER_LEN ? end - WIRE_QMUX_HEADER_LEN : 0;
  }
  return out->problems;
}

/* Kind bits per header form: CTL 0x01 response / 0x02 indication; services
 * (and the QRTR type byte) 0x02 response / 0x04 indication, 0x01 compound. */
WireQmiKind
wire_qmi_kind_from_flags (WireQmiForm form, guint8 flags, gboolean *known)
{
  guint8 resp = form == WIRE_QMI_FORM_CTL ? 0x01 : 0x02;
  guint8 ind = form == WIRE_QMI_FORM_CTL ? 0x02 : 0x04;
  guint8 other = (guint8) ~(resp | ind | (form == WIRE_QMI_FORM_CTL ? 0 : 0x01));

  *known = (flags & other) == 0 && !((flags & resp) && (flags & ind));
  if (flags & ind)
    return WIRE_QMI_INDICATION;
  if (flags & resp)
    return WIRE_QMI_RESPONSE;
  return WIRE_QMI_REQUEST;
}

guint
wire_qmi_parse_header (WireQmiForm form, const guint8 *buf, gsize len, WireQmiHeader *out)
{
  gboolean known;
  gsize avail;

  memset (out, 0, sizeof *out);
  out->form = form;
  out->header_len = form == WIRE_QMI_FORM_CTL ? WIRE_QMI_CTL_HEADER_LEN : WIRE_QMI_SVC_HEADER_LEN;
  if (len < out->header_len) {
    out->problems = WIRE_QMI_FATAL_SHORT;
    return out->problems;
  }
  out->flags = buf[0];
  if (form == WIRE_QMI_FORM_CTL) {
    out->txn_id = buf[1];
    out->msg_id = le16 (buf + 2);
    out->msg_len = le16 (buf + 4);
  } else {
    out->compound = (buf[0] & 0x01) != 0;
    out->txn_id = le16 (buf + 1);
    out->msg_id = le16 (buf + 3);
    out->msg_len = le16 (buf + 5);
  }
  out->kind = wire_qmi_kind_from_flags (form, out->flags, &known);
  if (!known)
    out->problems |= WIRE_QMI_UNKNOWN_FLAGS;
  avail = len - out->header_len;
  out->tlv_len = MIN ((gsize) out->msg_len, avail);
  if (out->msg_len > avail)
    out->problems |= WIRE_QMI_LENGTH_BEYOND;
  else if (out->msg_len < avail)
    out->problems |= WIRE_QMI_TRAILING_BYTES;
  return out->problems;
}

gboolean
wire_qmi_tlv_next (const guint8 *buf, gsize len, gsize *offset,
                   WireQmiTlv *tlv, gboolean *short_tail)
{
  gsize off = *offset, left;

  if (short_tail)
    *short_tail = FALSE;
  if (off >= len)
    return FALSE;
  left = len - off;
  if (left < WIRE_QMI_TLV_HEADER_LEN) {
    if (short_tail)
      *short_tail = TRUE;
    *offset = len;
    return FALSE;
  }
  memset (tlv, 0, sizeof *tlv);
  tlv->type = buf[off];
  tlv->length = le16 (buf + off + 1);
  tlv->offset = off;
  tlv->value_offset = off + WIRE_QMI_TLV_HEADER_LEN;
  left -= WIRE_QMI_TLV_HEADER_LEN;
  tlv->overrun = tlv->length > left;
  tlv->value_len = MIN ((gsize) tlv->length, left);
  *offset = tlv->overrun ? len : tlv->value_offset + tlv->value_len;
  return TRUE;
}

gboolean
wire_qmi_find_result (const guint8 *tlvs, gsize len, guint16 *status, guint16 *error)
{
  gsize off = 0;
  WireQmiTlv tlv;

  while (wire_qmi_tlv_next (tlvs, len, &off, &tlv, NULL)) {
    if (tlv.type == WIRE_QMI_TLV_RESULT && tlv.value_len >= 4) {
      *status = le16 (tlvs + tlv.value_offset);
      *error = le16 (tlvs + tlv.value_offset + 2);
      return TRUE;
    }
  }
  return FALSE;
}

static guint8 flags_for (WireQmiForm form, WireQmiKind kind)
{
  static const guint8 ctl[] = { 0x00, 0x01, 0x02 };
  static const guint8 svc[] = { 0x00, 0x02, 0x04 };
  return (form == WIRE_QMI_FORM_CTL ? ctl : svc)[kind];
}

GByteArray *
wire_qmi_build_message (WireQmiForm form, WireQmiKind kind, guint16 txn_id,
                        guint16 msg_id, const guint8 *tlvs, gsize tlvs_len)
{
  guint8 head[WIRE_QMI_SVC_HEADER_LEN];
  gsize n;
  GByteArray *msg;

  g_return_val_if_fail (tlvs_len <= G_MAXUINT16, NULL);
  g_return_val_if_fail ((guint) kind < WIRE_QMI_N_KINDS, NULL);
  head[0] = flags_for (form, kind);
  if (form == WIRE_QMI_FORM_CTL) {
    head[1] = (guint8) txn_id;
    put_le16 (head + 2, msg_id);
    put_le16 (head + 4, (guint16) tlvs_len);
    n = WIRE_QMI_CTL_HEADER_LEN;
  } else {
    put_le16 (head + 1, txn_id);
    put_le16 (head + 3, msg_id);
    put_le16 (head + 5, (guint16) tlvs_len);
    n = WIRE_QMI_SVC_HEADER_LEN;
  }
  msg = g_byte_array_sized_new (n + tlvs_len);
  g_byte_array_append (msg, head, n);
  if (tlvs_len)
    g_byte_array_append (msg, tlvs, tlvs_len);
  return msg;
}

GByteArray *
wire_qmux_build_frame (gboolean from_service, guint8 service, guint8 client_id,
                       WireQmiKind kind, guint16 txn_id, guint16 msg_id,
                       const guint8 *tlvs, gsize tlvs_len)
{
  WireQmiForm form = service == 0 ? WIRE_QMI_FORM_CTL : WIRE_QMI_FORM_SERVICE;
  gsize sdu_header = form == WIRE_QMI_FORM_CTL ? WIRE_QMI_CTL_HEADER_LEN : WIRE_QMI_SVC_HEADER_LEN;
  guint8 head[WIRE_QMUX_HEADER_LEN];
  GByteArray *sdu, *frame;

  /* the QMUX length field (u16) counts everything after the if_type byte */
  g_return_val_if_fail (tlvs_len <= G_MAXUINT16 - (WIRE_QMUX_HEADER_LEN - 1) - sdu_header, NULL);
  sdu = wire_qmi_build_message (form, kind, txn_id, msg_id, tlvs, tlvs_len);
  g_return_val_if_fail (sdu != NULL, NULL);
  head[0] = WIRE_QMUX_IF_TYPE;
  put_le16 (head + 1, (guint16) (sdu->len + WIRE_QMUX_HEADER_LEN - 1));
  head[3] = from_service ? WIRE_QMUX_FLAG_SERVICE : 0x00;
  head[4] = service;
  head[5] = client_id;
  frame = g_byte_array_sized_new (sizeof head + sdu->len);
  g_byte_array_append (frame, head, sizeof head);
  g_byte_array_append (frame, sdu->data, sdu->len);
  g_byte_array_unref (sdu);
  return frame;
}

void
wire_qmi_append_tlv (GByteArray *tlvs, guint8 type, const guint8 *value, guint16 len)
{
  guint8 head[WIRE_QMI_TLV_HEADER_LEN] = { type, (guint8) len, (guint8) (len >> 8) };
  g_byte_array_append (tlvs, head, sizeof head);
  if (len)
    g_byte_array_append (tlvs, value, len);
}

const char *
wire_qmi_kind_name (WireQmiKind kind)
{
  static const char *const names[] = { "Request", "Response", "Indication" };
  return (guint) kind < G_N_ELEMENTS (names) ? names[kind] : "Unknown";
}

/* The wording of each problem, as the plugin's expert infos and
 * qrtr-capture's problem lines both say it. */
typedef struct {
  guint bit;
  const char *name;
} ProblemName;

static const char *problem_name (const ProblemName *names, gsize n, guint bit)
{
  for (gsize i = 0; i < n; i++)
    if (names[i].bit == bit)
      return names[i].name;
  return "unknown problem";
}

static const ProblemName qmux_problem_names[] = {
  { WIRE_QMUX_FATAL_SHORT, "QMUX header truncated" },
  { WIRE_QMUX_FATAL_IF_TYPE, "Interface type is not 0x01 (QMUX)" },
  { WIRE_QMUX_LENGTH_BEYOND, "QMUX length runs past the frame" },
  { WIRE_QMUX_TRAILING_BYTES, "Bytes after the QMUX length" },
  { WIRE_QMUX_LENGTH_TOO_SMALL, "QMUX length smaller than its own header" },
};

static const ProblemName qmi_problem_names[] = {
  { WIRE_QMI_FATAL_SHORT, "QMI header truncated" },
  { WIRE_QMI_LENGTH_BEYOND, "Message length runs past the frame" },
  { WIRE_QMI_TRAILING_BYTES, "Bytes after the message length" },
  { WIRE_QMI_UNKNOWN_FLAGS, "Flag bits that name no message type" },
};

const char *
wire_qmux_problem_name (WireQmuxProblem problem)
{
  return problem_name (qmux_problem_names, G_N_ELEMENTS (qmux_problem_names), problem);
}

const char *
wire_qmi_problem_name (WireQmiProblem problem)
{
  return problem_name (qmi_problem_names, G_N_ELEMENTS (qmi_problem_names), problem);
}
