/* Loading one schema file: comments blanked out (line numbers kept), JSON
 * parsed by json-glib, every object checked against docs/schema-format.md and
 * turned into the WireService / WireMessage / WireField model. A file with
 * any error is dropped whole: nothing of it reaches the registry. */
#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include "wire-schema-private.h"

#define MAX_TYPE_DEPTH 16

typedef struct {
  WireRegistry *reg;
  const char *file;          /* interned */
  GHashTable *lines;         /* JsonObject* -> start line */
  GHashTable *types;         /* this file's named types: name -> JsonNode* */
  GHashTable *enums;         /* this file's enums and flags: name -> WireValueSet* */
  GPtrArray *owned_sets;     /* WireValueSet* created for this file */
  GHashTable *abbrevs;       /* filter names this file adds -> signature */
  GString *errors;           /* every problem, one per line */
  guint n_errors;
  const char *service;       /* this file's service name, NULL for common.json */
} Loader;

/* ---------- errors ---------- */

static guint line_of (Loader *L, JsonObject *o)
{
  return o ? GPOINTER_TO_UINT (g_hash_table_lookup (L->lines, o)) : 0;
}

G_GNUC_PRINTF (3, 4)
static void fail (Loader *L, JsonObject *where, const char *fmt, ...)
{
  va_list ap;
  gchar *msg;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (L->errors, "%s:%u: %s\n", L->file, line_of (L, where), msg);
  L->n_errors++;
  g_free (msg);
}

/* ---------- comments ---------- */

/* Blanks out // and block comments outside strings, keeping newlines so
 * json-glib's line and column numbers stay those of the file. */
static void blank_comments (gchar *s, gsize len)
{
  gboolean in_string = FALSE;
  for (gsize i = 0; i < len; i++) {
    if (in_string) {
      if (s[i] == '\\' && i + 1 < len)
        i++;
      else if (s[i] == '"')
        in_string = FALSE;
    } else if (s[i] == '"') {
      in_string = TRUE;
    } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '/') {
      while (i < len && s[i] != '\n')
        s[i++] = ' ';
    } else if (s[i] == '/' && i + 1 < len && s[i + 1] == '*') {
      s[i] = s[i + 1] = ' ';
      for (i += 2; i < len && !(s[i] == '*' && i + 1 < len && s[i + 1] == '/'); i++)
        if (s[i] != '\n')
          s[i] = ' ';
      if (i < len)
        s[i] = s[i + 1] = ' ', i++;
    }
  }
}

/* ---------- parsing: object start lines (JsonNode has no position) ----------
 * Parsing is most of the cost of loading (json-glib builds and later frees a
 * node tree), and files parse independently, so several parse at once; what
 * a parse produces is only read afterwards, in file order, by one thread. */

struct _WireParsedFile {
  char *name;
  gchar *text;           /* comments blanked, line numbers kept */
  gsize len;
  JsonParser *parser;
  GHashTable *lines;     /* JsonObject* -> start line */
  GArray *line_stack;    /* start lines of open objects while parsing */
  char *error;           /* "file:line:col: message" when it did not parse */
  gboolean parsed;
  gboolean lines_tracked;
};

static void on_object_start (JsonParser *p, gpointer data)
{
  WireParsedFile *pf = data;
  guint line = json_parser_get_current_line (p);
  g_array_append_val (pf->line_stack, line);
}

static void on_object_end (JsonParser *p G_GNUC_UNUSED, JsonObject *o, gpointer data)
{
  WireParsedFile *pf = data;
  guint line;
  if (pf->line_stack->len == 0)
    return;
  line = g_array_index (pf->line_stack, guint, pf->line_stack->len - 1);
  g_array_set_size (pf->line_stack, pf->line_stack->len - 1);
  g_hash_table_insert (pf->lines, o, GUINT_TO_POINTER (line));
}

WireParsedFile *
wire_parsed_file_new (const char *name, const char *data, gssize len)
{
  WireParsedFile *pf = g_new0 (WireParsedFile, 1);
  if (len < 0)
    len = (gssize) strlen (data);
  pf->name = g_strdup (name);
  pf->len = (gsize) len;
  pf->text = g_strndup (data, (gsize) len);
  blank_comments (pf->text, pf->len);
  pf->lines = g_hash_table_new (g_direct_hash, g_direct_equal);
  pf->line_stack = g_array_new (FALSE, FALSE, sizeof (guint));
  return pf;
}

/* Touches nothing but pf: safe on any thread. track_lines records where
 * each object starts (through parser signals, which cost a tenth of the
 * load), needed only to name lines in error messages. */
void
wire_parsed_file_parse (WireParsedFile *pf, gboolean track_lines)
{
  GError *perr = NULL;
  if (pf->parser)
    g_object_unref (pf->parser);
  g_hash_table_remove_all (pf->lines);
  g_array_set_size (pf->line_stack, 0);
  g_clear_pointer (&pf->error, g_free);
  pf->parser = json_parser_new ();
  pf->lines_tracked = track_lines;
  if (track_lines) {
    g_signal_connect (pf->parser, "object-start", G_CALLBACK (on_object_start), pf);
    g_signal_connect (pf->parser, "object-end", G_CALLBACK (on_object_end), pf);
  }
  if (!json_parser_load_from_data (pf->parser, pf->text, (gssize) pf->len, &perr)) {
    /* json-glib's message starts with "<data>:line:col:"; name the file instead */
    const char *msg = perr->message;
    if (g_str_has_prefix (msg, "<data>:"))
      msg += strlen ("<data>:");
    pf->error = g_strdup_printf ("%s:%s", pf->name, msg);
    g_clear_error (&perr);
  }
  pf->parsed = TRUE;
}

