/* The text printout: a head line per frame, then the message in the spirit
 * of qmicli --verbose, TLVs indented as the walker finds them. */
#include "decode-print-private.h"
#include "wire-info.h"
#include "wire-names.h"
#include "wire-render.h"
#include "wire-walk.h"

static void head (PrintFrame *f, const char *what)
{
  gint64 ts = f->ts_usec;
  g_string_append_printf (f->out, "#%u %" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " %s %s\n", f->frame,
                          ts / 1000000, ts % 1000000,
                          f->dir == WIRE_DIR_OUTBOUND ? "host->modem" : f->dir == WIRE_DIR_INBOUND ? "modem->host" : "?",
                          what);
}

static void qmux_header (PrintFrame *f, const WireQmuxHeader *q)
{
  gchar *what = g_strdup_printf ("QMUX service=%u client=%u length=%u", q->service, q->client_id, q->length);
  head (f, what);
  g_free (what);
}

static void qrtr_header (PrintFrame *f, const WireQrtrHeader *h)
{
  gchar *src = print_qrtr_address (h->src_node, h->src_port), *dst = print_qrtr_address (h->dst_node, h->dst_port);
  gchar *what = g_strdup_printf ("QRTR v%u %s %s -> %s size=%u", h->version == 3 ? 2 : h->version,
                                 wire_qrtr_type_name (h->type) ? wire_qrtr_type_name (h->type) : "?",
                                 src, dst, h->size);
  head (f, what);
  g_free (what);
  g_free (src);
  g_free (dst);
}

static void fatal (PrintFrame *f, const char *why)
{
  g_string_append_printf (f->out, "  ! %s\n", why);
}

static void header_problems (PrintFrame *f, const char *key G_GNUC_UNUSED, const char *const *what, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (f->out, "  ! %s\n", what[i]);
}

/* the plugin's Info column says the same (wire/) */
static void control (PrintFrame *f, const WireQrtrHeader *h, const WireQrtrCtrl *c)
{
  if (!c)
    return;
  g_string_append (f->out, "  ");
  wire_qrtr_ctrl_summary (f->out, f->reg, c, h->src_node);
  g_string_append_c (f->out, '\n');
}

static void tftp (PrintFrame *f, guint16 opcode, gsize len)
{
  g_string_append_printf (f->out, "  TFTP opcode %u (%" G_GSIZE_FORMAT " bytes)\n", opcode, len);
}

static void unresolved (PrintFrame *f)
{
  g_string_append (f->out, "  ! " WIRE_QRTR_UNRESOLVED_NAME "\n"); /* the plugin's words */
}

/* ---------- TLVs: a walker visitor ---------- */

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
    print_hex (t->out, t->tlvs + tlv->value_offset, tlv->value_len);
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

static void qmi (PrintFrame *f, const PrintQmi *m)
{
  static const WireWalkVisitor v = { t_tlv_begin, t_tlv_end, t_group_begin, t_group_end, t_leaf, t_problem };
  const WireQmiHeader *h = m->h;
  Text t = { f->out, m->tlvs, 2, !m->msg && h->kind == WIRE_QMI_RESPONSE, f->reg };

  /* the plugin's Info column says the same (wire/), with the id and the
   * error's number besides */
  g_string_append (f->out, "  ");
  wire_qmi_summary (f->out, m->svc ? m->svc->name : m->service_name, m->service_id, m->title, h->kind,
                    h->msg_id, h->txn_id);
  if (m->title)
    g_string_append_printf (f->out, " (0x%04x)", h->msg_id);
  if (m->has_result) {
    wire_qmi_result_summary (f->out, f->reg, m->status, m->error);
    if (m->status != 0)
      g_string_append_printf (f->out, " (%u)", m->error);
  }
  g_string_append_c (f->out, '\n');
  for (guint bit = 1; bit < 1u << WIRE_QMI_N_PROBLEMS; bit <<= 1) {
    if (!(h->problems & bit))
      continue;
    g_string_append_printf (f->out, "    ! %s", wire_qmi_problem_name (bit));
    if (bit == WIRE_QMI_LENGTH_BEYOND)
      g_string_append_printf (f->out, " (%u bytes stated, %" G_GSIZE_FORMAT " present)", h->msg_len, h->tlv_len);
    g_string_append_c (f->out, '\n');
  }
  if (!m->msg)
    g_string_append_printf (f->out, "    ! %s\n", m->unknown);
  wire_walk_message (m->msg, m->tlvs, h->tlv_len, &v, &t);
}

static void end (PrintFrame *f G_GNUC_UNUSED)
{
}

const Printer print_text = {
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
