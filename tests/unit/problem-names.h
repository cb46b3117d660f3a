/* For the parser tests: a problem bit set as wire/'s names ("QRTR header
 * truncated, Non-zero padding bytes"), so a failing assertion says which
 * problems, not which number. A few rotating buffers let one assertion show
 * two sets. */
#pragma once

#include <glib.h>

static inline const char *
problem_names (const char *(*name_of) (guint bit), guint bits)
{
  static GString *ring[4];
  static guint next;
  GString *s = ring[next] ? ring[next] : (ring[next] = g_string_new (NULL));
  next = (next + 1) % G_N_ELEMENTS (ring);
  g_string_assign (s, bits ? "" : "none");
  for (guint bit = 0; bit < 32; bit++) {
    const char *name;
    if (!(bits & (1u << bit)))
      continue;
    /* a bit wire/ has no name for is still told apart from the others */
    name = name_of (1u << bit);
    if (g_str_equal (name, "unknown problem"))
      g_string_append_printf (s, "%sbit %u", s->len ? ", " : "", bit);
    else
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", name);
  }
  return s->str;
}
