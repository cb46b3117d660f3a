/* QMI tunnelled through MBIM (USB MBIM 1.0): a QMUX frame is the
 * information buffer of a COMMAND (host), COMMAND_DONE or INDICATE_STATUS
 * (modem) on the QMI device service d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3,
 * CID 1. Wireshark names the record "mbim.control" in Exported PDU. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WIRE_MBIM_EXPORTED_PDU_NAME "mbim.control"

/* The message type (0x00000003 COMMAND, ...) and stated length of an MBIM
 * message; FALSE when fewer than 12 bytes or the type is no MBIM type. */
gboolean wire_mbim_header (const guint8 *m, gsize len, guint32 *type, guint32 *length);

/* When m[0..len) is one whole MBIM message (a single fragment) of the QMI
 * service, CID 1: TRUE with the information buffer's offset and length
 * (clipped to the message). */
gboolean wire_mbim_qmi_payload (const guint8 *m, gsize len, gsize *qmux_offset, gsize *qmux_len);

/* The QMUX frame a QMI information buffer holds: its length, or 0 when buf
 * is not one. The frame may be followed by up to 3 zero bytes (MBIM pads
 * information buffers to 4 bytes; libmbim 1.12 counted the padding in the
 * buffer's length). */
gsize wire_mbim_qmux_frame_len (const guint8 *buf, gsize len);

/* The QMUX frame inside such a message: TRUE with *qmux and *qmux_len set
 * (the padding left out), FALSE for any other message. */
gboolean wire_mbim_qmi_frame (const guint8 *msg, gsize len, const guint8 **qmux, gsize *qmux_len);

G_END_DECLS
