/* Redaction (wire/wire-redact.c).
 *
 * The property test: every message of every schema file, sampled with three
 * seeds and encoded; each personal value (tagged, or inside a tagged struct
 * or array) is then given a distinctive original (letters and digits, an
 * IMEI with its Luhn digit, BCD digits); the message is redacted and must
 * - walk to the same structure: the same TLVs, fields, offsets and lengths,
 *   and no problem the original did not have;
 * - keep every byte outside the personal values;
 * - hold no personal original in any encoding the schemas allow (ASCII,
 *   UTF-8, UCS-2 little and big endian, BCD in both nibble orders, GSM 7-bit packed), and a
 *   position is 0, an IMEI still passes its Luhn check.
 * Then the encodings one by one: SMS PDUs (GSM 7-bit, UCS-2, a user data
 * header), USB serial numbers, same value -> same pseudonym, --keep. */
#include <string.h>
#include "wire-schema.h"
#include "wire-encode.h"
#include "wire-redact.h"
#include "wire-walk.h"

/* ---------- what a message holds: structure and personal values ---------- */

typedef struct {
  guint kind;
  gboolean blob;      /* a personal byte array, seen whole */
  gboolean text;
  WireStrEncoding encoding; /* as the walker read it: a choice resolved */
  gboolean big_endian;
  WireTypeKind type;
  gsize off, len;     /* the value's data, after any prefix */
} Personal;

typedef struct {
  GString *shape;     /* every TLV, group and leaf with offset and length */
  GArray *personal;   /* Personal */
  guint stack[32];
  gboolean blob[32];
  guint depth;
  guint tlv_kind;
  guint problems;
} Scan;

static guint prefix_width (const WireField *f)
{
  return f->len_form == WIRE_LEN_U8 ? 1 : f->len_form == WIRE_LEN_U16 ? 2 : f->len_form == WIRE_LEN_U32 ? 4 : 0;
}

static guint scan_kind (const Scan *s)
{
  return s->depth ? s->stack[s->depth - 1] : s->tlv_kind;
}

static gboolean scan_in_blob (const Scan *s)
{
  for (guint i = 0; i < s->depth; i++)
    if (s->blob[i])
      return TRUE;
  return FALSE;
}

static void s_tlv_begin (gpointer d, const WireQmiTlv *tlv, const WireTlvDef *def)
{
  Scan *s = d;
  g_string_append_printf (s->shape, "T%02x/%u ", tlv->type, tlv->length);
  s->depth = 0;
  s->tlv_kind = def ? def->field->personal : 0;
}

static void s_group_begin (gpointer d, const WireValue *v)
{
  Scan *s = d;
  guint kind = v->field->personal ? v->field->personal : scan_kind (s);
  const WireField *f = v->field;
  gboolean blob = kind && f->kind == WIRE_TYPE_ARRAY && f->element->kind == WIRE_TYPE_UINT && f->element->size == 1 &&
                  !f->element->values;
  g_string_append_printf (s->shape, "G%s@%zu#%" G_GUINT64_FORMAT " ", f->abbrev, v->offset,
                          f->kind == WIRE_TYPE_ARRAY ? v->v.u : 0);
  s->stack[s->depth] = kind;
  s->blob[s->depth] = blob;
  s->depth++;
}

static void s_group_end (gpointer d, const WireValue *v)
{
  Scan *s = d;
  s->depth--;
  g_string_append_printf (s->shape, "E%zu ", v->length);
  if (s->blob[s->depth] && !scan_in_blob (s)) {
    Personal p = { s->stack[s->depth], TRUE, FALSE, 0, FALSE, WIRE_TYPE_ARRAY, 0, 0 };
    guint w = prefix_width (v->field);
    p.off = v->offset + w;
    p.len = v->length - w;
    if (p.len)
      g_array_append_val (s->personal, p);
  }
}

