/* wwan-bpf-tap: the QMI and MBIM messages of the machine's WWAN ports
 * (/dev/wwan0qmi0, /dev/wwan0mbim0: PCIe/MHI modems and the other WWAN
 * drivers), from inside the kernel, without changing the client.
 *
 * WWAN ports have no monitor device and no usbmon. This loads the eBPF
 * program of wwan-tap.bpf.c, which puts kprobes on the WWAN core's receive
 * path (wwan_port_rx: what the driver got from the modem) and its write path
 * (wwan_port_fops_write: what a client wrote, which the core hands to the
 * driver's tx), and writes each message as an Exported PDU record, "qmux" for
 * a QMI port and "mbim.control" for an MBIM port, with its direction, on one
 * pcapng interface per port (named after it). --decode prints the QMI
 * messages as they are captured, as qrtr-capture does.
 *
 * Needs root (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN), the kernel's BTF and
 * the wwan module loaded. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <glib.h>
#include "bpf-preflight.h"
#include "schema-load.h"
#include "decode-print.h"
#include "wire-pcapng.h"
#include "wwan-sysfs.h"
#include "wwan-tap.h"
#include "wwan-tap.skel.h"

G_STATIC_ASSERT (sizeof (struct wwan_tap_event) == 88);

#define WWAN_PORT_MBIM 1
#define WWAN_PORT_QMI 2

static const char *const probe_names[] = { "wwan_port_rx", "wwan_port_fops_write" };
static const char *const probe_roles[] = { "receive", "write" };

static gchar *opt_write, *opt_decode, *opt_port, *opt_btf;
static gchar **opt_schema_dirs;
static gint64 opt_count;
static gboolean opt_quiet;
static gint opt_verbose;

static gboolean add_verbose (const gchar *name, const gchar *value, gpointer data, GError **error)
{
  (void) name, (void) value, (void) data, (void) error;
  opt_verbose++;
  return TRUE;
}

static const GOptionEntry entries[] = {
  { "write", 'w', 0, G_OPTION_ARG_FILENAME, &opt_write, "Write the pcapng to FILE (- = stdout)", "FILE" },
  { "decode", 0, 0, G_OPTION_ARG_STRING, &opt_decode,
    "Print each message as it is captured, decoded: text or json (one object per line)", "FORMAT" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_schema_dirs,
    "With --decode: also load schemas from DIR (repeatable; the first wins)", "DIR" },
  { "port", 'p', 0, G_OPTION_ARG_STRING, &opt_port, "Only this port (wwan0qmi0); default: every QMI and MBIM port",
    "NAME" },
  { "count", 'c', 0, G_OPTION_ARG_INT64, &opt_count, "Stop after N messages", "N" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "No status messages on stderr", NULL },
  { "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, add_verbose,
    "Show libbpf's messages (twice: its debug output)", NULL },
  { "btf", 0, 0, G_OPTION_ARG_FILENAME, &opt_btf,
    "The kernel's BTF from FILE, for a kernel without /sys/kernel/btf/vmlinux", "FILE" },
  G_OPTION_ENTRY_NULL
};

static volatile sig_atomic_t stop_signal;

static void on_signal (int sig)
{
  stop_signal = sig;
}

static int libbpf_print (enum libbpf_print_level level, const char *fmt, va_list args)
{
  if ((level == LIBBPF_DEBUG && opt_verbose < 2) || (level == LIBBPF_INFO && opt_verbose < 1))
    return 0;
  return vfprintf (stderr, fmt, args);
}

/* Both probe points, under their own names (the wwan module loaded). */
static gboolean wwan_symbols (void)
{
  FILE *f = fopen ("/proc/kallsyms", "r");
  gboolean any = FALSE, found[2] = { FALSE, FALSE };
  char line[512];

  if (!f) {
    g_printerr ("wwan-bpf-tap: cannot read /proc/kallsyms: %s\n", g_strerror (errno));
    return FALSE;
  }
  while (fgets (line, sizeof line, f)) {
    char name[256];
    if (sscanf (line, "%*s %*s %255s", name) != 1)
      continue;
    any |= g_str_has_prefix (name, "wwan_");
    for (int i = 0; i < 2; i++)
      found[i] |= strcmp (name, probe_names[i]) == 0;
  }
  fclose (f);
  if (!any) {
    g_printerr ("wwan-bpf-tap: the WWAN core is not loaded: /proc/kallsyms has no wwan_ symbol (modprobe wwan; "
                "a WWAN driver such as mhi_wwan_ctrl loads it; or this kernel has no CONFIG_WWAN)\n");
    return FALSE;
  }
  for (int i = 0; i < 2; i++)
    if (!found[i]) {
      g_printerr ("wwan-bpf-tap: the WWAN core is loaded but %s is not in /proc/kallsyms: this kernel's WWAN core "
                  "differs from 6.1-6.12's; the %s path cannot be recorded\n", probe_names[i], probe_roles[i]);
      return FALSE;
    }
  return TRUE;
}

