/* The one rendering (wire/wire-render.c): each kind, through the walker,
 * against the exact text a person reads; the JSON writer's escapes; the enum
 * rule the plugin's value_strings are built from. */
#include <string.h>
#include "wire-schema.h"
#include "wire-render.h"
#include "wire-json-writer.h"

static const char common_json[] =
  "{ \"common\": true, \"enums\": { \"result_status\": { \"success\": 0, \"failure\": 1 } } }";

typedef struct { GString *log; WireRenderStyle style; } Rec;

static void rec_leaf (gpointer d, const WireValue *v)
{
  Rec *r = d;
  g_string_append_printf (r->log, "%s=", v->field->name);
  wire_render_value (v, r->style, r->log);
  g_string_append (r->log, ";");
}

static void rec_problem (gpointer d, WireWalkProblem p, gsize off G_GNUC_UNUSED, gsize len G_GNUC_UNUSED,
                         const char *detail G_GNUC_UNUSED)
{
  g_string_append_printf (((Rec *) d)->log, "!%s;", wire_walk_problem_name (p));
}

static WireRegistry *registry_for (const char *tlvs, const char *extra)
{
  WireRegistry *reg = wire_registry_new ();
  gchar *json = g_strdup_printf ("{ \"service\": \"t\", %s \"messages\": [ { \"name\": \"m\", \"id\": 1, "
                                 "\"request\": [ %s ] } ] }", extra ? extra : "", tlvs);
  GError *e = NULL;
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  if (!wire_registry_load_data (reg, "t.json", json, -1, &e))
    g_error ("%s", e->message);
  wire_registry_finish (reg);
  g_free (json);
  return reg;
}

static void expect_style (const char *tlvs, const char *extra, const guint8 *bytes, gsize n, WireRenderStyle style,
                          const char *expect)
{
  static const WireWalkVisitor v = { .leaf = rec_leaf, .problem = rec_problem };
  WireRegistry *reg = registry_for (tlvs, extra);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  Rec r = { g_string_new (NULL), style };
  wire_walk_message (m, bytes, n, &v, &r);
  g_assert_cmpstr (r.log->str, ==, expect);
  g_string_free (r.log, TRUE);
  wire_registry_free (reg);
}

static void expect (const char *tlvs, const char *extra, const guint8 *bytes, gsize n, const char *want)
{
  expect_style (tlvs, extra, bytes, n, WIRE_RENDER_LINE, want);
}

/* Defect 3: NAS Get Signal Strength's RSSI list is a magnitude (-rssi dBm),
 * ECIO units of -0.5 dB, LTE SNR tenths of dB: the value read is the scaled one. */
static void test_scaled (void)
{
  static const guint8 b[] = { 0x10, 0x01, 0x00, 101, 0x11, 0x01, 0x00, 17, 0x12, 0x02, 0x00, 0x6e, 0x00,
                              0x13, 0x02, 0x00, 0x00, 0x00, 0x14, 0x04, 0x00, 0x30, 0x9e, 0x02, 0x00 };
  expect ("{ \"id\": 16, \"name\": \"rssi\", \"type\": \"u8\", \"unit\": \"dBm\", \"scale\": -1 },"
          "{ \"id\": 17, \"name\": \"ecio\", \"type\": \"u8\", \"unit\": \"dB\", \"scale\": -0.5 },"
          "{ \"id\": 18, \"name\": \"snr\", \"type\": \"i16\", \"unit\": \"dB\", \"scale\": 0.1 },"
          "{ \"id\": 19, \"name\": \"zero\", \"type\": \"i16\", \"unit\": \"dB\", \"scale\": -0.5 },"
          "{ \"id\": 20, \"name\": \"lat\", \"type\": \"i32\", \"unit\": \"°\", \"scale\": 6.944444444444444e-05 }",
          NULL, b, sizeof b,
          "rssi=-101 dBm (raw 101);ecio=-8.5 dB (raw 17);snr=11.0 dB (raw 110);zero=0.0 dB (raw 0);"
          "lat=11.914444 ° (raw 171568);");
}

