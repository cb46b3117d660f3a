/* QMI tunnelled through MBIM (USB MBIM 1.0): a QMUX frame is the
 * information buffer of a COMMAND (host), COMMAND_DONE or INDICATE_STATUS
 * (modem) on the QMI device service d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3,
 * CID 1. Wireshark names the record "mbim.control" in Exported PDU. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WIRE_MBIM_EXPORTED_PDU_NAME "mbim.control"

/* When m[0..len) is one whole MBIM message (a single fragment) carrying QMI:
 * TRUE with the QMUX frame's offset and length (clipped to the message). */
gboolean wire_mbim_qmi_payload (const guint8 *m, gsize len, gsize *qmux_offset, gsize *qmux_len);

/* The message type (0x00000003 COMMAND, ...) and stated length of an MBIM
 * message; FALSE when fewer than 12 bytes or the type is no MBIM type. */
gboolean wire_mbim_header (const guint8 *m, gsize len, guint32 *type, guint32 *length);

G_END_DECLS
