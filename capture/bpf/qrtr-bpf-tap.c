/* qrtr-bpf-tap: every QRTR packet of the machine, from inside the kernel.
 *
 * QRTR has no monitor device, and the LD_PRELOAD tap (qrtr-capture --exec)
 * only sees the processes it starts. This loads the eBPF program of
 * qrtr-tap.bpf.c, which puts kprobes on the receive path
 * (qrtr_endpoint_post: whole frames from the transports), the transmit path
 * (qrtr_node_enqueue: packets for remote nodes) and local delivery
 * (qrtr_local_enqueue: packets for this node's sockets, the kernel's name
 * service included), and writes each packet as an Exported PDU "qrtr"
 * record: received frames as they came, the others with the QRTR v1 header
 * the kernel pushes (transmit) or would have pushed (local delivery)
 * synthesised from the probe's arguments. One pcapng interface per
 * endpoint, plus one for local delivery; each record's comment says where it
 * was seen and by which task.
 *
 * Needs root (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN), the kernel's BTF
 * (/sys/kernel/btf/vmlinux, or --btf FILE) and the qrtr module loaded. */
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <glib.h>
#include "bpf-preflight.h"
#include "bpf-tap.h"
#include "qrtr-filter.h"
#include "qrtr-tap.h"
#include "qrtr-tap.skel.h"
#include "schema-load.h"
#include "wire-qrtr.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif

G_STATIC_ASSERT (sizeof (struct qrtr_tap_event) == 72);

static const char *const probe_names[] = { "qrtr_endpoint_post", "qrtr_node_enqueue", "qrtr_local_enqueue" };
static const char *const probe_roles[] = { "receive", "transmit", "local delivery" };

static gchar *opt_filter;

static const GOptionEntry entries[] = {
  { "qrtr-filter", 0, 0, G_OPTION_ARG_STRING, &opt_filter,
    "Keep only one service's traffic (dms, 2) or one address's (NODE:PORT)", "FILTER" },
  G_OPTION_ENTRY_NULL
};

static const BpfTapHelp help = {
  .decode = "Print each packet as it is captured, decoded: text or json (one object per line)",
  .count = "Stop after N packets (kept by the filter)",
  .verbose = "Show libbpf's messages (twice: its debug output, the verifier's log included)",
};

static BpfTap tap = { .name = "qrtr-bpf-tap", .noun = "packets" };

/* --- what the kernel offers ------------------------------------------------------ */

/* Everything that can be checked before loading, with what to do about it. */
static gboolean preflight (BpfTapSymbols *syms)
{
  if (!bpf_preflight (tap.name, tap.btf) || !bpf_tap_read_symbols (&tap, "qrtr_", probe_names, 3, syms))
    return FALSE;
  if (!syms->any) {
    g_printerr ("qrtr-bpf-tap: QRTR is not loaded: /proc/kallsyms has no qrtr_ symbol (modprobe qrtr; "
                "or this kernel has no CONFIG_QRTR)\n");
    return FALSE;
  }
  if (!syms->exact[0] && !syms->exact[1] && !syms->exact[2]) {
    g_printerr ("qrtr-bpf-tap: QRTR is loaded but none of qrtr_endpoint_post, qrtr_node_enqueue, "
                "qrtr_local_enqueue is in /proc/kallsyms under its own name: nothing to probe\n");
    return FALSE;
  }
  return TRUE;
}

/* --- records --------------------------------------------------------------------- */

/* What only this tap keeps (the file, the decoder and the counts are tap's). */
typedef struct {
  BpfTap *tap;
  QrtrFilter *filter;        /* --qrtr-filter; NULL: everything */
  GHashTable *endpoints;     /* endpoint pointer -> interface id + 1 */
  GHashTable *servers;       /* node << 32 | port of the servers seen announced */
  guint endpoint_count;
  guint32 local_node;
  gint64 by_kind[4];
} Tap;

/* The pcapng interface of an endpoint, added when it is first seen. Kernel
 * addresses stay out of the file: endpoints are numbered in order of appearance. */
