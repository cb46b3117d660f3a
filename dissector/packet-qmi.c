/* QMI: the message header, its TLVs, the result TLV and request/response
 * matching. Parsing is wire/'s (wire_qmi_parse_header, wire_qmi_tlv_next);
 * this file only turns what wire/ found into tree items. */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/conversation.h>
#include <epan/proto_data.h>
#include "qrtr-plugin.h"
#include "wire-qmux.h"
#include "wire-info.h"
#include "wire-names.h"
#include "qmi-schema-fields.h"
#include "qmi-handoff.h"
#include "qmi-stats.h"
#include "item-label.h"
#include <epan/tap.h>
#include "wire-render.h"
#include <epan/prefs.h>
#include <wsutil/filesystem.h>
#include <wsutil/report_message.h>
#include <wsutil/str_util.h>

static int proto_qmi = -1;
static int qmi_tap = -1;

static int hf_qmi_type = -1;
static int hf_qmi_flags = -1;     /* services and QRTR */
static int hf_qmi_flags_ctl = -1; /* the same field in CTL's layout */
static int hf_qmi_txn_id = -1;
static int hf_qmi_msg_id = -1;
static int hf_qmi_msg_len = -1;
static int hf_qmi_service = -1;      /* by the QMUX numbering */
static int hf_qmi_service_qrtr = -1; /* the same field by QRTR's */
static int hf_qmi_result = -1;
static int hf_qmi_error = -1;
static int hf_qmi_response_in = -1;
static int hf_qmi_response_to = -1;
static int hf_qmi_response_time = -1;
static int hf_qmi_vendor = -1;
static int hf_qmi_msg_name = -1;
static int hf_qmi_client = -1;

static gint ett_qmi = -1;

static expert_field ei_qmi_short = EI_INIT;
static expert_field ei_qmi_length_beyond = EI_INIT;
static expert_field ei_qmi_trailing = EI_INIT;
static expert_field ei_qmi_unknown_flags = EI_INIT;
static expert_field ei_qmi_error_result = EI_INIT;
static expert_field ei_qmi_no_response = EI_INIT;
static expert_field ei_qmi_other_message = EI_INIT;
static expert_field ei_qmi_unknown_message = EI_INIT;

static const value_string qmi_kind_vals[] = {
  { WIRE_QMI_REQUEST, "Request" },
  { WIRE_QMI_RESPONSE, "Response" },
  { WIRE_QMI_INDICATION, "Indication" },
  { 0, NULL },
};

static const value_string qmi_result_vals[] = {
  { 0, "Success" },
  { 1, "Failure" },
  { 0, NULL },
};




/* Within one link (see QmiLinkKind), a request is known by its client,
 * service and transaction id. */
typedef struct {
  guint32 client, service, txn;
} QmiTransactionKey;

/* One request and what answered it, found on the first pass. The map's
 * key lives in it: one allocation per request, which matters on captures
 * of millions. */
typedef struct {
  QmiTransactionKey key;
  guint32 request_frame;
  guint32 response_frame;
  nstime_t request_time;
  guint16 msg_id;      /* the request's message id */
  const WireMessage *request_msg; /* for the response time statistic */
} QmiTransaction;

static guint txn_key_hash (gconstpointer p)
{
  const QmiTransactionKey *k = p;
  return k->client * 31 + (k->service * 65599 + k->txn);
}

static gboolean txn_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (QmiTransactionKey)) == 0;
}

/* The link whose conversation was looked up last, and its map: a capture
 * is mostly one link, and find_conversation_full (a hash of the whole
 * element list) cost a quarter of this dissector's own time per message.
 * Only the first pass looks links up, in frame order, and each link's
 * conversation is made once, so the memo always holds what the lookup
 * would find. Forgotten when a capture file is closed (qmi_cleanup). */
static struct {
  gboolean valid;
  QmiLinkKind link_kind;
  guint32 link;
  wmem_map_t *pending;
} last_link;

static void qmi_cleanup (void)
{
  last_link.valid = FALSE;
  last_link.pending = NULL;
}

/* The requests of one link still waiting for their response are kept on
 * that link's conversation, as Wireshark's dissectors keep per-connection
 * state: a conversation of its own kind (the string element keeps it apart
 * from every other dissector's), keyed by link kind and number. */
