/* The schema reader (see wire-json-reader.h for why it exists): a recursive
 * descent over RFC 8259's grammar with comments allowed where whitespace is.
 * Values live in an arena owned by the document; members and elements are
 * gathered on one scratch stack shared by every nesting level and copied
 * into the arena when their object or array closes. */
#include <errno.h>
#include <string.h>
#include "wire-json-reader.h"

#define ARENA_BLOCK (64 * 1024)
#define MAX_DEPTH 128
#define MAX_NUMBER 256
#define SMALL_OBJECT 16 /* duplicate keys: pairwise below this, a hash table above */

struct _WireJsonDoc {
  GSList *blocks;
  char *cur;
  gsize left;
  const WireJson *root;
};

typedef struct {
  const char *p, *end;
  const char *line_start;
  guint line;
  guint depth;
  WireJsonDoc *doc;
  GArray *members;    /* WireJsonMember scratch for open objects */
  GPtrArray *elements; /* WireJson* scratch for open arrays */
  GString *buf;       /* string unescaping */
  char *error;
} Parser;

static gpointer arena_alloc (WireJsonDoc *d, gsize size)
{
  gpointer r;
  size = (size + 7) & ~(gsize) 7;
  if (size > d->left) {
    gsize bs = MAX (size, ARENA_BLOCK);
    d->cur = g_malloc (bs);
    d->left = bs;
    d->blocks = g_slist_prepend (d->blocks, d->cur);
  }
  r = d->cur;
  d->cur += size;
  d->left -= size;
  return r;
}

static const char *arena_strndup (WireJsonDoc *d, const char *s, gsize len)
{
  char *r = arena_alloc (d, len + 1);
  memcpy (r, s, len);
  r[len] = '\0';
  return r;
}

/* The first error wins: "line:column: message", or "line: message" where
 * only the line is known (column 0). */
static gboolean fail_va (Parser *P, guint line, guint column, const char *fmt, va_list ap)
{
  gchar *msg;
  if (P->error)
    return FALSE;
  msg = g_strdup_vprintf (fmt, ap);
  P->error = column ? g_strdup_printf ("%u:%u: %s", line, column, msg) : g_strdup_printf ("%u: %s", line, msg);
  g_free (msg);
  return FALSE;
}

G_GNUC_PRINTF (3, 4)
static gboolean fail_at (Parser *P, const char *at, const char *fmt, ...)
{
  va_list ap;
  guint line = P->line;
  const char *ls = P->line_start;
  /* at may lie ahead of the last newline counted */
  for (const char *q = ls; q < at && q < P->end; q++)
    if (*q == '\n')
      line++, ls = q + 1;
  va_start (ap, fmt);
  fail_va (P, line, (guint) (at - ls) + 1, fmt, ap);
  va_end (ap);
  return FALSE;
}

G_GNUC_PRINTF (3, 4)
static gboolean fail_line (Parser *P, guint line, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  fail_va (P, line, 0, fmt, ap);
  va_end (ap);
  return FALSE;
}

static const char *describe (const char *p, const char *end)
{
  if (p >= end)
    return "the end of the file";
  switch (*p) {
  case '{': return "'{'";
  case '}': return "'}'";
  case '[': return "'['";
  case ']': return "']'";
  case ',': return "','";
  case ':': return "':'";
  case '"': return "a string";
  default: return "an unexpected character";
  }
}

/* Whitespace and comments; FALSE on an unterminated block comment. */
static gboolean skip_space (Parser *P)
{
  const char *p = P->p, *end = P->end;
  while (p < end) {
    char c = *p;
    if (c == ' ' || c == '\t' || c == '\r') {
      p++;
    } else if (c == '\n') {
      P->line++;
      P->line_start = ++p;
    } else if (c == '/' && p + 1 < end && p[1] == '/') {
      while (p < end && *p != '\n')
        p++;
    } else if (c == '/' && p + 1 < end && p[1] == '*') {
      const char *open = p, *open_line_start = P->line_start;
      guint open_line = P->line;
      for (p += 2; p + 1 < end && !(p[0] == '*' && p[1] == '/'); p++)
        if (*p == '\n')
          P->line++, P->line_start = p + 1;
      if (p + 1 >= end) {
        /* name where it opened */
        P->line = open_line, P->line_start = open_line_start, P->p = end;
        return fail_at (P, open, "a comment that never ends");
      }
      p += 2;
    } else {
      break;
    }
  }
  P->p = p;
  return TRUE;
}

