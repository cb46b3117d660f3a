/* Names: every service title, QMI error name and CTL message name comes
 * from the schema registry (complete against libqmi's QmiService ids,
 * docs/sources.md, and its error nicks), what the tools print follows a
 * schema folder that changes them, and the registry refuses tables with
 * duplicates or conflicts, naming file:line. */
#include <string.h>
#include <glib/gstdio.h>
#include "decode-print.h"
#include "wire-names.h"
#include "wire-qmux.h"
#include "wire-qrtr.h"
#include "wire-schema.h"

/* libqmi's QmiService ids */
static const guint32 qmux_ids[] = {
  0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
  0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
  0x1e, 0x1f, 0x20, 0x21, 0x22, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2f, 0x32, 0x47,
  0xe0, 0xe1, 0xe2, 0xe3, 0xe6, 0xe7, 0xe8, 0xed, 0x190, 0x302,
};

/* QRTR-only services seen on real devices (qrtr-lookup's table) */
static const guint32 qrtr_only_ids[] = {
  47, 48, 49, 50, 51, 52, 55, 56, 57, 64, 66, 69, 70, 75, 76, 224, 256, 271, 312, 400,
  769, 770, 771, 4096, 4097,
};

static WireRegistry *load (const char *const *dirs)
{
  WireRegistry *reg = wire_registry_new ();
  wire_registry_load_dirs (reg, dirs);
  wire_registry_finish (reg);
  return reg;
}

static WireRegistry *source_schemas (void)
{
  const char *dirs[] = { TEST_SCHEMA_DIR, NULL };
  WireRegistry *reg = load (dirs);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);
  return reg;
}

static gboolean is_filter_name (const char *s)
{
  if (!s || !*s)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

/* Sorted by id (the lookups are binary searches), no id twice, every entry
 * found by its id, names usable in filters, every title present. */
static void check_table (const WireServiceName *t, guint n,
                         const WireServiceName *(*lookup) (const WireRegistry *, guint32), const WireRegistry *reg)
{
  g_assert_null (t[n].name); /* the terminator Wireshark's value_string layout needs */
  for (guint i = 0; i < n; i++) {
    g_assert_true (is_filter_name (t[i].name));
    g_assert_nonnull (t[i].title);
    g_assert_cmpuint (strlen (t[i].title), >, 0);
    if (i > 0)
      g_assert_cmpuint (t[i - 1].id, <, t[i].id);
    g_assert_true (lookup (reg, t[i].id) == &t[i]);
  }
  g_assert_cmpuint (n, >, 40);
}

static void test_qmux_services (void)
{
  WireRegistry *reg = source_schemas ();
  guint n;
  const WireServiceName *t = wire_registry_qmux_names (reg, &n);

  check_table (t, n, wire_registry_qmux_name, reg);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (qmux_ids));
  for (guint i = 0; i < G_N_ELEMENTS (qmux_ids); i++)
    g_assert_nonnull (wire_registry_qmux_name (reg, qmux_ids[i]));
  /* a service file's header */
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0)->name, ==, "ctl");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0)->title, ==, "Control");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 1)->name, ==, "wds");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 2)->name, ==, "dms");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 2)->title, ==, "Device Management Service");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 3)->name, ==, "nas");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0x0b)->name, ==, "uim");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0x2b)->name, ==, "ssctl");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0x302)->name, ==, "imsdcm");
  /* libqmi's qmi-service-atr.json: "Telit AT Relay Service" (the old C table said otherwise) */
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0xed)->name, ==, "atr");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0xed)->title, ==, "Telit AT Relay Service");
  /* common.json's "services": known by id and name only */
  g_assert_cmpstr (wire_registry_qmux_name (reg, 7)->name, ==, "auth");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 7)->title, ==, "Authentication Service");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 0x32)->name, ==, "uim_rmt");
  g_assert_null (wire_registry_service_by_qmux (reg, 7)); /* no messages: not a schema service */
  g_assert_null (wire_registry_qmux_name (reg, 0x23));
  g_assert_null (wire_registry_qmux_name (reg, 0x303));
  g_assert_null (wire_registry_qmux_name (reg, G_MAXUINT32));
  /* no schemas: no QMUX service is known */
  g_assert_null (wire_registry_qmux_name (NULL, 2));
  wire_registry_free (reg);
}

