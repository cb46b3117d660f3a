/* The capture sink; see capture-sink.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "capture-sink.h"

#define APPLICATION "qrtr-capture " QRTR_CAPTURE_VERSION

gboolean
capture_sink_open (CaptureSink *s, const char *path, const WireRegistry *reg, int decode_format,
                   guint16 vendor, gint64 max_messages, gboolean quiet, GMainLoop *loop,
                   GError **error)
{
  memset (s, 0, sizeof *s);
  s->events_if = -1;
  s->max_messages = max_messages;
  s->quiet = quiet;
  s->loop = loop;
  s->out = g_string_new (NULL);
  if (path) {
    /* a new file is 0600: captures hold IMSIs, IMEIs and phone numbers */
    s->writer = wire_pcapng_writer_create (path, WIRE_PCAPNG_REPLACE, APPLICATION, error);
    if (!s->writer)
      return FALSE;
    s->path = g_strdup (path);
  }
  if (decode_format >= 0) {
    s->decoder = decode_printer_new (reg, (DecodeFormat) decode_format);
    decode_printer_set_vendor (s->decoder, vendor);
  }
  return TRUE;
}

void
capture_sink_set_vendor (CaptureSink *s, guint16 vendor)
{
  if (s->decoder)
    decode_printer_set_vendor (s->decoder, vendor);
}

static void stop (CaptureSink *s)
{
  if (s->loop)
    g_main_loop_quit (s->loop);
}

static void write_failed (CaptureSink *s, GError *error)
{
  if (!s->failed)
    g_printerr ("qrtr-capture: %s: %s; stopping\n", s->path, error->message);
  s->failed = TRUE;
  g_error_free (error);
  stop (s);
}

/* Live readers (Wireshark on an extcap fifo, tail -f) want each record as it
 * comes, so sources flush after every batch they read (one read() of the
 * device, one pcap_dispatch), not after every record: a flood of small
 * messages then costs one write per batch. */
void
capture_sink_flush (CaptureSink *s)
{
  GError *error = NULL;
  if (s->writer && !s->failed && !wire_pcapng_flush (s->writer, &error))
    write_failed (s, error);
}

gint
capture_sink_add_interface (CaptureSink *s, guint16 linktype, const char *name, const char *description)
{
  GError *error = NULL;
  gint id;

  if (!s->writer)
    return 0;
  if (s->failed)
    return -1;
  id = wire_pcapng_add_interface (s->writer, linktype, 0x40000, name, description, &error);
  if (id < 0)
    write_failed (s, error);
  capture_sink_flush (s);
  return id;
}

static void count_and_print (CaptureSink *s, WireDirection dir, gint64 ts, const guint8 *qmux, gsize len)
{
  if (!qmux)
    return;
  if (s->decoder) {
    g_string_truncate (s->out, 0);
    decode_printer_qmux (s->decoder, s->frames, ts, dir, qmux, len, s->out);
    fputs (s->out->str, stdout);
    fflush (stdout);
  }
  s->messages++;
  if (s->max_messages && s->messages >= s->max_messages) {
    s->done = TRUE;
    capture_sink_flush (s);
    stop (s);
  }
}

void
capture_sink_record (CaptureSink *s, gint if_id, gint64 ts_usec, const guint8 *data, gsize caplen,
                     gsize origlen, WireDirection qmux_dir, const guint8 *qmux, gsize qmux_len,
                     const char *comment)
{
  GError *error = NULL;

  if (s->failed || s->done)
    return;
  s->frames++;
  if (s->writer) {
    if (!wire_pcapng_write_packet (s->writer, (guint32) if_id, ts_usec, data, caplen, origlen,
                                   WIRE_DIR_UNKNOWN, comment, &error)) {
      write_failed (s, error);
      return;
    }
  }
  count_and_print (s, qmux_dir, ts_usec, qmux, qmux_len);
}

void
capture_sink_qmux (CaptureSink *s, gint if_id, WireDirection dir, const guint8 *frame, gsize len,
                   const char *comment)
{
  GError *error = NULL;
  gint64 ts = g_get_real_time ();

  if (s->failed || s->done)
    return;
  s->frames++;
  if (s->writer) {
    if (!wire_pcapng_write_exported_pdu (s->writer, (guint32) if_id, ts, "qmux", dir, frame, len,
                                         comment, &error)) {
      write_failed (s, error);
      return;
    }
  }
  count_and_print (s, dir, ts, frame, len);
}

void
capture_sink_event (CaptureSink *s, const char *fmt, ...)
{
  GError *error = NULL;
  va_list ap;
  char *text;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  if (!s->quiet)
    g_printerr ("qrtr-capture: %s\n", text);
  if (s->writer && !s->failed) {
    if (s->events_if < 0)
      s->events_if = capture_sink_add_interface (s, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "events",
                                                 "qrtr-capture events (source lost, back, bytes dropped)");
    if (s->events_if >= 0) {
      /* the text is both the packet comment and the payload, which Wireshark
       * shows as a text line */
      char *line = g_strconcat (text, "\n", NULL);
      if (!wire_pcapng_write_exported_pdu (s->writer, (guint32) s->events_if, g_get_real_time (),
                                           "data-text-lines", WIRE_DIR_UNKNOWN, (const guint8 *) line,
                                           strlen (line), text, &error))
        write_failed (s, error);
      else
        capture_sink_flush (s);
      g_free (line);
    }
  }
  g_free (text);
}

gboolean
capture_sink_close (CaptureSink *s)
{
  GError *error = NULL;
  gboolean ok = !s->failed;

  if (s->writer && !wire_pcapng_writer_close (s->writer, &error)) {
    if (!s->failed)
      g_printerr ("qrtr-capture: %s: %s\n", s->path, error->message);
    g_error_free (error);
    ok = FALSE;
  }
  s->writer = NULL;
  if (s->decoder)
    decode_printer_free (s->decoder);
  s->decoder = NULL;
  g_string_free (s->out, TRUE);
  g_free (s->path);
  return ok;
}
