/* QRTR: the routing header (v1 and v2), control / name-service packets, and
 * the hand-off of data packets to the service learned from the name service.
 * Parsing and the tracker are wire/'s; this file builds the tree. */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/address_types.h>
#include <epan/to_str.h>
#include <epan/conversation_table.h>
#include <epan/conversation_filter.h>
#include <epan/tap.h>
#include <epan/uat.h>
#include <epan/decode_as.h>
#include <epan/proto_data.h>
#include <wsutil/report_message.h>
#include <wsutil/str_util.h>
#include "qrtr-plugin.h"
#include "qmi-schema-fields.h"
#include "ws-compat.h"
#include "wire-qrtr.h"
#include "wire-info.h"
#include "wire-ns.h"
#include "wire-names.h"

static int proto_qrtr = -1;
static int hf_qrtr_version = -1;
static int hf_qrtr_type = -1;
static int hf_qrtr_src_node = -1;
static int hf_qrtr_src_port = -1;
static int hf_qrtr_dst_node = -1;
static int hf_qrtr_dst_port = -1;
static int hf_qrtr_size = -1;
static int hf_qrtr_confirm_rx = -1;
static int hf_qrtr_flags = -1;
static int hf_qrtr_optlen = -1;
static int hf_qrtr_optional = -1;
static int hf_qrtr_padding = -1;
static int hf_qrtr_service = -1;
static int hf_qrtr_service_version = -1;
static int hf_qrtr_service_instance = -1;
static int hf_qrtr_announced_in = -1;
static int hf_qrtr_ctrl = -1;
static int hf_qrtr_ctrl_cmd = -1;
static int hf_qrtr_ctrl_service = -1;
static int hf_qrtr_ctrl_version = -1;
static int hf_qrtr_ctrl_instance = -1;
static int hf_qrtr_ctrl_node = -1;
static int hf_qrtr_ctrl_port = -1;
static int hf_qrtr_ctrl_end_of_list = -1;
static int hf_qrtr_payload = -1;
static int hf_qrtr_src = -1;
static int hf_qrtr_dst = -1;
static int hf_qrtr_addr = -1;
static int qrtr_address_type = -1;
static int qrtr_tap = -1;

static gint ett_qrtr = -1;
static gint ett_qrtr_ctrl = -1;

static expert_field ei_qrtr_short = EI_INIT;
static expert_field ei_qrtr_version = EI_INIT;
static expert_field ei_qrtr_size_zero = EI_INIT;
static expert_field ei_qrtr_size_beyond = EI_INIT;
static expert_field ei_qrtr_optlen_beyond = EI_INIT;
static expert_field ei_qrtr_bad_padding = EI_INIT;
static expert_field ei_qrtr_trailing = EI_INIT;
static expert_field ei_qrtr_padding_missing = EI_INIT;
static expert_field ei_qrtr_ctrl_short = EI_INIT;
static expert_field ei_qrtr_unresolved = EI_INIT;

static dissector_table_t service_table;
static dissector_handle_t qmi_handle;
static dissector_handle_t tftp_handle;
static WireNsTracker *tracker;
static const char *pref_static_services = "";

static const value_string qrtr_version_vals[] = {
  { WIRE_QRTR_VERSION_1, "v1" },
  { WIRE_QRTR_VERSION_2, "v2" },
  { 0, NULL },
};


/* Each expert info that a header problem bit raises (the fatal ones before
 * the header is shown, the rest after); its summary is wire/'s name of the bit. */
static const struct {
  guint bit;
  expert_field *ei;
} header_problems[] = {
  { WIRE_QRTR_FATAL_SHORT, &ei_qrtr_short },
  { WIRE_QRTR_FATAL_VERSION, &ei_qrtr_version },
  { WIRE_QRTR_SIZE_ZERO, &ei_qrtr_size_zero },
  { WIRE_QRTR_SIZE_BEYOND_FRAME, &ei_qrtr_size_beyond },
  { WIRE_QRTR_OPTLEN_BEYOND_FRAME, &ei_qrtr_optlen_beyond },
  { WIRE_QRTR_BAD_PADDING, &ei_qrtr_bad_padding },
  { WIRE_QRTR_TRAILING_BYTES, &ei_qrtr_trailing },
  { WIRE_QRTR_PADDING_MISSING, &ei_qrtr_padding_missing },
};

/* ---------- static services: a table (UAT) and the older string ---------- */

/* A row of the "QRTR static services" table: who serves what where the
 * capture holds no NEW_SERVER for it. */
typedef struct {
  char *node;       /* decimal, or empty / "any" for every node */
  guint port;
  guint service;
  guint version;
  guint instance;
} StaticService;