static wmem_map_t *link_pending_requests (packet_info *pinfo, const QmiCarrier *c)
{
  conversation_t *conv;
  wmem_map_t *pending;

  if (last_link.valid && last_link.link_kind == c->link_kind && last_link.link == c->link)
    return last_link.pending;
  conversation_element_t key[] = {
    { .type = CE_STRING, .str_val = "qmi-link" },
    { .type = CE_UINT, .uint_val = c->link_kind },
    { .type = CE_UINT, .uint_val = c->link },
    { .type = CE_CONVERSATION_TYPE, .conversation_type_val = CONVERSATION_NONE },
  };
  conv = find_conversation_full (pinfo->num, key);
  if (!conv)
    conv = conversation_new_full (pinfo->num, key);
  pending = conversation_get_proto_data (conv, proto_qmi);
  if (!pending) {
    pending = wmem_map_new (wmem_file_scope (), txn_key_hash, txn_key_equal);
    conversation_add_proto_data (conv, proto_qmi, pending);
  }
  last_link.valid = TRUE;
  last_link.link_kind = c->link_kind;
  last_link.link = c->link;
  last_link.pending = pending;
  return pending;
}

/* QRTR and QMUX number services differently (WLFW is 69 on QRTR), so the
 * name comes from the carrier's own table. */
static const WireServiceName *carrier_service_name (const QmiCarrier *c)
{
  const WireRegistry *reg = qmi_schema_registry ();
  return c->kind == QMI_CARRIER_QMUX ? wire_registry_qmux_name (reg, c->service)
                                     : wire_registry_qrtr_name (reg, c->service);
}

static const char *service_short_name (const QmiCarrier *c)
{
  const WireServiceName *s = carrier_service_name (c);
  return s ? s->name : NULL;
}

static gint pref_vendor; /* USB vendor id for vendor-specific messages, 0 = the capture's */

static const WireService *schema_service (const QmiCarrier *c)
{
  const WireRegistry *reg = qmi_schema_registry ();
  if (!reg)
    return NULL;
  return c->kind == QMI_CARRIER_QMUX ? wire_registry_service_by_qmux (reg, c->service)
                                     : wire_registry_service_by_qrtr (reg, c->service);
}

static const WireMessage *find_schema_message (const QmiCarrier *c, const WireService *svc, const WireQmiHeader *h)
{
  /* the preference wins over what the capture says about the device */
  return svc ? wire_service_find_message (svc, h->kind, h->msg_id, pref_vendor ? (guint16) pref_vendor : c->vendor)
             : NULL;
}

static const char *message_name (const QmiCarrier *c, const WireQmiHeader *h)
{
  if (c->kind == QMI_CARRIER_QMUX && c->service == 0)
    return wire_registry_ctl_message_name (qmi_schema_registry (), h->msg_id);
  return NULL;
}

/* First pass: remember requests, link responses to them. Later passes: read
 * what the first pass stored on the frame. */
static QmiTransaction *match_transaction (packet_info *pinfo, const QmiCarrier *c,
                                          const WireQmiHeader *h, const WireMessage *msg)
{
  QmiTransaction *t = p_get_proto_data (wmem_file_scope (), pinfo, proto_qmi, 0);
  QmiTransactionKey key = { c->client, c->service, h->txn_id };
  wmem_map_t *pending_requests;

  if (t || PINFO_FD_VISITED (pinfo) || h->kind == WIRE_QMI_INDICATION)
    return t;
  pending_requests = link_pending_requests (pinfo, c);
  if (h->kind == WIRE_QMI_REQUEST) {
    t = wmem_new0 (wmem_file_scope (), QmiTransaction);
    t->key = key;
    t->request_frame = pinfo->num;
    t->request_time = pinfo->abs_ts;
    t->msg_id = h->msg_id;
    t->request_msg = msg;
    wmem_map_insert (pending_requests, &t->key, t);
  } else {
    t = wmem_map_lookup (pending_requests, &key);
    if (t && t->response_frame == 0) {
      t->response_frame = pinfo->num;
      /* answered: only the frames keep it now, the map stays small */
      wmem_map_remove (pending_requests, &key);
    } else {
      t = NULL;
    }
  }
  if (t)
    p_add_proto_data (wmem_file_scope (), pinfo, proto_qmi, 0, t);
  return t;
}

