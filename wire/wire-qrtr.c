/* QRTR routing header (v1 and v2) and control packets.
 * Layouts from the Linux kernel: net/qrtr/af_qrtr.c (struct qrtr_hdr_v1,
 * struct qrtr_hdr_v2, qrtr_endpoint_post) and include/uapi/linux/qrtr.h
 * (struct qrtr_ctrl_pkt). */
#include <string.h>
#include "wire-qrtr.h"
#include "wire-names.h"

static guint32 le32 (const guint8 *p) { return p[0] | p[1] << 8 | p[2] << 16 | (guint32) p[3] << 24; }
static guint16 le16 (const guint8 *p) { return (guint16) (p[0] | p[1] << 8); }
static void put_le32 (guint8 *p, guint32 v) { p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24; }
static void put_le16 (guint8 *p, guint16 v) { p[0] = v; p[1] = v >> 8; }

/* v2 carries 16-bit ports; the kernel widens 0xfffe to QRTR_PORT_CTRL
 * (nodes are not widened). */
static guint32 widen_v2_port (guint16 port)
{
  return port == 0xfffe ? WIRE_QRTR_PORT_CTRL : port;
}

static void check_payload (const guint8 *buf, gsize len, WireQrtrHeader *h)
{
  gsize padded = ((gsize) h->size + 3) & ~(gsize) 3;
  gsize avail = len > h->header_len ? len - h->header_len : 0;

  if (h->size == 0)
    h->problems |= WIRE_QRTR_SIZE_ZERO;
  h->payload_len = MIN ((gsize) h->size, avail);
  h->frame_len = h->header_len + padded;
  if (h->size > avail) {
    h->problems |= WIRE_QRTR_SIZE_BEYOND_FRAME;
    return;
  }
  if (avail < padded)
    h->problems |= WIRE_QRTR_PADDING_MISSING;
  for (gsize i = h->header_len + h->size; i < MIN (len, h->frame_len); i++)
    if (buf[i] != 0) {
      h->problems |= WIRE_QRTR_BAD_PADDING;
      break;
    }
  if (len > h->frame_len)
    h->problems |= WIRE_QRTR_TRAILING_BYTES;
}

guint
wire_qrtr_parse_header (const guint8 *buf, gsize len, WireQrtrHeader *out)
{
  memset (out, 0, sizeof *out);
  if (len < 1) {
    out->problems = WIRE_QRTR_FATAL_SHORT;
    return out->problems;
  }
  out->version = buf[0];
  if (buf[0] == WIRE_QRTR_VERSION_1) {
    if (len < WIRE_QRTR_V1_HEADER_LEN) {
      out->problems = WIRE_QRTR_FATAL_SHORT;
      return out->problems;
    }
    out->type = le32 (buf + 4);
    out->src_node = le32 (buf + 8);
    out->src_port = le32 (buf + 12);
    out->confirm_rx = le32 (buf + 16) != 0;
    out->size = le32 (buf + 20);
    out->dst_node = le32 (buf + 24);
    out->dst_port = le32 (buf + 28);
    out->header_len = WIRE_QRTR_V1_HEADER_LEN;
  } else if (buf[0] == WIRE_QRTR_VERSION_2) {
    if (len < WIRE_QRTR_V2_HEADER_LEN) {
      out->problems = WIRE_QRTR_FATAL_SHORT;
      return out->problems;
    }
    out->type = buf[1];
    out->flags = buf[2];
    out->confirm_rx = (buf[2] & WIRE_QRTR_V2_FLAG_CONFIRM_RX) != 0;
    out->optlen = buf[3];
    out->size = le32 (buf + 4);
    out->src_node = le16 (buf + 8);
    out->src_port = widen_v2_port (le16 (buf + 10));
    out->dst_node = le16 (buf + 12);
    out->dst_port = widen_v2_port (le16 (buf + 14));
    out->header_len = WIRE_QRTR_V2_HEADER_LEN + out->optlen;
    if (out->header_len > len) {
      out->problems |= WIRE_QRTR_OPTLEN_BEYOND_FRAME;
      if (out->size == 0)
        out->problems |= WIRE_QRTR_SIZE_ZERO;
      out->payload_len = 0;
      out->frame_len = out->header_len + (((gsize) out->size + 3) & ~(gsize) 3);
      return out->problems;
    }
  } else {
    out->problems = WIRE_QRTR_FATAL_VERSION;
    return out->problems;
  }
  check_payload (buf, len, out);
  return out->problems;
}

