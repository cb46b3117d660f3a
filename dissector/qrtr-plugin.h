/* What the plugin's three protocols share: qrtr and qmux hand QMI messages
 * to qmi with a QmiCarrier that says where the message came from. */
#pragma once

#include <epan/packet.h>
#include <epan/expert.h>

void proto_register_qrtr (void);
void proto_reg_handoff_qrtr (void);
void proto_register_qmux (void);
void proto_reg_handoff_qmux (void);
void proto_register_qmi (void);
void proto_reg_handoff_qmi (void);

typedef enum {
  QMI_CARRIER_QMUX,
  QMI_CARRIER_QRTR,
} QmiCarrierKind;

/* What the carrier's link number names: requests pair with responses only
 * on the same link (two modems on one usbmon bus must not mix). */
typedef enum {
  QMI_LINK_INTERFACE, /* a capture interface (Exported PDU, DLT_USER, MBIM) */
  QMI_LINK_USB,       /* a USB function: bus << 16 | device << 8 | interface */
  QMI_LINK_QRTR,      /* a QRTR server: node << 16 | port */
} QmiLinkKind;

typedef struct {
  QmiCarrierKind kind;
  QmiLinkKind link_kind;
  guint32 service;        /* QMUX service id, or the QRTR service learned */
  guint32 client;         /* QMUX client id; QRTR: client (node << 16 | port) */
  guint32 link;           /* which transport instance (interface, device, node) */
  guint16 vendor;         /* USB vendor id of the device when known, else 0 */
} QmiCarrier;

/* wire/'s value-name tables ({ 0, NULL }-terminated) are handed to
 * Wireshark as value_string without a copy. That holds only while the two
 * structs have the same layout; the build fails here if either changes. */
#include <stddef.h>
#include "wire-names.h"
G_STATIC_ASSERT (sizeof (WireValueName) == sizeof (value_string));
G_STATIC_ASSERT (offsetof (WireValueName, value) == offsetof (value_string, value));
G_STATIC_ASSERT (sizeof (((WireValueName *) NULL)->value) == sizeof (((value_string *) NULL)->value));
G_STATIC_ASSERT (offsetof (WireValueName, name) == offsetof (value_string, strptr));
G_STATIC_ASSERT (sizeof (((WireValueName *) NULL)->name) == sizeof (((value_string *) NULL)->strptr));
#define WIRE_VALS(table) ((const value_string *) (const void *) (table))

/* The schema registry's names as Wireshark value_string_exts (sorted, so
 * Wireshark looks them up by binary search), built once at registration:
 * service titles by QMUX or QRTR id, and QMI error names. */
value_string_ext *qrtr_plugin_qmux_service_vals (void);
value_string_ext *qrtr_plugin_qrtr_service_vals (void);
value_string_ext *qrtr_plugin_qmi_error_vals (void);

/* Gives the expert info of field, in ei[0..n), the summary wire/ words its
 * problem in (so qrtr-capture's problem line says the same); call before
 * expert_register_field_array. */
void qrtr_plugin_ei_summary (ei_register_info *ei, gsize n, expert_field *field, const char *summary);

/* Dissects one QMI message (header + TLVs); data is a QmiCarrier. */
#define QMI_DISSECTOR_NAME "qmi"
