/* QRTR (IPC Router) routing header and control packets.
 *
 * Pure parsing/building on byte buffers: no allocation, no global state.
 * Multi-byte fields on the wire are little-endian. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WIRE_QRTR_V1_HEADER_LEN 32
#define WIRE_QRTR_V2_HEADER_LEN 16
#define WIRE_QRTR_VERSION_1 1
#define WIRE_QRTR_VERSION_2 3 /* QRTR_PROTO_VER_2 is the byte value 3 */
#define WIRE_QRTR_CTRL_PKT_LEN 20
#define WIRE_QRTR_NODE_BCAST 0xffffffffu
#define WIRE_QRTR_PORT_CTRL 0xfffffffeu
#define WIRE_QRTR_PORT_CTRL_LEGACY 0xffffu /* downstream Android kernels */
#define WIRE_QRTR_V2_FLAG_CONFIRM_RX 0x01

typedef enum {
  WIRE_QRTR_TYPE_DATA = 1,
  WIRE_QRTR_TYPE_HELLO = 2,
  WIRE_QRTR_TYPE_BYE = 3,
  WIRE_QRTR_TYPE_NEW_SERVER = 4,
  WIRE_QRTR_TYPE_DEL_SERVER = 5,
  WIRE_QRTR_TYPE_DEL_CLIENT = 6,
  WIRE_QRTR_TYPE_RESUME_TX = 7,
  WIRE_QRTR_TYPE_EXIT = 8,
  WIRE_QRTR_TYPE_PING = 9,
  WIRE_QRTR_TYPE_NEW_LOOKUP = 10,
  WIRE_QRTR_TYPE_DEL_LOOKUP = 11,
  WIRE_QRTR_TYPE_DEL_PROC = 13, /* downstream Android kernels only */
} WireQrtrType;

/* Problems found while parsing. FATAL ones mean the other fields are not
 * valid; the rest are reported but the header is still usable. */
typedef enum {
  WIRE_QRTR_OK = 0,
  WIRE_QRTR_FATAL_SHORT = 1 << 0,       /* buffer shorter than the header */
  WIRE_QRTR_FATAL_VERSION = 1 << 1,     /* first byte is neither 1 nor 3 */
  WIRE_QRTR_SIZE_ZERO = 1 << 2,         /* size 0 is invalid (kernel drops it) */
  WIRE_QRTR_SIZE_BEYOND_FRAME = 1 << 3, /* header + size > buffer */
  WIRE_QRTR_OPTLEN_BEYOND_FRAME = 1 << 4, /* v2 optional header past the end */
  WIRE_QRTR_BAD_PADDING = 1 << 5,       /* non-zero bytes in the 4-byte alignment */
  WIRE_QRTR_TRAILING_BYTES = 1 << 6,    /* bytes after header + ALIGN(size, 4) */
  WIRE_QRTR_PADDING_MISSING = 1 << 7,   /* frame ends before ALIGN(size, 4) */
} WireQrtrProblem;
#define WIRE_QRTR_FATAL (WIRE_QRTR_FATAL_SHORT | WIRE_QRTR_FATAL_VERSION)
#define WIRE_QRTR_N_PROBLEMS 8 /* bits 0..7 */

/* What one problem bit means, in the words the plugin's expert info and
 * qrtr-capture's problem line both use ("Size runs past the frame"). */
const char *wire_qrtr_problem_name (WireQrtrProblem problem);

typedef struct {
  guint8 version;     /* 1 or 3 */
  guint32 type;       /* WireQrtrType, may be an unknown value */
  guint32 src_node, src_port, dst_node, dst_port; /* v2 ports 0xfffe widened */
  guint32 size;       /* payload bytes, unpadded */
  gboolean confirm_rx;
  guint8 flags;       /* v2 only, 0 for v1 */
  guint8 optlen;      /* v2 only, 0 for v1 */
  gsize header_len;   /* bytes before the payload: 32, or 16 + optlen */
  gsize payload_len;  /* bytes of payload actually present: min(size, available) */
  gsize frame_len;    /* header_len + ALIGN(size, 4) as the sender meant it */
  guint problems;     /* WireQrtrProblem bits */
} WireQrtrHeader;

/* Parses the header at buf[0..len). Returns the problems (0 when clean). */
guint wire_qrtr_parse_header (const guint8 *buf, gsize len, WireQrtrHeader *out);

/* Writes a header for hdr (version 1 or 3 chosen by hdr->version; for v2 the
 * optional header is not written, optlen must be 0). Returns bytes written
 * (32 or 16), or 0 if out_len is too small. */
gsize wire_qrtr_build_header (const WireQrtrHeader *hdr, guint8 *out, gsize out_len);

/* Builds a whole frame (header + payload + zero padding) into a new GByteArray. */
GByteArray *wire_qrtr_build_frame (guint8 version, guint32 type,
                                   guint32 src_node, guint32 src_port,
                                   guint32 dst_node, guint32 dst_port,
                                   gboolean confirm_rx,
                                   const guint8 *payload, gsize payload_len);

/* Control packet payload (struct qrtr_ctrl_pkt). */
typedef enum {
  WIRE_QRTR_CTRL_FORM_NONE,   /* HELLO, BYE, EXIT, PING: cmd only */
  WIRE_QRTR_CTRL_FORM_SERVER, /* NEW/DEL_SERVER, NEW/DEL_LOOKUP */
  WIRE_QRTR_CTRL_FORM_CLIENT, /* DEL_CLIENT, RESUME_TX, DEL_PROC */
} WireQrtrCtrlForm;

typedef struct {
  guint32 cmd;
  WireQrtrCtrlForm form;
  guint32 service, instance, node, port; /* server form */
  /* client form uses node and port only */
  guint32 version;       /* instance & 0xff (except DIAG: 0) */
  guint32 instance_id;   /* instance >> 8 (except DIAG 4097: raw instance) */
  gboolean end_of_list;  /* NEW_SERVER with all of service/instance/node/port 0 */
  gboolean short_payload;/* fewer than 20 bytes present; missing fields are 0 */
} WireQrtrCtrl;

/* A control payload shorter than its 20 bytes (short_payload), or without
 * even the command (wire_qrtr_parse_ctrl fails): the plugin's and the CLI's words. */
#define WIRE_QRTR_CTRL_SHORT_NAME "Control packet shorter than 20 bytes"
/* A DATA packet between ports no captured NEW_SERVER names: the plugin's
 * expert info and qrtr-capture's line for it. */
#define WIRE_QRTR_UNRESOLVED_NAME "No service known for this address (its NEW_SERVER is not in the capture)"

/* Parses a control payload; returns FALSE if len < 4 (no cmd). */
gboolean wire_qrtr_parse_ctrl (const guint8 *buf, gsize len, WireQrtrCtrl *out);
/* Writes the 20-byte control payload. Returns 20, or 0 if out_len < 20. */
gsize wire_qrtr_build_ctrl (const WireQrtrCtrl *ctrl, guint8 *out, gsize out_len);
WireQrtrCtrlForm wire_qrtr_ctrl_form (guint32 cmd);

/* Names: "DATA", "NEW_SERVER", ...; NULL when unknown. */
const char *wire_qrtr_type_name (guint32 type);

G_END_DECLS
