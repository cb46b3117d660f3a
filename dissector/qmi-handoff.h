/* Hand-offs to Wireshark's own dissectors: schema fields whose bytes are a
 * payload Wireshark already decodes (3GPP SMS TPDUs, CDMA SMS transport
 * messages, SIM APDUs), by a table of (filter name, payload kind). The
 * plugin only: qrtr-capture prints these fields as hex. */
#pragma once

#include <epan/packet.h>
#include "wire-schema.h"

typedef struct _QmiHandoff QmiHandoff;

/* Integer values the TLV has shown so far, by field name: the WMS message
 * format and tag that say what a raw message is. */
#define QMI_HANDOFF_MAX_SIBLINGS 8
typedef struct {
  const char *names[QMI_HANDOFF_MAX_SIBLINGS];
  guint64 values[QMI_HANDOFF_MAX_SIBLINGS];
  guint n;
  gint sw_offset; /* the message's card_result SW1 (SW2 follows), in the tvb; -1 = none yet */
} QmiHandoffSiblings;

void qmi_handoff_register (int proto);
void qmi_handoff_init (void); /* from proto_reg_handoff: finds the dissectors */

/* The hand-off of a schema field, or NULL. */
const QmiHandoff *qmi_handoff_for (const WireField *f);

/* Hands tvb[off, off + len), the bytes of a field with a hand-off, to its
 * dissector under tree. */
void qmi_handoff_dissect (const QmiHandoff *h, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gint off,
                          gint len, const QmiHandoffSiblings *siblings);
