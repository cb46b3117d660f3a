/* Personal data replaced in place, through the TLV walker (see wire-redact.h
 * for why pseudonyms are a keyed HMAC of the decoded value).
 *
 * Every text value is seen as a row of units (ASCII or UTF-8 bytes, UCS-2
 * code units, BCD nibbles, GSM 7-bit septets). A unit that is a digit stays
 * a digit, a Latin letter a letter of the same case, any other letter
 * (outside ASCII) becomes a lowercase ASCII letter of the same width in its
 * encoding; spaces, punctuation, fillers and escapes stay. The result is
 * always valid in its encoding and has the same length in bytes. */
#include <string.h>
#include "wire-redact.h"
#include "wire-walk.h"

#define KEY_LEN 32

struct _WireRedactor {
  guint8 key[KEY_LEN];
  gboolean keep[WIRE_REDACT_N_KINDS];
  guint64 count[WIRE_REDACT_N_KINDS];
};

static const char *const kind_names[WIRE_REDACT_N_KINDS] = {
  [WIRE_PERSONAL_NONE] = "none",
  [WIRE_PERSONAL_IMEI] = "imei",
  [WIRE_PERSONAL_IMSI] = "imsi",
  [WIRE_PERSONAL_ICCID] = "iccid",
  [WIRE_PERSONAL_MSISDN] = "msisdn",
  [WIRE_PERSONAL_SMS] = "sms",
  [WIRE_PERSONAL_POSITION] = "position",
  [WIRE_PERSONAL_OTHER] = "other",
  [WIRE_REDACT_USB_SERIAL] = "usb-serial",
};

const char *
wire_redact_kind_name (guint kind)
{
  return kind < WIRE_REDACT_N_KINDS ? kind_names[kind] : NULL;
}

gint
wire_redact_kind_from_name (const char *name)
{
  for (guint k = WIRE_PERSONAL_IMEI; k < WIRE_REDACT_N_KINDS; k++)
    if (g_ascii_strcasecmp (name, kind_names[k]) == 0)
      return (gint) k;
  return -1;
}

WireRedactor *
wire_redactor_new (const guint8 *key, gsize key_len)
{
  WireRedactor *r = g_new0 (WireRedactor, 1);
  if (key) {
    /* a given key of any length, stretched to the HMAC key size */
    gsize n = KEY_LEN;
    GChecksum *c = g_checksum_new (G_CHECKSUM_SHA256);
    g_checksum_update (c, key, key_len);
    g_checksum_get_digest (c, r->key, &n);
    g_checksum_free (c);
  } else {
    for (guint i = 0; i < KEY_LEN; i += 4) {
      guint32 x = g_random_int ();
      memcpy (r->key + i, &x, 4);
    }
  }
  return r;
}

void
wire_redactor_free (WireRedactor *r)
{
  if (r)
    memset (r->key, 0, KEY_LEN);
  g_free (r);
}

void
wire_redactor_keep (WireRedactor *r, guint kind)
{
  if (kind < WIRE_REDACT_N_KINDS)
    r->keep[kind] = TRUE;
}

gboolean
wire_redactor_keeps (const WireRedactor *r, guint kind)
{
  return kind < WIRE_REDACT_N_KINDS && r->keep[kind];
}

guint64
wire_redactor_count (const WireRedactor *r, guint kind)
{
  return kind < WIRE_REDACT_N_KINDS ? r->count[kind] : 0;
}

guint64
wire_redactor_total (const WireRedactor *r)
{
  guint64 n = 0;
  for (guint k = 0; k < WIRE_REDACT_N_KINDS; k++)
    n += r->count[k];
  return n;
}

gchar *
wire_redactor_summary (const WireRedactor *r)
{
  GString *s = g_string_new (NULL);
  for (guint k = WIRE_PERSONAL_IMEI; k < WIRE_REDACT_N_KINDS; k++)
    if (r->count[k])
      g_string_append_printf (s, "%s%s %" G_GUINT64_FORMAT, s->len ? ", " : "", kind_names[k], r->count[k]);
  if (!s->len)
    g_string_append (s, "nothing");
  return g_string_free (s, FALSE);
}

