/* Regression tests for what the differential test against libqmi found
 * (tests/libqmi, issue 12 defect 7): each frame is walked against the
 * project's own schemas and its values, names and problems are compared with
 * the exact expectation, the value libqmi shows for the same bytes. The
 * length_of schema key and enum values wider than their field are checked on
 * small inline schemas too. */
#include <string.h>
#include "wire-schema.h"
#include "wire-walk.h"

typedef struct { GString *log; } Rec;

static void rec_leaf (gpointer d, const WireValue *v)
{
  GString *l = ((Rec *) d)->log;
  GString *names = g_string_new (NULL);
  g_string_append_printf (l, "%s=", v->field->name);
  switch (v->field->kind) {
  case WIRE_TYPE_UINT:
    g_string_append_printf (l, "%" G_GUINT64_FORMAT, v->v.u);
    if (wire_value_describe (v->field, v->v.u, names))
      g_string_append_printf (l, "(%s)", names->str);
    break;
  case WIRE_TYPE_STRING:
    g_string_append_printf (l, "\"%s\"", v->str);
    break;
  case WIRE_TYPE_BYTES:
    for (gsize i = 0; i < v->str_len; i++)
      g_string_append_printf (l, "%02x", (guint8) v->str[i]);
    break;
  default:
    g_string_append (l, "?");
    break;
  }
  g_string_append (l, ";");
  g_string_free (names, TRUE);
}

static void rec_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off G_GNUC_UNUSED,
                         gsize len G_GNUC_UNUSED, const char *detail)
{
  g_string_append_printf (((Rec *) d)->log, "!%s;", detail);
}

static const WireWalkVisitor recorder = { NULL, NULL, NULL, NULL, rec_leaf, rec_problem };

static WireRegistry *project_schemas (void)
{
  WireRegistry *reg = wire_registry_new ();
  const char *dirs[] = { TEST_SCHEMA_DIR, NULL };
  wire_registry_load_dirs (reg, dirs);
  wire_registry_finish (reg);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);
  return reg;
}

static const WireMessage *message (const WireRegistry *reg, const char *service, const char *name, WireQmiKind kind)
{
  const WireService *svc = wire_registry_service_by_name (reg, service);
  g_assert_nonnull (svc);
  for (guint i = 0; i < svc->messages->len; i++) {
    const WireMessage *m = g_ptr_array_index (svc->messages, i);
    if (m->kind == kind && g_str_equal (m->name, name))
      return m;
  }
  g_error ("no %s.%s", service, name);
  return NULL;
}

static void expect (const WireMessage *m, const guint8 *tlvs, gsize n, const char *want)
{
  Rec r = { g_string_new (NULL) };
  wire_walk_message (m, tlvs, n, &recorder, &r);
  g_assert_cmpstr (r.log->str, ==, want);
  g_string_free (r.log, TRUE);
}

#define EXPECT(msg, want, ...) do { \
    static const guint8 b_[] = { __VA_ARGS__ }; \
    expect (msg, b_, sizeof b_, want); } while (0)

/* libqmi's only QmiWmsMessageType value prints as "point" (qmicli too). */
static void test_wms_routes_message_type (void)
{
  WireRegistry *reg = project_schemas ();
  EXPECT (message (reg, "wms", "get_routes", WIRE_QMI_RESPONSE),
          "message_type=0(point);message_class=1(1);storage=1(nv);receipt_action=2(transfer-only);",
          0x01, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 0x01, 0x02);
  EXPECT (message (reg, "wms", "set_routes", WIRE_QMI_REQUEST),
          "message_type=0(point);message_class=1(1);storage=1(nv);receipt_action=2(transfer-only);",
          0x01, 0x06, 0x00, 0x01, 0x00, 0x00, 0x01, 0x01, 0x02);
  wire_registry_free (reg);
}

/* 0x21c = bits 2, 3, 4, 9: libqmi 1.32 prints "mms, dun, supl, emergency"
 * (and "default, hipri" for 0x21). */
