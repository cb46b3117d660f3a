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
#include "wire-encode.h"
#include "wire-qmux.h"
#include "wire-schema.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif

#define QMI_ERR_INTERNAL 3
#define QMI_ERR_INVALID_QMI_COMMAND 71

/* What a test expects without a responses file: the values the cdc-wdm
 * tests use (tests/capture/fake-modem-responses.json). */
static const char builtin_responses[] =
  "{ \"dms.get_ids\": { \"imei\": \"359225050039973\", \"esn\": \"80997874\","
  "                     \"meid\": \"35922505003997\" } }";

typedef struct {
  WireRegistry *reg;
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

static GByteArray *failure_tlvs (guint16 error)
{
  GByteArray *t = g_byte_array_new ();
  guint8 v[4] = { 1, 0, (guint8) error, (guint8) (error >> 8) };
  wire_qmi_append_tlv (t, WIRE_QMI_TLV_RESULT, v, 4);
  return t;
}

/* The TLVs of the response: canned values, else samples; a success result
 * unless the values say otherwise. */
static GByteArray *response_tlvs (FakeService *f, const WireMessage *resp)
{
  char *key = g_strdup_printf ("%s.%s", f->svc->name, resp->name);
  JsonObject *values;
  GError *err = NULL;
  GByteArray *out;
  JsonNode *node;

  if (f->responses && json_object_has_member (f->responses, key)) {
    /* a copy: the result member added below must not stick to the canned object */
    node = json_node_copy (json_object_get_member (f->responses, key));
  } else {
    node = wire_sample_values (resp, f->seed);
  }
  values = json_node_get_object (node);
  if (!json_object_has_member (values, "result")) {
    JsonObject *r = json_object_new ();
    json_object_set_string_member (r, "status", "success");
    json_object_set_string_member (r, "error", "None");
    json_object_set_object_member (values, "result", r);
  }
  out = wire_encode_tlvs (resp, node, &err);
  if (!out) {
    g_printerr ("fake-qrtr-service: %s: %s\n", key, err->message);
    g_clear_error (&err);
    out = failure_tlvs (QMI_ERR_INTERNAL);
  }
  json_node_unref (node);
  g_free (key);
  return out;
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
  tlvs = req && resp ? response_tlvs (f, resp) : failure_tlvs (QMI_ERR_INVALID_QMI_COMMAND);
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

static WireRegistry *load_schemas (void)
{
  WireRegistry *reg = wire_registry_new ();
  char **dirs = wire_registry_default_dirs ();
  const GPtrArray *errors;

  wire_registry_load_dirs (reg, (const char *const *) dirs);
  for (guint i = opt_schema_dirs ? g_strv_length (opt_schema_dirs) : 0; i > 0; i--) {
    const char *one[] = { opt_schema_dirs[i - 1], NULL };
    wire_registry_load_dirs (reg, one);
  }
  g_strfreev (dirs);
  wire_registry_finish (reg);
  errors = wire_registry_errors (reg);
  for (guint i = 0; i < errors->len; i++)
    g_printerr ("fake-qrtr-service: schema: %s\n", (const char *) g_ptr_array_index (errors, i));
  return reg;
}

/* Canned values for our service must name a response and encode: better to
 * refuse at start-up than to answer garbage later. Other services' keys are
 * ignored, so one file can serve several instances of this program. */
static gboolean check_responses (FakeService *f, const char *origin)
{
  GList *keys = json_object_get_members (f->responses);
  gboolean ok = TRUE;

  for (GList *k = keys; k; k = k->next) {
    const char *key = k->data;
    char **parts = g_strsplit (key, ".", 2);
    const WireMessage *resp = NULL;
    JsonNode *v = json_object_get_member (f->responses, key);

    if (parts[0] && parts[1] && g_str_equal (parts[0], f->svc->name)) {
      for (guint i = 0; i < f->svc->messages->len && !resp; i++) {
        const WireMessage *msg = g_ptr_array_index (f->svc->messages, i);
        if (msg->kind == WIRE_QMI_RESPONSE && g_str_equal (msg->name, parts[1]))
          resp = msg;
      }
      if (!resp) {
        g_printerr ("fake-qrtr-service: %s: \"%s\": no such message with a response\n", origin, key);
        ok = FALSE;
      } else if (!JSON_NODE_HOLDS_OBJECT (v)) {
        g_printerr ("fake-qrtr-service: %s: \"%s\": values must be an object keyed by TLV name\n", origin, key);
        ok = FALSE;
      } else {
        GError *err = NULL;
        GByteArray *t = wire_encode_tlvs (resp, v, &err);
        if (!t) {
          g_printerr ("fake-qrtr-service: %s: \"%s\": %s\n", origin, key, err->message);
          g_error_free (err);
          ok = FALSE;
        } else {
          g_byte_array_unref (t);
        }
      }
    }
    g_strfreev (parts);
  }
  g_list_free (keys);
  return ok;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- a schema-driven QMI service on QRTR");
  GError *error = NULL;
  FakeService f = { .fd = -1 };
  JsonParser *parser = json_parser_new ();
  gboolean loaded;
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
  f.reg = load_schemas ();
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

  loaded = opt_responses ? json_parser_load_from_file (parser, opt_responses, &error)
                         : json_parser_load_from_data (parser, builtin_responses, -1, &error);
  if (!loaded) {
    g_printerr ("fake-qrtr-service: %s: %s\n", opt_responses ? opt_responses : "built-in responses", error->message);
    return 1;
  }
  if (!json_parser_get_root (parser) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
    g_printerr ("fake-qrtr-service: %s: the top level must be an object\n", opt_responses);
    return 1;
  }
  f.responses = json_node_get_object (json_parser_get_root (parser));
  if (!check_responses (&f, opt_responses ? opt_responses : "built-in responses"))
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