static void test_numbers_enums_flags (void)
{
  static const guint8 b[] = { 0x10, 0x01, 0x00, 0x08, 0x11, 0x01, 0x00, 0x09, 0x12, 0x02, 0x00, 0x03, 0x00,
                              0x13, 0x01, 0x00, 0xab, 0x14, 0x01, 0x00, 0xfb, 0x15, 0x01, 0x00, 0x01,
                              0x16, 0x04, 0x00, 0x00, 0x00, 0xc0, 0x3f };
  expect ("{ \"id\": 16, \"name\": \"rat\", \"type\": \"u8\", \"enum\": { \"lte\": 8 } },"
          "{ \"id\": 17, \"name\": \"other\", \"type\": \"u8\", \"enum\": { \"lte\": 8 } },"
          "{ \"id\": 18, \"name\": \"caps\", \"type\": \"u16\", \"flags\": { \"gprs\": 1, \"edge\": 2 } },"
          "{ \"id\": 19, \"name\": \"h\", \"type\": \"u8\", \"display\": \"hex\" },"
          "{ \"id\": 20, \"name\": \"dbm\", \"type\": \"i8\", \"unit\": \"dBm\" },"
          "{ \"id\": 21, \"name\": \"on\", \"type\": \"bool\" },"
          "{ \"id\": 22, \"name\": \"f\", \"type\": \"f32\", \"unit\": \"m\" }",
          NULL, b, sizeof b,
          "rat=8 (lte);!value has no name;other=9;caps=0x0003 (gprs | edge);h=0xab;dbm=-5 dBm;on=yes;f=1.5 m;");
}

/* Defect 9: control characters escaped as Wireshark escapes them. */
static void test_text_escapes (void)
{
  static const guint8 b[] = { 0x10, 0x0a, 0x00, '$', 'G', 'P', '\r', '\n', 'A', '\t', 0x1f, '\\', 0x7f };
  expect ("{ \"id\": 16, \"name\": \"nmea\", \"type\": \"string\" }", NULL, b, sizeof b,
          "nmea='$GP\\r\\nA\\t\\x1f\\\\\\x7f';");
  expect_style ("{ \"id\": 16, \"name\": \"nmea\", \"type\": \"string\" }", NULL, b, sizeof b, WIRE_RENDER_FULL,
                "nmea=$GP\\r\\nA\\t\\x1f\\\\\\x7f;");
}

/* Defect 4: opaque data as qmicli prints it; long data cut with its length. */
static void test_hex (void)
{
  guint8 b[3 + 100] = { 0x10, 100, 0x00 };
  static const guint8 fcp[] = { 0x10, 0x05, 0x00, 0x04, 0x62, 0x1c, 0x82, 0x02, 0x11, 0x02, 0x00, 0x90, 0x00 };
  GString *want = g_string_new ("d=");
  expect ("{ \"id\": 16, \"name\": \"raw\", \"type\": \"bytes\", \"prefix\": \"u8\" },"
          "{ \"id\": 17, \"name\": \"sw\", \"fields\": [ { \"name\": \"sw1\", \"type\": \"u8\", \"display\": \"hex\" },"
          "  { \"name\": \"sw2\", \"type\": \"u8\", \"display\": \"hex\" } ] }",
          NULL, fcp, sizeof fcp, "raw=62:1C:82:02;sw1=0x90;sw2=0x00;");
  for (guint i = 0; i < 100; i++)
    b[3 + i] = (guint8) i;
  for (guint i = 0; i < 64; i++)
    g_string_append_printf (want, "%s%02X", i ? ":" : "", i);
  g_string_append (want, "... (100 bytes in all);");
  expect ("{ \"id\": 16, \"name\": \"d\", \"type\": \"bytes\" }", NULL, b, sizeof b, want->str);
  g_string_free (want, TRUE);
  expect ("{ \"id\": 16, \"name\": \"d\", \"type\": \"bytes\" }", NULL, (const guint8[]) { 0x10, 0, 0 }, 3, "d=(empty);");
}

/* QMI sends an IPv4 address as a little-endian u32 whose most significant
 * byte is the first of the dotted quad (qmicli reads it so): 01 00 00 0a. */
