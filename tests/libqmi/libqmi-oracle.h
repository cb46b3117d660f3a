/* libqmi as the reference decoder: a whole QMUX frame in, libqmi's own
 * printable decoding out (qmi_message_get_printable_full). */
#pragma once

#include <glib.h>

/* Call once before decoding: libqmi hides personal values (IMEI...) otherwise. */
void libqmi_oracle_init (void);

/* libqmi's printable text of one QMUX frame (starting with the 0x01 marker),
 * with the vendor-specific messages of vendor (USB VID, 0 = none); NULL and
 * *error when libqmi rejects the frame. Free with g_free. */
char *libqmi_oracle_print (const guint8 *frame, gsize len, guint16 vendor, GError **error);
