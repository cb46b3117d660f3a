/* The JSON printout: one object per frame and line (JSON Lines), written
 * through wire/'s JSON writer; "tlvs" holds the decoded values, "display"
 * the same values as the plugin shows them. */
#include "decode-print-private.h"
#include "wire-encode.h"
#include "wire-names.h"
#include "wire-render.h"
#include "wire-walk.h"

static const char *direction_name (WireDirection dir)
{
  static const char *const names[] = { "unknown", "in", "out" };
  return (guint) dir < G_N_ELEMENTS (names) ? names[dir] : "unknown";
}

static void member_address (WireJsonWriter *b, const char *name, guint32 node, guint32 port)
{
  gchar *a = print_qrtr_address (node, port);
  member_string (b, name, a);
  g_free (a);
}

static void begin (PrintFrame *f, const char *transport)
{
  WireJsonWriter *b = &f->json;
  wire_json_writer_init (b, f->out);
  wire_json_begin_object (b);
  member_int (b, "frame", f->frame);
  /* microseconds as an integer: a double cannot hold them exactly */
  member_int (b, "time_us", f->ts_usec);
  member_string (b, "direction", direction_name (f->dir));
  member_string (b, "transport", transport);
}

static void qmux_header (PrintFrame *f, const WireQmuxHeader *q)
{
  WireJsonWriter *b = &f->json;
  begin (f, "qmux");
  wire_json_key (b, "qmux");
  wire_json_begin_object (b);
  member_int (b, "length", q->length);
  member_int (b, "flags", q->flags);
  member_int (b, "service", q->service);
  member_int (b, "client_id", q->client_id);
  wire_json_end (b);
}

static void qrtr_header (PrintFrame *f, const WireQrtrHeader *h)
{
  WireJsonWriter *b = &f->json;
  begin (f, "qrtr");
  wire_json_key (b, "qrtr");
  wire_json_begin_object (b);
  member_int (b, "version", h->version);
  member_string (b, "type", wire_qrtr_type_name (h->type));
  member_address (b, "src", h->src_node, h->src_port);
  member_address (b, "dst", h->dst_node, h->dst_port);
  member_int (b, "size", h->size);
  wire_json_end (b);
}

static void fatal (PrintFrame *f, const char *why)
{
  WireJsonWriter *b = &f->json;
  wire_json_key (b, "problems");
  wire_json_begin_array (b);
  wire_json_string (b, why);
  wire_json_end (b);
}

static void header_problems (PrintFrame *f, const char *key, const char *const *what, guint n)
{
  WireJsonWriter *b = &f->json;
  wire_json_key (b, key);
  wire_json_begin_array (b);
  for (guint i = 0; i < n; i++)
    wire_json_string (b, what[i]);
  wire_json_end (b);
}

static void control (PrintFrame *f, const WireQrtrHeader *h G_GNUC_UNUSED, const WireQrtrCtrl *c)
{
  WireJsonWriter *b = &f->json;
  const char *cmd;

  if (!c)
    return;
  cmd = wire_qrtr_type_name (c->cmd);
  wire_json_key (b, "control");
  wire_json_begin_object (b);
  member_string (b, "cmd", cmd ? cmd : "unknown");
  if (c->form == WIRE_QRTR_CTRL_FORM_SERVER) {
    member_int (b, "service", c->service);
    member_int (b, "version", c->version);
    member_int (b, "instance", c->instance_id);
    wire_json_key (b, "end_of_list");
    wire_json_bool (b, c->end_of_list);
  }
  if (c->form != WIRE_QRTR_CTRL_FORM_NONE) {
    member_int (b, "node", c->node);
    member_int (b, "port", c->port);
  }
  wire_json_end (b);
}

static void tftp (PrintFrame *f, guint16 opcode, gsize len G_GNUC_UNUSED)
{
  member_string (&f->json, "service", "tftp");
  member_int (&f->json, "tftp_opcode", opcode);
}

static void unresolved (PrintFrame *f)
{
  wire_json_key (&f->json, "service");
  wire_json_null (&f->json);
}

/* ---------- "display": the tlvs object again, each leaf as wire/'s renderer writes it ---------- */

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

/* the walker's problems, as strings of the "problems" array */
static void j_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off G_GNUC_UNUSED,
                       gsize len G_GNUC_UNUSED, const char *detail)
{
  wire_json_string (d, detail);
}

static void raw_tlvs (WireJsonWriter *b, const guint8 *tlvs, gsize len)
{
  gsize off = 0;
  WireQmiTlv t;
  wire_json_begin_array (b);
  while (wire_qmi_tlv_next (tlvs, len, &off, &t, NULL)) {
    GString *x = g_string_new (NULL);
    wire_json_begin_object (b);
    member_int (b, "id", t.type);
    wire_json_key (b, "hex");
    print_hex (x, tlvs + t.value_offset, t.value_len);
    wire_json_string (b, x->str);
    wire_json_end (b);
    g_string_free (x, TRUE);
  }
  wire_json_end (b);
}

static void qmi (PrintFrame *f, const PrintQmi *m)
{
  static const WireWalkVisitor display = { d_tlv_begin, NULL, d_group_begin, d_group_end, d_leaf, NULL };
  static const WireWalkVisitor problems = { .problem = j_problem };
  WireJsonWriter *b = &f->json;
  const WireQmiHeader *h = m->h;
  JsonNode *values;

  member_string (b, "service", m->svc ? m->svc->name : m->service_name ? m->service_name : "unknown");
  member_int (b, "service_id", m->service_id);
  member_string (b, "kind", (const char *const[]) { "request", "response", "indication" }[h->kind]);
  member_string (b, "message", m->msg ? m->msg->name : NULL);
  member_int (b, "msg_id", h->msg_id);
  member_int (b, "txn", h->txn_id);
  if (m->has_result) {
    wire_json_key (b, "result");
    wire_json_begin_object (b);
    member_string (b, "status", m->status == 0 ? "success" : "failure");
    member_int (b, "error", m->error);
    member_string (b, "error_name", wire_registry_qmi_error_name (f->reg, m->error));
    wire_json_end (b);
  }
  wire_json_key (b, "tlvs");
  values = m->msg ? wire_decode_values (m->msg, m->tlvs, h->tlv_len) : NULL;
  wire_json_node (b, values);
  if (values)
    json_node_unref (values);
  wire_json_key (b, "display");
  if (m->msg) {
    Display disp = { .w = b };
    wire_json_begin_object (b);
    wire_walk_message (m->msg, m->tlvs, h->tlv_len, &display, &disp);
    wire_json_end (b);
  } else {
    wire_json_null (b);
  }
  wire_json_key (b, "raw_tlvs");
  raw_tlvs (b, m->tlvs, h->tlv_len);
  wire_json_key (b, "problems");
  wire_json_begin_array (b);
  for (guint bit = 1; bit < 1u << WIRE_QMI_N_PROBLEMS; bit <<= 1)
    if (h->problems & bit)
      wire_json_string (b, wire_qmi_problem_name (bit));
  if (!m->msg)
    wire_json_string (b, m->unknown);
  wire_walk_message (m->msg, m->tlvs, h->tlv_len, &problems, b);
  wire_json_end (b);
}

static void end (PrintFrame *f)
{
  wire_json_end (&f->json);
  g_string_append_c (f->out, '\n');
}

const Printer print_json = {
  .qmux_header = qmux_header,
  .qrtr_header = qrtr_header,
  .fatal = fatal,
  .header_problems = header_problems,
  .control = control,
  .tftp = tftp,
  .unresolved = unresolved,
  .qmi = qmi,
  .end = end,
};
