/* --qrtr-filter: which QRTR packets a capture keeps. A filter names one
 * service (by name, "dms", or number, "2") or one address ("NODE:PORT").
 * A service filter keeps the traffic to and from that service's servers
 * (learned from the NEW_SERVER / DEL_SERVER packets seen, and from a lookup
 * made when the capture starts) and the control packets about the service;
 * an address filter keeps what that address sends or receives and the
 * control packets naming it. Works on whole QRTR frames (v1 or v2 header). */
#pragma once

#include <glib.h>
#include "wire-schema.h"

typedef struct _QrtrFilter QrtrFilter;

/* NULL with error set (G_OPTION_ERROR_BAD_VALUE) when spec is not a
 * service or NODE:PORT. Service names are the schemas' (reg). */
QrtrFilter *qrtr_filter_new (const char *spec, const WireRegistry *reg, GError **error);
void qrtr_filter_free (QrtrFilter *f);
/* TRUE for a service filter: it needs to know the servers already there. */
gboolean qrtr_filter_by_service (const QrtrFilter *f);
guint32 qrtr_filter_service (const QrtrFilter *f);
/* A server the name service knows (from the start-up lookup). */
void qrtr_filter_add_server (QrtrFilter *f, guint32 service, guint32 node, guint32 port);
/* Learns from the frame (NEW_SERVER / DEL_SERVER) and says whether it is kept. */
gboolean qrtr_filter_keep (QrtrFilter *f, const guint8 *frame, gsize len);
/* "service dms (2)", "address 1:16385" */
const char *qrtr_filter_describe (const QrtrFilter *f);
