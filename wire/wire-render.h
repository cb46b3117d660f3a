/* The one rendering of values: what the walker reports (a WireValue) turned
 * into the text a person reads, for every front end. The plugin, qrtr-capture's
 * text and JSON output and the tests all call these; none of them formats a
 * scale, a unit, a value name, an address or a time itself.
 *
 * Each field gets a render kind when its schema is loaded (from its type,
 * semantic type and display keys); a kind is one row of the table in
 * wire-render.c, so a new kind (a text encoding, say) is a new row there and
 * an enum value here, and the front ends need no change. */
#pragma once

#include <glib.h>
#include "wire-walk.h"

G_BEGIN_DECLS

typedef enum {
  WIRE_RENDER_NONE = 0, /* structs and arrays: no value of their own */
  WIRE_RENDER_UINT,     /* decimal (or hex with "display": "hex"), unit appended */
  WIRE_RENDER_INT,
  WIRE_RENDER_ENUM,     /* "8 (lte)"; a value without a name: just the number */
  WIRE_RENDER_FLAGS,    /* "0x03 (gprs | edge)" */
  WIRE_RENDER_SCALED,   /* "-101 dBm (raw 101)": raw × scale, decimals from the scale */
  WIRE_RENDER_FLOAT,
  WIRE_RENDER_BOOL,     /* "yes" / "no" */
  WIRE_RENDER_TEXT,     /* decoded text, control characters escaped as Wireshark does */
  WIRE_RENDER_HEX,      /* opaque bytes: "62:1C:82" as qmicli prints them */
  WIRE_RENDER_IPV4,     /* "10.0.0.1" */
  WIRE_RENDER_IPV6,     /* "2001:db8::1" (RFC 5952) */
  WIRE_RENDER_MAC,      /* "00:A0:C6:12:34:56" */
  WIRE_RENDER_TIME,     /* "2024-01-05 12:00:00.000 UTC (count 1704456000000)" */
  WIRE_RENDER_MCC,      /* "208" */
  WIRE_RENDER_MNC,      /* "01" or "001" */
  WIRE_RENDER_PLMN,     /* "234-15", "310-410"; "none (FF:FF:FF)"; not BCD: the bytes in hex */
  WIRE_RENDER_N_KINDS
} WireRenderKind;

/* How a value is written: LINE for a line of text output (text in single
 * quotes), ITEM for a tree item's text (Wireshark cuts labels at 240
 * characters), FULL for JSON (everything). LINE and ITEM cut long text and
 * hex and say the full length. */
typedef enum { WIRE_RENDER_FULL, WIRE_RENDER_LINE, WIRE_RENDER_ITEM } WireRenderStyle;

/* The kind for a loaded field; the loader stores it in WireField.render. */
WireRenderKind wire_render_kind_for (const WireField *f);
const char *wire_render_kind_name (WireRenderKind kind);

/* TRUE when the value's typed raw value with the field's unit and value
 * names is already what a person reads (plain numbers, enums, booleans, text
 * without control characters, IP addresses): a front end with a typed
 * display of its own (Wireshark's FT_UINT with value_strings and unit
 * strings, FT_STRING, FT_IPv4) may show it natively. Everything else it
 * shows as wire_render_value's text. */
gboolean wire_render_is_native (const WireValue *v);

/* Appends the display text of one leaf value (not its name) to out. */
void wire_render_value (const WireValue *v, WireRenderStyle style, GString *out);

/* Pieces the renderers are made of, for the front ends that need a part alone. */
void wire_render_escaped (GString *out, const char *s, gsize n);  /* \r \n \t \x1f ... */
void wire_render_hex (GString *out, const guint8 *p, gsize n, gsize max); /* 62:1C:82 */
/* The value × scale of a SCALED field, and the decimals it is shown with. */
gdouble wire_render_scaled (const WireValue *v, guint *decimals);
/* A TIME value as seconds and nanoseconds since 1970-01-01 (GPS-based counts
 * on the GPS time scale, no leap seconds taken off). FALSE if out of range. */
gboolean wire_render_time (const WireField *f, guint64 count, gint64 *secs, gint32 *nsecs);
/* The names of a field's enum as they apply at its width, in the walker's
 * terms: value i is named by names[i] when raw == keys[i] (raw being the
 * value as read, sign-extended for signed fields, as guint64). Returns the
 * number of entries written (at most the set's size). Values that cannot
 * occur at the field's width are left out. */
guint wire_render_enum_keys (const WireField *f, guint64 *keys, const char **names);

/* The note both front ends give for a message the schemas do not define. */
gchar *wire_render_unknown_message (const char *service, WireQmiKind kind, guint16 msg_id, gboolean service_known);

G_END_DECLS
