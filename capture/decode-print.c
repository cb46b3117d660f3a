/* Frame decoding for qrtr-capture's printout. Headers come from the wire/
 * parsers, QRTR services from the name-service tracker, TLVs from the walker:
 * the same answers the Wireshark plugin gives, without Wireshark. What is
 * found goes to the text or the JSON printer (decode-print-private.h). */
#include "decode-print-private.h"
#include "wire-names.h"
#include "wire-ns.h"
#include "wire-render.h"

struct _DecodePrinter {
  const WireRegistry *reg;
  const Printer *print;
  guint16 vendor;
  WireNsTracker *tracker;
};

DecodePrinter *
decode_printer_new (const WireRegistry *reg, DecodeFormat format)
{
  DecodePrinter *p = g_new0 (DecodePrinter, 1);
  p->reg = reg;
  p->print = format == DECODE_JSON ? &print_json : &print_text;
  p->tracker = wire_ns_tracker_new ();
  return p;
}

void
decode_printer_free (DecodePrinter *p)
{
  if (!p)
    return;
  wire_ns_tracker_free (p->tracker);
  g_free (p);
}

void
decode_printer_set_vendor (DecodePrinter *p, guint16 vendor)
{
  p->vendor = vendor;
}

void
print_hex (GString *out, const guint8 *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_printf (out, "%02x", p[i]);
}

gchar *
print_qrtr_address (guint32 node, guint32 port)
{
  gchar n[16], p[16];
  g_snprintf (n, sizeof n, node == WIRE_QRTR_NODE_BCAST ? "bcast" : "%u", node);
  g_snprintf (p, sizeof p, port == WIRE_QRTR_PORT_CTRL ? "ctrl" : "%u", port);
  return g_strdup_printf ("%s:%s", n, p);
}

/* Where a QMI message travels: its service as the carrier names it. */
typedef struct {
  const WireService *svc;   /* may be NULL */
  guint32 service_id;
  const char *service_name; /* from the name tables when no schema */
} Where;

static void qmi_message (DecodePrinter *p, PrintFrame *f, const Where *w, WireQmiForm form,
                         const guint8 *buf, gsize len)
{
  WireQmiHeader h;
  PrintQmi m = { .svc = w->svc, .service_id = w->service_id, .service_name = w->service_name, .h = &h };
  gchar *unknown = NULL;

  wire_qmi_parse_header (form, buf, len, &h);
  if (h.problems & WIRE_QMI_FATAL_SHORT) {
    p->print->fatal (f, wire_qmi_problem_name (WIRE_QMI_FATAL_SHORT));
    return;
  }
  m.tlvs = buf + h.header_len;
  if (w->svc)
    m.msg = wire_service_find_message (w->svc, h.kind, h.msg_id, p->vendor);
  m.title = m.msg ? m.msg->title
                  : form == WIRE_QMI_FORM_CTL ? wire_registry_ctl_message_name (p->reg, h.msg_id) : NULL;
  m.has_result = h.kind == WIRE_QMI_RESPONSE && wire_qmi_find_result (m.tlvs, h.tlv_len, &m.status, &m.error);
  if (!m.msg) {
    gchar *svc_name = w->svc ? g_ascii_strup (w->svc->name, -1)
                      : w->service_name ? g_ascii_strup (w->service_name, -1) : g_strdup_printf ("%u", w->service_id);
    unknown = wire_render_unknown_message (svc_name, h.kind, h.msg_id, w->svc != NULL);
    m.unknown = unknown;
    g_free (svc_name);
  }
  p->print->qmi (f, &m);
  g_free (unknown);
}

