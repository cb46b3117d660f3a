/* The TLV walker, byte by byte: every type kind and option, every
 * malformation, and hostile counts. A recording visitor turns a walk into
 * one line per event so each test compares against an exact expectation. */
#include <string.h>
#include "wire-schema.h"
#include "wire-walk.h"

static const char common_json[] =
  "{ \"common\": true, \"enums\": { \"result_status\": { \"success\": 0, \"failure\": 1 } } }";

typedef struct { GString *log; } Rec;

static void rec_tlv (gpointer d, const WireQmiTlv *t, const WireTlvDef *def)
{
  g_string_append_printf (((Rec *) d)->log, "tlv %02x%s;", t->type, def ? "" : "?");
}

static void rec_group (gpointer d, const WireValue *v)
{
  g_string_append_printf (((Rec *) d)->log, "%s{", v->field->name);
  if (v->field->kind == WIRE_TYPE_ARRAY)
    g_string_append_printf (((Rec *) d)->log, "%" G_GUINT64_FORMAT ":", v->v.u);
}

static void rec_group_end (gpointer d, const WireValue *v)
{
  g_string_append_printf (((Rec *) d)->log, "}%" G_GSIZE_FORMAT ";", v->length);
}

static void rec_leaf (gpointer d, const WireValue *v)
{
  GString *l = ((Rec *) d)->log;
  const WireField *f = v->field;
  g_string_append_printf (l, "%s=", f->name);
  switch (f->kind) {
  case WIRE_TYPE_UINT: case WIRE_TYPE_BOOL: g_string_append_printf (l, "%" G_GUINT64_FORMAT, v->v.u); break;
  case WIRE_TYPE_INT: g_string_append_printf (l, "%" G_GINT64_FORMAT, v->v.i); break;
  case WIRE_TYPE_FLOAT: g_string_append_printf (l, "%g", v->v.f); break;
  case WIRE_TYPE_STRING: g_string_append_printf (l, "\"%s\"", v->str); break;
  case WIRE_TYPE_BYTES:
    for (gsize i = 0; i < v->str_len; i++)
      g_string_append_printf (l, "%02x", (guint8) v->str[i]);
    break;
  default: break;
  }
  g_string_append_printf (l, "@%" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT ";", v->offset, v->length);
}

static void rec_problem (gpointer d, WireWalkProblem p, gsize off, gsize len, const char *detail)
{
  (void) detail;
  g_string_append_printf (((Rec *) d)->log, "!%s@%" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT ";", wire_walk_problem_name (p),
                          off, len);
}

static const WireWalkVisitor recorder = { rec_tlv, NULL, rec_group, rec_group_end, rec_leaf, rec_problem };

/* Loads a one-message service whose request is the given TLV list. */
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

static void expect_walk (const char *tlvs, const char *extra, const guint8 *bytes, gsize n, const char *expect)
{
  WireRegistry *reg = registry_for (tlvs, extra);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  Rec r = { g_string_new (NULL) };
  wire_walk_message (m, bytes, n, &recorder, &r);
  g_assert_cmpstr (r.log->str, ==, expect);
  g_string_free (r.log, TRUE);
  wire_registry_free (reg);
}

#define WALK(tlvs, extra, expect, ...) do { \
    static const guint8 b_[] = { __VA_ARGS__ }; \
    expect_walk (tlvs, extra, b_, sizeof b_, expect); } while (0)

