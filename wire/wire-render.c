/* The one rendering of values (wire-render.h): a table of renderers, one
 * per kind, each turning a WireValue into the text a person reads. */
#include <math.h>
#include <string.h>
#include "wire-render.h"
#include "wire-text.h"

/* ---------- pieces ---------- */

void
wire_render_escaped (GString *out, const char *s, gsize n)
{
  /* Wireshark's way (format_text): C escapes for the common controls, \xNN
   * for the rest and for DEL; everything else, UTF-8 included, as it is. */
  static const char named[] = { ['\a'] = 'a', ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n',
                                ['\r'] = 'r', ['\t'] = 't', ['\v'] = 'v' };
  for (gsize i = 0; i < n; i++) {
    guchar c = (guchar) s[i];
    if (c >= 0x20 && c != 0x7f && c != '\\') {
      g_string_append_c (out, (gchar) c);
    } else if (c == '\\') {
      g_string_append (out, "\\\\");
    } else if (c < sizeof named && named[c]) {
      g_string_append_c (out, '\\');
      g_string_append_c (out, named[c]);
    } else {
      g_string_append_printf (out, "\\x%02x", c);
    }
  }
}

void
wire_render_hex (GString *out, const guint8 *p, gsize n, gsize max)
{
  static const char digits[] = "0123456789ABCDEF";
  gsize shown = max && n > max ? max : n;
  if (n == 0) {
    g_string_append (out, "(empty)");
    return;
  }
  for (gsize i = 0; i < shown; i++) {
    if (i)
      g_string_append_c (out, ':');
    g_string_append_c (out, digits[p[i] >> 4]);
    g_string_append_c (out, digits[p[i] & 0xf]);
  }
  if (shown < n)
    g_string_append_printf (out, "... (%" G_GSIZE_FORMAT " bytes in all)", n);
}

static gdouble raw_number (const WireValue *v)
{
  return v->field->kind == WIRE_TYPE_INT ? (gdouble) v->v.i : (gdouble) v->v.u;
}

gdouble
wire_render_scaled (const WireValue *v, guint *decimals)
{
  gdouble scale = v->field->scale;
  /* as many decimals as the scale has: 0.1 -> 1 (qmicli's "%.1lf"), -0.5 -> 1, -1 -> 0 */
  gdouble a = fabs (scale);
  guint d = 0;
  while (d < 6 && fabs (a * pow (10, d) - round (a * pow (10, d))) > 1e-9)
    d++;
  /* a scale with no short decimal form (1/14400 degree): one digit past its magnitude */
  if (d == 6 && a > 0)
    d = (guint) MIN (9.0, ceil (-log10 (a)) + 1);
  if (decimals)
    *decimals = d;
  return raw_number (v) * scale;
}

/* Epoch (seconds after 1970-01-01) and nanoseconds per count of each time base. */
static const struct { gint64 epoch; guint64 ns_per_count; const char *scale; } time_bases[WIRE_TIME_N_BASES] = {
  [WIRE_TIME_UNIX_S] = { 0, 1000000000, "UTC" },
  [WIRE_TIME_UNIX_MS] = { 0, 1000000, "UTC" },
  [WIRE_TIME_GPS_S] = { 315964800, 1000000000, "GPS time" },      /* 1980-01-06 00:00:00 */
  [WIRE_TIME_GPS_MS] = { 315964800, 1000000, "GPS time" },
  [WIRE_TIME_GPS_1_25MS] = { 315964800, 1250000, "GPS time" },
};

gboolean
wire_render_time (const WireField *f, guint64 count, gint64 *secs, gint32 *nsecs)
{
  guint64 per = f->time_base < WIRE_TIME_N_BASES ? time_bases[f->time_base].ns_per_count : 0;
  unsigned __int128 ns = (unsigned __int128) count * per; /* cannot overflow: both < 2^64 */
  unsigned __int128 s = ns / 1000000000u;
  if (!per || s > (unsigned __int128) (253402300799 - time_bases[f->time_base].epoch)) /* past 9999-12-31 */
    return FALSE;
  *secs = (gint64) s + time_bases[f->time_base].epoch;
  *nsecs = (gint32) (ns % 1000000000u);
  return TRUE;
}

guint
wire_render_enum_keys (const WireField *f, guint64 *keys, const char **names)
{
  guint n = 0;
  if (!f->values || f->values->is_flags)
    return 0;
  for (guint i = 0; i < f->values->n_values; i++)
    if (wire_value_at_width (f, f->values->values[i].value, &keys[n]))
      names[n++] = f->values->values[i].name;
  return n;
}

