/* Loading schema files into a registry: each file read by wire-json-reader
 * (JSON with comments, every value knowing its line), every object checked
 * against docs/schema-format.md and turned into the WireService /
 * WireMessage / WireField model; directories in load order and the search
 * path. A file with any error is dropped whole: nothing of it reaches the
 * registry. The loader depends on the registry (its private storage), never
 * the other way round. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include "wire-json-reader.h"
#include "wire-render.h"
#include "wire-schema-load.h"
#include "private/wire-schema-model-private.h"
#include "private/wire-schema-registry-private.h"

#ifndef QRTR_SCHEMA_INSTALL_DIR
#define QRTR_SCHEMA_INSTALL_DIR "/usr/local/share/qrtr-analyzer/schemas"
#endif

#define MAX_TYPE_DEPTH 16

/* What loading keeps from one file to the next, hung on the registry
 * (WireRegistry.load_state) and freed with it. */
typedef struct {
  GHashTable *common_types; /* name -> const WireJson* (type spec) in a document of docs */
  GHashTable *common_enums; /* name -> WireValueSet* (owned by the registry's value_sets) */
  GHashTable *abbrevs;      /* filter name -> AbbrevUse (signature, fields using it), for conflict checks */
  GPtrArray *docs;          /* WireJsonDoc* of common.json files, which common_types points into */
  GHashTable *loaded;       /* every loaded WireMessage* by (service, kind, id, vendor) ->
                             * its position in service->messages, so a file of n messages
                             * loads in O(n), not O(n^2) */
} LoadState;

typedef struct {
  WireRegistry *reg;
  LoadState *state;          /* reg's */
  const char *file;          /* interned */
  GHashTable *types;         /* this file's named types: name -> const WireJson* */
  GHashTable *enums;         /* this file's enums and flags: name -> WireValueSet* */
  GPtrArray *owned_sets;     /* WireValueSet* created for this file */
  GHashTable *abbrevs;       /* filter names this file adds -> signature */
  GHashTable *abbrev_where;  /* filter name -> the TLV object that named it first */
  GString *errors;           /* every problem, one per line */
  guint n_errors;
  const char *service;       /* this file's service name, NULL for common.json */
  GPtrArray *named;          /* common.json: its "services" (WireNamedService*), until accepted */
  gboolean keeps_doc;        /* common.json: the registry keeps its types, so its document */
} Loader;

/* A stable sort of n elements: glib 2.82 replaced g_qsort_with_data (gint
 * count, now deprecated) with g_sort_array (size_t count); both are stable. */
static void sort_stable (void *array, size_t n, size_t size, GCompareDataFunc compare)
{
#if GLIB_CHECK_VERSION(2, 82, 0)
  g_sort_array (array, n, size, compare, NULL);
#else
  g_return_if_fail (n <= G_MAXINT);
  g_qsort_with_data (array, (gint) n, size, compare, NULL);
#endif
}

/* ---------- errors ---------- */

static guint line_of (const WireJson *o)
{
  return o ? o->line : 0;
}

G_GNUC_PRINTF (3, 4)
static void fail (Loader *L, const WireJson *where, const char *fmt, ...)
{
  va_list ap;
  gchar *msg;
  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_string_append_printf (L->errors, "%s:%u: %s\n", L->file, line_of (where), msg);
  L->n_errors++;
  g_free (msg);
}

/* ---------- small readers ---------- */

