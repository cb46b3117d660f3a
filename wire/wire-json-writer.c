/* The one JSON writer (wire-json-writer.h). */
#include <math.h>
#include <string.h>
#include "wire-json-writer.h"

void
wire_json_escape (GString *out, const char *s, gsize n)
{
  static const char short_form[] = { ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't' };
  g_string_append_c (out, '"');
  for (gsize i = 0; i < n; i++) {
    guchar c = (guchar) s[i];
    if (c == '"' || c == '\\') {
      g_string_append_c (out, '\\');
      g_string_append_c (out, (gchar) c);
    } else if (c < sizeof short_form && short_form[c]) {
      g_string_append_c (out, '\\');
      g_string_append_c (out, short_form[c]);
    } else if (c < 0x20 || c == 0x7f) {
      g_string_append_printf (out, "\\u%04x", c);
    } else {
      g_string_append_c (out, (gchar) c);
    }
  }
  g_string_append_c (out, '"');
}

void
wire_json_writer_init (WireJsonWriter *w, GString *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
}

/* A value starts: a comma unless it is the first in its container or follows a key. */
static void value_start (WireJsonWriter *w)
{
  if (w->after_key) {
    w->after_key = FALSE;
    return;
  }
  if (w->depth && w->has_items[w->depth - 1])
    g_string_append_c (w->out, ',');
  if (w->depth)
    w->has_items[w->depth - 1] = TRUE;
}

static void open_container (WireJsonWriter *w, char opener, char closer)
{
  value_start (w);
  g_string_append_c (w->out, opener);
  g_return_if_fail (w->depth < WIRE_JSON_WRITER_DEPTH);
  w->has_items[w->depth] = FALSE;
  w->closers[w->depth] = closer;
  w->depth++;
}

void wire_json_begin_object (WireJsonWriter *w) { open_container (w, '{', '}'); }
void wire_json_begin_array (WireJsonWriter *w) { open_container (w, '[', ']'); }

void
wire_json_end (WireJsonWriter *w)
{
  g_return_if_fail (w->depth > 0);
  w->depth--;
  g_string_append_c (w->out, w->closers[w->depth]);
}

void
wire_json_key (WireJsonWriter *w, const char *key)
{
  value_start (w);
  wire_json_escape (w->out, key, strlen (key));
  g_string_append_c (w->out, ':');
  w->after_key = TRUE;
}

void
wire_json_string (WireJsonWriter *w, const char *s)
{
  if (!s) {
    wire_json_null (w);
    return;
  }
  value_start (w);
  wire_json_escape (w->out, s, strlen (s));
}

void
wire_json_int (WireJsonWriter *w, gint64 v)
{
  value_start (w);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, v);
}

void
wire_json_double (WireJsonWriter *w, gdouble v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  value_start (w);
  if (!isfinite (v)) { /* JSON has no NaN or infinity */
    g_string_append (w->out, "null");
    return;
  }
  g_string_append (w->out, g_ascii_dtostr (buf, sizeof buf, v));
  /* keep it a JSON number that reads back as a double */
  if (!strpbrk (buf, ".eE"))
    g_string_append (w->out, ".0");
}

void
wire_json_bool (WireJsonWriter *w, gboolean v)
{
  value_start (w);
  g_string_append (w->out, v ? "true" : "false");
}

void
wire_json_null (WireJsonWriter *w)
{
  value_start (w);
  g_string_append (w->out, "null");
}

void
wire_json_node (WireJsonWriter *w, JsonNode *n)
{
  if (!n || JSON_NODE_HOLDS_NULL (n)) {
    wire_json_null (w);
  } else if (JSON_NODE_HOLDS_OBJECT (n)) {
    JsonObject *o = json_node_get_object (n);
    GList *keys = json_object_get_members (o); /* in the order they were added */
    wire_json_begin_object (w);
    for (GList *k = keys; k; k = k->next) {
      wire_json_key (w, k->data);
      wire_json_node (w, json_object_get_member (o, k->data));
    }
    wire_json_end (w);
    g_list_free (keys);
  } else if (JSON_NODE_HOLDS_ARRAY (n)) {
    JsonArray *a = json_node_get_array (n);
    wire_json_begin_array (w);
    for (guint i = 0; i < json_array_get_length (a); i++)
      wire_json_node (w, json_array_get_element (a, i));
    wire_json_end (w);
  } else {
    GType t = json_node_get_value_type (n);
    if (t == G_TYPE_INT64)
      wire_json_int (w, json_node_get_int (n));
    else if (t == G_TYPE_DOUBLE)
      wire_json_double (w, json_node_get_double (n));
    else if (t == G_TYPE_BOOLEAN)
      wire_json_bool (w, json_node_get_boolean (n));
    else
      wire_json_string (w, json_node_get_string (n));
  }
}
