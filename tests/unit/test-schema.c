/* The schema loader: every error class reported with file and line, broken
 * files skipped whole, overrides across directories, vendor preference and
 * the filter names given to fields. */
#include <string.h>
#include <glib/gstdio.h>
#include "wire-schema.h"

static const char common_json[] =
  "// shared\n"
  "{ \"common\": true,\n"
  "  \"enums\": { \"result_status\": { \"success\": 0, \"failure\": 1 }, \"error\": { \"None\": 0 } },\n"
  "  \"types\": { \"result\": { \"fields\": [ { \"name\": \"status\", \"type\": \"u16\", \"enum\": \"result_status\" },\n"
  "                                      { \"name\": \"error\", \"type\": \"u16\", \"enum\": \"error\" } ] } } }\n";

static const char good_json[] =
  "/* a service */\n"
  "{ \"service\": \"tst\", \"qmux\": 200,\n"
  "  \"enums\": { \"mode\": { \"online\": 0, \"low-power\": 1 } },\n"
  "  \"flags\": { \"caps\": { \"gprs\": \"0x01\", \"edge\": \"0x02\" } },\n"
  "  \"messages\": [\n"
  "    { \"name\": \"get_ids\", \"id\": \"0x0025\",\n"
  "      \"request\": [],\n"
  "      \"response\": [ { \"id\": \"0x02\", \"name\": \"result\", \"type\": \"result\" },\n"
  "                    { \"id\": \"0x11\", \"name\": \"imei\", \"type\": \"string\", \"personal\": \"imei\" },\n"
  "                    { \"id\": \"0x12\", \"name\": \"cells\", \"type\": \"array\", \"count\": \"u16\",\n"
  "                      \"of\": { \"fields\": [ { \"name\": \"pci\", \"type\": \"u16\" }, { \"name\": \"rsrp\", \"type\": \"i16\", \"unit\": \"dBm\" } ] } },\n"
  "                    { \"id\": \"0x13\", \"name\": \"bands\", \"type\": \"array\", \"of\": \"u8\" },\n"
  "                    { \"id\": \"0x14\", \"name\": \"mode\", \"type\": \"u8\", \"enum\": \"mode\" },\n"
  "                    { \"id\": \"0x15\", \"name\": \"caps\", \"type\": \"u32\", \"flags\": \"caps\" } ] },\n"
  "    { \"name\": \"vendor_thing\", \"id\": \"0x5556\", \"vendor\": \"0x1199\", \"request\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"u8\" } ] },\n"
  "    { \"name\": \"generic_thing\", \"id\": \"0x5556\", \"request\": [ { \"id\": 1, \"name\": \"b\", \"type\": \"u16\" } ] },\n"
  "    { \"name\": \"event_report\", \"id\": 1, \"indication\": [ { \"id\": \"0x10\", \"name\": \"power\", \"type\": \"u8\" } ] }\n"
  "  ] }\n";

static WireRegistry *load (const char *name, const char *data, GError **error)
{
  WireRegistry *reg = wire_registry_new ();
  g_assert_true (wire_registry_load_data (reg, "common.json", common_json, -1, NULL));
  if (data)
    wire_registry_load_data (reg, name, data, -1, error);
  return reg;
}

static void test_good_file (void)
{
  GError *e = NULL;
  WireRegistry *reg = load ("tst.json", good_json, &e);
  const WireService *svc;
  const WireMessage *m;

  g_assert_no_error (e);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);
  wire_registry_finish (reg);
  svc = wire_registry_service_by_qmux (reg, 200);
  g_assert_nonnull (svc);
  g_assert_cmpint (svc->qrtr_id, ==, 200); /* defaults to the QMUX id */
  g_assert_true (svc == wire_registry_service_by_name (reg, "tst"));
  m = wire_service_find_message (svc, WIRE_QMI_RESPONSE, 0x25, 0);
  g_assert_nonnull (m);
  g_assert_cmpstr (m->title, ==, "Get IDs"); /* acronyms in capitals when no title is given */
  g_assert_cmpstr (m->tlvs[2].field->element->members[1]->title, ==, "RSRP");
  g_assert_cmpuint (m->n_tlvs, ==, 6);
  g_assert_cmpstr (m->tlvs[0].field->abbrev, ==, "qmi.tst.get_ids.result");
  g_assert_cmpstr (m->tlvs[0].field->members[1]->abbrev, ==, "qmi.tst.get_ids.result.error");
  g_assert_cmpuint (m->tlvs[1].field->personal, ==, WIRE_PERSONAL_IMEI);
  g_assert_cmpuint (m->tlvs[1].field->len_form, ==, WIRE_LEN_NONE); /* whole-TLV string */
  g_assert_cmpuint (m->tlvs[2].field->len_form, ==, WIRE_LEN_U16);
  g_assert_cmpstr (m->tlvs[2].field->element->members[1]->abbrev, ==, "qmi.tst.get_ids.cells.rsrp");
  g_assert_cmpstr (m->tlvs[2].field->element->members[1]->unit, ==, "dBm");
  g_assert_cmpstr (m->tlvs[3].field->element->abbrev, ==, "qmi.tst.get_ids.bands.item");
  g_assert_true (m->tlvs[5].field->values->is_flags);
  /* vendor-specific messages win only for their vendor */
  g_assert_cmpstr (wire_service_find_message (svc, WIRE_QMI_REQUEST, 0x5556, 0)->name, ==, "generic_thing");
  g_assert_cmpstr (wire_service_find_message (svc, WIRE_QMI_REQUEST, 0x5556, 0x1199)->name, ==, "vendor_thing");
  g_assert_cmpstr (wire_service_find_message (svc, WIRE_QMI_REQUEST, 0x5556, 0x03f0)->name, ==, "generic_thing");
  g_assert_nonnull (wire_service_find_message (svc, WIRE_QMI_INDICATION, 1, 0));
  g_assert_null (wire_service_find_message (svc, WIRE_QMI_REQUEST, 1, 0));
  /* every field has a uid that leads back to it */
  for (guint uid = 0; uid < wire_registry_n_fields (reg); uid++)
    g_assert_cmpuint (wire_registry_field (reg, uid)->uid, ==, uid);
  wire_registry_free (reg);
}