gchar *
wire_render_unknown_message (const char *service, WireQmiKind kind, guint16 msg_id, gboolean service_known)
{
  static const char *const kinds[] = { "request", "response", "indication" };
  const char *k = (guint) kind < G_N_ELEMENTS (kinds) ? kinds[kind] : "message";
  if (!service_known)
    return g_strdup_printf ("no schema for service %s: %s 0x%04x not decoded", service, k, msg_id);
  return g_strdup_printf ("%s %s 0x%04x is not in the schemas: its TLVs are not decoded", service, k, msg_id);
}

/* ---------- the renderers ---------- */

static void append_unit (GString *out, const WireField *f)
{
  if (f->unit) {
    g_string_append_c (out, ' ');
    g_string_append (out, f->unit);
  }
}

static void r_uint (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  if (v->field->hex)
    g_string_append_printf (out, "0x%0*" G_GINT64_MODIFIER "x", (int) (2 * v->field->size), v->v.u);
  else
    wire_append_uint (out, v->v.u);
  append_unit (out, v->field);
}

static void r_int (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  wire_append_int (out, v->v.i);
  append_unit (out, v->field);
}

/* The number of a named value, as its field shows numbers: signed, hex or decimal. */
static void append_number (const WireValue *v, GString *out)
{
  if (v->field->kind == WIRE_TYPE_INT)
    wire_append_int (out, v->v.i);
  else if (v->field->hex)
    g_string_append_printf (out, "0x%0*" G_GINT64_MODIFIER "x", (int) (2 * v->field->size), v->v.u);
  else
    wire_append_uint (out, v->v.u);
}

static void r_enum (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  guint64 raw = v->field->kind == WIRE_TYPE_INT ? (guint64) v->v.i : v->v.u;
  gsize at;
  append_number (v, out);
  g_string_append (out, " (");
  at = out->len;
  if (!wire_value_describe (v->field, raw, out))
    g_string_truncate (out, at - 2);
  else
    g_string_append_c (out, ')');
  append_unit (out, v->field);
}

static void r_flags (const WireValue *v, WireRenderStyle style, GString *out)
{
  r_enum (v, style, out); /* the same shape: the number, then the set flag names */
}

static void r_scaled (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  guint decimals;
  gdouble x = wire_render_scaled (v, &decimals);
  if (x == 0)
    x = 0; /* no "-0" */
  g_string_append_printf (out, "%.*f", (int) decimals, x);
  append_unit (out, v->field);
  g_string_append (out, " (raw ");
  if (v->field->kind == WIRE_TYPE_INT)
    wire_append_int (out, v->v.i);
  else
    wire_append_uint (out, v->v.u);
  g_string_append_c (out, ')');
}

static void r_float (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  g_string_append_printf (out, "%g", v->v.f);
  append_unit (out, v->field);
}

static void r_bool (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  g_string_append (out, v->v.u ? "yes" : "no");
}

/* Per style: quotes around text, most characters of text, most bytes of hex. */
static const struct { gboolean quote; gsize text_max, hex_max; } styles[] = {
  [WIRE_RENDER_FULL] = { FALSE, 0, 0 },
  [WIRE_RENDER_LINE] = { TRUE, 256, 64 },
  [WIRE_RENDER_ITEM] = { FALSE, 160, 48 },
};

static void r_text (const WireValue *v, WireRenderStyle style, GString *out)
{
  gsize n = v->str_len, max = styles[style].text_max;
  if (v->not_text) { /* hex digits of bytes that are not text (a problem says why, if it is one) */
    g_string_append_len (out, v->str, max ? MIN (n, max) : n);
    if (max && n > max)
      g_string_append_printf (out, "... (%" G_GSIZE_FORMAT " bytes in all)", n / 2);
    return;
  }
  if (styles[style].quote)
    g_string_append_c (out, '\'');
  if (max && n > max) {
    const char *cut = g_utf8_find_prev_char (v->str, v->str + max + 1);
    wire_render_escaped (out, v->str, cut ? (gsize) (cut - v->str) : max);
    g_string_append_printf (out, "%s... (%" G_GSIZE_FORMAT " bytes in all)", styles[style].quote ? "'" : "", n);
    return;
  }
  wire_render_escaped (out, v->str, n);
  if (styles[style].quote)
    g_string_append_c (out, '\'');
}

static void r_hex (const WireValue *v, WireRenderStyle style, GString *out)
{
  wire_render_hex (out, (const guint8 *) v->str, v->str_len, styles[style].hex_max);
}

