/* Plugin entry points: Wireshark loads the plugin, checks the version it
 * was built for (major.minor: the plugin ABI changes with each) and calls
 * plugin_register(); from 4.4 on it also asks plugin_describe() what kind
 * of plugin this is (tshark -G plugins shows "unknown" without it). */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/proto.h>
#include "qrtr-plugin.h"
#include "qmi-schema-fields.h"
#include "ws-compat.h"
#if QRTR_WS_HAS_PLUGIN_DESCRIBE
#include <wsutil/plugins.h>
#endif

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register (void);

#if QRTR_WS_HAS_PLUGIN_DESCRIBE
WS_DLL_PUBLIC uint32_t plugin_describe (void);

uint32_t
plugin_describe (void)
{
  return WS_PLUGIN_DESC_DISSECTOR;
}
#endif

/* The registry's entries have a title (and a short name), so Wireshark's
 * own layout is built beside them; the strings stay the registry's. */
static value_string_ext *service_vals (const WireServiceName *table, guint n, const char *name)
{
  value_string *vals = g_new0 (value_string, n + 1);
  for (guint i = 0; i < n; i++) {
    vals[i].value = table[i].id;
    vals[i].strptr = table[i].title;
  }
  return qrtr_value_string_ext_new (vals, n + 1, name);
}

value_string_ext *
qrtr_plugin_qmux_service_vals (void)
{
  static value_string_ext *ext;
  guint n;
  const WireServiceName *t = wire_registry_qmux_names (qmi_schema_registry (), &n);
  if (!ext)
    ext = service_vals (t, n, "qmux_services");
  return ext;
}

value_string_ext *
qrtr_plugin_qrtr_service_vals (void)
{
  static value_string_ext *ext;
  guint n;
  const WireServiceName *t = wire_registry_qrtr_names (qmi_schema_registry (), &n);
  if (!ext)
    ext = service_vals (t, n, "qrtr_services");
  return ext;
}

value_string_ext *
qrtr_plugin_qmi_error_vals (void)
{
  static value_string_ext *ext;
  if (!ext) {
    guint n;
    const WireValueName64 *t = wire_registry_qmi_errors (qmi_schema_registry (), &n);
    value_string *vals = g_new0 (value_string, n + 1);
    for (guint i = 0; i < n; i++) {
      vals[i].value = (guint32) t[i].value;
      vals[i].strptr = t[i].name;
    }
    ext = qrtr_value_string_ext_new (vals, n + 1, "qmi_errors");
  }
  return ext;
}

void
qrtr_plugin_ei_summary (ei_register_info *ei, gsize n, expert_field *field, const char *summary)
{
  for (gsize i = 0; i < n; i++)
    if (ei[i].ids == field)
      ei[i].eiinfo.summary = summary;
}

void
plugin_register (void)
{
  static proto_plugin qrtr = { proto_register_qrtr, proto_reg_handoff_qrtr };
  static proto_plugin qmux = { proto_register_qmux, proto_reg_handoff_qmux };
  static proto_plugin qmi = { proto_register_qmi, proto_reg_handoff_qmi };

  proto_register_plugin (&qmi);
  proto_register_plugin (&qmux);
  proto_register_plugin (&qrtr);
}
