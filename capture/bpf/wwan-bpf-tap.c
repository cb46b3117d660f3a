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
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <glib.h>
#include "bpf-preflight.h"
#include "bpf-tap.h"
#include "wwan-sysfs.h"
#include "wwan-tap.h"
#include "wwan-tap.skel.h"

G_STATIC_ASSERT (sizeof (struct wwan_tap_event) == 88);

#define WWAN_PORT_MBIM 1
#define WWAN_PORT_QMI 2

static const char *const probe_names[] = { "wwan_port_rx", "wwan_port_fops_write" };
static const char *const probe_roles[] = { "receive", "write" };

static gchar *opt_port;

static const GOptionEntry entries[] = {
  { "port", 'p', 0, G_OPTION_ARG_STRING, &opt_port, "Only this port (wwan0qmi0); default: every QMI and MBIM port",
    "NAME" },
  G_OPTION_ENTRY_NULL
};

static const BpfTapHelp help = {
  .decode = "Print each message as it is captured, decoded: text or json (one object per line)",
  .count = "Stop after N messages",
  .verbose = "Show libbpf's messages (twice: its debug output)",
};

static BpfTap tap = { .name = "wwan-bpf-tap", .noun = "messages" };

/* Both probe points, under their own names (the wwan module loaded). */
static gboolean wwan_symbols (void)
{
  BpfTapSymbols syms;

  if (!bpf_tap_read_symbols (&tap, "wwan_", probe_names, 2, &syms))
    return FALSE;
  bpf_tap_symbols_clear (&syms); /* no use for compiler-made copies: both must be there as they are */
  if (!syms.any) {
    g_printerr ("wwan-bpf-tap: the WWAN core is not loaded: /proc/kallsyms has no wwan_ symbol (modprobe wwan; "
                "a WWAN driver such as mhi_wwan_ctrl loads it; or this kernel has no CONFIG_WWAN)\n");
    return FALSE;
  }
  for (int i = 0; i < 2; i++)
    if (!syms.exact[i]) {
      g_printerr ("wwan-bpf-tap: the WWAN core is loaded but %s is not in /proc/kallsyms: this kernel's WWAN core "
                  "differs from 6.1-6.12's; the %s path cannot be recorded\n", probe_names[i], probe_roles[i]);
      return FALSE;
    }
  return TRUE;
}

/* --- records --------------------------------------------------------------------- */

/* What only this tap keeps (the file, the decoder and the counts are tap's). */
typedef struct {
  BpfTap *tap;
  GHashTable *ports;         /* struct wwan_port * -> interface id + 1 */
  gint64 rx, tx;
} Tap;

static gint port_interface (Tap *t, const struct wwan_tap_event *ev, const char *name)
{
  gpointer v = g_hash_table_lookup (t->ports, GSIZE_TO_POINTER ((gsize) ev->port));
  gchar *path, *desc, *about;
  WwanPort *p;
  gint id;

  if (v)
    return GPOINTER_TO_INT (v) - 1;
  if (!t->tap->writer)
    return 0;
  path = g_strconcat ("/dev/", name, NULL);
  p = wwan_sysfs_port_for_path (path);
  about = p ? wwan_port_describe (p) : g_strdup (ev->port_type == WWAN_PORT_QMI ? "QMI" : "MBIM");
  desc = g_strdup_printf ("WWAN port %s (%s), through the WWAN core's receive and write paths", path, about);
  id = wire_pcapng_add_interface (t->tap->writer, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, WWAN_TAP_MAX_DATA + 64, name, desc,
                                  NULL);
  if (id >= 0)
    g_hash_table_insert (t->ports, GSIZE_TO_POINTER ((gsize) ev->port), GINT_TO_POINTER (id + 1));
  wwan_port_free (p);
  g_free (about);
  g_free (desc);
  g_free (path);
  return id;
}

static void print_message (BpfTap *tap, const struct wwan_tap_event *ev, WireDirection dir, gint64 ts_us,
                           guint32 caplen)
{
  g_string_truncate (tap->out, 0);
  if (ev->port_type == WWAN_PORT_QMI)
    decode_printer_qmux (tap->decoder, (guint32) tap->written, ts_us, dir, ev->data, caplen, tap->out);
  else if (g_str_equal (tap->decode, "json")) /* MBIM: recorded, not decoded here (Wireshark's MBIM dissector is) */
    g_string_append_printf (tap->out, "{\"frame\":%" G_GINT64_FORMAT ",\"time_us\":%" G_GINT64_FORMAT
                            ",\"direction\":\"%s\",\"transport\":\"mbim\",\"size\":%u}\n",
                            tap->written, ts_us, dir == WIRE_DIR_INBOUND ? "in" : "out", ev->len);
  else
    g_string_append_printf (tap->out, "# %" G_GINT64_FORMAT " %s MBIM message, %u bytes (not decoded here; "
                            "Wireshark's MBIM dissector reads the capture)\n",
                            tap->written, dir == WIRE_DIR_INBOUND ? "<-" : "->", ev->len);
  bpf_tap_print (tap);
}