/* ---------- the pseudonym stream: HMAC(key, seed), then HMAC(key, seed || n) ---------- */

typedef struct {
  const WireRedactor *r;
  guint8 seed[32];
  guint8 block[32];
  guint pos;
  guint32 n;
} Stream;

static void hmac (const WireRedactor *r, const guint8 *a, gsize alen, const guint8 *b, gsize blen, guint8 out[32])
{
  GHmac *h = g_hmac_new (G_CHECKSUM_SHA256, r->key, KEY_LEN);
  gsize n = 32;
  g_hmac_update (h, a, alen);
  if (b)
    g_hmac_update (h, b, blen);
  g_hmac_get_digest (h, out, &n);
  g_hmac_unref (h);
}

/* domain separates text from binary pseudonyms; value is what identifies
 * the original (its decoded text, or its bytes). */
static void stream_init (Stream *s, const WireRedactor *r, const char *domain, const guint8 *value, gsize len)
{
  GByteArray *a = g_byte_array_new ();
  g_byte_array_append (a, (const guint8 *) domain, strlen (domain) + 1);
  g_byte_array_append (a, value, len);
  s->r = r;
  hmac (r, a->data, a->len, NULL, 0, s->seed);
  g_byte_array_unref (a);
  s->pos = sizeof s->block;
  s->n = 0;
}

static guint8 stream_byte (Stream *s)
{
  if (s->pos == sizeof s->block) {
    guint8 n[4] = { (guint8) s->n, (guint8) (s->n >> 8), (guint8) (s->n >> 16), (guint8) (s->n >> 24) };
    hmac (s->r, s->seed, sizeof s->seed, n, 4, s->block);
    s->n++;
    s->pos = 0;
  }
  return s->block[s->pos++];
}

/* ---------- units: what a text value is made of ---------- */

/* A unit's class decides its pseudonym. */
typedef enum { U_KEEP, U_DIGIT, U_UPPER, U_LOWER, U_OTHER_LETTER } UnitClass;

typedef struct {
  GArray *codes;   /* guint32: the unit as read (ASCII code for digits/letters) */
  GArray *classes; /* UnitClass */
  GString *seed;   /* the identifying text: digits and letters only */
} Units;

static void units_init (Units *u)
{
  u->codes = g_array_new (FALSE, FALSE, sizeof (guint32));
  u->classes = g_array_new (FALSE, FALSE, sizeof (UnitClass));
  u->seed = g_string_new (NULL);
}

static void units_clear (Units *u)
{
  g_array_unref (u->codes);
  g_array_unref (u->classes);
  g_string_free (u->seed, TRUE);
}

static void unit_add (Units *u, guint32 code, UnitClass c)
{
  g_array_append_val (u->codes, code);
  g_array_append_val (u->classes, c);
  if (c == U_DIGIT || c == U_UPPER || c == U_LOWER)
    g_string_append_c (u->seed, (gchar) code);
  else if (c == U_OTHER_LETTER)
    g_string_append_printf (u->seed, "\\u%x", code);
}

static UnitClass ascii_class (guint32 c)
{
  if (c >= '0' && c <= '9')
    return U_DIGIT;
  if (c >= 'A' && c <= 'Z')
    return U_UPPER;
  if (c >= 'a' && c <= 'z')
    return U_LOWER;
  return c < 0x80 ? U_KEEP : U_OTHER_LETTER;
}

/* A value made only of hex digits (with at least one letter) stays hex:
 * ESN, MEID and USB serial numbers. */
