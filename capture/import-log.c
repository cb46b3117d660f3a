/* qrtr-capture --import: the debug logs people paste into bug reports,
 * turned into pcapng records (Exported PDU "qmux" or "mbim.control", with
 * direction, on one interface per device the log names).
 *
 * Formats, recognised line by line without options (docs/capture.md):
 *  - libqmi traces (qmicli --verbose, ModemManager --debug) and libmbim
 *    traces (mbimcli --verbose, ModemManager): "[DEVICE] sent message..." /
 *    "received message..." then "<<<<<< RAW:" (">>>>>> " for received in
 *    newer releases; older libqmi prefixes both with "<<<<<< ", so the
 *    direction comes from the sent/received line), "  length = N",
 *    "  data   = 01:0C:...". The translated blocks are ignored: the bytes are
 *    the truth. Whether the bytes are QMUX or MBIM is read from the bytes.
 *  - uqmi built with DEBUG_PACKET: "Send packet: 01 0c ..." and
 *    "Received packet: ..." on one line.
 * Whatever a syslog, the journal or OpenWrt's logread puts in front of a
 * line is skipped; a log whose lines were joined (logread turns the newlines
 * of a multi-line message into spaces, rsyslog into "#012") is split again
 * at the markers. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "import-redact.h"
#include "qrtr-capture.h"
#include "wire-mbim.h"
#include "wire-pcapng.h"
#include "wire-qmux.h"

typedef enum { P_HEADER, P_TRANSLATED, P_RAW, P_LENGTH, P_DATA, P_UQMI } PatternKind;

/* The recognisers: one table per format, tried in order on each logical line. */
typedef struct {
  PatternKind kind;
  const char *regex;
} Pattern;

static const Pattern libqmi_patterns[] = {
  /* "(translated)..." first: "sent message (translated)..." would match the header too */
  { P_TRANSLATED, "\\[([^][]+)\\] (sent|received) [a-z ]*?(message|request|response|indication)[a-z ]*\\(translated\\)\\.\\.\\." },
  { P_HEADER, "\\[([^][]+)\\] (sent|received) message\\.\\.\\.(?: \\(partial fragment\\))?\\s*$" },
  { P_RAW, "(<{6}|>{6}) RAW:\\s*$" },
  { P_LENGTH, "(<{6}|>{6})   length = ([0-9]+)\\s*$" },
  { P_DATA, "(<{6}|>{6})   data   = (.*?)\\s*$" },
};

static const Pattern uqmi_patterns[] = {
  { P_UQMI, "\\b(Send|Received) packet:(.*?)\\s*$" },
};

static const struct {
  const char *name;
  const Pattern *patterns;
  guint n;
} formats[] = {
  { "libqmi/libmbim trace", libqmi_patterns, G_N_ELEMENTS (libqmi_patterns) },
  { "uqmi packet dump", uqmi_patterns, G_N_ELEMENTS (uqmi_patterns) },
};

/* Timestamps, most precise first: ModemManager's "[epoch.usec]", qmicli's
 * "[22 Aug 2022, 13:39:11]", ISO 8601 (journalctl -o short-iso, RFC 5424
 * syslog), logread's "Wed Jun 26 16:47:59 2024", BSD syslog and journal
 * "Jun 26 16:47:59[.usec]" (no year: the current one). Dates without a
 * zone are read as UTC. */
typedef enum { T_EPOCH, T_QMICLI, T_ISO, T_LOGREAD, T_SYSLOG } StampKind;

static const struct {
  StampKind kind;
  const char *regex;
} stamp_patterns[] = {
  { T_EPOCH, "\\[([0-9]{9,11})\\.([0-9]{6})\\]" },
  { T_QMICLI, "\\[ ?([0-9]{1,2}) +([A-Z][a-z]{2}) ([0-9]{4}), ([0-9]{2}):([0-9]{2}):([0-9]{2})\\]" },
  { T_ISO, "\\b([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:[.,]([0-9]{1,6}))?(Z|[+-][0-9]{2}:?[0-9]{2})?" },
  { T_LOGREAD, "^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([0-9]{4}) " },
  { T_SYSLOG, "^([A-Z][a-z]{2}) +([0-9]{1,2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,6}))? " },
};