void
wire_parsed_file_free (WireParsedFile *pf)
{
  if (!pf)
    return;
  if (pf->parser)
    g_object_unref (pf->parser);
  g_hash_table_unref (pf->lines);
  g_array_unref (pf->line_stack);
  g_free (pf->text);
  g_free (pf->name);
  g_free (pf->error);
  g_free (pf);
}

/* ---------- small readers ---------- */

static gboolean is_snake (const char *s)
{
  if (!s || !*s || !g_ascii_islower (*s))
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_islower (*s) && !g_ascii_isdigit (*s) && *s != '_')
      return FALSE;
  return TRUE;
}

/* Integers may be JSON numbers or strings in decimal or 0x hex. */
static gboolean read_int (Loader *L, JsonObject *o, const char *key, gint64 min, gint64 max,
                          gint64 *out)
{
  JsonNode *n = json_object_get_member (o, key);
  gint64 v;
  if (!n || !JSON_NODE_HOLDS_VALUE (n)) {
    fail (L, o, "\"%s\" must be a number", key);
    return FALSE;
  }
  if (json_node_get_value_type (n) == G_TYPE_INT64) {
    v = json_node_get_int (n);
  } else if (json_node_get_value_type (n) == G_TYPE_STRING) {
    const char *s = json_node_get_string (n);
    gchar *end = NULL;
    errno = 0;
    v = g_ascii_strtoll (s, &end, 0);
    if (!*s || *end || errno) {
      fail (L, o, "\"%s\": \"%s\" is not a number", key, s);
      return FALSE;
    }
  } else {
    fail (L, o, "\"%s\" must be an integer", key);
    return FALSE;
  }
  if (v < min || v > max) {
    fail (L, o, "\"%s\" = %" G_GINT64_FORMAT " is out of range %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT,
          key, v, min, max);
    return FALSE;
  }
  *out = v;
  return TRUE;
}

static const char *read_string (Loader *L, JsonObject *o, const char *key)
{
  JsonNode *n = json_object_get_member (o, key);
  if (!n)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING) {
    fail (L, o, "\"%s\" must be a string", key);
    return NULL;
  }
  return json_node_get_string (n);
}

static gboolean check_keys (Loader *L, JsonObject *o, const char *const *allowed, const char *what)
{
  GList *members = json_object_get_members (o);
  gboolean ok = TRUE;
  for (GList *m = members; m; m = m->next) {
    if (!g_strv_contains (allowed, m->data)) {
      fail (L, o, "unknown key \"%s\" in %s", (const char *) m->data, what);
      ok = FALSE;
    }
  }
  g_list_free (members);
  return ok;
}

/* Words that people write in capitals: a title made from a name shows them
 * so ("fw_version_info" -> "FW version info", "get_ids" -> "Get IDs"). */
static const char *const acronyms[] = {
  "apn", "bdf", "cdma", "cid", "crc", "ddr", "dms", "dns", "ecio", "eid", "esn", "fw", "gps", "gsm",
  "hw", "iccid", "id", "ids", "imei", "imsi", "ims", "ip", "ipv4", "ipv6", "lte", "mac", "mcc",
  "meid", "mnc", "msa", "msisdn", "mtu", "nas", "pd", "pdp", "prl", "qmi", "qrtr",
  "rsrp", "rsrq", "rssi", "sim", "sinr", "sms", "snr", "soc", "sw", "umts", "uim", "url", "usb",
  "ussd", "utc", "wcdma", "wds", "xo",
};

static gchar *title_from_name (const char *name)
{
  gchar **words = g_strsplit (name, "_", -1);
  gchar *t;

  for (guint i = 0; words[i]; i++) {
    gboolean upper = FALSE;
    for (guint a = 0; a < G_N_ELEMENTS (acronyms) && !upper; a++)
      upper = g_str_equal (words[i], acronyms[a]);
    if (upper) {
      gchar *u = g_ascii_strup (words[i], -1);
      /* "ids" reads as the plural of ID */
      if (g_str_equal (words[i], "ids"))
        u[2] = 's';
      g_free (words[i]);
      words[i] = u;
    }
  }
  t = g_strjoinv (" ", words);
  g_strfreev (words);
  t[0] = g_ascii_toupper (t[0]);
  return t;
}

/* ---------- enums and flags ---------- */

static gint compare_names64 (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const WireValueName64 *x = a, *y = b;
  return x->value < y->value ? -1 : x->value > y->value;
}

static WireValueSet *build_value_set (Loader *L, JsonObject *o, const char *name, gboolean is_flags)
{
  GList *members = json_object_get_members (o);
  WireValueSet *set = g_new0 (WireValueSet, 1);
  guint n = 0;

  set->name = L->service ? g_strdup_printf ("%s.%s", L->service, name) : g_strdup (name);
  set->is_flags = is_flags;
  set->values = g_new0 (WireValueName64, g_list_length (members) + 1);
  for (GList *m = members; m; m = m->next) {
    gint64 v;
    if (!read_int (L, o, m->data, G_MININT64, G_MAXINT64, &v))
      continue;
    if (is_flags && v == 0) {
      fail (L, o, "flag \"%s\" of \"%s\" has no bit set", (const char *) m->data, name);
      continue;
    }
    set->values[n].value = (guint64) v;
    set->values[n].name = g_strdup (m->data);
    n++;
  }
  g_list_free (members);
  set->n_values = n;
  /* stable sort keeps the first-written name first among aliases */
  g_qsort_with_data (set->values, n, sizeof (WireValueName64), compare_names64, NULL);
  g_ptr_array_add (L->owned_sets, set);
  return set;
}

