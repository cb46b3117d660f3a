/* QMUX framing (cdc-wdm / serial QMI ports) and QMI message headers.
 *
 * A QMUX frame: u8 if_type (0x01), le16 length (bytes after if_type),
 * u8 control flags (0x00 host, 0x80 service), u8 service, u8 client id,
 * then one QMI SDU: CTL (service 0) has a 6-byte header with a 1-byte txn,
 * every other service a 7-byte header with a 2-byte txn. QMI over QRTR
 * carries the 7-byte form with no QMUX header. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WIRE_QMUX_IF_TYPE 0x01
#define WIRE_QMUX_HEADER_LEN 6 /* including the if_type byte */
#define WIRE_QMUX_FLAG_SERVICE 0x80
#define WIRE_QMI_CTL_HEADER_LEN 6
#define WIRE_QMI_SVC_HEADER_LEN 7
#define WIRE_QMI_TLV_HEADER_LEN 3
#define WIRE_QMI_CLIENT_BROADCAST 0xff
#define WIRE_QMI_TLV_RESULT 0x02

typedef enum {
  WIRE_QMUX_OK = 0,
  WIRE_QMUX_FATAL_SHORT = 1 << 0,      /* fewer than 6 bytes */
  WIRE_QMUX_FATAL_IF_TYPE = 1 << 1,    /* first byte is not 0x01 */
  WIRE_QMUX_LENGTH_BEYOND = 1 << 2,    /* length + 1 > buffer */
  WIRE_QMUX_TRAILING_BYTES = 1 << 3,   /* buffer longer than length + 1 */
  WIRE_QMUX_LENGTH_TOO_SMALL = 1 << 4, /* length < 5 (no room for its own header) */
} WireQmuxProblem;
#define WIRE_QMUX_FATAL (WIRE_QMUX_FATAL_SHORT | WIRE_QMUX_FATAL_IF_TYPE)
#define WIRE_QMUX_N_PROBLEMS 5 /* bits 0..4 */

typedef struct {
  guint8 if_type;
  guint16 length;   /* as on the wire: bytes after if_type */
  guint8 flags;
  guint8 service;
  guint8 client_id;
  gsize sdu_len;    /* bytes of SDU actually present after the 6-byte header */
  guint problems;   /* WireQmuxProblem bits */
} WireQmuxHeader;

guint wire_qmux_parse_header (const guint8 *buf, gsize len, WireQmuxHeader *out);

typedef enum {
  WIRE_QMI_REQUEST = 0,
  WIRE_QMI_RESPONSE = 1,
  WIRE_QMI_INDICATION = 2,
} WireQmiKind;
#define WIRE_QMI_N_KINDS 3

/* Which header form: CTL over QMUX, or a service (QMUX service != 0, or any QRTR). */
typedef enum {
  WIRE_QMI_FORM_CTL,
  WIRE_QMI_FORM_SERVICE,
} WireQmiForm;

typedef enum {
  WIRE_QMI_OK = 0,
  WIRE_QMI_FATAL_SHORT = 1 << 0,     /* shorter than the header */
  WIRE_QMI_LENGTH_BEYOND = 1 << 1,   /* msg_len > bytes present */
  WIRE_QMI_TRAILING_BYTES = 1 << 2,  /* bytes after header + msg_len */
  WIRE_QMI_UNKNOWN_FLAGS = 1 << 3,   /* flag/type bits that name no kind */
} WireQmiProblem;

#define WIRE_QMI_N_PROBLEMS 4 /* bits 0..3 */

/* What one problem bit means, in the words the plugin's expert info and
 * qrtr-capture's problem line both use ("QMUX length runs past the frame"). */
const char *wire_qmux_problem_name (WireQmuxProblem problem);
const char *wire_qmi_problem_name (WireQmiProblem problem);

typedef struct {
  WireQmiForm form;
  guint8 flags;      /* raw flags (CTL, QMUX service) or type byte (QRTR) */
  WireQmiKind kind;
  gboolean compound; /* service flag 0x01 */
  guint16 txn_id;    /* CTL: 1 byte widened */
  guint16 msg_id;
  guint16 msg_len;   /* TLV bytes as stated */
  gsize header_len;  /* 6 or 7 */
  gsize tlv_len;     /* TLV bytes actually present: min(msg_len, available) */
  guint problems;    /* WireQmiProblem bits */
} WireQmiHeader;

guint wire_qmi_parse_header (WireQmiForm form, const guint8 *buf, gsize len, WireQmiHeader *out);
/* The kind a flags byte (or QRTR type byte) says, in that form's bit layout;
 * *known is FALSE when bits name no kind (the kind is then a best reading). */
WireQmiKind wire_qmi_kind_from_flags (WireQmiForm form, guint8 flags, gboolean *known);

/* TLV iteration over buf[0..len): returns TRUE and fills the TLV while one
 * starts at *offset; advances *offset. A TLV whose length runs past len is
 * returned with overrun = TRUE and value_len clipped; iteration then ends.
 * Fewer than 3 bytes left sets *offset = len and reports via short_tail. */
typedef struct {
  guint8 type;
  guint16 length;     /* as stated */
  gsize offset;       /* of the TLV header in buf */
  gsize value_offset; /* offset + 3 */
  gsize value_len;    /* bytes present, <= length */
  gboolean overrun;   /* length > bytes left */
} WireQmiTlv;

gboolean wire_qmi_tlv_next (const guint8 *buf, gsize len, gsize *offset,
                            WireQmiTlv *tlv, gboolean *short_tail);

/* Result TLV (0x02): le16 status (0 success, 1 failure), le16 error. */
gboolean wire_qmi_find_result (const guint8 *tlvs, gsize len, guint16 *status, guint16 *error);

/* Builders for the fake modem, generators and tests. The returned arrays are
 * whole frames ready for the wire. tlvs may be NULL when tlvs_len is 0. */
GByteArray *wire_qmi_build_message (WireQmiForm form, WireQmiKind kind, guint16 txn_id,
                                    guint16 msg_id, const guint8 *tlvs, gsize tlvs_len);
GByteArray *wire_qmux_build_frame (gboolean from_service, guint8 service, guint8 client_id,
                                   WireQmiKind kind, guint16 txn_id, guint16 msg_id,
                                   const guint8 *tlvs, gsize tlvs_len);
void wire_qmi_append_tlv (GByteArray *tlvs, guint8 type, const guint8 *value, guint16 len);

const char *wire_qmi_kind_name (WireQmiKind kind); /* "Request", "Response", "Indication" */

G_END_DECLS