gsize
wire_qrtr_build_header (const WireQrtrHeader *hdr, guint8 *out, gsize out_len)
{
  if (hdr->version == WIRE_QRTR_VERSION_1) {
    if (out_len < WIRE_QRTR_V1_HEADER_LEN)
      return 0;
    put_le32 (out, WIRE_QRTR_VERSION_1);
    put_le32 (out + 4, hdr->type);
    put_le32 (out + 8, hdr->src_node);
    put_le32 (out + 12, hdr->src_port);
    put_le32 (out + 16, hdr->confirm_rx ? 1 : 0);
    put_le32 (out + 20, hdr->size);
    put_le32 (out + 24, hdr->dst_node);
    put_le32 (out + 28, hdr->dst_port);
    return WIRE_QRTR_V1_HEADER_LEN;
  }
  if (hdr->version == WIRE_QRTR_VERSION_2 && hdr->optlen == 0) {
    if (out_len < WIRE_QRTR_V2_HEADER_LEN)
      return 0;
    out[0] = WIRE_QRTR_VERSION_2;
    out[1] = (guint8) hdr->type;
    out[2] = hdr->flags | (hdr->confirm_rx ? WIRE_QRTR_V2_FLAG_CONFIRM_RX : 0);
    out[3] = 0;
    put_le32 (out + 4, hdr->size);
    /* narrowing mirrors the kernel: QRTR_PORT_CTRL becomes 0xfffe */
    put_le16 (out + 8, (guint16) hdr->src_node);
    put_le16 (out + 10, (guint16) hdr->src_port);
    put_le16 (out + 12, (guint16) hdr->dst_node);
    put_le16 (out + 14, (guint16) hdr->dst_port);
    return WIRE_QRTR_V2_HEADER_LEN;
  }
  return 0;
}

GByteArray *
wire_qrtr_build_frame (guint8 version, guint32 type,
                       guint32 src_node, guint32 src_port,
                       guint32 dst_node, guint32 dst_port,
                       gboolean confirm_rx,
                       const guint8 *payload, gsize payload_len)
{
  WireQrtrHeader hdr = {
    .version = version, .type = type,
    .src_node = src_node, .src_port = src_port,
    .dst_node = dst_node, .dst_port = dst_port,
    .confirm_rx = confirm_rx, .size = (guint32) payload_len,
  };
  guint8 head[WIRE_QRTR_V1_HEADER_LEN];
  static const guint8 zeros[3] = { 0 };
  gsize n = wire_qrtr_build_header (&hdr, head, sizeof head);
  GByteArray *frame;

  g_return_val_if_fail (n > 0, NULL);
  frame = g_byte_array_sized_new (n + payload_len + 3);
  g_byte_array_append (frame, head, n);
  if (payload_len)
    g_byte_array_append (frame, payload, payload_len);
  g_byte_array_append (frame, zeros, (4 - payload_len % 4) % 4);
  return frame;
}

/* Which union member of struct qrtr_ctrl_pkt each command uses (kernel
 * net/qrtr/ns.c and af_qrtr.c; DEL_PROC from downstream Android kernels).
 * Commands not listed carry only cmd. */
static const WireQrtrCtrlForm ctrl_forms[] = {
  [WIRE_QRTR_TYPE_NEW_SERVER] = WIRE_QRTR_CTRL_FORM_SERVER,
  [WIRE_QRTR_TYPE_DEL_SERVER] = WIRE_QRTR_CTRL_FORM_SERVER,
  [WIRE_QRTR_TYPE_NEW_LOOKUP] = WIRE_QRTR_CTRL_FORM_SERVER,
  [WIRE_QRTR_TYPE_DEL_LOOKUP] = WIRE_QRTR_CTRL_FORM_SERVER,
  [WIRE_QRTR_TYPE_DEL_CLIENT] = WIRE_QRTR_CTRL_FORM_CLIENT,
  [WIRE_QRTR_TYPE_RESUME_TX] = WIRE_QRTR_CTRL_FORM_CLIENT,
  [WIRE_QRTR_TYPE_DEL_PROC] = WIRE_QRTR_CTRL_FORM_CLIENT,
};
G_STATIC_ASSERT (WIRE_QRTR_CTRL_FORM_NONE == 0); /* the table's gaps */