static void read_value_sets (Loader *L, JsonObject *root, const char *key, gboolean is_flags)
{
  JsonNode *n = json_object_get_member (root, key);
  JsonObject *sets;
  GList *members;
  if (!n)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (n)) {
    fail (L, root, "\"%s\" must be an object", key);
    return;
  }
  sets = json_node_get_object (n);
  members = json_object_get_members (sets);
  for (GList *m = members; m; m = m->next) {
    JsonNode *v = json_object_get_member (sets, m->data);
    if (!JSON_NODE_HOLDS_OBJECT (v)) {
      fail (L, sets, "%s \"%s\" must be an object of name: value", key, (const char *) m->data);
      continue;
    }
    if (g_hash_table_contains (L->enums, m->data)) {
      fail (L, json_node_get_object (v), "\"%s\" is defined twice", (const char *) m->data);
      continue;
    }
    g_hash_table_insert (L->enums, g_strdup (m->data),
                         build_value_set (L, json_node_get_object (v), m->data, is_flags));
  }
  g_list_free (members);
}

static const WireValueSet *find_value_set (Loader *L, JsonObject *o, const char *key, gboolean is_flags)
{
  JsonNode *n = json_object_get_member (o, key);
  WireValueSet *set;
  if (!n)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (n))
    return build_value_set (L, json_node_get_object (n), key, is_flags);
  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING) {
    fail (L, o, "\"%s\" must name a set or be an inline object", key);
    return NULL;
  }
  set = g_hash_table_lookup (L->enums, json_node_get_string (n));
  if (!set)
    set = g_hash_table_lookup (L->reg->common_enums, json_node_get_string (n));
  if (!set)
    fail (L, o, "unknown %s \"%s\"", key, json_node_get_string (n));
  else if (set->is_flags != is_flags)
    fail (L, o, "\"%s\" is %s, not %s", json_node_get_string (n), set->is_flags ? "a flag set" : "an enum",
          is_flags ? "a flag set" : "an enum");
  return set;
}

/* ---------- type specs ---------- */

static const char *const field_keys[] = {
  "name", "id", "title", "description", "type", "size", "endian", "enum", "flags", "encoding",
  "prefix", "max", "of", "count", "fields", "personal", "unit", "scale", "display", NULL,
};

typedef struct { const char *name; WireTypeKind kind; guint size; } Primitive;
static const Primitive primitives[] = {
  { "u8", WIRE_TYPE_UINT, 1 }, { "u16", WIRE_TYPE_UINT, 2 }, { "u32", WIRE_TYPE_UINT, 4 },
  { "u64", WIRE_TYPE_UINT, 8 }, { "i8", WIRE_TYPE_INT, 1 }, { "i16", WIRE_TYPE_INT, 2 },
  { "i32", WIRE_TYPE_INT, 4 }, { "i64", WIRE_TYPE_INT, 8 }, { "uint", WIRE_TYPE_UINT, 0 },
  { "int", WIRE_TYPE_INT, 0 }, { "f32", WIRE_TYPE_FLOAT, 4 }, { "f64", WIRE_TYPE_FLOAT, 8 },
  { "bool", WIRE_TYPE_BOOL, 1 }, { "string", WIRE_TYPE_STRING, 0 }, { "bytes", WIRE_TYPE_BYTES, 0 },
  { "array", WIRE_TYPE_ARRAY, 0 }, { "struct", WIRE_TYPE_STRUCT, 0 },
};

static const struct { const char *name; WirePersonal kind; } personal_kinds[] = {
  { "imei", WIRE_PERSONAL_IMEI }, { "imsi", WIRE_PERSONAL_IMSI }, { "iccid", WIRE_PERSONAL_ICCID },
  { "msisdn", WIRE_PERSONAL_MSISDN }, { "sms", WIRE_PERSONAL_SMS }, { "position", WIRE_PERSONAL_POSITION },
};

static const struct { const char *name; WireStrEncoding enc; } encodings[] = {
  { "ascii", WIRE_STR_ASCII }, { "utf8", WIRE_STR_UTF8 }, { "ucs2", WIRE_STR_UCS2 }, { "bcd", WIRE_STR_BCD },
};

static const struct { const char *name; WireLenForm form; } prefixes[] = {
  { "none", WIRE_LEN_NONE }, { "u8", WIRE_LEN_U8 }, { "u16", WIRE_LEN_U16 }, { "u32", WIRE_LEN_U32 },
  { "rest", WIRE_LEN_REST },
};

static WireField *build_field (Loader *L, JsonObject *o, const char *name, gboolean whole_tlv, guint depth);

/* A field that runs to the end of its TLV. */
static gboolean open_ended (const WireField *f)
{
  switch (f->kind) {
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
    return f->len_form == WIRE_LEN_NONE;
  case WIRE_TYPE_ARRAY:
    return f->len_form == WIRE_LEN_REST;
  case WIRE_TYPE_STRUCT:
    return f->n_members && open_ended (f->members[f->n_members - 1]);
  default:
    return FALSE;
  }
}

