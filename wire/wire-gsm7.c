/* GSM 7-bit text (3GPP TS 23.038), see wire-gsm7.h. The two tables are the
 * standard's code charts, written as Unicode code points. */
#include <string.h>
#include "wire-gsm7.h"

/* 23.038 clause 6.2.1: the default alphabet, septet -> code point. 0x1B is
 * the escape to the extension table (0 here: not a character). */
static const guint16 default_alphabet[128] = {
  /* 0x00 */ 0x0040, 0x00a3, 0x0024, 0x00a5, 0x00e8, 0x00e9, 0x00f9, 0x00ec, /* @ £ $ ¥ è é ù ì */
  /* 0x08 */ 0x00f2, 0x00c7, 0x000a, 0x00d8, 0x00f8, 0x000d, 0x00c5, 0x00e5, /* ò Ç LF Ø ø CR Å å */
  /* 0x10 */ 0x0394, 0x005f, 0x03a6, 0x0393, 0x039b, 0x03a9, 0x03a0, 0x03a8, /* Δ _ Φ Γ Λ Ω Π Ψ */
  /* 0x18 */ 0x03a3, 0x0398, 0x039e, 0x0000, 0x00c6, 0x00e6, 0x00df, 0x00c9, /* Σ Θ Ξ ESC Æ æ ß É */
  /* 0x20 */ 0x0020, 0x0021, 0x0022, 0x0023, 0x00a4, 0x0025, 0x0026, 0x0027, /* SP ! " # ¤ % & ' */
  /* 0x28 */ 0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f, /* ( ) * + , - . / */
  /* 0x30 */ 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037, /* 0-7 */
  /* 0x38 */ 0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f, /* 8 9 : ; < = > ? */
  /* 0x40 */ 0x00a1, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047, /* ¡ A-G */
  /* 0x48 */ 0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f, /* H-O */
  /* 0x50 */ 0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, /* P-W */
  /* 0x58 */ 0x0058, 0x0059, 0x005a, 0x00c4, 0x00d6, 0x00d1, 0x00dc, 0x00a7, /* X Y Z Ä Ö Ñ Ü § */
  /* 0x60 */ 0x00bf, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067, /* ¿ a-g */
  /* 0x68 */ 0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f, /* h-o */
  /* 0x70 */ 0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077, /* p-w */
  /* 0x78 */ 0x0078, 0x0079, 0x007a, 0x00e4, 0x00f6, 0x00f1, 0x00fc, 0x00e0, /* x y z ä ö ñ ü à */
};

/* 23.038 clause 6.2.1.1: the extension table, septet after the escape ->
 * code point. Every other position is empty. */
static const struct { guint8 septet; guint16 ch; } extension_table[] = {
  { 0x0a, 0x000c }, /* form feed */
  { 0x14, 0x005e }, /* ^ */
  { 0x28, 0x007b }, /* { */
  { 0x29, 0x007d }, /* } */
  { 0x2f, 0x005c }, /* \ */
  { 0x3c, 0x005b }, /* [ */
  { 0x3d, 0x007e }, /* ~ */
  { 0x3e, 0x005d }, /* ] */
  { 0x40, 0x007c }, /* | */
  { 0x65, 0x20ac }, /* € */
};

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

gunichar
wire_gsm7_char (guint8 septet)
{
  return septet < 128 ? default_alphabet[septet] : 0;
}

gunichar
wire_gsm7_ext_char (guint8 septet)
{
  for (guint i = 0; i < G_N_ELEMENTS (extension_table); i++)
    if (extension_table[i].septet == septet)
      return extension_table[i].ch;
  return 0;
}

gboolean
wire_gsm7_septets_in (gsize n, guint spare_bits, gsize *septets)
{
  gsize bits = n * 8;
  *septets = bits / 7;
  if (spare_bits == 0 || n == 0)
    return TRUE;
  if (spare_bits > 7 || (bits - spare_bits) % 7 != 0)
    return FALSE;
  *septets = (bits - spare_bits) / 7;
  return TRUE;
}

guint8
wire_gsm7_septet_at (const guint8 *p, gsize n, gsize i)
{
  gsize bit = i * 7, byte = bit / 8;
  guint shift = bit % 8;
  guint v = p[byte] >> shift;
  if (shift > 1 && byte + 1 < n)
    v |= (guint) p[byte + 1] << (8 - shift);
  return (guint8) (v & 0x7f);
}

