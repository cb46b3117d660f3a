/* The schema loader: every error class reported with file and line, broken
 * files skipped whole, overrides across directories, vendor preference and
 * the filter names given to fields. */
#include <string.h>
#include "wire-schema.h"

/* The schemas of these tests are files in tests/unit/data (TEST_DATA_DIR):
 * installed/ a system folder (common.json, tst.json and a broken file),
 * user/ a user's folder over it, bad/ one broken file per load error. */
static gchar *data_file (const char *dir, const char *name)
{
  return g_build_filename (TEST_DATA_DIR, dir, name, NULL);
}

static void load_file (WireRegistry *reg, const char *dir, const char *name, GError **error)
{
  gchar *path = data_file (dir, name);
  wire_registry_load_file (reg, path, error);
  g_free (path);
}

static WireRegistry *load (const char *dir, const char *name, GError **error)
{
  WireRegistry *reg = wire_registry_new ();
  GError *common_error = NULL;
  load_file (reg, "installed", "common.json", &common_error);
  g_assert_no_error (common_error);
  load_file (reg, dir, name, error);
  return reg;
}

static void test_good_file (void)
{
  GError *e = NULL;
  WireRegistry *reg = load ("installed", "tst.json", &e);
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

/* Each bad file (tests/unit/data/bad/) must fail with its first error on
 * the expected line: the error starts with the file's path, then this. */
static const struct { const char *file; const char *expect; } bad_files[] = {
  { "syntax.json", ":3:" },
  { "unknown-type.json", ":3: unknown type \"u12\"" },
  { "unknown-key.json", ":2: unknown key \"colour\"" },
  { "duplicate-tlv.json", ":3: TLV id 0x01 appears twice" },
  { "duplicate-message.json", ":3: request 0x0001 is defined twice" },
  { "unknown-enum.json", ":2: unknown enum \"nope\"" },
  { "not-snake_case.json", ":2: message name \"GetIds\" must be snake_case" },
  { "open-ended-not-last.json", ":3: \"raw\" runs to the end of the TLV but is not the last field" },
  { "fixed-size-zero.json", ":2: \"size\" = 0 is out of range" },
  { "inline-value-too-wide.json", ":2: value big = 300 does not fit in 1 byte(s)" },
  { "filter-name-conflict.json", ":3: filter name qmi.x.m.a is used by two fields of different types" },
  { "self-referencing-type.json", ":1: types nest deeper than 16 (a type that contains itself?)" },
};

static void test_bad_files (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++) {
    GError *e = NULL;
    WireRegistry *reg = load ("bad", bad_files[i].file, &e);
    const GPtrArray *errors = wire_registry_errors (reg);
    gchar *path = data_file ("bad", bad_files[i].file);
    gchar *expect = g_strconcat (path, bad_files[i].expect, NULL);
    g_test_message ("%s", bad_files[i].file);
    g_assert_nonnull (e);
    g_assert_cmpuint (errors->len, >, 0);
    if (!g_str_has_prefix (g_ptr_array_index (errors, 0), expect))
      g_error ("%s: expected \"%s...\", got \"%s\"", bad_files[i].file, expect,
               (const char *) g_ptr_array_index (errors, 0));
    g_free (expect);
    g_free (path);
    /* nothing of a broken file is kept */
    g_assert_null (wire_registry_service_by_name (reg, "x"));
    g_clear_error (&e);
    wire_registry_free (reg);
  }
}

static void test_dirs_override_and_broken (void)
{
  /* installed/ holds common.json, tst.json and broken.json (cut short);
   * user/tst-extra.json replaces tst's response (its "imei" may change
   * type, the old one is gone) and user/tst-zclash.json adds an indication
   * whose "imei" disagrees with the response that stays. */
  gchar *sys = g_build_filename (TEST_DATA_DIR, "installed", NULL);
  gchar *user = g_build_filename (TEST_DATA_DIR, "user", NULL);
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
  g_free (sys);
  g_free (user);
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