/* --- records --------------------------------------------------------------------- */

typedef struct {
  WirePcapngWriter *writer;  /* NULL: print only */
  WireRegistry *registry;
  DecodePrinter *decoder;
  GString *out;
  GHashTable *ports;         /* struct wwan_port * -> interface id + 1 */
  gint64 mono_to_real_us;
  gint64 written, rx, tx;
  gboolean done, failed;
  guint unflushed;
} Tap;

static gint port_interface (Tap *t, const struct wwan_tap_event *ev, const char *name)
{
  gpointer v = g_hash_table_lookup (t->ports, GSIZE_TO_POINTER ((gsize) ev->port));
  gchar *path, *desc, *about;
  WwanPort *p;
  gint id;

  if (v)
    return GPOINTER_TO_INT (v) - 1;
  if (!t->writer)
    return 0;
  path = g_strconcat ("/dev/", name, NULL);
  p = wwan_sysfs_port_for_path (path);
  about = p ? wwan_port_describe (p) : g_strdup (ev->port_type == WWAN_PORT_QMI ? "QMI" : "MBIM");
  desc = g_strdup_printf ("WWAN port %s (%s), through the WWAN core's receive and write paths", path, about);
  id = wire_pcapng_add_interface (t->writer, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, WWAN_TAP_MAX_DATA + 64, name, desc,
                                  NULL);
  if (id >= 0)
    g_hash_table_insert (t->ports, GSIZE_TO_POINTER ((gsize) ev->port), GINT_TO_POINTER (id + 1));
  wwan_port_free (p);
  g_free (about);
  g_free (desc);
  g_free (path);
  return id;
}

static void print_message (Tap *t, const struct wwan_tap_event *ev, WireDirection dir, gint64 ts_us, guint32 caplen)
{
  g_string_truncate (t->out, 0);
  if (ev->port_type == WWAN_PORT_QMI)
    decode_printer_qmux (t->decoder, (guint32) t->written, ts_us, dir, ev->data, caplen, t->out);
  else if (g_str_equal (opt_decode, "json")) /* MBIM: recorded, not decoded here (Wireshark's MBIM dissector is) */
    g_string_append_printf (t->out, "{\"frame\":%" G_GINT64_FORMAT ",\"time_us\":%" G_GINT64_FORMAT
                            ",\"direction\":\"%s\",\"transport\":\"mbim\",\"size\":%u}\n",
                            t->written, ts_us, dir == WIRE_DIR_INBOUND ? "in" : "out", ev->len);
  else
    g_string_append_printf (t->out, "# %" G_GINT64_FORMAT " %s MBIM message, %u bytes (not decoded here; "
                            "Wireshark's MBIM dissector reads the capture)\n",
                            t->written, dir == WIRE_DIR_INBOUND ? "<-" : "->", ev->len);
  if (fputs (t->out->str, stdout) == EOF || fflush (stdout) == EOF) {
    g_printerr ("wwan-bpf-tap: writing the decoded messages failed: %s\n", g_strerror (errno));
    t->failed = TRUE;
  }
}

static int on_event (void *ctx, void *data, size_t size)
{
  Tap *t = ctx;
  const struct wwan_tap_event *ev = data;
  WireDirection dir;
  GError *error = NULL;
  gchar name[WWAN_TAP_NAME_LEN + 1], *comment;
  guint32 caplen;
  gint64 ts_us;
  gint if_id;

  if (t->done || t->failed || size < sizeof *ev)
    return 0;
  memcpy (name, ev->name, WWAN_TAP_NAME_LEN);
  name[WWAN_TAP_NAME_LEN] = 0;
  if (opt_port && !g_str_equal (name, opt_port))
    return 0;
  caplen = MIN (ev->caplen, (guint32) (size - G_STRUCT_OFFSET (struct wwan_tap_event, data)));
  dir = ev->kind == WWAN_TAP_RX ? WIRE_DIR_INBOUND : WIRE_DIR_OUTBOUND;
  ts_us = (gint64) (ev->ts_ns / 1000) + t->mono_to_real_us;
  comment = g_strdup_printf ("%s; task %.16s[%u]%s",
                             ev->kind == WWAN_TAP_RX ? "received from the modem (wwan_port_rx)"
                                                     : "written to the port (wwan_port_fops_write, before the driver's tx)",
                             ev->comm, ev->pid, caplen < ev->len ? "; truncated" : "");
  if_id = port_interface (t, ev, name);
  if (t->writer && (if_id < 0 || !wire_pcapng_write_exported_pdu (t->writer, (guint32) if_id, ts_us,
                                                                  ev->port_type == WWAN_PORT_QMI ? "qmux" : "mbim.control",
                                                                  dir, ev->data, caplen, comment, &error))) {
    g_printerr ("wwan-bpf-tap: writing failed: %s\n", error ? error->message : "cannot add an interface");
    g_clear_error (&error);
    t->failed = TRUE;
  } else {
    t->written++;
    *(ev->kind == WWAN_TAP_RX ? &t->rx : &t->tx) += 1;
    t->unflushed++;
    if (t->decoder)
      print_message (t, ev, dir, ts_us, caplen);
    if (opt_count && t->written >= opt_count)
      t->done = TRUE;
  }
  g_free (comment);
  return 0;
}

