/* Frame decoding for qrtr-capture. Headers come from the wire/ parsers, QRTR
 * services from the name-service tracker, TLVs from the walker: the same
 * answers the Wireshark plugin gives, without Wireshark. */
#include <string.h>
#include "wire-decode.h"
#include "wire-json-writer.h"
#include "wire-encode.h"
#include "wire-names.h"
#include "wire-ns.h"
#include "wire-qmux.h"
#include "wire-qrtr.h"
#include "wire-render.h"
#include "wire-walk.h"

struct _WireDecoder {
  const WireRegistry *reg;
  WireDecodeFormat format;
  guint16 vendor;
  WireNsTracker *tracker;
};

WireDecoder *
wire_decoder_new (const WireRegistry *reg, WireDecodeFormat format)
{
  WireDecoder *d = g_new0 (WireDecoder, 1);
  d->reg = reg;
  d->format = format;
  d->tracker = wire_ns_tracker_new ();
  return d;
}

void
wire_decoder_free (WireDecoder *d)
{
  if (!d)
    return;
  wire_ns_tracker_free (d->tracker);
  g_free (d);
}

void
wire_decoder_set_vendor (WireDecoder *d, guint16 vendor)
{
  d->vendor = vendor;
}

static const char *direction_name (WireDirection dir)
{
  static const char *const names[] = { "unknown", "in", "out" };
  return (guint) dir < G_N_ELEMENTS (names) ? names[dir] : "unknown";
}

/* "0:3", "1:ctrl", "bcast:ctrl" */
static gchar *qrtr_address (guint32 node, guint32 port)
{
  gchar n[16], p[16];
  g_snprintf (n, sizeof n, node == WIRE_QRTR_NODE_BCAST ? "bcast" : "%u", node);
  g_snprintf (p, sizeof p, port == WIRE_QRTR_PORT_CTRL ? "ctrl" : "%u", port);
  return g_strdup_printf ("%s:%s", n, p);
}

static void hex (GString *out, const guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%02x", p[i]);
}

/* ---------- text rendering of TLVs: a walker visitor ---------- */

typedef struct {
  GString *out;
  const guint8 *tlvs;
  guint indent;
  gboolean response; /* of a message the schemas lack */
  const WireRegistry *reg; /* error names */
} Text;

static void pad (Text *t)
{
  for (guint i = 0; i < t->indent; i++)
    g_string_append (t->out, "  ");
}

static void t_tlv_begin (gpointer d, const WireQmiTlv *tlv, const WireTlvDef *def)
{
  Text *t = d;
  pad (t);
  if (def) {
    g_string_append_printf (t->out, "TLV 0x%02x %s (%u bytes)\n", tlv->type, def->field->name, tlv->length);
  } else {
    g_string_append_printf (t->out, "TLV 0x%02x (%u bytes): ", tlv->type, tlv->length);
    hex (t->out, t->tlvs + tlv->value_offset, tlv->value_len);
    g_string_append_c (t->out, '\n');
    /* every response's result TLV is known, even in a message the schemas
     * lack: shown as the plugin shows it (qmi.result, qmi.error) */
    if (t->response && tlv->type == WIRE_QMI_TLV_RESULT && tlv->value_len >= 4) {
      const guint8 *p = t->tlvs + tlv->value_offset;
      guint16 status = (guint16) (p[0] | p[1] << 8), error = (guint16) (p[2] | p[3] << 8);
      const char *e = wire_registry_qmi_error_name (t->reg, error);
      pad (t);
      g_string_append_printf (t->out, "  status = %u (%s)\n", status, status == 0 ? "success" : "failure");
      pad (t);
      g_string_append_printf (t->out, "  error = %u (%s)\n", error, e ? e : "unknown");
    }
  }
  t->indent++;
}

static void t_tlv_end (gpointer d, const WireQmiTlv *tlv G_GNUC_UNUSED)
{
  ((Text *) d)->indent--;
}