static void s_leaf (gpointer d, const WireValue *v)
{
  Scan *s = d;
  const WireField *f = v->field;
  guint kind = f->personal ? f->personal : scan_kind (s);
  g_string_append_printf (s->shape, "L%s@%zu+%zu ", f->abbrev, v->offset, v->length);
  if (kind && !scan_in_blob (s) && !(f->values && f->kind != WIRE_TYPE_STRING)) {
    guint w = f->kind == WIRE_TYPE_STRING || f->kind == WIRE_TYPE_BYTES ? prefix_width (f) : 0;
    Personal p = { kind, f->kind == WIRE_TYPE_BYTES || (f->kind == WIRE_TYPE_STRING && v->not_text),
                   f->kind == WIRE_TYPE_STRING && !v->not_text, v->encoding, v->big_endian, f->kind,
                   v->offset + w, v->length - w };
    if (f->kind != WIRE_TYPE_BOOL && p.len)
      g_array_append_val (s->personal, p);
  }
}

static void s_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize o G_GNUC_UNUSED, gsize l G_GNUC_UNUSED,
                       const char *detail G_GNUC_UNUSED)
{
  ((Scan *) d)->problems++;
}

static const WireWalkVisitor scan_visitor = { s_tlv_begin, NULL, s_group_begin, s_group_end, s_leaf, s_problem };

static void scan (const WireMessage *msg, const guint8 *b, gsize n, Scan *s)
{
  memset (s, 0, sizeof *s);
  s->shape = g_string_new (NULL);
  s->personal = g_array_new (FALSE, FALSE, sizeof (Personal));
  wire_walk_message (msg, b, n, &scan_visitor, s);
}

static void scan_clear (Scan *s)
{
  g_string_free (s->shape, TRUE);
  g_array_unref (s->personal);
}

/* ---------- distinctive originals and their encodings ---------- */

static const char pattern[] = "Zq7Xk3Vm9Pw5Rj2Ty8Hn4Lc6Bd0Gs1F";
static const char imei[] = "490154203237518"; /* valid Luhn */

/* The original text of value number i, n characters long. */
static void original_text (guint i, gsize n, gboolean digits_only, guint kind, char *out)
{
  if (kind == WIRE_PERSONAL_IMEI && n == 15 && !digits_only) {
    memcpy (out, imei, 15);
  } else {
    for (gsize k = 0; k < n; k++)
      out[k] = digits_only ? (char) ('0' + (i * 7 + k * 3) % 10) : pattern[(i + k) % (sizeof pattern - 1)];
  }
  out[n] = 0;
}

static gboolean luhn_ok (const char *d, gsize n)
{
  guint sum = 0;
  for (gsize i = 0; i < n; i++) {
    guint x = (guint) (d[n - 1 - i] - '0');
    if (i % 2) {
      x *= 2;
      if (x > 9)
        x -= 9;
    }
    sum += x;
  }
  return sum % 10 == 0;
}

