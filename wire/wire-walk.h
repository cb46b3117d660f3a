/* The TLV walker: one walk over a QMI message's TLV area against its schema,
 * reporting every TLV and field to a visitor, and every malformation as a
 * problem. It never reads outside [tlvs, tlvs + len) and bounds its work on
 * hostile counts (WIRE_WALK_MAX_ITEMS). The dissector, qrtr-capture's
 * decoder and the tests are all visitors of this one walker. */
#pragma once

#include <glib.h>
#include "wire-schema-model.h"

G_BEGIN_DECLS

/* Most values reported for one message before the walk gives up with
 * WIRE_WALK_LIMIT. Enough for any real message (a full network scan is
 * hundreds), small enough that a hostile count costs microseconds. */
#define WIRE_WALK_MAX_ITEMS 20000
#define WIRE_WALK_MAX_DEPTH 16

typedef enum {
  WIRE_WALK_TLV_SHORT_HEADER, /* 1 or 2 stray bytes at the end of the message */
  WIRE_WALK_TLV_OVERRUN,      /* TLV length runs past the message */
  WIRE_WALK_FIELD_TRUNCATED,  /* a field needs more bytes than its TLV has left */
  WIRE_WALK_TLV_TRAILING,     /* bytes left in a TLV after its last field */
  WIRE_WALK_UNKNOWN_TLV,      /* TLV id not in the message's schema */
  WIRE_WALK_BAD_PREFIX,       /* length/count prefix past the data or over max_len */
  WIRE_WALK_BAD_ENUM,         /* enum value without a name */
  WIRE_WALK_BAD_STRING,       /* invalid ASCII/UTF-8/UCS-2/GSM 7-bit, a non-digit BCD nibble,
                               * or an encoding chosen by another field that is unknown */
  WIRE_WALK_DUPLICATE_TLV,    /* the same TLV id twice in one message */
  WIRE_WALK_LIMIT,            /* item budget or depth exhausted: the rest is skipped */
  WIRE_WALK_N_PROBLEMS
} WireWalkProblem;

typedef struct {
  const WireField *field;
  gsize offset;          /* relative to the start of the TLV area */
  gsize length;          /* bytes the value occupies, including any prefix */
  guint depth;           /* 0 for a TLV's own field */
  gint index;            /* position in the parent array, -1 otherwise */
  union {
    guint64 u;           /* UINT, BOOL (0/1), ARRAY (element count) */
    gint64 i;            /* INT */
    gdouble f;           /* FLOAT */
  } v;
  const char *str;       /* STRING: decoded UTF-8, NUL-terminated, valid UTF-8 (bad
                          * input replaced with U+FFFD); BYTES: pointer into the
                          * message; valid only during the callback */
  gsize str_len;         /* STRING: bytes of str; BYTES: byte count */
  gboolean truncated;    /* the value was cut short by the end of its TLV */
  WireStrEncoding encoding; /* STRING: what the bytes were read as, a choice resolved
                          * (WIRE_STR_HEX when shown as hex); big_endian for UCS-2 */
  gboolean big_endian;
  gboolean not_text;     /* STRING: str is the bytes in hex ("49763a"), not text: the
                          * encoding chosen by another field is unknown (a problem says
                          * so) or names data ("hex") */
  guint8 digits;         /* WIRE_SEM_MNC: 2, or 3 when the value or its PCS digit flag
                          * says so (read ahead: a member of its struct, or the field
                          * of another TLV that "pcs_digit_from" names);
                          * WIRE_SEM_PLMN: the MNC's digits, 2 or 3 */
  gboolean digits_known; /* WIRE_SEM_MNC: a PCS digit flag was on the wire (else 2 digits
                          * below 100 is a guess); WIRE_SEM_PLMN: always */
  gboolean plmn_valid;   /* WIRE_SEM_PLMN: the bytes are BCD digits as 24.008 lays them
                          * out; then mcc and mnc hold the numbers */
  guint16 mcc, mnc;
} WireValue;

typedef struct {
  /* A TLV starts; def is NULL when the schema does not know the id (the walk
   * then reports the TLV as raw bytes only). */
  void (*tlv_begin) (gpointer user_data, const WireQmiTlv *tlv, const WireTlvDef *def);
  void (*tlv_end) (gpointer user_data, const WireQmiTlv *tlv);
  /* STRUCT or ARRAY (and each struct element of an array): begin has the
   * start offset, end has the final length. */
  void (*group_begin) (gpointer user_data, const WireValue *value);
  void (*group_end) (gpointer user_data, const WireValue *value);
  /* UINT, INT, FLOAT, BOOL, STRING, BYTES */
  void (*leaf) (gpointer user_data, const WireValue *value);
  void (*problem) (gpointer user_data, WireWalkProblem problem, gsize offset, gsize length,
                   const char *detail);
} WireWalkVisitor;

/* Walks tlvs[0..len) (the bytes after the QMI header). msg may be NULL: every
 * TLV is then reported with def == NULL. Any callback may be NULL. Returns
 * the number of problems reported. Reentrant: all scratch lives in the call. */
guint wire_walk_message (const WireMessage *msg, const guint8 *tlvs, gsize len,
                         const WireWalkVisitor *visitor, gpointer user_data);

/* The strings a walk decodes and words problems into. wire_walk_message
 * makes its own for every message and frees them at the end; a caller that
 * walks many messages and whose visitor may not return (the dissector: a
 * Wireshark exception unwinds through the callbacks) keeps one and passes
 * it, so the walk allocates nothing and leaves nothing to free. One scratch
 * serves one walk at a time. Members start NULL and are made on first use. */
typedef struct {
  GString *text;   /* decoded string value */
  GString *why;    /* what a string decoder found wrong */
  GString *detail; /* a problem's words */
} WireWalkScratch;

guint wire_walk_message_in (WireWalkScratch *scratch, const WireMessage *msg, const guint8 *tlvs, gsize len,
                            const WireWalkVisitor *visitor, gpointer user_data);
void wire_walk_scratch_clear (WireWalkScratch *scratch); /* frees the strings, members back to NULL */

const char *wire_walk_problem_name (WireWalkProblem problem);

/* The raw value the named value `named` of f's value set has in field f:
 * itself when it fits the field, two's complement at the field's width when
 * it is negative (an "unknown": -1 shared by fields of several widths);
 * FALSE when it cannot occur in f (a shared set's value wider than f). */
gboolean wire_value_at_width (const WireField *f, guint64 named, guint64 *raw);

/* The encoding a choice names for selector value sel (UCS-2 from a CBS
 * data coding scheme is big-endian: *big_endian is set then, else left).
 * FALSE when the value names none. */
gboolean wire_text_choice_pick (const WireTextChoice *choice, guint64 sel, WireStrEncoding *enc,
                                gboolean *big_endian);

/* Display helper shared by the text decoder and the dissector: the enum name
 * of a value, or for flags a " | "-joined list of set flag names, into out.
 * Returns FALSE when the field has no value set or no name matched. */
gboolean wire_value_describe (const WireField *field, guint64 raw, GString *out);


G_END_DECLS