static void t_group_begin (gpointer d, const WireValue *v)
{
  Text *t = d;
  pad (t);
  if (v->index >= 0)
    g_string_append_printf (t->out, "[%d]", v->index);
  else
    g_string_append (t->out, v->field->name);
  if (v->field->kind == WIRE_TYPE_ARRAY)
    g_string_append_printf (t->out, " (%" G_GUINT64_FORMAT " items)", v->v.u);
  g_string_append (t->out, ":\n");
  t->indent++;
}

static void t_group_end (gpointer d, const WireValue *v G_GNUC_UNUSED)
{
  ((Text *) d)->indent--;
}

static void t_leaf (gpointer d, const WireValue *v)
{
  Text *t = d;
  pad (t);
  if (v->index >= 0)
    g_string_append_printf (t->out, "[%d] = ", v->index);
  else
    g_string_append_printf (t->out, "%s = ", v->field->name);
  wire_render_value (v, WIRE_RENDER_LINE, t->out);
  if (v->field->personal != WIRE_PERSONAL_NONE)
    g_string_append (t->out, " [personal]");
  g_string_append_c (t->out, '\n');
}

static void t_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off, gsize len G_GNUC_UNUSED,
                       const char *detail)
{
  Text *t = d;
  pad (t);
  g_string_append_printf (t->out, "! %s (at byte %" G_GSIZE_FORMAT " of the TLVs)\n", detail, off);
}

/* ---------- JSON: what each value reads as, a walker visitor ---------- */

/* "display": the tlvs object again, every leaf as wire/'s renderer writes it. */
typedef struct {
  WireJsonWriter *w;
  gboolean in_array[WIRE_WALK_MAX_DEPTH + 4]; /* per open group */
  guint depth;
  gboolean skip;                              /* unknown or repeated TLV */
  guint8 seen[256];
} Display;

static void d_name (Display *d, const WireValue *v)
{
  if (d->depth == 0 || !d->in_array[d->depth - 1])
    wire_json_key (d->w, v->field->name);
}

static void d_tlv_begin (gpointer p, const WireQmiTlv *tlv, const WireTlvDef *def)
{
  Display *d = p;
  d->skip = !def || d->seen[tlv->type]++;
  d->depth = 0;
}

static void d_group_begin (gpointer p, const WireValue *v)
{
  Display *d = p;
  if (d->skip)
    return;
  d_name (d, v);
  if (v->field->kind == WIRE_TYPE_ARRAY)
    wire_json_begin_array (d->w);
  else
    wire_json_begin_object (d->w);
  if (d->depth < G_N_ELEMENTS (d->in_array))
    d->in_array[d->depth++] = v->field->kind == WIRE_TYPE_ARRAY;
}

static void d_group_end (gpointer p, const WireValue *v G_GNUC_UNUSED)
{
  Display *d = p;
  if (d->skip || !d->depth)
    return;
  d->depth--;
  wire_json_end (d->w);
}

static void d_leaf (gpointer p, const WireValue *v)
{
  Display *d = p;
  GString *text;
  if (d->skip)
    return;
  d_name (d, v);
  text = g_string_new (NULL);
  wire_render_value (v, WIRE_RENDER_FULL, text);
  wire_json_string (d->w, text->str);
  g_string_free (text, TRUE);
}

/* ---------- JSON problems collector ---------- */

static void j_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off G_GNUC_UNUSED,
                       gsize len G_GNUC_UNUSED, const char *detail)
{
  wire_json_string (d, detail);
}

/* ---------- one QMI message ---------- */

typedef struct {
  const char *transport;      /* "qmux" or "qrtr" */
  const WireService *svc;     /* may be NULL */
  guint32 service_id;
  const char *service_name;   /* from the name tables when no schema */
} Where;

