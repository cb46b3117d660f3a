/* The user-space side both eBPF taps (qrtr-bpf-tap, wwan-bpf-tap) share:
 * the common options and their checks, libbpf's messages, the probe points
 * in /proc/kallsyms, loading the skeleton, the pcapng file and the live
 * printout, the ring-buffer loop until a signal, -c or a failed write, and
 * the end of the capture. Each tap keeps its probes, how it turns an event
 * into a record, and its summary. Every message starts with the tap's name. */
#pragma once

#include <bpf/libbpf.h>
#include <glib.h>
#include "decode-print.h"
#include "wire-pcapng.h"

/* The help texts that differ between the taps. */
typedef struct {
  const char *decode;  /* --decode */
  const char *count;   /* -c */
  const char *verbose; /* -v */
} BpfTapHelp;

typedef struct {
  const char *name;          /* "qrtr-bpf-tap" */
  const char *noun;          /* what a record is: "packets", "messages" */
  /* the common options */
  gchar *write, *decode, *btf;
  gchar **schema_dirs;
  gint64 count;
  gboolean quiet;
  /* the capture */
  WirePcapngWriter *writer;  /* -w; NULL: print only */
  WireRegistry *registry;    /* --decode: the schemas */
  DecodePrinter *decoder;      /* --decode; NULL: no printout */
  GString *out;              /* --decode: the text of one record */
  gint64 mono_to_real_us;    /* the probes' CLOCK_MONOTONIC to the file's wall clock */
  gint64 written;            /* records written (or printed) */
  gboolean done, failed;     /* -c reached; a write failed */
  gboolean started;          /* the loop ran: the summary is due */
  guint unflushed;
} BpfTap;

/* Parses and checks the options: write, decode and schema-dir, then the
 * tap's own (extra, may be NULL), then count, quiet, verbose and btf. Then
 * routes libbpf's messages through -v and ignores SIGPIPE and SIGXFSZ (a
 * write fails instead). Returns 0, or 2 after a usage error said. */
int bpf_tap_init (BpfTap *tap, int *argc, char ***argv, const char *parameter, const char *description,
                  const BpfTapHelp *help, const GOptionEntry *extra);

/* What /proc/kallsyms says about a tap's probe points (names are listed for
 * everyone; addresses only for root). */
#define BPF_TAP_MAX_PROBES 4
typedef struct {
  gboolean any;                          /* some symbol has the prefix: the module is loaded (or built in) */
  gboolean exact[BPF_TAP_MAX_PROBES];    /* names[i] is there under its own name */
  gchar *variant[BPF_TAP_MAX_PROBES];    /* else a compiler-made copy, e.g. qrtr_node_enqueue.isra.0 */
} BpfTapSymbols;

/* FALSE when /proc/kallsyms cannot be read (said). */
gboolean bpf_tap_read_symbols (const BpfTap *tap, const char *prefix, const char *const *names, guint n,
                               BpfTapSymbols *syms);
void bpf_tap_symbols_clear (BpfTapSymbols *syms);

/* Sizes the per-CPU scratch map to the possible CPUs and loads the opened
 * skeleton's programs; FALSE with the reason said. */
gboolean bpf_tap_load (const BpfTap *tap, struct bpf_object_skeleton *skeleton, struct bpf_map *scratch);

/* Once the probes are attached: the schemas and the decoder for --decode,
 * the -w file with its first interface when first_if is not NULL, flushed
 * so that it is a valid, empty capture from the start. FALSE when the file
 * cannot be written (said). */
gboolean bpf_tap_open_output (BpfTap *tap, guint snaplen, const char *first_if, const char *first_if_desc);

/* The file's time of a probe's bpf_ktime_get_ns. */
gint64 bpf_tap_time_us (const BpfTap *tap, guint64 ts_ns);

/* Writes one Exported PDU record (if_id < 0: the interface could not be
 * added); TRUE when it counts as written, FALSE when writing failed (said;
 * the capture stops). -c is counted here. */
gboolean bpf_tap_write (BpfTap *tap, gint if_id, gint64 ts_us, const char *proto, WireDirection dir,
                        const guint8 *data, gsize len, const char *comment);

/* Prints tap->out, the decoder's text of the record just written. */
void bpf_tap_print (BpfTap *tap);

/* Polls the ring buffer (the events map) through on_event until SIGINT,
 * SIGTERM, SIGHUP, -c or a failed write, flushing the file as records come;
 * then detaches the links and takes what the probes recorded before. what
 * is the status line's "capturing WHAT". Returns the exit status so far. */
int bpf_tap_run (BpfTap *tap, struct bpf_map *events, ring_buffer_sample_fn on_event, void *ctx,
                 struct bpf_link **links, guint n_links, const char *what);

/* Closes the file and frees the decoder; returns status, or 1 when closing failed (said). */
int bpf_tap_finish (BpfTap *tap, int status);

/* After bpf_tap_run, unless -q: "NAME: COUNTS[ TO FILE]; N lost (ring buffer full), M truncated". */
void bpf_tap_summary (const BpfTap *tap, const char *counts, const char *to, guint64 lost, guint64 truncated);