static void test_qrtr_services (void)
{
  WireRegistry *reg = source_schemas ();
  guint n;
  const WireServiceName *t = wire_registry_qrtr_names (reg, &n);

  check_table (t, n, wire_registry_qrtr_name, reg);
  /* QMI services keep their ids (and names) on QRTR; CTL does not exist there */
  for (guint i = 1; i < G_N_ELEMENTS (qmux_ids); i++) {
    const WireServiceName *q = wire_registry_qrtr_name (reg, qmux_ids[i]);
    g_assert_nonnull (q);
    g_assert_cmpstr (q->name, ==, wire_registry_qmux_name (reg, qmux_ids[i])->name);
  }
  g_assert_null (wire_registry_qrtr_name (reg, 0));
  for (guint i = 0; i < G_N_ELEMENTS (qrtr_only_ids); i++)
    g_assert_nonnull (wire_registry_qrtr_name (reg, qrtr_only_ids[i]));
  g_assert_cmpstr (wire_registry_qrtr_name (reg, 69)->name, ==, "wlfw");
  g_assert_cmpstr (wire_registry_qrtr_name (reg, 64)->name, ==, "servreg_loc");
  g_assert_cmpstr (wire_registry_qrtr_name (reg, 271)->name, ==, "sns_reg");
  g_assert_cmpstr (wire_registry_qrtr_name (reg, WIRE_QRTR_SERVICE_TFTP)->name, ==, "tftp");
  g_assert_cmpstr (wire_registry_qrtr_name (reg, WIRE_QRTR_SERVICE_DIAG)->name, ==, "diag");
  g_assert_null (wire_registry_qrtr_name (reg, 4098));
  g_assert_cmpuint (wire_registry_qrtr_name_find (reg, "DMS")->id, ==, 2);
  g_assert_cmpuint (wire_registry_qrtr_name_find (reg, "wlfw")->id, ==, 69);
  g_assert_null (wire_registry_qrtr_name_find (reg, "nosuch"));
  /* the services that are not QMI are transport facts: known with no schemas */
  g_assert_cmpstr (wire_registry_qrtr_name (NULL, WIRE_QRTR_SERVICE_TFTP)->title, ==, "TFTP");
  g_assert_null (wire_registry_qrtr_name (NULL, 2));
  wire_registry_free (reg);
}

static void test_errors (void)
{
  WireRegistry *reg = source_schemas ();
  guint n;
  const WireValueName64 *t = wire_registry_qmi_errors (reg, &n);
  guint16 number = 0;

  /* spot checks against qmi_protocol_error_get_string () of libqmi 1.32 */
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 0), ==, "None");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 1), ==, "MalformedMessage");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 17), ==, "MissingArgument");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 26), ==, "NoEffect");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 71), ==, "InvalidQmiCommand");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 72), ==, "WmsTPduType");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 94), ==, "NotSupported");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 105), ==, "Pin1Restriction"); /* libqmi's nick for PIN2 */
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 118), ==, "OperationInProgress");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 393), ==, "FwCannotGenericImage");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 402), ==, "FwUpdateFailed");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 0xf001), ==, "CatEventRegistrationFailed");
  /* QMI_PROTOCOL_ERROR_CAT_ENVELOPE_COMMAND_FAILED: missing from common.json until the tables became one */
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 0xf005), ==, "CatEnvelopeCommandFailed");
  /* gaps in libqmi's list stay unknown */
  g_assert_null (wire_registry_qmi_error_name (reg, 18));
  g_assert_null (wire_registry_qmi_error_name (reg, 99));
  g_assert_null (wire_registry_qmi_error_name (reg, 119));
  g_assert_null (wire_registry_qmi_error_name (reg, 0xffff));
  g_assert_cmpuint (n, ==, 125); /* every QmiProtocolError value */
  for (guint i = 1; i < n; i++)
    g_assert_cmpuint (t[i - 1].value, <, t[i].value);
  /* by name, as the fake peers look up the errors they answer with */
  g_assert_true (wire_registry_qmi_error_number (reg, "InvalidQmiCommand", &number));
  g_assert_cmpuint (number, ==, 71);
  g_assert_true (wire_registry_qmi_error_number (reg, "ClientIdsExhausted", &number));
  g_assert_cmpuint (number, ==, 5);
  g_assert_true (wire_registry_qmi_error_number (reg, "Internal", &number));
  g_assert_cmpuint (number, ==, 3);
  g_assert_false (wire_registry_qmi_error_number (reg, "NoSuchError", &number));
  g_assert_null (wire_registry_qmi_error_name (NULL, 26));
  wire_registry_free (reg);
}

