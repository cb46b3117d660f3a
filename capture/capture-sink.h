/* Where a live capture goes: one pcapng file (or stdout, or an extcap fifo),
 * the message count that -c stops at, the optional decoded printout and the
 * events (a source lost or back, bytes dropped) recorded as comments. Every
 * source writes through this, so they all behave the same. */
#pragma once

#include <glib.h>
#include "decode-print.h"
#include "wire-pcapng.h"
#include "wire-schema.h"

typedef struct {
  WirePcapngWriter *writer;  /* NULL when only printing */
  char *path;
  gint events_if;            /* interface for event records, added on first use */
  gint64 messages;
  gint64 max_messages;       /* -c; 0 = no limit */
  gboolean quiet;            /* -q: no status on stderr */
  DecodePrinter *decoder;    /* NULL: no printout */
  GString *out;
  GMainLoop *loop;           /* quit when -c is reached or writing fails */
  guint32 frames;            /* records written (frame numbers for the printout) */
  gboolean failed;           /* a write failed: the capture stops */
  gboolean done;             /* -c reached */
} CaptureSink;

/* path NULL: print only. decode_format < 0: no printout. */
gboolean capture_sink_open (CaptureSink *s, const char *path, const WireRegistry *reg,
                            int decode_format, guint16 vendor, gint64 max_messages,
                            gboolean quiet, GMainLoop *loop, GError **error);
/* Returns the interface id, or -1 (the sink has failed). */
gint capture_sink_add_interface (CaptureSink *s, guint16 linktype, const char *name,
                                 const char *description);
/* A QMUX frame relayed by the bridge: written as Exported PDU "qmux". */
void capture_sink_qmux (CaptureSink *s, gint if_id, WireDirection dir, const guint8 *frame,
                        gsize len, const char *comment);
/* A raw record (usbmon) written as it is; qmux/qmux_len is the QMUX frame it
 * carries, if any, for the count and the printout. */
void capture_sink_record (CaptureSink *s, gint if_id, gint64 ts_usec, const guint8 *data,
                          gsize caplen, gsize origlen, WireDirection qmux_dir,
                          const guint8 *qmux, gsize qmux_len, const char *comment);
/* Makes what was written reach the file; sources call it after each batch. */
void capture_sink_flush (CaptureSink *s);
/* An event: stderr (unless quiet) and a commented text record in the file. */
void capture_sink_event (CaptureSink *s, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
void capture_sink_set_vendor (CaptureSink *s, guint16 vendor);
/* Flushes and closes; FALSE (message printed) when the file is not whole. */
gboolean capture_sink_close (CaptureSink *s);
