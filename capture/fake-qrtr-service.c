/* fake-qrtr-service: a QMI service on QRTR, driven by the schemas. It binds
 * an AF_QIPCRTR socket, announces one service to the name service (the
 * kernel's, on the local node) and answers every request of that service:
 * with canned values (built in for dms.get_ids, or from a responses file),
 * else with sample values the schema allows and a success result. Used by
 * the real-kernel tests (tests/vm/) so that qmicli -d qrtr://N and
 * qrtr-lookup have something to talk to; needs a kernel with qrtr.ko. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/qrtr.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include "fake-answers.h"
#include "wire-encode.h"
#include "wire-qmux.h"
#include "wire-schema.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif


/* What a test expects without a responses file: the values the cdc-wdm
 * tests use (tests/capture/fake-modem-responses.json). */
static const char builtin_responses[] =
  "{ \"dms.get_ids\": { \"imei\": \"359225050039973\", \"esn\": \"80997874\","
  "                     \"meid\": \"35922505003997\" } }";

typedef struct {
  WireRegistry *reg;
  FakeErrors errors;  /* the schemas' numbers of the errors it answers with */
  const WireService *svc;
  JsonObject *responses; /* "svc.msg" -> values object */
  guint seed;
  gboolean verbose;
  gint64 max_answers;    /* exit after answering this many (0 = never) */
  gint64 answered;
  GHashTable *open_clients; /* node << 32 | port of clients answered and not gone */
  int fd;
  struct sockaddr_qrtr us;
  GMainLoop *loop;
} FakeService;

static gchar *opt_service;
static gint opt_instance;
static gint opt_version = 1;
static gint64 opt_count;
static gchar **opt_schema_dirs;
static gchar *opt_responses;
static gint opt_seed = 1;
static gboolean opt_verbose;

static const GOptionEntry entries[] = {
  { "service", 's', 0, G_OPTION_ARG_STRING, &opt_service, "Serve the schema service NAME (e.g. dms; required)", "NAME" },
  { "instance", 'i', 0, G_OPTION_ARG_INT, &opt_instance, "Announce instance N (default 0)", "N" },
  { "version", 0, 0, G_OPTION_ARG_INT, &opt_version, "Announce service version N (default 1)", "N" },
  { "count", 'c', 0, G_OPTION_ARG_INT64, &opt_count,
    "Exit after answering N requests, once their clients have closed (or 10 s later)", "N" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_schema_dirs, "Also load schemas from DIR (repeatable)", "DIR" },
  { "responses", 'R', 0, G_OPTION_ARG_FILENAME, &opt_responses,
    "JSON file of canned responses: { \"dms.get_ids\": { \"imei\": \"...\" }, ... } (replaces the built-in ones)", "FILE" },
  { "seed", 0, 0, G_OPTION_ARG_INT, &opt_seed, "Seed for the sample values of other responses (default 1)", "N" },
  { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "Log every packet on stderr", NULL },
  G_OPTION_ENTRY_NULL
};

static const char *ctrl_name (guint32 cmd)
{
  static const char *const names[] = {
    NULL, "DATA", "HELLO", "BYE", "NEW_SERVER", "DEL_SERVER", "DEL_CLIENT",
    "RESUME_TX", "EXIT", "PING", "NEW_LOOKUP", "DEL_LOOKUP",
  };
  return cmd < G_N_ELEMENTS (names) && names[cmd] ? names[cmd] : "unknown";
}