/* Writes the original into the message; returns its text (for the search). */
static gchar *plant (const Personal *p, guint i, guint8 *b)
{
  char text[512];
  gsize n;
  if (p->type != WIRE_TYPE_STRING && !p->blob && p->type != WIRE_TYPE_BYTES) {
    for (gsize k = 0; k < p->len; k++)
      b[p->off + k] = (guint8) (0x11 * (k + 1) + i);
    return NULL;
  }
  if (p->text && p->encoding == WIRE_STR_GSM7_PACKED) {
    /* letters and digits sit at their ASCII code points in the GSM alphabet */
    n = MIN (p->len * 8 / 7, sizeof text - 1);
    original_text (i, n, FALSE, p->kind, text);
    memset (b + p->off, 0, p->len);
    for (gsize k = 0; k < n; k++) {
      gsize bit = 7 * k;
      b[p->off + bit / 8] |= (guint8) (text[k] << (bit % 8));
      if (bit % 8 > 1)
        b[p->off + bit / 8 + 1] |= (guint8) (text[k] >> (8 - bit % 8));
    }
  } else if (p->blob && !(p->kind == WIRE_PERSONAL_ICCID || p->kind == WIRE_PERSONAL_IMSI ||
                          p->kind == WIRE_PERSONAL_MSISDN)) {
    /* opaque bytes (raw data, text shown as hex): a distinctive byte run */
    n = MIN (p->len, sizeof text - 1);
    original_text (i, n, FALSE, p->kind, text);
    memcpy (b + p->off, text, n);
  } else if (p->text && p->encoding == WIRE_STR_UCS2) {
    n = MIN (p->len / 2, sizeof text - 1);
    original_text (i, n, FALSE, p->kind, text);
    for (gsize k = 0; k < n; k++) {
      b[p->off + 2 * k + (p->big_endian ? 1 : 0)] = (guint8) text[k];
      b[p->off + 2 * k + (p->big_endian ? 0 : 1)] = 0;
    }
  } else if (p->text && p->encoding == WIRE_STR_BCD_HIGH_FIRST) {
    n = MIN (2 * p->len, sizeof text - 1);
    original_text (i, n, TRUE, p->kind, text);
    for (gsize k = 0; k < p->len; k++)
      b[p->off + k] = (guint8) ((text[2 * k] - '0') << 4 | (text[2 * k + 1] - '0'));
  } else if ((p->text && p->encoding == WIRE_STR_BCD) ||
             (p->blob && (p->kind == WIRE_PERSONAL_ICCID || p->kind == WIRE_PERSONAL_IMSI || p->kind == WIRE_PERSONAL_MSISDN))) {
    n = MIN (2 * p->len, sizeof text - 1);
    original_text (i, n, TRUE, p->kind, text);
    for (gsize k = 0; k < p->len; k++)
      b[p->off + k] = (guint8) ((text[2 * k] - '0') | (text[2 * k + 1] - '0') << 4);
  } else {
    n = MIN (p->len, sizeof text - 1);
    original_text (i, n, FALSE, p->kind, text);
    memcpy (b + p->off, text, n);
  }
  return g_strdup (text);
}

static gboolean contains (const guint8 *hay, gsize n, const guint8 *needle, gsize m)
{
  if (m < 4 || m > n)
    return FALSE;
  for (gsize i = 0; i + m <= n; i++)
    if (memcmp (hay + i, needle, m) == 0)
      return TRUE;
  return FALSE;
}

/* Every encoding of text the schemas allow, searched in the message. */
static const char *survives (const char *text, const guint8 *b, gsize n)
{
  gsize len = strlen (text);
  GByteArray *e = g_byte_array_new ();
  const char *found = NULL;
  gboolean digits = TRUE;
  if (contains (b, n, (const guint8 *) text, len))
    found = "ASCII/UTF-8";
  for (guint be = 0; !found && be < 2; be++) {
    g_byte_array_set_size (e, 0);
    for (gsize k = 0; k < len; k++) {
      guint8 u[2] = { be ? 0 : (guint8) text[k], be ? (guint8) text[k] : 0 };
      g_byte_array_append (e, u, 2);
    }
    if (contains (b, n, e->data, e->len))
      found = be ? "UCS-2 BE" : "UCS-2 LE";
  }
  for (gsize k = 0; k < len; k++)
    digits = digits && g_ascii_isdigit (text[k]);
  for (guint high_first = 0; !found && digits && high_first < 2; high_first++) {
    g_byte_array_set_size (e, 0);
    for (gsize k = 0; k + 1 < len; k += 2) {
      guint8 a = (guint8) (text[k] - '0'), z = (guint8) (text[k + 1] - '0');
      guint8 x = high_first ? (guint8) (a << 4 | z) : (guint8) (a | z << 4);
      g_byte_array_append (e, &x, 1);
    }
    if (contains (b, n, e->data, e->len))
      found = high_first ? "BCD, high nibble first" : "BCD";
  }
  if (!found) { /* GSM 7-bit: letters and digits at their ASCII code points */
    g_byte_array_set_size (e, 0);
    g_byte_array_set_size (e, (guint) ((len * 7 + 7) / 8));
    memset (e->data, 0, e->len);
    for (gsize k = 0; k < len; k++) {
      gsize bit = 7 * k;
      guint v = (guint) text[k] & 0x7f;
      e->data[bit / 8] |= (guint8) (v << (bit % 8));
      if (bit % 8 > 1)
        e->data[bit / 8 + 1] |= (guint8) (v >> (8 - bit % 8));
    }
    /* the last byte holds fill bits: leave it out of the search */
    if (e->len > 4 && contains (b, n, e->data, e->len - 1))
      found = "GSM 7-bit";
  }
  g_byte_array_unref (e);
  return found;
}