static gint endpoint_interface (Tap *t, const struct qrtr_tap_event *ev)
{
  gpointer v = g_hash_table_lookup (t->endpoints, GSIZE_TO_POINTER ((gsize) ev->endpoint));
  gchar *name, *desc;
  gint id;

  if (v)
    return GPOINTER_TO_INT (v) - 1;
  if (!t->tap->writer)
    return 0;
  if (!ev->endpoint) {
    name = g_strdup ("qrtr-ep-none");
    desc = g_strdup ("QRTR packets for a remote node whose endpoint is gone");
  } else {
    name = g_strdup_printf ("qrtr-ep%u", ++t->endpoint_count);
    desc = ev->node == 0xffffffffu
             ? g_strdup_printf ("QRTR endpoint %u (node id not yet known)", t->endpoint_count)
             : g_strdup_printf ("QRTR endpoint %u (node %u when first seen)", t->endpoint_count, ev->node);
  }
  id = wire_pcapng_add_interface (t->tap->writer, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, QRTR_TAP_MAX_DATA + 64, name, desc,
                                  NULL);
  g_free (name);
  g_free (desc);
  if (id >= 0)
    g_hash_table_insert (t->endpoints, GSIZE_TO_POINTER ((gsize) ev->endpoint), GINT_TO_POINTER (id + 1));
  return id;
}

static guint64 address_key (guint32 node, guint32 port)
{
  return (guint64) node << 32 | port;
}

/* Servers come and go with NEW_SERVER / DEL_SERVER, wherever they are seen. */
static void track_servers (Tap *t, const guint8 *frame, gsize len)
{
  WireQrtrHeader h;
  WireQrtrCtrl c;
  guint64 *key;

  if (wire_qrtr_parse_header (frame, len, &h) & WIRE_QRTR_FATAL)
    return;
  if ((h.type != WIRE_QRTR_TYPE_NEW_SERVER && h.type != WIRE_QRTR_TYPE_DEL_SERVER) ||
      !wire_qrtr_parse_ctrl (frame + h.header_len, h.payload_len, &c) || c.short_payload || c.end_of_list)
    return;
  key = g_new (guint64, 1);
  *key = address_key (c.node, c.port);
  if (h.type == WIRE_QRTR_TYPE_NEW_SERVER)
    g_hash_table_add (t->servers, key);
  else
    g_hash_table_remove (t->servers, key), g_free (key);
}

/* Local delivery has no direction of its own: it is recorded as the client
 * sees it (as qrtr-capture --exec does): in when it comes from a server, the
 * control port or another node's address (what the kernel sends on behalf of
 * a node that went away), out otherwise. */
static WireDirection local_direction (Tap *t, const struct qrtr_tap_event *ev)
{
  guint64 key = address_key (ev->src_node, ev->src_port);
  if (ev->src_port == WIRE_QRTR_PORT_CTRL || ev->src_node != t->local_node || g_hash_table_contains (t->servers, &key))
    return WIRE_DIR_INBOUND;
  return WIRE_DIR_OUTBOUND;
}