static void qmi_message (WireDecoder *d, WireJsonWriter *b, GString *out, const Where *w, WireQmiForm form,
                         const guint8 *buf, gsize len)
{
  WireQmiHeader h;
  const WireMessage *msg = NULL;
  const guint8 *tlvs;
  guint16 status, error;
  gboolean has_result;
  const char *name;
  gchar *up, *unknown = NULL;

  wire_qmi_parse_header (form, buf, len, &h);
  if (h.problems & WIRE_QMI_FATAL_SHORT) {
    if (b) {
      wire_json_key (b, "problems");
      wire_json_begin_array (b);
      wire_json_string (b, "QMI header truncated");
      wire_json_end (b);
    } else {
      g_string_append (out, "  ! QMI header truncated\n");
    }
    return;
  }
  tlvs = buf + h.header_len;
  if (w->svc)
    msg = wire_service_find_message (w->svc, h.kind, h.msg_id, d->vendor);
  name = msg ? msg->title : form == WIRE_QMI_FORM_CTL ? wire_registry_ctl_message_name (d->reg, h.msg_id) : NULL;
  has_result = h.kind == WIRE_QMI_RESPONSE && wire_qmi_find_result (tlvs, h.tlv_len, &status, &error);
  if (!msg) {
    gchar *svc_name = w->svc ? g_ascii_strup (w->svc->name, -1)
                      : w->service_name ? g_ascii_strup (w->service_name, -1) : g_strdup_printf ("%u", w->service_id);
    unknown = wire_render_unknown_message (svc_name, h.kind, h.msg_id, w->svc != NULL);
    g_free (svc_name);
  }

  if (b) {
    JsonNode *values;
    member_string (b, "service", w->svc ? w->svc->name : w->service_name ? w->service_name : "unknown");
    member_int (b, "service_id", w->service_id);
    member_string (b, "kind", (const char *const[]) { "request", "response", "indication" }[h.kind]);
    member_string (b, "message", msg ? msg->name : NULL);
    member_int (b, "msg_id", h.msg_id);
    member_int (b, "txn", h.txn_id);
    if (has_result) {
      wire_json_key (b, "result");
      wire_json_begin_object (b);
      member_string (b, "status", status == 0 ? "success" : "failure");
      member_int (b, "error", error);
      member_string (b, "error_name", wire_registry_qmi_error_name (d->reg, error));
      wire_json_end (b);
    }
    wire_json_key (b, "tlvs");
    values = msg ? wire_decode_values (msg, tlvs, h.tlv_len) : NULL;
    wire_json_node (b, values);
    if (values)
      json_node_unref (values);
    wire_json_key (b, "display");
    if (msg) {
      static const WireWalkVisitor v = { d_tlv_begin, NULL, d_group_begin, d_group_end, d_leaf, NULL };
      Display disp = { .w = b };
      wire_json_begin_object (b);
      wire_walk_message (msg, tlvs, h.tlv_len, &v, &disp);
      wire_json_end (b);
    } else {
      wire_json_null (b);
    }
    wire_json_key (b, "raw_tlvs");
    wire_json_begin_array (b);
    {
      gsize off = 0;
      WireQmiTlv t;
      while (wire_qmi_tlv_next (tlvs, h.tlv_len, &off, &t, NULL)) {
        GString *x = g_string_new (NULL);
        wire_json_begin_object (b);
        member_int (b, "id", t.type);
        wire_json_key (b, "hex");
        hex (x, tlvs + t.value_offset, t.value_len);
        wire_json_string (b, x->str);
        wire_json_end (b);
        g_string_free (x, TRUE);
      }
    }
    wire_json_end (b);
    wire_json_key (b, "problems");
    wire_json_begin_array (b);
    if (h.problems & WIRE_QMI_LENGTH_BEYOND)
      wire_json_string (b, "message length runs past the frame");
    if (h.problems & WIRE_QMI_TRAILING_BYTES)
      wire_json_string (b, "bytes after the message");
    if (!msg)
      wire_json_string (b, unknown);
    {
      const WireWalkVisitor v = { .problem = j_problem };
      wire_walk_message (msg, tlvs, h.tlv_len, &v, b);
    }
    wire_json_end (b);
    g_free (unknown);
    return;
  }

  up = g_ascii_strup (w->svc ? w->svc->name : w->service_name ? w->service_name : "?", -1);
  g_string_append_printf (out, "  %s %s %s txn=%u (0x%04x)", up, name ? name : "message",
                          wire_qmi_kind_name (h.kind), h.txn_id, h.msg_id);
  g_free (up);
  if (has_result) {
    const char *e = wire_registry_qmi_error_name (d->reg, error);
    if (status == 0)
      g_string_append (out, " OK");
    else
      g_string_append_printf (out, " Error: %s (%u)", e ? e : "unknown", error);
  }
  g_string_append_c (out, '\n');
  if (h.problems & WIRE_QMI_LENGTH_BEYOND)
    g_string_append_printf (out, "    ! message length %u runs past the frame\n", h.msg_len);
  if (h.problems & WIRE_QMI_TRAILING_BYTES)
    g_string_append (out, "    ! bytes after the message\n");
  if (!msg)
    g_string_append_printf (out, "    ! %s\n", unknown);
  g_free (unknown);
  {
    static const WireWalkVisitor v = { t_tlv_begin, t_tlv_end, t_group_begin, t_group_end, t_leaf, t_problem };
    Text t = { out, tlvs, 2, !msg && h.kind == WIRE_QMI_RESPONSE, d->reg };
    wire_walk_message (msg, tlvs, h.tlv_len, &v, &t);
  }
}

