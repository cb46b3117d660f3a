/* The SMSC address that precedes a 3GPP TPDU in a modem's raw SMS (the
 * 3GPP TS 24.011 RP address layout, as ModemManager reads it from QMI WMS
 * raw messages): a length byte (octets that follow: type of address and
 * digits; 0 = no address), the type-of-address byte (bit 8 set; bits 7-5
 * type of number, 1 = international; bits 4-1 numbering plan), then BCD
 * digits low nibble first, 0xF as filler. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize length;     /* bytes the address takes, its length byte included */
  guint type;       /* type of number (0..7) */
  guint plan;       /* numbering plan (0..15) */
  gchar *number;    /* "+33609001390" (international), the digits otherwise, "" when absent;
                     * alphanumeric (type 5) read as GSM 7-bit */
} WireSmsAddress;

/* Reads the address at p[0, n). FALSE when its length runs past n or a
 * digit is not 0-9 (why says which); the address then holds what could be
 * read. Free number with g_free. */
gboolean wire_sms_address_read (const guint8 *p, gsize n, WireSmsAddress *out, GString *why);

/* "international", "national", ... (3GPP TS 24.008 10.5.4.7), or NULL. */
const char *wire_sms_address_type_name (guint type);

G_END_DECLS