static void test_ctl_and_types (void)
{
  static const struct { guint16 id; const char *name; } ctl[] = {
    { 0x20, "Set Instance ID" }, { 0x21, "Get Version Info" }, { 0x22, "Allocate CID" },
    { 0x23, "Release CID" }, { 0x24, "Revoke CID" }, { 0x25, "Invalid CID" },
    { 0x26, "Set Data Format" }, { 0x27, "Sync" }, { 0x28, "Set Event" },
    { 0x29, "Set Power Save Config" }, { 0x2a, "Set Power Save Mode" },
    { 0x2b, "Get Power Save Mode" }, { 0xff00, "Internal Proxy Open" },
    { 0xff22, "Internal Allocate CID QRTR" }, { 0xff23, "Internal Release CID QRTR" },
  };
  static const char *const types[] = {
    NULL, "DATA", "HELLO", "BYE", "NEW_SERVER", "DEL_SERVER", "DEL_CLIENT", "RESUME_TX",
    "EXIT", "PING", "NEW_LOOKUP", "DEL_LOOKUP", NULL, "DEL_PROC", NULL,
  };
  WireRegistry *reg = source_schemas ();
  for (guint i = 0; i < G_N_ELEMENTS (ctl); i++)
    g_assert_cmpstr (wire_registry_ctl_message_name (reg, ctl[i].id), ==, ctl[i].name);
  g_assert_null (wire_registry_ctl_message_name (reg, 0x1f));
  g_assert_null (wire_registry_ctl_message_name (NULL, 0x22));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpstr (wire_qrtr_type_name (i), ==, types[i]);
  g_assert_null (wire_qrtr_type_name (G_MAXUINT32));
  wire_registry_free (reg);
}

static void test_caller_table (void)
{
  /* a table that is not one of ours, and not sorted, is still searched */
  static const WireValueName mine[] = { { 9, "nine" }, { 2, "two" }, { 5, "five" }, { 0, NULL } };
  g_assert_cmpstr (wire_value_name (mine, 2), ==, "two");
  g_assert_cmpstr (wire_value_name (mine, 9), ==, "nine");
  g_assert_null (wire_value_name (mine, 0));
}

static void write_file (const char *dir, const char *name, const char *text)
{
  gchar *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (path);
}

static void remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);
    g_unlink (path);
    g_free (path);
  }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static gchar *decode_qmux (const WireRegistry *reg, guint8 service, guint16 msg_id, WireQmiKind kind,
                           const guint8 *tlvs, gsize len)
{
  GByteArray *f = wire_qmux_build_frame (kind != WIRE_QMI_REQUEST, service, 1, kind, 7, msg_id, tlvs, len);
  DecodePrinter *d = decode_printer_new (reg, DECODE_TEXT);
  GString *out = g_string_new (NULL);
  decode_printer_qmux (d, 1, 0, kind == WIRE_QMI_REQUEST ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND, f->data, f->len, out);
  decode_printer_free (d);
  g_byte_array_unref (f);
  return g_string_free (out, FALSE);
}

