/* JSON output helpers shared by the decoder and qrtr-capture's reports:
 * json-glib's builder takes a member name, then its value, in two calls. */
#pragma once

#include <json-glib/json-glib.h>

static inline void member_int (JsonBuilder *b, const char *name, gint64 v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, v);
}

static inline void member_string (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, v);
}
