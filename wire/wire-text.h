/* Numbers appended to a GString without printf: the renderers and the info
 * lines run once per value of every message shown, and glibc's printf costs
 * several times more per number than these loops. Same text as %u / %d. */
#pragma once

#include <glib.h>

static inline void wire_append_uint (GString *out, guint64 v)
{
  char digits[21];
  guint i = sizeof digits - 1;
  digits[i] = '\0';
  do
    digits[--i] = (char) ('0' + v % 10);
  while (v /= 10);
  g_string_append_len (out, digits + i, (gssize) (sizeof digits - 1 - i));
}

static inline void wire_append_int (GString *out, gint64 v)
{
  if (v < 0) {
    g_string_append_c (out, '-');
    wire_append_uint (out, (guint64) 0 - (guint64) v);
  } else {
    wire_append_uint (out, (guint64) v);
  }
}
