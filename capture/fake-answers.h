/* What a fake QMI peer answers, shared by qmi-fake-modem (QMUX on a pty) and
 * fake-qrtr-service (QMI on AF_QIPCRTR): schemas, the canned responses file,
 * and the response TLVs for a request. */
#pragma once

#include <json-glib/json-glib.h>
#include "wire-schema.h"

#define FAKE_QMI_ERR_INTERNAL 3
#define FAKE_QMI_ERR_CLIENT_IDS_EXHAUSTED 5
#define FAKE_QMI_ERR_INVALID_QMI_COMMAND 71

/* The default schema folders, then extra_dirs (the first listed wins);
 * load errors are printed, prefixed with prog. */
WireRegistry *fake_load_schemas (const char *prog, char **extra_dirs);

/* Parses the responses file at path (or the text builtin when path is NULL)
 * into *out, owned by the returned parser; NULL with a message printed when
 * it is not a JSON object. */
JsonParser *fake_load_responses (const char *prog, const char *path, const char *builtin, JsonObject **out);

/* Every key "service.message" must name a response its values encode to;
 * with only set, keys of other services are ignored. Problems are printed
 * naming origin and the key. */
gboolean fake_check_responses (const char *prog, const WireRegistry *reg, JsonObject *responses,
                               const char *origin, const WireService *only);

/* A result TLV saying failure with this error. */
GByteArray *fake_failure_tlvs (guint16 error);

/* The response TLVs: the canned values for svc.resp when the file has them,
 * else computed (the caller's, e.g. CTL client ids; taken), else sample
 * values of seed; a success result unless the values give one. */
GByteArray *fake_response_tlvs (const char *prog, JsonObject *responses, guint seed, const WireService *svc,
                                const WireMessage *resp, JsonObject *computed);
