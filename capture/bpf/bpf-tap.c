/* What both eBPF taps' user-space sides share; see bpf-tap.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "bpf-tap.h"
#include "schema-load.h"

/* -v: libbpf's print callback has no user data, so the count lives here. */
static gint verbose;

static gboolean add_verbose (const gchar *name, const gchar *value, gpointer data, GError **error)
{
  (void) name, (void) value, (void) data, (void) error;
  verbose++;
  return TRUE;
}

static int libbpf_print (enum libbpf_print_level level, const char *fmt, va_list args)
{
  if ((level == LIBBPF_DEBUG && verbose < 2) || (level == LIBBPF_INFO && verbose < 1))
    return 0;
  return vfprintf (stderr, fmt, args);
}

static int usage (const BpfTap *tap, const char *msg)
{
  g_printerr ("%s: %s (see --help)\n", tap->name, msg);
  return 2;
}

int
bpf_tap_init (BpfTap *tap, int *argc, char ***argv, const char *parameter, const char *description,
              const BpfTapHelp *help, const GOptionEntry *extra)
{
  const GOptionEntry head[] = {
    { "write", 'w', 0, G_OPTION_ARG_FILENAME, &tap->write, "Write the pcapng to FILE (- = stdout)", "FILE" },
    { "decode", 0, 0, G_OPTION_ARG_STRING, &tap->decode, help->decode, "FORMAT" },
    { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &tap->schema_dirs,
      "With --decode: also load schemas from DIR (repeatable; the first wins)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry tail[] = {
    { "count", 'c', 0, G_OPTION_ARG_INT64, &tap->count, help->count, "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &tap->quiet, "No status messages on stderr", NULL },
    { "verbose", 'v', G_OPTION_FLAG_NO_ARG, G_OPTION_ARG_CALLBACK, add_verbose, help->verbose, NULL },
    { "btf", 0, 0, G_OPTION_ARG_FILENAME, &tap->btf,
      "The kernel's BTF from FILE, for a kernel without /sys/kernel/btf/vmlinux", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  GOptionContext *ctx = g_option_context_new (parameter);
  GError *error = NULL;

  /* --help lists the options in the order they are added */
  g_option_context_add_main_entries (ctx, head, NULL);
  if (extra)
    g_option_context_add_main_entries (ctx, extra, NULL);
  g_option_context_add_main_entries (ctx, tail, NULL);
  g_option_context_set_description (ctx, description);
  if (!g_option_context_parse (ctx, argc, argv, &error)) {
    usage (tap, error->message);
    g_error_free (error);
    g_option_context_free (ctx);
    return 2;
  }
  g_option_context_free (ctx);
  if (*argc > 1)
    return usage (tap, "unexpected argument");
  if (!tap->write && !tap->decode)
    return usage (tap, "-w FILE or --decode is needed");
  if (tap->count < 0)
    return usage (tap, "-c wants a count >= 0");
  if (tap->decode && !g_str_equal (tap->decode, "text") && !g_str_equal (tap->decode, "json"))
    return usage (tap, "--decode takes text or json");
  if (tap->decode && tap->write && g_str_equal (tap->write, "-"))
    return usage (tap, "-w - and --decode would both write to stdout");
  signal (SIGPIPE, SIG_IGN);
  signal (SIGXFSZ, SIG_IGN);
  libbpf_set_print (libbpf_print);
  return 0;
}

gboolean
bpf_tap_read_symbols (const BpfTap *tap, const char *prefix, const char *const *names, guint n,
                      BpfTapSymbols *syms)
{
  FILE *f = fopen ("/proc/kallsyms", "r");
  char line[512];

  g_return_val_if_fail (n <= BPF_TAP_MAX_PROBES, FALSE);
  memset (syms, 0, sizeof *syms);
  if (!f) {
    g_printerr ("%s: cannot read /proc/kallsyms: %s\n", tap->name, g_strerror (errno));
    return FALSE;
  }
  while (fgets (line, sizeof line, f)) {
    char name[256];
    if (sscanf (line, "%*s %*s %255s", name) != 1)
      continue;
    if (g_str_has_prefix (name, prefix))
      syms->any = TRUE;
    for (guint i = 0; i < n; i++) {
      size_t len = strlen (names[i]);
      if (strcmp (name, names[i]) == 0)
        syms->exact[i] = TRUE;
      else if (strncmp (name, names[i], len) == 0 && name[len] == '.' && !syms->variant[i])
        syms->variant[i] = g_strdup (name);
    }
  }
  fclose (f);
  return TRUE;
}

void
bpf_tap_symbols_clear (BpfTapSymbols *syms)
{
  for (guint i = 0; i < BPF_TAP_MAX_PROBES; i++)
    g_clear_pointer (&syms->variant[i], g_free);
}

gboolean
bpf_tap_load (const BpfTap *tap, struct bpf_object_skeleton *skeleton, struct bpf_map *scratch)
{
  int rc = libbpf_num_possible_cpus ();

  if (rc <= 0 || bpf_map__set_max_entries (scratch, (guint32) rc) < 0) {
    g_printerr ("%s: cannot size the per-CPU buffers\n", tap->name);
    return FALSE;
  }
  rc = bpf_object__load_skeleton (skeleton);
  if (rc) {
    g_printerr ("%s: the BPF programs could not be loaded: %s (libbpf's messages above say why; "
                "-vv adds its debug output)\n", tap->name, g_strerror (-rc));
    return FALSE;
  }
  return TRUE;
}

static gint64 mono_to_real_us (void)
{
  struct timespec r, m;
  clock_gettime (CLOCK_REALTIME, &r);
  clock_gettime (CLOCK_MONOTONIC, &m);
  return ((gint64) r.tv_sec - m.tv_sec) * 1000000 + (r.tv_nsec - m.tv_nsec) / 1000;
}

gboolean
bpf_tap_open_output (BpfTap *tap, guint snaplen, const char *first_if, const char *first_if_desc)
{
  GError *error = NULL;

  if (tap->decode) {
    if (!tap->registry) { /* else loaded already, for --qrtr-filter's names */
      tap->registry = schema_load (tap->schema_dirs, tap->name);
      schema_print_errors (tap->registry, tap->name);
    }
    tap->decoder = decode_printer_new (tap->registry, g_str_equal (tap->decode, "json") ? DECODE_JSON
                                                                                      : DECODE_TEXT);
    tap->out = g_string_new (NULL);
  }
  if (tap->write &&
      (!(tap->writer = wire_pcapng_writer_create (tap->write, WIRE_PCAPNG_REPLACE, tap->name, &error)) ||
       (first_if && wire_pcapng_add_interface (tap->writer, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, snaplen, first_if,
                                               first_if_desc, &error) < 0) ||
       !wire_pcapng_flush (tap->writer, &error))) {
    g_printerr ("%s: %s: %s\n", tap->name, tap->write, error->message);
    g_error_free (error);
    return FALSE;
  }
  tap->mono_to_real_us = mono_to_real_us ();
  return TRUE;
}

gint64
bpf_tap_time_us (const BpfTap *tap, guint64 ts_ns)
{
  return (gint64) (ts_ns / 1000) + tap->mono_to_real_us;
}

gboolean
bpf_tap_write (BpfTap *tap, gint if_id, gint64 ts_us, const char *proto, WireDirection dir, const guint8 *data,
               gsize len, const char *comment)
{
  GError *error = NULL;

  if (tap->writer && (if_id < 0 || !wire_pcapng_write_exported_pdu (tap->writer, (guint32) if_id, ts_us, proto, dir,
                                                                    data, len, comment, &error))) {
    g_printerr ("%s: writing failed: %s\n", tap->name, error ? error->message : "cannot add an interface");
    g_clear_error (&error);
    tap->failed = TRUE;
    return FALSE;
  }
  tap->written++;
  tap->unflushed++;
  if (tap->count && tap->written >= tap->count)
    tap->done = TRUE;
  return TRUE;
}

void
bpf_tap_print (BpfTap *tap)
{
  if (fputs (tap->out->str, stdout) == EOF || fflush (stdout) == EOF) {
    g_printerr ("%s: writing the decoded %s failed: %s\n", tap->name, tap->noun, g_strerror (errno));
    tap->failed = TRUE;
  }
}

static volatile sig_atomic_t stop_signal;

static void on_signal (int sig)
{
  stop_signal = sig;
}

/* " to stdout", " to FILE" or nothing (--decode only) */
static const char *destination (const BpfTap *tap, const char **file)
{
  *file = !tap->write || g_str_equal (tap->write, "-") ? "" : tap->write;
  return !tap->write ? "" : g_str_equal (tap->write, "-") ? " to stdout" : " to ";
}

int
bpf_tap_run (BpfTap *tap, struct bpf_map *events, ring_buffer_sample_fn on_event, void *ctx,
             struct bpf_link **links, guint n_links, const char *what)
{
  struct ring_buffer *rb = ring_buffer__new (bpf_map__fd (events), on_event, ctx, NULL);
  struct sigaction sa;
  GError *error = NULL;
  const char *file, *to;
  int status = 0, rc;

  if (!rb) {
    g_printerr ("%s: cannot map the ring buffer: %s\n", tap->name, g_strerror (errno));
    return 1;
  }
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal; /* no SA_RESTART: the poll returns EINTR */
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  to = destination (tap, &file);
  if (!tap->quiet)
    g_printerr ("%s: capturing %s%s%s; Ctrl-C stops\n", tap->name, what, to, file);
  tap->started = TRUE;
  while (!stop_signal && !tap->done && !tap->failed) {
    rc = ring_buffer__poll (rb, 200);
    if (rc < 0 && rc != -EINTR) {
      g_printerr ("%s: reading the ring buffer failed: %s\n", tap->name, g_strerror (-rc));
      status = 1;
      break;
    }
    /* the file stays readable while the capture runs */
    if (tap->writer && tap->unflushed && !tap->failed) {
      if (!wire_pcapng_flush (tap->writer, &error)) {
        g_printerr ("%s: writing failed: %s\n", tap->name, error->message);
        g_clear_error (&error);
        tap->failed = TRUE;
      }
      tap->unflushed = 0;
    }
  }
  /* what the probes recorded before the signal */
  for (guint i = 0; i < n_links; i++)
    bpf_link__destroy (links[i]), links[i] = NULL;
  if (!tap->done && !tap->failed)
    ring_buffer__consume (rb);
  ring_buffer__free (rb);
  return tap->failed ? 1 : status;
}

int
bpf_tap_finish (BpfTap *tap, int status)
{
  GError *error = NULL;

  if (tap->writer && !wire_pcapng_writer_close (tap->writer, &error)) {
    g_printerr ("%s: %s: %s\n", tap->name, tap->write, error->message);
    g_clear_error (&error);
    status = 1;
  }
  tap->writer = NULL;
  g_clear_pointer (&tap->decoder, decode_printer_free);
  g_clear_pointer (&tap->registry, wire_registry_free);
  if (tap->out)
    g_string_free (tap->out, TRUE), tap->out = NULL;
  return status;
}

void
bpf_tap_summary (const BpfTap *tap, const char *counts, const char *to, guint64 lost, guint64 truncated)
{
  const char *file;

  if (!tap->started || tap->quiet)
    return;
  destination (tap, &file);
  g_printerr ("%s: %s%s%s; %llu lost (ring buffer full), %llu truncated\n", tap->name, counts, *file ? to : "", file,
              (unsigned long long) lost, (unsigned long long) truncated);
}