static void add_transaction_items (proto_tree *tree, tvbuff_t *tvb, packet_info *pinfo,
                                   proto_item *msg_item, const WireQmiHeader *h,
                                   const QmiTransaction *t)
{
  proto_item *it;

  if (h->kind == WIRE_QMI_REQUEST) {
    if (t && t->response_frame) {
      it = proto_tree_add_uint (tree, hf_qmi_response_in, tvb, 0, 0, t->response_frame);
      proto_item_set_generated (it);
    } else if (PINFO_FD_VISITED (pinfo)) {
      /* Only after the first pass is it known that nothing answered. */
      expert_add_info (pinfo, msg_item, &ei_qmi_no_response);
    }
  } else if (h->kind == WIRE_QMI_RESPONSE && t && t->request_frame) {
    nstime_t delta;
    it = proto_tree_add_uint (tree, hf_qmi_response_to, tvb, 0, 0, t->request_frame);
    proto_item_set_generated (it);
    nstime_delta (&delta, &pinfo->abs_ts, &t->request_time);
    it = proto_tree_add_time (tree, hf_qmi_response_time, tvb, 0, 0, &delta);
    proto_item_set_generated (it);
    /* a response names the message it answers: another id is a modem (or
     * capture) fault that the transaction id alone would hide */
    if (h->msg_id != t->msg_id)
      expert_add_info_format (pinfo, msg_item, &ei_qmi_other_message,
                              "Response to message 0x%04x, but its request (frame %u) was message 0x%04x",
                              h->msg_id, t->request_frame, t->msg_id);
  }
}

/* The result's fields, its words at the end of the Info text and its
 * numbers for the statistics (info and tap NULL when there are no columns
 * or no listener). */
static void dissect_result_tlv (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tlv_tree,
                                proto_item *msg_item, const WireQmiTlv *tlv, gint base,
                                wmem_strbuf_t *info, QmiTapInfo *tap)
{
  guint32 status, error;
  const char *name;

  gint at = base + (gint) tlv->value_offset;

  status = tvb_get_letohs (tvb, at);
  error = tvb_get_letohs (tvb, at + 2);
  proto_tree_add_uint (tlv_tree, hf_qmi_result, tvb, at, 2, status);
  proto_tree_add_uint (tlv_tree, hf_qmi_error, tvb, at + 2, 2, error);
  if (tap) {
    tap->has_result = TRUE;
    tap->status = (guint16) status;
    tap->error = (guint16) error;
  }
  /* qrtr-capture's line says the same (wire/); wire/ writes a GString:
   * one scratch for the process, copied into the packet's pool before
   * anything can throw */
  if (info) {
    static GString *line;
    if (!line)
      line = g_string_sized_new (64);
    g_string_truncate (line, 0);
    wire_qmi_result_summary (line, qmi_schema_registry (), (guint16) status, (guint16) error);
    wmem_strbuf_append (info, line->str);
  }
  if (status == 0)
    return;
  name = wire_registry_qmi_error_name (qmi_schema_registry (), (guint16) error);
  expert_add_info_format (pinfo, msg_item, &ei_qmi_error_result, "QMI error %u: %s",
                          error, name ? name : "unknown error");
}

typedef struct {
  tvbuff_t *tvb;
  packet_info *pinfo;
  proto_item *msg_item;
  const WireQmiHeader *h;
  gint base;
  wmem_strbuf_t *info;
  QmiTapInfo *tap;
} ResultHook;

/* The result TLV also gets the protocol-wide qmi.result / qmi.error fields,
 * so one filter finds errors of every service. */
static void add_result (gpointer data, proto_tree *tlv_tree, proto_item *tlv_item, const WireQmiTlv *tlv)
{
  ResultHook *r = data;
  (void) tlv_item;
  if (tlv->type == WIRE_QMI_TLV_RESULT && r->h->kind == WIRE_QMI_RESPONSE && tlv->value_len >= 4)
    dissect_result_tlv (r->tvb, r->pinfo, tlv_tree, r->msg_item, tlv, r->base, r->info, r->tap);
}

/* The flags line's value, "0x02 (Response)": the byte and the kind it says
 * in its form's layout (a BASE_CUSTOM field, so Wireshark writes the label
 * only when it is shown). */
static void flags_label (gchar *out, WireQmiForm form, guint32 flags)
{
  gboolean known;
  ItemLabel l;
  item_label_init (&l);
  item_label_hex (&l, flags, 2);
  item_label_add (&l, " (");
  item_label_add (&l, val_to_str_const (wire_qmi_kind_from_flags (form, (guint8) flags, &known), qmi_kind_vals, "?"));
  item_label_add (&l, ")");
  g_strlcpy (out, l.s, ITEM_LABEL_LENGTH);
}

static void flags_label_service (gchar *out, guint32 flags)
{
  flags_label (out, WIRE_QMI_FORM_SERVICE, flags);
}

static void flags_label_ctl (gchar *out, guint32 flags)
{
  flags_label (out, WIRE_QMI_FORM_CTL, flags);
}

