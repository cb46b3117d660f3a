/* The schema registry: every loaded service, its messages and the numbered
 * fields, and the lookups the dissector and the decoder make per message.
 * It holds the model (wire-schema-model.h) and knows nothing of schema
 * files: wire-schema-load.h fills it. */
#pragma once

#include <glib.h>
#include "wire-schema-model.h"
#include "wire-names.h"

G_BEGIN_DECLS

typedef struct _WireRegistry WireRegistry;

WireRegistry *wire_registry_new (void);
void wire_registry_free (WireRegistry *reg);

/* Call once after loading: sorts each service's messages for
 * wire_service_find_message and numbers every field (its uid). Loading
 * more files afterwards is not allowed. */
void wire_registry_finish (WireRegistry *reg);

const GPtrArray *wire_registry_errors (const WireRegistry *reg);   /* char* */
const GPtrArray *wire_registry_services (const WireRegistry *reg); /* WireService* */
guint wire_registry_n_fields (const WireRegistry *reg);
const WireField *wire_registry_field (const WireRegistry *reg, guint uid);

const WireService *wire_registry_service_by_qmux (const WireRegistry *reg, guint id);
const WireService *wire_registry_service_by_qrtr (const WireRegistry *reg, guint id);
const WireService *wire_registry_service_by_name (const WireRegistry *reg, const char *name);

/* The names every tool prints, all from the schemas, so that the dissector
 * and qrtr-capture cannot disagree (docs/schema-format.md, "Names"):
 * services by id on each transport (the service files' headers and
 * common.json's "services"), QMI error names (common.json's enum "error")
 * and CTL message names (ctl.json, QMUX service 0). The service tables are
 * sorted by id and end with { 0, NULL, NULL }; the QRTR one also holds the
 * QRTR services that are not QMI (wire-names.h), which are the only names
 * known when reg is NULL. Lookups return NULL when unknown. */
const WireServiceName *wire_registry_qmux_name (const WireRegistry *reg, guint32 id);
const WireServiceName *wire_registry_qrtr_name (const WireRegistry *reg, guint32 id);
const WireServiceName *wire_registry_qrtr_name_find (const WireRegistry *reg, const char *name); /* any case */
const WireServiceName *wire_registry_qmux_names (const WireRegistry *reg, guint *n);
const WireServiceName *wire_registry_qrtr_names (const WireRegistry *reg, guint *n);
const char *wire_registry_qmi_error_name (const WireRegistry *reg, guint16 error);
gboolean wire_registry_qmi_error_number (const WireRegistry *reg, const char *name, guint16 *out);
const WireValueName64 *wire_registry_qmi_errors (const WireRegistry *reg, guint *n); /* sorted by number */
const char *wire_registry_ctl_message_name (const WireRegistry *reg, guint16 msg_id);

/* The message for (kind, id): a message for this vendor first, then a
 * generic one. vendor 0 = generic only. Needs a finished registry. */
const WireMessage *wire_service_find_message (const WireService *svc, WireQmiKind kind,
                                              guint16 msg_id, guint16 vendor);

G_END_DECLS
