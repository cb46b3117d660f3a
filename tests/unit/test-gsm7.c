/* GSM 7-bit text (3GPP TS 23.038) and text whose encoding another field
 * chooses: the codec entry by entry, packing at every septet count, spare
 * bits, padding, truncation and invalid escapes; libqmi's UTF-8-else-GSM-7
 * rule; the CBS data coding scheme; the schema syntax (encoding_from,
 * encodings, spare_bits_from, length_unit) with its load errors; and the
 * walker applying it. Byte vectors marked "libqmi" are libqmi's test
 * vectors (src/libqmi-glib/test/test-utils.c and test-generated.c). */
#include <string.h>
#include "wire-schema.h"
#include "wire-gsm7.h"
#include "wire-sms-address.h"
#include "wire-walk.h"

/* ---------- the codec ---------- */

/* The default alphabet in septet order (23.038 clause 6.2.1), escape
 * (0x1B) left out. */
static const char default_alphabet_utf8[] =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ" /* 0x1B: escape */ "ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

static gchar *unpacked (const guint8 *p, gsize n, gboolean *ok, GString *why)
{
  GString *out = g_string_new (NULL);
  *ok = wire_gsm7_decode_unpacked (out, p, n, why);
  return g_string_free (out, FALSE);
}

static void test_every_default_entry (void)
{
  guint8 septets[127];
  gsize n = 0;
  gboolean ok;
  gchar *text;
  const char *expect = default_alphabet_utf8;

  for (guint s = 0; s < 128; s++)
    if (s != WIRE_GSM7_ESCAPE)
      septets[n++] = (guint8) s;
  text = unpacked (septets, n, &ok, NULL);
  g_assert_true (ok);
  g_assert_cmpstr (text, ==, expect);
  g_free (text);
  /* one at a time, through the table lookup too */
  for (guint s = 0; s < 128; s++) {
    gunichar c = wire_gsm7_char ((guint8) s);
    if (s == WIRE_GSM7_ESCAPE) {
      g_assert_cmpuint (c, ==, 0);
      continue;
    }
    g_assert_cmpuint (c, ==, g_utf8_get_char (expect));
    expect = g_utf8_next_char (expect);
  }
  g_assert_cmpstr (expect, ==, "");
}

static void test_every_extension_entry (void)
{
  static const struct { guint8 septet; const char *utf8; } ext[] = {
    { 0x0a, "\f" }, { 0x14, "^" }, { 0x28, "{" }, { 0x29, "}" }, { 0x2f, "\\" },
    { 0x3c, "[" }, { 0x3d, "~" }, { 0x3e, "]" }, { 0x40, "|" }, { 0x65, "€" },
  };
  guint found = 0;
  for (guint i = 0; i < G_N_ELEMENTS (ext); i++) {
    guint8 two[2] = { WIRE_GSM7_ESCAPE, ext[i].septet };
    gboolean ok;
    gchar *text = unpacked (two, 2, &ok, NULL);
    g_assert_true (ok);
    g_assert_cmpstr (text, ==, ext[i].utf8);
    g_free (text);
  }
  /* and nothing else is in the table */
  for (guint s = 0; s < 128; s++)
    found += wire_gsm7_ext_char ((guint8) s) != 0;
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (ext));
}

static gchar *packed (const guint8 *p, gsize n, gsize septets, gboolean pad_known, gboolean *ok, GString *why)
{
  GString *out = g_string_new (NULL);
  *ok = wire_gsm7_decode_packed (out, p, n, septets, pad_known, why);
  return g_string_free (out, FALSE);
}