/* The flags byte: one line with the kind its bits say (flags_label), in
 * the header form's layout: CTL 0x01 response / 0x02 indication; services
 * and QRTR's type byte 0x02 / 0x04, and QMUX's compound bit 0x01. The kind
 * is also qmi.type, hidden, for filters that work on every layout; a bit
 * of its own is qmi.flags & 0x01. */
static void add_flags (tvbuff_t *tvb, proto_tree *qt, WireQmiForm form, const WireQmiHeader *h)
{
  proto_item *it;
  proto_tree_add_uint (qt, form == WIRE_QMI_FORM_CTL ? hf_qmi_flags_ctl : hf_qmi_flags, tvb, 0, 1, h->flags);
  it = proto_tree_add_uint (qt, hf_qmi_type, tvb, 0, 1, h->kind);
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
}

/* Hidden strings for custom columns (the QMI profile's Message and Client):
 * a custom column shows a field's value, not the text it is drawn with. */
static void add_column_fields (tvbuff_t *tvb, proto_tree *qt, const QmiCarrier *c,
                               const char *msg)
{
  proto_item *it;
  if (msg) {
    it = proto_tree_add_string (qt, hf_qmi_msg_name, tvb, 0, 0, msg);
    proto_item_set_generated (it);
    proto_item_set_hidden (it);
  }
  ItemLabel client;
  item_label_init (&client);
  if (c->kind == QMI_CARRIER_QRTR) {
    item_label_uint (&client, c->client >> 16);
    item_label_add (&client, ":");
    item_label_uint (&client, c->client & 0xffff);
  } else {
    item_label_uint (&client, c->client);
  }
  it = proto_tree_add_string (qt, hf_qmi_client, tvb, 0, 0, client.s);
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
}

/* "Get IDs (0x0025)" when the schemas (or the CTL table) name the message */
static void add_msg_id (tvbuff_t *tvb, proto_tree *qt, gint offset, const WireQmiHeader *h,
                        const char *name)
{
  if (name) {
    ItemLabel label;
    item_label_init (&label);
    item_label_field (&label, hf_qmi_msg_id);
    item_label_add (&label, name);
    item_label_add (&label, " (");
    item_label_hex (&label, h->msg_id, 4);
    item_label_add (&label, ")");
    proto_tree_add_uint_format (qt, hf_qmi_msg_id, tvb, offset, 2, h->msg_id, "%s", label.s);
  } else {
    proto_tree_add_uint (qt, hf_qmi_msg_id, tvb, offset, 2, h->msg_id);
  }
}

/* "Qualcomm MSM Interface, DMS Get IDs Response": the protocol line up to
 * the transaction (wire/'s summary of the message after the protocol's
 * name). A message of the schemas gets it made once per carrier kind (the
 * carriers name services from their own tables); another, each time. */
static const char *line_head (const QmiCarrier *c, const WireMessage *schema_msg, const char *title,
                              const WireQmiHeader *h)
{
  static GHashTable *made[2]; /* per QmiCarrierKind: WireMessage* -> its line head */
  static GString *scratch;
  char *head;
  if (schema_msg && made[c->kind] && (head = g_hash_table_lookup (made[c->kind], schema_msg)))
    return head;
  if (!scratch)
    scratch = g_string_sized_new (96);
  g_string_assign (scratch, proto_get_protocol_name (proto_qmi));
  g_string_append (scratch, ", ");
  wire_qmi_summary_message (scratch, service_short_name (c), c->service, title, h->kind, h->msg_id);
  if (!schema_msg)
    return scratch->str;
  if (!made[c->kind])
    made[c->kind] = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  head = g_strdup (scratch->str);
  g_hash_table_insert (made[c->kind], (gpointer) schema_msg, head);
  return head;
}

/* The Info text's part of a line head: what follows the protocol's name and
 * the ", " line_head puts after it. */
static const char *line_summary (const char *head)
{
  return head + strlen (proto_get_protocol_name (proto_qmi)) + 2;
}

/* qmi.service, named by the carrier's own numbering (one field, registered
 * over each table). The carrier's lines just above name the service already
 * (QMUX's header, QRTR's generated service): hidden, for filters alike on both. */
static void add_service (tvbuff_t *tvb, proto_tree *qt, const QmiCarrier *c)
{
  proto_item *it = proto_tree_add_uint (qt, c->kind == QMI_CARRIER_QMUX ? hf_qmi_service : hf_qmi_service_qrtr,
                                        tvb, 0, 0, c->service);
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
}

