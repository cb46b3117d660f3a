/* The QRTR capture filter; see qrtr-filter.h. */
#include <stdlib.h>
#include <string.h>
#include "qrtr-filter.h"
#include "wire-qrtr.h"

struct _QrtrFilter {
  gboolean by_service;
  guint32 service;        /* by_service */
  guint32 node, port;     /* !by_service */
  GHashTable *servers;    /* by_service: node << 32 | port of the service's servers */
  gchar *description;
};

static gboolean parse_u32 (const char *s, guint32 *out)
{
  gchar *end = NULL;
  guint64 v;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  v = g_ascii_strtoull (s, &end, 0);
  if (*end || v > G_MAXUINT32)
    return FALSE;
  *out = (guint32) v;
  return TRUE;
}

static guint64 address_key (guint32 node, guint32 port)
{
  return (guint64) node << 32 | port;
}

QrtrFilter *
qrtr_filter_new (const char *spec, const WireRegistry *reg, GError **error)
{
  QrtrFilter f = { 0 };
  const char *colon = strchr (spec, ':');

  if (colon) {
    gchar *node = g_strndup (spec, (gsize) (colon - spec));
    const char *port = colon + 1;
    gboolean ok = parse_u32 (node, &f.node) &&
                  (g_str_equal (port, "ctrl") ? (f.port = WIRE_QRTR_PORT_CTRL, TRUE) : parse_u32 (port, &f.port));
    g_free (node);
    if (!ok) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--qrtr-filter %s: NODE:PORT takes two numbers (the port may be ctrl), e.g. 1:16385", spec);
      return NULL;
    }
    f.description = f.port == WIRE_QRTR_PORT_CTRL ? g_strdup_printf ("address %u:ctrl", f.node)
                                                  : g_strdup_printf ("address %u:%u", f.node, f.port);
  } else {
    const WireServiceName *known = NULL;
    if (parse_u32 (spec, &f.service)) {
      known = wire_registry_qrtr_name (reg, f.service);
    } else {
      known = wire_registry_qrtr_name_find (reg, spec);
      if (!known) {
        g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                     "--qrtr-filter %s: not a QRTR service name (dms, nas, wds, ...), a service number or NODE:PORT",
                     spec);
        return NULL;
      }
      f.service = known->id;
    }
    f.by_service = TRUE;
    f.servers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
    f.description = known ? g_strdup_printf ("service %s (%u)", known->name, f.service)
                          : g_strdup_printf ("service %u", f.service);
  }
  return g_memdup2 (&f, sizeof f);
}

void
qrtr_filter_free (QrtrFilter *f)
{
  if (!f)
    return;
  if (f->servers)
    g_hash_table_unref (f->servers);
  g_free (f->description);
  g_free (f);
}

gboolean qrtr_filter_by_service (const QrtrFilter *f) { return f->by_service; }
guint32 qrtr_filter_service (const QrtrFilter *f) { return f->service; }
const char *qrtr_filter_describe (const QrtrFilter *f) { return f->description; }

void
qrtr_filter_add_server (QrtrFilter *f, guint32 service, guint32 node, guint32 port)
{
  guint64 *key;

  if (!f->by_service || service != f->service)
    return;
  key = g_new (guint64, 1);
  *key = address_key (node, port);
  g_hash_table_add (f->servers, key);
}

static gboolean is_address (const QrtrFilter *f, guint32 node, guint32 port)
{
  if (f->by_service) {
    guint64 key = address_key (node, port);
    return g_hash_table_contains (f->servers, &key);
  }
  return node == f->node && port == f->port;
}

gboolean
qrtr_filter_keep (QrtrFilter *f, const guint8 *frame, gsize len)
{
  WireQrtrHeader h;
  WireQrtrCtrl c;
  gboolean ctrl;

  /* what cannot be parsed is kept: the reader shows its problems */
  if (wire_qrtr_parse_header (frame, len, &h) & WIRE_QRTR_FATAL)
    return TRUE;
  /* A client's lookup travels as DATA to the control port: it is a control
   * packet all the same (the first word is its command). */
  ctrl = h.type != WIRE_QRTR_TYPE_DATA || h.dst_port == WIRE_QRTR_PORT_CTRL;
  if (ctrl && wire_qrtr_parse_ctrl (frame + h.header_len, h.payload_len, &c)) {
    if (c.form == WIRE_QRTR_CTRL_FORM_SERVER) {
      if (f->by_service && c.service == f->service && !c.end_of_list) {
        if (c.cmd == WIRE_QRTR_TYPE_NEW_SERVER)
          qrtr_filter_add_server (f, c.service, c.node, c.port);
        else if (c.cmd == WIRE_QRTR_TYPE_DEL_SERVER) {
          guint64 key = address_key (c.node, c.port);
          g_hash_table_remove (f->servers, &key);
        }
        return TRUE;
      }
      if (!f->by_service && c.node == f->node && c.port == f->port)
        return TRUE;
    } else if (c.form == WIRE_QRTR_CTRL_FORM_CLIENT && is_address (f, c.node, c.port)) {
      return TRUE;
    }
  }
  return is_address (f, h.src_node, h.src_port) || is_address (f, h.dst_node, h.dst_port);
}
