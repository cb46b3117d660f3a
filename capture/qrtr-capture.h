/* What qrtr-capture's small files share. */
#pragma once

#include <glib.h>
#include "wire-decode.h"
#include "wire-schema.h"

typedef struct {
  WireDecodeFormat format;
  gint64 max_messages;   /* -c; 0 = no limit */
  guint16 vendor;
  guint16 usb_bus;       /* --device BUS:DEV filter for usbmon; 0 = any */
  guint8 usb_dev;
} ReadOptions;

/* Decodes every QMI/QRTR message of a pcap or pcapng file to stdout.
 * Returns 0, or 1 with a message on stderr when the file cannot be read. */
int read_capture (const char *path, const WireRegistry *reg, const ReadOptions *opts);

/* Prints what the loaded schemas cover; returns 1 when any file failed to load. */
int schema_report (const WireRegistry *reg, gboolean json);