static gint64 mono_to_real_us (void)
{
  struct timespec r, m;
  clock_gettime (CLOCK_REALTIME, &r);
  clock_gettime (CLOCK_MONOTONIC, &m);
  return ((gint64) r.tv_sec - m.tv_sec) * 1000000 + (r.tv_nsec - m.tv_nsec) / 1000;
}

static int usage (const char *msg)
{
  g_printerr ("wwan-bpf-tap: %s (see --help)\n", msg);
  return 2;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- record the QMI and MBIM messages of WWAN ports with eBPF");
  LIBBPF_OPTS (bpf_object_open_opts, open_opts);
  struct wwan_tap *skel = NULL;
  struct bpf_link *links[2] = { NULL };
  struct ring_buffer *rb = NULL;
  struct sigaction sa;
  GError *error = NULL;
  Tap t = { 0 };
  int status = 1, rc;
  gboolean started = FALSE;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Records what goes through the QMI and MBIM ports of the WWAN core (/dev/wwan0qmi0, ...;\n"
    "PCIe/MHI modems and the other WWAN drivers) with kprobes on wwan_port_rx (from the modem)\n"
    "and wwan_port_fops_write (a client's write, before the driver's tx): Exported PDU \"qmux\"\n"
    "(QMI ports) or \"mbim.control\" (MBIM ports) records with their direction, one pcapng\n"
    "interface per port, named after it.\n"
    "\n"
    "Needs root (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN), a kernel with BTF\n"
    "(/sys/kernel/btf/vmlinux, or --btf FILE), kprobes, the BPF ring buffer and the wwan module.\n"
    "\n"
    "Example:\n"
    "  sudo wwan-bpf-tap -w modem.pcapng --port wwan0qmi0 &\n"
    "  qmicli -d /dev/wwan0qmi0 --dms-get-ids; kill -INT %1\n"
    "\n"
    "Exit status: 0 when stopped by SIGINT, SIGTERM, SIGHUP or -c; 1 when the tap cannot start\n"
    "or writing fails; 2 on a usage error.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("wwan-bpf-tap: %s (see --help)\n", error->message);
    g_error_free (error);
    g_option_context_free (ctx);
    return 2;
  }
  g_option_context_free (ctx);
  if (argc > 1)
    return usage ("unexpected argument");
  if (!opt_write && !opt_decode)
    return usage ("-w FILE or --decode is needed");
  if (opt_count < 0)
    return usage ("-c wants a count >= 0");
  if (opt_decode && !g_str_equal (opt_decode, "text") && !g_str_equal (opt_decode, "json"))
    return usage ("--decode takes text or json");
  if (opt_decode && opt_write && g_str_equal (opt_write, "-"))
    return usage ("-w - and --decode would both write to stdout");
  signal (SIGPIPE, SIG_IGN);
  signal (SIGXFSZ, SIG_IGN);
  libbpf_set_print (libbpf_print);

  if (!bpf_preflight ("wwan-bpf-tap", opt_btf) || !wwan_symbols ())
    goto out;
  if (opt_port) {
    gchar *path = g_strconcat ("/dev/", opt_port, NULL);
    WwanPort *p = strchr (opt_port, '/') ? NULL : wwan_sysfs_port_for_path (path);
    gboolean ok = p && wwan_port_is_control (p);
    if (!ok)
      g_printerr ("wwan-bpf-tap: --port %s: %s\n", opt_port,
                  p ? "not a QMI or MBIM port (its sysfs type says otherwise)"
                    : "no such WWAN port in /sys/class/wwan (qrtr-capture -D lists them)");
    wwan_port_free (p);
    g_free (path);
    if (!ok)
      goto out;
  }

  open_opts.btf_custom_path = opt_btf;
  skel = wwan_tap__open_opts (&open_opts);
  if (!skel) {
    g_printerr ("wwan-bpf-tap: cannot open the BPF object: %s\n", g_strerror (errno));
    goto out;
  }
  rc = libbpf_num_possible_cpus ();
  if (rc <= 0 || bpf_map__set_max_entries (skel->maps.scratch, (guint32) rc) < 0) {
    g_printerr ("wwan-bpf-tap: cannot size the per-CPU buffers\n");
    goto out;
  }
  rc = wwan_tap__load (skel);
  if (rc) {
    g_printerr ("wwan-bpf-tap: the BPF programs could not be loaded: %s (libbpf's messages above say why; "
                "-vv adds its debug output)\n", g_strerror (-rc));
    goto out;
  }
  links[0] = bpf_program__attach (skel->progs.wwan_port_rx);
  links[1] = bpf_program__attach (skel->progs.wwan_port_fops_write);
  for (int i = 0; i < 2; i++)
    if (!links[i]) {
      g_printerr ("wwan-bpf-tap: cannot attach a kprobe to %s: %s\n", probe_names[i], g_strerror (errno));
      goto out;
    }

  if (opt_decode) {
    t.registry = schema_load (opt_schema_dirs, "wwan-bpf-tap");
    schema_print_errors (t.registry, "wwan-bpf-tap");
    t.decoder = decode_printer_new (t.registry, g_str_equal (opt_decode, "json") ? DECODE_JSON : DECODE_TEXT);
    t.out = g_string_new (NULL);
  }
  /* the probes are in place: only now is the file created */
  if (opt_write && (!(t.writer = wire_pcapng_writer_create (opt_write, WIRE_PCAPNG_REPLACE, "wwan-bpf-tap", &error)) ||
                    !wire_pcapng_flush (t.writer, &error))) {
    g_printerr ("wwan-bpf-tap: %s: %s\n", opt_write, error->message);
    g_error_free (error);
    goto out;
  }
  t.ports = g_hash_table_new (g_direct_hash, g_direct_equal);
  t.mono_to_real_us = mono_to_real_us ();
  rb = ring_buffer__new (bpf_map__fd (skel->maps.events), on_event, &t, NULL);
  if (!rb) {
    g_printerr ("wwan-bpf-tap: cannot map the ring buffer: %s\n", g_strerror (errno));
    goto out;
  }

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: the poll returns EINTR */
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  if (!opt_quiet)
    g_printerr ("wwan-bpf-tap: capturing %s (receive, write)%s%s; Ctrl-C stops\n",
                opt_port ? opt_port : "every QMI and MBIM WWAN port",
                !opt_write ? "" : g_str_equal (opt_write, "-") ? " to stdout" : " to ",
                !opt_write || g_str_equal (opt_write, "-") ? "" : opt_write);
  status = 0;
  started = TRUE;
  while (!stop_signal && !t.done && !t.failed) {
    rc = ring_buffer__poll (rb, 200);
    if (rc < 0 && rc != -EINTR) {
      g_printerr ("wwan-bpf-tap: reading the ring buffer failed: %s\n", g_strerror (-rc));
      status = 1;
      break;
    }
    if (t.writer && t.unflushed && !t.failed) {
      if (!wire_pcapng_flush (t.writer, &error)) {
        g_printerr ("wwan-bpf-tap: writing failed: %s\n", error->message);
        g_clear_error (&error);
        t.failed = TRUE;
      }
      t.unflushed = 0;
    }
  }
  for (int i = 0; i < 2; i++)
    bpf_link__destroy (links[i]), links[i] = NULL;
  if (!t.done && !t.failed)
    ring_buffer__consume (rb);
  if (t.failed)
    status = 1;

out:
  ring_buffer__free (rb);
  for (int i = 0; i < 2; i++)
    bpf_link__destroy (links[i]);
  if (t.writer && !wire_pcapng_writer_close (t.writer, &error)) {
    g_printerr ("wwan-bpf-tap: %s: %s\n", opt_write, error->message);
    g_clear_error (&error);
    status = 1;
  }
  if (started && !opt_quiet)
    g_printerr ("wwan-bpf-tap: %" G_GINT64_FORMAT " messages (%" G_GINT64_FORMAT " received, %" G_GINT64_FORMAT
                " written)%s%s; %llu lost (ring buffer full), %llu truncated\n",
                t.written, t.rx, t.tx, !opt_write || g_str_equal (opt_write, "-") ? "" : " to ",
                !opt_write || g_str_equal (opt_write, "-") ? "" : opt_write,
                skel && skel->bss ? (unsigned long long) skel->bss->lost : 0ULL,
                skel && skel->bss ? (unsigned long long) skel->bss->truncated : 0ULL);
  if (t.ports)
    g_hash_table_unref (t.ports);
  if (t.decoder)
    decode_printer_free (t.decoder);
  if (t.registry)
    wire_registry_free (t.registry);
  if (t.out)
    g_string_free (t.out, TRUE);
  wwan_tap__destroy (skel);
  return status;
}