WireQrtrCtrlForm
wire_qrtr_ctrl_form (guint32 cmd)
{
  return cmd < G_N_ELEMENTS (ctrl_forms) ? ctrl_forms[cmd] : WIRE_QRTR_CTRL_FORM_NONE;
}

gboolean
wire_qrtr_parse_ctrl (const guint8 *buf, gsize len, WireQrtrCtrl *out)
{
  guint8 pkt[WIRE_QRTR_CTRL_PKT_LEN] = { 0 };

  memset (out, 0, sizeof *out);
  if (len < 4)
    return FALSE;
  /* Missing fields read as zero; the caller learns of it from short_payload. */
  memcpy (pkt, buf, MIN (len, sizeof pkt));
  out->short_payload = len < WIRE_QRTR_CTRL_PKT_LEN;
  out->cmd = le32 (pkt);
  out->form = wire_qrtr_ctrl_form (out->cmd);
  if (out->form == WIRE_QRTR_CTRL_FORM_SERVER) {
    out->service = le32 (pkt + 4);
    out->instance = le32 (pkt + 8);
    out->node = le32 (pkt + 12);
    out->port = le32 (pkt + 16);
    if (out->service == WIRE_QRTR_SERVICE_DIAG) {
      out->version = 0;
      out->instance_id = out->instance;
    } else {
      out->version = out->instance & 0xff;
      out->instance_id = out->instance >> 8;
    }
    out->end_of_list = out->cmd == WIRE_QRTR_TYPE_NEW_SERVER && !out->service &&
                       !out->instance && !out->node && !out->port;
  } else if (out->form == WIRE_QRTR_CTRL_FORM_CLIENT) {
    out->node = le32 (pkt + 4);
    out->port = le32 (pkt + 8);
  }
  return TRUE;
}

gsize
wire_qrtr_build_ctrl (const WireQrtrCtrl *ctrl, guint8 *out, gsize out_len)
{
  if (out_len < WIRE_QRTR_CTRL_PKT_LEN)
    return 0;
  memset (out, 0, WIRE_QRTR_CTRL_PKT_LEN);
  put_le32 (out, ctrl->cmd);
  switch (wire_qrtr_ctrl_form (ctrl->cmd)) {
  case WIRE_QRTR_CTRL_FORM_SERVER:
    put_le32 (out + 4, ctrl->service);
    put_le32 (out + 8, ctrl->instance);
    put_le32 (out + 12, ctrl->node);
    put_le32 (out + 16, ctrl->port);
    break;
  case WIRE_QRTR_CTRL_FORM_CLIENT:
    put_le32 (out + 4, ctrl->node);
    put_le32 (out + 8, ctrl->port);
    break;
  case WIRE_QRTR_CTRL_FORM_NONE:
    break;
  }
  return WIRE_QRTR_CTRL_PKT_LEN;
}

const char *
wire_qrtr_type_name (guint32 type)
{
  return wire_value_name (wire_qrtr_types, type);
}

/* The wording of each problem, as the plugin's expert infos and
 * qrtr-capture's problem lines both say it. */
static const struct {
  guint bit;
  const char *name;
} problem_names[] = {
  { WIRE_QRTR_FATAL_SHORT, "QRTR header truncated" },
  { WIRE_QRTR_FATAL_VERSION, "Unknown QRTR version (1 and 3 exist)" },
  { WIRE_QRTR_SIZE_ZERO, "Size 0 (the kernel drops such frames)" },
  { WIRE_QRTR_SIZE_BEYOND_FRAME, "Size runs past the frame" },
  { WIRE_QRTR_OPTLEN_BEYOND_FRAME, "Optional header runs past the frame" },
  { WIRE_QRTR_BAD_PADDING, "Non-zero padding bytes" },
  { WIRE_QRTR_TRAILING_BYTES, "Bytes after the padded payload" },
  { WIRE_QRTR_PADDING_MISSING, "Frame ends before its 4-byte alignment" },
};

const char *
wire_qrtr_problem_name (WireQrtrProblem problem)
{
  for (guint i = 0; i < G_N_ELEMENTS (problem_names); i++)
    if (problem_names[i].bit == (guint) problem)
      return problem_names[i].name;
  return "unknown problem";
}