static int dissect_qmi (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  const QmiCarrier *c = data;
  guint len = tvb_captured_length (tvb);
  const guint8 *buf = tvb_get_ptr (tvb, 0, (gint) len);
  WireQmiForm form;
  WireQmiHeader h;
  proto_item *ti, *it;
  proto_tree *qt;
  const char *msg;
  QmiTransaction *t;
  wmem_strbuf_t *info;
  const WireService *schema_svc;
  const WireMessage *schema_msg;
  QmiTapInfo *tap;

  if (!c)
    return 0;
  form = c->kind == QMI_CARRIER_QMUX && c->service == 0 ? WIRE_QMI_FORM_CTL : WIRE_QMI_FORM_SERVICE;
  wire_qmi_parse_header (form, buf, len, &h);

  col_set_str (pinfo->cinfo, COL_PROTOCOL, "QMI");
  if (h.problems & WIRE_QMI_FATAL_SHORT) {
    ti = proto_tree_add_item (tree, proto_qmi, tvb, 0, -1, ENC_NA);
    add_service (tvb, proto_item_add_subtree (ti, ett_qmi), c);
    expert_add_info (pinfo, ti, &ei_qmi_short);
    col_set_str (pinfo->cinfo, COL_INFO, "QMI (truncated header)");
    return (int) len;
  }

  schema_svc = schema_service (c);
  schema_msg = find_schema_message (c, schema_svc, &h);
  msg = schema_msg ? schema_msg->title : message_name (c, &h);

  /* qrtr-capture's line says the same (wire/). Per-packet strings live in
   * pinfo->pool: a tvb accessor or a tree limit may throw before the end of
   * this function, and nothing hand-freed would be freed then; wire/'s
   * GString (one scratch for the process) is copied before anything can throw. */
  {
    static GString *txn;
    const char *head = line_head (c, schema_msg, msg, &h);
    ItemLabel label;
    if (!txn)
      txn = g_string_sized_new (16);
    g_string_truncate (txn, 0);
    wire_qmi_summary_txn (txn, h.txn_id);
    /* "Qualcomm MSM Interface, DMS Get IDs Response txn=1" */
    item_label_init (&label);
    item_label_add (&label, head);
    item_label_add (&label, txn->str);
    ti = proto_tree_add_item (tree, proto_qmi, tvb, 0, -1, ENC_NA);
    proto_item_set_text (ti, "%s", label.s);
    /* the Info column's text (the line without the protocol's name), when
     * there are columns (tshark -V has none) */
    info = NULL;
    if (pinfo->cinfo) {
      info = wmem_strbuf_new (pinfo->pool, line_summary (head));
      wmem_strbuf_append (info, txn->str);
    }
  }
  qt = proto_item_add_subtree (ti, ett_qmi);
  add_service (tvb, qt, c);

  add_flags (tvb, qt, form, &h);
  add_column_fields (tvb, qt, c, msg);
  if (schema_msg && schema_msg->vendor) {
    /* which vendor's meaning of the id was taken, and why */
    it = proto_tree_add_uint (qt, hf_qmi_vendor, tvb, 0, 0, schema_msg->vendor);
    proto_item_append_text (it, pref_vendor ? " (qmi.vendor preference)" : " (USB device descriptor)");
    proto_item_set_generated (it);
  }
  /* the values wire/ read, over their bytes: CTL's transaction id is one byte */
  {
    gint txn_len = form == WIRE_QMI_FORM_CTL ? 1 : 2;
    proto_tree_add_uint (qt, hf_qmi_txn_id, tvb, 1, txn_len, h.txn_id);
    add_msg_id (tvb, qt, 1 + txn_len, &h, msg);
    proto_tree_add_uint (qt, hf_qmi_msg_len, tvb, 3 + txn_len, 2, h.msg_len);
  }
  if (h.problems & WIRE_QMI_UNKNOWN_FLAGS)
    expert_add_info (pinfo, ti, &ei_qmi_unknown_flags);
  if (h.problems & WIRE_QMI_LENGTH_BEYOND)
    expert_add_info_format (pinfo, ti, &ei_qmi_length_beyond,
                            "Message length %u runs past the frame (%" G_GSIZE_FORMAT " bytes present)",
                            h.msg_len, h.tlv_len);
  if (h.problems & WIRE_QMI_TRAILING_BYTES)
    proto_tree_add_expert (qt, pinfo, &ei_qmi_trailing, tvb, (gint) (h.header_len + h.msg_len), -1);

  if (!schema_msg) {
    /* the same words as qrtr-capture's "!" line for it */
    gboolean known = schema_svc != NULL;
    const char *svc = service_short_name (c);
    const char *name = svc ? ascii_strup_inplace (wmem_strdup (pinfo->pool, svc))
                           : wmem_strdup_printf (pinfo->pool, "%u", c->service);
    /* wire/ hands back a glib string: into the packet's pool at once, so
     * nothing that may throw runs while it is only freed by hand */
    gchar *rendered = wire_render_unknown_message (name, h.kind, h.msg_id, known);
    const char *note = wmem_strdup (pinfo->pool, rendered);
    g_free (rendered);
    expert_add_info_format (pinfo, ti, &ei_qmi_unknown_message, "%s", note);
  }
  /* what the statistics read, when one listens */
  tap = have_tap_listener (qmi_tap) ? wmem_new0 (pinfo->pool, QmiTapInfo) : NULL;
  {
    ResultHook hook = { tvb, pinfo, ti, &h, (gint) h.header_len, info, tap };
    qmi_schema_dissect_tlvs (tvb, pinfo, qt, (gint) h.header_len, h.tlv_len, schema_msg, add_result, &hook);
  }

  t = match_transaction (pinfo, c, &h, schema_msg);
  add_transaction_items (qt, tvb, pinfo, ti, &h, t);

  if (tap) {
    tap->service = schema_svc;
    tap->service_id = c->service;
    tap->over_qrtr = c->kind == QMI_CARRIER_QRTR;
    tap->kind = h.kind;
    tap->msg_id = h.msg_id;
    tap->message = schema_msg;
    if (h.kind == WIRE_QMI_RESPONSE && t && t->request_frame) {
      tap->answered = TRUE;
      tap->request = t->request_msg;
      tap->request_time = t->request_time;
    }
    tap_queue_packet (qmi_tap, pinfo, tap);
  }

  if (info)
    col_add_str (pinfo->cinfo, COL_INFO, wmem_strbuf_get_str (info));
  return (int) len;
}