/* A folder after the installed schemas changes a title, an error's name, a
 * CTL message's name and a named service: the lookups and qrtr-capture's
 * decoder show the folder's words, so nothing prints a name of its own. */
static void test_names_follow_the_schemas (void)
{
  gchar *dir = g_dir_make_tmp ("names-XXXXXX", NULL);
  const char *dirs[] = { TEST_SCHEMA_DIR, dir, NULL };
  const guint8 no_effect[] = { 0x02, 0x04, 0x00, 0x01, 0x00, 0x1a, 0x00 };
  WireRegistry *reg;
  gchar *text;

  write_file (dir, "common.json",
              "{ \"common\": true,\n"
              "  \"enums\": { \"result_status\": { \"success\": 0, \"failure\": 1 },\n"
              "             \"error\": { \"None\": 0, \"ChangedNoEffect\": 26, \"Internal\": 3 } },\n"
              "  \"services\": [ { \"name\": \"auth\", \"title\": \"Changed Auth\", \"qmux\": 7 } ],\n"
              "  \"types\": { \"result\": { \"fields\": [ { \"name\": \"status\", \"type\": \"u16\", \"enum\": \"result_status\" },\n"
              "                                      { \"name\": \"error\", \"type\": \"u16\", \"enum\": \"error\" } ] } } }\n");
  write_file (dir, "dms.json", "{ \"service\": \"dms\", \"title\": \"Changed DMS\", \"messages\": [] }\n");
  write_file (dir, "ctl.json",
              "{ \"service\": \"ctl\", \"messages\": [ { \"name\": \"allocate_cid\", \"title\": \"Changed Allocate\",\n"
              "  \"id\": \"0x0022\", \"request\": [], \"response\": [ { \"id\": \"0x02\", \"name\": \"result\", \"type\": \"result\" } ] } ] }\n");
  reg = load (dirs);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);

  g_assert_cmpstr (wire_registry_qmux_name (reg, 2)->title, ==, "Changed DMS");
  g_assert_cmpstr (wire_registry_qrtr_name (reg, 2)->title, ==, "Changed DMS");
  g_assert_cmpstr (wire_registry_qmux_name (reg, 7)->title, ==, "Changed Auth");
  g_assert_cmpstr (wire_registry_qmi_error_name (reg, 26), ==, "ChangedNoEffect");
  g_assert_null (wire_registry_qmi_error_name (reg, 71)); /* the folder's error list replaced the whole enum */
  g_assert_cmpstr (wire_registry_ctl_message_name (reg, 0x22), ==, "Changed Allocate");

  /* qrtr-capture's text: the CTL name, the error name (a message the schemas lack) */
  text = decode_qmux (reg, 0, 0x22, WIRE_QMI_RESPONSE, no_effect, sizeof no_effect);
  g_assert_nonnull (strstr (text, "CTL Changed Allocate Response txn=7 (0x0022) Error: ChangedNoEffect (26)"));
  g_free (text);
  text = decode_qmux (reg, 2, 0x7777, WIRE_QMI_RESPONSE, no_effect, sizeof no_effect);
  g_assert_nonnull (strstr (text, "DMS 0x7777 Response txn=7 Error: ChangedNoEffect (26)"));
  g_assert_nonnull (strstr (text, "error = 26 (ChangedNoEffect)"));
  g_free (text);
  wire_registry_free (reg);
  remove_dir (dir);
  g_free (dir);
}

/* Loads one folder holding files (name, text pairs) and returns the load
 * errors joined by newlines. */
