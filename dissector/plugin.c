/* Plugin entry points: Wireshark 4.0 loads the plugin, checks the version it
 * was built for and calls plugin_register(). */
#define WS_BUILD_DLL
#include <wireshark.h>
#include <epan/proto.h>
#include "qrtr-plugin.h"

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register (void);

value_string *
qrtr_plugin_service_vals (const WireServiceName *table)
{
  guint n = 0;
  value_string *vals;
  while (table[n].name)
    n++;
  vals = g_new0 (value_string, n + 1);
  for (guint i = 0; i < n; i++) {
    vals[i].value = table[i].id;
    vals[i].strptr = table[i].title;
  }
  return vals;
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