static WireJsonWriter *begin_json (GString *out, guint32 frame, gint64 ts, WireDirection dir, const char *transport)
{
  WireJsonWriter *b = g_new (WireJsonWriter, 1);
  wire_json_writer_init (b, out);
  wire_json_begin_object (b);
  member_int (b, "frame", frame);
  /* microseconds as an integer: a double cannot hold them exactly */
  member_int (b, "time_us", ts);
  member_string (b, "direction", direction_name (dir));
  member_string (b, "transport", transport);
  return b;
}

static void end_json (WireJsonWriter *b, GString *out)
{
  wire_json_end (b);
  g_string_append_c (out, '\n');
  g_free (b);
}

static void text_head (GString *out, guint32 frame, gint64 ts, WireDirection dir, const char *what)
{
  g_string_append_printf (out, "#%u %" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " %s %s\n", frame, ts / 1000000,
                          ts % 1000000, dir == WIRE_DIR_OUTBOUND ? "host->modem" : dir == WIRE_DIR_INBOUND ? "modem->host" : "?", what);
}

guint
wire_decoder_qmux (WireDecoder *d, guint32 frame, gint64 ts, WireDirection dir,
                   const guint8 *buf, gsize len, GString *out)
{
  WireQmuxHeader q;
  const WireServiceName *known;
  Where w = { "qmux", NULL, 0, NULL };
  WireJsonWriter *b = NULL;

  wire_qmux_parse_header (buf, len, &q);
  if (d->format == WIRE_DECODE_JSON) {
    b = begin_json (out, frame, ts, dir, "qmux");
    wire_json_key (b, "qmux");
    wire_json_begin_object (b);
    member_int (b, "length", q.length);
    member_int (b, "flags", q.flags);
    member_int (b, "service", q.service);
    member_int (b, "client_id", q.client_id);
    wire_json_end (b);
  } else {
    gchar *what = g_strdup_printf ("QMUX service=%u client=%u length=%u", q.service, q.client_id, q.length);
    text_head (out, frame, ts, dir, what);
    g_free (what);
  }
  if (q.problems & WIRE_QMUX_FATAL) {
    const char *why = q.problems & WIRE_QMUX_FATAL_SHORT ? "QMUX header truncated" : "not a QMUX frame (interface type)";
    if (b) {
      wire_json_key (b, "problems");
      wire_json_begin_array (b);
      wire_json_string (b, why);
      wire_json_end (b);
      end_json (b, out);
    } else {
      g_string_append_printf (out, "  ! %s\n", why);
    }
    return 1;
  }
  if (!b && (q.problems & WIRE_QMUX_LENGTH_BEYOND))
    g_string_append (out, "  ! QMUX length runs past the frame\n");
  if (!b && (q.problems & WIRE_QMUX_TRAILING_BYTES))
    g_string_append (out, "  ! bytes after the QMUX length\n");
  w.service_id = q.service;
  w.svc = wire_registry_service_by_qmux (d->reg, q.service);
  known = wire_registry_qmux_name (d->reg, q.service);
  w.service_name = known ? known->name : NULL;
  qmi_message (d, b, out, &w, q.service == 0 ? WIRE_QMI_FORM_CTL : WIRE_QMI_FORM_SERVICE,
               buf + WIRE_QMUX_HEADER_LEN, q.sdu_len);
  if (b)
    end_json (b, out);
  return 1;
}