static StaticService *static_services;
static guint n_static_services;

UAT_CSTRING_CB_DEF (static_services, node, StaticService)
UAT_DEC_CB_DEF (static_services, port, StaticService)
UAT_DEC_CB_DEF (static_services, service, StaticService)
UAT_DEC_CB_DEF (static_services, version, StaticService)
UAT_DEC_CB_DEF (static_services, instance, StaticService)

static gboolean parse_node (const char *text, guint32 *node)
{
  guint64 v;
  if (!text || !*text || g_ascii_strcasecmp (text, "any") == 0) {
    *node = WIRE_QRTR_NODE_BCAST;
    return TRUE;
  }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    return FALSE;
  *node = (guint32) v;
  return TRUE;
}

/* Every row is checked as it is entered or read: the table refuses a bad
 * one with a message, it is never dropped unseen. */
static qrtr_ws_bool static_service_update (void *r, char **err)
{
  const StaticService *s = r;
  guint32 node;
  if (!parse_node (s->node, &node)) {
    *err = g_strdup_printf ("Node \"%s\" is not a decimal node number or \"any\"", s->node);
    return FALSE;
  }
  if (s->port == 0) {
    *err = g_strdup ("Port 0 is not a service port");
    return FALSE;
  }
  if (s->version > 0xff) {
    *err = g_strdup_printf ("Version %u does not fit the 8 bits QRTR gives it", s->version);
    return FALSE;
  }
  if (s->instance > 0xffffff) {
    *err = g_strdup_printf ("Instance %u does not fit the 24 bits QRTR gives it", s->instance);
    return FALSE;
  }
  *err = NULL;
  return TRUE;
}

static void *static_service_copy (void *dst, const void *src, size_t len _U_)
{
  StaticService *d = dst;
  const StaticService *s = src;
  *d = *s;
  d->node = g_strdup (s->node);
  return d;
}

static void static_service_free (void *r)
{
  g_free (((StaticService *) r)->node);
}

/* The older preference: "node:port=service[.version[.instance]]" or
 * "port=service", comma-separated. Still read, after the table; an item it
 * cannot read is reported, not skipped in silence. */
static void apply_static_string (gboolean report)
{
  gchar **items;

  if (!pref_static_services || !*pref_static_services)
    return;
  items = g_strsplit (pref_static_services, ",", -1);
  for (gchar **p = items; *p; p++) {
    guint node = WIRE_QRTR_NODE_BCAST, port = 0, service = 0, version = 0, instance = 0;
    gchar *item = g_strstrip (*p);
    char tail;
    if (!*item)
      continue;
    if (sscanf (item, "%u:%u=%u.%u.%u%c", &node, &port, &service, &version, &instance, &tail) >= 3 &&
        strchr (item, ':') && !strpbrk (item, " \t"))
      wire_ns_tracker_add_static (tracker, node, port, service, version, instance);
    else if ((node = WIRE_QRTR_NODE_BCAST, !strchr (item, ':')) &&
             sscanf (item, "%u=%u.%u.%u%c", &port, &service, &version, &instance, &tail) >= 2 &&
             !strpbrk (item, " \t"))
      wire_ns_tracker_add_static (tracker, node, port, service, version, instance);
    else if (report)
      report_failure ("QRTR preference qrtr.static_services: cannot read \"%s\" "
                      "(want node:port=service[.version[.instance]] or port=service)", item);
  }
  g_strfreev (items);
}

static void load_static_services (gboolean report)
{
  wire_ns_tracker_clear_static (tracker);
  for (guint i = 0; i < n_static_services; i++) {
    const StaticService *s = &static_services[i];
    guint32 node;
    if (parse_node (s->node, &node))
      wire_ns_tracker_add_static (tracker, node, s->port, s->service, s->version, s->instance);
  }
  apply_static_string (report);
}

/* preferences changed (or read): the moment to say what cannot be read */
static void apply_static_services (void)
{
  load_static_services (TRUE);
}

static void qrtr_init (void)
{
  wire_ns_tracker_reset (tracker);
  load_static_services (FALSE);
}

/* ---------- addresses: node:port ---------- */

/* What a QRTR address column shows and its filters match: "7:1", with the
 * broadcast node and the control port named. */
typedef struct {
  guint32 node, port;
} QrtrAddress;

static int qrtr_addr_to_str (const address *addr, gchar *buf, int buf_len)
{
  QrtrAddress a;
  gchar node[12], port[12];
  memcpy (&a, addr->data, sizeof a);
  if (a.node == WIRE_QRTR_NODE_BCAST)
    g_strlcpy (node, "bcast", sizeof node);
  else
    g_snprintf (node, sizeof node, "%u", a.node);
  if (a.port == WIRE_QRTR_PORT_CTRL)
    g_strlcpy (port, "ctrl", sizeof port);
  else
    g_snprintf (port, sizeof port, "%u", a.port);
  return g_snprintf (buf, buf_len, "%s:%s", node, port) + 1;
}