/* libqmi's packed vectors: every default character, every extension one */
static void test_libqmi_packed_vectors (void)
{
  static const guint8 all_default[] = {
    0x80, 0x80, 0x60, 0x40, 0x28, 0x18, 0x0E, 0x88, 0x84, 0x62, 0xC1, 0x68, 0x38, 0x1E, 0x90, 0x88,
    0x64, 0x42, 0xA9, 0x58, 0x2E, 0x98, 0x8C, 0x86, 0xD3, 0xF1, 0x7C, 0x40, 0x21, 0xD1, 0x88, 0x54,
    0x32, 0x9D, 0x50, 0x29, 0xD5, 0x8A, 0xD5, 0x72, 0xBD, 0x60, 0x31, 0xD9, 0x8C, 0x56, 0xB3, 0xDD,
    0x70, 0x39, 0xDD, 0x8E, 0xD7, 0xF3, 0xFD, 0x80, 0x41, 0xE1, 0x90, 0x58, 0x34, 0x1E, 0x91, 0x49,
    0xE5, 0x92, 0xD9, 0x74, 0x3E, 0xA1, 0x51, 0xE9, 0x94, 0x5A, 0xB5, 0x5E, 0xB1, 0x59, 0xED, 0x96,
    0xDB, 0xF5, 0x7E, 0xC1, 0x61, 0xF1, 0x98, 0x5C, 0x36, 0x9F, 0xD1, 0x69, 0xF5, 0x9A, 0xDD, 0x76,
    0xBF, 0xE1, 0x71, 0xF9, 0x9C, 0x5E, 0xB7, 0xDF, 0xF1, 0x79, 0xFD, 0x9E, 0xDF, 0xF7, 0xFF, 0x01,
  };
  static const guint8 all_extension[] = {
    0x1B, 0xC5, 0x86, 0xB2, 0x41, 0x6D, 0x52, 0x9B, 0xD7, 0x86, 0xB7, 0xE9, 0x6D, 0x7C, 0x1B, 0xE0, 0xA6, 0x0C,
  };
  gboolean ok;
  gsize septets;
  gchar *text;

  g_assert_true (wire_gsm7_septets_in (sizeof all_default, 0, &septets));
  g_assert_cmpuint (septets, ==, 128);
  text = packed (all_default, sizeof all_default, septets, FALSE, &ok, NULL);
  g_assert_true (ok);
  g_assert_cmpstr (text, ==, default_alphabet_utf8);
  g_free (text);
  g_assert_true (wire_gsm7_septets_in (sizeof all_extension, 0, &septets));
  text = packed (all_extension, sizeof all_extension, septets, FALSE, &ok, NULL);
  g_assert_true (ok);
  g_assert_cmpstr (text, ==, "\f^{}\\[~]|€");
  g_free (text);
}

/* "hellohello" packed is a well-known 23.038 example: e8 32 9b fd 46 97 d9 ec 37 */
static void test_pack_1_to_8_septets (void)
{
  static const guint8 hellohello[] = { 0xe8, 0x32, 0x9b, 0xfd, 0x46, 0x97, 0xd9, 0xec, 0x37 };
  GByteArray *sep = g_byte_array_new (), *b = g_byte_array_new ();
  g_assert_true (wire_gsm7_from_utf8 ("hellohello", sep));
  wire_gsm7_pack (sep->data, sep->len, b);
  g_assert_cmpmem (b->data, b->len, hellohello, sizeof hellohello);
  g_byte_array_unref (sep);
  g_byte_array_unref (b);

  for (guint k = 1; k <= 8; k++) {
    gchar *want = g_strndup ("ABCDEFGH", k); /* k septets */
    GByteArray *s = g_byte_array_new (), *p = g_byte_array_new ();
    gsize septets;
    gboolean ok;
    gchar *text;
    g_assert_true (wire_gsm7_from_utf8 (want, s));
    g_assert_cmpuint (s->len, ==, k);
    wire_gsm7_pack (s->data, s->len, p);
    g_assert_cmpuint (p->len, ==, (7 * k + 7) / 8);
    /* with the count stated */
    text = packed (p->data, p->len, k, TRUE, &ok, NULL);
    g_assert_true (ok);
    g_assert_cmpstr (text, ==, want);
    g_free (text);
    /* with the spare bits stated: 8 * bytes - 7 * k */
    g_assert_true (wire_gsm7_septets_in (p->len, (guint) (8 * p->len - 7 * k), &septets));
    g_assert_cmpuint (septets, ==, k);
    /* with nothing stated: every whole septet, padding dropped (k = 7 leaves 7 zero bits) */
    g_assert_true (wire_gsm7_septets_in (p->len, 0, &septets));
    text = packed (p->data, p->len, septets, FALSE, &ok, NULL);
    g_assert_true (ok);
    g_assert_cmpstr (text, ==, want);
    g_free (text);
    g_free (want);
    g_byte_array_unref (s);
    g_byte_array_unref (p);
  }
}