static void qrtr_ctrl (WireDecoder *d, WireJsonWriter *b, GString *out, guint32 frame, const WireQrtrHeader *h,
                       const guint8 *payload)
{
  WireQrtrCtrl c;
  const char *cmd;
  const WireServiceName *s;

  if (!wire_qrtr_parse_ctrl (payload, h->payload_len, &c)) {
    if (!b)
      g_string_append (out, "  ! control packet too short\n");
    return;
  }
  wire_ns_tracker_feed (d->tracker, frame, h->src_node, &c);
  cmd = wire_qrtr_type_name (c.cmd);
  s = wire_registry_qrtr_name (d->reg, c.service);
  if (b) {
    wire_json_key (b, "control");
    wire_json_begin_object (b);
    member_string (b, "cmd", cmd ? cmd : "unknown");
    if (c.form == WIRE_QRTR_CTRL_FORM_SERVER) {
      member_int (b, "service", c.service);
      member_int (b, "version", c.version);
      member_int (b, "instance", c.instance_id);
      wire_json_key (b, "end_of_list");
      wire_json_bool (b, c.end_of_list);
    }
    if (c.form != WIRE_QRTR_CTRL_FORM_NONE) {
      member_int (b, "node", c.node);
      member_int (b, "port", c.port);
    }
    wire_json_end (b);
    return;
  }
  g_string_append_printf (out, "  %s", cmd ? cmd : "unknown control");
  if (c.form == WIRE_QRTR_CTRL_FORM_SERVER) {
    if (c.end_of_list)
      g_string_append (out, " (end of lookup)");
    else
      g_string_append_printf (out, " %s v%u.%u @ %u:%u", s ? s->name : "service", c.version, c.instance_id,
                              c.node, c.port);
  } else if (c.form == WIRE_QRTR_CTRL_FORM_CLIENT) {
    g_string_append_printf (out, " %u:%u", c.node, c.port);
  }
  g_string_append_c (out, '\n');
}

/* What is wrong with a QRTR header that still lets the frame be decoded. */
static const struct { guint bit; const char *text; } qrtr_problem_texts[] = {
  { WIRE_QRTR_SIZE_ZERO, "size 0 (the kernel drops such frames)" },
  { WIRE_QRTR_SIZE_BEYOND_FRAME, "size runs past the frame" },
  { WIRE_QRTR_BAD_PADDING, "non-zero padding" },
  { WIRE_QRTR_TRAILING_BYTES, "bytes after the padded payload" },
  { WIRE_QRTR_PADDING_MISSING, "frame ends before its padding" },
};

static void qrtr_header_problems (WireJsonWriter *b, GString *out, guint problems)
{
  gboolean any = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (qrtr_problem_texts); i++) {
    if (!(problems & qrtr_problem_texts[i].bit))
      continue;
    if (b && !any) {
      wire_json_key (b, "qrtr_problems");
      wire_json_begin_array (b);
    }
    any = TRUE;
    if (b)
      wire_json_string (b, qrtr_problem_texts[i].text);
    else
      g_string_append_printf (out, "  ! %s\n", qrtr_problem_texts[i].text);
  }
  if (b && any)
    wire_json_end (b);
}

