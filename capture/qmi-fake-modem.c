/* qmi-fake-modem: a QMI modem on a pty, driven by the schemas. It answers
 * CTL (client ids, version info, sync) and every request of every loaded
 * service: with the values given in a responses file, or else with sample
 * values the schema allows and a success result. Used by the end-to-end tests
 * (qmicli through qrtr-capture's bridge) and handy for demos and for
 * developing clients without hardware. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <poll.h>
#include <unistd.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include "fake-answers.h"
#include "pty-link.h"
#include "decode-print.h"
#include "wire-encode.h"
#include "wire-qmux.h"
#include "wire-qmux-stream.h"
#include "wire-schema.h"


typedef struct {
  WireRegistry *reg;
  FakeErrors errors;  /* the schemas' numbers of the errors it answers with */
  JsonObject *responses;   /* "svc.msg" -> values object; may be NULL */
  guint seed;
  gboolean verbose;
  gint64 max_requests;     /* exit after answering this many (0 = never) */
  gint64 answered;
  PtyLink pty;
  WireQmuxStream *in;
  DecodePrinter *decoder;
  guint8 next_cid[256];
  GMainLoop *loop;
  guint32 frame_no;
  gint64 flood;            /* indications still to send after the first answer */
  GByteArray *flood_frame;
} FakeModem;

static gchar *opt_link;
static gchar *opt_responses;
static gchar **opt_schema_dirs;
static gint opt_seed = 1;
static gboolean opt_verbose;
static gint64 opt_count;
static gint64 opt_flood;
static gchar *opt_flood_indication;

static const GOptionEntry entries[] = {
  { "link", 'l', 0, G_OPTION_ARG_FILENAME, &opt_link, "Create the modem's port as a symlink at PATH (required)", "PATH" },
  { "responses", 'R', 0, G_OPTION_ARG_FILENAME, &opt_responses,
    "JSON file of canned responses: { \"dms.get_ids\": { \"imei\": \"...\" }, ... }", "FILE" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_schema_dirs, "Also load schemas from DIR (repeatable)", "DIR" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "Seed for the sample values of responses not in the file (default 1)", "N" },
  { "count", 'c', 0, G_OPTION_ARG_INT64, &opt_count, "Exit after answering N requests", "N" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Print every message decoded on stderr", NULL },
  { "flood", 0, 0, G_OPTION_ARG_INT64, &opt_flood,
    "After answering the first request, send N indications as fast as the port takes them (benchmarks)", "N" },
  { "flood-indication", 0, 0, G_OPTION_ARG_STRING, &opt_flood_indication,
    "The indication --flood sends (default dms.event_report), sample values", "SERVICE.MESSAGE" },
  G_OPTION_ENTRY_NULL
};

static void log_frame (FakeModem *m, WireDirection dir, const guint8 *buf, gsize len)
{
  GString *s;
  if (!m->verbose)
    return;
  s = g_string_new (NULL);
  decode_printer_qmux (m->decoder, ++m->frame_no, g_get_real_time (), dir, buf, len, s);
  g_printerr ("%s", s->str);
  g_string_free (s, TRUE);
}

/* Writes everything, waiting while the client is slow to read. */
static void write_all (FakeModem *m, const guint8 *buf, gsize len)
{
  gsize off = 0;
  while (off < len) {
    ssize_t n = write (m->pty.master, buf + off, len - off);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      struct pollfd p = { m->pty.master, POLLOUT, 0 };
      poll (&p, 1, 100);
      continue;
    }
    if (n < 0) {
      g_printerr ("qmi-fake-modem: write: %s\n", g_strerror (errno));
      return;
    }
    off += (gsize) n;
  }
}

static void send_frame (FakeModem *m, const GByteArray *f)
{
  log_frame (m, WIRE_DIR_INBOUND, f->data, f->len); /* directions are the host's view */
  write_all (m, f->data, f->len);
}

/* The flood: the same indication, many to a write, until none are left. */
static void flood (FakeModem *m)
{
  GByteArray *batch = g_byte_array_new ();
  while (m->flood > 0) {
    guint k = (guint) MIN (m->flood, 256);
    g_byte_array_set_size (batch, 0);
    for (guint i = 0; i < k; i++)
      g_byte_array_append (batch, m->flood_frame->data, m->flood_frame->len);
    write_all (m, batch->data, batch->len);
    m->flood -= k;
  }
  g_byte_array_unref (batch);
}