static void test_spare_bits_and_padding (void)
{
  gsize septets;
  /* 5 bytes: 5 septets and 5 spare bits ("Iliad") */
  g_assert_true (wire_gsm7_septets_in (5, 5, &septets));
  g_assert_cmpuint (septets, ==, 5);
  /* 5 bytes with 4 spare bits would be 36 bits: no whole septets */
  g_assert_false (wire_gsm7_septets_in (5, 4, &septets));
  g_assert_cmpuint (septets, ==, 5);
  g_assert_true (wire_gsm7_septets_in (7, 7, &septets));
  g_assert_cmpuint (septets, ==, 7);
  g_assert_true (wire_gsm7_septets_in (7, 0, &septets));
  g_assert_cmpuint (septets, ==, 8);
  g_assert_false (wire_gsm7_septets_in (7, 8, &septets));
  {
    /* 7 septets then CR as the padding 23.038 6.1.2.3.1 asks for */
    guint8 s[8] = { 'A', 'B', 'C', 'D', 'E', 'F', 'G', 0x0d };
    GByteArray *p = g_byte_array_new ();
    gboolean ok;
    gchar *text;
    wire_gsm7_pack (s, 8, p);
    g_assert_cmpuint (p->len, ==, 7);
    text = packed (p->data, p->len, 8, FALSE, &ok, NULL);
    g_assert_cmpstr (text, ==, "ABCDEFG");
    g_free (text);
    /* a stated count keeps it */
    text = packed (p->data, p->len, 8, TRUE, &ok, NULL);
    g_assert_cmpstr (text, ==, "ABCDEFG\r");
    g_free (text);
    g_byte_array_unref (p);
  }
}