typedef struct {
  WireDirection dir;
  gint64 ts;
  gboolean ts_known;
  gboolean ts_seconds; /* the log's stamp has whole seconds only */
  char *device;
  const char *dissector; /* "qmux" or "mbim.control" */
  GByteArray *bytes;
  guint line;
} Record;

typedef enum { S_IDLE, S_HEADER, S_RAW, S_LENGTH, S_TRANSLATED } State;

typedef struct {
  const char *file;
  GRegex **regex[G_N_ELEMENTS (formats)];
  GRegex *stamps[G_N_ELEMENTS (stamp_patterns)];
  GPtrArray *records;
  guint errors, partial;
  guint uses[G_N_ELEMENTS (formats)];
  /* the libqmi block being read */
  State state;
  WireDirection dir;
  char *device;
  char *last_device;
  gint64 ts;
  gboolean ts_known, ts_seconds;
  guint block_line;
  guint64 length;
  gboolean has_length;
} Importer;

static void record_free (gpointer p)
{
  Record *r = p;
  g_free (r->device);
  g_byte_array_unref (r->bytes);
  g_free (r);
}

G_GNUC_PRINTF (3, 4)
static void report (Importer *im, guint line, const char *fmt, ...)
{
  va_list ap;
  gchar *msg;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_printerr ("%s:%u: %s\n", im->file, line, msg);
  g_free (msg);
  im->errors++;
}

static int month_number (const char *m)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  for (int i = 0; i < 12; i++)
    if (g_str_equal (m, months[i]))
      return i + 1;
  return 0;
}

static gint64 utc_usec (int y, int mo, int d, int h, int mi, int s)
{
  GDateTime *t = mo ? g_date_time_new_utc (y, mo, d, h, mi, s) : NULL;
  gint64 v = t ? g_date_time_to_unix (t) * G_USEC_PER_SEC : -1;
  if (t)
    g_date_time_unref (t);
  return v;
}

static int num (GMatchInfo *m, int group)
{
  gchar *s = g_match_info_fetch (m, group);
  int v = s && *s ? atoi (s) : 0;
  g_free (s);
  return v;
}

static gint64 usec_part (GMatchInfo *m, int group)
{
  gchar *s = g_match_info_fetch (m, group);
  gint64 v = 0;
  gsize n = s ? strlen (s) : 0;
  for (gsize i = 0; i < 6; i++)
    v = v * 10 + (i < n ? s[i] - '0' : 0);
  g_free (s);
  return v;
}

/* The line's timestamp, if it has one. */
static gboolean line_stamp (Importer *im, const char *line, gint64 *ts, gboolean *seconds)
{
  for (guint k = 0; k < G_N_ELEMENTS (stamp_patterns); k++) {
    GMatchInfo *m = NULL;
    gint64 v = -1;
    gchar *mon;
    if (!g_regex_match (im->stamps[k], line, 0, &m)) {
      g_match_info_free (m);
      continue;
    }
    *seconds = TRUE;
    switch (stamp_patterns[k].kind) {
    case T_EPOCH: {
      gchar *s = g_match_info_fetch (m, 1);
      v = g_ascii_strtoll (s, NULL, 10) * G_USEC_PER_SEC + usec_part (m, 2);
      *seconds = FALSE;
      g_free (s);
      break;
    }
    case T_QMICLI:
      mon = g_match_info_fetch (m, 2);
      v = utc_usec (num (m, 3), month_number (mon), num (m, 1), num (m, 4), num (m, 5), num (m, 6));
      g_free (mon);
      break;
    case T_ISO: {
      gchar *frac = g_match_info_fetch (m, 7), *zone = g_match_info_fetch (m, 8);
      v = utc_usec (num (m, 1), num (m, 2), num (m, 3), num (m, 4), num (m, 5), num (m, 6));
      if (v >= 0 && frac && *frac) {
        v += usec_part (m, 7);
        *seconds = FALSE;
      }
      if (v >= 0 && zone && *zone && *zone != 'Z') {
        int sign = *zone == '-' ? -1 : 1;
        int hh = (zone[1] - '0') * 10 + (zone[2] - '0');
        const char *mm = zone[3] == ':' ? zone + 4 : zone + 3;
        int mins = (mm[0] - '0') * 10 + (mm[1] - '0');
        v -= sign * (gint64) (hh * 60 + mins) * 60 * G_USEC_PER_SEC;
      }
      g_free (frac);
      g_free (zone);
      break;
    }
    case T_LOGREAD:
      mon = g_match_info_fetch (m, 1);
      v = utc_usec (num (m, 6), month_number (mon), num (m, 2), num (m, 3), num (m, 4), num (m, 5));
      g_free (mon);
      break;
    case T_SYSLOG: {
      GDateTime *now = g_date_time_new_now_utc ();
      gchar *frac = g_match_info_fetch (m, 6);
      mon = g_match_info_fetch (m, 1);
      v = utc_usec (g_date_time_get_year (now), month_number (mon), num (m, 2), num (m, 3), num (m, 4), num (m, 5));
      if (v >= 0 && frac && *frac) {
        v += usec_part (m, 6);
        *seconds = FALSE;
      }
      g_free (frac);
      g_free (mon);
      g_date_time_unref (now);
      break;
    }
    }
    g_match_info_free (m);
    if (v >= 0) {
      *ts = v;
      return TRUE;
    }
  }
  return FALSE;
}