static void read_display (Loader *L, JsonObject *o, WireField *f)
{
  const char *s;
  JsonNode *n;

  if ((s = read_string (L, o, "title")))
    g_free (f->title), f->title = g_strdup (s);
  if ((s = read_string (L, o, "description")))
    g_free (f->description), f->description = g_strdup (s);
  if ((s = read_string (L, o, "unit")))
    g_free (f->unit), f->unit = g_strdup (s);
  if ((s = read_string (L, o, "display"))) {
    if (!g_str_equal (s, "hex") && !g_str_equal (s, "dec"))
      fail (L, o, "\"display\" must be \"hex\" or \"dec\"");
    f->hex = g_str_equal (s, "hex");
  }
  if ((n = json_object_get_member (o, "scale"))) {
    if (!JSON_NODE_HOLDS_VALUE (n) || (json_node_get_value_type (n) != G_TYPE_DOUBLE &&
                                       json_node_get_value_type (n) != G_TYPE_INT64))
      fail (L, o, "\"scale\" must be a number");
    else
      f->scale = json_node_get_double (n);
  }
  if ((n = json_object_get_member (o, "personal"))) {
    if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN) {
      f->personal = json_node_get_boolean (n) ? WIRE_PERSONAL_OTHER : WIRE_PERSONAL_NONE;
    } else if ((s = read_string (L, o, "personal"))) {
      guint i;
      for (i = 0; i < G_N_ELEMENTS (personal_kinds); i++)
        if (g_str_equal (s, personal_kinds[i].name))
          break;
      if (i == G_N_ELEMENTS (personal_kinds))
        fail (L, o, "unknown personal kind \"%s\"", s);
      else
        f->personal = personal_kinds[i].kind;
    }
  }
}

/* "prefix" of a string/bytes (none, u8, u16, u32) or "count" of an array
 * (u8, u16, u32, rest, or a fixed number). */
static void read_length_form (Loader *L, JsonObject *o, const char *key, WireField *f, gboolean is_array)
{
  JsonNode *n = json_object_get_member (o, key);
  const char *s;
  gint64 fixed;

  if (!n)
    return;
  if (is_array && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64) {
    if (read_int (L, o, key, 1, 65535, &fixed))
      f->len_form = WIRE_LEN_FIXED, f->fixed = (guint) fixed;
    return;
  }
  if (!(s = read_string (L, o, key)))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++) {
    gboolean applies = is_array ? prefixes[i].form != WIRE_LEN_NONE : prefixes[i].form != WIRE_LEN_REST;
    if (g_str_equal (s, prefixes[i].name) && applies) {
      f->len_form = prefixes[i].form;
      return;
    }
  }
  fail (L, o, "\"%s\": \"%s\" is not one of %s", key, s,
        is_array ? "u8, u16, u32, rest or a number" : "none, u8, u16, u32");
}

static void build_members (Loader *L, JsonObject *o, WireField *f, guint depth)
{
  JsonNode *n = json_object_get_member (o, "fields");
  JsonArray *a;
  GHashTable *seen;

  if (!JSON_NODE_HOLDS_ARRAY (n)) {
    fail (L, o, "\"fields\" must be a list of fields");
    return;
  }
  a = json_node_get_array (n);
  f->n_members = json_array_get_length (a);
  f->members = g_new0 (WireField *, f->n_members + 1);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < f->n_members; i++) {
    JsonNode *e = json_array_get_element (a, i);
    JsonObject *eo;
    const char *mname;
    if (!JSON_NODE_HOLDS_OBJECT (e)) {
      fail (L, o, "field %u of \"%s\" is not an object", i, f->name);
      continue;
    }
    eo = json_node_get_object (e);
    mname = read_string (L, eo, "name");
    if (!is_snake (mname)) {
      fail (L, eo, "field name \"%s\" must be snake_case ([a-z][a-z0-9_]*)", mname ? mname : "");
      continue;
    }
    if (g_hash_table_contains (seen, mname))
      fail (L, eo, "two fields named \"%s\" in \"%s\"", mname, f->name);
    g_hash_table_add (seen, (gpointer) mname);
    f->members[i] = build_field (L, eo, mname, FALSE, depth + 1);
    if (f->members[i] && i + 1 < f->n_members && open_ended (f->members[i]))
      fail (L, eo, "\"%s\" runs to the end of the TLV but is not the last field", mname);
  }
  g_hash_table_unref (seen);
  /* drop holes left by errors so later code never meets NULL */
  {
    guint k = 0;
    for (guint i = 0; i < f->n_members; i++)
      if (f->members[i])
        f->members[k++] = f->members[i];
    f->n_members = k;
  }
}

static guint compute_min_size (const WireField *f)
{
  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_FLOAT:
  case WIRE_TYPE_BOOL:
    return f->size;
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
  case WIRE_TYPE_ARRAY: {
    static const guint prefix_size[] = { [WIRE_LEN_NONE] = 0, [WIRE_LEN_U8] = 1, [WIRE_LEN_U16] = 2,
                                         [WIRE_LEN_U32] = 4, [WIRE_LEN_FIXED] = 0, [WIRE_LEN_REST] = 0 };
    if (f->len_form == WIRE_LEN_FIXED)
      return f->kind == WIRE_TYPE_ARRAY ? MIN (f->fixed * f->element->min_size, 1u << 20) : f->fixed;
    return prefix_size[f->len_form];
  }
  case WIRE_TYPE_STRUCT: {
    guint n = 0;
    for (guint i = 0; i < f->n_members; i++)
      n += f->members[i]->min_size;
    return MIN (n, 1u << 20);
  }
  }
  return 0;
}

/* An inline value set must fit its field. A named set may serve fields of
 * several widths (libqmi uses one enum on u8 and u16 fields), so there only
 * the values that fit can ever match, and that is not an error. Negative
 * values are two's complement at the field's width (-1 on a u8 is 0xff). */
static void check_value_fits (Loader *L, JsonObject *o, const WireField *f, gboolean inline_set)
{
  gint64 lo, hi;
  if (!f->values || !inline_set || f->size >= 8)
    return;
  lo = -((gint64) 1 << (f->size * 8 - 1));
  hi = f->kind == WIRE_TYPE_INT ? ((gint64) 1 << (f->size * 8 - 1)) - 1 : ((gint64) 1 << (f->size * 8)) - 1;
  for (guint i = 0; i < f->values->n_values; i++) {
    gint64 v = (gint64) f->values->values[i].value;
    if (v < lo || v > hi) {
      fail (L, o, "value %s = %" G_GINT64_FORMAT " does not fit in %u byte(s)", f->values->values[i].name, v, f->size);
      return;
    }
  }
}