static WireJson *new_value (Parser *P, WireJsonKind kind)
{
  WireJson *v = arena_alloc (P->doc, sizeof *v);
  v->kind = kind;
  v->line = P->line;
  v->n = 0;
  return v;
}

static int hex4 (const char *p)
{
  int v = 0;
  for (int i = 0; i < 4; i++) {
    int c = p[i], d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      d = c - 'A' + 10;
    else
      return -1;
    v = v << 4 | d;
  }
  return v;
}

/* At the opening quote; the text is already known to be valid UTF-8. */
static const char *parse_string (Parser *P)
{
  const char *start = ++P->p, *p = start, *end = P->end;

  /* most strings have no escapes: one scan, one copy */
  while (p < end && *p != '"' && *p != '\\' && (guchar) *p >= 0x20)
    p++;
  if (p < end && *p == '"') {
    P->p = p + 1;
    return arena_strndup (P->doc, start, (gsize) (p - start));
  }
  g_string_truncate (P->buf, 0);
  g_string_append_len (P->buf, start, p - start);
  for (;;) {
    if (p >= end) {
      fail_at (P, start - 1, "a string that never ends");
      return NULL;
    }
    if (*p == '"')
      break;
    if ((guchar) *p < 0x20) {
      fail_at (P, p, "a control character (0x%02x) inside a string: write it as an escape", (guchar) *p);
      return NULL;
    }
    if (*p != '\\') {
      g_string_append_c (P->buf, *p++);
      continue;
    }
    if (p + 1 >= end) {
      fail_at (P, start - 1, "a string that never ends");
      return NULL;
    }
    switch (p[1]) {
    case '"': g_string_append_c (P->buf, '"'); break;
    case '\\': g_string_append_c (P->buf, '\\'); break;
    case '/': g_string_append_c (P->buf, '/'); break;
    case 'b': g_string_append_c (P->buf, '\b'); break;
    case 'f': g_string_append_c (P->buf, '\f'); break;
    case 'n': g_string_append_c (P->buf, '\n'); break;
    case 'r': g_string_append_c (P->buf, '\r'); break;
    case 't': g_string_append_c (P->buf, '\t'); break;
    case 'u': {
      int hi = end - p >= 6 ? hex4 (p + 2) : -1, lo;
      gunichar c;
      if (hi < 0) {
        fail_at (P, p, "\\u needs four hex digits");
        return NULL;
      }
      if (hi >= 0xdc00 && hi <= 0xdfff) {
        fail_at (P, p, "\\u%04x is the second half of a surrogate pair, alone", (guint) hi);
        return NULL;
      }
      if (hi >= 0xd800 && hi <= 0xdbff) {
        lo = end - p >= 12 && p[6] == '\\' && p[7] == 'u' ? hex4 (p + 8) : -1;
        if (lo < 0xdc00 || lo > 0xdfff) {
          fail_at (P, p, "\\u%04x must be followed by the second half of its surrogate pair", (guint) hi);
          return NULL;
        }
        c = 0x10000 + ((gunichar) (hi - 0xd800) << 10) + (gunichar) (lo - 0xdc00);
        p += 6;
      } else {
        c = (gunichar) hi;
      }
      if (c == 0) {
        fail_at (P, p, "\\u0000: strings cannot hold a NUL character");
        return NULL;
      }
      g_string_append_unichar (P->buf, c);
      p += 4;
      break;
    }
    default:
      fail_at (P, p, "unknown escape \\%c", g_ascii_isprint (p[1]) ? p[1] : '?');
      return NULL;
    }
    p += 2;
  }
  P->p = p + 1;
  return arena_strndup (P->doc, P->buf->str, P->buf->len);
}

static gboolean digits (const char **pp, const char *end)
{
  const char *p = *pp;
  while (p < end && g_ascii_isdigit (*p))
    p++;
  if (p == *pp)
    return FALSE;
  *pp = p;
  return TRUE;
}