static void test_dsd_apn_type_flags (void)
{
  WireRegistry *reg = project_schemas ();
  EXPECT (message (reg, "dsd", "set_apn_type", WIRE_QMI_REQUEST),
          "name=\"internet\";type=540(mms | dun | supl | emergency);"
          "apn_type_preference_mask=33(default | hipri);",
          0x01, 0x11, 0x00, 0x08, 'i', 'n', 't', 'e', 'r', 'n', 'e', 't', 0x1c, 0x02, 0, 0, 0, 0, 0, 0,
          0x10, 0x08, 0x00, 0x21, 0, 0, 0, 0, 0, 0, 0);
  wire_registry_free (reg);
}

/* The Sierra LTE info band is a QmiNasActiveBand in 8 bits: 122 is
 * eutran-3; 26 is no band (it is the low byte of nr5g-12 = 282, which must
 * not match, as libqmi shows no name for it either). */
static void test_nas_swi_band (void)
{
  WireRegistry *reg = project_schemas ();
  const WireMessage *m = message (reg, "nas", "swi_get_status", WIRE_QMI_RESPONSE);
  EXPECT (m, "band=122(eutran-3);bandwidth=3(10);rx_channel=1300;tx_channel=19300;emm_state=2(registered);"
             "emm_sub_state=0;emm_connection_state=1(waiting-rrc-cfm);",
          0x10, 0x09, 0x00, 0x7a, 0x03, 0x14, 0x05, 0x64, 0x4b, 0x02, 0x00, 0x01);
  EXPECT (m, "!band: 26 is not a known nas.active_band;band=26;bandwidth=3(10);rx_channel=1300;tx_channel=19300;"
             "emm_state=2(registered);emm_sub_state=0;emm_connection_state=1(waiting-rrc-cfm);",
          0x10, 0x09, 0x00, 0x1a, 0x03, 0x14, 0x05, 0x64, 0x4b, 0x02, 0x00, 0x01);
  wire_registry_free (reg);
}

/* PRL segment length: the segment is exactly that many bytes. */
static void test_dms_prl_segment_length (void)
{
  WireRegistry *reg = project_schemas ();
  const WireMessage *m = message (reg, "dms", "activate_manual", WIRE_QMI_REQUEST);
  EXPECT (m, "prl_total_length=3;prl_segment_length=3;prl_segment_sequence=0;prl_segment=0a0b0c;",
          0x13, 0x08, 0x00, 0x03, 0x00, 0x03, 0x00, 0x00, 0x0a, 0x0b, 0x0c);
  /* says 356 (0x164), three bytes follow: what libqmi reports as an overflow */
  EXPECT (m, "prl_total_length=324;prl_segment_length=356;prl_segment_sequence=88;"
             "!prl_segment_length says 356 bytes of prl_segment, 3 bytes follow;prl_segment=062b50;",
          0x13, 0x08, 0x00, 0x44, 0x01, 0x64, 0x01, 0x58, 0x06, 0x2b, 0x50);
  /* says 2, three follow: the third is not part of the segment */
  EXPECT (m, "prl_total_length=3;prl_segment_length=2;prl_segment_sequence=0;prl_segment=0a0b;"
             "!1 bytes after prl;",
          0x13, 0x08, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x0a, 0x0b, 0x0c);
  wire_registry_free (reg);
}

static const char common_json[] =
  "{ \"common\": true, \"enums\": { \"result_status\": { \"success\": 0, \"failure\": 1 } } }";

static gboolean load_inline (const char *fields, const char *extra, GError **error, WireRegistry **out)
{
  WireRegistry *reg = wire_registry_new ();
  gchar *json = g_strdup_printf ("{ \"service\": \"t\", %s \"messages\": [ { \"name\": \"m\", \"id\": 1,\n"
                                 "\"request\": [ { \"id\": 1, \"name\": \"s\", \"fields\": [\n%s ] } ] } ] }",
                                 extra ? extra : "", fields);
  gboolean ok;
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  ok = wire_registry_load_data (reg, "t.json", json, -1, error);
  wire_registry_finish (reg);
  g_free (json);
  *out = reg;
  return ok;
}

