/* Value-name tables shared by the dissector and qrtr-capture, for facts that
 * are not QMI message knowledge (the schemas hold that: wire-schema.h).
 * Each table is terminated by { 0, NULL } so the dissector can hand it to
 * Wireshark as a value_string / val64_string without copying. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint32 value;
  const char *name;
} WireValueName;

/* A service id with its short lowercase name "dms" and title "Device
 * Management Service" (the registry's tables, wire-schema.h, use it too). */
typedef struct {
  guint32 id;
  const char *name;  /* short, lowercase, used in filter names */
  const char *title;
} WireServiceName;

extern const WireServiceName wire_qrtr_other_services[]; /* QRTR services that are not QMI (TFTP, DIAG);
                                                          * ends with an entry whose name is NULL */
extern const WireValueName wire_qrtr_types[];       /* DATA, HELLO, ... */
extern const WireValueName wire_usb_vendors[];      /* USB vendor ids of QMI modem makers */

const char *wire_value_name (const WireValueName *table, guint32 value); /* NULL when unknown */

#define WIRE_QRTR_SERVICE_TFTP 4096
#define WIRE_QRTR_SERVICE_DIAG 4097

G_END_DECLS
