/* Name tables: sorted (lookups are binary searches), complete against
 * libqmi's service ids (QmiService, docs/sources.md) and its error nicks. */
#include <string.h>
#include "wire-names.h"
#include "wire-qrtr.h"

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

static gboolean is_filter_name (const char *s)
{
  if (!s || !*s)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

static void check_services (const WireServiceName *t)
{
  guint i;
  for (i = 0; t[i].name; i++) {
    g_assert_true (is_filter_name (t[i].name));
    g_assert_nonnull (t[i].title);
    g_assert_cmpuint (strlen (t[i].title), >, 0);
    if (i > 0)
      g_assert_cmpuint (t[i - 1].id, <, t[i].id);
  }
  g_assert_cmpuint (i, >, 40);
}

static void check_values (const WireValueName *t)
{
  for (guint i = 0; t[i].name; i++) {
    g_assert_cmpuint (strlen (t[i].name), >, 0);
    if (i > 0)
      g_assert_cmpuint (t[i - 1].value, <, t[i].value);
    /* every entry is found by the lookup (the binary search sees it) */
    g_assert_true (wire_value_name (t, t[i].value) == t[i].name);
  }
}

static void test_sorted (void)
{
  check_services (wire_qmux_services);
  check_services (wire_qrtr_services);
  check_values (wire_qmi_errors);
  check_values (wire_qmi_ctl_messages);
  check_values (wire_qrtr_types);
}

static void test_qmux_services (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (qmux_ids); i++)
    g_assert_nonnull (wire_qmux_service_lookup (qmux_ids[i]));
  g_assert_cmpstr (wire_qmux_service_lookup (0)->name, ==, "ctl");
  g_assert_cmpstr (wire_qmux_service_lookup (1)->name, ==, "wds");
  g_assert_cmpstr (wire_qmux_service_lookup (2)->name, ==, "dms");
  g_assert_cmpstr (wire_qmux_service_lookup (2)->title, ==, "Device Management Service");
  g_assert_cmpstr (wire_qmux_service_lookup (3)->name, ==, "nas");
  g_assert_cmpstr (wire_qmux_service_lookup (0x0b)->name, ==, "uim");
  g_assert_cmpstr (wire_qmux_service_lookup (0x32)->name, ==, "uim_rmt");
  g_assert_cmpstr (wire_qmux_service_lookup (0x302)->name, ==, "imsdcm");
  g_assert_null (wire_qmux_service_lookup (0x23));
  g_assert_null (wire_qmux_service_lookup (0x303));
  g_assert_null (wire_qmux_service_lookup (G_MAXUINT32));
}

static void test_qrtr_services (void)
{
  /* QMI services keep their ids (and names) on QRTR; CTL does not exist there */
  for (guint i = 1; i < G_N_ELEMENTS (qmux_ids); i++) {
    const WireServiceName *q = wire_qrtr_service_lookup (qmux_ids[i]);
    g_assert_nonnull (q);
    g_assert_cmpstr (q->name, ==, wire_qmux_service_lookup (qmux_ids[i])->name);
  }
  g_assert_null (wire_qrtr_service_lookup (0));
  for (guint i = 0; i < G_N_ELEMENTS (qrtr_only_ids); i++)
    g_assert_nonnull (wire_qrtr_service_lookup (qrtr_only_ids[i]));
  g_assert_cmpstr (wire_qrtr_service_lookup (69)->name, ==, "wlfw");
  g_assert_cmpstr (wire_qrtr_service_lookup (64)->name, ==, "servreg_loc");
  g_assert_cmpstr (wire_qrtr_service_lookup (WIRE_QRTR_SERVICE_TFTP)->name, ==, "tftp");
  g_assert_cmpstr (wire_qrtr_service_lookup (WIRE_QRTR_SERVICE_DIAG)->name, ==, "diag");
  g_assert_null (wire_qrtr_service_lookup (4098));
}

static void test_errors (void)
{
  guint n = 0;
  /* spot checks against qmi_protocol_error_get_string () of libqmi 1.32 */
  g_assert_cmpstr (wire_qmi_error_name (0), ==, "None");
  g_assert_cmpstr (wire_qmi_error_name (1), ==, "MalformedMessage");
  g_assert_cmpstr (wire_qmi_error_name (17), ==, "MissingArgument");
  g_assert_cmpstr (wire_qmi_error_name (26), ==, "NoEffect");
  g_assert_cmpstr (wire_qmi_error_name (71), ==, "InvalidQmiCommand");
  g_assert_cmpstr (wire_qmi_error_name (72), ==, "WmsTPduType");
  g_assert_cmpstr (wire_qmi_error_name (94), ==, "NotSupported");
  g_assert_cmpstr (wire_qmi_error_name (105), ==, "Pin1Restriction"); /* libqmi's nick for PIN2 */
  g_assert_cmpstr (wire_qmi_error_name (118), ==, "OperationInProgress");
  g_assert_cmpstr (wire_qmi_error_name (393), ==, "FwCannotGenericImage");
  g_assert_cmpstr (wire_qmi_error_name (402), ==, "FwUpdateFailed");
  g_assert_cmpstr (wire_qmi_error_name (0xf001), ==, "CatEventRegistrationFailed");
  g_assert_cmpstr (wire_qmi_error_name (0xf005), ==, "CatEnvelopeCommandFailed");
  /* gaps in libqmi's list stay unknown */
  g_assert_null (wire_qmi_error_name (18));
  g_assert_null (wire_qmi_error_name (99));
  g_assert_null (wire_qmi_error_name (119));
  g_assert_null (wire_qmi_error_name (0xffff));
  for (guint i = 0; wire_qmi_errors[i].name; i++)
    n++;
  g_assert_cmpuint (n, ==, 125); /* every QmiProtocolError value */
}

static void test_ctl_and_types (void)
{
  static const struct { guint32 id; const char *name; } ctl[] = {
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
  for (guint i = 0; i < G_N_ELEMENTS (ctl); i++)
    g_assert_cmpstr (wire_value_name (wire_qmi_ctl_messages, ctl[i].id), ==, ctl[i].name);
  g_assert_null (wire_value_name (wire_qmi_ctl_messages, 0x1f));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    g_assert_cmpstr (wire_qrtr_type_name (i), ==, types[i]);
  g_assert_null (wire_qrtr_type_name (G_MAXUINT32));
}

static void test_caller_table (void)
{
  /* a table that is not one of ours, and not sorted, is still searched */
  static const WireValueName mine[] = { { 9, "nine" }, { 2, "two" }, { 5, "five" }, { 0, NULL } };
  g_assert_cmpstr (wire_value_name (mine, 2), ==, "two");
  g_assert_cmpstr (wire_value_name (mine, 9), ==, "nine");
  g_assert_null (wire_value_name (mine, 0));
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/sorted", test_sorted);
  g_test_add_func ("/names/qmux-services", test_qmux_services);
  g_test_add_func ("/names/qrtr-services", test_qrtr_services);
  g_test_add_func ("/names/errors", test_errors);
  g_test_add_func ("/names/ctl-and-types", test_ctl_and_types);
  g_test_add_func ("/names/caller-table", test_caller_table);
  return g_test_run ();
}