static gboolean units_are_hex (const Units *u, gboolean *upper)
{
  gboolean letter = FALSE;
  *upper = FALSE;
  for (guint i = 0; i < u->codes->len; i++) {
    guint32 c = g_array_index (u->codes, guint32, i);
    UnitClass k = g_array_index (u->classes, UnitClass, i);
    if (k == U_KEEP)
      continue;
    if (k == U_OTHER_LETTER || (k == U_UPPER && c > 'F') || (k == U_LOWER && c > 'f'))
      return FALSE;
    if (k != U_DIGIT)
      letter = TRUE;
    if (k == U_UPPER)
      *upper = TRUE;
  }
  return letter;
}

static guint luhn_check_digit (const guint8 *digits, guint n)
{
  guint sum = 0;
  /* from the right, every second digit of the payload is doubled */
  for (guint i = 0; i < n; i++) {
    guint d = digits[n - 1 - i];
    if (i % 2 == 0) {
      d *= 2;
      if (d > 9)
        d -= 9;
    }
    sum += d;
  }
  return (10 - sum % 10) % 10;
}

/* Replaces every code with its pseudonym, in place. Returns FALSE when the
 * value holds nothing to replace. */
static gboolean units_pseudonym (const WireRedactor *r, Units *u, guint kind)
{
  Stream s;
  gboolean upper, hex;
  guint digits = 0, letters = 0;
  static const char hexdig[] = "0123456789abcdef0123456789ABCDEF";

  if (!u->seed->len)
    return FALSE;
  hex = units_are_hex (u, &upper);
  stream_init (&s, r, "text", (const guint8 *) u->seed->str, u->seed->len);
  for (guint i = 0; i < u->codes->len; i++) {
    guint32 *c = &g_array_index (u->codes, guint32, i);
    UnitClass k = g_array_index (u->classes, UnitClass, i);
    guint8 x;
    if (k == U_KEEP)
      continue;
    x = stream_byte (&s);
    if (hex)
      *c = (guint32) hexdig[(upper ? 16 : 0) + x % 16];
    else if (k == U_DIGIT)
      *c = '0' + x % 10;
    else if (k == U_UPPER)
      *c = 'A' + x % 26;
    else
      *c = 'a' + x % 26;
    digits += k == U_DIGIT;
    letters += k != U_DIGIT;
  }
  /* an IMEI keeps a valid check digit (3GPP TS 23.003: Luhn over 14 digits) */
  if (kind == WIRE_PERSONAL_IMEI && digits == 15 && !letters && !hex) {
    guint8 d[15];
    guint n = 0, last = 0;
    for (guint i = 0; i < u->codes->len; i++)
      if (g_array_index (u->classes, UnitClass, i) == U_DIGIT) {
        d[n++] = (guint8) (g_array_index (u->codes, guint32, i) - '0');
        last = i;
      }
    g_array_index (u->codes, guint32, last) = '0' + luhn_check_digit (d, 14);
  }
  return TRUE;
}

/* ---------- per encoding: read units, write them back ---------- */

/* ASCII and UTF-8: one unit per byte; the bytes of a multi-byte UTF-8
 * character (or an invalid byte) each become one ASCII letter, so the text
 * stays valid UTF-8 of the same byte length. */
static gboolean redact_bytes_text (const WireRedactor *r, guint8 *p, gsize n, guint kind)
{
  Units u;
  gboolean done;
  units_init (&u);
  for (gsize i = 0; i < n; i++)
    unit_add (&u, p[i], p[i] == 0 || p[i] == 0xff ? U_KEEP : ascii_class (p[i]));
  done = units_pseudonym (r, &u, kind);
  for (gsize i = 0; done && i < n; i++)
    p[i] = (guint8) g_array_index (u.codes, guint32, i);
  units_clear (&u);
  return done;
}