static WireJson *parse_number (Parser *P)
{
  const char *start = P->p, *p = start, *end = P->end;
  gboolean integral = TRUE;
  char text[MAX_NUMBER + 1];
  WireJson *v;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0') {
    p++;
    if (p < end && g_ascii_isdigit (*p)) {
      fail_at (P, start, "numbers do not start with 0 (write hex as a string: \"0x10\")");
      return NULL;
    }
  } else if (!digits (&p, end)) {
    fail_at (P, start, "expected a value, found %s", describe (start, end));
    return NULL;
  }
  if (p < end && *p == '.') {
    p++;
    integral = FALSE;
    if (!digits (&p, end)) {
      fail_at (P, p, "expected digits after the decimal point");
      return NULL;
    }
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    p++;
    integral = FALSE;
    if (p < end && (*p == '+' || *p == '-'))
      p++;
    if (!digits (&p, end)) {
      fail_at (P, p, "expected digits in the exponent");
      return NULL;
    }
  }
  if (p - start > MAX_NUMBER) {
    fail_at (P, start, "a number longer than %u characters", MAX_NUMBER);
    return NULL;
  }
  memcpy (text, start, (gsize) (p - start));
  text[p - start] = '\0';
  v = new_value (P, WIRE_JSON_INT);
  if (integral) {
    gchar *stop;
    errno = 0;
    v->v.integer = g_ascii_strtoll (text, &stop, 10);
    if (errno == ERANGE)
      integral = FALSE; /* too big for gint64: keep it as a double, like other readers */
  }
  if (!integral) {
    v->kind = WIRE_JSON_DOUBLE;
    v->v.number = g_ascii_strtod (text, NULL);
  }
  P->p = p;
  return v;
}

static gboolean literal (Parser *P, const char *word)
{
  gsize n = strlen (word);
  if ((gsize) (P->end - P->p) < n || memcmp (P->p, word, n) != 0)
    return FALSE;
  P->p += n;
  return TRUE;
}

static const WireJson *parse_value (Parser *P);

static gboolean check_duplicates (Parser *P, const WireJsonMember *m, guint n)
{
  if (n < SMALL_OBJECT) {
    for (guint i = 1; i < n; i++)
      for (guint j = 0; j < i; j++)
        if (strcmp (m[i].key, m[j].key) == 0)
          return fail_line (P, m[i].value->line, "\"%s\" appears twice in one object (first on line %u)",
                            m[i].key, m[j].value->line);
  } else {
    GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
    gboolean ok = TRUE;
    for (guint i = 0; i < n && ok; i++)
      if (!g_hash_table_add (seen, (gpointer) m[i].key))
        ok = fail_line (P, m[i].value->line, "\"%s\" appears twice in one object", m[i].key);
    g_hash_table_unref (seen);
    return ok;
  }
  return TRUE;
}

static gboolean at (const Parser *P, char c)
{
  return P->p < P->end && *P->p == c;
}

/* Past the opening bracket of an object or array: FALSE on an error, else
 * *empty tells whether the closing one followed at once (and was taken). */
static gboolean enter (Parser *P, char close, gboolean *empty)
{
  P->p++;
  if (!skip_space (P))
    return FALSE;
  *empty = at (P, close);
  if (*empty)
    P->p++;
  return TRUE;
}

static const WireJson *parse_object (Parser *P)
{
  WireJson *o = new_value (P, WIRE_JSON_OBJECT);
  guint base = P->members->len;
  gboolean empty;

  if (!enter (P, '}', &empty))
    return NULL;
  if (empty)
    return o;
  for (;;) {
    WireJsonMember m;
    if (!at (P, '"')) {
      fail_at (P, P->p, "expected a member name in quotes, found %s", describe (P->p, P->end));
      return NULL;
    }
    if (!(m.key = parse_string (P)) || !skip_space (P))
      return NULL;
    if (!at (P, ':')) {
      fail_at (P, P->p, "expected ':' after \"%s\", found %s", m.key, describe (P->p, P->end));
      return NULL;
    }
    P->p++;
    if (!(m.value = parse_value (P)))
      return NULL;
    g_array_append_val (P->members, m);
    if (!skip_space (P))
      return NULL;
    if (at (P, ',')) {
      P->p++;
      if (!skip_space (P))
        return NULL;
      if (at (P, '}')) {
        fail_at (P, P->p, "a comma before '}': JSON allows no trailing comma");
        return NULL;
      }
      continue;
    }
    if (at (P, '}'))
      break;
    fail_at (P, P->p, "expected ',' or '}' in the object opened on line %u, found %s", o->line,
             describe (P->p, P->end));
    return NULL;
  }
  P->p++;
  o->n = P->members->len - base;
  o->v.members = arena_alloc (P->doc, o->n * sizeof (WireJsonMember));
  memcpy ((gpointer) o->v.members, &g_array_index (P->members, WireJsonMember, base), o->n * sizeof (WireJsonMember));
  g_array_set_size (P->members, base);
  if (!check_duplicates (P, o->v.members, o->n))
    return NULL;
  return o;
}