/* Hex bytes separated by sep (':' for libqmi, ' ' for uqmi), each exactly
 * two digits. FALSE with why set otherwise. */
static GByteArray *parse_hex (const char *s, char sep, gchar **why)
{
  GByteArray *b;
  const char *p = s;
  if (g_str_has_suffix (s, "...") || g_str_has_suffix (s, "\u2026")) {
    *why = g_strdup ("data cut short (the line ends in \"...\")");
    return NULL;
  }
  b = g_byte_array_new ();
  while (*p == ' ')
    p++;
  while (*p) {
    const char *start = p;
    while (g_ascii_isxdigit (*p))
      p++;
    if (p - start != 2) {
      if (*p && *p != sep)
        *why = g_strdup_printf ("data: '%c' in byte %u is not a hex digit", *p, b->len + 1);
      else
        *why = g_strdup_printf ("data: byte %u has %d hex digit%s, not 2 (odd number of digits?)", b->len + 1, (int) (p - start), p - start == 1 ? "" : "s");
      g_byte_array_unref (b);
      return NULL;
    }
    {
      guint8 v = (guint8) (g_ascii_xdigit_value (start[0]) << 4 | g_ascii_xdigit_value (start[1]));
      g_byte_array_append (b, &v, 1);
    }
    if (*p == sep) {
      p++;
      if (sep == ' ')
        while (*p == ' ')
          p++;
      if (!*p && sep == ':') {
        *why = g_strdup_printf ("data ends in '%c' after %u bytes (cut line?)", sep, b->len);
        g_byte_array_unref (b);
        return NULL;
      }
    } else if (*p) {
      *why = g_strdup_printf ("data: '%c' after %u bytes is not a separator", *p, b->len);
      g_byte_array_unref (b);
      return NULL;
    }
  }
  return b;
}

static guint32 le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

/* QMUX or MBIM, from the bytes; NULL with why set when neither fits.
 * *first_len: bytes of the first message (uqmi may dump more than one). */
static const char *classify (const GByteArray *b, gsize *first_len, gchar **why)
{
  /* MBIM first: an MBIM OPEN starts with 0x01 too, but its length field
   * (bytes 4-7) covers the message */
  guint32 type, length;
  if (wire_mbim_header (b->data, b->len, &type, &length) && length >= 12 &&
      (length == b->len || b->data[0] != WIRE_QMUX_IF_TYPE)) {
    *first_len = length;
    return WIRE_MBIM_EXPORTED_PDU_NAME;
  }
  if (b->len >= WIRE_QMUX_HEADER_LEN && b->data[0] == WIRE_QMUX_IF_TYPE) {
    *first_len = (gsize) (b->data[1] | b->data[2] << 8) + 1;
    return "qmux";
  }
  *why = g_strdup_printf ("%u bytes that are neither a QMUX frame (0x01 first) nor an MBIM message", b->len);
  return NULL;
}