static gboolean redact_ucs2 (const WireRedactor *r, guint8 *p, gsize n, gboolean big, guint kind)
{
  Units u;
  gboolean done;
  units_init (&u);
  for (gsize i = 0; i + 1 < n; i += 2) {
    guint32 c = big ? (guint32) (p[i] << 8 | p[i + 1]) : (guint32) (p[i] | p[i + 1] << 8);
    unit_add (&u, c, c == 0 ? U_KEEP : ascii_class (c));
  }
  done = units_pseudonym (r, &u, kind);
  for (guint k = 0; done && k < u.codes->len; k++) {
    guint32 c = g_array_index (u.codes, guint32, k);
    p[2 * k + (big ? 1 : 0)] = (guint8) c;
    p[2 * k + (big ? 0 : 1)] = (guint8) (c >> 8);
  }
  units_clear (&u);
  return done;
}

/* Packed BCD, low nibble first (or high, the EID's): digits stay digits; 0xA-0xE (*, #, a, b,
 * c in 3GPP numbers) and the 0xF filler stay. */
static gboolean redact_bcd (const WireRedactor *r, guint8 *p, gsize n, gboolean high_first, guint kind)
{
  Units u;
  gboolean done;
  units_init (&u);
  for (gsize i = 0; i < 2 * n; i++) {
    gboolean high = (i % 2 != 0) != high_first; /* is digit i the byte's high nibble */
    guint nib = high ? p[i / 2] >> 4 : p[i / 2] & 0x0f;
    unit_add (&u, nib <= 9 ? '0' + nib : nib, nib <= 9 ? U_DIGIT : U_KEEP);
  }
  done = units_pseudonym (r, &u, kind);
  for (gsize i = 0; done && i < 2 * n; i++) {
    guint32 c = g_array_index (u.codes, guint32, i);
    guint nib = c >= '0' && c <= '9' ? c - '0' : c;
    gboolean high = (i % 2 != 0) != high_first;
    p[i / 2] = (guint8) (high ? (p[i / 2] & 0x0f) | nib << 4 : (p[i / 2] & 0xf0) | nib);
  }
  units_clear (&u);
  return done;
}

/* GSM 7-bit default alphabet (3GPP TS 23.038), septets packed LSB first
 * from bit offset first_bit. Digits and A-Z/a-z sit at their ASCII code
 * points; kept: LF, CR, space and ASCII punctuation, the symbols @ £ $ ¥ _,
 * and an escape (0x1B) with the extension character after it. Every other
 * septet is a letter (accented Latin, Greek) and becomes a-z. */
static guint gsm7_get (const guint8 *p, gsize bit)
{
  guint v = p[bit / 8] >> (bit % 8);
  if (bit % 8 > 1)
    v |= p[bit / 8 + 1] << (8 - bit % 8);
  return v & 0x7f;
}

static void gsm7_put (guint8 *p, gsize bit, guint v)
{
  guint16 mask = (guint16) (0x7f << (bit % 8));
  guint16 word = (guint16) (p[bit / 8] | (bit % 8 > 1 ? p[bit / 8 + 1] << 8 : 0));
  word = (guint16) ((word & ~mask) | (v << (bit % 8)));
  p[bit / 8] = (guint8) word;
  if (bit % 8 > 1)
    p[bit / 8 + 1] = (guint8) (word >> 8);
}

static UnitClass gsm7_class (guint s)
{
  if ((s >= '0' && s <= '9') || (s >= 'A' && s <= 'Z') || (s >= 'a' && s <= 'z'))
    return ascii_class (s);
  if (s == 0x0a || s == 0x0d || (s >= 0x20 && s <= 0x2f) || (s >= 0x3a && s <= 0x3f) || s <= 0x03 ||
      s == 0x11 || s == 0x1b)
    return U_KEEP;
  return U_OTHER_LETTER;
}

