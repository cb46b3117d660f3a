/* Schema-driven QMI fields: one Wireshark field per schema field, registered
 * at start-up, and the walker visitor that fills them in. */
#pragma once

#include <epan/packet.h>
#include "wire-schema.h"
#include "wire-walk.h"

/* Registers the schemas' fields under proto. */
void qmi_schema_register (int proto);
/* The schemas, loaded on first use from qmi_schema_dirs (): QRTR and QMUX
 * build their service names from them at registration, which Wireshark may
 * run before QMI's. Load errors go to report_failure(). */
const WireRegistry *qmi_schema_registry (void);
/* The folders to load, lowest priority first, NULL-terminated (packet-qmi.c:
 * the search path with the schema folder preference); g_strfreev. */
char **qmi_schema_dirs (void);

/* Adds the TLVs at tvb[base, base + len) to tree, decoded against msg (NULL:
 * generic TLVs only). tlv_hook is called for every TLV so the caller can add
 * its own items (the result TLV). Returns the walker's problem count. */
typedef void (*QmiTlvHook) (gpointer data, proto_tree *tlv_tree, proto_item *tlv_item, const WireQmiTlv *tlv);
guint qmi_schema_dissect_tlvs (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gint base, gsize len,
                               const WireMessage *msg, QmiTlvHook tlv_hook, gpointer hook_data);
