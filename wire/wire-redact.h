/* Redaction of personal data inside QMI messages: every value the schemas
 * tag personal (WireField.personal, inherited by the members of a tagged
 * struct or array) is overwritten in place with a pseudonym of the same
 * length and format, found by the one TLV walker. Nothing else changes: no
 * length, no prefix, no other byte.
 *
 * Pseudonyms come from a keyed HMAC-SHA256 of the value's decoded text (not
 * its bytes), so the same IMSI gives the same pseudonym in ASCII, UCS-2 or
 * BCD, in every message of a file, and a conversation stays readable. The key
 * is random per run unless one is given (tests), so nobody can recompute the
 * originals from the low-entropy identifier spaces (an IMEI has ~10^6 serial
 * numbers per model) the way they could from a plain hash or a counter table
 * written in a known order. */
#pragma once

#include <glib.h>
#include "wire-schema-model.h"

G_BEGIN_DECLS

/* What redaction counts and --keep names: the schema tags, plus USB serial
 * numbers, which no schema describes (device descriptors in usbmon). */
typedef enum {
  WIRE_REDACT_USB_SERIAL = WIRE_PERSONAL_OTHER + 1,
  WIRE_REDACT_N_KINDS
} WireRedactExtraKind;

typedef struct _WireRedactor WireRedactor;

/* key NULL: a random key for this run. */
WireRedactor *wire_redactor_new (const guint8 *key, gsize key_len);
void wire_redactor_free (WireRedactor *r);
/* kind: a WirePersonal or WIRE_REDACT_USB_SERIAL; kept values are left alone. */
void wire_redactor_keep (WireRedactor *r, guint kind);
gboolean wire_redactor_keeps (const WireRedactor *r, guint kind);

/* "imei", "imsi", ..., "other", "usb-serial"; NULL past the end. */
const char *wire_redact_kind_name (guint kind);
/* -1 when name is no kind. */
gint wire_redact_kind_from_name (const char *name);

/* Redacts the TLV area of one message in place; msg NULL: nothing known,
 * nothing changed. Returns the number of values replaced. */
guint wire_redact_tlvs (WireRedactor *r, const WireMessage *msg, guint8 *tlvs, gsize len);

/* A 3GPP SMS as WMS carries it (SMSC address, then the TPDU): SMSC and
 * originator/destination/recipient addresses and the user data text are
 * replaced, the rest (PID, DCS, timestamps, UDH) kept. An SMS that does not
 * parse is replaced whole with pseudonym bytes. Returns values replaced. */
guint wire_redact_sms_pdu (WireRedactor *r, guint8 *pdu, gsize len);

/* A USB string descriptor (bLength, 3, UTF-16LE text) holding a serial
 * number: the text is replaced, hex digits staying hex digits. */
guint wire_redact_usb_serial (WireRedactor *r, guint8 *desc, gsize len);

/* Values replaced so far, per kind. */
guint64 wire_redactor_count (const WireRedactor *r, guint kind);
guint64 wire_redactor_total (const WireRedactor *r);
/* "imei 2, imsi 1, sms 3" (kinds with a count), or "nothing" */
gchar *wire_redactor_summary (const WireRedactor *r);

G_END_DECLS
