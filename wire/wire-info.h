/* Info-line wording both front ends share: what the plugin's Info column and
 * qrtr-capture's text printout say about a packet, written in one place. */
#pragma once

#include <glib.h>
#include "wire-qrtr.h"

G_BEGIN_DECLS

/* Appends the one-line summary of a QRTR control packet sent by src_node:
 * "NEW_SERVER DMS v1.0 @ 0:3", "NEW_SERVER DIAG instance 74565 @ 0:18",
 * "NEW_LOOKUP NAS (any instance)", "NEW_SERVER (end of lookup)",
 * "RESUME_TX 0:3", "HELLO from node 1". */
void wire_qrtr_ctrl_summary (GString *out, const WireQrtrCtrl *c, guint32 src_node);

G_END_DECLS