static int qrtr_addr_str_len (const address *addr _U_)
{
  return 2 * 10 + 2; /* "4294967295:4294967295" */
}

static int qrtr_addr_len (void)
{
  return (int) sizeof (QrtrAddress);
}

/* Apply as Filter on the Source column: the fields are strings, so
 * Wireshark quotes the address (qrtr.src == "0:ctrl"). */
static const char *qrtr_col_filter_str (const address *addr _U_, qrtr_ws_bool is_src)
{
  return is_src ? "qrtr.src" : "qrtr.dst";
}

/* Sets pinfo's addresses and adds the string fields the column filters use. */
static void set_addresses (tvbuff_t *tvb, packet_info *pinfo, proto_tree *qt, const WireQrtrHeader *h)
{
  QrtrAddress *src = wmem_new (pinfo->pool, QrtrAddress);
  QrtrAddress *dst = wmem_new (pinfo->pool, QrtrAddress);
  proto_item *it;
  *src = (QrtrAddress) { h->src_node, h->src_port };
  *dst = (QrtrAddress) { h->dst_node, h->dst_port };
  set_address (&pinfo->src, qrtr_address_type, (int) sizeof *src, src);
  set_address (&pinfo->dst, qrtr_address_type, (int) sizeof *dst, dst);
  pinfo->srcport = h->src_port;
  pinfo->destport = h->dst_port;
  if (!qt)
    return;
  it = proto_tree_add_string (qt, hf_qrtr_src, tvb, 0, 0, address_to_str (pinfo->pool, &pinfo->src));
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
  it = proto_tree_add_string (qt, hf_qrtr_dst, tvb, 0, 0, address_to_str (pinfo->pool, &pinfo->dst));
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
  it = proto_tree_add_string (qt, hf_qrtr_addr, tvb, 0, 0, address_to_str (pinfo->pool, &pinfo->src));
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
  it = proto_tree_add_string (qt, hf_qrtr_addr, tvb, 0, 0, address_to_str (pinfo->pool, &pinfo->dst));
  proto_item_set_generated (it);
  proto_item_set_hidden (it);
}

/* ---------- conversations and endpoints (Statistics, -z conv,qrtr) ---------- */

static const char *qrtr_conv_filter_type (conv_item_t *conv, conv_filter_type_e filter)
{
  if (conv->src_address.type != AT_STRINGZ)
    return CONV_FILTER_INVALID;
  switch (filter) {
  case CONV_FT_SRC_ADDRESS: return "qrtr.src";
  case CONV_FT_DST_ADDRESS: return "qrtr.dst";
  case CONV_FT_ANY_ADDRESS: return "qrtr.addr";
  default: return CONV_FILTER_INVALID;
  }
}

static ct_dissector_info_t qrtr_ct_info = { &qrtr_conv_filter_type };

/* The tables hold the addresses as text: Wireshark quotes text addresses
 * (and only those) in the filters it builds from a table row, and
 * qrtr.addr == "0:ctrl" needs the quotes. */
static void address_as_text (packet_info *pinfo, const address *in, address *out)
{
  char *text = address_to_str (pinfo->pool, in);
  set_address (out, AT_STRINGZ, (int) strlen (text) + 1, text);
}

static tap_packet_status qrtr_conversation_packet (void *pct, packet_info *pinfo, epan_dissect_t *edt _U_,
                                                   const void *vip _U_, tap_flags_t flags)
{
  conv_hash_t *hash = pct;
  address src, dst;
  hash->flags = flags;
  address_as_text (pinfo, &pinfo->src, &src);
  address_as_text (pinfo, &pinfo->dst, &dst);
  add_conversation_table_data (hash, &src, &dst, 0, 0, 1, pinfo->fd->pkt_len, &pinfo->rel_ts,
                               &pinfo->abs_ts, &qrtr_ct_info, CONVERSATION_NONE);
  return TAP_PACKET_REDRAW;
}

static const char *qrtr_endpoint_filter_type (endpoint_item_t *endpoint, conv_filter_type_e filter)
{
  return filter == CONV_FT_ANY_ADDRESS && endpoint->myaddress.type == AT_STRINGZ ? "qrtr.addr"
                                                                                       : CONV_FILTER_INVALID;
}

static et_dissector_info_t qrtr_endpoint_info = { &qrtr_endpoint_filter_type };

