/* See libqmi-oracle.h. Only libqmi's public API; nothing of it is copied. */
#include <libqmi-glib.h>
#include "libqmi-oracle.h"

void
libqmi_oracle_init (void)
{
  qmi_utils_set_show_personal_info (TRUE);
}

char *
libqmi_oracle_print (const guint8 *frame, gsize len, guint16 vendor, GError **error)
{
  GByteArray *raw = g_byte_array_sized_new ((guint) len);
  QmiMessageContext *context = qmi_message_context_new ();
  QmiMessage *message;
  char *text = NULL;

  g_byte_array_append (raw, frame, (guint) len);
  message = qmi_message_new_from_raw (raw, error);
  if (message) {
    qmi_message_context_set_vendor_id (context, vendor);
    text = qmi_message_get_printable_full (message, context, "");
    qmi_message_unref (message);
  } else if (error && !*error) {
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, "not a complete QMUX frame");
  }
  qmi_message_context_unref (context);
  g_byte_array_unref (raw);
  return text;
}