/* Each bad file must fail with its first error on the expected line. */
static const struct { const char *what; const char *json; const char *expect; } bad_files[] = {
  { "syntax", "{\n \"service\": \"x\",\n \"messages\": [ } ", "bad.json:3:" },
  { "unknown type", "{ \"service\": \"x\", \"messages\": [\n { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"type\": \"u12\" } ] } ] }", "bad.json:3: unknown type \"u12\"" },
  { "unknown key", "{ \"service\": \"x\", \"messages\": [\n { \"name\": \"m\", \"id\": 1, \"colour\": 2, \"request\": [] } ] }",
    "bad.json:2: unknown key \"colour\"" },
  { "duplicate tlv", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"type\": \"u8\" },\n { \"id\": 1, \"name\": \"b\", \"type\": \"u8\" } ] } ] }",
    "bad.json:3: TLV id 0x01 appears twice" },
  { "duplicate message", "{ \"service\": \"x\", \"messages\": [\n { \"name\": \"m\", \"id\": 1, \"request\": [] },\n"
    " { \"name\": \"n\", \"id\": 1, \"request\": [] } ] }", "bad.json:3: request 0x0001 is defined twice" },
  { "unknown enum", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"type\": \"u8\", \"enum\": \"nope\" } ] } ] }", "bad.json:2: unknown enum \"nope\"" },
  { "not snake_case", "{ \"service\": \"x\", \"messages\": [\n { \"name\": \"GetIds\", \"id\": 1, \"request\": [] } ] }",
    "bad.json:2: message name \"GetIds\" must be snake_case" },
  { "open-ended not last", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"fields\": [\n  { \"name\": \"raw\", \"type\": \"bytes\" },\n"
    "  { \"name\": \"b\", \"type\": \"u8\" } ] } ] } ] }", "bad.json:3: \"raw\" runs to the end of the TLV but is not the last field" },
  { "fixed size zero", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"type\": \"string\", \"size\": 0 } ] } ] }", "bad.json:2: \"size\" = 0 is out of range" },
  { "inline value too wide", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1, \"request\": [\n"
    " { \"id\": 1, \"name\": \"a\", \"type\": \"u8\", \"enum\": { \"big\": 300 } } ] } ] }",
    "bad.json:2: value big = 300 does not fit in 1 byte(s)" },
  { "filter name conflict", "{ \"service\": \"x\", \"messages\": [ { \"name\": \"m\", \"id\": 1,\n"
    " \"request\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"u8\" } ],\n"
    " \"response\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"string\" } ] } ] }",
    "bad.json:3: filter name qmi.x.m.a is used by two fields of different types" },
  { "self-referencing type", "{ \"service\": \"x\", \"types\": { \"loop\": { \"type\": \"loop\" } }, \"messages\": [\n"
    " { \"name\": \"m\", \"id\": 1, \"request\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"loop\" } ] } ] }",
    "types nest deeper than" },
};

static void test_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++) {
    GError *e = NULL;
    WireRegistry *reg = load ("bad.json", bad_files[i].json, &e);
    const GPtrArray *errors = wire_registry_errors (reg);
    g_test_message ("%s", bad_files[i].what);
    g_assert_nonnull (e);
    g_assert_cmpuint (errors->len, >, 0);
    if (!strstr (g_ptr_array_index (errors, 0), bad_files[i].expect))
      g_error ("%s: expected \"%s\", got \"%s\"", bad_files[i].what, bad_files[i].expect,
               (const char *) g_ptr_array_index (errors, 0));
    /* nothing of a broken file is kept */
    g_assert_null (wire_registry_service_by_name (reg, "x"));
    g_clear_error (&e);
    wire_registry_free (reg);
  }
}