static int on_event (void *ctx, void *data, size_t size)
{
  Tap *t = ctx;
  const struct wwan_tap_event *ev = data;
  WireDirection dir;
  gchar name[WWAN_TAP_NAME_LEN + 1], *comment;
  guint32 caplen;
  gint64 ts_us;
  gint if_id;

  if (t->tap->done || t->tap->failed || size < sizeof *ev)
    return 0;
  memcpy (name, ev->name, WWAN_TAP_NAME_LEN);
  name[WWAN_TAP_NAME_LEN] = 0;
  if (opt_port && !g_str_equal (name, opt_port))
    return 0;
  caplen = MIN (ev->caplen, (guint32) (size - G_STRUCT_OFFSET (struct wwan_tap_event, data)));
  dir = ev->kind == WWAN_TAP_RX ? WIRE_DIR_INBOUND : WIRE_DIR_OUTBOUND;
  ts_us = bpf_tap_time_us (t->tap, ev->ts_ns);
  comment = g_strdup_printf ("%s; task %.16s[%u]%s",
                             ev->kind == WWAN_TAP_RX ? "received from the modem (wwan_port_rx)"
                                                     : "written to the port (wwan_port_fops_write, before the driver's tx)",
                             ev->comm, ev->pid, caplen < ev->len ? "; truncated" : "");
  if_id = port_interface (t, ev, name);
  if (bpf_tap_write (t->tap, if_id, ts_us, ev->port_type == WWAN_PORT_QMI ? "qmux" : "mbim.control", dir, ev->data,
                     caplen, comment)) {
    *(ev->kind == WWAN_TAP_RX ? &t->rx : &t->tx) += 1;
    if (t->tap->decoder)
      print_message (t->tap, ev, dir, ts_us, caplen);
  }
  g_free (comment);
  return 0;
}

int
main (int argc, char **argv)
{
  static const char description[] =
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
    "or writing fails; 2 on a usage error.";
  LIBBPF_OPTS (bpf_object_open_opts, open_opts);
  struct wwan_tap *skel = NULL;
  struct bpf_link *links[2] = { NULL };
  Tap t = { .tap = &tap };
  int status = 1, rc;
  gchar *what, *counts;

  rc = bpf_tap_init (&tap, &argc, &argv, "- record the QMI and MBIM messages of WWAN ports with eBPF", description,
                     &help, entries);
  if (rc)
    return rc;

  if (!bpf_preflight (tap.name, tap.btf) || !wwan_symbols ())
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

  open_opts.btf_custom_path = tap.btf;
  skel = wwan_tap__open_opts (&open_opts);
  if (!skel) {
    g_printerr ("wwan-bpf-tap: cannot open the BPF object: %s\n", g_strerror (errno));
    goto out;
  }
  if (!bpf_tap_load (&tap, skel->skeleton, skel->maps.scratch))
    goto out;
  links[0] = bpf_program__attach (skel->progs.wwan_port_rx);
  links[1] = bpf_program__attach (skel->progs.wwan_port_fops_write);
  for (int i = 0; i < 2; i++)
    if (!links[i]) {
      g_printerr ("wwan-bpf-tap: cannot attach a kprobe to %s: %s\n", probe_names[i], g_strerror (errno));
      goto out;
    }

  /* the probes are in place: only now is the file created */
  if (!bpf_tap_open_output (&tap, 0, NULL, NULL))
    goto out;
  t.ports = g_hash_table_new (g_direct_hash, g_direct_equal);
  what = g_strdup_printf ("%s (receive, write)", opt_port ? opt_port : "every QMI and MBIM WWAN port");
  status = bpf_tap_run (&tap, skel->maps.events, on_event, &t, links, 2, what);
  g_free (what);

out:
  for (int i = 0; i < 2; i++)
    bpf_link__destroy (links[i]);
  status = bpf_tap_finish (&tap, status);
  counts = g_strdup_printf ("%" G_GINT64_FORMAT " messages (%" G_GINT64_FORMAT " received, %" G_GINT64_FORMAT
                            " written)", tap.written, t.rx, t.tx);
  bpf_tap_summary (&tap, counts, " to ", skel && skel->bss ? skel->bss->lost : 0,
                   skel && skel->bss ? skel->bss->truncated : 0);
  g_free (counts);
  if (t.ports)
    g_hash_table_unref (t.ports);
  wwan_tap__destroy (skel);
  return status;
}
