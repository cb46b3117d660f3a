/* Encoding QMI messages from values, and back: the fake modem, the capture
 * generators and the round-trip tests build messages from schema knowledge
 * instead of hand-written bytes.
 *
 * Values are JSON: an object keyed by TLV name; a leaf is a number (enums and
 * flags: a number, or a value name / list of flag names), a string (strings;
 * bytes as hex digits), an object keyed by member name (structs) or an array
 * (arrays). */
#pragma once

#include <json-glib/json-glib.h>
#include "wire-schema-model.h"

G_BEGIN_DECLS

/* The TLV area of msg holding values. Unknown TLV or member names, missing
 * members, values that do not fit and wrong shapes are errors. */
GByteArray *wire_encode_tlvs (const WireMessage *msg, JsonNode *values, GError **error);

/* Plausible values for every TLV of msg, the same for the same seed. */
JsonNode *wire_sample_values (const WireMessage *msg, guint seed);

/* Harder samples for the tests that compare decoders (tests/libqmi): flags
 * that add up to the plain samples (0 = wire_sample_values). */
typedef enum {
  WIRE_SAMPLE_PLAIN = 0,
  WIRE_SAMPLE_NON_ASCII = 1 << 0,  /* text beyond ASCII (Latin-1, Greek, CJK, €) as UTF-8 or UCS-2,
                                    * in ASCII fields too (what a modem may send anyway) */
  WIRE_SAMPLE_MAX_COUNTS = 1 << 1, /* arrays and text at their stated maximum, every flag set */
} WireSampleStyle;
JsonNode *wire_sample_values_styled (const WireMessage *msg, guint seed, WireSampleStyle style);

/* What the walker decodes from tlvs, in the shape wire_encode_tlvs takes
 * (enums and flags as numbers). Unknown TLVs are left out. */
JsonNode *wire_decode_values (const WireMessage *msg, const guint8 *tlvs, gsize len);

G_END_DECLS