guint
decode_printer_qmux (DecodePrinter *p, guint32 frame, gint64 ts, WireDirection dir,
                     const guint8 *buf, gsize len, GString *out)
{
  PrintFrame f = { .out = out, .frame = frame, .ts_usec = ts, .dir = dir, .reg = p->reg };
  WireQmuxHeader q;
  const WireServiceName *known;
  Where w = { NULL, 0, NULL };

  wire_qmux_parse_header (buf, len, &q);
  p->print->qmux_header (&f, &q);
  if (q.problems & WIRE_QMUX_FATAL) {
    p->print->fatal (&f, wire_qmux_problem_name (q.problems & WIRE_QMUX_FATAL_SHORT ? WIRE_QMUX_FATAL_SHORT
                                                                                   : WIRE_QMUX_FATAL_IF_TYPE));
    p->print->end (&f);
    return 1;
  }
  {
    const char *what[WIRE_QMUX_N_PROBLEMS];
    guint n = 0;
    for (guint bit = 1; bit < 1u << WIRE_QMUX_N_PROBLEMS; bit <<= 1)
      if (q.problems & bit)
        what[n++] = wire_qmux_problem_name (bit);
    if (n)
      p->print->header_problems (&f, "qmux_problems", what, n);
  }
  w.service_id = q.service;
  w.svc = wire_registry_service_by_qmux (p->reg, q.service);
  known = wire_registry_qmux_name (p->reg, q.service);
  w.service_name = known ? known->name : NULL;
  qmi_message (p, &f, &w, q.service == 0 ? WIRE_QMI_FORM_CTL : WIRE_QMI_FORM_SERVICE,
               buf + WIRE_QMUX_HEADER_LEN, q.sdu_len);
  p->print->end (&f);
  return 1;
}

static void qrtr_ctrl (DecodePrinter *p, PrintFrame *f, const WireQrtrHeader *h, const guint8 *payload)
{
  WireQrtrCtrl c;

  gboolean whole = wire_qrtr_parse_ctrl (payload, h->payload_len, &c);
  if (!whole || c.short_payload) {
    const char *what = WIRE_QRTR_CTRL_SHORT_NAME;
    p->print->header_problems (f, "control_problems", &what, 1);
  }
  if (!whole) {
    p->print->control (f, h, NULL);
    return;
  }
  wire_ns_tracker_feed (p->tracker, f->frame, h->src_node, &c);
  p->print->control (f, h, &c);
}

/* What is wrong with a QRTR header that still lets the frame be decoded. */
static void qrtr_header_problems (DecodePrinter *p, PrintFrame *f, guint problems)
{
  const char *what[WIRE_QRTR_N_PROBLEMS];
  guint n = 0;
  for (guint bit = 1; bit < 1u << WIRE_QRTR_N_PROBLEMS; bit <<= 1)
    if (problems & bit)
      what[n++] = wire_qrtr_problem_name (bit);
  if (n)
    p->print->header_problems (f, "qrtr_problems", what, n);
}

guint
decode_printer_qrtr (DecodePrinter *p, guint32 frame, gint64 ts, WireDirection dir,
                     const guint8 *buf, gsize len, GString *out)
{
  PrintFrame f = { .out = out, .frame = frame, .ts_usec = ts, .dir = dir, .reg = p->reg };
  WireQrtrHeader h;
  WireNsEntry e;
  gboolean server_is_dst;
  const guint8 *payload;

  wire_qrtr_parse_header (buf, len, &h);
  p->print->qrtr_header (&f, &h);
  /* an optional header past the frame leaves no payload to read */
  if (h.problems & (WIRE_QRTR_FATAL | WIRE_QRTR_OPTLEN_BEYOND_FRAME)) {
    p->print->fatal (&f, wire_qrtr_problem_name (h.problems & WIRE_QRTR_FATAL_SHORT     ? WIRE_QRTR_FATAL_SHORT
                                                 : h.problems & WIRE_QRTR_FATAL_VERSION ? WIRE_QRTR_FATAL_VERSION
                                                                                        : WIRE_QRTR_OPTLEN_BEYOND_FRAME));
    p->print->end (&f);
    return 1;
  }
  qrtr_header_problems (p, &f, h.problems);
  payload = buf + h.header_len;
  if (h.type != WIRE_QRTR_TYPE_DATA) {
    qrtr_ctrl (p, &f, &h, payload);
  } else if (wire_ns_tracker_resolve (p->tracker, h.src_node, h.src_port, h.dst_node, h.dst_port, frame, &e,
                                      &server_is_dst)) {
    const WireServiceName *known = wire_registry_qrtr_name (p->reg, e.service);
    Where w = { wire_registry_service_by_qrtr (p->reg, e.service), e.service, known ? known->name : NULL };
    if (e.service == WIRE_QRTR_SERVICE_TFTP)
      p->print->tftp (&f, h.payload_len >= 2 ? (guint16) (payload[0] << 8 | payload[1]) : 0, h.payload_len);
    else
      qmi_message (p, &f, &w, WIRE_QMI_FORM_SERVICE, payload, h.payload_len);
  } else {
    p->print->unresolved (&f);
  }
  p->print->end (&f);
  return 1;
}