static void test_integers (void)
{
  WALK ("{ \"id\": 1, \"name\": \"s\", \"fields\": ["
        " { \"name\": \"a\", \"type\": \"u8\" }, { \"name\": \"b\", \"type\": \"u16\" },"
        " { \"name\": \"c\", \"type\": \"u32\" }, { \"name\": \"d\", \"type\": \"u64\" },"
        " { \"name\": \"e\", \"type\": \"i8\" }, { \"name\": \"f\", \"type\": \"i16\" },"
        " { \"name\": \"g\", \"type\": \"i32\" }, { \"name\": \"h\", \"type\": \"i64\" },"
        " { \"name\": \"i\", \"type\": \"uint\", \"size\": 3 }, { \"name\": \"j\", \"type\": \"int\", \"size\": 3 },"
        " { \"name\": \"k\", \"type\": \"u16\", \"endian\": \"big\" }, { \"name\": \"l\", \"type\": \"bool\" } ] }", NULL,
        "tlv 01;s{a=1@3+1;b=513@4+2;c=67305985@6+4;d=72057594037927937@10+8;e=-1@18+1;f=-2@19+2;g=-3@21+4;"
        "h=-4@25+8;i=197121@33+3;j=-1@36+3;k=258@39+2;l=1@41+1;}39;",
        0x01, 0x27, 0x00,
        0x01, 0x01, 0x02, 0x01, 0x02, 0x03, 0x04, 0x01, 0, 0, 0, 0, 0, 0, 0x01,
        0xff, 0xfe, 0xff, 0xfd, 0xff, 0xff, 0xff, 0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0x01, 0x02, 0x03, 0xff, 0xff, 0xff, 0x01, 0x02, 0x07);
}

static void test_floats (void)
{
  WALK ("{ \"id\": 1, \"name\": \"s\", \"fields\": [ { \"name\": \"a\", \"type\": \"f32\" }, { \"name\": \"b\", \"type\": \"f64\" } ] }",
        NULL, "tlv 01;s{a=1.5@3+4;b=-2.25@7+8;}12;",
        0x01, 0x0c, 0x00, 0x00, 0x00, 0xc0, 0x3f, 0, 0, 0, 0, 0, 0, 0x02, 0xc0);
}

static void test_enums_and_flags (void)
{
  const char *extra = "\"enums\": { \"mode\": { \"online\": 0, \"off\": 3, \"unknown\": -1 } },"
                      "\"flags\": { \"caps\": { \"gprs\": 1, \"edge\": 2, \"lte\": 8 } },";
  const char *tlvs = "{ \"id\": 1, \"name\": \"mode\", \"type\": \"u8\", \"enum\": \"mode\" },"
                     "{ \"id\": 2, \"name\": \"caps\", \"type\": \"u16\", \"flags\": \"caps\" }";
  WireRegistry *reg = registry_for (tlvs, extra);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  GString *s = g_string_new (NULL);
  g_assert_true (wire_value_describe (m->tlvs[0].field, 3, s));
  g_assert_cmpstr (s->str, ==, "off");
  g_string_truncate (s, 0);
  g_assert_true (wire_value_describe (m->tlvs[0].field, 0xff, s)); /* -1 at u8 width */
  g_assert_cmpstr (s->str, ==, "unknown");
  g_string_truncate (s, 0);
  g_assert_true (wire_value_describe (m->tlvs[1].field, 0x0b, s));
  g_assert_cmpstr (s->str, ==, "gprs | edge | lte");
  g_string_free (s, TRUE);
  wire_registry_free (reg);
  WALK (tlvs, extra,
        "tlv 01;mode=3@3+1;!TLV appears twice@4+4;"
        "tlv 01;!value has no name@7+1;mode=7@7+1;"
        "tlv 02;caps=9@11+2;",
        0x01, 0x01, 0x00, 0x03, 0x01, 0x01, 0x00, 0x07, 0x02, 0x02, 0x00, 0x09, 0x00);
}

static void test_strings (void)
{
  WALK ("{ \"id\": 1, \"name\": \"whole\", \"type\": \"string\" },"
        "{ \"id\": 2, \"name\": \"s\", \"fields\": [ { \"name\": \"p8\", \"type\": \"string\" },"
        "  { \"name\": \"p16\", \"type\": \"string\", \"prefix\": \"u16\", \"encoding\": \"utf8\" },"
        "  { \"name\": \"fix\", \"type\": \"string\", \"size\": 4 },"
        "  { \"name\": \"ucs\", \"type\": \"string\", \"encoding\": \"ucs2\", \"prefix\": \"u8\" },"
        "  { \"name\": \"bcd\", \"type\": \"string\", \"encoding\": \"bcd\", \"size\": 3 } ] }", NULL,
        "tlv 01;whole=\"abc\"@3+3;tlv 02;s{p8=\"hi\"@9+3;p16=\"\xc3\xa9\"@12+4;fix=\"ab\"@16+4;ucs=\"A\xe2\x82\xac\"@20+5;bcd=\"21436\"@25+3;}19;",
        0x01, 0x03, 0x00, 'a', 'b', 'c',
        0x02, 0x13, 0x00, 0x02, 'h', 'i', 0x02, 0x00, 0xc3, 0xa9, 'a', 'b', 0, 0,
        0x02 /* UCS-2 units */, 0x41, 0x00, 0xac, 0x20, 0x12, 0x34, 0xf6);
}

