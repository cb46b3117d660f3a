/* Info-line wording shared by the plugin and qrtr-capture. */
#include "wire-info.h"
#include "wire-names.h"

void
wire_qrtr_ctrl_summary (GString *out, const WireQrtrCtrl *c, guint32 src_node)
{
  const char *cmd = wire_qrtr_type_name (c->cmd);
  const WireServiceName *svc;

  g_string_append (out, cmd ? cmd : "Unknown control");
  if (c->form == WIRE_QRTR_CTRL_FORM_CLIENT) {
    g_string_append_printf (out, " %u:%u", c->node, c->port);
    return;
  }
  if (c->form != WIRE_QRTR_CTRL_FORM_SERVER) {
    /* HELLO, BYE, ...: they speak for the sending node */
    g_string_append_printf (out, " from node %u", src_node);
    return;
  }
  if (c->end_of_list) {
    g_string_append (out, " (end of lookup)");
    return;
  }
  svc = wire_qrtr_service_lookup (c->service);
  if (svc) {
    gchar *up = g_ascii_strup (svc->name, -1);
    g_string_append_printf (out, " %s", up);
    g_free (up);
  } else {
    g_string_append_printf (out, " service %u", c->service);
  }
  if (c->service == WIRE_QRTR_SERVICE_DIAG) {
    /* DIAG's instance field is not split into version and instance */
    g_string_append_printf (out, " instance %u @ %u:%u", c->instance, c->node, c->port);
  } else if (c->cmd == WIRE_QRTR_TYPE_NEW_LOOKUP || c->cmd == WIRE_QRTR_TYPE_DEL_LOOKUP) {
    /* a lookup names no server, so no address; instance 0 asks for any */
    if (c->instance == 0)
      g_string_append (out, " (any instance)");
    else
      g_string_append_printf (out, " v%u.%u", c->version, c->instance_id);
  } else {
    g_string_append_printf (out, " v%u.%u @ %u:%u", c->version, c->instance_id, c->node, c->port);
  }
}
