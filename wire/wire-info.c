/* Info-line wording shared by the plugin and qrtr-capture. */
#include "wire-info.h"
#include "wire-names.h"
#include "wire-schema-registry.h"
#include "wire-text.h"

/* made for every message shown: appended, not printed (wire-text.h) */
void
wire_qmi_summary_message (GString *out, const char *service, guint32 service_id, const char *title,
                          WireQmiKind kind, guint16 msg_id)
{
  if (service) {
    gsize from = out->len;
    g_string_append (out, service);
    for (gsize i = from; i < out->len; i++)
      out->str[i] = g_ascii_toupper (out->str[i]);
  } else {
    g_string_append (out, "Service ");
    wire_append_uint (out, service_id);
  }
  g_string_append_c (out, ' ');
  if (title) {
    g_string_append (out, title);
  } else {
    char buf[WIRE_HEX_DIGITS_SIZE];
    g_string_append (out, wire_hex_digits (buf, msg_id, 4));
  }
  g_string_append_c (out, ' ');
  g_string_append (out, wire_qmi_kind_name (kind));
}

void
wire_qmi_summary_txn (GString *out, guint16 txn_id)
{
  g_string_append (out, " txn=");
  wire_append_uint (out, txn_id);
}

void
wire_qmi_summary (GString *out, const char *service, guint32 service_id, const char *title,
                  WireQmiKind kind, guint16 msg_id, guint16 txn_id)
{
  wire_qmi_summary_message (out, service, service_id, title, kind, msg_id);
  wire_qmi_summary_txn (out, txn_id);
}

void
wire_qmi_result_summary (GString *out, const WireRegistry *reg, guint16 status, guint16 error)
{
  const char *name;
  if (status == 0) {
    g_string_append (out, " OK");
    return;
  }
  name = wire_registry_qmi_error_name (reg, error);
  g_string_append_printf (out, " Error: %s", name ? name : "Unknown");
}

void
wire_qrtr_ctrl_summary (GString *out, const WireRegistry *reg, const WireQrtrCtrl *c, guint32 src_node)
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
  svc = wire_registry_qrtr_name (reg, c->service);
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