static void add_record (Importer *im, guint line, WireDirection dir, const char *device, gint64 ts,
                        gboolean ts_known, gboolean ts_seconds, GByteArray *bytes, gboolean uqmi)
{
  gchar *why = NULL;
  gsize first = 0;
  const char *dissector = classify (bytes, &first, &why);
  Record *r;

  if (dissector && first != bytes->len) {
    const char *what = g_str_equal (dissector, "qmux") ? "QMUX length" : "MBIM length";
    if (uqmi && first > bytes->len) {
      /* uqmi dumps its read buffer before each message it takes out, and
       * again when more arrives: a partial read comes back whole */
      g_printerr ("%s:%u: note: partial read (%u of %" G_GSIZE_FORMAT " bytes); uqmi prints it again once the rest arrives\n",
                  im->file, line, bytes->len, first);
      im->partial++;
      g_byte_array_unref (bytes);
      return;
    }
    if (uqmi && first < bytes->len) {
      /* the rest of the buffer is printed again as the next dump */
      g_byte_array_set_size (bytes, (guint) first);
    } else {
      why = g_strdup_printf ("%s says %" G_GSIZE_FORMAT " bytes, the data has %u", what, first, bytes->len);
      dissector = NULL;
    }
  }
  if (!dissector) {
    report (im, line, "%s", why);
    g_free (why);
    g_byte_array_unref (bytes);
    return;
  }
  r = g_new0 (Record, 1);
  r->dir = dir;
  r->ts = ts;
  r->ts_known = ts_known;
  r->ts_seconds = ts_seconds;
  r->device = g_strdup (device);
  r->dissector = dissector;
  r->bytes = bytes;
  r->line = line;
  g_ptr_array_add (im->records, r);
}

static void block_cut (Importer *im)
{
  if (im->state == S_RAW || im->state == S_LENGTH)
    report (im, im->block_line, "message block cut short: %s", im->state == S_RAW ? "no length or data line after RAW"
                                                                                 : "no data line after its length");
  else if (im->state == S_HEADER)
    report (im, im->block_line, "message block cut short: no RAW block after the sent/received line");
  im->state = S_IDLE;
}

static WireDirection marker_dir (const char *marker)
{
  return marker[0] == '<' ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND;
}

static void set_device (Importer *im, const char *device)
{
  g_free (im->device);
  im->device = g_strdup (device);
  g_free (im->last_device);
  im->last_device = g_strdup (device);
}

static void libqmi_line (Importer *im, guint lineno, PatternKind kind, GMatchInfo *m, const char *text)
{
  gchar *g1 = g_match_info_fetch (m, 1), *g2 = g_match_info_fetch (m, 2);
  switch (kind) {
  case P_TRANSLATED:
    block_cut (im);
    im->state = S_TRANSLATED;
    break;
  case P_HEADER:
    block_cut (im);
    im->state = S_HEADER;
    im->dir = g_ascii_tolower (g2[0]) == 's' ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND;
    set_device (im, g1);
    im->ts_known = line_stamp (im, text, &im->ts, &im->ts_seconds);
    im->block_line = lineno;
    break;
  case P_RAW:
    if (im->state != S_HEADER) {
      /* a block without its sent/received line: the marker says the direction */
      block_cut (im);
      im->dir = marker_dir (g1);
      g_free (im->device);
      im->device = g_strdup (im->last_device ? im->last_device : "libqmi");
      im->ts_known = line_stamp (im, text, &im->ts, &im->ts_seconds);
    }
    im->state = S_RAW;
    im->has_length = FALSE;
    im->block_line = lineno;
    break;
  case P_LENGTH:
    if (im->state == S_RAW) {
      im->length = g_ascii_strtoull (g2, NULL, 10);
      im->has_length = TRUE;
      im->state = S_LENGTH;
    }
    break;
  case P_DATA:
    if (im->state == S_RAW || im->state == S_LENGTH) {
      gchar *why = NULL;
      GByteArray *b = parse_hex (g2, ':', &why);
      im->state = S_IDLE;
      if (!b) {
        report (im, lineno, "%s", why);
        g_free (why);
      } else if (!im->has_length) {
        report (im, lineno, "data without a length line (the block is cut)");
        g_byte_array_unref (b);
      } else if (im->length != b->len) {
        report (im, lineno, "length = %" G_GUINT64_FORMAT " but the data holds %u bytes (cut line?)", im->length, b->len);
        g_byte_array_unref (b);
      } else {
        im->uses[0]++;
        add_record (im, lineno, im->dir, im->device, im->ts, im->ts_known, im->ts_seconds, b, FALSE);
      }
    }
    break;
  default:
    break;
  }
  g_free (g1);
  g_free (g2);
}