static void expect_load_error (const char *fields, const char *want)
{
  WireRegistry *reg;
  GError *e = NULL;
  g_assert_false (load_inline (fields, NULL, &e, &reg));
  g_assert_nonnull (e);
  g_assert_cmpstr (e->message, ==, want);
  g_error_free (e);
  wire_registry_free (reg);
}

static void test_length_of_schema (void)
{
  WireRegistry *reg;
  GError *e = NULL;
  const WireMessage *m;

  /* UCS-2 text counted in units */
  g_assert_true (load_inline ("{ \"name\": \"n\", \"type\": \"u8\", \"length_of\": \"text\" },\n"
                              "{ \"name\": \"text\", \"type\": \"string\", \"encoding\": \"ucs2\", \"prefix\": \"none\" }",
                              NULL, &e, &reg));
  m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  EXPECT (m, "n=2;text=\"hi\";", 0x01, 0x05, 0x00, 0x02, 'h', 0, 'i', 0);
  EXPECT (m, "n=3;!n says 3 UCS-2 units of text, 4 bytes follow;text=\"hi\";", 0x01, 0x05, 0x00, 0x03, 'h', 0, 'i', 0);
  wire_registry_free (reg);

  expect_load_error ("{ \"name\": \"n\", \"type\": \"u8\", \"length_of\": \"nothing\" },\n"
                     "{ \"name\": \"d\", \"type\": \"bytes\" }",
                     "t.json:3: \"length_of\": no later field \"nothing\" next to \"n\"\n");
  expect_load_error ("{ \"name\": \"n\", \"type\": \"u8\", \"length_of\": \"d\" },\n"
                     "{ \"name\": \"d\", \"type\": \"bytes\", \"prefix\": \"u8\" }",
                     "t.json:3: \"length_of\": \"d\" must be a string or bytes with prefix none\n");
  expect_load_error ("{ \"name\": \"n\", \"type\": \"i16\", \"length_of\": \"d\" },\n"
                     "{ \"name\": \"d\", \"type\": \"bytes\" }",
                     "t.json:3: \"length_of\" needs an unsigned field of 1 to 4 bytes\n");
}

/* A shared set's value wider than the field never matches it; a negative
 * one is taken at the field's width. */
static void test_wide_values (void)
{
  WireRegistry *reg;
  GError *e = NULL;
  const WireMessage *m;
  guint64 raw;

  g_assert_true (load_inline ("{ \"name\": \"b\", \"type\": \"u8\", \"enum\": \"band\" }",
                              "\"enums\": { \"band\": { \"low\": 26, \"wide\": 282, \"unknown\": -1 } },", &e, &reg));
  m = wire_service_find_message (wire_registry_service_by_name (reg, "t"), WIRE_QMI_REQUEST, 1, 0);
  EXPECT (m, "b=26(low);", 0x01, 0x01, 0x00, 0x1a);
  EXPECT (m, "b=255(unknown);", 0x01, 0x01, 0x00, 0xff);
  g_assert_true (wire_value_at_width (m->tlvs[0].field->members[0], 26, &raw));
  g_assert_cmpuint (raw, ==, 26);
  g_assert_false (wire_value_at_width (m->tlvs[0].field->members[0], 282, &raw));
  g_assert_true (wire_value_at_width (m->tlvs[0].field->members[0], (guint64) -1, &raw));
  g_assert_cmpuint (raw, ==, 0xff);
  wire_registry_free (reg);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/libqmi-findings/wms-routes-message-type", test_wms_routes_message_type);
  g_test_add_func ("/libqmi-findings/dsd-apn-type-flags", test_dsd_apn_type_flags);
  g_test_add_func ("/libqmi-findings/nas-swi-band", test_nas_swi_band);
  g_test_add_func ("/libqmi-findings/dms-prl-segment-length", test_dms_prl_segment_length);
  g_test_add_func ("/libqmi-findings/length-of-schema", test_length_of_schema);
  g_test_add_func ("/libqmi-findings/wide-values", test_wide_values);
  return g_test_run ();
}
