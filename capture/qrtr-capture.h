/* What qrtr-capture's small files share. */
#pragma once

#include <glib.h>
#include "decode-print.h"
#include "wire-schema.h"

typedef struct {
  DecodeFormat format;
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

/* Live capture (-i) */
typedef struct {
  const char *interface;   /* "usbmon:/dev/cdc-wdm0", "usbmon:2:3", "bridge:/dev/cdc-wdm0" */
  const char *write;       /* -w FILE, "-" = stdout; NULL = print only */
  const char *bridge_link; /* --bridge-link PATH */
  const char *user;        /* -Z USER */
  gboolean quiet;
  gboolean no_reopen;
  int decode;              /* DecodeFormat, or -1 for no printout */
  guint16 vendor;
  gint64 count;
  char **schema_dirs;      /* --schema-dir (for -i qrtr, which decodes in qrtr-bpf-tap) */
  const char *qrtr_filter; /* --qrtr-filter (-i qrtr) */
  const char *extcap_fifo; /* running as Wireshark's extcap: its fifo (released when a tap cannot start) */
} CaptureOptions;

/* Returns the exit status: 0 stopped by a signal or -c, 1 when the source
 * could not be opened or was lost, or writing failed; 2 on a usage error. */
int run_capture (const CaptureOptions *o, const WireRegistry *reg);
/* -r IN -w OUT on a usbmon capture: keeps one device's records (bus 0: all)
 * through the live tap's record path. */
int rewrite_capture (const char *in, const char *out, guint bus, guint dev, const WireRegistry *reg,
                     int decode, guint16 vendor, gint64 count, gboolean quiet);
/* -D */
int list_sources (void);
/* -Z: check_user before anything is opened (a wrong name must not cost an
 * existing capture file), drop_privileges after the source is open. */
gboolean check_user (const char *user, GError **error);
gboolean drop_privileges (const char *user, GError **error);

/* Wireshark extcap */
int extcap_interfaces (void);
int extcap_dlts (const char *iface);
int extcap_config (const char *iface);
char *extcap_default_bridge_link (const char *node); /* $XDG_RUNTIME_DIR/qmi-bridge-NODE */
void extcap_release_fifo (const char *fifo);         /* after a failed start: end Wireshark's wait */
/* "qmi-bridge-cdc-wdm0" -> "bridge:/dev/cdc-wdm0"; NULL if not ours. */
char *extcap_interface_to_source (const char *iface);

/* --exec: runs argv with the LD_PRELOAD tap writing to output; returns only on failure. */
int exec_with_preload (const char *output, char **argv);