static void test_addresses (void)
{
  static const guint8 b[] = {
    0x10, 0x04, 0x00, 0x01, 0x00, 0x00, 0x0a,
    0x11, 0x10, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
    0x12, 0x10, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x01,
    0x13, 0x06, 0x00, 0x00, 0xa0, 0xc6, 0x12, 0x34, 0x56,
    0x14, 0x07, 0x00, 0x06, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
  };
  expect ("{ \"id\": 16, \"name\": \"v4\", \"type\": \"ipv4\" },"
          "{ \"id\": 17, \"name\": \"v6\", \"type\": \"ipv6\" },"
          "{ \"id\": 18, \"name\": \"v6b\", \"type\": \"ipv6\" },"
          "{ \"id\": 19, \"name\": \"mac\", \"type\": \"mac\" },"
          "{ \"id\": 20, \"name\": \"pmac\", \"type\": \"mac\", \"prefix\": \"u8\" }",
          NULL, b, sizeof b,
          "v4=10.0.0.1;v6=2001:db8::1;v6b=2001:db8:0:1::1;mac=00:A0:C6:12:34:56;pmac=02:00:00:00:00:01;");
}

/* Times on their epochs: QMI's 1.25 ms count and ms since the GPS epoch
 * (libqmi's DMS Get Time test frame: the two agree), LOC's UTC ms. */
static void test_times (void)
{
  static const guint8 b[] = {
    0x10, 0x06, 0x00, 0x41, 0x0c, 0x90, 0x01, 0xce, 0x00,              /* 884789480513 */
    0x11, 0x08, 0x00, 0x51, 0x0f, 0xf4, 0x81, 0x01, 0x01, 0x00, 0x00, /* 1105986850641 */
    0x12, 0x08, 0x00, 0x00, 0x92, 0x7e, 0xd9, 0x8c, 0x01, 0x00, 0x00, /* 1704456000000 */
    0x13, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
  };
  expect ("{ \"id\": 16, \"name\": \"count\", \"type\": \"uint\", \"size\": 6, \"time\": \"gps_1.25ms\" },"
          "{ \"id\": 17, \"name\": \"sys\", \"type\": \"u64\", \"time\": \"gps_ms\" },"
          "{ \"id\": 18, \"name\": \"utc\", \"type\": \"u64\", \"time\": \"unix_ms\" },"
          "{ \"id\": 19, \"name\": \"huge\", \"type\": \"u64\", \"time\": \"unix_ms\" }",
          NULL, b, sizeof b,
          "count=2015-01-22 18:34:10.641 GPS time (count 884789480513);"
          "sys=2015-01-22 18:34:10.641 GPS time (count 1105986850641);"
          "utc=2024-01-05 12:00:00.000 UTC (count 1704456000000);"
          "huge=18446744073709551615 (out of range for a date);");
}

/* MCC/MNC: three digits for an MNC when its struct's PCS digit flag says so. */
static void test_mcc_mnc (void)
{
  static const guint8 b[] = { 0x10, 0x05, 0x00, 0x36, 0x01, 0x01, 0x00, 0x01,
                              0x11, 0x05, 0x00, 0xd6, 0x00, 0x07, 0x00, 0x00,
                              0x12, 0x04, 0x00, 0xd0, 0x00, 0x01, 0x00 };
  const char *plmn = "\"fields\": [ { \"name\": \"mcc\", \"type\": \"mcc\" }, { \"name\": \"mnc\", \"type\": \"mnc\" },"
                     " { \"name\": \"includes_pcs_digit\", \"type\": \"pcs_digit\" } ]";
  gchar *tlvs = g_strdup_printf ("{ \"id\": 16, \"name\": \"a\", %s }, { \"id\": 17, \"name\": \"b\", %s },"
                                 "{ \"id\": 18, \"name\": \"c\", \"fields\": [ { \"name\": \"mcc\", \"type\": \"mcc\" },"
                                 " { \"name\": \"mnc\", \"type\": \"mnc\" } ] }", plmn, plmn);
  expect (tlvs, NULL, b, sizeof b,
          "mcc=310;mnc=001;includes_pcs_digit=yes;mcc=214;mnc=07;includes_pcs_digit=no;mcc=208;mnc=01;");
  g_free (tlvs);
}

/* Issue #12: the PCS digit flag in another TLV ("pcs_digit_from"), before or
 * after the MNC's TLV, a bool TLV or a member of a struct TLV: MNC 5 with the
 * flag set is "005"; without the flag TLV the rule of the value (2 digits
 * below 100). */