static gchar *load_errors (const char *const *files)
{
  gchar *dir = g_dir_make_tmp ("names-XXXXXX", NULL);
  const char *dirs[] = { TEST_SCHEMA_DIR, dir, NULL };
  WireRegistry *reg;
  const GPtrArray *errors;
  GString *all = g_string_new (NULL);

  for (guint i = 0; files[i]; i += 2)
    write_file (dir, files[i], files[i + 1]);
  reg = load (dirs);
  errors = wire_registry_errors (reg);
  for (guint i = 0; i < errors->len; i++)
    g_string_append_printf (all, "%s\n", (const char *) g_ptr_array_index (errors, i));
  wire_registry_free (reg);
  remove_dir (dir);
  g_free (dir);
  return g_string_free (all, FALSE);
}

static void expect_error (const char *const *files, const char *file, guint line, const char *words)
{
  gchar *errors = load_errors (files);
  gchar *where = g_strdup_printf ("/%s:%u: ", file, line);
  const char *at = strstr (errors, where);
  if (!at || !strstr (at, words))
    g_error ("expected \"%s...%s\" in:\n%s", where, words, errors);
  g_free (where);
  g_free (errors);
}

static void test_conflicts_refused (void)
{
  /* one name twice in the list, one id twice in the list */
  const char *const twice[] = {
    "common.json",
    "{ \"common\": true,\n"
    "  \"services\": [ { \"name\": \"auth\", \"title\": \"A\", \"qmux\": 7 },\n"
    "                { \"name\": \"auth\", \"title\": \"B\", \"qmux\": 8 },\n"
    "                { \"name\": \"other\", \"title\": \"C\", \"qmux\": 7 } ] }\n",
    NULL,
  };
  /* two names for one error number */
  const char *const error_twice[] = {
    "common.json", "{ \"common\": true,\n  \"enums\": { \"error\": { \"None\": 0, \"Nothing\": 0 } } }\n", NULL,
  };
  /* a second service file claiming DMS's id */
  const char *const file_id[] = {
    "zzz.json", "{\n  \"service\": \"zzz\", \"qmux\": 2, \"messages\": [] }\n", NULL,
  };
  /* a named-only service at an id a service file has */
  const char *const named_id[] = {
    "common.json", "{ \"common\": true,\n  \"services\": [\n    { \"name\": \"mine\", \"title\": \"M\", \"qrtr\": 69 } ] }\n",
    NULL,
  };
  /* a QMI service at the id of QRTR's TFTP */
  const char *const tftp_id[] = {
    "common.json", "{ \"common\": true,\n  \"services\": [ { \"name\": \"mine\", \"title\": \"M\", \"qrtr\": 4096 } ] }\n",
    NULL,
  };
  /* "services" outside common.json */
  const char *const in_service[] = {
    "zzz.json", "{ \"service\": \"zzz\", \"messages\": [],\n  \"services\": [] }\n", NULL,
  };

  expect_error (twice, "common.json", 3, "service \"auth\" is listed twice (first on line 2)");
  expect_error (twice, "common.json", 4, "qmux id 7 of \"other\" is also \"auth\" (line 2)");
  expect_error (error_twice, "common.json", 2, "error 0 has two names, \"None\" and \"Nothing\"");
  expect_error (file_id, "zzz.json", 1, "qmux id 2 is already service \"dms\"");
  expect_error (named_id, "common.json", 3, "qrtr id 69 of \"mine\" is also service \"wlfw\"; \"mine\" is left out");
  expect_error (tftp_id, "common.json", 2, "qrtr id 4096 of \"mine\" is also service \"tftp\"; \"mine\" is left out");
  expect_error (in_service, "zzz.json", 2, "\"services\" belongs in common.json");
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/qmux-services", test_qmux_services);
  g_test_add_func ("/names/qrtr-services", test_qrtr_services);
  g_test_add_func ("/names/errors", test_errors);
  g_test_add_func ("/names/ctl-and-types", test_ctl_and_types);
  g_test_add_func ("/names/caller-table", test_caller_table);
  g_test_add_func ("/names/follow-the-schemas", test_names_follow_the_schemas);
  g_test_add_func ("/names/conflicts-refused", test_conflicts_refused);
  return g_test_run ();
}