static WireField *build_field (Loader *L, JsonObject *o, const char *name, gboolean whole_tlv, guint depth)
{
  WireField *f;
  const char *type = read_string (L, o, "type");
  JsonNode *named = NULL;
  gint64 v;
  const char *s;

  if (depth > MAX_TYPE_DEPTH) {
    fail (L, o, "types nest deeper than %u (a type that contains itself?)", MAX_TYPE_DEPTH);
    return NULL;
  }
  if (!check_keys (L, o, field_keys, "a field"))
    return NULL;
  if (!type && json_object_has_member (o, "fields"))
    type = "struct";
  if (!type) {
    fail (L, o, "\"%s\" has neither \"type\" nor \"fields\"", name);
    return NULL;
  }

  f = g_new0 (WireField, 1);
  f->name = g_strdup (name);
  f->title = title_from_name (name);
  f->file = L->file;
  f->line = line_of (L, o);

  {
    guint i;
    for (i = 0; i < G_N_ELEMENTS (primitives); i++)
      if (g_str_equal (type, primitives[i].name))
        break;
    if (i == G_N_ELEMENTS (primitives)) {
      named = g_hash_table_lookup (L->types, type);
      if (!named)
        named = g_hash_table_lookup (L->reg->common_types, type);
      if (!named) {
        fail (L, o, "unknown type \"%s\"", type);
        wire_field_free (f);
        return NULL;
      }
    } else {
      f->kind = primitives[i].kind;
      f->size = primitives[i].size;
    }
  }

  if (named) {
    /* A named type: build it, then let this use rename and re-describe it. */
    WireField *t = build_field (L, json_node_get_object (named), name, whole_tlv, depth + 1);
    wire_field_free (f);
    if (!t)
      return NULL;
    t->file = L->file;
    t->line = line_of (L, o);
    for (const char *const *k = field_keys; *k; k++)
      if (json_object_has_member (o, *k) && !g_strv_contains ((const char *const[]) {
            "name", "id", "type", "title", "description", "personal", "unit", "scale", "display", NULL }, *k))
        fail (L, o, "\"%s\" cannot be changed where the named type \"%s\" is used", *k, type);
    read_display (L, o, t);
    return t;
  }

  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_BOOL:
    if (json_object_has_member (o, "size")) {
      if (read_int (L, o, "size", 1, 8, &v))
        f->size = (guint) v;
    } else if (f->size == 0) {
      fail (L, o, "\"%s\" needs a \"size\" of 1 to 8 bytes", type);
    }
    if (f->kind != WIRE_TYPE_BOOL) {
      JsonNode *set = json_object_get_member (o, "enum");
      if (!set)
        set = json_object_get_member (o, "flags");
      f->values = find_value_set (L, o, "enum", FALSE);
      if (!f->values)
        f->values = find_value_set (L, o, "flags", TRUE);
      if (f->values && f->values->is_flags)
        f->hex = TRUE;
      check_value_fits (L, o, f, set && JSON_NODE_HOLDS_OBJECT (set));
    }
    break;
  case WIRE_TYPE_FLOAT:
    break;
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
    f->len_form = f->kind == WIRE_TYPE_STRING && !whole_tlv ? WIRE_LEN_U8 : WIRE_LEN_NONE;
    if ((s = read_string (L, o, "encoding"))) {
      guint i;
      for (i = 0; i < G_N_ELEMENTS (encodings); i++)
        if (g_str_equal (s, encodings[i].name))
          break;
      if (i == G_N_ELEMENTS (encodings) || f->kind != WIRE_TYPE_STRING)
        fail (L, o, "bad \"encoding\" \"%s\"", s);
      else
        f->encoding = encodings[i].enc;
    }
    if (json_object_has_member (o, "size")) {
      if (read_int (L, o, "size", 1, 65535, &v)) {
        f->len_form = WIRE_LEN_FIXED;
        f->fixed = (guint) v;
      }
    } else {
      read_length_form (L, o, "prefix", f, FALSE);
    }
    if (json_object_has_member (o, "max") && read_int (L, o, "max", 1, 65535, &v))
      f->max_len = (guint) v;
    break;
  case WIRE_TYPE_ARRAY: {
    JsonNode *of = json_object_get_member (o, "of");
    f->len_form = WIRE_LEN_U8;
    read_length_form (L, o, "count", f, TRUE);
    if (json_object_has_member (o, "max") && read_int (L, o, "max", 1, 65535, &v))
      f->max_len = (guint) v;
    if (of && JSON_NODE_HOLDS_OBJECT (of)) {
      f->element = build_field (L, json_node_get_object (of), "item", FALSE, depth + 1);
    } else if (of && JSON_NODE_HOLDS_VALUE (of) && json_node_get_value_type (of) == G_TYPE_STRING) {
      JsonObject *ref = json_object_new ();
      json_object_set_string_member (ref, "type", json_node_get_string (of));
      g_hash_table_insert (L->lines, ref, GUINT_TO_POINTER (line_of (L, o)));
      f->element = build_field (L, ref, "item", FALSE, depth + 1);
      g_hash_table_remove (L->lines, ref);
      json_object_unref (ref);
    } else {
      fail (L, o, "array \"%s\" needs \"of\": a type name or a type object", name);
    }
    if (f->element && open_ended (f->element))
      fail (L, o, "the elements of \"%s\" cannot run to the end of the TLV", name);
    if (!f->element) {
      wire_field_free (f);
      return NULL;
    }
    break;
  }
  case WIRE_TYPE_STRUCT:
    build_members (L, o, f, depth);
    break;
  }
  if (f->kind == WIRE_TYPE_FLOAT && json_object_has_member (o, "size"))
    fail (L, o, "floats are f32 or f64; \"size\" does not apply");
  if ((s = read_string (L, o, "endian"))) {
    if (g_str_equal (s, "big"))
      f->big_endian = TRUE;
    else if (!g_str_equal (s, "little"))
      fail (L, o, "\"endian\" must be \"little\" or \"big\"");
  }
  read_display (L, o, f);
  f->min_size = compute_min_size (f);
  return f;
}