static void r_ipv4 (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  guint32 a = (guint32) v->v.u;
  g_string_append_printf (out, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

static void r_ipv6 (const WireValue *v, WireRenderStyle style, GString *out)
{
  const guint8 *p = (const guint8 *) v->str;
  guint16 g[8];
  gint best = -1, best_len = 0;
  if (v->str_len != 16) {
    r_hex (v, style, out);
    return;
  }
  for (guint i = 0; i < 8; i++)
    g[i] = (guint16) (p[2 * i] << 8 | p[2 * i + 1]);
  /* RFC 5952: the longest run of two or more zero groups (the first of equals) becomes "::" */
  for (gint i = 0; i < 8;) {
    gint j = i;
    while (j < 8 && g[j] == 0)
      j++;
    if (j - i > best_len && j - i >= 2)
      best = i, best_len = j - i;
    i = j > i ? j : i + 1;
  }
  for (gint i = 0; i < 8; i++) {
    if (i == best) {
      g_string_append (out, "::");
      i += best_len - 1;
      continue;
    }
    if (i && i != best + best_len)
      g_string_append_c (out, ':');
    g_string_append_printf (out, "%x", g[i]);
  }
}

static void r_mac (const WireValue *v, WireRenderStyle style, GString *out)
{
  const guint8 *p = (const guint8 *) v->str;
  if (v->str_len != 6) {
    r_hex (v, style, out);
    return;
  }
  wire_render_hex (out, p, 6, 0); /* as qmicli prints it: 00:A0:C6:12:34:56 */
}

static void r_time (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  const WireField *f = v->field;
  gint64 secs;
  gint32 ns;
  GDateTime *t;
  if (!wire_render_time (f, v->v.u, &secs, &ns) || !(t = g_date_time_new_from_unix_utc (secs))) {
    g_string_append_printf (out, "%" G_GUINT64_FORMAT " (out of range for a date)", v->v.u);
    return;
  }
  {
    gchar *s = g_date_time_format (t, "%Y-%m-%d %H:%M:%S");
    g_string_append_printf (out, "%s.%03d %s (count %" G_GUINT64_FORMAT ")", s, ns / 1000000,
                            time_bases[f->time_base].scale, v->v.u);
    g_free (s);
  }
  g_date_time_unref (t);
}

static void r_mcc (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  g_string_append_printf (out, "%03" G_GUINT64_FORMAT, v->v.u);
}

static void r_mnc (const WireValue *v, WireRenderStyle style G_GNUC_UNUSED, GString *out)
{
  g_string_append_printf (out, "%0*" G_GUINT64_FORMAT, v->digits == 3 ? 3 : 2, v->v.u);
}

/* MCC-MNC as 3GPP writes a PLMN (TS 23.003), with the MNC's digits as the
 * wire has them. qmicli prints the nibbles in wire order instead ("23415",
 * and "310041" for 310-410), which reads wrong for three-digit MNCs. */
static void r_plmn (const WireValue *v, WireRenderStyle style, GString *out)
{
  const guint8 *p = (const guint8 *) v->str;
  if (v->plmn_valid) {
    g_string_append_printf (out, "%03u-%0*u", v->mcc, v->digits == 3 ? 3 : 2, v->mnc);
    return;
  }
  if (v->str_len == 3 && (p[0] & p[1] & p[2]) == 0xff)
    g_string_append (out, "none (");
  r_hex (v, style, out);
  if (v->str_len == 3 && (p[0] & p[1] & p[2]) == 0xff)
    g_string_append_c (out, ')');
}

/* The name of a value that is no reading of its field ("special"), or NULL. */
static const char *special_name (const WireValue *v)
{
  const WireField *f = v->field;
  guint64 raw, at;
  if (!f->special)
    return NULL;
  raw = f->kind == WIRE_TYPE_INT ? (guint64) v->v.i : v->v.u;
  for (guint i = 0; i < f->special->n_values; i++)
    if (wire_value_at_width (f, f->special->values[i].value, &at) && at == raw)
      return f->special->values[i].name;
  return NULL;
}

/* "unavailable (0xffffffff)", "n/a (raw -32768)": the name, then the number
 * as the field shows its numbers (a scaled field's raw count says "raw") */
static gboolean r_special (const WireValue *v, GString *out)
{
  const char *name = special_name (v);
  if (!name)
    return FALSE;
  g_string_append (out, name);
  g_string_append (out, v->field->scale != 0 ? " (raw " : " (");
  append_number (v, out);
  g_string_append_c (out, ')');
  return TRUE;
}

typedef struct {
  const char *name;
  void (*render) (const WireValue *v, WireRenderStyle style, GString *out);
  gboolean native; /* see wire_render_is_native */
} Renderer;

static const Renderer renderers[WIRE_RENDER_N_KINDS] = {
  [WIRE_RENDER_NONE] = { "none", NULL, TRUE },
  [WIRE_RENDER_UINT] = { "uint", r_uint, TRUE },
  [WIRE_RENDER_INT] = { "int", r_int, TRUE },
  [WIRE_RENDER_ENUM] = { "enum", r_enum, TRUE },
  [WIRE_RENDER_FLAGS] = { "flags", r_flags, FALSE },
  [WIRE_RENDER_SCALED] = { "scaled", r_scaled, FALSE },
  [WIRE_RENDER_FLOAT] = { "float", r_float, FALSE },
  [WIRE_RENDER_BOOL] = { "bool", r_bool, TRUE },
  [WIRE_RENDER_TEXT] = { "text", r_text, TRUE },
  [WIRE_RENDER_HEX] = { "hex", r_hex, FALSE },
  [WIRE_RENDER_IPV4] = { "ipv4", r_ipv4, TRUE },
  [WIRE_RENDER_IPV6] = { "ipv6", r_ipv6, TRUE },
  [WIRE_RENDER_MAC] = { "mac", r_mac, FALSE },
  [WIRE_RENDER_TIME] = { "time", r_time, FALSE },
  [WIRE_RENDER_MCC] = { "mcc", r_mcc, FALSE },
  [WIRE_RENDER_MNC] = { "mnc", r_mnc, FALSE },
  [WIRE_RENDER_PLMN] = { "plmn", r_plmn, FALSE },
};

WireRenderKind
wire_render_kind_for (const WireField *f)
{
  static const WireRenderKind by_semantic[] = {
    [WIRE_SEM_IPV4] = WIRE_RENDER_IPV4, [WIRE_SEM_IPV6] = WIRE_RENDER_IPV6, [WIRE_SEM_MAC] = WIRE_RENDER_MAC,
    [WIRE_SEM_TIME] = WIRE_RENDER_TIME, [WIRE_SEM_MCC] = WIRE_RENDER_MCC, [WIRE_SEM_MNC] = WIRE_RENDER_MNC,
    [WIRE_SEM_PCS_DIGIT] = WIRE_RENDER_BOOL, [WIRE_SEM_PLMN] = WIRE_RENDER_PLMN,
  };
  if (f->semantic != WIRE_SEM_NONE)
    return by_semantic[f->semantic];
  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
    if (f->values)
      return f->values->is_flags ? WIRE_RENDER_FLAGS : WIRE_RENDER_ENUM;
    if (f->scale != 0)
      return WIRE_RENDER_SCALED;
    return f->kind == WIRE_TYPE_INT ? WIRE_RENDER_INT : WIRE_RENDER_UINT;
  case WIRE_TYPE_FLOAT: return WIRE_RENDER_FLOAT;
  case WIRE_TYPE_BOOL: return WIRE_RENDER_BOOL;
  case WIRE_TYPE_STRING: return WIRE_RENDER_TEXT;
  case WIRE_TYPE_BYTES: return WIRE_RENDER_HEX;
  default: return WIRE_RENDER_NONE;
  }
}

const char *
wire_render_kind_name (WireRenderKind kind)
{
  return (guint) kind < WIRE_RENDER_N_KINDS ? renderers[kind].name : "?";
}

gboolean
wire_render_is_native (const WireValue *v)
{
  const WireField *f = v->field;
  if (f->render >= WIRE_RENDER_N_KINDS || !renderers[f->render].native || special_name (v))
    return FALSE;
  /* an enum with a unit is not what Wireshark's value_string shows */
  if (f->render == WIRE_RENDER_ENUM && f->unit)
    return FALSE;
  /* Wireshark escapes text in its own way (octal on 4.0): control characters
   * are shown in this renderer's */
  if (f->render == WIRE_RENDER_TEXT)
    for (gsize i = 0; i < v->str_len; i++)
      if ((guchar) v->str[i] < 0x20 || v->str[i] == 0x7f || v->str[i] == '\\')
        return FALSE;
  return TRUE;
}

void
wire_render_value (const WireValue *v, WireRenderStyle style, GString *out)
{
  guint kind = v->field->render;
  if (r_special (v, out))
    return;
  if (kind < WIRE_RENDER_N_KINDS && renderers[kind].render)
    renderers[kind].render (v, style, out);
}