static int on_event (void *ctx, void *data, size_t size)
{
  Tap *t = ctx;
  const struct qrtr_tap_event *ev = data;
  GByteArray *frame;
  GString *comment;
  WireDirection dir;
  gint if_id;
  guint32 caplen;
  gint64 ts_us;
  gboolean retyped = FALSE;

  if (t->tap->done || t->tap->failed || size < sizeof *ev)
    return 0;
  caplen = MIN (ev->caplen, (guint32) (size - sizeof *ev));
  frame = g_byte_array_sized_new (WIRE_QRTR_V1_HEADER_LEN + caplen + 3);
  comment = g_string_new (NULL);
  if (ev->kind == QRTR_TAP_RX) {
    g_byte_array_append (frame, ev->data, caplen);
    dir = WIRE_DIR_INBOUND;
  } else {
    /* confirm_rx stays 0: the flow control decides it after the probe */
    WireQrtrHeader hdr = { .version = WIRE_QRTR_VERSION_1, .type = ev->type, .size = ev->len,
                           .src_node = ev->src_node, .src_port = ev->src_port,
                           .dst_node = ev->dst_node, .dst_port = ev->dst_port };
    guint8 h[WIRE_QRTR_V1_HEADER_LEN];
    /* as qrtr_node_enqueue writes it: control packets go to the next hop's control port */
    if (ev->kind == QRTR_TAP_TX && hdr.dst_port == WIRE_QRTR_PORT_CTRL)
      hdr.dst_node = ev->node;
    /* A client's control packet (NEW_LOOKUP to the name service, ...) goes
     * through the kernel as DATA: only a socket bound to the control port
     * gets its command as the type. Delivered locally, it is typed by its
     * command here, as the name service reads it (and as qrtr-capture --exec
     * records it); what goes to a transport keeps the header the kernel pushes. */
    if (ev->kind == QRTR_TAP_LOCAL && ev->type == WIRE_QRTR_TYPE_DATA && hdr.dst_port == WIRE_QRTR_PORT_CTRL &&
        caplen >= 4) {
      hdr.type = ev->data[0] | ev->data[1] << 8 | ev->data[2] << 16 | (guint32) ev->data[3] << 24;
      retyped = hdr.type != ev->type;
    }
    g_byte_array_append (frame, h, (guint) wire_qrtr_build_header (&hdr, h, sizeof h));
    g_byte_array_append (frame, ev->data, caplen);
    if (caplen == ev->len)
      while (frame->len % 4)
        g_byte_array_append (frame, (const guint8 *) "", 1);
    dir = ev->kind == QRTR_TAP_TX ? WIRE_DIR_OUTBOUND : local_direction (t, ev);
  }
  if (ev->kind == QRTR_TAP_LOCAL) {
    if_id = 0;
    g_string_append (comment, "local delivery");
  } else {
    if_id = endpoint_interface (t, ev);
    if (ev->kind == QRTR_TAP_RX)
      g_string_append (comment, "received from a transport");
    else
      g_string_append (comment, "sent to a transport; header synthesised, confirm_rx not known");
    if (ev->node != 0xffffffffu)
      g_string_append_printf (comment, " (node %u)", ev->node);
  }
  if (retyped)
    g_string_append (comment, "; sent as DATA, typed by its command");
  g_string_append_printf (comment, "; task %.16s[%u]", ev->comm, ev->pid);
  if (caplen < ev->len)
    g_string_append_printf (comment, "; truncated: %u of %u bytes", caplen, ev->len);
  track_servers (t, frame->data, frame->len);
  if (t->filter && !qrtr_filter_keep (t->filter, frame->data, frame->len)) {
    g_byte_array_unref (frame);
    g_string_free (comment, TRUE);
    return 0;
  }
  ts_us = bpf_tap_time_us (t->tap, ev->ts_ns);
  if (bpf_tap_write (t->tap, if_id, ts_us, "qrtr", dir, frame->data, frame->len, comment->str)) {
    t->by_kind[ev->kind < 4 ? ev->kind : 0]++;
    if (t->tap->decoder) {
      /* as it is captured: the frame numbers are the file's */
      g_string_truncate (t->tap->out, 0);
      decode_printer_qrtr (t->tap->decoder, (guint32) t->tap->written, ts_us, dir, frame->data, frame->len,
                         t->tap->out);
      bpf_tap_print (t->tap);
    }
  }
  g_byte_array_unref (frame);
  g_string_free (comment, TRUE);
  return 0;
}

/* This node's id, as a socket sees it (1 unless set with qrtr-cfg). */
static guint32 local_node_id (void)
{
  struct { unsigned short family; guint32 node, port; } a = { 0 };
  socklen_t len = sizeof a;
  int fd = socket (AF_QIPCRTR, SOCK_DGRAM, 0);
  guint32 node = 1;

  if (fd >= 0 && getsockname (fd, (struct sockaddr *) &a, &len) == 0 && a.family == AF_QIPCRTR)
    node = a.node;
  if (fd >= 0)
    close (fd);
  return node;
}