/* ---------- messages ---------- */

static const char *const message_keys[] = {
  "name", "title", "id", "vendor", "description", "request", "response", "indication", NULL,
};
static const char *const kind_keys[WIRE_QMI_N_KINDS] = { "request", "response", "indication" };

/* What Wireshark would need to agree on for two fields of one filter name. */
static gchar *field_signature (const WireField *f)
{
  static const char *const kinds[] = { "uint", "int", "float", "bool", "string", "bytes", "array", "struct" };
  return g_strdup_printf ("%s%u%s", kinds[f->kind], f->kind <= WIRE_TYPE_BOOL ? f->size : 0,
                          f->values ? (f->values->is_flags ? "F" : "E") : "");
}

static void name_fields (Loader *L, WireField *f, const char *abbrev, JsonObject *where)
{
  gchar *sig = field_signature (f);
  const char *prev = g_hash_table_lookup (L->abbrevs, abbrev);
  if (!prev)
    prev = g_hash_table_lookup (L->reg->abbrevs, abbrev);
  if (prev && !g_str_equal (prev, sig))
    fail (L, where, "filter name %s is used by two fields of different types (%s here, %s elsewhere)",
          abbrev, sig, prev);
  g_hash_table_replace (L->abbrevs, g_strdup (abbrev), sig);
  g_free (f->abbrev);
  f->abbrev = g_strdup (abbrev);
  if (f->kind == WIRE_TYPE_STRUCT) {
    for (guint i = 0; i < f->n_members; i++) {
      gchar *child = g_strdup_printf ("%s.%s", abbrev, f->members[i]->name);
      name_fields (L, f->members[i], child, where);
      g_free (child);
    }
  } else if (f->kind == WIRE_TYPE_ARRAY) {
    gchar *item = g_strdup_printf ("%s.item", abbrev);
    /* a struct element's members are named after the array itself */
    if (f->element->kind == WIRE_TYPE_STRUCT) {
      g_free (f->element->abbrev);
      f->element->abbrev = g_strdup (item);
      for (guint i = 0; i < f->element->n_members; i++) {
        gchar *child = g_strdup_printf ("%s.%s", abbrev, f->element->members[i]->name);
        name_fields (L, f->element->members[i], child, where);
        g_free (child);
      }
    } else {
      name_fields (L, f->element, item, where);
    }
    g_free (item);
  }
}

static gint compare_tlv_ids (gconstpointer a, gconstpointer b)
{
  return (gint) ((const WireTlvDef *) a)->id - (gint) ((const WireTlvDef *) b)->id;
}

static WireMessage *build_message_kind (Loader *L, JsonObject *mo, JsonArray *tlvs, const char *name,
                                        const char *title, guint16 id, guint16 vendor, WireQmiKind kind)
{
  WireMessage *m = g_new0 (WireMessage, 1);
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (tlvs);
  guint8 seen[256] = { 0 };

  m->name = g_strdup (name);
  m->title = title ? g_strdup (title) : title_from_name (name);
  m->id = id;
  m->vendor = vendor;
  m->kind = kind;
  m->file = L->file;
  m->line = line_of (L, mo);
  m->tlvs = g_new0 (WireTlvDef, n);
  for (guint i = 0; i < n; i++) {
    JsonNode *e = json_array_get_element (tlvs, i);
    JsonObject *to;
    const char *tname;
    gint64 tid;
    WireField *f;
    if (!JSON_NODE_HOLDS_OBJECT (e)) {
      fail (L, mo, "TLV %u of %s %s is not an object", i, name, kind_keys[kind]);
      continue;
    }
    to = json_node_get_object (e);
    tname = read_string (L, to, "name");
    if (!is_snake (tname)) {
      fail (L, to, "TLV name \"%s\" must be snake_case", tname ? tname : "");
      continue;
    }
    if (!read_int (L, to, "id", 0, 255, &tid))
      continue;
    if (seen[tid]++)
      fail (L, to, "TLV id 0x%02x appears twice in %s %s", (guint) tid, name, kind_keys[kind]);
    if (g_hash_table_contains (names, tname))
      fail (L, to, "TLV name \"%s\" appears twice in %s %s", tname, name, kind_keys[kind]);
    g_hash_table_add (names, (gpointer) tname);
    f = build_field (L, to, tname, TRUE, 0);
    if (!f)
      continue;
    m->tlvs[m->n_tlvs].id = (guint8) tid;
    m->tlvs[m->n_tlvs].field = f;
    m->n_tlvs++;
    {
      gchar *abbrev = g_strdup_printf ("qmi.%s.%s.%s", L->service, name, tname);
      name_fields (L, f, abbrev, to);
      g_free (abbrev);
    }
  }
  g_hash_table_unref (names);
  if (m->n_tlvs > 1)
    qsort (m->tlvs, m->n_tlvs, sizeof (WireTlvDef), compare_tlv_ids);
  return m;
}

