/* Value-name tables shared by the dissector and qrtr-capture.
 * Each table is terminated by { 0, NULL } so the dissector can hand it to
 * Wireshark as a value_string / val64_string without copying. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint32 value;
  const char *name;
} WireValueName;

/* QMUX service ids (libqmi's QmiService): short lowercase name "dms" and
 * title "Device Management Service". */
typedef struct {
  guint32 id;
  const char *name;  /* short, lowercase, used in filter names */
  const char *title;
} WireServiceName;

extern const WireServiceName wire_qmux_services[];  /* ends with an entry whose name is NULL */
extern const WireServiceName wire_qrtr_services[];  /* QRTR service ids (qrtr-lookup's table); same end */
extern const WireValueName wire_qmi_errors[];       /* QMI_PROTOCOL_ERROR_* : "NoEffect", ... */
extern const WireValueName wire_qmi_ctl_messages[]; /* CTL 0x0020 .. and libqmi's 0xFFxx */
extern const WireValueName wire_qrtr_types[];       /* DATA, HELLO, ... */
extern const WireValueName wire_usb_vendors[];      /* USB vendor ids of QMI modem makers */

const WireServiceName *wire_qmux_service_lookup (guint32 id);
const WireServiceName *wire_qrtr_service_lookup (guint32 id);
const char *wire_qmi_error_name (guint16 error);     /* NULL when unknown */
const char *wire_value_name (const WireValueName *table, guint32 value); /* NULL when unknown */

#define WIRE_QRTR_SERVICE_TFTP 4096
#define WIRE_QRTR_SERVICE_DIAG 4097

G_END_DECLS