static const WireJson *parse_array (Parser *P)
{
  WireJson *a = new_value (P, WIRE_JSON_ARRAY);
  guint base = P->elements->len;
  gboolean empty;

  if (!enter (P, ']', &empty))
    return NULL;
  if (empty)
    return a;
  for (;;) {
    const WireJson *e = parse_value (P);
    if (!e || !skip_space (P))
      return NULL;
    g_ptr_array_add (P->elements, (gpointer) e);
    if (at (P, ',')) {
      P->p++;
      if (!skip_space (P))
        return NULL;
      if (at (P, ']')) {
        fail_at (P, P->p, "a comma before ']': JSON allows no trailing comma");
        return NULL;
      }
      continue;
    }
    if (at (P, ']'))
      break;
    fail_at (P, P->p, "expected ',' or ']' in the list opened on line %u, found %s", a->line,
             describe (P->p, P->end));
    return NULL;
  }
  P->p++;
  a->n = P->elements->len - base;
  a->v.elements = arena_alloc (P->doc, a->n * sizeof (WireJson *));
  memcpy ((gpointer) a->v.elements, P->elements->pdata + base, a->n * sizeof (WireJson *));
  g_ptr_array_set_size (P->elements, base);
  return a;
}

static const WireJson *parse_value (Parser *P)
{
  const WireJson *v = NULL;
  const char *at;
  WireJson *lit;

  if (!skip_space (P))
    return NULL;
  at = P->p;
  if (at >= P->end) {
    fail_at (P, at, "expected a value, found the end of the file");
    return NULL;
  }
  if (++P->depth > MAX_DEPTH) {
    fail_at (P, at, "values nest deeper than %u levels", MAX_DEPTH);
    return NULL;
  }
  switch (*at) {
  case '{':
    v = parse_object (P);
    break;
  case '[':
    v = parse_array (P);
    break;
  case '"': {
    const char *s;
    lit = new_value (P, WIRE_JSON_STRING);
    if ((s = parse_string (P)))
      lit->v.string = s, v = lit;
    break;
  }
  case 't':
  case 'f':
  case 'n':
    if (literal (P, "true") || literal (P, "false")) {
      lit = new_value (P, WIRE_JSON_BOOL);
      lit->v.boolean = *at == 't';
      v = lit;
    } else if (literal (P, "null")) {
      v = new_value (P, WIRE_JSON_NULL);
    } else {
      fail_at (P, at, "expected a value (true, false and null are written in lower case, strings in quotes)");
    }
    break;
  default:
    v = parse_number (P);
  }
  P->depth--;
  return v;
}

WireJsonDoc *
wire_json_parse (const char *text, gsize len, char **error_message)
{
  Parser P = { .line = 1 };
  const char *bad;
  const WireJson *root = NULL;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  if (!text)
    text = ""; /* an empty buffer may come as NULL; pointer arithmetic on NULL is undefined */
  P.p = P.line_start = text;
  P.end = text + len;
  P.doc = g_new0 (WireJsonDoc, 1);
  if (!g_utf8_validate_len (text, len, &bad)) {
    fail_at (&P, bad, bad < P.end && *bad == '\0' ? "a NUL byte" : "bytes that are not UTF-8");
  } else {
    P.members = g_array_new (FALSE, FALSE, sizeof (WireJsonMember));
    P.elements = g_ptr_array_new ();
    P.buf = g_string_new (NULL);
    root = parse_value (&P);
    if (root && skip_space (&P) && P.p < P.end)
      fail_at (&P, P.p, "more after the end of the value: %s", describe (P.p, P.end));
    g_array_unref (P.members);
    g_ptr_array_unref (P.elements);
    g_string_free (P.buf, TRUE);
  }
  if (P.error) {
    wire_json_doc_free (P.doc);
    if (error_message)
      *error_message = P.error;
    else
      g_free (P.error);
    return NULL;
  }
  P.doc->root = root;
  return P.doc;
}

const WireJson *
wire_json_doc_root (const WireJsonDoc *doc)
{
  return doc->root;
}

void
wire_json_doc_free (WireJsonDoc *doc)
{
  if (!doc)
    return;
  g_slist_free_full (doc->blocks, g_free);
  g_free (doc);
}

const WireJson *
wire_json_get (const WireJson *o, const char *key)
{
  if (!o || o->kind != WIRE_JSON_OBJECT)
    return NULL;
  for (guint i = 0; i < o->n; i++)
    if (strcmp (o->v.members[i].key, key) == 0)
      return o->v.members[i].value;
  return NULL;
}

double
wire_json_number (const WireJson *v)
{
  if (v && v->kind == WIRE_JSON_INT)
    return (double) v->v.integer;
  if (v && v->kind == WIRE_JSON_DOUBLE)
    return v->v.number;
  return 0;
}
