/* Live capture: check the -Z user, open the source, drop privileges (-Z),
 * then open the output (so a source that cannot be opened or a user that
 * does not exist leaves no file behind or touched), and relay/record until a
 * signal, -c, a lost source or a write error ends it. The file is closed
 * whole in every one of those cases. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <glib-unix.h>
#include "capture-sink.h"
#include "qrtr-capture.h"
#include "source-bridge.h"
#include "source-usbmon.h"

typedef struct {
  GMainLoop *loop;
  CaptureSink *sink;
  gboolean progress_shown;
  int signal_seen;
} Run;

static gboolean on_signal (gpointer data)
{
  Run *r = data;
  r->signal_seen = 1;
  g_main_loop_quit (r->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean on_progress (gpointer data)
{
  Run *r = data;
  g_printerr ("\r%" G_GINT64_FORMAT " messages", r->sink->messages);
  r->progress_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

static volatile pid_t tap_child;

static void forward_signal (int sig)
{
  if (tap_child > 0)
    kill (tap_child, sig);
}

/* As an extcap the tap runs as a child: when it cannot start (no root, no
 * BTF, no qrtr: its message is on stderr), Wireshark's fifo is opened and
 * closed so Wireshark stops waiting at once, as for the other sources.
 * Wireshark's SIGTERM (and SIGINT, SIGHUP) go on to the tap. */
static int run_tap_for_extcap (const char *path, char **argv, const char *fifo)
{
  struct sigaction sa = { 0 };
  int wstatus, status;
  pid_t pid;

  sa.sa_handler = forward_signal;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  pid = fork ();
  if (pid == 0) {
    execvp (path, argv);
    g_printerr ("qrtr-capture: cannot run %s: %s (the eBPF taps are built when clang, bpftool and libbpf-dev "
                "are installed)\n", path, g_strerror (errno));
    _exit (1);
  }
  if (pid < 0) {
    g_printerr ("qrtr-capture: cannot start %s: %s\n", path, g_strerror (errno));
    extcap_release_fifo (fifo);
    return 1;
  }
  tap_child = pid;
  while (waitpid (pid, &wstatus, 0) < 0 && errno == EINTR)
    ;
  status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus) : 1;
  if (status != 0)
    extcap_release_fifo (fifo);
  return status;
}

/* -i qrtr and -i wwan[:PORT]: the eBPF taps, programs of their own
 * (capture/bpf/qrtr-bpf-tap, wwan-bpf-tap: they need libbpf, which
 * qrtr-capture does not link), run in this process's place with the same -w,
 * --decode, -c, -q and schema folders, so they write and print as the other
 * sources do (they load the schemas themselves). Found through
 * $QRTR_BPF_TAP / $WWAN_BPF_TAP, next to this program (installed, or bpf/ in
 * the build tree), then $PATH. */
static int exec_bpf_tap (const CaptureOptions *o, const char *program, const char *env, const char *port)
{
  if (o->user || o->bridge_link) {
    g_printerr ("qrtr-capture: -i %s takes -w, --decode, -c, -q, --schema-dir%s only\n", o->interface,
                port ? "" : " and --qrtr-filter");
    return 2;
  }
  gchar *self = g_file_read_link ("/proc/self/exe", NULL), *dir = self ? g_path_get_dirname (self) : NULL;
  gchar *candidates[] = { g_strdup (g_getenv (env)),
                          dir ? g_build_filename (dir, program, NULL) : NULL,
                          dir ? g_build_filename (dir, "bpf", program, NULL) : NULL };
  const char *path = program;
  gchar count[32];
  GPtrArray *argv = g_ptr_array_new ();
  int status = 1;

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] && *candidates[i] && g_file_test (candidates[i], G_FILE_TEST_IS_EXECUTABLE)) {
      path = candidates[i];
      break;
    }
  g_ptr_array_add (argv, (gpointer) path);
  if (o->write) {
    g_ptr_array_add (argv, "-w");
    g_ptr_array_add (argv, (gpointer) o->write);
  }
  if (o->decode >= 0)
    g_ptr_array_add (argv, o->decode == DECODE_JSON ? "--decode=json" : "--decode=text");
  for (char **d = o->schema_dirs; d && *d; d++) {
    g_ptr_array_add (argv, "--schema-dir");
    g_ptr_array_add (argv, *d);
  }
  if (port && *port) {
    g_ptr_array_add (argv, "--port");
    g_ptr_array_add (argv, (gpointer) port);
  }
  if (o->qrtr_filter) {
    g_ptr_array_add (argv, "--qrtr-filter");
    g_ptr_array_add (argv, (gpointer) o->qrtr_filter);
  }
  if (o->count) {
    g_snprintf (count, sizeof count, "%" G_GINT64_FORMAT, o->count);
    g_ptr_array_add (argv, "-c");
    g_ptr_array_add (argv, count);
  }
  if (o->quiet)
    g_ptr_array_add (argv, "-q");
  g_ptr_array_add (argv, NULL);
  if (o->extcap_fifo) {
    status = run_tap_for_extcap (path, (char **) argv->pdata, o->extcap_fifo);
  } else {
    execvp (path, (char **) argv->pdata);
    g_printerr ("qrtr-capture: -i %s: cannot run %s: %s (the eBPF taps are built when clang, bpftool and "
                "libbpf-dev are installed; %s=PATH names it)\n", o->interface, path, g_strerror (errno), env);
  }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    g_free (candidates[i]);
  g_ptr_array_free (argv, TRUE);
  g_free (dir);
  g_free (self);
  return status;
}