static GByteArray *build_flood_frame (const WireRegistry *reg, const char *spec, GError **error)
{
  char **parts = g_strsplit (spec, ".", 2);
  const WireService *svc = parts[0] && parts[1] ? wire_registry_service_by_name (reg, parts[0]) : NULL;
  const WireMessage *ind = NULL;
  GByteArray *tlvs, *frame = NULL;
  JsonNode *values;

  for (guint i = 0; svc && i < svc->messages->len && !ind; i++) {
    const WireMessage *msg = g_ptr_array_index (svc->messages, i);
    if (msg->kind == WIRE_QMI_INDICATION && g_str_equal (msg->name, parts[1]))
      ind = msg;
  }
  if (!ind || svc->qmux_id <= 0) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "--flood-indication %s: no such QMUX service indication", spec);
    g_strfreev (parts);
    return NULL;
  }
  values = wire_sample_values (ind, 1);
  tlvs = wire_encode_tlvs (ind, values, error);
  if (tlvs)
    frame = wire_qmux_build_frame (TRUE, (guint8) svc->qmux_id, WIRE_QMI_CLIENT_BROADCAST, WIRE_QMI_INDICATION,
                                   0, ind->id, tlvs->data, tlvs->len);
  if (tlvs)
    g_byte_array_unref (tlvs);
  json_node_unref (values);
  g_strfreev (parts);
  return frame;
}

static JsonObject *pair (const char *k1, gint64 v1, const char *k2, gint64 v2)
{
  JsonObject *o = json_object_new ();
  json_object_set_int_member (o, k1, v1);
  json_object_set_int_member (o, k2, v2);
  return o;
}

/* CTL answers that depend on the request or on what the modem serves. */
static JsonObject *ctl_values (FakeModem *m, const WireMessage *req, const guint8 *tlvs, gsize len,
                               guint16 *error)
{
  JsonNode *in = wire_decode_values (req, tlvs, len);
  JsonObject *rq = JSON_NODE_HOLDS_OBJECT (in) ? json_node_get_object (in) : NULL;
  JsonObject *out = NULL;

  if (g_str_equal (req->name, "allocate_cid") && rq && json_object_has_member (rq, "service")) {
    gint64 svc = json_object_get_int_member (rq, "service");
    guint8 *next = &m->next_cid[svc & 0xff];
    if (*next == 0xff) {
      *error = m->errors.client_ids_exhausted;
    } else {
      out = json_object_new ();
      json_object_set_object_member (out, "allocation_info", pair ("service", svc, "cid", ++*next));
    }
  } else if (g_str_equal (req->name, "release_cid") && rq && json_object_has_member (rq, "release_info")) {
    out = json_object_new ();
    json_object_set_member (out, "release_info", json_node_copy (json_object_get_member (rq, "release_info")));
  } else if (g_str_equal (req->name, "get_version_info")) {
    const GPtrArray *svcs = wire_registry_services (m->reg);
    JsonArray *list = json_array_new ();
    for (guint i = 0; i < svcs->len; i++) {
      const WireService *s = g_ptr_array_index (svcs, i);
      if (s->qmux_id >= 0) {
        JsonObject *e = pair ("service", s->qmux_id, "major_version", 1);
        json_object_set_int_member (e, "minor_version", s->qmux_id == 0 ? 5 : 0);
        json_array_add_object_element (list, e);
      }
    }
    out = json_object_new ();
    json_object_set_array_member (out, "service_list", list);
  } else if (g_str_equal (req->name, "sync") || g_str_equal (req->name, "set_data_format") ||
             g_str_equal (req->name, "set_instance_id")) {
    out = json_object_new (); /* sample values follow for set_instance_id */
    if (g_str_equal (req->name, "set_instance_id"))
      json_object_set_int_member (out, "link_id", 0x0100);
    if (g_str_equal (req->name, "set_data_format") && rq && json_object_has_member (rq, "protocol"))
      json_object_set_member (out, "protocol", json_node_copy (json_object_get_member (rq, "protocol")));
  }
  json_node_unref (in);
  return out;
}

static void answer (FakeModem *m, const GByteArray *f)
{
  WireQmuxHeader qh;
  WireQmiHeader h;
  const WireService *svc;
  const WireMessage *req = NULL, *resp = NULL;
  const guint8 *tlvs;
  GByteArray *out_tlvs, *frame;

  log_frame (m, WIRE_DIR_OUTBOUND, f->data, f->len);
  if (wire_qmux_parse_header (f->data, f->len, &qh) & WIRE_QMUX_FATAL)
    return;
  if (qh.flags & WIRE_QMUX_FLAG_SERVICE)
    return; /* from a service: not ours to answer */
  wire_qmi_parse_header (qh.service ? WIRE_QMI_FORM_SERVICE : WIRE_QMI_FORM_CTL,
                         f->data + WIRE_QMUX_HEADER_LEN, qh.sdu_len, &h);
  if ((h.problems & WIRE_QMI_FATAL_SHORT) || h.kind != WIRE_QMI_REQUEST)
    return;
  tlvs = f->data + WIRE_QMUX_HEADER_LEN + h.header_len;
  svc = wire_registry_service_by_qmux (m->reg, qh.service);
  if (svc) {
    req = wire_service_find_message (svc, WIRE_QMI_REQUEST, h.msg_id, 0);
    resp = wire_service_find_message (svc, WIRE_QMI_RESPONSE, h.msg_id, 0);
  }
  if (req && resp) {
    guint16 error = 0;
    /* CTL answers depend on the request (client ids) unless the file has them */
    JsonObject *computed = svc->qmux_id == 0 ? ctl_values (m, req, tlvs, h.tlv_len, &error) : NULL;
    out_tlvs = error ? fake_failure_tlvs (error)
                     : fake_response_tlvs ("qmi-fake-modem", m->responses, m->seed, svc, resp, computed,
                                           &m->errors);
    if (error && computed)
      json_object_unref (computed);
  } else {
    out_tlvs = fake_failure_tlvs (m->errors.invalid_qmi_command);
  }
  frame = wire_qmux_build_frame (TRUE, qh.service, qh.client_id, WIRE_QMI_RESPONSE, h.txn_id,
                                 h.msg_id, out_tlvs->data, out_tlvs->len);
  send_frame (m, frame);
  g_byte_array_unref (frame);
  g_byte_array_unref (out_tlvs);
  if (m->flood_frame)
    flood (m);
  if (m->max_requests && ++m->answered >= m->max_requests)
    g_main_loop_quit (m->loop);
}