static void test_pcs_digit_from (void)
{
  const char *tlvs =
    "{ \"id\": 16, \"name\": \"reg\", \"fields\": [ { \"name\": \"mcc\", \"type\": \"mcc\" },"
    " { \"name\": \"mnc\", \"type\": \"mnc\", \"pcs_digit_from\": \"pcs\" } ] },"
    "{ \"id\": 17, \"name\": \"home\", \"fields\": [ { \"name\": \"mcc\", \"type\": \"mcc\" },"
    " { \"name\": \"mnc\", \"type\": \"mnc\", \"pcs_digit_from\": \"home_mnc.includes_pcs_digit\" } ] },"
    "{ \"id\": 18, \"name\": \"pcs\", \"type\": \"bool\" },"
    "{ \"id\": 19, \"name\": \"home_mnc\", \"fields\": [ { \"name\": \"is_3gpp\", \"type\": \"bool\" },"
    " { \"name\": \"includes_pcs_digit\", \"type\": \"pcs_digit\" } ] }";
  /* flag TLVs after the MNCs: 0x12 = 1 (reg: 005), 0x13 = { 1, 0 } (home: 15) */
  static const guint8 after[] = { 0x10, 0x04, 0x00, 0x36, 0x01, 0x05, 0x00, 0x11, 0x04, 0x00, 0xea, 0x00, 0x0f, 0x00,
                                  0x12, 0x01, 0x00, 0x01, 0x13, 0x02, 0x00, 0x01, 0x00 };
  /* flag TLVs first: 0x12 = 0 (reg: 05), 0x13 = { 1, 1 } (home: 015) */
  static const guint8 before[] = { 0x12, 0x01, 0x00, 0x00, 0x13, 0x02, 0x00, 0x01, 0x01, 0x10, 0x04, 0x00, 0x36, 0x01,
                                   0x05, 0x00, 0x11, 0x04, 0x00, 0xea, 0x00, 0x0f, 0x00 };
  /* no flag TLVs: 5 has two digits, 410 three */
  static const guint8 none[] = { 0x10, 0x04, 0x00, 0x36, 0x01, 0x05, 0x00, 0x11, 0x04, 0x00, 0x36, 0x01, 0x9a, 0x01 };
  /* a flag TLV too short to hold the flag: not read (its own walk reports it) */
  static const guint8 cut[] = { 0x11, 0x04, 0x00, 0xea, 0x00, 0x0f, 0x00, 0x13, 0x01, 0x00, 0x01 };
  expect (tlvs, NULL, after, sizeof after, "mcc=310;mnc=005;mcc=234;mnc=15;pcs=yes;is_3gpp=yes;includes_pcs_digit=no;");
  expect (tlvs, NULL, before, sizeof before, "pcs=no;is_3gpp=yes;includes_pcs_digit=yes;mcc=310;mnc=05;mcc=234;mnc=015;");
  expect (tlvs, NULL, none, sizeof none, "mcc=310;mnc=05;mcc=310;mnc=410;");
  expect (tlvs, NULL, cut, sizeof cut, "mcc=234;mnc=15;is_3gpp=yes;!field cut short by the end of its TLV;");
}

static void expect_load_error (const char *tlvs, const char *error)
{
  WireRegistry *reg = wire_registry_new ();
  gchar *json = g_strdup_printf ("{ \"service\": \"t\", \"messages\": [ { \"name\": \"m\", \"id\": 1,\n"
                                 "\"request\": [\n%s ] } ] }", tlvs);
  GError *e = NULL;
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  g_assert_false (wire_registry_load_data (reg, "t.json", json, -1, &e));
  g_assert_nonnull (e);
  if (!strstr (e->message, error))
    g_error ("expected \"%s\" in: %s", error, e->message);
  g_error_free (e);
  g_free (json);
  wire_registry_free (reg);
}

