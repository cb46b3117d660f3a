/* Text in the GSM 7-bit default alphabet (3GPP TS 23.038 clause 6.2.1) and
 * its extension table (6.2.1.1), packed (clause 6.1.2.1: septets laid end
 * to end, least significant bit first) or one septet per byte; the CBS data
 * coding scheme of clause 5 (USSD); and libqmi's "UTF-8, else GSM 7-bit,
 * else UCS-2" reading of strings. Decoders append UTF-8 to out and return
 * FALSE when the input is not valid, with why saying where and what (the
 * text still holds a best reading: U+FFFD for what cannot be read). None
 * reads outside p[0, n). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The septet 0x1B: the next septet is read in the extension table. */
#define WIRE_GSM7_ESCAPE 0x1b

/* The character of a default-alphabet septet (0..127); 0 for the escape. */
gunichar wire_gsm7_char (guint8 septet);
/* The character an escape followed by septet stands for; 0 when the
 * extension table has none there. */
gunichar wire_gsm7_ext_char (guint8 septet);

/* Septets of n packed bytes whose last byte has spare_bits (1..7) unused
 * high bits; spare_bits 0 = not known: every whole septet the bytes hold.
 * FALSE when n bytes with that many spare bits are not whole septets (the
 * count is then every whole septet). */
gboolean wire_gsm7_septets_in (gsize n, guint spare_bits, gsize *septets);

/* Septet i of packed data (i < n * 8 / 7). */
guint8 wire_gsm7_septet_at (const guint8 *p, gsize n, gsize i);

/* n_septets packed septets from p[0, n) (n_septets <= n * 8 / 7).
 * pad_known: the septet count is exact (a stated count or spare bits);
 * otherwise a last septet that is 0x00 or CR where the data ends on a byte
 * boundary is the 7-bit padding of 23.038 clause 6.1.2.3.1, not text. */
gboolean wire_gsm7_decode_packed (GString *out, const guint8 *p, gsize n, gsize n_septets,
                                  gboolean pad_known, GString *why);
/* One septet per byte (bit 8 zero). */
gboolean wire_gsm7_decode_unpacked (GString *out, const guint8 *p, gsize n, GString *why);

/* libqmi's rule for its strings (qmi_message_tlv_read_string): the bytes as
 * UTF-8 when they are valid, printable UTF-8 (CR, LF and TAB allowed,
 * trailing NULs ignored); else as GSM 7-bit packed when that reads without
 * an error; else as UCS-2 little-endian when that does. FALSE (and the
 * UTF-8 reading with U+FFFD) when none of the three fits. */
gboolean wire_text_decode_utf8_or_gsm7 (GString *out, const guint8 *p, gsize n, GString *why);

/* Encoding (for the encoder and tests): text to septets, FALSE when a
 * character is in neither table; septets packed, the last byte's spare
 * bits zero. */
gboolean wire_gsm7_from_utf8 (const char *utf8, GByteArray *septets);
void wire_gsm7_pack (const guint8 *septets, gsize n, GByteArray *out);

/* The alphabet a 3GPP TS 23.038 clause 5 CBS data coding scheme (as USSD
 * uses it) names for its text. */
typedef enum {
  WIRE_CBS_GSM7,      /* GSM 7-bit default alphabet, packed */
  WIRE_CBS_UCS2,      /* UCS-2, big-endian */
  WIRE_CBS_8BIT,      /* 8-bit data: not text */
  WIRE_CBS_UNKNOWN,   /* reserved, compressed, with a header or language prefix: not decoded */
} WireCbsAlphabet;
WireCbsAlphabet wire_cbs_dcs_alphabet (guint8 dcs);

G_END_DECLS