static void build_messages (Loader *L, JsonObject *root, GPtrArray *out)
{
  JsonNode *n = json_object_get_member (root, "messages");
  JsonArray *a;
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *keys = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *keystore = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 64);

  if (!n || !JSON_NODE_HOLDS_ARRAY (n)) {
    fail (L, root, "\"messages\" must be a list");
    goto out;
  }
  a = json_node_get_array (n);
  g_array_set_size (keystore, json_array_get_length (a) * WIRE_QMI_N_KINDS);
  for (guint i = 0; i < json_array_get_length (a); i++) {
    JsonNode *e = json_array_get_element (a, i);
    JsonObject *mo;
    const char *name, *title;
    gint64 id, vendor = 0;
    gboolean any = FALSE;
    if (!JSON_NODE_HOLDS_OBJECT (e)) {
      fail (L, root, "message %u is not an object", i);
      continue;
    }
    mo = json_node_get_object (e);
    if (!check_keys (L, mo, message_keys, "a message"))
      continue;
    name = read_string (L, mo, "name");
    title = read_string (L, mo, "title");
    if (!is_snake (name)) {
      fail (L, mo, "message name \"%s\" must be snake_case", name ? name : "");
      continue;
    }
    if (g_hash_table_contains (names, name))
      fail (L, mo, "two messages named \"%s\"", name);
    g_hash_table_add (names, (gpointer) name);
    if (!read_int (L, mo, "id", 0, 0xffff, &id))
      continue;
    if (json_object_has_member (mo, "vendor") && !read_int (L, mo, "vendor", 1, 0xffff, &vendor))
      continue;
    for (guint k = 0; k < WIRE_QMI_N_KINDS; k++) {
      JsonNode *tn = json_object_get_member (mo, kind_keys[k]);
      gint64 *key;
      if (!tn)
        continue;
      any = TRUE;
      if (!JSON_NODE_HOLDS_ARRAY (tn)) {
        fail (L, mo, "\"%s\" of %s must be a list of TLVs", kind_keys[k], name);
        continue;
      }
      key = &g_array_index (keystore, gint64, i * WIRE_QMI_N_KINDS + k);
      *key = (gint64) vendor << 32 | (gint64) k << 16 | id;
      if (g_hash_table_contains (keys, key))
        fail (L, mo, "%s 0x%04x is defined twice (vendor 0x%04x)", kind_keys[k], (guint) id, (guint) vendor);
      g_hash_table_add (keys, key);
      g_ptr_array_add (out, build_message_kind (L, mo, json_node_get_array (tn), name, title, (guint16) id,
                                                (guint16) vendor, k));
    }
    if (!any)
      fail (L, mo, "message \"%s\" has no request, response or indication", name);
  }
out:
  g_hash_table_unref (names);
  g_hash_table_unref (keys);
  g_array_unref (keystore);
}

/* ---------- the file ---------- */

static const char *const file_keys[] = {
  "service", "common", "title", "qmux", "qrtr", "sources", "enums", "flags", "types", "messages", NULL,
};

static void read_types (Loader *L, JsonObject *root, GHashTable *into)
{
  JsonNode *n = json_object_get_member (root, "types");
  JsonObject *types;
  GList *members;
  if (!n)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (n)) {
    fail (L, root, "\"types\" must be an object");
    return;
  }
  types = json_node_get_object (n);
  members = json_object_get_members (types);
  for (GList *m = members; m; m = m->next) {
    JsonNode *t = json_object_get_member (types, m->data);
    if (!JSON_NODE_HOLDS_OBJECT (t)) {
      fail (L, types, "type \"%s\" must be an object", (const char *) m->data);
      continue;
    }
    g_hash_table_insert (into, g_strdup (m->data), json_node_copy (t));
  }
  g_list_free (members);
}

static WireService *find_or_add_service (WireRegistry *reg, const char *name, const char *file)
{
  WireService *svc = g_hash_table_lookup (reg->by_name, name);
  if (svc)
    return svc;
  svc = g_new0 (WireService, 1);
  svc->name = g_strdup (name);
  svc->title = g_strdup (name);
  svc->qmux_id = -1;
  svc->qrtr_id = -1;
  svc->messages = g_ptr_array_new ();
  svc->file = file;
  g_ptr_array_add (reg->services, svc);
  g_hash_table_insert (reg->by_name, svc->name, svc);
  return svc;
}

/* Adds a file's messages to its service: same (kind, id, vendor) replaces. */
static void merge_messages (WireRegistry *reg, WireService *svc, GPtrArray *msgs)
{
  for (guint i = 0; i < msgs->len; i++) {
    WireMessage *m = g_ptr_array_index (msgs, i);
    m->service = svc;
    for (guint j = 0; j < svc->messages->len; j++) {
      WireMessage *old = g_ptr_array_index (svc->messages, j);
      if (old->kind == m->kind && old->id == m->id && old->vendor == m->vendor) {
        g_ptr_array_remove_index (svc->messages, j);
        g_ptr_array_add (reg->garbage, old);
        break;
      }
    }
    g_ptr_array_add (svc->messages, m);
  }
}