/* Bad references are load errors with the MNC's file:line. */
static void test_pcs_digit_from_errors (void)
{
  const char *mnc = "{ \"id\": 16, \"name\": \"reg\", \"fields\": [ { \"name\": \"mcc\", \"type\": \"mcc\" },\n"
                    " { \"name\": \"mnc\", \"type\": \"mnc\", \"pcs_digit_from\": ";
  gchar *t;
#define LOAD_ERROR(ref, more, error)                                                                       \
  t = g_strdup_printf ("%s%s } ] }%s", mnc, ref, more), expect_load_error (t, error), g_free (t)
  LOAD_ERROR ("\"nothing\"", "", "t.json:4: \"pcs_digit_from\": m request has no TLV \"nothing\"");
  LOAD_ERROR ("\"reg\"", "", "t.json:4: \"pcs_digit_from\": \"reg\" is the MNC's own TLV");
  LOAD_ERROR ("\"n\"", ",\n{ \"id\": 18, \"name\": \"n\", \"type\": \"u8\" }",
              "t.json:4: \"pcs_digit_from\": \"n\" is not a bool");
  LOAD_ERROR ("\"s.flag\"", ",\n{ \"id\": 18, \"name\": \"s\", \"fields\": [ { \"name\": \"x\", \"type\": \"u8\" } ] }",
              "t.json:4: \"pcs_digit_from\": TLV \"s\" has no member \"flag\"");
  LOAD_ERROR ("\"s.flag\"", ",\n{ \"id\": 18, \"name\": \"s\", \"fields\": [ { \"name\": \"x\", \"type\": \"string\" },"
              " { \"name\": \"flag\", \"type\": \"bool\" } ] }",
              "t.json:4: \"pcs_digit_from\": \"flag\" does not sit at a fixed offset in \"s\"");
  LOAD_ERROR ("\"s.a.b\"", ",\n{ \"id\": 18, \"name\": \"s\", \"type\": \"bool\" }",
              "t.json:4: \"pcs_digit_from\": \"s.a.b\" names more than a TLV and one member");
#undef LOAD_ERROR
  expect_load_error ("{ \"id\": 16, \"name\": \"n\",\n \"type\": \"u16\", \"pcs_digit_from\": \"p\" },"
                     "{ \"id\": 18, \"name\": \"p\", \"type\": \"bool\" }",
                     "t.json:3: \"pcs_digit_from\" applies to \"mnc\" fields only");
}

/* 3GPP TS 24.008 10.5.1.13 PLMN identities: 32 F4 51 is 234-15 (F: a
 * two-digit MNC), 13 00 14 is 310-410, FF FF FF no PLMN, and a non-BCD
 * nibble is shown as hex with a problem. */
static void test_plmn (void)
{
  static const guint8 b[] = { 0x10, 0x03, 0x00, 0x32, 0xf4, 0x51, 0x11, 0x03, 0x00, 0x13, 0x00, 0x14,
                              0x12, 0x03, 0x00, 0x02, 0xf8, 0x10, 0x13, 0x03, 0x00, 0xff, 0xff, 0xff,
                              0x14, 0x03, 0x00, 0x32, 0xfa, 0x51 };
  expect ("{ \"id\": 16, \"name\": \"a\", \"type\": \"plmn\" }, { \"id\": 17, \"name\": \"b\", \"type\": \"plmn\" },"
          "{ \"id\": 18, \"name\": \"c\", \"type\": \"plmn\" }, { \"id\": 19, \"name\": \"d\", \"type\": \"plmn\" },"
          "{ \"id\": 20, \"name\": \"e\", \"type\": \"plmn\" }",
          NULL, b, sizeof b,
          "a=234-15;b=310-410;c=208-01;d=none (FF:FF:FF);!invalid characters in a string;e=32:FA:51;");
}

/* #17 item 7: which raw value an enum entry names at a field's width; the
 * plugin's value_strings hold exactly these. */
