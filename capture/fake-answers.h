/* What a fake QMI peer answers, shared by qmi-fake-modem (QMUX on a pty) and
 * fake-qrtr-service (QMI on AF_QIPCRTR): schemas, the canned responses file,
 * and the response TLVs for a request. */
#pragma once

#include <json-glib/json-glib.h>
#include "wire-schema.h"

/* The QMI errors the fake peers answer with, numbered by the names the
 * schemas give them (common.json's enum "error"), never by numbers of their own. */
typedef struct {
  guint16 internal;             /* "Internal": canned values that do not encode */
  guint16 client_ids_exhausted; /* "ClientIdsExhausted": CTL has no client id left */
  guint16 invalid_qmi_command;  /* "InvalidQmiCommand": a request the schemas lack */
} FakeErrors;

/* The schemas as every qrtr-capture program loads them (schema-load.c:
 * the default folders, then extra_dirs, the first listed wins), load errors
 * printed prefixed with prog, and *errors looked up. NULL, with a message
 * naming the error, when the schemas lack one of them. */
WireRegistry *fake_load_schemas (const char *prog, char **extra_dirs, FakeErrors *errors);

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
                                const WireMessage *resp, JsonObject *computed, const FakeErrors *errors);