static void test_invalid_input (void)
{
  GString *why = g_string_new (NULL);
  gboolean ok;
  gchar *text;
  {
    guint8 s[] = { 'O', 'K', WIRE_GSM7_ESCAPE };
    text = unpacked (s, sizeof s, &ok, why);
    g_assert_false (ok);
    g_assert_cmpstr (text, ==, "OK\xef\xbf\xbd");
    g_assert_cmpstr (why->str, ==, "byte 2 is an escape (0x1b) with no character after it");
    g_free (text);
  }
  {
    guint8 s[] = { 'O', WIRE_GSM7_ESCAPE, 'A', 'K' };
    g_string_truncate (why, 0);
    text = unpacked (s, sizeof s, &ok, why);
    g_assert_false (ok);
    g_assert_cmpstr (text, ==, "OAK"); /* 23.038: shown as the default character */
    g_assert_cmpstr (why->str, ==, "byte 1: escape then 0x41, which the extension table lacks");
    g_free (text);
  }
  {
    guint8 s[] = { WIRE_GSM7_ESCAPE, WIRE_GSM7_ESCAPE, 'x' };
    g_string_truncate (why, 0);
    text = unpacked (s, sizeof s, &ok, why);
    g_assert_false (ok);
    g_assert_cmpstr (text, ==, "\xef\xbf\xbdx");
    g_assert_cmpstr (why->str, ==, "byte 0: escape then 0x1b, which the extension table lacks");
    g_free (text);
  }
  {
    guint8 s[] = { 'a', 0x80, 'b', 0xff };
    g_string_truncate (why, 0);
    text = unpacked (s, sizeof s, &ok, why);
    g_assert_false (ok);
    g_assert_cmpstr (text, ==, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
    g_assert_cmpstr (why->str, ==, "byte 1 is 0x80: not a 7-bit character");
    g_free (text);
  }
  {
    /* packed: an escape as the last septet */
    guint8 s[] = { 'H', 'i', WIRE_GSM7_ESCAPE };
    GByteArray *p = g_byte_array_new ();
    wire_gsm7_pack (s, 3, p);
    g_string_truncate (why, 0);
    text = packed (p->data, p->len, 3, TRUE, &ok, why);
    g_assert_false (ok);
    g_assert_cmpstr (text, ==, "Hi\xef\xbf\xbd");
    g_assert_cmpstr (why->str, ==, "septet 2 is an escape (0x1b) with no character after it");
    g_free (text);
    /* a count past the data is clipped to the septets the bytes hold */
    text = packed (p->data, p->len, 1000, TRUE, &ok, NULL);
    g_assert_cmpuint (g_utf8_strlen (text, -1), ==, 3);
    g_free (text);
    g_byte_array_unref (p);
  }
  g_string_free (why, TRUE);
}

static gchar *utf8_or_gsm7 (const guint8 *p, gsize n, gboolean *ok, GString *why)
{
  GString *out = g_string_new (NULL);
  *ok = wire_text_decode_utf8_or_gsm7 (out, p, n, why);
  return g_string_free (out, FALSE);
}

static void test_utf8_or_gsm7 (void)
{
  static const guint8 iliad[] = { 0x49, 0x76, 0x3a, 0x4c, 0x06 }; /* libqmi */
  static const guint8 utf8[] = { 'S', 'F', 'R', ' ', 0xc3, 0xa9, 0, 0 };
  /* not UTF-8 (a NUL inside); as GSM 7-bit an escape then 0x00, which the
   * extension table lacks; so UCS-2: U+001B 'K'. (UCS-2 that reads as
   * valid GSM 7-bit, as most does, is read as GSM 7-bit: libqmi's order.) */
  static const guint8 ucs2[] = { 0x1b, 0, 'K', 0 };
  static const guint8 none[] = { 0x1b };
  GString *why = g_string_new (NULL);
  gboolean ok;
  gchar *t;

  t = utf8_or_gsm7 (iliad, sizeof iliad, &ok, why);
  g_assert_true (ok);
  g_assert_cmpstr (t, ==, "Iliad");
  g_free (t);
  t = utf8_or_gsm7 (utf8, sizeof utf8, &ok, why);
  g_assert_true (ok);
  g_assert_cmpstr (t, ==, "SFR é");
  g_free (t);
  t = utf8_or_gsm7 (ucs2, sizeof ucs2, &ok, why);
  g_assert_true (ok);
  g_assert_cmpstr (t, ==, "\x1bK");
  g_free (t);
  t = utf8_or_gsm7 (none, sizeof none, &ok, why);
  g_assert_false (ok);
  g_assert_cmpstr (t, ==, "\x1b");
  g_assert_cmpstr (why->str, ==, "1 bytes that are neither UTF-8, GSM 7-bit nor UCS-2");
  g_free (t);
  g_string_free (why, TRUE);
}

static void test_cbs_dcs (void)
{
  static const struct { guint8 dcs; WireCbsAlphabet a; } cases[] = {
    { 0x0f, WIRE_CBS_GSM7 }, { 0x00, WIRE_CBS_GSM7 }, { 0x10, WIRE_CBS_GSM7 }, { 0x11, WIRE_CBS_UNKNOWN },
    { 0x12, WIRE_CBS_UNKNOWN }, { 0x20, WIRE_CBS_GSM7 }, { 0x3f, WIRE_CBS_GSM7 }, { 0x40, WIRE_CBS_GSM7 },
    { 0x44, WIRE_CBS_8BIT }, { 0x48, WIRE_CBS_UCS2 }, { 0x4c, WIRE_CBS_UNKNOWN }, { 0x60, WIRE_CBS_UNKNOWN },
    { 0x80, WIRE_CBS_UNKNOWN }, { 0x91, WIRE_CBS_UNKNOWN }, { 0xe0, WIRE_CBS_UNKNOWN }, { 0xf0, WIRE_CBS_GSM7 },
    { 0xf4, WIRE_CBS_8BIT },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (wire_cbs_dcs_alphabet (cases[i].dcs), ==, cases[i].a);
}

/* ---------- the SMSC address before a TPDU ---------- */

static void expect_address (const guint8 *p, gsize n, gboolean ok, gsize length, guint type, const char *number,
                            const char *why)
{
  WireSmsAddress a;
  GString *w = g_string_new (NULL);
  g_assert_cmpint (wire_sms_address_read (p, n, &a, w), ==, ok);
  g_assert_cmpuint (a.length, ==, length);
  g_assert_cmpuint (a.type, ==, type);
  g_assert_cmpstr (a.number, ==, number);
  g_assert_cmpstr (w->str, ==, why);
  g_free (a.number);
  g_string_free (w, TRUE);
}

static void test_sms_address (void)
{
  static const guint8 intl[] = { 0x07, 0x91, 0x72, 0x83, 0x01, 0x00, 0x10, 0xf5, 0x04 }; /* then the TPDU */
  static const guint8 national_even[] = { 0x03, 0xa1, 0x21, 0x43 };
  static const guint8 none[] = { 0x00, 0x04 };
  static const guint8 past[] = { 0x09, 0x91, 0x72 };
  static const guint8 bad_digit[] = { 0x02, 0x81, 0x1c };
  static const guint8 alnum[] = { 0x05, 0xd0, 0x46, 0x79, 0xb9, 0x0c }; /* "Free" in GSM 7-bit packed */
  expect_address (intl, sizeof intl, TRUE, 8, 1, "+27381000015", "");
  expect_address (national_even, sizeof national_even, TRUE, 4, 2, "1234", "");
  expect_address (none, sizeof none, TRUE, 1, 0, "", "");
  expect_address (past, sizeof past, FALSE, 3, 1, "+27", "SMSC address says 9 bytes, 2 left");
  expect_address (bad_digit, sizeof bad_digit, FALSE, 3, 0, "?1", "SMSC address digit 0xc is not 0-9");
  expect_address (alnum, sizeof alnum, TRUE, 6, 5, "Free", "");
  expect_address (NULL, 0, FALSE, 0, 0, "", "no SMSC address length");
  g_assert_cmpstr (wire_sms_address_type_name (1), ==, "international");
  g_assert_null (wire_sms_address_type_name (8));
}

/* ---------- the schema syntax and the walker ---------- */

static const char common_json[] = "{ \"common\": true }";

/* A one-message service whose request TLV 0x01 is the struct fields. */
static WireRegistry *load_fields (const char *fields, GError **e)
{
  WireRegistry *reg = wire_registry_new ();
  gchar *json = g_strdup_printf (
    "{ \"service\": \"t\",\n"
    "  \"enums\": { \"scheme\": { \"gsm\": 0, \"ucs2le\": 1 } },\n"
    "  \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    "    { \"id\": \"0x01\", \"name\": \"name\", \"fields\": [\n%s\n] } ] } ] }", fields);
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  wire_registry_load_data (reg, "t.json", json, -1, e);
  wire_registry_finish (reg);
  g_free (json);
  return reg;
}

static const char plmn_fields[] =
  "{ \"name\": \"encoding\", \"type\": \"u8\", \"enum\": \"scheme\" },\n"
  "{ \"name\": \"spare\", \"type\": \"u8\" },\n"
  "{ \"name\": \"text\", \"type\": \"string\", \"prefix\": \"u8\", \"encoding_from\": \"encoding\",\n"
  "  \"encodings\": { \"gsm\": \"gsm7-packed\", \"1\": \"ucs2\", \"2\": \"hex\" }, \"spare_bits_from\": \"spare\" }";

typedef struct { GString *log; } Rec;

static void rec_leaf (gpointer d, const WireValue *v)
{
  if (v->field->kind == WIRE_TYPE_STRING)
    g_string_append_printf (((Rec *) d)->log, "%s=%s\"%s\";", v->field->name, v->not_text ? "hex:" : "", v->str);
}

static void rec_problem (gpointer d, WireWalkProblem p, gsize off G_GNUC_UNUSED, gsize len G_GNUC_UNUSED,
                         const char *detail)
{
  g_string_append_printf (((Rec *) d)->log, "!%s: %s;", wire_walk_problem_name (p), detail);
}

static void expect_walk (WireRegistry *reg, const guint8 *value, gsize n, const char *expect)
{
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  static const WireWalkVisitor v = { NULL, NULL, NULL, NULL, rec_leaf, rec_problem };
  Rec r = { g_string_new (NULL) };
  guint8 *tlv = g_malloc (n + 3);
  tlv[0] = 0x01, tlv[1] = (guint8) n, tlv[2] = (guint8) (n >> 8);
  memcpy (tlv + 3, value, n);
  wire_walk_message (m, tlv, n + 3, &v, &r);
  g_assert_cmpstr (r.log->str, ==, expect);
  g_string_free (r.log, TRUE);
  g_free (tlv);
}

static void test_selector (void)
{
  GError *e = NULL;
  WireRegistry *reg = load_fields (plmn_fields, &e);
  g_assert_no_error (e);
  {
    guint8 v[] = { 0, 5, 5, 0x49, 0x76, 0x3a, 0x4c, 0x06 }; /* gsm, 5 spare bits: "Iliad" */
    expect_walk (reg, v, sizeof v, "text=\"Iliad\";");
  }
  {
    guint8 v[] = { 0, 4, 5, 0x49, 0x76, 0x3a, 0x4c, 0x06 }; /* 4 spare bits do not fit 5 bytes */
    expect_walk (reg, v, sizeof v,
                 "!invalid characters in a string: text: 5 bytes with 4 spare bits are no whole number of septets;"
                 "text=\"Iliad\";");
  }
  {
    guint8 v[] = { 0, 9, 5, 0x49, 0x76, 0x3a, 0x4c, 0x06 };
    expect_walk (reg, v, sizeof v,
                 "!invalid characters in a string: text: 9 spare bits in a byte of 8 septet bits;text=\"Iliad\";");
  }
  {
    guint8 v[] = { 1, 0, 4, 'O', 0, 0xac, 0x20 }; /* UCS-2 LE, length in bytes */
    expect_walk (reg, v, sizeof v, "text=\"O€\";");
  }
  {
    guint8 v[] = { 2, 0, 2, 0xde, 0xad };
    /* 2 names no scheme in the enum, but the schema maps it to data */
    expect_walk (reg, v, sizeof v, "!value has no name: encoding: 2 is not a known t.scheme;text=hex:\"dead\";");
  }
  {
    guint8 v[] = { 7, 0, 3, 'a', 'b', 'c' };
    expect_walk (reg, v, sizeof v, "!value has no name: encoding: 7 is not a known t.scheme;"
                 "!invalid characters in a string: text: encoding 7 unknown (encoding), shown as hex;"
                 "text=hex:\"616263\";");
  }
  {
    guint8 v[] = { 0, 0, 9, 0x49 }; /* a prefix past the TLV: read no further than the TLV */
    expect_walk (reg, v, sizeof v,
                 "!length or count prefix larger than the data or the maximum: text says 9 bytes, 1 bytes left;"
                 "text=\"I\";");
  }
  wire_registry_free (reg);
}

static void test_septet_length_and_cbs_dcs (void)
{
  GError *e = NULL;
  WireRegistry *reg = load_fields (
    "{ \"name\": \"dcs\", \"type\": \"u8\" },\n"
    "{ \"name\": \"ussd\", \"type\": \"string\", \"prefix\": \"u8\", \"encoding_from\": \"dcs\", \"encodings\": \"cbs-dcs\" },\n"
    "{ \"name\": \"septets\", \"type\": \"string\", \"prefix\": \"u8\", \"encoding\": \"gsm7-packed\", \"length_unit\": \"septets\" }",
    &e);
  g_assert_no_error (e);
  {
    /* DCS 0x0f: GSM 7-bit packed "hellohello"; then 7 septets "ABCDEFG" */
    guint8 v[] = { 0x0f, 9, 0xe8, 0x32, 0x9b, 0xfd, 0x46, 0x97, 0xd9, 0xec, 0x37,
                   7, 0x41, 0xe1, 0x90, 0x58, 0x34, 0x1e, 0x01 };
    expect_walk (reg, v, sizeof v, "ussd=\"hellohello\";septets=\"ABCDEFG\";");
  }
  {
    guint8 v[] = { 0x48, 4, 0x00, 'O', 0x20, 0xac, 0 }; /* UCS-2 big-endian */
    expect_walk (reg, v, sizeof v, "ussd=\"O€\";septets=\"\";");
  }
  {
    guint8 v[] = { 0x91, 1, 0x05, 0 };
    expect_walk (reg, v, sizeof v,
                 "!invalid characters in a string: ussd: data coding scheme 0x91 is no alphabet decoded here, shown as hex;"
                 "ussd=hex:\"05\";septets=\"\";");
  }
  wire_registry_free (reg);
}

static void expect_load_error (const char *fields, const char *error)
{
  GError *e = NULL;
  WireRegistry *reg = load_fields (fields, &e);
  g_assert_nonnull (e);
  if (!strstr (e->message, error))
    g_error ("expected \"%s\" in: %s", error, e->message);
  g_error_free (e);
  wire_registry_free (reg);
}

static void test_load_errors (void)
{
  /* the selector must come first */
  expect_load_error ("{ \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"encoding\", \"encodings\": { \"0\": \"gsm7\" } },\n"
                     "{ \"name\": \"encoding\", \"type\": \"u8\" }",
                     "t.json:5: \"encoding_from\": no field \"encoding\" before this one in the same struct");
  expect_load_error ("{ \"name\": \"encoding\", \"type\": \"string\", \"size\": 1 },\n"
                     "{ \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"encoding\", \"encodings\": { \"0\": \"gsm7\" } }",
                     "t.json:6: \"encoding_from\": \"encoding\" is not an integer field");
  expect_load_error ("{ \"name\": \"encoding\", \"type\": \"u8\", \"enum\": \"scheme\" },\n"
                     "{ \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"encoding\", \"encodings\": { \"latin1\": \"gsm7\" } }",
                     "t.json:6: \"encodings\": \"latin1\" is neither a number nor a value of t.scheme");
  expect_load_error ("{ \"name\": \"encoding\", \"type\": \"u8\" },\n"
                     "{ \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"encoding\", \"encodings\": { \"0\": \"ebcdic\" } }",
                     "t.json:6: \"encodings\": \"0\" must name an encoding");
  expect_load_error ("{ \"name\": \"encoding\", \"type\": \"u8\" },\n"
                     "{ \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"encoding\" }",
                     "t.json:6: \"encoding_from\" and \"encodings\" go together");
  expect_load_error ("{ \"name\": \"spare\", \"type\": \"u8\" },\n"
                     "{ \"name\": \"text\", \"type\": \"string\", \"encoding\": \"ucs2\", \"spare_bits_from\": \"spare\" }",
                     "t.json:6: \"spare_bits_from\" applies to \"gsm7-packed\" text");
  expect_load_error ("{ \"name\": \"n\", \"type\": \"bytes\", \"encoding_from\": \"x\", \"encodings\": {} }",
                     "t.json:5: \"encoding_from\", \"encodings\" and \"spare_bits_from\" apply to strings");
  expect_load_error ("{ \"name\": \"t\", \"type\": \"string\", \"encoding\": \"gsm7\", \"length_unit\": \"nibbles\" }",
                     "t.json:5: \"length_unit\" must be \"septets\" or \"bytes\"");
  expect_load_error ("{ \"name\": \"t\", \"type\": \"string\", \"encoding\": \"hex\" }", "t.json:5: bad \"encoding\" \"hex\"");
}

static void test_tlv_level_choice_refused (void)
{
  WireRegistry *reg = wire_registry_new ();
  GError *e = NULL;
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  g_assert_false (wire_registry_load_data (reg, "t.json",
    "{ \"service\": \"t\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    "  { \"id\": 1, \"name\": \"text\", \"type\": \"string\", \"encoding_from\": \"x\", \"encodings\": {} } ] } ] }",
    -1, &e));
  g_assert_nonnull (strstr (e->message, "t.json:2: \"text\" takes its encoding or spare bits from another field, "
                                        "so it must be a struct member"));
  g_error_free (e);
  wire_registry_free (reg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gsm7/every-default-entry", test_every_default_entry);
  g_test_add_func ("/gsm7/every-extension-entry", test_every_extension_entry);
  g_test_add_func ("/gsm7/libqmi-packed-vectors", test_libqmi_packed_vectors);
  g_test_add_func ("/gsm7/pack-1-to-8-septets", test_pack_1_to_8_septets);
  g_test_add_func ("/gsm7/spare-bits-and-padding", test_spare_bits_and_padding);
  g_test_add_func ("/gsm7/invalid-input", test_invalid_input);
  g_test_add_func ("/gsm7/utf8-or-gsm7", test_utf8_or_gsm7);
  g_test_add_func ("/gsm7/cbs-dcs", test_cbs_dcs);
  g_test_add_func ("/gsm7/sms-address", test_sms_address);
  g_test_add_func ("/gsm7/selector", test_selector);
  g_test_add_func ("/gsm7/septet-length-and-cbs-dcs", test_septet_length_and_cbs_dcs);
  g_test_add_func ("/gsm7/load-errors", test_load_errors);
  g_test_add_func ("/gsm7/tlv-level-choice-refused", test_tlv_level_choice_refused);
  return g_test_run ();
}
