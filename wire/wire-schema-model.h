/* The schema model: QMI message knowledge as types (services, messages,
 * TLVs, fields, value sets) built by the loader from schema files
 * (docs/schema-format.md). Immutable once loading has finished, so the
 * dissector and the CLI can share it. Depends on nothing else of the schema
 * code; the registry (wire-schema-registry.h) holds it, the loader
 * (wire-schema-load.h) builds it. */
#pragma once

#include <glib.h>
#include "wire-qmux.h"

G_BEGIN_DECLS

typedef enum {
  WIRE_TYPE_UINT,   /* 1..8 bytes */
  WIRE_TYPE_INT,    /* 1..8 bytes, two's complement */
  WIRE_TYPE_FLOAT,  /* 4 (float) or 8 (double) bytes, IEEE 754 */
  WIRE_TYPE_BOOL,   /* 1..8 bytes, non-zero is true */
  WIRE_TYPE_STRING, /* see WireLenForm and WireStrEncoding */
  WIRE_TYPE_BYTES,  /* raw bytes, see WireLenForm */
  WIRE_TYPE_ARRAY,  /* element repeated, count per WireLenForm */
  WIRE_TYPE_STRUCT, /* members in order (a TLV with several fields is one) */
} WireTypeKind;

/* How a string/bytes length or an array count is known. */
typedef enum {
  WIRE_LEN_NONE,  /* strings/bytes: runs to the end of the enclosing TLV */
  WIRE_LEN_U8,    /* a u8 prefix */
  WIRE_LEN_U16,   /* a le16 prefix */
  WIRE_LEN_U32,   /* a le32 prefix */
  WIRE_LEN_FIXED, /* WireField.fixed bytes (string/bytes) or elements (array) */
  WIRE_LEN_REST,  /* arrays: elements until the end of the enclosing TLV */
} WireLenForm;

typedef enum {
  WIRE_STR_ASCII,
  WIRE_STR_UTF8,
  WIRE_STR_UCS2,   /* UCS-2 / UTF-16, little-endian unless big_endian */
  WIRE_STR_BCD,    /* packed BCD digits, low nibble first (IMSI/ICCID style), 0xF = filler */
  WIRE_STR_GSM7,          /* 3GPP TS 23.038 default alphabet, one septet per byte */
  WIRE_STR_GSM7_PACKED,   /* the same, septets packed (23.038 clause 6.1.2.1) */
  WIRE_STR_UTF8_OR_GSM7,  /* libqmi's rule: UTF-8 if valid, else GSM 7-bit packed, else UCS-2 LE */
  WIRE_STR_BCD_HIGH_FIRST, /* packed BCD digits, high nibble first (GSMA SGP.22's EID), 0xF = filler */
  WIRE_STR_CHOSEN,        /* chosen per message by another field: see WireTextChoice */
  WIRE_STR_HEX,           /* a choice's "hex": data, not text, shown as hex */
  WIRE_STR_N_ENCODINGS
} WireStrEncoding;

/* A string whose encoding, or GSM 7-bit spare bits, another field of the
 * same struct gives (docs/schema-format.md, "Text chosen by another
 * field"). Member indices point at earlier siblings. */
typedef struct {
  guint64 value;            /* the selector's value */
  WireStrEncoding encoding; /* never CHOSEN */
} WireTextChoiceEntry;

typedef struct {
  gint selector;            /* member index of the encoding field, -1 = none (encoding fixed) */
  gint spare_bits;          /* member index of the GSM 7-bit spare-bits field, -1 = none */
  gboolean cbs_dcs;         /* the selector is a 23.038 clause 5 CBS data coding scheme */
  WireTextChoiceEntry *entries;
  guint n_entries;
  /* load time only: names and the JSON to resolve once the siblings exist */
  char *selector_name, *spare_bits_name;
  const void *pending_map;
  gboolean resolved;
} WireTextChoice;

/* Most struct members a choice can look back over. */
#define WIRE_TEXT_CHOICE_MAX_MEMBER 64

typedef enum {
  WIRE_PERSONAL_NONE = 0,
  WIRE_PERSONAL_IMEI,
  WIRE_PERSONAL_IMSI,
  WIRE_PERSONAL_ICCID,
  WIRE_PERSONAL_MSISDN,
  WIRE_PERSONAL_SMS,
  WIRE_PERSONAL_POSITION,
  WIRE_PERSONAL_OTHER,
} WirePersonal;

/* What a value means beyond its wire layout: it picks the value's renderer
 * (wire-render.c) and the dissector's field type. Set by the semantic
 * types and keys of docs/schema-format.md. */
typedef enum {
  WIRE_SEM_NONE = 0,
  WIRE_SEM_IPV4,   /* u32 sent little-endian, most significant byte first when written:
                    * the bytes 01 00 00 0a are 10.0.0.1 (libqmi/qmicli read it so) */
  WIRE_SEM_IPV6,   /* 16 bytes in network order */
  WIRE_SEM_MAC,    /* 6 bytes */
  WIRE_SEM_TIME,   /* unsigned count since an epoch, see WireTimeBase */
  WIRE_SEM_MCC,    /* 3 decimal digits */
  WIRE_SEM_MNC,    /* 2 or 3 decimal digits: 3 when the PCS digit flag says so */
  WIRE_SEM_PCS_DIGIT, /* bool: the MNC of the same struct has 3 digits */
  WIRE_SEM_PLMN,   /* 3 bytes, a 3GPP TS 24.008 10.5.1.13 PLMN identity: BCD MCC and MNC,
                    * an F in the third MNC digit for a 2-digit MNC */
} WireSemantic;