static WireRegistry *load (void)
{
  WireRegistry *reg = wire_registry_new ();
  const char *dirs[] = { TEST_SCHEMA_DIR, NULL };
  wire_registry_load_dirs (reg, dirs);
  wire_registry_finish (reg);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);
  return reg;
}

static void test_every_message (void)
{
  WireRegistry *reg = load ();
  const GPtrArray *services = wire_registry_services (reg);
  WireRedactor *r = wire_redactor_new ((const guint8 *) "property", 8);
  guint samples = 0, with_personal = 0, values = 0, texts = 0, failures = 0;
  guint per_kind[WIRE_REDACT_N_KINDS] = { 0 };
  guint per_encoding[WIRE_STR_N_ENCODINGS] = { 0 };
  GString *encodings = g_string_new (NULL);

  for (guint sv = 0; sv < services->len; sv++) {
    const WireService *svc = g_ptr_array_index (services, sv);
    for (guint m = 0; m < svc->messages->len; m++) {
      const WireMessage *msg = g_ptr_array_index (svc->messages, m);
      for (guint seed = 0; seed < 3; seed++) {
        JsonNode *sample = wire_sample_values (msg, seed);
        GByteArray *b = wire_encode_tlvs (msg, sample, NULL);
        Scan before, after;
        GPtrArray *originals = g_ptr_array_new_with_free_func (g_free);
        guint8 *red, *mask;
        json_node_unref (sample);
        g_assert_nonnull (b);
        samples++;
        scan (msg, b->data, b->len, &before);
        for (guint i = 0; i < before.personal->len; i++)
          g_ptr_array_add (originals, plant (&g_array_index (before.personal, Personal, i), i, b->data));
        red = g_memdup2 (b->data, b->len);
        wire_redact_tlvs (r, msg, red, b->len);
        scan (msg, red, b->len, &after);
        if (before.personal->len)
          with_personal++;
        if (!g_str_equal (before.shape->str, after.shape->str) || after.problems > before.problems) {
          g_printerr ("%s.%s: structure changed\n  %s\n  %s\n", svc->name, msg->name, before.shape->str, after.shape->str);
          failures++;
        }
        mask = g_malloc0 (b->len);
        for (guint i = 0; i < before.personal->len; i++) {
          const Personal *p = &g_array_index (before.personal, Personal, i);
          const char *text = g_ptr_array_index (originals, i), *enc;
          memset (mask + p->off, 1, p->len);
          values++;
          per_kind[p->kind]++;
          /* a position number or byte string becomes 0; position text (NMEA) is text */
          if (p->kind == WIRE_PERSONAL_POSITION && !p->text) {
            for (gsize k = 0; k < p->len; k++)
              if (red[p->off + k]) {
                g_printerr ("%s.%s: position at %zu not zeroed\n", svc->name, msg->name, p->off);
                failures++;
                break;
              }
          }
          if (!text)
            continue;
          texts++;
          if (p->text)
            per_encoding[p->encoding]++;
          if ((enc = survives (text, red, b->len))) {
            g_printerr ("%s.%s: personal value '%s' survives as %s\n", svc->name, msg->name, text, enc);
            failures++;
          }
          if (p->kind == WIRE_PERSONAL_IMEI && g_str_equal (text, imei) &&
              !(luhn_ok ((const char *) red + p->off, 15) && memcmp (red + p->off, imei, 15) != 0)) {
            g_printerr ("%s.%s: IMEI pseudonym %.15s fails Luhn or equals the original\n", svc->name, msg->name,
                        (const char *) red + p->off);
            failures++;
          }
        }
        for (gsize k = 0; k < b->len; k++)
          if (!mask[k] && red[k] != b->data[k]) {
            g_printerr ("%s.%s: byte %zu outside personal values changed\n", svc->name, msg->name, k);
            failures++;
            break;
          }
        g_free (mask);
        g_free (red);
        scan_clear (&before);
        scan_clear (&after);
        g_ptr_array_unref (originals);
        g_byte_array_unref (b);
      }
    }
  }
  g_test_message ("%u message samples, %u with personal values; %u personal values checked (%u texts searched in "
                  "ASCII/UTF-8, UCS-2 LE/BE, BCD both nibble orders, GSM 7-bit): imei %u, imsi %u, iccid %u, msisdn %u, sms %u, "
                  "position %u, other %u; %u failures",
                  samples, with_personal, values, texts, per_kind[WIRE_PERSONAL_IMEI], per_kind[WIRE_PERSONAL_IMSI],
                  per_kind[WIRE_PERSONAL_ICCID], per_kind[WIRE_PERSONAL_MSISDN], per_kind[WIRE_PERSONAL_SMS],
                  per_kind[WIRE_PERSONAL_POSITION], per_kind[WIRE_PERSONAL_OTHER], failures);
  for (guint e = 0; e < WIRE_STR_N_ENCODINGS; e++)
    if (per_encoding[e])
      g_string_append_printf (encodings, " %s %u", wire_str_encoding_name (e), per_encoding[e]);
  g_test_message ("personal texts by the encoding they were read in:%s", encodings->str);
  g_string_free (encodings, TRUE);
  g_assert_cmpuint (with_personal, >, 100);
  g_assert_cmpuint (per_kind[WIRE_PERSONAL_IMEI], >, 0);
  g_assert_cmpuint (per_kind[WIRE_PERSONAL_POSITION], >, 0);
  g_assert_cmpuint (per_kind[WIRE_PERSONAL_SMS], >, 0);
  g_assert_cmpuint (failures, ==, 0);
  wire_redactor_free (r);
  wire_registry_free (reg);
}

