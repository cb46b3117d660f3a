/* QMI tunnelled through MBIM (the QMI device service, CID 1): where the
 * QMUX frame is in an MBIM control message. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The QMUX frame a QMI information buffer holds: its length, or 0 when buf
 * is not one. The frame may be followed by up to 3 zero bytes (MBIM pads
 * information buffers to 4 bytes; libmbim 1.12 counted the padding in the
 * buffer's length). */
gsize wire_mbim_qmux_frame_len (const guint8 *buf, gsize len);

/* The QMUX frame inside an MBIM COMMAND, COMMAND_DONE or INDICATE_STATUS
 * message of the QMI service, CID 1, not fragmented: TRUE with *qmux and
 * *qmux_len set, FALSE for any other message. */
gboolean wire_mbim_qmi_frame (const guint8 *msg, gsize len, const guint8 **qmux, gsize *qmux_len);

G_END_DECLS