/* The epoch and unit of a WIRE_SEM_TIME count (wire-render.c has the table). */
typedef enum {
  WIRE_TIME_NONE = 0,
  WIRE_TIME_UNIX_S,
  WIRE_TIME_UNIX_MS,
  WIRE_TIME_GPS_S,
  WIRE_TIME_GPS_MS,
  WIRE_TIME_GPS_1_25MS, /* QMI's "time count": 1.25 ms units since the GPS epoch */
  WIRE_TIME_N_BASES
} WireTimeBase;

/* Same layout as Wireshark's val64_string so the dissector can use it as is. */
typedef struct {
  guint64 value;
  const char *name;
} WireValueName64;

typedef struct {
  char *name;               /* "dms.operating_mode" (service-qualified) */
  gboolean is_flags;        /* flag set: values are bit masks */
  WireValueName64 *values;  /* sorted by value, terminated by { 0, NULL } */
  guint n_values;
} WireValueSet;

typedef struct _WireField WireField;
typedef struct _WireMessage WireMessage;
typedef struct _WireService WireService;

struct _WireField {
  char *name;          /* snake_case, unique among its siblings */
  char *title;         /* for display ("IMEI"); defaults from name */
  char *abbrev;        /* filter name, "qmi.dms.get_ids.imei" */
  char *description;   /* may be NULL */
  guint uid;           /* index into the registry's field table (dissector hf index) */
  WireTypeKind kind;
  guint size;          /* UINT/INT/FLOAT/BOOL: width in bytes */
  gboolean big_endian;
  WireLenForm len_form;/* STRING/BYTES: length; ARRAY: count */
  guint fixed;         /* WIRE_LEN_FIXED: text units (string/bytes) or elements (array) */
  guint max_len;       /* STRING/BYTES/ARRAY: stated maximum in the same units (0 = none) */
  WireStrEncoding encoding;
  WireTextChoice *choice;   /* STRING: encoding or spare bits from a sibling; NULL otherwise */
  gboolean septet_length;   /* STRING gsm7-packed: the length prefix counts septets, not bytes */
  const WireValueSet *values; /* UINT/INT enums and flags; NULL otherwise */
  const WireValueSet *special; /* UINT/INT without an enum: values that are no measurement
                                * ("unavailable" timing advance 0xFFFFFFFF), shown by name */
  WireField *element;  /* ARRAY: the element */
  WireField **members; /* STRUCT */
  guint n_members;
  WirePersonal personal;
  char *unit;          /* display unit ("dBm"), may be NULL */
  double scale;        /* display value = raw * scale; 0 when unset */
  gboolean hex;        /* display hint: show integers in hex */
  WireSemantic semantic;
  WireTimeBase time_base;  /* WIRE_SEM_TIME */
  guint pcs_digit_after;   /* WIRE_SEM_MNC: bytes from the MNC to its struct's PCS digit
                            * flag (0 = no flag in the struct) */
  char *pcs_digit_from;    /* WIRE_SEM_MNC: "tlv" or "tlv.member" of the same message whose
                            * bool gives the flag (docs/schema-format.md); NULL = none */
  guint pcs_from_tlv;      /* ... resolved: that TLV's id, */
  guint pcs_from_offset;   /* ... the flag's byte offset in its value */
  guint pcs_from_size;     /* ... and its width (0 = not resolved: no flag elsewhere) */
  guint render;            /* WireRenderKind (wire-render.h), chosen by the loader */
  guint min_size;      /* fewest bytes an encoding of it can take */
  guint length_of;     /* UINT struct member: 1 + index of the later sibling whose
                        * length (text units) it states; 0 = none */
  const char *file;    /* where defined (interned) */
  guint line;
};

/* Bytes per unit of a string's length (prefix, fixed size, max): UCS-2
 * text is counted in 16-bit code units, as QMI's IDL counts uint16 arrays
 * (libqmi's "USS Data UTF16"); everything else in bytes, and so is text
 * whose encoding another field chooses (QMI counts those as u8 arrays). */
static inline guint
wire_text_unit (const WireField *f)
{
  return f->kind == WIRE_TYPE_STRING && f->encoding == WIRE_STR_UCS2 && !f->choice ? 2 : 1;
}

typedef struct {
  guint8 id;
  WireField *field;    /* name = TLV name; abbrev = qmi.<svc>.<msg>.<tlv> */
} WireTlvDef;

struct _WireMessage {
  char *name;          /* "get_ids" */
  char *title;         /* "Get IDs" */
  guint16 id;
  WireQmiKind kind;
  guint16 vendor;      /* USB vendor id for vendor-specific messages, 0 = generic */
  WireTlvDef *tlvs;    /* sorted by id */
  guint n_tlvs;
  const WireService *service;
  const char *file;
  guint line;
};

struct _WireService {
  char *name;          /* "dms": lowercase, used in filter names */
  char *title;         /* "Device Management Service" */
  gint qmux_id;        /* -1 when not carried over QMUX */
  gint qrtr_id;        /* -1 when not known on QRTR */
  GPtrArray *messages; /* WireMessage*, all kinds */
  const char *file;
};

G_END_DECLS