static tap_packet_status qrtr_endpoint_packet (void *pit, packet_info *pinfo, epan_dissect_t *edt _U_,
                                               const void *vip _U_, tap_flags_t flags)
{
  conv_hash_t *hash = pit;
  address src, dst;
  hash->flags = flags;
  address_as_text (pinfo, &pinfo->src, &src);
  address_as_text (pinfo, &pinfo->dst, &dst);
  add_endpoint_table_data (hash, &src, 0, TRUE, 1, pinfo->fd->pkt_len, &qrtr_endpoint_info, ENDPOINT_NONE);
  add_endpoint_table_data (hash, &dst, 0, FALSE, 1, pinfo->fd->pkt_len, &qrtr_endpoint_info, ENDPOINT_NONE);
  return TAP_PACKET_REDRAW;
}

/* Conversation Filter > QRTR: both ends of this packet, either direction. */
static qrtr_ws_bool qrtr_filter_valid (QRTR_CONV_FILTER_PARAMS)
{
  return proto_is_frame_protocol (pinfo->layers, "qrtr") && pinfo->src.type == qrtr_address_type;
}

static gchar *qrtr_build_filter (QRTR_CONV_FILTER_PARAMS)
{
  gchar *a = address_to_str (NULL, &pinfo->src);
  gchar *b = address_to_str (NULL, &pinfo->dst);
  gchar *f = g_strdup_printf ("qrtr.addr == \"%s\" && qrtr.addr == \"%s\"", a, b);
  wmem_free (NULL, a);
  wmem_free (NULL, b);
  return f;
}