/* NEW_SERVER or DEL_SERVER for our service, to the local name service. */
static gboolean send_server_ctrl (FakeService *f, guint32 cmd, GError **error)
{
  struct qrtr_ctrl_pkt pkt = { 0 };
  struct sockaddr_qrtr ns = { .sq_family = AF_QIPCRTR, .sq_node = f->us.sq_node, .sq_port = QRTR_PORT_CTRL };

  pkt.cmd = GUINT32_TO_LE (cmd);
  pkt.server.service = GUINT32_TO_LE ((guint32) f->svc->qrtr_id);
  pkt.server.instance = GUINT32_TO_LE (((guint32) opt_version & 0xff) | ((guint32) opt_instance << 8));
  pkt.server.node = GUINT32_TO_LE (f->us.sq_node);
  pkt.server.port = GUINT32_TO_LE (f->us.sq_port);
  if (sendto (f->fd, &pkt, sizeof pkt, 0, (struct sockaddr *) &ns, sizeof ns) < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "sending %s to the name service: %s",
                 ctrl_name (cmd), g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

static gboolean open_socket (FakeService *f, GError **error)
{
  socklen_t len = sizeof f->us;

  f->fd = socket (AF_QIPCRTR, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (f->fd < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "AF_QIPCRTR socket: %s%s",
                 g_strerror (errno), errno == EAFNOSUPPORT ? " (is the qrtr kernel module loaded?)" : "");
    return FALSE;
  }
  /* The local node id, then an ephemeral port on it. */
  if (getsockname (f->fd, (struct sockaddr *) &f->us, &len) < 0 || f->us.sq_family != AF_QIPCRTR) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "getsockname: %s", g_strerror (errno));
    return FALSE;
  }
  f->us.sq_port = 0;
  if (bind (f->fd, (struct sockaddr *) &f->us, sizeof f->us) < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "bind to node %u: %s",
                 f->us.sq_node, g_strerror (errno));
    return FALSE;
  }
  len = sizeof f->us;
  if (getsockname (f->fd, (struct sockaddr *) &f->us, &len) < 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "getsockname: %s", g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

static guint64 client_key (guint32 node, guint32 port)
{
  return (guint64) node << 32 | port;
}

static gboolean on_linger_timeout (gpointer data)
{
  FakeService *f = data;
  g_printerr ("fake-qrtr-service: clients still open 10 s after the last answer; exiting anyway\n");
  g_main_loop_quit (f->loop);
  return G_SOURCE_REMOVE;
}

/* Exiting (DEL_SERVER) while a client still waits to read its answer makes
 * libqmi see a hangup instead: with --count, wait until the clients answered
 * have closed their sockets (the name service's DEL_CLIENT says so). */
static void maybe_quit (FakeService *f)
{
  if (!f->max_answers || f->answered < f->max_answers)
    return;
  if (g_hash_table_size (f->open_clients) == 0)
    g_main_loop_quit (f->loop);
}

static void answer (FakeService *f, const guint8 *buf, gsize len, const struct sockaddr_qrtr *from)
{
  WireQmiHeader h;
  const WireMessage *req, *resp;
  GByteArray *tlvs, *msg;
  guint64 *key;

  wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, buf, len, &h);
  if ((h.problems & WIRE_QMI_FATAL_SHORT) || h.kind != WIRE_QMI_REQUEST) {
    if (f->verbose)
      g_printerr ("fake-qrtr-service: ignored %" G_GSIZE_FORMAT " bytes from %u:%u (not a request)\n",
                  len, from->sq_node, from->sq_port);
    return;
  }
  req = wire_service_find_message (f->svc, WIRE_QMI_REQUEST, h.msg_id, 0);
  resp = wire_service_find_message (f->svc, WIRE_QMI_RESPONSE, h.msg_id, 0);
  tlvs = req && resp ? fake_response_tlvs ("fake-qrtr-service", f->responses, f->seed, f->svc, resp, NULL,
                                           &f->errors)
                     : fake_failure_tlvs (f->errors.invalid_qmi_command);
  msg = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, WIRE_QMI_RESPONSE, h.txn_id, h.msg_id,
                                tlvs->data, tlvs->len);
  if (f->verbose)
    g_printerr ("fake-qrtr-service: %s.%s (0x%04x) txn %u from %u:%u -> response of %u bytes\n",
                f->svc->name, req ? req->name : "?", h.msg_id, h.txn_id, from->sq_node, from->sq_port,
                msg->len);
  if (sendto (f->fd, msg->data, msg->len, 0, (const struct sockaddr *) from, sizeof *from) < 0)
    g_printerr ("fake-qrtr-service: reply to %u:%u: %s\n", from->sq_node, from->sq_port, g_strerror (errno));
  g_byte_array_unref (msg);
  g_byte_array_unref (tlvs);
  key = g_new (guint64, 1);
  *key = client_key (from->sq_node, from->sq_port);
  g_hash_table_add (f->open_clients, key);
  if (f->max_answers && ++f->answered == f->max_answers)
    g_timeout_add_seconds (10, on_linger_timeout, f);
  maybe_quit (f);
}