/* septets: how many; bytes: the buffer they must fit in. */
static gboolean redact_gsm7 (const WireRedactor *r, guint8 *p, gsize bytes, gsize first_bit, gsize septets,
                             guint kind)
{
  Units u;
  gboolean done, escaped = FALSE;
  while (septets && first_bit + 7 * septets > 8 * bytes)
    septets--;
  units_init (&u);
  for (gsize i = 0; i < septets; i++) {
    guint s = gsm7_get (p, first_bit + 7 * i);
    unit_add (&u, s, escaped ? U_KEEP : gsm7_class (s));
    escaped = !escaped && s == 0x1b;
  }
  done = units_pseudonym (r, &u, kind);
  for (gsize i = 0; done && i < septets; i++)
    gsm7_put (p, first_bit + 7 * i, g_array_index (u.codes, guint32, i));
  units_clear (&u);
  return done;
}

/* GSM 7-bit one septet per byte (the top bit clear). */
static gboolean redact_gsm7_unpacked (const WireRedactor *r, guint8 *p, gsize n, guint kind)
{
  Units u;
  gboolean done, escaped = FALSE;
  units_init (&u);
  for (gsize i = 0; i < n; i++) {
    guint s = p[i] & 0x7f;
    unit_add (&u, s, escaped || p[i] & 0x80 ? U_KEEP : gsm7_class (s));
    escaped = !escaped && s == 0x1b;
  }
  done = units_pseudonym (r, &u, kind);
  for (gsize i = 0; done && i < n; i++)
    p[i] = (guint8) ((p[i] & 0x80) | g_array_index (u.codes, guint32, i));
  units_clear (&u);
  return done;
}

/* Opaque personal bytes: pseudonym bytes keyed on the whole value. */
static gboolean redact_opaque (const WireRedactor *r, guint8 *p, gsize n)
{
  Stream s;
  if (!n)
    return FALSE;
  stream_init (&s, r, "bytes", p, n);
  for (gsize i = 0; i < n; i++)
    p[i] = stream_byte (&s);
  return TRUE;
}

/* A position: 0 in every width (0.0 in IEEE 754), a place nobody is. */
static gboolean zero (guint8 *p, gsize n)
{
  memset (p, 0, n);
  return n > 0;
}

/* ---------- SMS (3GPP TS 23.040) ---------- */

/* An address: length (digits, or for the SMSC bytes), type of address,
 * semi-octets; an alphanumeric address (type 0x50) is GSM 7-bit text.
 * Returns the bytes it takes, 0 when it does not fit. */
static gsize sms_address (WireRedactor *r, guint8 *p, gsize n, gboolean smsc, guint *replaced)
{
  gsize len, bytes;
  if (n < 1)
    return 0;
  len = p[0];
  bytes = smsc ? len : 1 + (len + 1) / 2; /* TP-OA/DA/RA count digits, the SMSC bytes */
  if (1 + bytes > n)
    return 0;
  if (bytes >= 2) {
    gsize septets = smsc ? (bytes - 1) * 8 / 7 : len * 4 / 7;
    gboolean done = (p[1] & 0x70) == 0x50 ? redact_gsm7 (r, p + 2, bytes - 1, 0, septets, WIRE_PERSONAL_SMS)
                                          : redact_bcd (r, p + 2, bytes - 1, FALSE, WIRE_PERSONAL_SMS);
    *replaced += done;
  }
  return 1 + bytes;
}