static void add_header (tvbuff_t *tvb, proto_tree *qt, const WireQrtrHeader *h)
{
  proto_item *it;

  if (h->version == WIRE_QRTR_VERSION_1) {
    proto_tree_add_item (qt, hf_qrtr_version, tvb, 0, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (qt, hf_qrtr_type, tvb, 4, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (qt, hf_qrtr_src_node, tvb, 8, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (qt, hf_qrtr_src_port, tvb, 12, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_boolean (qt, hf_qrtr_confirm_rx, tvb, 16, 4, h->confirm_rx);
    proto_tree_add_item (qt, hf_qrtr_size, tvb, 20, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (qt, hf_qrtr_dst_node, tvb, 24, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (qt, hf_qrtr_dst_port, tvb, 28, 4, ENC_LITTLE_ENDIAN);
    return;
  }
  proto_tree_add_item (qt, hf_qrtr_version, tvb, 0, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qrtr_type, tvb, 1, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qrtr_flags, tvb, 2, 1, ENC_NA);
  proto_tree_add_boolean (qt, hf_qrtr_confirm_rx, tvb, 2, 1, h->confirm_rx);
  proto_tree_add_item (qt, hf_qrtr_optlen, tvb, 3, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qrtr_size, tvb, 4, 4, ENC_LITTLE_ENDIAN);
  proto_tree_add_item (qt, hf_qrtr_src_node, tvb, 8, 2, ENC_LITTLE_ENDIAN);
  /* ports are shown widened, as the kernel treats them (0xfffe = control) */
  proto_tree_add_uint (qt, hf_qrtr_src_port, tvb, 10, 2, h->src_port);
  proto_tree_add_item (qt, hf_qrtr_dst_node, tvb, 12, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_uint (qt, hf_qrtr_dst_port, tvb, 14, 2, h->dst_port);
  if (h->optlen && !(h->problems & WIRE_QRTR_OPTLEN_BEYOND_FRAME)) {
    it = proto_tree_add_item (qt, hf_qrtr_optional, tvb, WIRE_QRTR_V2_HEADER_LEN, h->optlen, ENC_NA);
    (void) it;
  }
}

static void dissect_ctrl (tvbuff_t *tvb, packet_info *pinfo, proto_tree *qt, proto_item *qti,
                          const WireQrtrHeader *h)
{
  gint base = (gint) h->header_len;
  const guint8 *p = tvb_get_ptr (tvb, base, (gint) h->payload_len);
  WireQrtrCtrl c;
  proto_item *ti;
  proto_tree *ct;
  GString *info;

  if (!wire_qrtr_parse_ctrl (p, h->payload_len, &c)) {
    expert_add_info (pinfo, qti, &ei_qrtr_ctrl_short);
    return;
  }
  if (!PINFO_FD_VISITED (pinfo))
    wire_ns_tracker_feed (tracker, pinfo->num, h->src_node, &c);
  /* qrtr-capture's text line says the same (wire/); nothing between new
   * and free can throw */
  info = g_string_new (NULL);
  wire_qrtr_ctrl_summary (info, qmi_schema_registry (), &c, h->src_node);
  col_add_str (pinfo->cinfo, COL_INFO, info->str);
  g_string_free (info, TRUE);

  ti = proto_tree_add_item (qt, hf_qrtr_ctrl, tvb, base, (gint) h->payload_len, ENC_NA);
  ct = proto_item_add_subtree (ti, ett_qrtr_ctrl);
  proto_tree_add_item (ct, hf_qrtr_ctrl_cmd, tvb, base, 4, ENC_LITTLE_ENDIAN);
  if (c.short_payload)
    expert_add_info (pinfo, ti, &ei_qrtr_ctrl_short);

  if (c.form == WIRE_QRTR_CTRL_FORM_SERVER) {
    proto_tree_add_item (ct, hf_qrtr_ctrl_service, tvb, base + 4, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_uint (ct, hf_qrtr_ctrl_version, tvb, base + 8, 4, c.version);
    proto_tree_add_uint (ct, hf_qrtr_ctrl_instance, tvb, base + 8, 4, c.instance_id);
    proto_tree_add_item (ct, hf_qrtr_ctrl_node, tvb, base + 12, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (ct, hf_qrtr_ctrl_port, tvb, base + 16, 4, ENC_LITTLE_ENDIAN);
    if (c.end_of_list) {
      proto_item *e = proto_tree_add_boolean (ct, hf_qrtr_ctrl_end_of_list, tvb, base, 20, TRUE);
      proto_item_set_generated (e);
    }
  } else if (c.form == WIRE_QRTR_CTRL_FORM_CLIENT) {
    proto_tree_add_item (ct, hf_qrtr_ctrl_node, tvb, base + 4, 4, ENC_LITTLE_ENDIAN);
    proto_tree_add_item (ct, hf_qrtr_ctrl_port, tvb, base + 8, 4, ENC_LITTLE_ENDIAN);
  }
}

static void dissect_data (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, proto_tree *qt,
                          proto_item *qti, const WireQrtrHeader *h)
{
  tvbuff_t *payload = tvb_new_subset_length (tvb, (gint) h->header_len, (gint) h->payload_len);
  WireNsEntry e;
  gboolean server_is_dst = TRUE;
  QmiCarrier carrier = { 0 };
  proto_item *it;

  col_add_fstr (pinfo->cinfo, COL_INFO, "DATA %u:%u -> %u:%u", h->src_node, h->src_port,
                h->dst_node, h->dst_port);
  if (!wire_ns_tracker_resolve (tracker, h->src_node, h->src_port, h->dst_node, h->dst_port,
                                pinfo->num, &e, &server_is_dst)) {
    expert_add_info (pinfo, qti, &ei_qrtr_unresolved);
    proto_tree_add_item (qt, hf_qrtr_payload, tvb, (gint) h->header_len, (gint) h->payload_len, ENC_NA);
    return;
  }
  it = proto_tree_add_uint (qt, hf_qrtr_service, tvb, 0, 0, e.service);
  proto_item_set_generated (it);
  it = proto_tree_add_uint (qt, hf_qrtr_service_version, tvb, 0, 0, e.version);
  proto_item_set_generated (it);
  it = proto_tree_add_uint (qt, hf_qrtr_service_instance, tvb, 0, 0, e.instance);
  proto_item_set_generated (it);
  if (e.first_frame) {
    it = proto_tree_add_uint (qt, hf_qrtr_announced_in, tvb, 0, 0, e.first_frame);
    proto_item_set_generated (it);
  }
  p_add_proto_data (pinfo->pool, pinfo, proto_qrtr, 0, GUINT_TO_POINTER (e.service));
  carrier.kind = QMI_CARRIER_QRTR;
  carrier.service = e.service;
  /* the client is whichever end is not the server */
  carrier.client = server_is_dst ? (h->src_node << 16 | (h->src_port & 0xffff))
                                 : (h->dst_node << 16 | (h->dst_port & 0xffff));
  carrier.link_kind = QMI_LINK_QRTR;
  carrier.link = server_is_dst ? (h->dst_node << 16 | (h->dst_port & 0xffff))
                               : (h->src_node << 16 | (h->src_port & 0xffff));
  /* the table holds what Decode As chose (and TFTP); QMI otherwise */
  if (!qrtr_dissector_try_uint (service_table, e.service, payload, pinfo, tree, &carrier))
    call_dissector_with_data (qmi_handle, payload, pinfo, tree, &carrier);
}

static int dissect_qrtr (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
  guint len = tvb_captured_length (tvb);
  const guint8 *buf = tvb_get_ptr (tvb, 0, (gint) len);
  WireQrtrHeader h;
  proto_item *ti;
  proto_tree *qt;

  col_set_str (pinfo->cinfo, COL_PROTOCOL, "QRTR");
  col_clear (pinfo->cinfo, COL_INFO);
  wire_qrtr_parse_header (buf, len, &h);
  ti = proto_tree_add_item (tree, proto_qrtr, tvb, 0, -1, ENC_NA);
  qt = proto_item_add_subtree (ti, ett_qrtr);
  if (h.problems & WIRE_QRTR_FATAL_SHORT) {
    expert_add_info (pinfo, ti, &ei_qrtr_short);
    col_set_str (pinfo->cinfo, COL_INFO, "QRTR (truncated header)");
    return (int) len;
  }
  if (h.problems & WIRE_QRTR_FATAL_VERSION) {
    proto_tree_add_item (qt, hf_qrtr_version, tvb, 0, 1, ENC_NA);
    expert_add_info (pinfo, ti, &ei_qrtr_version);
    col_add_fstr (pinfo->cinfo, COL_INFO, "QRTR unknown version %u", buf[0]);
    return (int) len;
  }
  add_header (tvb, qt, &h);
  set_addresses (tvb, pinfo, qt, &h);
  tap_queue_packet (qrtr_tap, pinfo, NULL);
  proto_item_append_text (ti, " %s, %s, %u:%u -> %u:%u", val_to_str_const (h.version, qrtr_version_vals, "?"),
                          qrtr_val_to_str (pinfo->pool, h.type, WIRE_VALS (wire_qrtr_types), "type %u"),
                          h.src_node, h.src_port, h.dst_node, h.dst_port);
  for (guint i = 0; i < G_N_ELEMENTS (header_problems); i++)
    if (h.problems & header_problems[i].bit & ~WIRE_QRTR_FATAL)
      expert_add_info (pinfo, ti, header_problems[i].ei);
  if (h.payload_len + h.header_len < len && !(h.problems & WIRE_QRTR_SIZE_BEYOND_FRAME)) {
    gint pad_off = (gint) (h.header_len + h.payload_len);
    gint pad_len = (gint) (MIN ((gsize) len, h.frame_len) - (gsize) pad_off);
    if (pad_len > 0)
      proto_tree_add_item (qt, hf_qrtr_padding, tvb, pad_off, pad_len, ENC_NA);
  }
  if (h.problems & WIRE_QRTR_OPTLEN_BEYOND_FRAME) {
    col_add_fstr (pinfo->cinfo, COL_INFO, "QRTR optional header (%u bytes) past the frame", h.optlen);
    return (int) len;
  }

  if (h.type == WIRE_QRTR_TYPE_DATA)
    dissect_data (tvb, pinfo, tree, qt, ti, &h);
  else
    dissect_ctrl (tvb, pinfo, qt, ti, &h);
  return (int) len;
}

/* TFTP over QRTR (service 4096) is plain TFTP in the payload. */
static int dissect_qrtr_tftp (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  if (!tftp_handle)
    return 0;
  /* Wireshark's TFTP dissector keys its conversations on UDP ports; QRTR
   * ports play that role here. */
  pinfo->ptype = PT_UDP;
  if (tvb_captured_length (tvb) >= 2 && tvb_get_ntohs (tvb, 0) <= 2)
    pinfo->match_uint = pinfo->destport; /* a request opens the transfer */
  return call_dissector_with_data (tftp_handle, tvb, pinfo, tree, data);
}

/* Decode As: "QRTR service 42 as ..." for the service this packet resolved to */
static void decode_as_label (packet_info *pinfo, gchar *result)
{
  g_snprintf (result, MAX_DECODE_AS_PROMPT_LEN, "QRTR service %u as",
              GPOINTER_TO_UINT (p_get_proto_data (pinfo->pool, pinfo, proto_qrtr, 0)));
}

static gpointer decode_as_value (packet_info *pinfo)
{
  return p_get_proto_data (pinfo->pool, pinfo, proto_qrtr, 0);
}

void
proto_register_qrtr (void)
{
  static hf_register_info hf[] = {
    { &hf_qrtr_version, { "Version", "qrtr.version", FT_UINT32, BASE_DEC, VALS (qrtr_version_vals), 0x0,
                          "1, or 3 for the v2 header", HFILL } },
    { &hf_qrtr_type, { "Type", "qrtr.type", FT_UINT32, BASE_DEC, WIRE_VALS (wire_qrtr_types), 0x0,
                       NULL, HFILL } },
    { &hf_qrtr_src_node, { "Source node", "qrtr.src_node", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_src_port, { "Source port", "qrtr.src_port", FT_UINT32, BASE_HEX_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_dst_node, { "Destination node", "qrtr.dst_node", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_dst_port, { "Destination port", "qrtr.dst_port", FT_UINT32, BASE_HEX_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_size, { "Size", "qrtr.size", FT_UINT32, BASE_DEC, NULL, 0x0,
                       "Payload bytes, without header and padding", HFILL } },
    { &hf_qrtr_confirm_rx, { "Confirm RX", "qrtr.confirm_rx", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
                             "The sender asks for a RESUME_TX (flow control)", HFILL } },
    { &hf_qrtr_flags, { "Flags", "qrtr.flags", FT_UINT8, BASE_HEX, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_optlen, { "Optional header length", "qrtr.optlen", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_optional, { "Optional header", "qrtr.optional", FT_BYTES, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_padding, { "Padding", "qrtr.padding", FT_BYTES, BASE_NONE, NULL, 0x0,
                          "Zero bytes aligning the frame to 4 bytes", HFILL } },
    { &hf_qrtr_service, { "Service", "qrtr.service", FT_UINT32, BASE_DEC | BASE_EXT_STRING, NULL, 0x0,
                          "Learned from the name service (or a static mapping)", HFILL } },
    { &hf_qrtr_service_version, { "Service version", "qrtr.service_version", FT_UINT32, BASE_DEC, NULL, 0x0,
                                  NULL, HFILL } },
    { &hf_qrtr_service_instance, { "Service instance", "qrtr.service_instance", FT_UINT32, BASE_DEC, NULL,
                                   0x0, NULL, HFILL } },
    { &hf_qrtr_announced_in, { "Announced in", "qrtr.announced_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
                               "The NEW_SERVER that named this service", HFILL } },
    { &hf_qrtr_ctrl, { "Control packet", "qrtr.ctrl", FT_NONE, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_ctrl_cmd, { "Command", "qrtr.ctrl.cmd", FT_UINT32, BASE_DEC, WIRE_VALS (wire_qrtr_types), 0x0,
                           NULL, HFILL } },
    { &hf_qrtr_ctrl_service, { "Service", "qrtr.ctrl.service", FT_UINT32, BASE_DEC | BASE_EXT_STRING, NULL, 0x0,
                               NULL, HFILL } },
    { &hf_qrtr_ctrl_version, { "Version", "qrtr.ctrl.version", FT_UINT32, BASE_DEC, NULL, 0x0,
                               "Low 8 bits of the instance field", HFILL } },
    { &hf_qrtr_ctrl_instance, { "Instance", "qrtr.ctrl.instance", FT_UINT32, BASE_DEC, NULL, 0x0,
                                "Instance field >> 8 (DIAG: the whole field)", HFILL } },
    { &hf_qrtr_ctrl_node, { "Node", "qrtr.ctrl.node", FT_UINT32, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_ctrl_port, { "Port", "qrtr.ctrl.port", FT_UINT32, BASE_HEX_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_ctrl_end_of_list, { "End of lookup", "qrtr.ctrl.end_of_list", FT_BOOLEAN, BASE_NONE, NULL,
                                   0x0, "All-zero NEW_SERVER closing a NEW_LOOKUP answer", HFILL } },
    { &hf_qrtr_payload, { "Payload", "qrtr.payload", FT_BYTES, BASE_NONE, NULL, 0x0, NULL, HFILL } },
    { &hf_qrtr_src, { "Source address", "qrtr.src", FT_STRING, BASE_NONE, NULL, 0x0,
                      "node:port, e.g. \"7:1\" (bcast = node 0xffffffff, ctrl = port 0xfffffffe)", HFILL } },
    { &hf_qrtr_dst, { "Destination address", "qrtr.dst", FT_STRING, BASE_NONE, NULL, 0x0,
                      "node:port", HFILL } },
    { &hf_qrtr_addr, { "Source or destination address", "qrtr.addr", FT_STRING, BASE_NONE, NULL, 0x0,
                       "node:port", HFILL } },
  };
  static gint *ett[] = { &ett_qrtr, &ett_qrtr_ctrl };
  static ei_register_info ei[] = {
    { &ei_qrtr_short, { "qrtr.expert.short", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qrtr_version, { "qrtr.expert.bad_version", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qrtr_size_zero, { "qrtr.expert.size_zero", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qrtr_size_beyond, { "qrtr.expert.size_beyond", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qrtr_optlen_beyond, { "qrtr.expert.optlen_beyond", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qrtr_bad_padding, { "qrtr.expert.bad_padding", PI_PROTOCOL, PI_WARN, NULL, EXPFILL } },
    { &ei_qrtr_trailing, { "qrtr.expert.trailing", PI_PROTOCOL, PI_WARN, NULL, EXPFILL } },
    { &ei_qrtr_padding_missing, { "qrtr.expert.padding_missing", PI_PROTOCOL, PI_NOTE, NULL, EXPFILL } },
    { &ei_qrtr_ctrl_short, { "qrtr.expert.ctrl_short", PI_MALFORMED, PI_ERROR,
                             WIRE_QRTR_CTRL_SHORT_NAME, EXPFILL } },
    { &ei_qrtr_unresolved, { "qrtr.expert.unresolved", PI_UNDECODED, PI_NOTE,
                             WIRE_QRTR_UNRESOLVED_NAME, EXPFILL } },
  };
  module_t *prefs;
  expert_module_t *expert;

  for (guint i = 0; i < G_N_ELEMENTS (hf); i++)
    if (hf[i].p_id == &hf_qrtr_service || hf[i].p_id == &hf_qrtr_ctrl_service)
      hf[i].hfinfo.strings = qrtr_plugin_qrtr_service_vals ();

  proto_qrtr = proto_register_protocol ("Qualcomm IPC Router", "QRTR", "qrtr");
  proto_register_field_array (proto_qrtr, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  for (guint i = 0; i < G_N_ELEMENTS (header_problems); i++)
    qrtr_plugin_ei_summary (ei, G_N_ELEMENTS (ei), header_problems[i].ei,
                            wire_qrtr_problem_name (header_problems[i].bit));
  expert = expert_register_protocol (proto_qrtr);
  expert_register_field_array (expert, ei, array_length (ei));
  register_dissector ("qrtr", dissect_qrtr, proto_qrtr);
  service_table = register_dissector_table ("qrtr.service", "QRTR service", proto_qrtr,
                                            FT_UINT32, BASE_DEC);
  tracker = wire_ns_tracker_new ();
  register_init_routine (qrtr_init);
  qrtr_address_type = address_type_dissector_register ("AT_QRTR", "QRTR node:port", qrtr_addr_to_str,
                                                       qrtr_addr_str_len, NULL, qrtr_col_filter_str,
                                                       qrtr_addr_len, NULL, NULL);
  qrtr_tap = register_tap ("qrtr");
  register_conversation_table (proto_qrtr, TRUE, qrtr_conversation_packet, qrtr_endpoint_packet);
  qrtr_register_conversation_filter ("qrtr", "QRTR", qrtr_filter_valid, qrtr_build_filter);

  prefs = prefs_register_protocol (proto_qrtr, apply_static_services);
  {
    static uat_field_t fields[] = {
      UAT_FLD_CSTRING (static_services, node, "Node", "Decimal node number, or empty / any for every node"),
      UAT_FLD_DEC (static_services, port, "Port", "Decimal port number of the server"),
      UAT_FLD_DEC (static_services, service, "Service", "QRTR service id (DMS 2, NAS 3, WLFW 69, ...)"),
      UAT_FLD_DEC (static_services, version, "Version", "Service version (0-255)"),
      UAT_FLD_DEC (static_services, instance, "Instance", "Service instance (0-16777215)"),
      UAT_END_FIELDS
    };
    uat_t *uat = uat_new ("QRTR static services", sizeof (StaticService), "qrtr_static_services", TRUE,
                          &static_services, &n_static_services, UAT_AFFECTS_DISSECTION, NULL,
                          static_service_copy, static_service_update, static_service_free,
                          apply_static_services, NULL, fields);
    prefs_register_uat_preference (prefs, "static_services_table", "Static services",
      "Services to assume where the capture has no NEW_SERVER for a server's node:port", uat);
  }
  prefs_register_string_preference (prefs, "static_services", "Static services (text, older form)",
    "Read after the table: comma-separated node:port=service[.version[.instance]] or port=service "
    "(any node), in decimal, e.g. \"0:3=2, 16385=3\". Items it cannot read are reported.",
    &pref_static_services);
  {
    static build_valid_func values[] = { decode_as_value };
    static decode_as_value_t value = { decode_as_label, 1, values };
    static decode_as_t da = { "qrtr", "qrtr.service", 1, 0, &value, NULL, NULL,
                              decode_as_default_populate_list, decode_as_default_reset,
                              decode_as_default_change, NULL };
    register_decode_as (&da);
  }
}

void
proto_reg_handoff_qrtr (void)
{
  qmi_handle = find_dissector_add_dependency (QMI_DISSECTOR_NAME, proto_qrtr);
  tftp_handle = find_dissector ("tftp");
  dissector_add_for_decode_as ("qrtr.service", qmi_handle);
  dissector_add_uint ("qrtr.service", WIRE_QRTR_SERVICE_TFTP,
                      create_dissector_handle (dissect_qrtr_tftp, proto_qrtr));
}
