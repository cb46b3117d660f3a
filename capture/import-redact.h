/* qrtr-capture --import (debug logs to pcapng) and --redact (personal data
 * replaced in a capture). */
#pragma once

#include <glib.h>
#include "wire-redact.h"
#include "wire-schema.h"

typedef struct {
  const char *input;       /* path, or "-" for standard input */
  const char *write;       /* -w FILE ("-" = stdout); NULL: print only */
  int decode;              /* DecodeFormat, or -1 for no printout */
  guint16 vendor;
  gboolean quiet;
  WireRedactor *redactor;  /* NULL: no redaction */
} ImportRedactOptions;

/* --import LOG: returns 0 when every message of the log was read, 1 when a
 * message could not be read (each reported as FILE:LINE: why) or a file
 * could not be opened or written. */
int import_log (const ImportRedactOptions *o, const WireRegistry *reg);

/* --redact -r IN -w OUT: returns 0, or 1 when IN cannot be read or OUT
 * written. */
int redact_capture (const ImportRedactOptions *o, const WireRegistry *reg);

/* The carriers' unwrapping for redaction, one record at a time, with the
 * state records share (QRTR name service, usbmon pairing, the vendor from a
 * device descriptor, which string descriptor is the serial number). */
typedef struct _RedactCarriers RedactCarriers;
RedactCarriers *redact_carriers_new (const WireRegistry *reg, WireRedactor *r, guint16 vendor);
void redact_carriers_free (RedactCarriers *c);
/* data is a record of that link type, redacted in place. */
void redact_carriers_record (RedactCarriers *c, guint16 linktype, guint8 *data, gsize len);
/* The comment the output carries: what was replaced, what was kept. */
gchar *redact_carriers_describe (const RedactCarriers *c);
/* A copy of a pcapng image whose first section header carries comment. */
GByteArray *pcapng_with_comment (const guint8 *image, gsize len, const char *comment, GError **error);

/* The redaction of a whole pcapng image in memory, every record by its
 * interface's link type; the first section header gains a comment saying
 * what was replaced. FALSE (error set) when data is not pcapng. The
 * returned array is the new file. */
GByteArray *redact_pcapng (const guint8 *data, gsize len, const WireRegistry *reg, WireRedactor *r,
                           guint16 vendor, GString *summary, GError **error);

/* Reads a whole file, "-" = stdin. */
gboolean read_whole_input (const char *path, guint8 **data, gsize *len, GError **error);
/* Writes data to path ("-" = stdout). */
gboolean write_whole_output (const char *path, const guint8 *data, gsize len, GError **error);