/* Real modems pad fixed-size strings with 0xFF (MNC "24" in 3 bytes). */
static void test_fixed_padding (void)
{
  WALK ("{ \"id\": 1, \"name\": \"mnc\", \"type\": \"string\", \"size\": 3 }", NULL,
        "tlv 01;mnc=\"24\"@3+3;", 0x01, 0x03, 0x00, '2', '4', 0xff);
}

static void test_bad_strings (void)
{
  /* invalid UTF-8 and a lone UCS-2 surrogate become U+FFFD, and are reported */
  WALK ("{ \"id\": 1, \"name\": \"u\", \"type\": \"string\", \"encoding\": \"utf8\" },"
        "{ \"id\": 2, \"name\": \"w\", \"type\": \"string\", \"encoding\": \"ucs2\" },"
        "{ \"id\": 3, \"name\": \"d\", \"type\": \"string\", \"encoding\": \"bcd\" }", NULL,
        "tlv 01;!invalid characters in a string@3+3;u=\"a\xef\xbf\xbd" "b\"@3+3;"
        "tlv 02;!invalid characters in a string@9+2;w=\"\xef\xbf\xbd\"@9+2;"
        "tlv 03;!invalid characters in a string@14+1;d=\"?1\"@14+1;",
        0x01, 0x03, 0x00, 'a', 0xff, 'b', 0x02, 0x02, 0x00, 0x00, 0xd8, 0x03, 0x01, 0x00, 0x1a);
}

static void test_bytes_and_arrays (void)
{
  WALK ("{ \"id\": 1, \"name\": \"raw\", \"type\": \"bytes\" },"
        "{ \"id\": 2, \"name\": \"a8\", \"type\": \"array\", \"of\": \"u8\" },"
        "{ \"id\": 3, \"name\": \"a16\", \"type\": \"array\", \"count\": \"u16\", \"of\": \"u16\" },"
        "{ \"id\": 4, \"name\": \"a32\", \"type\": \"array\", \"count\": \"u32\", \"of\": \"u8\" },"
        "{ \"id\": 5, \"name\": \"fixed\", \"type\": \"array\", \"count\": 2, \"of\": \"u8\" },"
        "{ \"id\": 6, \"name\": \"rest\", \"type\": \"array\", \"count\": \"rest\", \"of\": { \"fields\": ["
        "  { \"name\": \"x\", \"type\": \"u8\" }, { \"name\": \"y\", \"type\": \"u8\" } ] } }", NULL,
        "tlv 01;raw=beef@3+2;tlv 02;a8{2:item=7@9+1;item=8@10+1;}3;tlv 03;a16{1:item=513@16+2;}4;"
        "tlv 04;a32{1:item=9@25+1;}5;tlv 05;fixed{2:item=1@29+1;item=2@30+1;}2;"
        "tlv 06;rest{0:item{x=1@34+1;y=2@35+1;}2;item{x=3@36+1;y=4@37+1;}2;}4;",
        0x01, 0x02, 0x00, 0xbe, 0xef,
        0x02, 0x03, 0x00, 0x02, 0x07, 0x08,
        0x03, 0x04, 0x00, 0x01, 0x00, 0x01, 0x02,
        0x04, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x09,
        0x05, 0x02, 0x00, 0x01, 0x02,
        0x06, 0x04, 0x00, 0x01, 0x02, 0x03, 0x04);
}

