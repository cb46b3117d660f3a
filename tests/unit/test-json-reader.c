/* The schema reader: values and the lines they start on, comments, escapes,
 * and each malformed input refused with the line and column of the fault. */
#include <string.h>
#include "wire-json-reader.h"

static WireJsonDoc *parse_ok (const char *text)
{
  char *err = NULL;
  WireJsonDoc *doc = wire_json_parse (text, strlen (text), &err);
  if (!doc)
    g_test_message ("unexpected error: %s", err);
  g_assert_null (err);
  g_assert_nonnull (doc);
  return doc;
}

static void test_values (void)
{
  const char *text =
    "// a schema-like file\n"
    "{\n"
    "  \"name\": \"dms\", /* inline */ \"id\": 2,\n"
    "  \"neg\": -40, \"big\": 18446744073709551615, \"scale\": 0.5e1,\n"
    "  \"yes\": true, \"no\": false, \"none\": null,\n"
    "  \"list\": [ 1, \"two\",\n"
    "            { \"three\": [] } ],\n"
    "  \"empty\": {}\n"
    "}\n";
  WireJsonDoc *doc = parse_ok (text);
  const WireJson *root = wire_json_doc_root (doc), *v, *list;

  g_assert_cmpint (root->kind, ==, WIRE_JSON_OBJECT);
  g_assert_cmpuint (root->line, ==, 2);
  g_assert_cmpuint (root->n, ==, 10);
  /* members keep the file's order */
  g_assert_cmpstr (root->v.members[0].key, ==, "name");
  g_assert_cmpstr (root->v.members[9].key, ==, "empty");

  v = wire_json_get (root, "name");
  g_assert_cmpint (v->kind, ==, WIRE_JSON_STRING);
  g_assert_cmpstr (v->v.string, ==, "dms");
  g_assert_cmpuint (v->line, ==, 3);
  v = wire_json_get (root, "id");
  g_assert_cmpint (v->kind, ==, WIRE_JSON_INT);
  g_assert_cmpint (v->v.integer, ==, 2);
  g_assert_cmpint (wire_json_get (root, "neg")->v.integer, ==, -40);
  /* past gint64: kept as a number rather than refused or wrapped */
  v = wire_json_get (root, "big");
  g_assert_cmpint (v->kind, ==, WIRE_JSON_DOUBLE);
  g_assert_cmpfloat (v->v.number, ==, 18446744073709551615.0);
  v = wire_json_get (root, "scale");
  g_assert_cmpint (v->kind, ==, WIRE_JSON_DOUBLE);
  g_assert_cmpfloat (wire_json_number (v), ==, 5.0);
  g_assert_cmpfloat (wire_json_number (wire_json_get (root, "id")), ==, 2.0);
  g_assert_cmpint (wire_json_get (root, "yes")->kind, ==, WIRE_JSON_BOOL);
  g_assert_true (wire_json_get (root, "yes")->v.boolean);
  g_assert_false (wire_json_get (root, "no")->v.boolean);
  g_assert_cmpint (wire_json_get (root, "none")->kind, ==, WIRE_JSON_NULL);
  g_assert_cmpuint (wire_json_get (root, "none")->line, ==, 5);

  list = wire_json_get (root, "list");
  g_assert_cmpint (list->kind, ==, WIRE_JSON_ARRAY);
  g_assert_cmpuint (list->n, ==, 3);
  g_assert_cmpint (list->v.elements[0]->v.integer, ==, 1);
  g_assert_cmpstr (list->v.elements[1]->v.string, ==, "two");
  v = list->v.elements[2];
  g_assert_cmpint (v->kind, ==, WIRE_JSON_OBJECT);
  g_assert_cmpuint (v->line, ==, 7);
  g_assert_cmpuint (wire_json_get (v, "three")->n, ==, 0);
  g_assert_cmpuint (wire_json_get (root, "empty")->n, ==, 0);

  g_assert_null (wire_json_get (root, "missing"));
  g_assert_null (wire_json_get (list, "name")); /* not an object */
  g_assert_cmpfloat (wire_json_number (list), ==, 0);
  wire_json_doc_free (doc);
}