/* ---------- SMS PDUs ---------- */

static GByteArray *hex (const char *h)
{
  GByteArray *b = g_byte_array_new ();
  for (; h[0] && h[1]; h += 2) {
    guint8 v = (guint8) (g_ascii_xdigit_value (h[0]) << 4 | g_ascii_xdigit_value (h[1]));
    g_byte_array_append (b, &v, 1);
  }
  return b;
}

static guint septet (const guint8 *p, gsize k)
{
  gsize bit = 7 * k;
  guint v = p[bit / 8] >> (bit % 8);
  if (bit % 8 > 1)
    v |= p[bit / 8 + 1] << (8 - bit % 8);
  return v & 0x7f;
}

static gboolean all_bcd_digits (const guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if ((p[i] & 0x0f) > 9 || ((p[i] >> 4) > 9 && (p[i] >> 4) != 0xf))
      return FALSE;
  return TRUE;
}

static void test_sms_deliver_gsm7 (void)
{
  /* SMSC +447785016005, SMS-DELIVER from +49171234567, GSM 7-bit "hello" (3GPP TS 23.040 layout) */
  GByteArray *pdu = hex ("07914477581006500" "4" "0b919471214365f7" "00" "00" "32403121436500" "05" "e8329bfd06");
  GByteArray *orig = g_byte_array_new ();
  WireRedactor *r = wire_redactor_new ((const guint8 *) "sms", 3);
  guint8 *p;
  g_byte_array_append (orig, pdu->data, pdu->len);
  g_assert_cmpuint (pdu->len, ==, 8 + 1 + 8 + 2 + 7 + 1 + 5);
  g_assert_cmpuint (wire_redact_sms_pdu (r, pdu->data, pdu->len), ==, 3); /* SMSC, sender, text */
  p = pdu->data;
  g_assert_cmpuint (p[0], ==, 7);      /* SMSC length */
  g_assert_cmpuint (p[1], ==, 0x91);   /* international */
  g_assert_true (all_bcd_digits (p + 2, 6));
  g_assert_true (memcmp (p + 2, orig->data + 2, 6) != 0);
  g_assert_cmpuint (p[8], ==, 0x04);   /* first octet */
  g_assert_cmpuint (p[9], ==, 11);     /* sender digits */
  g_assert_cmpuint (p[10], ==, 0x91);
  g_assert_true (all_bcd_digits (p + 11, 6));
  g_assert_cmpuint (p[16] >> 4, ==, 0xf); /* the filler stays */
  g_assert_true (memcmp (p + 11, orig->data + 11, 6) != 0);
  g_assert_true (memcmp (p + 17, orig->data + 17, 9) == 0); /* PID, DCS, timestamp */
  g_assert_cmpuint (p[26], ==, 5);
  for (guint k = 0; k < 5; k++)
    g_assert_true (septet (p + 27, k) >= 'a' && septet (p + 27, k) <= 'z');
  g_assert_true (memcmp (p + 27, orig->data + 27, 5) != 0);
  g_assert_cmpuint (wire_redactor_count (r, WIRE_PERSONAL_SMS), ==, 3);
  g_byte_array_unref (pdu);
  g_byte_array_unref (orig);
  wire_redactor_free (r);
}