guint
wire_decoder_qrtr (WireDecoder *d, guint32 frame, gint64 ts, WireDirection dir,
                   const guint8 *buf, gsize len, GString *out)
{
  WireQrtrHeader h;
  WireJsonWriter *b = NULL;
  WireNsEntry e;
  gboolean server_is_dst;
  const guint8 *payload;

  wire_qrtr_parse_header (buf, len, &h);
  if (d->format == WIRE_DECODE_JSON) {
    b = begin_json (out, frame, ts, dir, "qrtr");
    wire_json_key (b, "qrtr");
    wire_json_begin_object (b);
    member_int (b, "version", h.version);
    member_string (b, "type", wire_qrtr_type_name (h.type));
    {
      gchar *src = qrtr_address (h.src_node, h.src_port);
      gchar *dst = qrtr_address (h.dst_node, h.dst_port);
      member_string (b, "src", src);
      member_string (b, "dst", dst);
      g_free (src);
      g_free (dst);
    }
    member_int (b, "size", h.size);
    wire_json_end (b);
  } else {
    gchar *src = qrtr_address (h.src_node, h.src_port), *dst = qrtr_address (h.dst_node, h.dst_port);
    gchar *what = g_strdup_printf ("QRTR v%u %s %s -> %s size=%u", h.version == 3 ? 2 : h.version,
                                   wire_qrtr_type_name (h.type) ? wire_qrtr_type_name (h.type) : "?",
                                   src, dst, h.size);
    text_head (out, frame, ts, dir, what);
    g_free (what);
    g_free (src);
    g_free (dst);
  }
  if (h.problems & (WIRE_QRTR_FATAL | WIRE_QRTR_OPTLEN_BEYOND_FRAME)) {
    const char *why = h.problems & WIRE_QRTR_FATAL_SHORT ? "QRTR header truncated"
                      : h.problems & WIRE_QRTR_FATAL_VERSION ? "unknown QRTR version" : "optional header past the frame";
    if (b) {
      wire_json_key (b, "problems");
      wire_json_begin_array (b);
      wire_json_string (b, why);
      wire_json_end (b);
      end_json (b, out);
    } else {
      g_string_append_printf (out, "  ! %s\n", why);
    }
    return 1;
  }
  qrtr_header_problems (b, out, h.problems);
  payload = buf + h.header_len;
  if (h.type != WIRE_QRTR_TYPE_DATA) {
    qrtr_ctrl (d, b, out, frame, &h, payload);
  } else if (wire_ns_tracker_resolve (d->tracker, h.src_node, h.src_port, h.dst_node, h.dst_port, frame, &e,
                                      &server_is_dst)) {
    const WireServiceName *known = wire_registry_qrtr_name (d->reg, e.service);
    Where w = { "qrtr", wire_registry_service_by_qrtr (d->reg, e.service), e.service, known ? known->name : NULL };
    if (e.service == WIRE_QRTR_SERVICE_TFTP) {
      guint16 opcode = h.payload_len >= 2 ? (guint16) (payload[0] << 8 | payload[1]) : 0;
      if (b) {
        member_string (b, "service", "tftp");
        member_int (b, "tftp_opcode", opcode);
      } else {
        g_string_append_printf (out, "  TFTP opcode %u (%" G_GSIZE_FORMAT " bytes)\n", opcode, h.payload_len);
      }
    } else {
      qmi_message (d, b, out, &w, WIRE_QMI_FORM_SERVICE, payload, h.payload_len);
    }
  } else if (b) {
    wire_json_key (b, "service");
    wire_json_null (b);
  } else {
    g_string_append (out, "  (no service known for this address: its NEW_SERVER is not in the capture)\n");
  }
  if (b)
    end_json (b, out);
  return 1;
}