static gboolean sms_user_data (WireRedactor *r, guint8 *p, gsize n, guint8 dcs, gboolean udhi, guint *replaced)
{
  guint udl;
  guint alphabet; /* 0 GSM 7-bit, 1 8-bit data, 2 UCS-2 */
  gsize hdr = 0;

  if (n < 1)
    return FALSE;
  udl = p[0];
  p++;
  n--;
  if ((dcs & 0xc0) == 0x00 || (dcs & 0xc0) == 0x40)
    alphabet = (dcs >> 2) & 3;
  else if ((dcs & 0xf0) == 0xf0)
    alphabet = (dcs & 0x04) ? 1 : 0;
  else if ((dcs & 0xf0) == 0xe0)
    alphabet = 2;
  else if ((dcs & 0xe0) == 0xc0)
    alphabet = 0;
  else
    alphabet = 1;
  if (udhi) {
    if (n < 1 || (gsize) p[0] + 1 > n)
      return FALSE;
    hdr = (gsize) p[0] + 1; /* the header (concatenation, ports) stays */
  }
  if (alphabet == 0 || alphabet == 3) {
    gsize first = (hdr * 8 + 6) / 7; /* the first septet after the header and its fill bits */
    if ((udl * 7 + 7) / 8 > n || first > udl)
      return FALSE;
    *replaced += redact_gsm7 (r, p, n, first * 7, udl - first, WIRE_PERSONAL_SMS);
  } else {
    if (udl > n || hdr > udl)
      return FALSE;
    if (alphabet == 2)
      *replaced += redact_ucs2 (r, p + hdr, udl - hdr, TRUE, WIRE_PERSONAL_SMS);
    else
      *replaced += redact_opaque (r, p + hdr, udl - hdr);
  }
  return TRUE;
}

/* The TPDU after the SMSC address: SMS-DELIVER (MTI 0), SMS-SUBMIT (1) and
 * SMS-STATUS-REPORT (2). Returns FALSE when it does not parse. */
static gboolean sms_tpdu (WireRedactor *r, guint8 *p, gsize n, guint *replaced)
{
  guint8 fo;
  gsize i = 1, a;
  guint8 dcs;
  if (n < 1)
    return FALSE;
  fo = p[0];
  switch (fo & 3) {
  case 0: /* DELIVER: OA, PID, DCS, SCTS(7), UD */
    if (!(a = sms_address (r, p + i, n - i, FALSE, replaced)))
      return FALSE;
    i += a;
    if (i + 9 > n)
      return FALSE;
    dcs = p[i + 1];
    i += 9;
    return sms_user_data (r, p + i, n - i, dcs, fo & 0x40, replaced);
  case 1: { /* SUBMIT: MR, DA, PID, DCS, VP(0/1/7), UD */
    static const guint vp_len[4] = { 0, 7, 1, 7 };
    i++; /* MR */
    if (i >= n || !(a = sms_address (r, p + i, n - i, FALSE, replaced)))
      return FALSE;
    i += a;
    if (i + 2 > n)
      return FALSE;
    dcs = p[i + 1];
    i += 2 + vp_len[(fo >> 3) & 3];
    return i <= n && sms_user_data (r, p + i, n - i, dcs, fo & 0x40, replaced);
  }
  case 2: /* STATUS-REPORT: MR, RA, then timestamps and status (kept) */
    i++; /* MR */
    return i < n && sms_address (r, p + i, n - i, FALSE, replaced) != 0;
  default:
    return FALSE;
  }
}

guint
wire_redact_sms_pdu (WireRedactor *r, guint8 *pdu, gsize len)
{
  guint replaced = 0;
  gsize a;
  guint8 *copy;

  if (r->keep[WIRE_PERSONAL_SMS] || !len)
    return 0;
  /* parse a copy first: a PDU that fails half-way is replaced whole */
  copy = g_memdup2 (pdu, len);
  a = sms_address (r, copy, len, TRUE, &replaced);
  if (a && sms_tpdu (r, copy + a, len - a, &replaced)) {
    memcpy (pdu, copy, len);
  } else {
    redact_opaque (r, pdu, len);
    replaced = 1;
  }
  g_free (copy);
  r->count[WIRE_PERSONAL_SMS] += replaced;
  return replaced;
}

guint
wire_redact_usb_serial (WireRedactor *r, guint8 *desc, gsize len)
{
  gsize n;
  if (r->keep[WIRE_REDACT_USB_SERIAL] || len < 4 || desc[1] != 3)
    return 0;
  n = MIN ((gsize) desc[0], len);
  if (n < 4 || !redact_ucs2 (r, desc + 2, n - 2, FALSE, WIRE_REDACT_USB_SERIAL))
    return 0;
  r->count[WIRE_REDACT_USB_SERIAL]++;
  return 1;
}