static void test_sms_submit_ucs2_and_udh (void)
{
  /* no SMSC; SMS-SUBMIT, relative validity, to +49171234567, UCS-2 "Привет" */
  GByteArray *pdu = hex ("00" "11" "00" "0b919471214365f7" "00" "08" "aa" "0c" "041f04400438043204350442");
  /* SMS-DELIVER with a concatenation header (05 00 03 2a 02 01), GSM 7-bit
   * "Hi" after one fill bit: UDL 9 septets (7 of header and fill, 2 of text) */
  GByteArray *udh = hex ("00" "44" "0b919471214365f7" "00" "00" "32403121436500" "09" "0500032a02019069");
  WireRedactor *r = wire_redactor_new ((const guint8 *) "sms", 3);
  guint8 *t;
  g_assert_cmpuint (wire_redact_sms_pdu (r, pdu->data, pdu->len), ==, 2); /* recipient, text */
  t = pdu->data + 15;
  g_assert_cmpuint (pdu->data[14], ==, 12);
  for (guint k = 0; k < 6; k++) {
    g_assert_cmpuint (t[2 * k], ==, 0);  /* big-endian UCS-2, now ASCII letters */
    g_assert_true (t[2 * k + 1] >= 'a' && t[2 * k + 1] <= 'z');
  }
  g_assert_cmpuint (wire_redact_sms_pdu (r, udh->data, udh->len), ==, 2);
  g_assert_cmpmem (udh->data + 20, 6, "\x05\x00\x03\x2a\x02\x01", 6); /* the header stays */
  g_assert_cmpuint (septet (udh->data + 20, 7), >=, 'A');
  g_assert_cmpuint (septet (udh->data + 20, 7), <=, 'Z');
  g_assert_cmpuint (septet (udh->data + 20, 8), >=, 'a');
  g_assert_cmpuint (septet (udh->data + 20, 8), <=, 'z');
  /* an SMS that does not parse is replaced whole, same length */
  {
    GByteArray *junk = hex ("07914477581006500401");
    GByteArray *copy = hex ("07914477581006500401");
    g_assert_cmpuint (wire_redact_sms_pdu (r, junk->data, junk->len), ==, 1);
    g_assert_cmpuint (junk->len, ==, copy->len);
    g_assert_true (memcmp (junk->data, copy->data, junk->len) != 0);
    g_byte_array_unref (junk);
    g_byte_array_unref (copy);
  }
  g_byte_array_unref (pdu);
  g_byte_array_unref (udh);
  wire_redactor_free (r);
}

/* ---------- USB serials, consistency, --keep ---------- */

static void test_usb_serial (void)
{
  guint8 d[2 + 2 * 12] = { sizeof d, 3 };
  const char *serial = "0123456789AB";
  WireRedactor *r = wire_redactor_new ((const guint8 *) "usb", 3);
  gboolean differs = FALSE;
  for (guint k = 0; k < 12; k++)
    d[2 + 2 * k] = (guint8) serial[k];
  g_assert_cmpuint (wire_redact_usb_serial (r, d, sizeof d), ==, 1);
  for (guint k = 0; k < 12; k++) {
    g_assert_true (g_ascii_isxdigit (d[2 + 2 * k]) && !g_ascii_islower (d[2 + 2 * k]));
    g_assert_cmpuint (d[3 + 2 * k], ==, 0);
    differs = differs || d[2 + 2 * k] != (guint8) serial[k];
  }
  g_assert_true (differs);
  g_assert_cmpuint (wire_redactor_count (r, WIRE_REDACT_USB_SERIAL), ==, 1);
  wire_redactor_free (r);
}