static void test_enum_keys (void)
{
  WireRegistry *reg = registry_for ("{ \"id\": 16, \"name\": \"s8\", \"type\": \"i8\", \"enum\": \"e\" },"
                                    "{ \"id\": 17, \"name\": \"u8\", \"type\": \"u8\", \"enum\": \"e\" },"
                                    "{ \"id\": 18, \"name\": \"s32\", \"type\": \"i32\", \"enum\": \"e\" }",
                                    "\"enums\": { \"e\": { \"minus_one\": -1, \"one\": 1, \"wide\": 256, \"big\": 4294967297,"
                                    " \"u8_top\": 255 } },");
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  guint64 keys[8];
  const char *names[8];
  GString *got = g_string_new (NULL);
  for (guint t = 0; t < m->n_tlvs; t++) {
    guint n = wire_render_enum_keys (m->tlvs[t].field, keys, names);
    g_string_append_printf (got, "%s:", m->tlvs[t].field->name);
    for (guint i = 0; i < n; i++)
      g_string_append_printf (got, " %s=%" G_GINT64_FORMAT, names[i], (gint64) keys[i]);
    g_string_append (got, ";");
  }
  /* a 4294967297 on an i32 names nothing (the plugin used to cut it to 1) */
  g_assert_cmpstr (got->str, ==, "s8: one=1 minus_one=-1;u8: one=1 u8_top=255 minus_one=255;"
                                 "s32: one=1 u8_top=255 wide=256 minus_one=-1;");
  g_string_free (got, TRUE);
  wire_registry_free (reg);
  /* and the walker names just those */
  expect ("{ \"id\": 16, \"name\": \"u8\", \"type\": \"u8\", \"enum\": \"e\" },"
          "{ \"id\": 17, \"name\": \"s32\", \"type\": \"i32\", \"enum\": \"e\" }",
          "\"enums\": { \"e\": { \"one\": 1, \"wide\": 256, \"big\": 4294967297 } },",
          (const guint8[]) { 0x10, 1, 0, 0x00, 0x11, 4, 0, 1, 0, 0, 0 }, 11,
          "!value has no name;u8=0;s32=1 (one);");
}

/* #17 item 5: every control character escaped in JSON (json-glib 1.6 left 0x1f raw). */
static void test_json_escapes (void)
{
  GString *out = g_string_new (NULL);
  WireJsonWriter w;
  wire_json_writer_init (&w, out);
  wire_json_begin_object (&w);
  member_string (&w, "s", "a\x01\x1f\x7f\"\\\n\t\xc3\xa9");
  wire_json_key (&w, "list");
  wire_json_begin_array (&w);
  wire_json_int (&w, -3);
  wire_json_double (&w, 2);
  wire_json_bool (&w, TRUE);
  wire_json_null (&w);
  wire_json_end (&w);
  wire_json_end (&w);
  g_assert_cmpstr (out->str, ==, "{\"s\":\"a\\u0001\\u001f\\u007f\\\"\\\\\\n\\t\xc3\xa9\",\"list\":[-3,2.0,true,null]}");
  g_string_free (out, TRUE);
}

static void test_unknown_message_words (void)
{
  gchar *a = wire_render_unknown_message ("DMS", WIRE_QMI_RESPONSE, 0x5556, TRUE);
  gchar *b = wire_render_unknown_message ("77", WIRE_QMI_INDICATION, 0x0001, FALSE);
  g_assert_cmpstr (a, ==, "DMS response 0x5556 is not in the schemas: its TLVs are not decoded");
  g_assert_cmpstr (b, ==, "no schema for service 77: indication 0x0001 not decoded");
  g_free (a);
  g_free (b);
}

/* Values that are no reading of their field ("special"): qmicli's 'n/a'
 * for a 5G SNR of -32768 (not -3276.8 dB), 'unavailable' for a timing
 * advance of 0xFFFFFFFF; the name, then the number as the field shows its
 * numbers, never the unit. Every other value reads as before, and a
 * special value is never Wireshark's own label (the plugin labels it). */