static void uqmi_line (Importer *im, guint lineno, GMatchInfo *m, const char *text)
{
  gchar *g1 = g_match_info_fetch (m, 1), *g2 = g_match_info_fetch (m, 2), *why = NULL;
  GByteArray *b = parse_hex (g2, ' ', &why);
  gint64 ts = 0;
  gboolean seconds = TRUE, known = line_stamp (im, text, &ts, &seconds);
  if (!b) {
    report (im, lineno, "%s", why);
    g_free (why);
  } else if (!b->len) {
    report (im, lineno, "packet line without bytes");
    g_byte_array_unref (b);
  } else {
    im->uses[1]++;
    add_record (im, lineno, g1[0] == 'S' ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND, "uqmi", ts, known, seconds, b, TRUE);
  }
  g_free (g1);
  g_free (g2);
}

static void logical_line (Importer *im, guint lineno, const char *text)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint p = 0; p < formats[f].n; p++) {
      GMatchInfo *m = NULL;
      if (g_regex_match (im->regex[f][p], text, 0, &m)) {
        if (formats[f].patterns[p].kind == P_UQMI)
          uqmi_line (im, lineno, m, text);
        else
          libqmi_line (im, lineno, formats[f].patterns[p].kind, m, text);
        g_match_info_free (m);
        return;
      }
      g_match_info_free (m);
    }
}

/* One physical line: "#012" (rsyslog's escaped newline) and each libqmi
 * marker preceded by a space start a logical line, so a message that logread
 * joined into one line reads as the lines libqmi printed; the piece before
 * the first marker keeps the line's prefix (and its timestamp). */
static void physical_line (Importer *im, guint lineno, const char *line)
{
  gchar **parts = g_strsplit (line, "#012", -1);
  for (gchar **p = parts; *p; p++) {
    const char *s = *p;
    for (;;) {
      const char *a = *s ? strstr (s + 1, " <<<<<< ") : NULL, *b = *s ? strstr (s + 1, " >>>>>> ") : NULL;
      const char *next = a && (!b || a < b) ? a : b;
      gchar *piece;
      if (!next) {
        logical_line (im, lineno, s);
        break;
      }
      piece = g_strndup (s, next - s);
      logical_line (im, lineno, piece);
      g_free (piece);
      s = next + 1;
    }
  }
  g_strfreev (parts);
}

static void importer_init (Importer *im, const char *file)
{
  memset (im, 0, sizeof *im);
  im->file = file;
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    im->regex[f] = g_new0 (GRegex *, formats[f].n);
    for (guint p = 0; p < formats[f].n; p++)
      im->regex[f][p] = g_regex_new (formats[f].patterns[p].regex, G_REGEX_OPTIMIZE |
                                     (formats[f].patterns[p].kind == P_HEADER || formats[f].patterns[p].kind == P_TRANSLATED
                                        ? G_REGEX_CASELESS : 0), 0, NULL);
  }
  for (guint k = 0; k < G_N_ELEMENTS (stamp_patterns); k++)
    im->stamps[k] = g_regex_new (stamp_patterns[k].regex, G_REGEX_OPTIMIZE, 0, NULL);
  im->records = g_ptr_array_new_with_free_func (record_free);
}