/* ---------- the schema folder preference ---------- */

/* Schema fields become hf fields at registration, before Wireshark reads
 * the preferences; so the folder is taken from the profile's preferences
 * file directly at start-up (the profile is chosen before registration),
 * and a later change is reported as needing a restart. */
static const char *pref_schema_dir;
static char *schema_dir_at_start;

static char *peek_schema_dir_pref (void)
{
  char *path = get_persconffile_path ("preferences", TRUE);
  gchar *text = NULL, *found = NULL;
  if (g_file_get_contents (path, &text, NULL, NULL)) {
    gchar **lines = g_strsplit (text, "\n", -1);
    for (gchar **l = lines; *l; l++)
      if (g_str_has_prefix (*l, "qmi.schema_dir:")) {
        g_free (found);
        found = g_strstrip (g_strdup (*l + strlen ("qmi.schema_dir:")));
      }
    g_strfreev (lines);
    g_free (text);
  }
  g_free (path);
  if (found && !*found) {
    g_free (found);
    found = NULL;
  }
  return found;
}

/* wire/'s search order (installed, personal, QMI_SCHEMA_PATH reversed: the
 * first two are always there) with the preference's folder after the
 * personal one. */
char **
qmi_schema_dirs (void)
{
  char **base = wire_registry_default_dirs ();
  GPtrArray *dirs = g_ptr_array_new ();
  schema_dir_at_start = peek_schema_dir_pref ();
  for (guint i = 0; base[i]; i++) {
    if (i == 2 && schema_dir_at_start)
      g_ptr_array_add (dirs, g_strdup (schema_dir_at_start));
    g_ptr_array_add (dirs, base[i]);
  }
  if (g_strv_length (base) <= 2 && schema_dir_at_start)
    g_ptr_array_add (dirs, g_strdup (schema_dir_at_start));
  g_free (base); /* its strings moved to dirs */
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

static void schema_dir_changed (void)
{
  const char *now = pref_schema_dir ? pref_schema_dir : "";
  if (g_strcmp0 (now, schema_dir_at_start ? schema_dir_at_start : "") != 0)
    report_failure ("QMI: the schema folder \"%s\" is read at start-up; restart to load it "
                    "(or set QMI_SCHEMA_PATH)", now);
}

static gint compare_u16 (gconstpointer a, gconstpointer b)
{
  return (gint) *(const guint16 *) a - (gint) *(const guint16 *) b;
}

/* The vendor preference's choices: the vendors the loaded schemas have
 * messages for, by name, plus "from the capture". Names are "0x1199" so
 * that -o qmi.vendor:0x1199 reads as the old hexadecimal preference did. */
static const enum_val_t *vendor_choices (void)
{
  const WireRegistry *reg = qmi_schema_registry ();
  const GPtrArray *services = reg ? wire_registry_services (reg) : NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint16));
  GArray *choices = g_array_new (TRUE, TRUE, sizeof (enum_val_t));
  enum_val_t capture = { "capture", "From the capture's USB device descriptor", 0 };

  for (guint i = 0; services && i < services->len; i++) {
    const WireService *svc = g_ptr_array_index (services, i);
    for (guint m = 0; m < svc->messages->len; m++) {
      guint16 v = ((const WireMessage *) g_ptr_array_index (svc->messages, m))->vendor;
      gboolean seen = v == 0;
      for (guint k = 0; k < ids->len && !seen; k++)
        seen = g_array_index (ids, guint16, k) == v;
      if (!seen)
        g_array_append_val (ids, v);
    }
  }
  g_array_sort (ids, (GCompareFunc) compare_u16);
  g_array_append_val (choices, capture);
  for (guint k = 0; k < ids->len; k++) {
    guint16 v = g_array_index (ids, guint16, k);
    const char *maker = wire_value_name (wire_usb_vendors, v);
    enum_val_t e = { g_strdup_printf ("0x%04x", v),
                     maker ? g_strdup_printf ("%s (0x%04x)", maker, v)
                           : g_strdup_printf ("Vendor 0x%04x (named in the schemas only)", v),
                     v };
    g_array_append_val (choices, e);
  }
  g_array_free (ids, TRUE);
  return (const enum_val_t *) g_array_free (choices, FALSE);
}