static gboolean load_root (Loader *L, JsonNode *rootn)
{
  JsonObject *root;
  gboolean common;
  const char *service;
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  GPtrArray *msgs = g_ptr_array_new ();
  gint64 qmux = -1, qrtr = -1;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (rootn)) {
    g_string_append_printf (L->errors, "%s:1: the file must hold one JSON object\n", L->file);
    L->n_errors++;
    g_hash_table_unref (types);
    g_ptr_array_unref (msgs);
    return FALSE;
  }
  root = json_node_get_object (rootn);
  check_keys (L, root, file_keys, "the file");
  common = json_object_has_member (root, "common");
  service = read_string (L, root, "service");
  if (!common && !is_snake (service))
    fail (L, root, "\"service\" must name the service in snake_case");
  L->service = common ? NULL : service;
  L->types = types;

  read_value_sets (L, root, "enums", FALSE);
  read_value_sets (L, root, "flags", TRUE);
  read_types (L, root, common ? L->reg->common_types : types);
  if (json_object_has_member (root, "qmux"))
    read_int (L, root, "qmux", 0, 0xffff, &qmux);
  if (json_object_has_member (root, "qrtr"))
    read_int (L, root, "qrtr", 0, G_MAXINT32, &qrtr);
  if (!common && L->n_errors == 0)
    build_messages (L, root, msgs);
  if (common) {
    /* check every common type builds, so errors point at common.json */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, L->reg->common_types);
    while (g_hash_table_iter_next (&it, &k, &v)) {
      WireField *f = build_field (L, json_node_get_object (v), k, FALSE, 0);
      if (f)
        wire_field_free (f);
    }
  }

  ok = L->n_errors == 0;
  if (ok && common) {
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, L->enums);
    while (g_hash_table_iter_next (&it, &k, &v))
      g_hash_table_replace (L->reg->common_enums, g_strdup (k), v);
  } else if (ok) {
    WireService *svc = find_or_add_service (L->reg, service, L->file);
    const char *title = read_string (L, root, "title");
    GHashTableIter it;
    gpointer k, v;
    if (title)
      g_free (svc->title), svc->title = g_strdup (title);
    if (qmux >= 0)
      svc->qmux_id = (gint) qmux;
    if (qrtr >= 0)
      svc->qrtr_id = (gint) qrtr;
    else if (qmux >= 0 && svc->qrtr_id < 0)
      svc->qrtr_id = (gint) qmux; /* QMI services keep their ids on QRTR */
    merge_messages (L->reg, svc, msgs);
    g_hash_table_iter_init (&it, L->abbrevs);
    while (g_hash_table_iter_next (&it, &k, &v))
      g_hash_table_replace (L->reg->abbrevs, g_strdup (k), g_strdup (v));
  } else {
    for (guint i = 0; i < msgs->len; i++)
      wire_message_free (g_ptr_array_index (msgs, i));
  }
  if (ok)
    /* value sets are referenced by fields (or common): keep them alive */
    for (guint i = 0; i < L->owned_sets->len; i++)
      g_ptr_array_add (L->reg->value_sets, g_ptr_array_index (L->owned_sets, i));
  g_ptr_array_unref (msgs);
  g_hash_table_unref (types);
  return ok;
}

void
wire_value_set_free (WireValueSet *s)
{
  for (guint i = 0; i < s->n_values; i++)
    g_free ((char *) s->values[i].name);
  g_free (s->values);
  g_free (s->name);
  g_free (s);
}

/* Frees what one build attempt made; its value sets too when the build
 * failed (on success the registry has taken them). */
static void loader_clear (Loader *L, gboolean failed)
{
  if (failed)
    for (guint i = 0; i < L->owned_sets->len; i++)
      wire_value_set_free (g_ptr_array_index (L->owned_sets, i));
  g_hash_table_unref (L->enums);
  g_ptr_array_unref (L->owned_sets);
  g_hash_table_unref (L->abbrevs);
  g_string_free (L->errors, TRUE);
}

gboolean
wire_registry_build_parsed (WireRegistry *reg, WireParsedFile *pf, GError **error)
{
  Loader L = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (!reg->finished, FALSE);
  if (!pf->parsed)
    wire_parsed_file_parse (pf, FALSE);
  for (;;) {
    L.reg = reg;
    L.file = g_string_chunk_insert_const (reg->strings, pf->name);
    L.lines = pf->lines;
    L.enums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    L.owned_sets = g_ptr_array_new ();
    L.abbrevs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    L.errors = g_string_new (NULL);
    L.n_errors = 0;
    if (pf->error) {
      g_string_append_printf (L.errors, "%s\n", pf->error);
      L.n_errors++;
    } else {
      ok = load_root (&L, json_parser_get_root (pf->parser));
    }
    if (ok || pf->error || pf->lines_tracked)
      break;
    /* Errors name lines, which the fast parse did not record: parse again,
     * noting where each object starts, and build again for the messages.
     * A failed build changed nothing, so trying twice is safe. */
    loader_clear (&L, TRUE);
    wire_parsed_file_parse (pf, TRUE);
  }
  if (!ok) {
    gchar **lines = g_strsplit (L.errors->str, "\n", -1);
    for (gchar **l = lines; *l; l++)
      if (**l)
        g_ptr_array_add (reg->errors, g_strdup (*l));
    g_strfreev (lines);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", L.errors->str);
  }
  loader_clear (&L, !ok);
  return ok;
}

gboolean
wire_registry_load_data (WireRegistry *reg, const char *name, const char *data, gssize len, GError **error)
{
  WireParsedFile *pf = wire_parsed_file_new (name, data, len);
  gboolean ok = wire_registry_build_parsed (reg, pf, error);
  wire_parsed_file_free (pf);
  return ok;
}

gboolean
wire_registry_load_file (WireRegistry *reg, const char *path, GError **error)
{
  gchar *data;
  gsize len;
  GError *e = NULL;
  gboolean ok;

  if (!g_file_get_contents (path, &data, &len, &e)) {
    g_ptr_array_add (reg->errors, g_strdup_printf ("%s:0: %s", path, e->message));
    g_propagate_error (error, e);
    return FALSE;
  }
  ok = wire_registry_load_data (reg, path, data, (gssize) len, error);
  g_free (data);
  return ok;
}