static void importer_clear (Importer *im)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++) {
    for (guint p = 0; p < formats[f].n; p++)
      g_regex_unref (im->regex[f][p]);
    g_free (im->regex[f]);
  }
  for (guint k = 0; k < G_N_ELEMENTS (stamp_patterns); k++)
    g_regex_unref (im->stamps[k]);
  g_ptr_array_unref (im->records);
  g_free (im->device);
  g_free (im->last_device);
}

/* Log order is the truth: stamps with whole seconds only, or none, are
 * spread 1 microsecond apart so the records stay in order. */
static void assign_times (Importer *im)
{
  gint64 prev = -1;
  for (guint i = 0; i < im->records->len; i++) {
    Record *r = g_ptr_array_index (im->records, i);
    if (!r->ts_known)
      r->ts = prev + 1;
    else if (r->ts_seconds && r->ts <= prev && r->ts > prev - G_USEC_PER_SEC)
      r->ts = prev + 1;
    prev = r->ts;
  }
}

/* Every record into a pcapng image in memory, an interface per device. */
static GByteArray *write_image (Importer *im, GError **error)
{
  char *buf = NULL;
  size_t size = 0;
  FILE *mem = open_memstream (&buf, &size);
  WirePcapngWriter *w = wire_pcapng_writer_new (mem, "qrtr-capture --import", error);
  GHashTable *ifs = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean ok = w != NULL;
  GByteArray *out = NULL;
  /* the log's name without its folders: a path can name the reporter */
  gchar *base = g_path_get_basename (im->file);
  gchar *desc = g_strdup_printf ("imported from %s", base);

  for (guint i = 0; ok && i < im->records->len; i++) {
    Record *r = g_ptr_array_index (im->records, i);
    gpointer id;
    gchar *comment;
    if (!g_hash_table_lookup_extended (ifs, r->device, NULL, &id)) {
      gint n = wire_pcapng_add_interface (w, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, 262144, r->device, desc, error);
      if (n < 0) {
        ok = FALSE;
        break;
      }
      id = GINT_TO_POINTER (n);
      g_hash_table_insert (ifs, r->device, id);
    }
    comment = g_strdup_printf ("%s:%u", base, r->line);
    ok = wire_pcapng_write_exported_pdu (w, (guint32) GPOINTER_TO_INT (id), r->ts, r->dissector, r->dir,
                                         r->bytes->data, r->bytes->len, comment, error);
    g_free (comment);
  }
  if (w && !wire_pcapng_writer_close (w, ok ? error : NULL))
    ok = FALSE;
  if (ok) {
    out = g_byte_array_new ();
    g_byte_array_append (out, (guint8 *) buf, (guint) size);
  }
  free (buf);
  g_free (desc);
  g_free (base);
  g_hash_table_unref (ifs);
  return out;
}

static void print_records (Importer *im, const WireRegistry *reg, const ImportRedactOptions *o)
{
  DecodePrinter *d = decode_printer_new (reg, (DecodeFormat) o->decode);
  GString *out = g_string_new (NULL);
  decode_printer_set_vendor (d, o->vendor);
  for (guint i = 0; i < im->records->len; i++) {
    Record *r = g_ptr_array_index (im->records, i);
    gsize off = 0, len = r->bytes->len;
    g_string_truncate (out, 0);
    if (g_str_equal (r->dissector, "qmux") || wire_mbim_qmi_payload (r->bytes->data, r->bytes->len, &off, &len)) {
      decode_printer_qmux (d, i + 1, r->ts, r->dir, r->bytes->data + off, len, out);
    } else if (o->decode == DECODE_JSON) {
      g_string_append_printf (out, "{\"frame\":%u,\"time_us\":%" G_GINT64_FORMAT ",\"direction\":\"%s\","
                              "\"transport\":\"mbim\",\"mbim_type\":%u}\n", i + 1, r->ts,
                              r->dir == WIRE_DIR_OUTBOUND ? "out" : "in", le32 (r->bytes->data));
    } else {
      g_string_append_printf (out, "#%u %" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT " %s MBIM message type 0x%08x, %u bytes "
                              "(not QMI: only QMI inside MBIM is decoded)\n", i + 1, r->ts / G_USEC_PER_SEC,
                              r->ts % G_USEC_PER_SEC, r->dir == WIRE_DIR_OUTBOUND ? "host->modem" : "modem->host",
                              le32 (r->bytes->data), r->bytes->len);
    }
    fputs (out->str, stdout);
  }
  fflush (stdout);
  g_string_free (out, TRUE);
  decode_printer_free (d);
}