static gboolean on_readable (gint fd, GIOCondition cond, gpointer data)
{
  FakeService *f = data;
  guint8 buf[65536];
  struct sockaddr_qrtr from = { 0 };
  socklen_t flen = sizeof from;
  ssize_t n;

  (void) cond;
  n = recvfrom (fd, buf, sizeof buf, MSG_DONTWAIT, (struct sockaddr *) &from, &flen);
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR)
      return G_SOURCE_CONTINUE;
    g_printerr ("fake-qrtr-service: recvfrom: %s\n", g_strerror (errno));
    g_main_loop_quit (f->loop);
    return G_SOURCE_REMOVE;
  }
  if (from.sq_port == QRTR_PORT_CTRL) {
    /* the name service tells servers about clients that went away */
    struct qrtr_ctrl_pkt pkt = { 0 };
    guint32 cmd;
    memcpy (&pkt, buf, MIN ((gsize) n, sizeof pkt));
    cmd = GUINT32_FROM_LE (pkt.cmd);
    if (f->verbose)
      g_printerr ("fake-qrtr-service: control %s (%u:%u) from %u\n", ctrl_name (cmd),
                  GUINT32_FROM_LE (pkt.client.node), GUINT32_FROM_LE (pkt.client.port), from.sq_node);
    if (cmd == QRTR_TYPE_DEL_CLIENT) {
      guint64 key = client_key (GUINT32_FROM_LE (pkt.client.node), GUINT32_FROM_LE (pkt.client.port));
      g_hash_table_remove (f->open_clients, &key);
      maybe_quit (f);
    }
    return G_SOURCE_CONTINUE;
  }
  answer (f, buf, (gsize) n, &from);
  return G_SOURCE_CONTINUE;
}

static gboolean on_signal (gpointer data)
{
  g_main_loop_quit (((FakeService *) data)->loop);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- a schema-driven QMI service on QRTR");
  GError *error = NULL;
  FakeService f = { .fd = -1 };
  JsonParser *parser;
  int status = 0;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Binds an AF_QIPCRTR socket on the local node, announces the service to the name\n"
    "service (NEW_SERVER with the service's QRTR id from its schema) and answers every\n"
    "request the schema defines: with canned values when given for that message, else\n"
    "with sample values and a success result. Unknown messages get InvalidQmiCommand.\n"
    "Built-in canned values: dms.get_ids (IMEI 359225050039973); --responses replaces them.\n"
    "\n"
    "Example (needs the qrtr kernel module):\n"
    "  fake-qrtr-service --service dms &\n"
    "  qrtr-lookup\n"
    "  qmicli -d qrtr://1 --dms-get-ids");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("fake-qrtr-service: %s (see --help)\n", error->message);
    return 2;
  }
  if (!opt_service || argc > 1) {
    g_printerr ("fake-qrtr-service: --service NAME is required and nothing else (see --help)\n");
    return 2;
  }
  if (opt_instance < 0 || opt_instance > 0xffffff || opt_version < 0 || opt_version > 0xff) {
    g_printerr ("fake-qrtr-service: --instance must be 0..16777215 and --version 0..255\n");
    return 2;
  }
  f.reg = fake_load_schemas ("fake-qrtr-service", opt_schema_dirs, &f.errors);
  if (!f.reg)
    return 1;
  f.svc = wire_registry_service_by_name (f.reg, opt_service);
  if (!f.svc || f.svc->qrtr_id < 0) {
    g_printerr ("fake-qrtr-service: %s: %s\n", opt_service,
                f.svc ? "the schema gives no QRTR service id" : "no such service in the schemas");
    return 1;
  }
  f.seed = (guint) opt_seed;
  f.verbose = opt_verbose;
  f.max_answers = opt_count;
  f.open_clients = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  parser = fake_load_responses ("fake-qrtr-service", opt_responses, builtin_responses, &f.responses);
  if (!parser || !fake_check_responses ("fake-qrtr-service", f.reg, f.responses,
                                        opt_responses ? opt_responses : "built-in responses", f.svc))
    return 1;

  if (!open_socket (&f, &error) || !send_server_ctrl (&f, QRTR_TYPE_NEW_SERVER, &error)) {
    g_printerr ("fake-qrtr-service: %s\n", error->message);
    return 1;
  }
  f.loop = g_main_loop_new (NULL, FALSE);
  g_unix_fd_add (f.fd, G_IO_IN, on_readable, &f);
  g_unix_signal_add (SIGINT, on_signal, &f);
  g_unix_signal_add (SIGTERM, on_signal, &f);
  g_printerr ("fake-qrtr-service: serving %s (QRTR service %d, version %d, instance %d) at %u:%u\n",
              f.svc->name, f.svc->qrtr_id, opt_version, opt_instance, f.us.sq_node, f.us.sq_port);
  g_main_loop_run (f.loop);

  if (!send_server_ctrl (&f, QRTR_TYPE_DEL_SERVER, &error)) {
    g_printerr ("fake-qrtr-service: %s\n", error->message);
    g_clear_error (&error);
  }
  close (f.fd);
  g_hash_table_unref (f.open_clients);
  g_main_loop_unref (f.loop);
  g_object_unref (parser);
  wire_registry_free (f.reg);
  g_option_context_free (ctx);
  return status;
}