int
run_capture (const CaptureOptions *o, const WireRegistry *reg)
{
  GError *error = NULL;
  Bridge *bridge = NULL;
  UsbmonTap *tap = NULL;
  CaptureSink sink;
  Run r = { 0 };
  gboolean started, closed_ok;
  guint progress = 0;
  int status = 0;

  if (g_str_equal (o->interface, "qrtr"))
    return exec_bpf_tap (o, "qrtr-bpf-tap", "QRTR_BPF_TAP", NULL);
  if (g_str_equal (o->interface, "wwan") || g_str_has_prefix (o->interface, "wwan:"))
    return exec_bpf_tap (o, "wwan-bpf-tap", "WWAN_BPF_TAP", o->interface[4] ? o->interface + 5 : "");
  if (o->user && !check_user (o->user, &error)) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    return 1;
  }
  if (g_str_has_prefix (o->interface, "bridge:")) {
    if (!o->bridge_link) {
      g_printerr ("qrtr-capture: -i %s needs --bridge-link PATH: where clients open the device instead\n", o->interface);
      return 2;
    }
    bridge = bridge_open (o->interface + strlen ("bridge:"), o->bridge_link, !o->no_reopen, &error);
  } else if (g_str_has_prefix (o->interface, "usbmon:")) {
    tap = usbmon_tap_open_live (o->interface + strlen ("usbmon:"), &error);
  } else {
    g_printerr ("qrtr-capture: -i %s: unknown source; use usbmon:/dev/cdc-wdmN, usbmon:BUS:DEV, "
                "bridge:/dev/cdc-wdmN, wwan[:PORT] or qrtr (qrtr-capture -D lists them)\n", o->interface);
    return 2;
  }
  if (!bridge && !tap) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    return 1;
  }

  r.loop = g_main_loop_new (NULL, FALSE);
  r.sink = &sink;
  if ((o->user && !drop_privileges (o->user, &error)) ||
      !capture_sink_open (&sink, o->write, reg, o->decode, o->vendor, o->count, o->quiet, r.loop, &error)) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    bridge_free (bridge);
    usbmon_tap_free (tap);
    g_main_loop_unref (r.loop);
    return 1;
  }
  started = bridge ? bridge_start (bridge, &sink) : usbmon_tap_start (tap, &sink);
  if (started) {
    g_unix_signal_add (SIGINT, on_signal, &r);
    g_unix_signal_add (SIGTERM, on_signal, &r);
    g_unix_signal_add (SIGHUP, on_signal, &r);
    if (!o->quiet) {
      g_printerr ("qrtr-capture: capturing from %s%s%s%s%s; Ctrl-C stops\n", o->interface,
                  bridge ? " (clients open " : "", bridge ? o->bridge_link : "", bridge ? ")" : "",
                  o->write ? (g_str_equal (o->write, "-") ? " to stdout" : "") : "");
      if (o->write && !g_str_equal (o->write, "-") && o->decode < 0 && isatty (2))
        progress = g_timeout_add_seconds (1, on_progress, &r);
    }
    if (!sink.done && !sink.failed)
      g_main_loop_run (r.loop);
  }
  if (progress)
    g_source_remove (progress);
  if (r.progress_shown)
    g_printerr ("\n");
  if ((bridge && bridge_lost (bridge)) || !started)
    status = 1;
  bridge_free (bridge);
  usbmon_tap_free (tap);
  closed_ok = capture_sink_close (&sink);
  if (!closed_ok)
    status = 1;
  if (!o->quiet)
    g_printerr ("qrtr-capture: %" G_GINT64_FORMAT " messages captured%s%s\n", sink.messages,
                o->write && !g_str_equal (o->write, "-") ? " to " : "",
                o->write && !g_str_equal (o->write, "-") ? o->write : "");
  g_main_loop_unref (r.loop);
  return status;
}

int
rewrite_capture (const char *in, const char *out, guint bus, guint dev, const WireRegistry *reg,
                 int decode, guint16 vendor, gint64 count, gboolean quiet)
{
  GError *error = NULL;
  UsbmonTap *tap = usbmon_tap_open_file (in, bus, dev, &error);
  CaptureSink sink;
  int status = 0;

  if (!tap) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    return 1;
  }
  if (!capture_sink_open (&sink, out, reg, decode, vendor, count, quiet, NULL, &error)) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    usbmon_tap_free (tap);
    return 1;
  }
  if (!usbmon_tap_start (tap, &sink) || !usbmon_tap_run_file (tap))
    status = 1;
  usbmon_tap_free (tap);
  if (!capture_sink_close (&sink))
    status = 1;
  if (!quiet)
    g_printerr ("qrtr-capture: %" G_GINT64_FORMAT " messages written to %s\n", sink.messages, out);
  return status;
}