/* Redacts every record in place, as the Exported PDU record it becomes. */
static gchar *redact_records (Importer *im, const WireRegistry *reg, const ImportRedactOptions *o)
{
  RedactCarriers *c = redact_carriers_new (reg, o->redactor, o->vendor);
  gchar *what;
  for (guint i = 0; i < im->records->len; i++) {
    Record *r = g_ptr_array_index (im->records, i);
    GByteArray *pdu = wire_exported_pdu_build (r->dissector, r->dir, r->bytes->data, r->bytes->len);
    redact_carriers_record (c, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, pdu->data, pdu->len);
    memcpy (r->bytes->data, pdu->data + pdu->len - r->bytes->len, r->bytes->len);
    g_byte_array_unref (pdu);
  }
  what = redact_carriers_describe (c);
  redact_carriers_free (c);
  return what;
}

int
import_log (const ImportRedactOptions *o, const WireRegistry *reg)
{
  guint8 *data = NULL;
  gsize len = 0;
  GError *error = NULL;
  Importer im;
  gchar **lines;
  guint sent = 0, received = 0;
  gchar *redacted = NULL;
  int status = 0;
  const char *name = g_str_equal (o->input, "-") ? "<stdin>" : o->input;

  if (!read_whole_input (o->input, &data, &len, &error)) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    return 1;
  }
  importer_init (&im, name);
  /* a NUL inside a line ends that line's text */
  data = g_realloc (data, len + 1);
  data[len] = 0;
  lines = g_strsplit ((const gchar *) data, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gsize n = strlen (lines[i]);
    if (n && lines[i][n - 1] == '\r')
      lines[i][n - 1] = 0;
    physical_line (&im, i + 1, lines[i]);
  }
  block_cut (&im);
  g_strfreev (lines);
  assign_times (&im);
  for (guint i = 0; i < im.records->len; i++) {
    Record *r = g_ptr_array_index (im.records, i);
    sent += r->dir == WIRE_DIR_OUTBOUND;
    received += r->dir == WIRE_DIR_INBOUND;
  }
  if (o->redactor)
    redacted = redact_records (&im, reg, o);
  if (o->decode >= 0)
    print_records (&im, reg, o);
  if (o->write) {
    GByteArray *image = write_image (&im, &error), *final = image;
    if (image && redacted) {
      final = pcapng_with_comment (image->data, image->len, redacted, &error);
      g_byte_array_unref (image);
    }
    if (!final || !write_whole_output (o->write, final->data, final->len, &error)) {
      g_printerr ("qrtr-capture: %s\n", error ? error->message : "cannot write");
      g_clear_error (&error);
      status = 1;
    }
    if (final)
      g_byte_array_unref (final);
  }
  if (!o->quiet) {
    GString *fmts = g_string_new (NULL);
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      if (im.uses[f])
        g_string_append_printf (fmts, "%s%s", fmts->len ? ", " : "", formats[f].name);
    g_printerr ("qrtr-capture: %s: %u messages imported (%u sent, %u received) from %s; %u unreadable",
                name, im.records->len, sent, received, fmts->len ? fmts->str : "no known format", im.errors);
    if (im.partial)
      g_printerr ("; %u partial reads skipped", im.partial);
    g_printerr ("\n");
    if (redacted)
      g_printerr ("qrtr-capture: %s\n", redacted);
    g_string_free (fmts, TRUE);
  }
  if (im.errors || (!im.records->len && !im.partial))
    status = 1;
  if (!im.records->len && !im.errors)
    g_printerr ("qrtr-capture: %s: no QMI or MBIM message found (formats: libqmi/libmbim traces, uqmi packet dumps)\n", name);
  g_free (redacted);
  importer_clear (&im);
  g_free (data);
  return status;
}