/* A string in the encoding the walker read it in (a choice by another
 * field resolved); text shown as hex (data, or an encoding nobody knows)
 * gets pseudonym bytes. */
static gboolean redact_text (const WireRedactor *r, const WireValue *v, guint8 *p, gsize n, guint kind)
{
  switch (v->not_text ? WIRE_STR_HEX : v->encoding) {
  case WIRE_STR_ASCII:
  case WIRE_STR_UTF8:
    return redact_bytes_text (r, p, n, kind);
  case WIRE_STR_UCS2:
    return redact_ucs2 (r, p, n, v->big_endian, kind);
  case WIRE_STR_BCD:
  case WIRE_STR_BCD_HIGH_FIRST:
    return redact_bcd (r, p, n, v->encoding == WIRE_STR_BCD_HIGH_FIRST, kind);
  case WIRE_STR_GSM7:
    return redact_gsm7_unpacked (r, p, n, kind);
  case WIRE_STR_GSM7_PACKED:
    return redact_gsm7 (r, p, n, 0, n * 8 / 7, kind);
  case WIRE_STR_UTF8_OR_GSM7:
    /* the walker's rule: UTF-8 when it is valid, else GSM 7-bit packed */
    return g_utf8_validate ((const char *) p, (gssize) n, NULL) ? redact_bytes_text (r, p, n, kind)
                                                                : redact_gsm7 (r, p, n, 0, n * 8 / 7, kind);
  default:
    return redact_opaque (r, p, n);
  }
}

/* ---------- the walker visitor ---------- */

#define STACK_DEPTH (WIRE_WALK_MAX_DEPTH + 4)

typedef struct {
  WireRedactor *r;
  guint8 *buf;
  guint replaced;
  guint personal[STACK_DEPTH]; /* the kind in force at each group depth */
  gboolean blob[STACK_DEPTH];  /* the group is a personal byte array, redacted whole */
  guint depth;
  gint64 sms_format;           /* last wms_message_format value seen, -1 = none */
  guint tlv_kind;              /* the TLV's own tag */
} Redact;

static guint prefix_width (const WireField *f)
{
  static const guint widths[] = { [WIRE_LEN_U8] = 1, [WIRE_LEN_U16] = 2, [WIRE_LEN_U32] = 4 };
  return f->len_form <= WIRE_LEN_U32 ? widths[f->len_form] : 0;
}

static guint current_kind (const Redact *x)
{
  return x->depth ? x->personal[x->depth - 1] : x->tlv_kind;
}

static gboolean in_blob (const Redact *x)
{
  for (guint i = 0; i < x->depth; i++)
    if (x->blob[i])
      return TRUE;
  return FALSE;
}

static void count (Redact *x, guint kind, gboolean done)
{
  if (done) {
    x->r->count[kind]++;
    x->replaced++;
  }
}

static void v_tlv_begin (gpointer d, const WireQmiTlv *tlv G_GNUC_UNUSED, const WireTlvDef *def)
{
  Redact *x = d;
  x->depth = 0;
  x->tlv_kind = def ? def->field->personal : WIRE_PERSONAL_NONE;
}

static gboolean is_byte_array (const WireField *f)
{
  return f->kind == WIRE_TYPE_ARRAY && f->element->kind == WIRE_TYPE_UINT && f->element->size == 1 &&
         !f->element->values;
}

static void v_group_begin (gpointer d, const WireValue *v)
{
  Redact *x = d;
  guint kind = v->field->personal ? v->field->personal : current_kind (x);
  if (x->depth >= STACK_DEPTH)
    return;
  x->personal[x->depth] = kind;
  x->blob[x->depth] = kind && is_byte_array (v->field);
  x->depth++;
  if (v->field->kind == WIRE_TYPE_STRUCT)
    x->sms_format = -1;
}

/* A personal byte array: an SMS in a 3GPP point-to-point format is parsed,
 * BCD identities (UIM's ICCID) keep their digits, anything else is bytes. */