static gboolean is_object (const WireJson *v) { return v && v->kind == WIRE_JSON_OBJECT; }
static gboolean is_array (const WireJson *v) { return v && v->kind == WIRE_JSON_ARRAY; }
static gboolean is_string (const WireJson *v) { return v && v->kind == WIRE_JSON_STRING; }
static gboolean has (const WireJson *o, const char *key) { return wire_json_get (o, key) != NULL; }

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
static gboolean read_int (Loader *L, const WireJson *o, const char *key, gint64 min, gint64 max,
                          gint64 *out)
{
  const WireJson *n = wire_json_get (o, key);
  gint64 v;
  if (!n || n->kind == WIRE_JSON_NULL || n->kind == WIRE_JSON_ARRAY || n->kind == WIRE_JSON_OBJECT) {
    fail (L, o, "\"%s\" must be a number", key);
    return FALSE;
  }
  if (n->kind == WIRE_JSON_INT) {
    v = n->v.integer;
  } else if (n->kind == WIRE_JSON_STRING) {
    const char *s = n->v.string;
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

static const char *read_string (Loader *L, const WireJson *o, const char *key)
{
  const WireJson *n = wire_json_get (o, key);
  if (!n)
    return NULL;
  if (!is_string (n)) {
    fail (L, o, "\"%s\" must be a string", key);
    return NULL;
  }
  return n->v.string;
}

static gboolean check_keys (Loader *L, const WireJson *o, const char *const *allowed, const char *what)
{
  gboolean ok = TRUE;
  for (guint i = 0; i < o->n; i++) {
    if (!g_strv_contains (allowed, o->v.members[i].key)) {
      fail (L, o, "unknown key \"%s\" in %s", o->v.members[i].key, what);
      ok = FALSE;
    }
  }
  return ok;
}

/* Words that people write in capitals: a title made from a name shows them
 * so ("fw_version_info" -> "FW version info", "get_ids" -> "Get IDs").
 * Sorted (strcmp order): title_from_name searches it. */
static const char *const acronyms[] = {
  "apn", "bdf", "cdma", "cid", "crc", "ddr", "dms", "dns", "ecio", "eid", "esn", "fw", "gps",
  "gsm", "hw", "iccid", "id", "ids", "imei", "ims", "imsi", "ip", "ipv4", "ipv6", "lte", "mac",
  "mcc", "meid", "mnc", "msa", "msisdn", "mtu", "nas", "pd", "pdp", "prl", "qmi", "qrtr", "rsrp",
  "rsrq", "rssi", "sim", "sinr", "sms", "snr", "soc", "sw", "uim", "umts", "url", "usb", "ussd",
  "utc", "wcdma", "wds", "xo",
};

static gint compare_acronym (gconstpointer key, gconstpointer entry)
{
  return strcmp (key, *(const char *const *) entry);
}

/* Every field without a title gets one, so this runs thousands of times at
 * start-up: one pass, one allocation, a binary search per word. */
static gchar *title_from_name (const char *name)
{
  GString *t = g_string_sized_new (strlen (name) + 1);
  const char *word = name;

  for (;;) {
    const char *end = strchr (word, '_');
    gsize n = end ? (gsize) (end - word) : strlen (word);
    char w[16];
    if (t->len)
      g_string_append_c (t, ' ');
    if (n < sizeof w) {
      memcpy (w, word, n);
      w[n] = '\0';
    }
    if (n < sizeof w && bsearch (w, acronyms, G_N_ELEMENTS (acronyms), sizeof acronyms[0], compare_acronym)) {
      for (gsize i = 0; i < n; i++)
        g_string_append_c (t, g_ascii_toupper (word[i]));
      /* "ids" reads as the plural of ID */
      if (g_str_equal (w, "ids"))
        t->str[t->len - 1] = 's';
    } else {
      g_string_append_len (t, word, (gssize) n);
    }
    if (!end)
      break;
    word = end + 1;
  }
  if (t->len)
    t->str[0] = g_ascii_toupper (t->str[0]);
  return g_string_free (t, FALSE);
}

/* ---------- enums and flags ---------- */

static gint compare_names64 (gconstpointer a, gconstpointer b, gpointer unused G_GNUC_UNUSED)
{
  const WireValueName64 *x = a, *y = b;
  return x->value < y->value ? -1 : x->value > y->value;
}

static WireValueSet *build_value_set (Loader *L, const WireJson *o, const char *name, gboolean is_flags)
{
  WireValueSet *set = g_new0 (WireValueSet, 1);
  guint n = 0;

  set->name = L->service ? g_strdup_printf ("%s.%s", L->service, name) : g_strdup (name);
  set->is_flags = is_flags;
  set->values = g_new0 (WireValueName64, o->n + 1);
  for (guint i = 0; i < o->n; i++) {
    const char *vname = o->v.members[i].key;
    gint64 v;
    if (!read_int (L, o, vname, G_MININT64, G_MAXINT64, &v))
      continue;
    if (is_flags && v == 0) {
      fail (L, o, "flag \"%s\" of \"%s\" has no bit set", vname, name);
      continue;
    }
    set->values[n].value = (guint64) v;
    set->values[n].name = g_strdup (vname);
    n++;
  }
  set->n_values = n;
  /* stable sort keeps the first-written name first among aliases */
  sort_stable (set->values, n, sizeof (WireValueName64), compare_names64);
  g_ptr_array_add (L->owned_sets, set);
  return set;
}

static void read_value_sets (Loader *L, const WireJson *root, const char *key, gboolean is_flags)
{
  const WireJson *n = wire_json_get (root, key);
  if (!n)
    return;
  if (!is_object (n)) {
    fail (L, root, "\"%s\" must be an object", key);
    return;
  }
  for (guint i = 0; i < n->n; i++) {
    const char *sname = n->v.members[i].key;
    const WireJson *v = n->v.members[i].value;
    if (!is_object (v)) {
      fail (L, v, "%s \"%s\" must be an object of name: value", key, sname);
      continue;
    }
    if (g_hash_table_contains (L->enums, sname)) {
      fail (L, v, "\"%s\" is defined twice", sname);
      continue;
    }
    g_hash_table_insert (L->enums, g_strdup (sname), build_value_set (L, v, sname, is_flags));
  }
}

static const WireValueSet *find_value_set (Loader *L, const WireJson *o, const char *key, gboolean is_flags)
{
  const WireJson *n = wire_json_get (o, key);
  WireValueSet *set;
  if (!n)
    return NULL;
  if (is_object (n))
    return build_value_set (L, n, key, is_flags);
  if (!is_string (n)) {
    fail (L, o, "\"%s\" must name a set or be an inline object", key);
    return NULL;
  }
  set = g_hash_table_lookup (L->enums, n->v.string);
  if (!set)
    set = g_hash_table_lookup (L->state->common_enums, n->v.string);
  if (!set)
    fail (L, o, "unknown %s \"%s\"", key, n->v.string);
  else if (set->is_flags != is_flags)
    fail (L, o, "\"%s\" is %s, not %s", n->v.string, set->is_flags ? "a flag set" : "an enum",
          is_flags ? "a flag set" : "an enum");
  return set;
}

/* ---------- type specs ---------- */

static const char *const field_keys[] = {
  "name", "id", "title", "description", "type", "size", "endian", "enum", "flags", "encoding",
  "prefix", "max", "of", "count", "fields", "personal", "unit", "scale", "display", "length_of", "special",
  "encoding_from", "encodings", "spare_bits_from", "length_unit", "time", "pcs_digit_from", NULL,
};

/* size: bytes of a number, or the fixed length of a bytes type (0 = set by
 * "size"/"prefix"). Semantic types are a wire layout plus a meaning. */
typedef struct { const char *name; WireTypeKind kind; guint size; WireSemantic semantic; } Primitive;
static const Primitive primitives[] = {
  { "u8", WIRE_TYPE_UINT, 1, WIRE_SEM_NONE }, { "u16", WIRE_TYPE_UINT, 2, WIRE_SEM_NONE }, { "u32", WIRE_TYPE_UINT, 4, WIRE_SEM_NONE },
  { "u64", WIRE_TYPE_UINT, 8, WIRE_SEM_NONE }, { "i8", WIRE_TYPE_INT, 1, WIRE_SEM_NONE }, { "i16", WIRE_TYPE_INT, 2, WIRE_SEM_NONE },
  { "i32", WIRE_TYPE_INT, 4, WIRE_SEM_NONE }, { "i64", WIRE_TYPE_INT, 8, WIRE_SEM_NONE }, { "uint", WIRE_TYPE_UINT, 0, WIRE_SEM_NONE },
  { "int", WIRE_TYPE_INT, 0, WIRE_SEM_NONE }, { "f32", WIRE_TYPE_FLOAT, 4, WIRE_SEM_NONE }, { "f64", WIRE_TYPE_FLOAT, 8, WIRE_SEM_NONE },
  { "bool", WIRE_TYPE_BOOL, 1, WIRE_SEM_NONE }, { "string", WIRE_TYPE_STRING, 0, WIRE_SEM_NONE }, { "bytes", WIRE_TYPE_BYTES, 0, WIRE_SEM_NONE },
  { "array", WIRE_TYPE_ARRAY, 0, WIRE_SEM_NONE }, { "struct", WIRE_TYPE_STRUCT, 0, WIRE_SEM_NONE },
  { "ipv4", WIRE_TYPE_UINT, 4, WIRE_SEM_IPV4 }, { "ipv6", WIRE_TYPE_BYTES, 16, WIRE_SEM_IPV6 },
  { "mac", WIRE_TYPE_BYTES, 6, WIRE_SEM_MAC }, { "mcc", WIRE_TYPE_UINT, 2, WIRE_SEM_MCC },
  { "mnc", WIRE_TYPE_UINT, 2, WIRE_SEM_MNC }, { "pcs_digit", WIRE_TYPE_BOOL, 1, WIRE_SEM_PCS_DIGIT },
  { "plmn", WIRE_TYPE_BYTES, 3, WIRE_SEM_PLMN },
};

/* "time": the epoch and unit of a count (wire-render.c turns them into dates). */
static const struct { const char *name; WireTimeBase base; } time_bases[] = {
  { "unix_s", WIRE_TIME_UNIX_S }, { "unix_ms", WIRE_TIME_UNIX_MS }, { "gps_s", WIRE_TIME_GPS_S },
  { "gps_ms", WIRE_TIME_GPS_MS }, { "gps_1.25ms", WIRE_TIME_GPS_1_25MS },
};

static const struct { const char *name; WirePersonal kind; } personal_kinds[] = {
  { "imei", WIRE_PERSONAL_IMEI }, { "imsi", WIRE_PERSONAL_IMSI }, { "iccid", WIRE_PERSONAL_ICCID },
  { "msisdn", WIRE_PERSONAL_MSISDN }, { "sms", WIRE_PERSONAL_SMS }, { "position", WIRE_PERSONAL_POSITION },
};

/* In WireStrEncoding order; "hex" only as a choice's target. */
static const struct { const char *name; WireStrEncoding enc; } encodings[] = {
  { "ascii", WIRE_STR_ASCII }, { "utf8", WIRE_STR_UTF8 }, { "ucs2", WIRE_STR_UCS2 }, { "bcd", WIRE_STR_BCD },
  { "gsm7", WIRE_STR_GSM7 }, { "gsm7-packed", WIRE_STR_GSM7_PACKED }, { "utf8-or-gsm7", WIRE_STR_UTF8_OR_GSM7 },
  { "bcd-high-first", WIRE_STR_BCD_HIGH_FIRST }, { "chosen", WIRE_STR_CHOSEN }, { "hex", WIRE_STR_HEX },
};
G_STATIC_ASSERT (G_N_ELEMENTS (encodings) == WIRE_STR_N_ENCODINGS);

const char *
wire_str_encoding_name (WireStrEncoding enc)
{
  return (guint) enc < G_N_ELEMENTS (encodings) ? encodings[enc].name : "?";
}

/* An encoding a schema may write: CHOSEN is implied by "encoding_from",
 * HEX only names a choice's target. */
static gboolean find_encoding (const char *s, gboolean as_target, WireStrEncoding *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    if (g_str_equal (s, encodings[i].name) && encodings[i].enc != WIRE_STR_CHOSEN &&
        (as_target || encodings[i].enc != WIRE_STR_HEX)) {
      *out = encodings[i].enc;
      return TRUE;
    }
  return FALSE;
}

static const struct { const char *name; WireLenForm form; } prefixes[] = {
  { "none", WIRE_LEN_NONE }, { "u8", WIRE_LEN_U8 }, { "u16", WIRE_LEN_U16 }, { "u32", WIRE_LEN_U32 },
  { "rest", WIRE_LEN_REST },
};

static WireField *build_field (Loader *L, const WireJson *o, const char *name, gboolean whole_tlv, guint depth);
static void resolve_text_choice (Loader *L, const WireJson *o, WireField *f, WireField *const *members, guint index);

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

static void read_display (Loader *L, const WireJson *o, WireField *f)
{
  const char *s;
  const WireJson *n;

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
  if ((n = wire_json_get (o, "scale"))) {
    if (n->kind != WIRE_JSON_DOUBLE && n->kind != WIRE_JSON_INT)
      fail (L, o, "\"scale\" must be a number");
    else
      f->scale = wire_json_number (n);
  }
  if ((n = wire_json_get (o, "personal"))) {
    if (n->kind == WIRE_JSON_BOOL) {
      f->personal = n->v.boolean ? WIRE_PERSONAL_OTHER : WIRE_PERSONAL_NONE;
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
static void read_length_form (Loader *L, const WireJson *o, const char *key, WireField *f, gboolean is_array)
{
  const WireJson *n = wire_json_get (o, key);
  const char *s;
  gint64 fixed;

  if (!n)
    return;
  if (is_array && n->kind == WIRE_JSON_INT) {
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

/* "length_of": a u8/u16/u32 member states the length of a later sibling
 * that would otherwise run to the end of the TLV (a string or bytes with
 * prefix none), so the walker can hold the two to each other. */
static void resolve_length_of (Loader *L, const WireJson *list, WireField *f)
{
  for (guint e = 0; e < list->n; e++) {
    const WireJson *eo = list->v.elements[e];
    const char *target, *mname;
    guint i, j;
    if (!is_object (eo) || !(target = read_string (L, eo, "length_of")))
      continue;
    mname = read_string (L, eo, "name");
    for (i = 0; i < f->n_members && !g_str_equal (f->members[i]->name, mname ? mname : ""); i++)
      ;
    for (j = i + 1; j < f->n_members && !g_str_equal (f->members[j]->name, target); j++)
      ;
    if (i == f->n_members)
      continue; /* the member itself failed to build: already reported */
    if (f->members[i]->kind != WIRE_TYPE_UINT || f->members[i]->size > 4)
      fail (L, eo, "\"length_of\" needs an unsigned field of 1 to 4 bytes");
    else if (j == f->n_members)
      fail (L, eo, "\"length_of\": no later field \"%s\" next to \"%s\"", target, f->members[i]->name);
    else if ((f->members[j]->kind != WIRE_TYPE_STRING && f->members[j]->kind != WIRE_TYPE_BYTES) ||
             f->members[j]->len_form != WIRE_LEN_NONE)
      fail (L, eo, "\"length_of\": \"%s\" must be a string or bytes with prefix none", target);
    else
      f->members[i]->length_of = j + 1;
  }
}

/* "time": the count's epoch and unit; only on unsigned integers. */
static void read_time (Loader *L, const WireJson *o, WireField *f)
{
  const char *s = read_string (L, o, "time");
  if (!s)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (time_bases); i++)
    if (g_str_equal (s, time_bases[i].name)) {
      if (f->kind != WIRE_TYPE_UINT || f->semantic != WIRE_SEM_NONE || f->values || f->scale != 0)
        fail (L, o, "\"time\" applies to plain unsigned integers only");
      f->semantic = WIRE_SEM_TIME;
      f->time_base = time_bases[i].base;
      return;
    }
  fail (L, o, "\"time\": \"%s\" is not one of unix_s, unix_ms, gps_s, gps_ms, gps_1.25ms", s);
}

/* Bytes from member i to the end of member j, if every member in between
 * has one size (so the PCS digit flag after an MNC can be found); 0 if not. */
static guint fixed_distance (const WireField *f, guint i, guint j)
{
  guint n = 0;
  for (guint k = i; k < j; k++) {
    const WireField *m = f->members[k];
    if (m->kind > WIRE_TYPE_BOOL)
      return 0;
    n += m->size;
  }
  return n;
}

/* An MNC learns where its struct's PCS digit flag is (mcc, mnc, includes_pcs_digit). */
static void link_pcs_digit (WireField *f)
{
  for (guint i = 0; i < f->n_members; i++) {
    if (f->members[i]->semantic != WIRE_SEM_MNC)
      continue;
    for (guint j = i + 1; j < f->n_members; j++)
      if (f->members[j]->semantic == WIRE_SEM_PCS_DIGIT) {
        f->members[i]->pcs_digit_after = fixed_distance (f, i, j);
        break;
      }
  }
}

static void build_members (Loader *L, const WireJson *o, WireField *f, guint depth)
{
  const WireJson *n = wire_json_get (o, "fields");
  const WireJson *a;
  GHashTable *seen;

  if (!is_array (n)) {
    fail (L, o, "\"fields\" must be a list of fields");
    return;
  }
  a = n;
  f->n_members = a->n;
  f->members = g_new0 (WireField *, f->n_members + 1);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < f->n_members; i++) {
    const WireJson *e = a->v.elements[i];
    const WireJson *eo;
    const char *mname;
    if (!is_object (e)) {
      fail (L, o, "field %u of \"%s\" is not an object", i, f->name);
      continue;
    }
    eo = e;
    mname = read_string (L, eo, "name");
    if (!is_snake (mname)) {
      fail (L, eo, "field name \"%s\" must be snake_case ([a-z][a-z0-9_]*)", mname ? mname : "");
      continue;
    }
    if (g_hash_table_contains (seen, mname))
      fail (L, eo, "two fields named \"%s\" in \"%s\"", mname, f->name);
    g_hash_table_add (seen, (gpointer) mname);
    f->members[i] = build_field (L, eo, mname, FALSE, depth + 1);
    if (f->members[i] && f->members[i]->choice && !f->members[i]->choice->resolved)
      resolve_text_choice (L, eo, f->members[i], f->members, i);
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
  resolve_length_of (L, a, f);
  link_pcs_digit (f);
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
      return f->kind == WIRE_TYPE_ARRAY ? MIN (f->fixed * f->element->min_size, 1u << 20) : f->fixed * wire_text_unit (f);
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
static void check_value_fits (Loader *L, const WireJson *o, const WireField *f, const WireValueSet *set,
                              gboolean inline_set)
{
  gint64 lo, hi;
  if (!set || !inline_set || f->size >= 8)
    return;
  lo = -((gint64) 1 << (f->size * 8 - 1));
  hi = f->kind == WIRE_TYPE_INT ? ((gint64) 1 << (f->size * 8 - 1)) - 1 : ((gint64) 1 << (f->size * 8)) - 1;
  for (guint i = 0; i < set->n_values; i++) {
    gint64 v = (gint64) set->values[i].value;
    if (v < lo || v > hi) {
      fail (L, o, "value %s = %" G_GINT64_FORMAT " does not fit in %u byte(s)", set->values[i].name, v, f->size);
      return;
    }
  }
}

/* "special": the values of a plain integer that are no reading of it (a
 * timing advance of 0xFFFFFFFF is "unavailable", a 5G SNR of -32768 "n/a"),
 * as qmicli tells them apart; shown by name, never scaled or with the unit.
 * An enum names its values already; a semantic type has its own reading. */
static void read_special (Loader *L, const WireJson *o, WireField *f)
{
  const WireJson *n = wire_json_get (o, "special");
  if (!n)
    return;
  if ((f->kind != WIRE_TYPE_UINT && f->kind != WIRE_TYPE_INT) || f->values || f->semantic != WIRE_SEM_NONE) {
    fail (L, o, "\"special\" applies to plain integers only (not enums, flags, times or semantic types)");
    return;
  }
  if (!is_object (n) || n->n == 0) {
    fail (L, o, "\"special\" must be an object of name: value");
    return;
  }
  f->special = build_value_set (L, n, "special", FALSE);
  check_value_fits (L, o, f, f->special, TRUE);
}

/* ---------- text chosen by another field ----------
 * "encoding_from" / "encodings" / "spare_bits_from" name earlier siblings,
 * which exist only once the enclosing struct has built them: read_text_choice
 * keeps the names, resolve_text_choice (from build_members) finds them. */

static void read_text_choice (Loader *L, const WireJson *o, WireField *f)
{
  const char *from = read_string (L, o, "encoding_from");
  const char *spare = read_string (L, o, "spare_bits_from");
  const char *unit = read_string (L, o, "length_unit");
  const WireJson *map = wire_json_get (o, "encodings");

  if (unit) {
    if (!g_str_equal (unit, "septets") && !g_str_equal (unit, "bytes"))
      fail (L, o, "\"length_unit\" must be \"septets\" or \"bytes\"");
    f->septet_length = g_str_equal (unit, "septets");
  }
  if (!from && !spare && !map)
    return;
  if (f->kind != WIRE_TYPE_STRING) {
    fail (L, o, "\"encoding_from\", \"encodings\" and \"spare_bits_from\" apply to strings");
    return;
  }
  if (!from != !map) {
    fail (L, o, "\"encoding_from\" and \"encodings\" go together");
    return;
  }
  if (from && has (o, "encoding")) {
    fail (L, o, "a string has \"encoding\" or \"encoding_from\", not both");
    return;
  }
  if (map && !is_object (map) && !(is_string (map) && g_str_equal (map->v.string, "cbs-dcs"))) {
    fail (L, o, "\"encodings\" must be an object of value: encoding, or \"cbs-dcs\"");
    return;
  }
  f->choice = g_new0 (WireTextChoice, 1);
  f->choice->selector = -1;
  f->choice->spare_bits = -1;
  f->choice->selector_name = g_strdup (from);
  f->choice->spare_bits_name = g_strdup (spare);
  f->choice->pending_map = map;
  if (from)
    f->encoding = WIRE_STR_CHOSEN;
}

/* Only a struct member has siblings to take its encoding from. */
static void refuse_unresolved_choice (Loader *L, const WireJson *o, const WireField *f)
{
  if (f->choice && !f->choice->resolved)
    fail (L, o, "\"%s\" takes its encoding or spare bits from another field, so it must be a struct member",
          f->name);
}

static gint find_sibling (Loader *L, const WireJson *o, WireField *const *members, guint before, const char *key,
                          const char *name)
{
  for (guint i = 0; i < before; i++)
    if (members[i] && g_str_equal (members[i]->name, name)) {
      if (members[i]->kind != WIRE_TYPE_UINT && members[i]->kind != WIRE_TYPE_INT) {
        fail (L, o, "\"%s\": \"%s\" is not an integer field", key, name);
        return -1;
      }
      if (i >= WIRE_TEXT_CHOICE_MAX_MEMBER) {
        fail (L, o, "\"%s\": \"%s\" is field %u; only the first %u can be named", key, name, i,
              WIRE_TEXT_CHOICE_MAX_MEMBER);
        return -1;
      }
      return (gint) i;
    }
  fail (L, o, "\"%s\": no field \"%s\" before this one in the same struct", key, name);
  return -1;
}

/* A key of "encodings": a number, or a value name of the selector's enum. */
static gboolean choice_key (Loader *L, const WireJson *map, const char *key, const WireField *sel, guint64 *out)
{
  gchar *end = NULL;
  gint64 v;
  errno = 0;
  v = g_ascii_strtoll (key, &end, 0);
  if (*key && !*end && !errno) {
    *out = (guint64) v;
    return TRUE;
  }
  for (guint i = 0; sel->values && i < sel->values->n_values; i++)
    if (g_str_equal (sel->values->values[i].name, key)) {
      *out = sel->values->values[i].value;
      return TRUE;
    }
  fail (L, map, "\"encodings\": \"%s\" is neither a number nor a value of %s", key,
        sel->values ? sel->values->name : sel->name);
  return FALSE;
}

static void resolve_text_choice (Loader *L, const WireJson *o, WireField *f, WireField *const *members, guint index)
{
  WireTextChoice *c = f->choice;
  const WireJson *map = c->pending_map;

  c->pending_map = NULL;
  c->resolved = TRUE;
  if (c->spare_bits_name) {
    WireStrEncoding only = f->encoding;
    c->spare_bits = find_sibling (L, o, members, index, "spare_bits_from", c->spare_bits_name);
    if (!c->selector_name && only != WIRE_STR_GSM7_PACKED)
      fail (L, o, "\"spare_bits_from\" applies to \"gsm7-packed\" text");
  }
  if (!c->selector_name)
    return;
  c->selector = find_sibling (L, o, members, index, "encoding_from", c->selector_name);
  if (c->selector < 0)
    return;
  if (is_string (map)) {
    c->cbs_dcs = TRUE;
    if (members[c->selector]->size != 1)
      fail (L, o, "\"cbs-dcs\" needs a 1-byte \"%s\"", c->selector_name);
    return;
  }
  c->entries = g_new0 (WireTextChoiceEntry, map->n);
  for (guint i = 0; i < map->n; i++) {
    const WireJson *target = map->v.members[i].value;
    WireTextChoiceEntry *e = &c->entries[c->n_entries];
    if (!choice_key (L, map, map->v.members[i].key, members[c->selector], &e->value))
      continue;
    if (!is_string (target) || !find_encoding (target->v.string, TRUE, &e->encoding)) {
      fail (L, map, "\"encodings\": \"%s\" must name an encoding (ascii, utf8, ucs2, bcd, gsm7, gsm7-packed, "
            "utf8-or-gsm7, hex)", map->v.members[i].key);
      continue;
    }
    c->n_entries++;
  }
}

static WireField *build_field (Loader *L, const WireJson *o, const char *name, gboolean whole_tlv, guint depth)
{
  WireField *f;
  const char *type = read_string (L, o, "type");
  const WireJson *named = NULL;
  gint64 v;
  const char *s;

  if (depth > MAX_TYPE_DEPTH) {
    fail (L, o, "types nest deeper than %u (a type that contains itself?)", MAX_TYPE_DEPTH);
    return NULL;
  }
  if (!check_keys (L, o, field_keys, "a field"))
    return NULL;
  if (!type && has (o, "fields"))
    type = "struct";
  if (!type) {
    fail (L, o, "\"%s\" has neither \"type\" nor \"fields\"", name);
    return NULL;
  }

  f = g_new0 (WireField, 1);
  f->name = g_strdup (name);
  f->file = L->file;
  f->line = line_of (o);

  {
    guint i;
    for (i = 0; i < G_N_ELEMENTS (primitives); i++)
      if (g_str_equal (type, primitives[i].name))
        break;
    if (i == G_N_ELEMENTS (primitives)) {
      named = g_hash_table_lookup (L->types, type);
      if (!named)
        named = g_hash_table_lookup (L->state->common_types, type);
      if (!named) {
        fail (L, o, "unknown type \"%s\"", type);
        wire_field_free (f);
        return NULL;
      }
    } else {
      f->kind = primitives[i].kind;
      f->size = primitives[i].kind == WIRE_TYPE_BYTES ? 0 : primitives[i].size;
      f->semantic = primitives[i].semantic;
      if (f->kind == WIRE_TYPE_BYTES && primitives[i].size)
        f->fixed = primitives[i].size;
    }
  }

  if (named) {
    /* A named type: build it, then let this use rename and re-describe it. */
    WireField *t = build_field (L, named, name, whole_tlv, depth + 1);
    wire_field_free (f);
    if (!t)
      return NULL;
    t->file = L->file;
    t->line = line_of (o);
    for (const char *const *k = field_keys; *k; k++)
      if (has (o, *k) && !g_strv_contains ((const char *const[]) {
            "name", "id", "type", "title", "description", "personal", "unit", "scale", "display", "special",
            NULL }, *k))
        fail (L, o, "\"%s\" cannot be changed where the named type \"%s\" is used", *k, type);
    read_display (L, o, t);
    read_special (L, o, t);
    t->render = wire_render_kind_for (t);
    return t;
  }

  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_BOOL:
    if (has (o, "size") && f->semantic != WIRE_SEM_NONE) {
      fail (L, o, "\"%s\" has a fixed size; \"size\" does not apply", type);
    } else if (has (o, "size")) {
      if (read_int (L, o, "size", 1, 8, &v))
        f->size = (guint) v;
    } else if (f->size == 0) {
      fail (L, o, "\"%s\" needs a \"size\" of 1 to 8 bytes", type);
    }
    if (f->kind != WIRE_TYPE_BOOL) {
      const WireJson *set = wire_json_get (o, "enum");
      if (!set)
        set = wire_json_get (o, "flags");
      f->values = find_value_set (L, o, "enum", FALSE);
      if (!f->values)
        f->values = find_value_set (L, o, "flags", TRUE);
      if (f->values && f->values->is_flags)
        f->hex = TRUE;
      check_value_fits (L, o, f, f->values, set && is_object (set));
    }
    break;
  case WIRE_TYPE_FLOAT:
    break;
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
    f->len_form = f->kind == WIRE_TYPE_STRING && !whole_tlv ? WIRE_LEN_U8 : WIRE_LEN_NONE;
    if ((s = read_string (L, o, "encoding"))) {
      if (f->kind != WIRE_TYPE_STRING || !find_encoding (s, FALSE, &f->encoding))
        fail (L, o, "bad \"encoding\" \"%s\"", s);
    }
    read_text_choice (L, o, f);
    if (f->semantic != WIRE_SEM_NONE) {
      /* ipv6 and mac have their size; a prefix (DMS sends its MAC with one) replaces it */
      f->len_form = WIRE_LEN_FIXED;
      if (has (o, "size"))
        fail (L, o, "\"%s\" has a fixed size; \"size\" does not apply", type);
      read_length_form (L, o, "prefix", f, FALSE);
      if (f->len_form != WIRE_LEN_FIXED)
        f->fixed = 0;
    } else if (has (o, "size")) {
      if (read_int (L, o, "size", 1, 65535, &v)) {
        f->len_form = WIRE_LEN_FIXED;
        f->fixed = (guint) v;
      }
    } else {
      read_length_form (L, o, "prefix", f, FALSE);
    }
    if (has (o, "max") && read_int (L, o, "max", 1, 65535, &v))
      f->max_len = (guint) v;
    break;
  case WIRE_TYPE_ARRAY: {
    const WireJson *of = wire_json_get (o, "of");
    f->len_form = WIRE_LEN_U8;
    read_length_form (L, o, "count", f, TRUE);
    if (has (o, "max") && read_int (L, o, "max", 1, 65535, &v))
      f->max_len = (guint) v;
    if (of && is_object (of)) {
      f->element = build_field (L, of, "item", FALSE, depth + 1);
    } else if (of && is_string (of)) {
      /* "of": "name" reads as "of": { "type": "name" } */
      const WireJsonMember type = { "type", of };
      const WireJson ref = { .kind = WIRE_JSON_OBJECT, .line = of->line, .n = 1, .v.members = &type };
      f->element = build_field (L, &ref, "item", FALSE, depth + 1);
    } else {
      fail (L, o, "array \"%s\" needs \"of\": a type name or a type object", name);
    }
    if (f->element)
      refuse_unresolved_choice (L, o, f->element);
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
  if (f->kind == WIRE_TYPE_FLOAT && has (o, "size"))
    fail (L, o, "floats are f32 or f64; \"size\" does not apply");
  if ((s = read_string (L, o, "endian"))) {
    if (g_str_equal (s, "big"))
      f->big_endian = TRUE;
    else if (!g_str_equal (s, "little"))
      fail (L, o, "\"endian\" must be \"little\" or \"big\"");
  }
  read_display (L, o, f);
  read_time (L, o, f);
  read_special (L, o, f);
  if ((s = read_string (L, o, "pcs_digit_from"))) {
    if (f->semantic != WIRE_SEM_MNC)
      fail (L, o, "\"pcs_digit_from\" applies to \"mnc\" fields only");
    else
      f->pcs_digit_from = g_strdup (s);
  }
  if (!f->title)
    f->title = title_from_name (name);
  f->min_size = compute_min_size (f);
  f->render = wire_render_kind_for (f);
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
  return g_strdup_printf ("%s%u%s%s", kinds[f->kind], f->kind <= WIRE_TYPE_BOOL ? f->size : 0,
                          f->values ? (f->values->is_flags ? "F" : "E") : "",
                          (const char *const[]) { "", "/ipv4", "/ipv6", "/mac", "/time", "/mcc", "/mnc", "/pcs", "/plmn" }[f->semantic]);
}

/* Within the file; check_against_registry compares with what is loaded. */
static void name_fields (Loader *L, WireField *f, const char *abbrev, const WireJson *where)
{
  gchar *sig = field_signature (f);
  const char *prev = g_hash_table_lookup (L->abbrevs, abbrev);
  if (prev && !g_str_equal (prev, sig))
    fail (L, where, "filter name %s is used by two fields of different types (%s here, %s elsewhere)",
          abbrev, sig, prev);
  if (!prev)
    g_hash_table_insert (L->abbrev_where, g_strdup (abbrev), (gpointer) where);
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

/* "pcs_digit_from": an MNC whose PCS digit flag is in another TLV of its
 * message ("tlv" for a bool TLV, "tlv.member" for a bool member of a struct
 * TLV at a fixed offset), resolved once the message's TLVs are built. */
static void resolve_pcs_digit_from (Loader *L, const WireMessage *m, const WireTlvDef *own, WireField *f)
{
  const WireJson where = { .line = f->line };
  gchar **parts;
  const WireTlvDef *def = NULL;
  const WireField *flag;
  guint offset = 0;

  if (f->kind == WIRE_TYPE_STRUCT)
    for (guint i = 0; i < f->n_members; i++)
      resolve_pcs_digit_from (L, m, own, f->members[i]);
  if (f->kind == WIRE_TYPE_ARRAY)
    resolve_pcs_digit_from (L, m, own, f->element);
  if (!f->pcs_digit_from)
    return;
  parts = g_strsplit (f->pcs_digit_from, ".", 3);
  for (guint i = 0; i < m->n_tlvs && !def; i++)
    if (g_str_equal (m->tlvs[i].field->name, parts[0]))
      def = &m->tlvs[i];
  flag = def ? def->field : NULL;
  if (!def) {
    fail (L, &where, "\"pcs_digit_from\": %s %s has no TLV \"%s\"", m->name, kind_keys[m->kind], parts[0]);
  } else if (def == own) {
    fail (L, &where, "\"pcs_digit_from\": \"%s\" is the MNC's own TLV (a pcs_digit member of its struct says it)",
          parts[0]);
  } else if (parts[1] && parts[2]) {
    fail (L, &where, "\"pcs_digit_from\": \"%s\" names more than a TLV and one member", f->pcs_digit_from);
  } else if (parts[1]) {
    guint j;
    flag = NULL;
    for (j = 0; def->field->kind == WIRE_TYPE_STRUCT && j < def->field->n_members; j++)
      if (g_str_equal (def->field->members[j]->name, parts[1]))
        break;
    if (def->field->kind != WIRE_TYPE_STRUCT || j == def->field->n_members)
      fail (L, &where, "\"pcs_digit_from\": TLV \"%s\" has no member \"%s\"", parts[0], parts[1]);
    else if (j > 0 && !(offset = fixed_distance (def->field, 0, j)))
      fail (L, &where, "\"pcs_digit_from\": \"%s\" does not sit at a fixed offset in \"%s\"", parts[1], parts[0]);
    else
      flag = def->field->members[j];
  }
  if (flag && flag->kind != WIRE_TYPE_BOOL) {
    fail (L, &where, "\"pcs_digit_from\": \"%s\" is not a bool", f->pcs_digit_from);
  } else if (flag) {
    f->pcs_from_tlv = def->id;
    f->pcs_from_offset = offset;
    f->pcs_from_size = flag->size;
  }
  g_strfreev (parts);
}

static gint compare_tlv_ids (gconstpointer a, gconstpointer b)
{
  return (gint) ((const WireTlvDef *) a)->id - (gint) ((const WireTlvDef *) b)->id;
}

static WireMessage *build_message_kind (Loader *L, const WireJson *mo, const WireJson *tlvs, const char *name,
                                        const char *title, guint16 id, guint16 vendor, WireQmiKind kind)
{
  WireMessage *m = g_new0 (WireMessage, 1);
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = tlvs->n;
  guint8 seen[256] = { 0 };

  m->name = g_strdup (name);
  m->title = title ? g_strdup (title) : title_from_name (name);
  m->id = id;
  m->vendor = vendor;
  m->kind = kind;
  m->file = L->file;
  m->line = line_of (mo);
  m->tlvs = g_new0 (WireTlvDef, n);
  for (guint i = 0; i < n; i++) {
    const WireJson *e = tlvs->v.elements[i];
    const WireJson *to;
    const char *tname;
    gint64 tid;
    WireField *f;
    if (!is_object (e)) {
      fail (L, mo, "TLV %u of %s %s is not an object", i, name, kind_keys[kind]);
      continue;
    }
    to = e;
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
    refuse_unresolved_choice (L, to, f);
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
  for (guint i = 0; i < m->n_tlvs; i++)
    resolve_pcs_digit_from (L, m, &m->tlvs[i], m->tlvs[i].field);
  return m;
}

static void build_messages (Loader *L, const WireJson *root, GPtrArray *out)
{
  const WireJson *n = wire_json_get (root, "messages");
  const WireJson *a;
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *keys = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *keystore = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 64);

  if (!n || !is_array (n)) {
    fail (L, root, "\"messages\" must be a list");
    goto out;
  }
  a = n;
  g_array_set_size (keystore, a->n * WIRE_QMI_N_KINDS);
  for (guint i = 0; i < a->n; i++) {
    const WireJson *e = a->v.elements[i];
    const WireJson *mo;
    const char *name, *title;
    gint64 id, vendor = 0;
    gboolean any = FALSE;
    if (!is_object (e)) {
      fail (L, root, "message %u is not an object", i);
      continue;
    }
    mo = e;
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
    if (has (mo, "vendor") && !read_int (L, mo, "vendor", 1, 0xffff, &vendor))
      continue;
    for (guint k = 0; k < WIRE_QMI_N_KINDS; k++) {
      const WireJson *tn = wire_json_get (mo, kind_keys[k]);
      gint64 *key;
      if (!tn)
        continue;
      any = TRUE;
      if (!is_array (tn)) {
        fail (L, mo, "\"%s\" of %s must be a list of TLVs", kind_keys[k], name);
        continue;
      }
      key = &g_array_index (keystore, gint64, i * WIRE_QMI_N_KINDS + k);
      *key = (gint64) vendor << 32 | (gint64) k << 16 | id;
      if (g_hash_table_contains (keys, key))
        fail (L, mo, "%s 0x%04x is defined twice (vendor 0x%04x)", kind_keys[k], (guint) id, (guint) vendor);
      g_hash_table_add (keys, key);
      g_ptr_array_add (out, build_message_kind (L, mo, tn, name, title, (guint16) id,
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
  "service", "common", "title", "qmux", "qrtr", "sources", "enums", "flags", "types", "messages", "services", NULL,
};

static void read_types (Loader *L, const WireJson *root, GHashTable *into)
{
  const WireJson *n = wire_json_get (root, "types");
  if (!n)
    return;
  if (!is_object (n)) {
    fail (L, root, "\"types\" must be an object");
    return;
  }
  for (guint i = 0; i < n->n; i++) {
    const WireJson *t = n->v.members[i].value;
    if (!is_object (t)) {
      fail (L, t, "type \"%s\" must be an object", n->v.members[i].key);
      continue;
    }
    /* points into the document: common.json's stays with the registry */
    g_hash_table_insert (into, g_strdup (n->v.members[i].key), (gpointer) t);
  }
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

/* ---------- filter names across files ----------
 * Every loaded field's filter name is counted in LoadState.abbrevs with its
 * signature. A file may replace a message with one whose fields differ in
 * type (a user's newer copy of a service over an older installed one), so a
 * name only conflicts with what will still be loaded after the replacement. */

typedef struct {
  gchar *sig;
  guint refs;
} AbbrevUse;

static void abbrev_use_free (gpointer p)
{
  AbbrevUse *u = p;
  g_free (u->sig);
  g_free (u);
}

static GHashTable *
abbrev_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, abbrev_use_free);
}

/* Calls fn on every field of a message that carries a filter name. */
static void each_named_field (const WireField *f, void (*fn) (const WireField *, gpointer), gpointer data)
{
  fn (f, data);
  for (guint i = 0; i < f->n_members; i++)
    each_named_field (f->members[i], fn, data);
  if (f->element)
    each_named_field (f->element, fn, data);
}

static void count_one (const WireField *f, gpointer counts)
{
  g_hash_table_insert (counts, f->abbrev,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, f->abbrev)) + 1));
}

static void hold_one (const WireField *f, gpointer abbrevs)
{
  AbbrevUse *u = g_hash_table_lookup (abbrevs, f->abbrev);
  if (!u) {
    u = g_new0 (AbbrevUse, 1);
    u->sig = field_signature (f);
    g_hash_table_insert (abbrevs, g_strdup (f->abbrev), u);
  }
  u->refs++;
}

static void release_one (const WireField *f, gpointer abbrevs)
{
  AbbrevUse *u = g_hash_table_lookup (abbrevs, f->abbrev);
  if (u && --u->refs == 0)
    g_hash_table_remove (abbrevs, f->abbrev);
}

static void each_message_field (const WireMessage *m, void (*fn) (const WireField *, gpointer), gpointer data)
{
  for (guint t = 0; t < m->n_tlvs; t++)
    each_named_field (m->tlvs[t].field, fn, data);
}

/* The index of loaded messages: a message is its own key, hashed on the
 * four values that make it unique in the registry. */
static guint message_key_hash (gconstpointer p)
{
  const WireMessage *m = p;
  return g_direct_hash (m->service) ^ ((guint) m->id | (guint) m->kind << 16) ^ ((guint) m->vendor * 2654435761u);
}

static gboolean message_key_equal (gconstpointer a, gconstpointer b)
{
  const WireMessage *x = a, *y = b;
  return x->service == y->service && x->kind == y->kind && x->id == y->id && x->vendor == y->vendor;
}

static GHashTable *
message_index_new (void)
{
  return g_hash_table_new (message_key_hash, message_key_equal);
}

/* The loaded message of svc that m would replace (same kind, id, vendor). */
static WireMessage *replaced_by (const LoadState *state, const WireService *svc, const WireMessage *m,
                                 guint *position)
{
  WireMessage key = { .service = svc, .kind = m->kind, .id = m->id, .vendor = m->vendor };
  gpointer old, pos;

  if (!svc || !g_hash_table_lookup_extended (state->loaded, &key, &old, &pos))
    return NULL;
  if (position)
    *position = GPOINTER_TO_UINT (pos);
  return old;
}

static void check_against_registry (Loader *L, const char *service, GPtrArray *msgs)
{
  const WireService *svc = g_hash_table_lookup (L->reg->by_name, service);
  GHashTable *leaving = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter it;
  gpointer k, v;

  for (guint i = 0; i < msgs->len; i++) {
    const WireMessage *old = replaced_by (L->state, svc, g_ptr_array_index (msgs, i), NULL);
    if (old)
      each_message_field (old, count_one, leaving);
  }
  g_hash_table_iter_init (&it, L->abbrevs);
  while (g_hash_table_iter_next (&it, &k, &v)) {
    const AbbrevUse *u = g_hash_table_lookup (L->state->abbrevs, k);
    if (u && u->refs > GPOINTER_TO_UINT (g_hash_table_lookup (leaving, k)) && !g_str_equal (u->sig, v))
      fail (L, g_hash_table_lookup (L->abbrev_where, k),
            "filter name %s is used by two fields of different types (%s here, %s elsewhere)",
            (const char *) k, (const char *) v, u->sig);
  }
  g_hash_table_unref (leaving);
}

/* Adds a file's messages to its service: same (kind, id, vendor) replaces,
 * in the same place (wire_registry_finish sorts them). */
static void merge_messages (Loader *L, WireService *svc, GPtrArray *msgs)
{
  LoadState *state = L->state;
  for (guint i = 0; i < msgs->len; i++) {
    WireMessage *m = g_ptr_array_index (msgs, i);
    guint position;
    WireMessage *old = replaced_by (state, svc, m, &position);

    m->service = svc;
    if (old) {
      g_hash_table_remove (state->loaded, old);
      each_message_field (old, release_one, state->abbrevs);
      g_ptr_array_add (L->reg->garbage, old);
      g_ptr_array_index (svc->messages, position) = m;
    } else {
      position = svc->messages->len;
      g_ptr_array_add (svc->messages, m);
    }
    g_hash_table_insert (state->loaded, m, GUINT_TO_POINTER (position));
    each_message_field (m, hold_one, state->abbrevs);
  }
}

/* ---------- service names and ids ---------- */

static const char *const named_service_keys[] = { "name", "title", "qmux", "qrtr", NULL };

/* common.json's "services": services known by id and name only. Names and
 * ids are unique within the list; how they meet the service files is
 * checked when the registry is finished (wire-schema-names.c). */
static void read_named_services (Loader *L, const WireJson *root)
{
  const WireJson *list = wire_json_get (root, "services");
  if (!list)
    return;
  if (L->service) {
    fail (L, list, "\"services\" belongs in common.json (a service file names itself)");
    return;
  }
  if (!is_array (list)) {
    fail (L, root, "\"services\" must be a list of { name, title, qmux / qrtr }");
    return;
  }
  for (guint i = 0; i < list->n; i++) {
    const WireJson *o = list->v.elements[i];
    const char *name, *title;
    gint64 qmux = -1, qrtr = -1;
    WireNamedService *ns;
    if (!is_object (o)) {
      fail (L, o, "a \"services\" entry must be an object");
      continue;
    }
    check_keys (L, o, named_service_keys, "a \"services\" entry");
    name = read_string (L, o, "name");
    title = read_string (L, o, "title");
    if (has (o, "qmux"))
      read_int (L, o, "qmux", 0, 0xffff, &qmux);
    if (has (o, "qrtr"))
      read_int (L, o, "qrtr", 0, G_MAXINT32, &qrtr);
    if (!is_snake (name) || !title || !*title) {
      fail (L, o, "a \"services\" entry needs a snake_case \"name\" and a \"title\"");
      continue;
    }
    if (qmux < 0 && qrtr < 0) {
      fail (L, o, "service \"%s\" needs a \"qmux\" or \"qrtr\" id", name);
      continue;
    }
    if (qrtr < 0 && qmux > 0)
      qrtr = qmux; /* QMI services keep their ids on QRTR; CTL (QMUX 0) has none there */
    for (guint j = 0; j < L->named->len; j++) {
      const WireNamedService *other = g_ptr_array_index (L->named, j);
      if (g_str_equal (other->name, name))
        fail (L, o, "service \"%s\" is listed twice (first on line %u)", name, other->line);
      else if (qmux >= 0 && other->qmux_id == qmux)
        fail (L, o, "qmux id %" G_GINT64_FORMAT " of \"%s\" is also \"%s\" (line %u)", qmux, name,
              other->name, other->line);
      else if (qrtr >= 0 && other->qrtr_id == qrtr)
        fail (L, o, "qrtr id %" G_GINT64_FORMAT " of \"%s\" is also \"%s\" (line %u)", qrtr, name,
              other->name, other->line);
    }
    ns = g_new0 (WireNamedService, 1);
    ns->name = g_string_chunk_insert_const (L->reg->strings, name);
    ns->title = g_string_chunk_insert_const (L->reg->strings, title);
    ns->qmux_id = (gint) qmux;
    ns->qrtr_id = (gint) qrtr;
    ns->file = L->file;
    ns->line = o->line;
    g_ptr_array_add (L->named, ns);
  }
}

/* A service file's ids must not be another file's: the lookup by id would
 * silently pick one of them. */
static void check_service_ids (Loader *L, const WireJson *root, const char *service, gint64 qmux, gint64 qrtr)
{
  const WireService *self = g_hash_table_lookup (L->reg->by_name, service);
  const GPtrArray *all = L->reg->services;
  /* the QRTR id this file gives the service: its own, else the QMUX id for a new service */
  gint64 eff_qrtr = qrtr >= 0 ? qrtr : (qmux > 0 && (!self || self->qrtr_id < 0)) ? qmux : -1;

  for (guint i = 0; i < all->len; i++) {
    const WireService *s = g_ptr_array_index (all, i);
    if (s == self)
      continue;
    if (qmux >= 0 && s->qmux_id == qmux)
      fail (L, root, "qmux id %" G_GINT64_FORMAT " is already service \"%s\" (%s)", qmux, s->name, s->file);
    if (eff_qrtr >= 0 && s->qrtr_id == eff_qrtr)
      fail (L, root, "qrtr id %" G_GINT64_FORMAT " is already service \"%s\" (%s)", eff_qrtr, s->name, s->file);
  }
}

/* The error enum is a lookup table by number (the dissector's qmi.error,
 * every tool's error names): one name per number. */
static void check_error_enum (Loader *L, const WireJson *root)
{
  const WireValueSet *set = g_hash_table_lookup (L->enums, "error");
  const WireJson *enums = wire_json_get (root, "enums");
  const WireJson *where = enums ? wire_json_get (enums, "error") : NULL;
  if (!set)
    return;
  for (guint i = 1; i < set->n_values; i++)
    if (set->values[i].value == set->values[i - 1].value)
      fail (L, where, "error %" G_GUINT64_FORMAT " has two names, \"%s\" and \"%s\"", set->values[i].value,
            set->values[i - 1].name, set->values[i].name);
}

static gboolean load_root (Loader *L, const WireJson *rootn)
{
  const WireJson *root;
  gboolean common;
  const char *service;
  GHashTable *types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *msgs = g_ptr_array_new ();
  gint64 qmux = -1, qrtr = -1;
  gboolean ok;

  if (!is_object (rootn)) {
    g_string_append_printf (L->errors, "%s:1: the file must hold one JSON object\n", L->file);
    L->n_errors++;
    g_hash_table_unref (types);
    g_ptr_array_unref (msgs);
    return FALSE;
  }
  root = rootn;
  check_keys (L, root, file_keys, "the file");
  common = has (root, "common");
  L->keeps_doc = common;
  service = read_string (L, root, "service");
  if (!common && !is_snake (service))
    fail (L, root, "\"service\" must name the service in snake_case");
  L->service = common ? NULL : service;
  L->types = types;

  read_value_sets (L, root, "enums", FALSE);
  read_value_sets (L, root, "flags", TRUE);
  read_types (L, root, common ? L->state->common_types : types);
  if (has (root, "qmux"))
    read_int (L, root, "qmux", 0, 0xffff, &qmux);
  if (has (root, "qrtr"))
    read_int (L, root, "qrtr", 0, G_MAXINT32, &qrtr);
  if (!common && L->n_errors == 0)
    build_messages (L, root, msgs);
  if (common) {
    /* check every common type builds, so errors point at common.json */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, L->state->common_types);
    while (g_hash_table_iter_next (&it, &k, &v)) {
      WireField *f = build_field (L, v, k, FALSE, 0);
      if (f)
        wire_field_free (f);
    }
  }

  read_named_services (L, root);
  if (common)
    check_error_enum (L, root);
  if (!common && L->n_errors == 0)
    check_service_ids (L, root, service, qmux, qrtr);
  if (!common && L->n_errors == 0)
    check_against_registry (L, service, msgs);
  ok = L->n_errors == 0;
  if (ok && common) {
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init (&it, L->enums);
    while (g_hash_table_iter_next (&it, &k, &v))
      g_hash_table_replace (L->state->common_enums, g_strdup (k), v);
    /* the error names every tool prints: the latest common.json's enum */
    L->reg->qmi_errors = g_hash_table_lookup (L->state->common_enums, "error");
    wire_named_services_merge (L->reg, L->named);
  } else if (ok) {
    WireService *svc = find_or_add_service (L->reg, service, L->file);
    const char *title = read_string (L, root, "title");
    if (title)
      g_free (svc->title), svc->title = g_strdup (title);
    if (qmux >= 0)
      svc->qmux_id = (gint) qmux;
    if (qrtr >= 0)
      svc->qrtr_id = (gint) qrtr;
    else if (qmux > 0 && svc->qrtr_id < 0)
      svc->qrtr_id = (gint) qmux; /* QMI services keep their ids on QRTR; CTL (QMUX 0) has none there */
    merge_messages (L, svc, msgs);
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
  g_hash_table_unref (L->abbrev_where);
  g_string_free (L->errors, TRUE);
  g_ptr_array_unref (L->named);
}

static void load_state_free (gpointer p)
{
  LoadState *s = p;
  g_hash_table_unref (s->common_types);
  g_hash_table_unref (s->common_enums);
  g_hash_table_unref (s->abbrevs);
  g_ptr_array_unref (s->docs);
  g_hash_table_unref (s->loaded);
  g_free (s);
}

/* reg's load state, made on its first load. */
static LoadState *load_state_of (WireRegistry *reg)
{
  LoadState *s = reg->load_state;
  if (s)
    return s;
  s = g_new0 (LoadState, 1);
  s->common_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->common_enums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->abbrevs = abbrev_table_new ();
  s->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_json_doc_free);
  s->loaded = message_index_new ();
  reg->load_state = s;
  reg->load_state_free = load_state_free;
  return s;
}

gboolean
wire_registry_load_data (WireRegistry *reg, const char *name, const char *data, gssize len, GError **error)
{
  Loader L = { 0 };
  gboolean ok = FALSE;
  char *perr = NULL;
  WireJsonDoc *doc;

  g_return_val_if_fail (!reg->finished, FALSE);
  if (len < 0)
    len = (gssize) strlen (data);
  L.reg = reg;
  L.state = load_state_of (reg);
  L.file = g_string_chunk_insert_const (reg->strings, name);
  L.enums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  L.owned_sets = g_ptr_array_new ();
  L.abbrevs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  L.abbrev_where = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  L.errors = g_string_new (NULL);
  L.named = g_ptr_array_new_with_free_func (g_free);
  doc = wire_json_parse (data, (gsize) len, &perr);
  if (!doc) {
    g_string_append_printf (L.errors, "%s:%s\n", L.file, perr);
    L.n_errors++;
    g_free (perr);
  } else {
    ok = load_root (&L, wire_json_doc_root (doc));
  }
  if (!ok) {
    gchar **lines = g_strsplit (L.errors->str, "\n", -1);
    for (gchar **l = lines; *l; l++)
      if (**l)
        g_ptr_array_add (reg->errors, g_strdup (*l));
    g_strfreev (lines);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", L.errors->str);
  }
  /* the registry's common types point into common.json's document */
  if (L.keeps_doc)
    g_ptr_array_add (L.state->docs, doc);
  else
    wire_json_doc_free (doc);
  loader_clear (&L, !ok);
  return ok;
}

/* What a directory entry is when it is not a regular file, for the message. */
static const char *file_kind (mode_t mode)
{
  if (S_ISDIR (mode))
    return "a directory";
  if (S_ISFIFO (mode))
    return "a FIFO";
  if (S_ISCHR (mode))
    return "a character device";
  if (S_ISBLK (mode))
    return "a block device";
  if (S_ISSOCK (mode))
    return "a socket";
  return "not a regular file";
}

/* Reads a schema file whole. Every start of Wireshark and qrtr-capture reads
 * every *.json of the search path, so what sits there must not stall or
 * exhaust them: the open does not block (a FIFO would wait for a writer),
 * anything but a regular file is refused after fstat (a link to /dev/zero
 * never ends), and no more than WIRE_SCHEMA_MAX_FILE_SIZE is read (checked
 * on the size and again while reading, for files that grow or, like those
 * of /proc, claim a size of 0). */
static gboolean read_schema_file (const char *path, gchar **out, gsize *out_len, GError **error)
{
  struct stat st;
  GByteArray *buf;
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  int e;

  if (fd < 0) {
    e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot open: %s", g_strerror (e));
    return FALSE;
  }
  if (fstat (fd, &st) != 0) {
    e = errno;
    close (fd);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot stat: %s", g_strerror (e));
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    close (fd);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s, not a regular file; skipped", file_kind (st.st_mode));
    return FALSE;
  }
  if (st.st_size > WIRE_SCHEMA_MAX_FILE_SIZE) {
    close (fd);
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                 "%" G_GINT64_FORMAT " bytes, more than the %u a schema file may have; skipped",
                 (gint64) st.st_size, (guint) WIRE_SCHEMA_MAX_FILE_SIZE);
    return FALSE;
  }
  buf = g_byte_array_sized_new ((guint) st.st_size + 1);
  for (;;) {
    guint8 chunk[65536];
    ssize_t n = read (fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      e = errno;
      close (fd);
      g_byte_array_unref (buf);
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "cannot read: %s", g_strerror (e));
      return FALSE;
    }
    if (n == 0)
      break;
    if (buf->len + (gsize) n > WIRE_SCHEMA_MAX_FILE_SIZE) {
      close (fd);
      g_byte_array_unref (buf);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "more than the %u bytes a schema file may have; skipped", (guint) WIRE_SCHEMA_MAX_FILE_SIZE);
      return FALSE;
    }
    g_byte_array_append (buf, chunk, (guint) n);
  }
  close (fd);
  *out_len = buf->len;
  g_byte_array_append (buf, (const guint8 *) "", 1); /* NUL-terminated, as g_file_get_contents */
  *out = (gchar *) g_byte_array_free (buf, FALSE);
  return TRUE;
}

gboolean
wire_registry_load_file (WireRegistry *reg, const char *path, GError **error)
{
  gchar *data;
  gsize len;
  GError *e = NULL;
  gboolean ok;

  if (!read_schema_file (path, &data, &len, &e)) {
    g_ptr_array_add (reg->errors, g_strdup_printf ("%s:0: %s", path, e->message));
    g_propagate_prefixed_error (error, e, "%s: ", path);
    return FALSE;
  }
  ok = wire_registry_load_data (reg, path, data, (gssize) len, error);
  g_free (data);
  return ok;
}

/* ---------- directories ---------- */

static gint compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

guint
wire_registry_load_dirs (WireRegistry *reg, const char *const *dirs)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  guint loaded = 0;

  /* every file in load order: directories in order, common.json first in each
   * (every other file may use its types), then by name */
  for (; dirs && *dirs; dirs++) {
    GDir *dir = g_dir_open (*dirs, 0, NULL);
    GPtrArray *names;
    const char *name;
    if (!dir)
      continue; /* a search-path entry that does not exist is not an error */
    names = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)))
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    g_dir_close (dir);
    g_ptr_array_sort (names, compare_strings);
    for (guint pass = 0; pass < 2; pass++)
      for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index (names, i);
        if (g_str_equal (n, "common.json") == (pass == 0))
          g_ptr_array_add (paths, g_build_filename (*dirs, n, NULL));
      }
    g_ptr_array_unref (names);
  }
  /* one file after another: common first, later directories override */
  for (guint i = 0; i < paths->len; i++)
    if (wire_registry_load_file (reg, g_ptr_array_index (paths, i), NULL))
      loaded++;
  g_ptr_array_unref (paths);
  return loaded;
}

char **
wire_registry_default_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new ();
  const char *env = g_getenv ("QMI_SCHEMA_PATH");

  g_ptr_array_add (dirs, g_strdup (QRTR_SCHEMA_INSTALL_DIR));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "qrtr-analyzer", "schemas", NULL));
  if (env && *env) {
    gchar **parts = g_strsplit (env, ":", -1);
    guint n = g_strv_length (parts);
    /* the first directory listed wins, so it is loaded last */
    for (guint i = n; i > 0; i--)
      if (*parts[i - 1])
        g_ptr_array_add (dirs, g_strdup (parts[i - 1]));
    g_strfreev (parts);
  }
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}
