/* A reader for schema files: JSON (RFC 8259) plus // and block comments,
 * parsed in one pass into a read-only tree in which every value knows the
 * line it starts on.
 *
 * Why not json-glib, which the project uses for everything else it reads and
 * writes: every Wireshark start loads every schema, and json-glib 1.6 spends
 * about 400 instructions per byte (a GObject parser emitting signals, a hash
 * table per object, every string copied twice, and a second parse to learn
 * line numbers for error messages). This reader does the same job in a few
 * per byte, knows the lines as it goes, and frees a document in one call.
 * See docs/benchmark.md for the figures. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  WIRE_JSON_NULL,
  WIRE_JSON_BOOL,
  WIRE_JSON_INT,    /* a number written without fraction or exponent that fits gint64 */
  WIRE_JSON_DOUBLE, /* any other number */
  WIRE_JSON_STRING,
  WIRE_JSON_ARRAY,
  WIRE_JSON_OBJECT,
} WireJsonKind;

typedef struct _WireJson WireJson;
typedef struct {
  const char *key;
  const WireJson *value;
} WireJsonMember;

struct _WireJson {
  WireJsonKind kind;
  guint line; /* 1-based line of the value's first character */
  guint n;    /* elements of an array, members of an object (in file order) */
  union {
    gboolean boolean;
    gint64 integer;
    double number;
    const char *string; /* valid UTF-8, NUL-terminated (a \u0000 escape is refused) */
    const WireJson *const *elements;
    const WireJsonMember *members;
  } v;
};

/* A parsed file; owns every value and string in it. */
typedef struct _WireJsonDoc WireJsonDoc;

/* NULL with *error_message set ("line:column: what", to be g_free'd) when
 * text is not one well-formed JSON value; duplicate keys in one object are
 * an error (a schema must not say two things at once). */
WireJsonDoc *wire_json_parse (const char *text, gsize len, char **error_message);
const WireJson *wire_json_doc_root (const WireJsonDoc *doc);
void wire_json_doc_free (WireJsonDoc *doc);

/* The member called key of an object, or NULL (also when o is not an object). */
const WireJson *wire_json_get (const WireJson *o, const char *key);

/* A number as a double (INT or DOUBLE); 0 for anything else. */
double wire_json_number (const WireJson *v);

G_END_DECLS