static void test_strings (void)
{
  WireJsonDoc *doc = parse_ok ("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20ac\", \"\\ud83d\\ude00\", "
                               "\"caf\xc3\xa9\", \"// not a comment\", \"/* nor this */\"]");
  const WireJson *a = wire_json_doc_root (doc);
  g_assert_cmpstr (a->v.elements[0]->v.string, ==, "a\"b\\c/d\b\f\n\r\t");
  g_assert_cmpstr (a->v.elements[1]->v.string, ==, "\xc3\xa9\xe2\x82\xac");
  g_assert_cmpstr (a->v.elements[2]->v.string, ==, "\xf0\x9f\x98\x80");
  g_assert_cmpstr (a->v.elements[3]->v.string, ==, "caf\xc3\xa9");
  g_assert_cmpstr (a->v.elements[4]->v.string, ==, "// not a comment");
  g_assert_cmpstr (a->v.elements[5]->v.string, ==, "/* nor this */");
  wire_json_doc_free (doc);
}

/* Objects above the pairwise duplicate check's size take the hash path. */
static void test_large_object (void)
{
  GString *s = g_string_new ("{");
  WireJsonDoc *doc;
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (s, "%s\"k%u\": %u", i ? "," : "", i, i);
  g_string_append (s, "}");
  doc = parse_ok (s->str);
  g_assert_cmpuint (wire_json_doc_root (doc)->n, ==, 300);
  g_assert_cmpint (wire_json_get (wire_json_doc_root (doc), "k299")->v.integer, ==, 299);
  wire_json_doc_free (doc);
  g_string_free (s, TRUE);
}

typedef struct {
  const char *what, *text;
  gssize len; /* -1: strlen */
  const char *error;
} BadCase;

static const BadCase bad_cases[] = {
  { "empty", "", -1, "1:1: expected a value, found the end of the file" },
  { "only a comment", "// nothing\n", -1, "2:1: expected a value, found the end of the file" },
  { "trailing comma in object", "{\n \"a\": 1,\n}", -1, "3:1: a comma before '}': JSON allows no trailing comma" },
  { "trailing comma in list", "[1,\n 2,\n ]", -1, "3:2: a comma before ']': JSON allows no trailing comma" },
  { "comma for a member", "{ \"a\": 1, , \"b\": 2 }", -1, "1:11: expected a member name in quotes, found ','" },
  { "comma for a value", "[1, , 2]", -1, "1:5: expected a value, found ','" },
  { "missing colon", "{ \"a\" 1 }", -1, "1:7: expected ':' after \"a\"" },
  { "missing comma", "{ \"a\": 1\n  \"b\": 2 }", -1, "2:3: expected ',' or '}' in the object opened on line 1" },
  { "unclosed list", "[1, 2", -1, "1:6: expected ',' or ']' in the list opened on line 1, found the end of the file" },
  { "unquoted key", "{ a: 1 }", -1, "1:3: expected a member name in quotes" },
  { "single quotes", "['a']", -1, "1:2: expected a value, found an unexpected character" },
  { "capital literal", "[True]", -1, "1:2: expected a value" },
  { "leading zero", "[007]", -1, "1:2: numbers do not start with 0" },
  { "bare fraction", "[1.]", -1, "1:4: expected digits after the decimal point" },
  { "bare exponent", "[1e+]", -1, "1:5: expected digits in the exponent" },
  { "hex number", "[0x10]", -1, "1:3: expected ',' or ']'" },
  { "string never ends", "[\"abc", -1, "1:2: a string that never ends" },
  { "comment never ends", "[1, /* 2,\n 3 ]", -1, "1:5: a comment that never ends" },
  { "newline in string", "[\"a\nb\"]", -1, "1:4: a control character (0x0a) inside a string" },
  { "unknown escape", "[\"a\\x41\"]", -1, "1:4: unknown escape \\x" },
  { "short \\u", "[\"\\u12\"]", -1, "1:3: \\u needs four hex digits" },
  { "lone low surrogate", "[\"\\udc00\"]", -1, "1:3: \\udc00 is the second half of a surrogate pair, alone" },
  { "lone high surrogate", "[\"\\ud83d x\"]", -1, "1:3: \\ud83d must be followed by the second half" },
  { "NUL escape", "[\"a\\u0000b\"]", -1, "1:4: \\u0000: strings cannot hold a NUL character" },
  { "invalid UTF-8", "[\"caf\xc3\"]", -1, "1:6: bytes that are not UTF-8" },
  { "overlong UTF-8", "{\n\"a\": \"\xc0\xaf\"}", -1, "2:7: bytes that are not UTF-8" },
  { "NUL byte", "[1,\0 2]", 7, "1:4: a NUL byte" },
  { "two values", "{}\n{}", -1, "2:1: more after the end of the value: '{'" },
  { "duplicate key", "{\n \"a\": 1,\n \"b\": 2,\n \"a\": 3 }", -1, "4: \"a\" appears twice in one object (first on line 2)" },
};