static gchar *write_dir (const char *const *names, const char *const *contents)
{
  gchar *dir = g_dir_make_tmp ("schema-test-XXXXXX", NULL);
  for (guint i = 0; names[i]; i++) {
    gchar *p = g_build_filename (dir, names[i], NULL);
    g_assert_true (g_file_set_contents (p, contents[i], -1, NULL));
    g_free (p);
  }
  return dir;
}

static void remove_dir (gchar *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *n;
  while ((n = g_dir_read_name (d))) {
    gchar *p = g_build_filename (dir, n, NULL);
    g_unlink (p);
    g_free (p);
  }
  g_dir_close (d);
  g_rmdir (dir);
  g_free (dir);
}

static void test_dirs_override_and_broken (void)
{
  const char *sys_names[] = { "common.json", "tst.json", "broken.json", NULL };
  const char *sys_data[] = { common_json, good_json, "{ \"service\": ", NULL };
  const char *user_names[] = { "tst-extra.json", "tst-zclash.json", NULL };
  const char *user_data[] = {
    /* replaces the response: "imei" may change type, the old one is gone */
    "{ \"service\": \"tst\", \"title\": \"Test Service\", \"messages\": [\n"
    "  { \"name\": \"get_ids\", \"id\": \"0x0025\", \"response\": [ { \"id\": 1, \"name\": \"imei\", \"type\": \"u32\" } ] },\n"
    "  { \"name\": \"new_msg\", \"id\": \"0x0099\", \"request\": [] } ] }",
    /* adds an indication whose "imei" disagrees with the response that stays */
    "{ \"service\": \"tst\", \"messages\": [\n"
    "  { \"name\": \"get_ids\", \"id\": \"0x0025\", \"indication\": [ { \"id\": 1, \"name\": \"imei\", \"type\": \"u8\" } ] } ] }",
    NULL };
  gchar *sys = write_dir (sys_names, sys_data);
  gchar *user = write_dir (user_names, user_data);
  const char *dirs[] = { sys, user, "/nonexistent", NULL };
  WireRegistry *reg = wire_registry_new ();
  const WireService *svc;
  const WireMessage *m;

  g_assert_cmpuint (wire_registry_load_dirs (reg, dirs), ==, 3);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (wire_registry_errors (reg), 0), "broken.json:1:"));
  g_assert_nonnull (strstr (g_ptr_array_index (wire_registry_errors (reg), 1),
                            "tst-zclash.json:2: filter name qmi.tst.get_ids.imei is used by two fields of "
                            "different types (uint1 here, uint4 elsewhere)"));
  wire_registry_finish (reg);
  svc = wire_registry_service_by_name (reg, "tst");
  g_assert_cmpstr (svc->title, ==, "Test Service");
  m = wire_service_find_message (svc, WIRE_QMI_RESPONSE, 0x25, 0);
  g_assert_cmpuint (m->n_tlvs, ==, 1); /* replaced by the user's file */
  g_assert_cmpint (m->tlvs[0].field->kind, ==, WIRE_TYPE_UINT); /* the string "imei" is gone */
  g_assert_null (wire_service_find_message (svc, WIRE_QMI_INDICATION, 0x25, 0)); /* the clash is not loaded */
  g_assert_nonnull (wire_service_find_message (svc, WIRE_QMI_REQUEST, 0x25, 0)); /* request kept */
  g_assert_nonnull (wire_service_find_message (svc, WIRE_QMI_REQUEST, 0x99, 0)); /* added */
  wire_registry_free (reg);
  remove_dir (sys);
  remove_dir (user);
}

static void test_default_dirs (void)
{
  char **dirs;
  g_setenv ("QMI_SCHEMA_PATH", "/first:/second", TRUE);
  dirs = wire_registry_default_dirs ();
  g_assert_cmpuint (g_strv_length (dirs), ==, 4);
  g_assert_cmpstr (dirs[2], ==, "/second");
  g_assert_cmpstr (dirs[3], ==, "/first"); /* loaded last, so it wins */
  g_assert_true (g_str_has_suffix (dirs[1], "qrtr-analyzer/schemas"));
  g_strfreev (dirs);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema/good-file", test_good_file);
  g_test_add_func ("/schema/bad-files", test_bad_files);
  g_test_add_func ("/schema/dirs-override-broken", test_dirs_override_and_broken);
  g_test_add_func ("/schema/default-dirs", test_default_dirs);
  return g_test_run ();
}
