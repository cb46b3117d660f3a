/* The one JSON writer of every JSON output (qrtr-capture --decode=json,
 * --schemas --json): compact RFC 8259 into a GString, every string through
 * wire_json_escape. json-glib's generator is not used for output: 1.6
 * leaves 0x1f (and DEL) raw inside strings, which strict parsers reject. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define WIRE_JSON_WRITER_DEPTH 64

typedef struct {
  GString *out;
  guint depth;
  gboolean after_key;
  gboolean has_items[WIRE_JSON_WRITER_DEPTH]; /* per open container: a comma is due */
  char closers[WIRE_JSON_WRITER_DEPTH];       /* per open container: '}' or ']' */
} WireJsonWriter;

void wire_json_writer_init (WireJsonWriter *w, GString *out);
void wire_json_begin_object (WireJsonWriter *w);
void wire_json_begin_array (WireJsonWriter *w);
void wire_json_end (WireJsonWriter *w);          /* closes the innermost object or array */
void wire_json_key (WireJsonWriter *w, const char *key);
void wire_json_string (WireJsonWriter *w, const char *s); /* NULL writes null */
void wire_json_int (WireJsonWriter *w, gint64 v);
void wire_json_double (WireJsonWriter *w, gdouble v);
void wire_json_bool (WireJsonWriter *w, gboolean v);
void wire_json_null (WireJsonWriter *w);
void wire_json_node (WireJsonWriter *w, JsonNode *node); /* a json-glib tree, NULL writes null */

/* "..." with ", \, and every control character (U+0000..U+001F, DEL) escaped;
 * s must be UTF-8 (the walker's strings are). */
void wire_json_escape (GString *out, const char *s, gsize n);

static inline void member_int (WireJsonWriter *w, const char *name, gint64 v)
{
  wire_json_key (w, name);
  wire_json_int (w, v);
}

static inline void member_string (WireJsonWriter *w, const char *name, const char *v)
{
  wire_json_key (w, name);
  wire_json_string (w, v);
}

G_END_DECLS