/* A service filter's servers that exist before the capture starts: a
 * NEW_LOOKUP for the service to the name service, which answers with one
 * NEW_SERVER per server and an empty one at the end (instance 0 matches
 * every instance). Best effort: a name service that does not answer within
 * a second leaves the filter to learn from the capture. */
static void lookup_servers (QrtrFilter *f)
{
  struct sockaddr_qrtr_min { unsigned short family; guint32 node, port; } to = { AF_QIPCRTR, 0, WIRE_QRTR_PORT_CTRL };
  WireQrtrCtrl req = { .cmd = WIRE_QRTR_TYPE_NEW_LOOKUP, .service = qrtr_filter_service (f) };
  guint8 pkt[WIRE_QRTR_CTRL_PKT_LEN], buf[256];
  struct timeval tv = { 1, 0 };
  int fd = socket (AF_QIPCRTR, SOCK_DGRAM, 0);

  if (fd < 0)
    return;
  to.node = local_node_id ();
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  wire_qrtr_build_ctrl (&req, pkt, sizeof pkt);
  if (sendto (fd, pkt, sizeof pkt, 0, (struct sockaddr *) &to, sizeof to) == (ssize_t) sizeof pkt) {
    for (;;) {
      WireQrtrCtrl c;
      ssize_t n = recv (fd, buf, sizeof buf, 0);
      if (n < 0 || !wire_qrtr_parse_ctrl (buf, (gsize) n, &c) || c.cmd != WIRE_QRTR_TYPE_NEW_SERVER || c.end_of_list)
        break;
      qrtr_filter_add_server (f, c.service, c.node, c.port);
    }
  }
  close (fd);
}

/* --- main -------------------------------------------------------------------------- */

