/* QMI statistics over the "qmi" tap: a service response time table (one
 * row per request message the schemas know, one per service for the rest)
 * and a stats tree of messages per service, kind and result. */
#include <epan/tap.h>
#include <epan/srt_table.h>
#include <epan/stats_tree.h>
#include <wsutil/str_util.h>
#include "qmi-stats.h"
#include "qmi-schema-fields.h"
#include "wire-names.h"

/* ---------- service response time ---------- */

/* Rows of the SRT table, decided when the statistic starts (the schemas are
 * loaded by then): each request message, then each service's "other"
 * messages, then one row for services no schema names. */
typedef struct {
  GHashTable *message_row; /* WireMessage* -> row + 1 */
  GHashTable *service_row; /* WireService* -> row + 1 */
  int unknown_row;
} QmiSrtRows;

static QmiSrtRows srt_rows;

static gchar *service_label (const WireService *svc)
{
  return g_ascii_strup (svc->name, -1);
}

static void qmi_srt_init (struct register_srt *srt _U_, GArray *srt_array)
{
  const WireRegistry *reg = qmi_schema_registry ();
  const GPtrArray *services = reg ? wire_registry_services (reg) : NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  srt_stat_table *table;

  if (srt_rows.message_row) {
    g_hash_table_destroy (srt_rows.message_row);
    g_hash_table_destroy (srt_rows.service_row);
  }
  srt_rows.message_row = g_hash_table_new (g_direct_hash, g_direct_equal);
  srt_rows.service_row = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; services && i < services->len; i++) {
    const WireService *svc = g_ptr_array_index (services, i);
    gchar *label = service_label (svc);
    for (guint m = 0; m < svc->messages->len; m++) {
      const WireMessage *msg = g_ptr_array_index (svc->messages, m);
      if (msg->kind != WIRE_QMI_REQUEST)
        continue;
      g_ptr_array_add (names, g_strdup_printf ("%s %s", label, msg->title));
      g_hash_table_insert (srt_rows.message_row, (gpointer) msg, GINT_TO_POINTER (names->len));
    }
    g_ptr_array_add (names, g_strdup_printf ("%s other", label));
    g_hash_table_insert (srt_rows.service_row, (gpointer) svc, GINT_TO_POINTER (names->len));
    g_free (label);
  }
  g_ptr_array_add (names, g_strdup ("Services without a schema"));
  srt_rows.unknown_row = (int) names->len - 1;

  table = init_srt_table ("QMI", NULL, srt_array, (int) names->len, "Message", "qmi", NULL);
  for (guint i = 0; i < names->len; i++)
    init_srt_table_row (table, (int) i, g_ptr_array_index (names, i));
  g_ptr_array_free (names, TRUE);
}

static tap_packet_status qmi_srt_packet (void *pss, packet_info *pinfo, epan_dissect_t *edt _U_,
                                         const void *prv, tap_flags_t flags _U_)
{
  srt_data_t *data = pss;
  const QmiTapInfo *info = prv;
  srt_stat_table *table = g_array_index (data->srt_array, srt_stat_table *, 0);
  int row = srt_rows.unknown_row;

  if (info->kind != WIRE_QMI_RESPONSE || !info->answered)
    return TAP_PACKET_DONT_REDRAW;
  if (info->request && g_hash_table_contains (srt_rows.message_row, info->request))
    row = GPOINTER_TO_INT (g_hash_table_lookup (srt_rows.message_row, info->request)) - 1;
  else if (info->service && g_hash_table_contains (srt_rows.service_row, info->service))
    row = GPOINTER_TO_INT (g_hash_table_lookup (srt_rows.service_row, info->service)) - 1;
  add_srt_table_data (table, row, &info->request_time, pinfo);
  return TAP_PACKET_REDRAW;
}

/* ---------- message counts ---------- */

static const char *const kind_names[WIRE_QMI_N_KINDS] = { "Request", "Response", "Indication" };
static int st_node_messages = -1;

static void qmi_tree_init (stats_tree *st)
{
  st_node_messages = stats_tree_create_node (st, "QMI messages", 0, STAT_DT_INT, TRUE);
}

/* Service > message > kind, and under responses their result. */
static tap_packet_status qmi_tree_packet (stats_tree *st, packet_info *pinfo, epan_dissect_t *edt _U_,
                                          const void *p, tap_flags_t flags _U_)
{
  const QmiTapInfo *info = p;
  const char *svc, *msg;
  int n;

  /* labels of one packet: the packet's pool frees them */
  if (info->service)
    svc = ascii_strup_inplace (wmem_strdup (pinfo->pool, info->service->name));
  else
    svc = wmem_strdup_printf (pinfo->pool, "%s service %u", info->over_qrtr ? "QRTR" : "QMUX", info->service_id);
  msg = info->message ? info->message->title : wmem_strdup_printf (pinfo->pool, "0x%04x", info->msg_id);

  tick_stat_node (st, "QMI messages", 0, TRUE);
  n = tick_stat_node (st, svc, st_node_messages, TRUE);
  n = tick_stat_node (st, msg, n, TRUE);
  n = tick_stat_node (st, kind_names[info->kind], n, info->kind == WIRE_QMI_RESPONSE);
  if (info->kind == WIRE_QMI_RESPONSE) {
    if (!info->has_result) {
      tick_stat_node (st, "no result TLV", n, FALSE);
    } else if (info->status == 0) {
      tick_stat_node (st, "OK", n, FALSE);
    } else {
      const char *e = wire_registry_qmi_error_name (qmi_schema_registry (), info->error);
      tick_stat_node (st, e ? wmem_strdup_printf (pinfo->pool, "Error: %s", e)
                            : wmem_strdup_printf (pinfo->pool, "Error: %u", info->error), n, FALSE);
    }
  }
  return TAP_PACKET_REDRAW;
}

int
qmi_stats_register (int proto_qmi)
{
  int tap = register_tap (QMI_TAP_NAME);
  register_srt_table (proto_qmi, QMI_TAP_NAME, 1, qmi_srt_packet, qmi_srt_init, NULL);
  stats_tree_register_plugin (QMI_TAP_NAME, "qmi", "QMI/Messages", 0, qmi_tree_packet, qmi_tree_init, NULL);
  return tap;
}