void
proto_register_qmi (void)
{
  static hf_register_info hf[] = {
    { &hf_qmi_type, { "Type", "qmi.type", FT_UINT8, BASE_DEC, VALS (qmi_kind_vals), 0x0,
                      "Request, response or indication (from the flags)", HFILL } },
    { &hf_qmi_flags, { "Flags", "qmi.flags", FT_UINT8, BASE_CUSTOM, CF_FUNC (flags_label_service), 0x0,
                       "Control flags (QMUX) or message type byte (QRTR)", HFILL } },
    { &hf_qmi_flags_ctl, { "Flags", "qmi.flags", FT_UINT8, BASE_CUSTOM, CF_FUNC (flags_label_ctl), 0x0,
                           "Control flags (QMUX) or message type byte (QRTR)", HFILL } },
    { &hf_qmi_txn_id, { "Transaction ID", "qmi.txn_id", FT_UINT16, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qmi_msg_id, { "Message ID", "qmi.msg_id", FT_UINT16, BASE_HEX, NULL, 0x0, NULL, HFILL } },
    { &hf_qmi_msg_len, { "Message length", "qmi.msg_len", FT_UINT16, BASE_DEC, NULL, 0x0,
                         "Bytes of TLVs after the header", HFILL } },
    { &hf_qmi_service, { "Service", "qmi.service", FT_UINT32, BASE_DEC | BASE_EXT_STRING, NULL /* QMUX's */,
                         0x0, "From the QMUX header, or learned from the QRTR name service", HFILL } },
    { &hf_qmi_service_qrtr, { "Service", "qmi.service", FT_UINT32, BASE_DEC | BASE_EXT_STRING, NULL /* QRTR's */,
                              0x0, "From the QMUX header, or learned from the QRTR name service", HFILL } },
    { &hf_qmi_result, { "Result", "qmi.result", FT_UINT16, BASE_DEC, VALS (qmi_result_vals), 0x0,
                        NULL, HFILL } },
    { &hf_qmi_error, { "Error", "qmi.error", FT_UINT16, BASE_DEC | BASE_EXT_STRING, NULL /* the schemas' */, 0x0,
                       NULL, HFILL } },
    { &hf_qmi_response_in, { "Response In", "qmi.response_in", FT_FRAMENUM, BASE_NONE,
                             FRAMENUM_TYPE (FT_FRAMENUM_RESPONSE), 0x0, NULL, HFILL } },
    { &hf_qmi_response_to, { "Request In", "qmi.response_to", FT_FRAMENUM, BASE_NONE,
                             FRAMENUM_TYPE (FT_FRAMENUM_REQUEST), 0x0, NULL, HFILL } },
    { &hf_qmi_msg_name, { "Message", "qmi.msg_name", FT_STRING, BASE_NONE, NULL, 0x0,
                          "The message's name from the schemas", HFILL } },
    { &hf_qmi_client, { "Client", "qmi.client", FT_STRING, BASE_NONE, NULL, 0x0,
                        "QMUX client id, or the QRTR client's node:port", HFILL } },
    { &hf_qmi_vendor, { "Vendor", "qmi.vendor", FT_UINT16, BASE_HEX, WIRE_VALS (wire_usb_vendors), 0x0,
                        "USB vendor whose vendor-specific message this is", HFILL } },
    { &hf_qmi_response_time, { "Response Time", "qmi.response_time", FT_RELATIVE_TIME, BASE_NONE,
                               NULL, 0x0, "Time between the request and this response", HFILL } },
  };
  static gint *ett[] = { &ett_qmi };
  static ei_register_info ei[] = {
    { &ei_qmi_short, { "qmi.expert.short", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qmi_length_beyond, { "qmi.expert.length_beyond", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qmi_trailing, { "qmi.expert.trailing", PI_PROTOCOL, PI_WARN, NULL, EXPFILL } },
    { &ei_qmi_unknown_flags, { "qmi.expert.unknown_flags", PI_PROTOCOL, PI_WARN, NULL, EXPFILL } },
    { &ei_qmi_error_result, { "qmi.expert.error_result", PI_RESPONSE_CODE, PI_NOTE,
                              "QMI error result", EXPFILL } },
    { &ei_qmi_unknown_message, { "qmi.expert.unknown_message", PI_UNDECODED, PI_NOTE,
                                 "Message not in the schemas", EXPFILL } },
    { &ei_qmi_no_response, { "qmi.expert.no_response", PI_SEQUENCE, PI_NOTE,
                             "Request without a response in the capture", EXPFILL } },
    { &ei_qmi_other_message, { "qmi.expert.response_other_message", PI_SEQUENCE, PI_WARN,
                               "Response with another message id than its request", EXPFILL } },
  };
  expert_module_t *expert;

  for (guint i = 0; i < G_N_ELEMENTS (hf); i++)
    if (hf[i].p_id == &hf_qmi_error)
      hf[i].hfinfo.strings = qrtr_plugin_qmi_error_vals ();
    else if (hf[i].p_id == &hf_qmi_service)
      hf[i].hfinfo.strings = qrtr_plugin_qmux_service_vals ();
    else if (hf[i].p_id == &hf_qmi_service_qrtr)
      hf[i].hfinfo.strings = qrtr_plugin_qrtr_service_vals ();
  proto_qmi = proto_register_protocol ("Qualcomm MSM Interface", "QMI", "qmi");
  proto_register_field_array (proto_qmi, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  {
    /* the words of qrtr-capture's problem lines, wire/'s */
    static const struct { guint bit; expert_field *ei; } named[] = {
      { WIRE_QMI_FATAL_SHORT, &ei_qmi_short },
      { WIRE_QMI_LENGTH_BEYOND, &ei_qmi_length_beyond },
      { WIRE_QMI_TRAILING_BYTES, &ei_qmi_trailing },
      { WIRE_QMI_UNKNOWN_FLAGS, &ei_qmi_unknown_flags },
    };
    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      qrtr_plugin_ei_summary (ei, G_N_ELEMENTS (ei), named[i].ei, wire_qmi_problem_name (named[i].bit));
  }
  expert = expert_register_protocol (proto_qmi);
  expert_register_field_array (expert, ei, array_length (ei));
  register_dissector (QMI_DISSECTOR_NAME, dissect_qmi, proto_qmi);
  register_cleanup_routine (qmi_cleanup);
  qmi_schema_register (proto_qmi);
  qmi_tap = qmi_stats_register (proto_qmi);
  {
    module_t *prefs = prefs_register_protocol (proto_qmi, schema_dir_changed);
    pref_schema_dir = schema_dir_at_start ? schema_dir_at_start : "";
    prefs_register_directory_preference (prefs, "schema_dir", "Schema folder",
      "A folder of QMI schema files (*.json), read at start-up after the installed and the "
      "personal schemas and before QMI_SCHEMA_PATH (later folders override earlier ones). "
      "Fields are registered when Wireshark starts: a change takes effect at the next start.",
      &pref_schema_dir);
    prefs_register_enum_preference (prefs, "vendor", "Vendor of vendor-specific messages",
      "Message ids that vendors reuse (e.g. DMS 0x5556: HP 0x03f0, Sierra 0x1199) are decoded as this "
      "vendor's. \"capture\": the vendor of the USB device in the capture's device descriptor, or "
      "generic messages only when there is none. On the command line: -o qmi.vendor:0x1199.",
      &pref_vendor, vendor_choices (), FALSE);
  }
}

void
proto_reg_handoff_qmi (void)
{
  qmi_handoff_init ();
}