/* The same IMSI in DMS (ASCII) and in a BCD field gives the same digits. */
static void test_same_value_same_pseudonym (void)
{
  WireRegistry *reg = load ();
  const WireService *dms = wire_registry_service_by_name (reg, "dms");
  const WireMessage *imsi = wire_service_find_message (dms, WIRE_QMI_RESPONSE, 0x0043, 0);
  WireRedactor *r = wire_redactor_new ((const guint8 *) "same", 4), *other = wire_redactor_new ((const guint8 *) "other", 5);
  JsonNode *v = json_from_string ("{\"result\":{\"status\":0,\"error\":0},\"imsi\":\"262011234567890\"}", NULL);
  GByteArray *a = wire_encode_tlvs (imsi, v, NULL), *b = wire_encode_tlvs (imsi, v, NULL), *c = wire_encode_tlvs (imsi, v, NULL);
  g_assert_nonnull (a);
  wire_redact_tlvs (r, imsi, a->data, a->len);
  wire_redact_tlvs (r, imsi, b->data, b->len);
  wire_redact_tlvs (other, imsi, c->data, c->len);
  g_assert_cmpmem (a->data, a->len, b->data, b->len);
  g_assert_true (memcmp (a->data, c->data, a->len) != 0); /* another key, another pseudonym */
  g_assert_false (contains (a->data, a->len, (const guint8 *) "262011234567890", strlen ("262011234567890")));
  g_assert_cmpuint (wire_redactor_count (r, WIRE_PERSONAL_IMSI), ==, 2);
  json_node_unref (v);
  g_byte_array_unref (a);
  g_byte_array_unref (b);
  g_byte_array_unref (c);
  wire_redactor_free (r);
  wire_redactor_free (other);
  wire_registry_free (reg);
}

static void test_keep (void)
{
  WireRegistry *reg = load ();
  const WireService *dms = wire_registry_service_by_name (reg, "dms");
  const WireMessage *ids = wire_service_find_message (dms, WIRE_QMI_RESPONSE, 0x0025, 0);
  WireRedactor *r = wire_redactor_new ((const guint8 *) "keep", 4);
  JsonNode *v = json_from_string ("{\"result\":{\"status\":0,\"error\":0},\"esn\":\"80997874\",\"imei\":\"359225050039973\"}", NULL);
  GByteArray *a = wire_encode_tlvs (ids, v, NULL);
  g_assert_cmpint (wire_redact_kind_from_name ("IMEI"), ==, WIRE_PERSONAL_IMEI);
  g_assert_cmpint (wire_redact_kind_from_name ("usb-serial"), ==, WIRE_REDACT_USB_SERIAL);
  g_assert_cmpint (wire_redact_kind_from_name ("none"), ==, -1);
  wire_redactor_keep (r, WIRE_PERSONAL_IMEI);
  g_assert_cmpuint (wire_redact_tlvs (r, ids, a->data, a->len), ==, 1); /* the ESN only */
  g_assert_true (contains (a->data, a->len, (const guint8 *) "359225050039973", strlen ("359225050039973")));
  g_assert_false (contains (a->data, a->len, (const guint8 *) "80997874", strlen ("80997874")));
  {
    gchar *s = wire_redactor_summary (r);
    g_assert_cmpstr (s, ==, "other 1");
    g_free (s);
  }
  json_node_unref (v);
  g_byte_array_unref (a);
  wire_redactor_free (r);
  wire_registry_free (reg);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/redact/every-message", test_every_message);
  g_test_add_func ("/redact/sms-deliver-gsm7", test_sms_deliver_gsm7);
  g_test_add_func ("/redact/sms-submit-ucs2-udh", test_sms_submit_ucs2_and_udh);
  g_test_add_func ("/redact/usb-serial", test_usb_serial);
  g_test_add_func ("/redact/same-value-same-pseudonym", test_same_value_same_pseudonym);
  g_test_add_func ("/redact/keep", test_keep);
  return g_test_run ();
}