static void test_bad (gconstpointer data)
{
  const BadCase *c = data;
  char *err = NULL;
  gsize len = c->len < 0 ? strlen (c->text) : (gsize) c->len;
  WireJsonDoc *doc = wire_json_parse (c->text, len, &err);
  g_assert_null (doc);
  g_assert_nonnull (err);
  if (!g_str_has_prefix (err, c->error))
    g_test_message ("got \"%s\", expected it to start \"%s\"", err, c->error);
  g_assert_true (g_str_has_prefix (err, c->error));
  g_free (err);
}

/* Text that is cut anywhere is refused, never read past its end. */
static void test_every_truncation (void)
{
  const char *text = "{ \"a\": [1, -2.5e3, \"x\\u00e9\\n\", true, null, { \"b\": false } ] /* c */ }";
  gsize len = strlen (text);
  for (gsize cut = 0; cut < len; cut++) {
    char *copy = g_memdup2 (text, cut); /* exactly cut bytes: ASan sees any overread */
    char *err = NULL;
    WireJsonDoc *doc = wire_json_parse (copy, cut, &err);
    g_assert_null (doc);
    g_assert_nonnull (err);
    g_free (err);
    g_free (copy);
  }
}

/* A deep file is refused at a fixed depth instead of exhausting the stack;
 * a duplicate in a large object is still found. */
static void test_limits (void)
{
  GString *s = g_string_new (NULL);
  char *err = NULL;
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (s, '[');
  g_assert_null (wire_json_parse (s->str, s->len, &err));
  g_assert_nonnull (strstr (err, "values nest deeper than 128 levels"));
  g_clear_pointer (&err, g_free);

  g_string_assign (s, "{");
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (s, "\"k%u\": %u,\n", i, i);
  g_string_append (s, "\"k7\": 0 }");
  g_assert_null (wire_json_parse (s->str, s->len, &err));
  g_assert_cmpstr (err, ==, "101: \"k7\" appears twice in one object");
  g_free (err);
  g_string_free (s, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-reader/values", test_values);
  g_test_add_func ("/json-reader/strings", test_strings);
  g_test_add_func ("/json-reader/large-object", test_large_object);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++) {
    gchar *path = g_strdup_printf ("/json-reader/bad/%s", bad_cases[i].what);
    g_test_add_data_func (path, &bad_cases[i], test_bad);
    g_free (path);
  }
  g_test_add_func ("/json-reader/every-truncation", test_every_truncation);
  g_test_add_func ("/json-reader/limits", test_limits);
  return g_test_run ();
}