static void note (GString *why, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
static void note (GString *why, const char *fmt, ...)
{
  va_list ap;
  if (!why || why->len) /* the first problem is the one reported */
    return;
  va_start (ap, fmt);
  g_string_append_vprintf (why, fmt, ap);
  va_end (ap);
}

/* Septets to text: escapes resolved through the extension table. An
 * escape with nothing after it, or before a septet the table lacks, is
 * reported; the latter is shown as the default character, which is what
 * 23.038 asks a receiver to display. */
static gboolean septets_to_text (GString *out, const guint8 *s, gsize n, gsize base, const char *unit, GString *why)
{
  gboolean ok = TRUE;
  for (gsize i = 0; i < n; i++) {
    if (s[i] != WIRE_GSM7_ESCAPE) {
      g_string_append_unichar (out, default_alphabet[s[i]]);
      continue;
    }
    if (i + 1 == n) {
      g_string_append (out, replacement);
      note (why, "%s %" G_GSIZE_FORMAT " is an escape (0x1b) with no character after it", unit, base + i);
      ok = FALSE;
    } else if (wire_gsm7_ext_char (s[i + 1])) {
      g_string_append_unichar (out, wire_gsm7_ext_char (s[i + 1]));
      i++;
    } else {
      gunichar c = default_alphabet[s[i + 1]];
      note (why, "%s %" G_GSIZE_FORMAT ": escape then 0x%02x, which the extension table lacks", unit, base + i, s[i + 1]);
      if (c)
        g_string_append_unichar (out, c);
      else
        g_string_append (out, replacement);
      ok = FALSE;
      i++;
    }
  }
  return ok;
}

gboolean
wire_gsm7_decode_packed (GString *out, const guint8 *p, gsize n, gsize n_septets, gboolean pad_known, GString *why)
{
  guint8 stack[256] = { 0 }, *s; /* zeroed: gcc cannot see that no more than n_septets are read */
  gboolean ok;

  n_septets = MIN (n_septets, n * 8 / 7);
  s = n_septets <= sizeof stack ? stack : g_malloc (n_septets);
  for (gsize i = 0; i < n_septets; i++)
    s[i] = wire_gsm7_septet_at (p, n, i);
  /* 7 spare bits read as a septet: 0 (or CR, which 6.1.2.3.1 asks
   * senders to put there) is padding */
  if (!pad_known && n_septets > 0 && n_septets * 7 == n * 8 && (s[n_septets - 1] == 0 || s[n_septets - 1] == 0x0d))
    n_septets--;
  ok = septets_to_text (out, s, n_septets, 0, "septet", why);
  if (s != stack)
    g_free (s);
  return ok;
}

gboolean
wire_gsm7_decode_unpacked (GString *out, const guint8 *p, gsize n, GString *why)
{
  gboolean ok = TRUE;
  gsize start = 0;
  for (gsize i = 0; i <= n; i++) {
    if (i < n && p[i] < 0x80)
      continue;
    /* a run of septets, then one byte with bit 8 set */
    ok &= septets_to_text (out, p + start, i - start, start, "byte", why);
    if (i < n) {
      note (why, "byte %" G_GSIZE_FORMAT " is 0x%02x: not a 7-bit character", i, p[i]);
      g_string_append (out, replacement);
      ok = FALSE;
    }
    start = i + 1;
  }
  return ok;
}

static gboolean printable_utf8 (const guint8 *p, gsize n)
{
  const gchar *s = (const gchar *) p, *end = s + n;
  if (!g_utf8_validate (s, (gssize) n, NULL))
    return FALSE;
  for (; s < end; s = g_utf8_next_char (s))
    if (*s != '\r' && *s != '\n' && *s != '\t' && !g_unichar_isprint (g_utf8_get_char (s)))
      return FALSE;
  return TRUE;
}

static gboolean ucs2le_to_text (GString *out, const guint8 *p, gsize n)
{
  gunichar2 *u;
  gchar *s;
  if (n % 2)
    return FALSE;
  u = g_new (gunichar2, n / 2 + 1);
  for (gsize i = 0; i < n / 2; i++)
    u[i] = (gunichar2) (p[2 * i] | p[2 * i + 1] << 8);
  s = g_utf16_to_utf8 (u, (glong) (n / 2), NULL, NULL, NULL);
  g_free (u);
  if (!s)
    return FALSE;
  g_string_append (out, s);
  g_free (s);
  return TRUE;
}

gboolean
wire_text_decode_utf8_or_gsm7 (GString *out, const guint8 *p, gsize n, GString *why)
{
  gsize text = n, septets = n * 8 / 7, len = out->len;
  const gchar *bad;

  while (text > 0 && p[text - 1] == 0)
    text--;
  if (printable_utf8 (p, text)) {
    g_string_append_len (out, (const gchar *) p, (gssize) text);
    return TRUE;
  }
  /* libqmi ends GSM 7-bit text at its trailing run of 0 septets ('@'),
   * which is padding in practice */
  while (septets > 0 && wire_gsm7_septet_at (p, n, septets - 1) == 0)
    septets--;
  if (wire_gsm7_decode_packed (out, p, n, septets, TRUE, NULL))
    return TRUE;
  g_string_truncate (out, len);
  if (ucs2le_to_text (out, p, n))
    return TRUE;
  /* none fits: the UTF-8 reading, each bad byte as U+FFFD */
  for (const gchar *s = (const gchar *) p, *end = s + text; s < end; s = bad + 1) {
    if (g_utf8_validate (s, end - s, &bad)) {
      g_string_append_len (out, s, end - s);
      break;
    }
    g_string_append_len (out, s, bad - s);
    g_string_append (out, replacement);
  }
  note (why, "%" G_GSIZE_FORMAT " bytes that are neither UTF-8, GSM 7-bit nor UCS-2", n);
  return FALSE;
}

gboolean
wire_gsm7_from_utf8 (const char *utf8, GByteArray *septets)
{
  for (const char *p = utf8; *p; p = g_utf8_next_char (p)) {
    gunichar c = g_utf8_get_char (p);
    guint8 s[2] = { WIRE_GSM7_ESCAPE, 0 };
    guint k;
    for (k = 0; k < 128 && (default_alphabet[k] != c || k == WIRE_GSM7_ESCAPE); k++)
      ;
    if (k < 128) {
      s[0] = (guint8) k;
      g_byte_array_append (septets, s, 1);
      continue;
    }
    for (k = 0; k < G_N_ELEMENTS (extension_table) && extension_table[k].ch != c; k++)
      ;
    if (k == G_N_ELEMENTS (extension_table))
      return FALSE;
    s[1] = extension_table[k].septet;
    g_byte_array_append (septets, s, 2);
  }
  return TRUE;
}

void
wire_gsm7_pack (const guint8 *septets, gsize n, GByteArray *out)
{
  guint acc = 0, bits = 0;
  for (gsize i = 0; i < n; i++) {
    acc |= (guint) (septets[i] & 0x7f) << bits;
    bits += 7;
    while (bits >= 8) {
      guint8 b = (guint8) acc;
      g_byte_array_append (out, &b, 1);
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits) {
    guint8 b = (guint8) acc;
    g_byte_array_append (out, &b, 1);
  }
}

/* 23.038 clause 5, by coding group (the high nibble). */
WireCbsAlphabet
wire_cbs_dcs_alphabet (guint8 dcs)
{
  static const WireCbsAlphabet by_bits_3_2[4] = { WIRE_CBS_GSM7, WIRE_CBS_8BIT, WIRE_CBS_UCS2, WIRE_CBS_UNKNOWN };
  switch (dcs >> 4) {
  case 0x0: /* languages in the default alphabet */
  case 0x2:
  case 0x3:
    return WIRE_CBS_GSM7;
  case 0x1: /* 0x10: GSM 7-bit preceded by its language; 0x11 UCS-2 likewise (the language in GSM 7-bit) */
    return dcs == 0x10 ? WIRE_CBS_GSM7 : WIRE_CBS_UNKNOWN;
  case 0x4: case 0x5: case 0x6: case 0x7: /* general data coding; bit 5 = compressed */
    return dcs & 0x20 ? WIRE_CBS_UNKNOWN : by_bits_3_2[(dcs >> 2) & 3];
  case 0xf: /* data coding / message handling: bit 2 = 8-bit data */
    return dcs & 0x04 ? WIRE_CBS_8BIT : WIRE_CBS_GSM7;
  default: /* reserved, WAP, messages with a user data header */
    return WIRE_CBS_UNKNOWN;
  }
}
