/* The SMSC address before a 3GPP TPDU, see wire-sms-address.h. */
#include "wire-gsm7.h"
#include "wire-sms-address.h"

const char *
wire_sms_address_type_name (guint type)
{
  static const char *const names[8] = {
    "unknown", "international", "national", "network specific", "dedicated access, short code",
    "alphanumeric", "abbreviated", "reserved",
  };
  return type < 8 ? names[type] : NULL;
}

gboolean
wire_sms_address_read (const guint8 *p, gsize n, WireSmsAddress *out, GString *why)
{
  GString *num = g_string_new (NULL);
  gboolean ok = TRUE;
  gsize len, end;

  out->length = 0;
  out->type = out->plan = 0;
  if (n == 0) {
    g_string_append (why, "no SMSC address length");
    out->number = g_string_free (num, FALSE);
    return FALSE;
  }
  len = p[0];
  end = 1 + len;
  if (end > n) {
    g_string_append_printf (why, "SMSC address says %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " left", len, n - 1);
    end = n;
    ok = FALSE;
  }
  out->length = end;
  if (end >= 2) {
    out->type = (p[1] >> 4) & 7;
    out->plan = p[1] & 15;
    if (out->type == 5) {
      gsize septets = (end - 2) * 8 / 7;
      ok &= wire_gsm7_decode_packed (num, p + 2, end - 2, septets, FALSE, why);
    } else {
      if (out->type == 1)
        g_string_append_c (num, '+');
      for (gsize i = 2; i < end; i++) {
        guint8 nib[2] = { p[i] & 15, p[i] >> 4 };
        for (guint k = 0; k < 2; k++) {
          if (nib[k] == 15 && (i + 1 == end) && k == 1)
            break; /* filler after an odd digit count */
          if (nib[k] > 9) {
            if (ok)
              g_string_append_printf (why, "SMSC address digit 0x%x is not 0-9", nib[k]);
            g_string_append_c (num, '?');
            ok = FALSE;
          } else {
            g_string_append_c (num, (gchar) ('0' + nib[k]));
          }
        }
      }
    }
  }
  out->number = g_string_free (num, FALSE);
  return ok;
}