static void test_malformations (void)
{
  const char *tlvs = "{ \"id\": 1, \"name\": \"a\", \"type\": \"u16\" },"
                     "{ \"id\": 2, \"name\": \"s\", \"type\": \"string\", \"prefix\": \"u8\", \"max\": 2 }";
  /* truncated field, trailing bytes, unknown TLV, duplicate, bad prefix, over max, overrun, short tail */
  WALK (tlvs, NULL,
        "tlv 01;!field cut short by the end of its TLV@3+1;"
        "!TLV appears twice@4+6;tlv 01;a=1@7+2;!bytes left in the TLV after its last field@9+1;"
        "tlv 09?;!TLV not in the schema@10+3;"
        "tlv 02;!length or count prefix larger than the data or the maximum@16+3;s=\"ab\"@16+3;"
        "!TLV appears twice@19+4;tlv 02;!length or count prefix larger than the data or the maximum@22+1;s=\"\"@22+1;"
        "!TLV appears twice@23+7;!TLV length runs past the message@23+7;"
        "tlv 02;!length or count prefix larger than the data or the maximum@26+4;s=\"abc\"@26+4;",
        0x01, 0x01, 0x00, 0x05,
        0x01, 0x03, 0x00, 0x01, 0x00, 0x09,
        0x09, 0x00, 0x00,
        0x02, 0x03, 0x00, 0x05, 'a', 'b',
        0x02, 0x01, 0x00, 0x09,
        0x02, 0x09, 0x00, 0x03, 'a', 'b', 'c');
  WALK (tlvs, NULL, "tlv 01;a=1@3+2;!stray bytes after the last TLV@5+2;", 0x01, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00);
}

/* 65535 elements of 65535 elements of 65535 elements: the count is clipped to
 * what the bytes hold and the walk ends with problems, not a hang. */
static void test_hostile_counts (void)
{
  const char *tlvs = "{ \"id\": 1, \"name\": \"a\", \"type\": \"array\", \"count\": \"u16\", \"of\": {"
                     " \"type\": \"array\", \"count\": \"u16\", \"of\": {"
                     " \"type\": \"array\", \"count\": \"u16\", \"of\": { \"fields\": [] } } } }";
  WireRegistry *reg = registry_for (tlvs, NULL);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  guint8 *buf = g_malloc (3 + 60000);
  guint problems;
  buf[0] = 1;
  buf[1] = 60000 & 0xff;
  buf[2] = 60000 >> 8;
  memset (buf + 3, 0xff, 60000);
  problems = wire_walk_message (m, buf, 3 + 60000, NULL, NULL);
  g_assert_cmpuint (problems, >, 0);
  g_free (buf);
  wire_registry_free (reg);
}

/* The item budget: 25,000 elements of a u8 array stop at WIRE_WALK_MAX_ITEMS
 * with one WIRE_WALK_LIMIT problem (the hostile capture's UIM frame that once
 * showed this now carries bytes, so this is where the budget is proven). */
static void count_leaf (gpointer d, const WireValue *v G_GNUC_UNUSED) { ((guint *) d)[0]++; }
static void count_problem (gpointer d, WireWalkProblem p, gsize o G_GNUC_UNUSED, gsize l G_GNUC_UNUSED,
                           const char *t G_GNUC_UNUSED)
{
  if (p == WIRE_WALK_LIMIT)
    ((guint *) d)[1]++;
}

static void test_item_budget (void)
{
  static const WireWalkVisitor v = { .leaf = count_leaf, .problem = count_problem };
  WireRegistry *reg = registry_for ("{ \"id\": 16, \"name\": \"a\", \"type\": \"array\", \"count\": \"u16\", \"of\": \"u8\" }", NULL);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  guint n = 25000, counts[2] = { 0, 0 };
  guint8 *b = g_malloc0 (5 + n);
  b[0] = 0x10, b[1] = (guint8) ((n + 2) & 0xff), b[2] = (guint8) ((n + 2) >> 8);
  b[3] = (guint8) (n & 0xff), b[4] = (guint8) (n >> 8);
  wire_walk_message (m, b, 5 + n, &v, counts);
  /* the array itself is one item, so one element fewer than the budget */
  g_assert_cmpuint (counts[0], ==, WIRE_WALK_MAX_ITEMS - 1);
  g_assert_cmpuint (counts[1], ==, 1);
  g_free (b);
  wire_registry_free (reg);
}