int
main (int argc, char **argv)
{
  static const char description[] =
    "Records every QRTR packet of this machine through kprobes on net/qrtr: frames the transports\n"
    "receive (qrtr_endpoint_post), packets for remote nodes (qrtr_node_enqueue, before the\n"
    "transport's xmit) and packets delivered to local sockets, the name service's included\n"
    "(qrtr_local_enqueue). Each becomes an Exported PDU \"qrtr\" record with a QRTR v1 header\n"
    "(synthesised from the probe's arguments for transmit and local delivery), on one pcapng\n"
    "interface per endpoint plus qrtr-local. Local delivery is recorded as the client sees it:\n"
    "in when it comes from a server or the control port, out otherwise.\n"
    "\n"
    "Needs root (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN), a kernel with BTF\n"
    "(/sys/kernel/btf/vmlinux, or --btf FILE), kprobes and the BPF ring buffer (5.8+), and\n"
    "the qrtr module loaded.\n"
    "\n"
    "Example:\n"
    "  sudo qrtr-bpf-tap -w qrtr.pcapng &\n"
    "  qmicli -d qrtr://0 --dms-get-ids; kill -INT %1\n"
    "  qrtr-capture -r qrtr.pcapng\n"
    "\n"
    "Exit status: 0 when stopped by SIGINT, SIGTERM, SIGHUP or -c; 1 when the tap cannot start\n"
    "or writing fails; 2 on a usage error.";
  LIBBPF_OPTS (bpf_object_open_opts, open_opts);
  struct qrtr_tap *skel = NULL;
  struct bpf_link *links[3] = { NULL };
  struct bpf_program *progs[3];
  GError *error = NULL;
  BpfTapSymbols syms = { 0 };
  Tap t = { .tap = &tap };
  int status = 1, attached = 0, rc;
  GString *probes = g_string_new (NULL);
  gchar *what, *counts;

  rc = bpf_tap_init (&tap, &argc, &argv, "- record the kernel's QRTR traffic with eBPF", description, &help, entries);
  if (rc)
    return rc;
  if (opt_filter) {
    /* the service names --qrtr-filter takes come from the schemas */
    tap.registry = schema_load (tap.schema_dirs, tap.name);
    schema_print_errors (tap.registry, tap.name);
  }
  if (opt_filter && !(t.filter = qrtr_filter_new (opt_filter, tap.registry, &error))) {
    g_printerr ("qrtr-bpf-tap: %s (see --help)\n", error->message);
    g_error_free (error);
    g_clear_pointer (&tap.registry, wire_registry_free);
    return 2;
  }

  if (!preflight (&syms))
    goto out;

  open_opts.btf_custom_path = tap.btf;
  skel = qrtr_tap__open_opts (&open_opts);
  if (!skel) {
    g_printerr ("qrtr-bpf-tap: cannot open the BPF object: %s\n", g_strerror (errno));
    goto out;
  }
  progs[0] = skel->progs.qrtr_endpoint_post;
  progs[1] = skel->progs.qrtr_node_enqueue;
  progs[2] = skel->progs.qrtr_local_enqueue;
  for (int i = 0; i < 3; i++) {
    if (syms.exact[i])
      continue;
    bpf_program__set_autoload (progs[i], false);
    if (syms.variant[i])
      g_printerr ("qrtr-bpf-tap: warning: %s exists only as %s, a copy the compiler changed (its arguments may "
                  "differ): %s is not recorded\n", probe_names[i], syms.variant[i], probe_roles[i]);
    else
      g_printerr ("qrtr-bpf-tap: warning: %s is not in /proc/kallsyms (inlined?): %s is not recorded\n",
                  probe_names[i], probe_roles[i]);
  }
  if (!bpf_tap_load (&tap, skel->skeleton, skel->maps.scratch))
    goto out;
  /* the servers already there, asked before the probes see the question */
  if (t.filter && qrtr_filter_by_service (t.filter))
    lookup_servers (t.filter);
  for (int i = 0; i < 3; i++) {
    if (!syms.exact[i])
      continue;
    links[i] = bpf_program__attach (progs[i]);
    if (!links[i]) {
      g_printerr ("qrtr-bpf-tap: warning: cannot attach a kprobe to %s: %s; %s is not recorded\n", probe_names[i],
                  g_strerror (errno), probe_roles[i]);
      continue;
    }
    attached++;
    g_string_append_printf (probes, "%s%s", probes->len ? ", " : "", probe_roles[i]);
  }
  if (!attached) {
    g_printerr ("qrtr-bpf-tap: no probe could be attached\n");
    goto out;
  }

  /* the probes are in place: only now is the file created */
  if (!bpf_tap_open_output (&tap, QRTR_TAP_MAX_DATA + 64, "qrtr-local", "QRTR packets delivered to this node's sockets"))
    goto out;
  t.endpoints = g_hash_table_new (g_direct_hash, g_direct_equal);
  t.servers = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  t.local_node = local_node_id ();
  what = g_strdup_printf ("QRTR (%s)%s%s", probes->str, t.filter ? ", only " : "",
                          t.filter ? qrtr_filter_describe (t.filter) : "");
  status = bpf_tap_run (&tap, skel->maps.events, on_event, &t, links, 3, what);
  g_free (what);

out:
  for (int i = 0; i < 3; i++)
    bpf_link__destroy (links[i]);
  status = bpf_tap_finish (&tap, status);
  counts = g_strdup_printf ("%" G_GINT64_FORMAT " packets (%" G_GINT64_FORMAT " received, %" G_GINT64_FORMAT
                            " sent, %" G_GINT64_FORMAT " delivered locally)", tap.written, t.by_kind[QRTR_TAP_RX],
                            t.by_kind[QRTR_TAP_TX], t.by_kind[QRTR_TAP_LOCAL]);
  bpf_tap_summary (&tap, counts, " written to ", skel && skel->bss ? skel->bss->lost : 0,
                   skel && skel->bss ? skel->bss->truncated : 0);
  g_free (counts);
  if (t.endpoints)
    g_hash_table_unref (t.endpoints);
  if (t.servers)
    g_hash_table_unref (t.servers);
  qrtr_filter_free (t.filter);
  qrtr_tap__destroy (skel);
  bpf_tap_symbols_clear (&syms);
  g_string_free (probes, TRUE);
  return status;
}
