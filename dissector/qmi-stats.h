/* QMI statistics: what the QMI dissector tells its tap about each message,
 * and the two statistics built on it: service response times
 * (-z qmi,srt; Statistics > Service Response Time > QMI) and message counts
 * with results (-z qmi,tree; Statistics > QMI Messages). */
#pragma once

#include <epan/packet.h>
#include "wire-schema.h"
#include "wire-qmux.h"

#define QMI_TAP_NAME "qmi"

typedef struct {
  const WireService *service;  /* NULL when no schema names the service */
  guint32 service_id;          /* the carrier's number for it */
  gboolean over_qrtr;          /* QRTR and QMUX number services differently */
  WireQmiKind kind;
  guint16 msg_id;
  const WireMessage *message;  /* this frame's schema message, NULL if unknown */
  const WireMessage *request;  /* responses: the request's schema message */
  gboolean has_result;         /* responses with a result TLV */
  guint16 status, error;
  gboolean answered;           /* responses paired with their request */
  nstime_t request_time;
} QmiTapInfo;

/* Registers the tap and both statistics; call from proto_register_qmi. */
int qmi_stats_register (int proto_qmi);