static void test_no_schema (void)
{
  static const guint8 b[] = { 0x10, 0x01, 0x00, 0xaa, 0x11, 0x00, 0x00 };
  Rec r = { g_string_new (NULL) };
  g_assert_cmpuint (wire_walk_message (NULL, b, sizeof b, &recorder, &r), ==, 0);
  g_assert_cmpstr (r.log->str, ==, "tlv 10?;tlv 11?;");
  g_string_free (r.log, TRUE);
}

static void rec_problem_words (gpointer d, WireWalkProblem p, gsize off, gsize len, const char *detail)
{
  g_string_append_printf (((Rec *) d)->log, "!%d@%" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT " %s;", p, off, len, detail);
}

/* A caller's scratch (the dissector keeps one for the process) gives the
 * same values and problem words as a walk with its own, message after
 * message, and is only freed by wire_walk_scratch_clear. */
static void test_caller_scratch (void)
{
  static const WireWalkVisitor words = { rec_tlv, NULL, rec_group, rec_group_end, rec_leaf, rec_problem_words };
  WireRegistry *reg = registry_for ("{ \"id\": 1, \"name\": \"a\", \"type\": \"u16\" },"
                                    "{ \"id\": 2, \"name\": \"s\", \"type\": \"string\", \"prefix\": \"u8\", \"max\": 2 },"
                                    "{ \"id\": 3, \"name\": \"u\", \"type\": \"string\", \"encoding\": \"utf8\" }", NULL);
  const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  static const guint8 first[] = { 0x02, 0x03, 0x00, 0x05, 'a', 'b', 0x03, 0x03, 0x00, 'x', 0xff, 'y', 0x01, 0x01, 0x00, 0x05 };
  static const guint8 second[] = { 0x03, 0x02, 0x00, 'o', 'k', 0x09, 0x00, 0x00 };
  const char *expect[] = {
    "tlv 02;!5@3+3 s says 5 bytes, 2 bytes left;s=\"ab\"@3+3;tlv 03;!7@9+3 u: invalid UTF-8;u=\"x\xef\xbf\xbdy\"@9+3;"
    "tlv 01;!2@15+1 a needs 2 bytes, 1 left;",
    "tlv 03;u=\"ok\"@3+2;tlv 09?;!4@5+3 TLV 0x09 is not in m;",
  };
  const guint8 *const msgs[] = { first, second };
  const gsize lens[] = { sizeof first, sizeof second };
  WireWalkScratch scratch = { NULL, NULL, NULL };

  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (msgs); i++) {
      Rec own = { g_string_new (NULL) }, kept = { g_string_new (NULL) };
      g_assert_cmpuint (wire_walk_message (m, msgs[i], lens[i], &words, &own), ==,
                        wire_walk_message_in (&scratch, m, msgs[i], lens[i], &words, &kept));
      g_assert_cmpstr (own.log->str, ==, expect[i]);
      g_assert_cmpstr (kept.log->str, ==, expect[i]);
      g_string_free (own.log, TRUE);
      g_string_free (kept.log, TRUE);
    }
  g_assert_nonnull (scratch.text);
  g_assert_nonnull (scratch.detail);
  wire_walk_scratch_clear (&scratch);
  g_assert_null (scratch.text);
  g_assert_null (scratch.why);
  g_assert_null (scratch.detail);
  wire_registry_free (reg);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/walk/integers", test_integers);
  g_test_add_func ("/walk/floats", test_floats);
  g_test_add_func ("/walk/enums-flags", test_enums_and_flags);
  g_test_add_func ("/walk/strings", test_strings);
  g_test_add_func ("/walk/bad-strings", test_bad_strings);
  g_test_add_func ("/walk/fixed-padding", test_fixed_padding);
  g_test_add_func ("/walk/bytes-arrays", test_bytes_and_arrays);
  g_test_add_func ("/walk/malformations", test_malformations);
  g_test_add_func ("/walk/hostile-counts", test_hostile_counts);
  g_test_add_func ("/walk/no-schema", test_no_schema);
  g_test_add_func ("/walk/item-budget", test_item_budget);
  g_test_add_func ("/walk/caller-scratch", test_caller_scratch);
  return g_test_run ();
}