static void test_special (void)
{
  static const guint8 b[] = { 0x10, 0x02, 0x00, 0x00, 0x80, 0x11, 0x02, 0x00, 0x6e, 0x00,
                              0x12, 0x04, 0x00, 0xff, 0xff, 0xff, 0xff, 0x13, 0x04, 0x00, 0x07, 0x00, 0x00, 0x00,
                              0x14, 0x01, 0x00, 0xff };
  const char *tlvs =
    "{ \"id\": 16, \"name\": \"snr\", \"type\": \"i16\", \"unit\": \"dB\", \"scale\": 0.1, \"special\": { \"n/a\": -32768 } },"
    "{ \"id\": 17, \"name\": \"snr2\", \"type\": \"i16\", \"unit\": \"dB\", \"scale\": 0.1, \"special\": { \"n/a\": -32768 } },"
    "{ \"id\": 18, \"name\": \"ta\", \"type\": \"u32\", \"unit\": \"bit periods\", \"special\": { \"unavailable\": \"0xFFFFFFFF\" } },"
    "{ \"id\": 19, \"name\": \"ta2\", \"type\": \"u32\", \"unit\": \"bit periods\", \"special\": { \"unavailable\": \"0xFFFFFFFF\" } },"
    "{ \"id\": 20, \"name\": \"ncc\", \"type\": \"u8\", \"display\": \"hex\", \"special\": { \"unavailable\": -1 } }";
  expect (tlvs, NULL, b, sizeof b,
          "snr=n/a (raw -32768);snr2=11.0 dB (raw 110);ta=unavailable (4294967295);ta2=7 bit periods;"
          "ncc=unavailable (0xff);");
  {
    /* the plugin takes wire/'s text for the special value, Wireshark's for the others */
    WireRegistry *reg = registry_for (tlvs, NULL);
    const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
    const WireField *ta = m->tlvs[2].field;
    WireValue v = { .field = ta };
    g_assert_cmpstr (ta->name, ==, "ta");
    v.v.u = 0xffffffff;
    g_assert_false (wire_render_is_native (&v));
    v.v.u = 7;
    g_assert_true (wire_render_is_native (&v));
    wire_registry_free (reg);
  }
  expect_load_error ("{ \"id\": 16, \"name\": \"a\",\n \"type\": \"u8\", \"enum\": { \"x\": 1 }, \"special\": { \"n/a\": 255 } }",
                     "t.json:3: \"special\" applies to plain integers only");
  expect_load_error ("{ \"id\": 16, \"name\": \"a\",\n \"type\": \"string\", \"special\": { \"n/a\": 0 } }",
                     "t.json:3: \"special\" applies to plain integers only");
  expect_load_error ("{ \"id\": 16, \"name\": \"a\",\n \"type\": \"u8\", \"special\": { \"n/a\": 256 } }",
                     "t.json:3: value n/a = 256 does not fit in 1 byte(s)");
  /* a signed field's special is written as the signed number it reads as */
  expect_load_error ("{ \"id\": 16, \"name\": \"a\",\n \"type\": \"i16\", \"special\": { \"n/a\": \"0x8000\" } }",
                     "t.json:3: value n/a = 32768 does not fit in 2 byte(s)");
  expect_load_error ("{ \"id\": 16, \"name\": \"a\",\n \"type\": \"u8\", \"special\": \"unavailable\" }",
                     "t.json:3: \"special\" must be an object of name: value");
}

static void test_schema_errors (void)
{
  WireRegistry *reg = wire_registry_new ();
  GError *e = NULL;
  g_assert_false (wire_registry_load_data (reg, "t.json",
                  "{ \"service\": \"t\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
                  "  { \"id\": 16, \"name\": \"a\", \"type\": \"ipv4\", \"size\": 2 } ] } ] }", -1, &e));
  g_assert_cmpstr (e->message, ==, "t.json:2: \"ipv4\" has a fixed size; \"size\" does not apply\n");
  g_clear_error (&e);
  g_assert_false (wire_registry_load_data (reg, "u.json",
                  "{ \"service\": \"u\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
                  "  { \"id\": 16, \"name\": \"a\", \"type\": \"u32\", \"time\": \"tai\" } ] } ] }", -1, &e));
  g_assert_cmpstr (e->message, ==, "u.json:2: \"time\": \"tai\" is not one of unix_s, unix_ms, gps_s, gps_ms, gps_1.25ms\n");
  g_clear_error (&e);
  wire_registry_free (reg);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/scaled", test_scaled);
  g_test_add_func ("/render/numbers-enums-flags", test_numbers_enums_flags);
  g_test_add_func ("/render/text-escapes", test_text_escapes);
  g_test_add_func ("/render/hex", test_hex);
  g_test_add_func ("/render/addresses", test_addresses);
  g_test_add_func ("/render/times", test_times);
  g_test_add_func ("/render/mcc-mnc", test_mcc_mnc);
  g_test_add_func ("/render/pcs-digit-from", test_pcs_digit_from);
  g_test_add_func ("/render/pcs-digit-from-errors", test_pcs_digit_from_errors);
  g_test_add_func ("/render/plmn", test_plmn);
  g_test_add_func ("/render/enum-keys", test_enum_keys);
  g_test_add_func ("/render/json-escapes", test_json_escapes);
  g_test_add_func ("/render/unknown-message", test_unknown_message_words);
  g_test_add_func ("/render/schema-errors", test_schema_errors);
  g_test_add_func ("/render/special", test_special);
  return g_test_run ();
}
