/* Info-line wording both front ends share: what the plugin's Info column and
 * qrtr-capture's text printout say about a packet, written in one place. */
#pragma once

#include <glib.h>
#include "wire-qmux.h"
#include "wire-qrtr.h"
#include "wire-schema-registry.h"

G_BEGIN_DECLS

/* Names (services, errors) come from reg, the schemas (NULL: numbers only,
 * and the QRTR services that are not QMI). */

/* Appends the one-line summary of a QRTR control packet sent by src_node:
 * "NEW_SERVER DMS v1.0 @ 0:3", "NEW_SERVER DIAG instance 74565 @ 0:18",
 * "NEW_LOOKUP NAS (any instance)", "NEW_SERVER (end of lookup)",
 * "RESUME_TX 0:3", "HELLO from node 1". */
void wire_qrtr_ctrl_summary (GString *out, const WireRegistry *reg, const WireQrtrCtrl *c, guint32 src_node);

/* Appends the summary of a QMI message: "DMS Get IDs Request txn=7".
 * service: its short name (upper-cased here; NULL: "Service 42"); title:
 * the message's (NULL: its id, "0x7777"). */
void wire_qmi_summary (GString *out, const char *service, guint32 service_id, const char *title,
                       WireQmiKind kind, guint16 msg_id, guint16 txn_id);
/* Its two parts, for a caller that keeps the first per message: the
 * message ("DMS Get IDs Request") and the transaction (" txn=7"). */
void wire_qmi_summary_message (GString *out, const char *service, guint32 service_id, const char *title,
                               WireQmiKind kind, guint16 msg_id);
void wire_qmi_summary_txn (GString *out, guint16 txn_id);
/* Appends what a response's result TLV says: " OK", " Error: NoEffect"
 * (" Error: Unknown" for an error without a name). */
void wire_qmi_result_summary (GString *out, const WireRegistry *reg, guint16 status, guint16 error);

G_END_DECLS