static void redact_blob (Redact *x, guint kind, guint8 *p, gsize n)
{
  if (x->r->keep[kind] || !n)
    return;
  if (kind == WIRE_PERSONAL_SMS && x->sms_format == 6) {
    x->replaced += wire_redact_sms_pdu (x->r, p, n);
    return;
  }
  if (kind == WIRE_PERSONAL_ICCID || kind == WIRE_PERSONAL_IMSI || kind == WIRE_PERSONAL_MSISDN)
    count (x, kind, redact_bcd (x->r, p, n, FALSE, kind));
  else if (kind == WIRE_PERSONAL_POSITION)
    count (x, kind, zero (p, n));
  else
    count (x, kind, redact_opaque (x->r, p, n));
}

static void v_group_end (gpointer d, const WireValue *v)
{
  Redact *x = d;
  gboolean blob;
  guint kind, w;
  if (!x->depth)
    return;
  x->depth--;
  blob = x->blob[x->depth];
  kind = x->personal[x->depth];
  if (!blob || in_blob (x))
    return;
  w = prefix_width (v->field);
  if (v->length > w)
    redact_blob (x, kind, x->buf + v->offset + w, v->length - w);
}

static void v_leaf (gpointer d, const WireValue *v)
{
  Redact *x = d;
  const WireField *f = v->field;
  guint kind = f->personal ? f->personal : current_kind (x);
  guint8 *p;
  gsize n;
  guint w;

  if (f->kind == WIRE_TYPE_UINT && f->values && g_str_equal (f->values->name, "wms.wms_message_format"))
    x->sms_format = (gint64) v->v.u;
  if (!kind || in_blob (x) || x->r->keep[kind] || v->truncated)
    return;
  w = f->kind == WIRE_TYPE_STRING || f->kind == WIRE_TYPE_BYTES ? prefix_width (f) : 0;
  if (v->length <= w)
    return;
  p = x->buf + v->offset + w;
  n = v->length - w;
  switch (f->kind) {
  case WIRE_TYPE_STRING:
    count (x, kind, redact_text (x->r, v, p, n, kind));
    break;
  case WIRE_TYPE_BYTES:
    redact_blob (x, kind, p, n);
    break;
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_FLOAT:
    /* a position becomes 0 (0.0 in IEEE 754); an enum is a category, not an
     * identity, and stays valid; any other number gets a pseudonym */
    if (kind == WIRE_PERSONAL_POSITION)
      count (x, kind, zero (p, n));
    else if (!f->values)
      count (x, kind, redact_opaque (x->r, p, n));
    break;
  default:
    break;
  }
}

/* Bytes of a personal TLV the walk could not read as fields (cut short,
 * left over) may still be personal: they are replaced too. */
static void v_problem (gpointer d, WireWalkProblem p, gsize off, gsize len, const char *detail G_GNUC_UNUSED)
{
  Redact *x = d;
  guint kind = current_kind (x);
  if (!kind || x->r->keep[kind] || !len)
    return;
  if (p == WIRE_WALK_FIELD_TRUNCATED || p == WIRE_WALK_TLV_TRAILING)
    count (x, kind, redact_opaque (x->r, x->buf + off, len));
}

guint
wire_redact_tlvs (WireRedactor *r, const WireMessage *msg, guint8 *tlvs, gsize len)
{
  static const WireWalkVisitor v = { v_tlv_begin, NULL, v_group_begin, v_group_end, v_leaf, v_problem };
  Redact x = { .r = r, .buf = tlvs, .sms_format = -1 };
  if (!msg)
    return 0;
  /* the walker reads a copy, so what it decodes is never what we rewrite */
  {
    guint8 *copy = g_memdup2 (tlvs, len);
    x.buf = tlvs;
    wire_walk_message (msg, copy, len, &v, &x);
    g_free (copy);
  }
  return x.replaced;
}