static gboolean on_readable (gint fd, GIOCondition cond, gpointer data)
{
  FakeModem *m = data;
  guint8 buf[65536];
  ssize_t n = read (fd, buf, sizeof buf);
  GByteArray *f;

  (void) cond;
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return G_SOURCE_CONTINUE;
  if (n <= 0) {
    g_printerr ("qmi-fake-modem: read: %s\n", n < 0 ? g_strerror (errno) : "end of file");
    g_main_loop_quit (m->loop);
    return G_SOURCE_REMOVE;
  }
  wire_qmux_stream_push (m->in, buf, (gsize) n);
  while ((f = wire_qmux_stream_pop (m->in))) {
    answer (m, f);
    g_byte_array_unref (f);
  }
  if (wire_qmux_stream_take_dropped (m->in) && m->verbose)
    g_printerr ("qmi-fake-modem: dropped bytes that were not QMUX\n");
  return G_SOURCE_CONTINUE;
}

static gboolean on_signal (gpointer data)
{
  g_main_loop_quit (((FakeModem *) data)->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- a schema-driven QMI modem on a pty");
  GError *error = NULL;
  FakeModem m = { 0 };
  JsonParser *parser = NULL;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Creates a pseudo-terminal that speaks QMUX like /dev/cdc-wdmN and links it at PATH.\n"
    "Answers CTL (allocate/release client id, version info, sync) and every request the\n"
    "loaded schemas define: with the values of --responses when given for that message,\n"
    "else with sample values and a success result. Unknown messages get InvalidQmiCommand.\n"
    "\n"
    "Example:\n"
    "  qmi-fake-modem --link /tmp/modem --responses modem.json &\n"
    "  qmicli -d /tmp/modem --device-open-qmi --dms-get-ids\n"
    "\n"
    "Responses file: { \"dms.get_ids\": { \"imei\": \"359225050039973\" },\n"
    "                  \"nas.get_signal_strength\": { \"signal_strength\": { \"strength\": -71, \"radio_interface\": \"lte\" } } }\n"
    "Keys are service.message; values are keyed by TLV name (see qrtr-capture --decode=json).");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("qmi-fake-modem: %s (see --help)\n", error->message);
    return 2;
  }
  if (!opt_link) {
    g_printerr ("qmi-fake-modem: --link PATH is required (see --help)\n");
    return 2;
  }
  m.reg = fake_load_schemas ("qmi-fake-modem", opt_schema_dirs, &m.errors);
  if (!m.reg)
    return 1;
  m.seed = (guint) opt_seed;
  m.verbose = opt_verbose;
  m.max_requests = opt_count;
  if (opt_responses) {
    parser = fake_load_responses ("qmi-fake-modem", opt_responses, NULL, &m.responses);
    if (!parser || !fake_check_responses ("qmi-fake-modem", m.reg, m.responses, opt_responses, NULL))
      return 1;
  }
  if (opt_flood > 0) {
    m.flood = opt_flood;
    m.flood_frame = build_flood_frame (m.reg, opt_flood_indication ? opt_flood_indication : "dms.event_report", &error);
    if (!m.flood_frame) {
      g_printerr ("qmi-fake-modem: %s\n", error->message);
      return 2;
    }
  }
  if (!pty_link_open (&m.pty, opt_link, &error)) {
    g_printerr ("qmi-fake-modem: %s\n", error->message);
    return 1;
  }
  m.in = wire_qmux_stream_new ();
  m.decoder = decode_printer_new (m.reg, DECODE_TEXT);
  m.loop = g_main_loop_new (NULL, FALSE);
  g_unix_fd_add (m.pty.master, G_IO_IN, on_readable, &m);
  g_unix_signal_add (SIGINT, on_signal, &m);
  g_unix_signal_add (SIGTERM, on_signal, &m);
  g_printerr ("qmi-fake-modem: serving on %s (%s)\n", opt_link, m.pty.slave_path);
  g_main_loop_run (m.loop);

  pty_link_close (&m.pty);
  wire_qmux_stream_free (m.in);
  decode_printer_free (m.decoder);
  g_main_loop_unref (m.loop);
  if (parser)
    g_object_unref (parser);
  if (m.flood_frame)
    g_byte_array_unref (m.flood_frame);
  wire_registry_free (m.reg);
  g_option_context_free (ctx);
  return status;
}
