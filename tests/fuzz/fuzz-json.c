/* libFuzzer target: the schema reader alone, with what must hold of any
 * tree it returns: strings are valid UTF-8, every value's line lies in the
 * text, objects hold no key twice; a refusal says "line[:column]: why". */
#include <stdio.h>
#include <string.h>
#include "wire-json-reader.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t len);

static void check (const WireJson *v, guint lines)
{
  g_assert (v->line >= 1 && v->line <= lines);
  switch (v->kind) {
  case WIRE_JSON_STRING:
    g_assert (g_utf8_validate (v->v.string, -1, NULL));
    break;
  case WIRE_JSON_ARRAY:
    for (guint i = 0; i < v->n; i++) {
      g_assert (v->v.elements[i]->line >= v->line);
      check (v->v.elements[i], lines);
    }
    break;
  case WIRE_JSON_OBJECT:
    for (guint i = 0; i < v->n; i++) {
      g_assert (g_utf8_validate (v->v.members[i].key, -1, NULL));
      g_assert (wire_json_get (v, v->v.members[i].key) == v->v.members[i].value); /* first is the only */
      check (v->v.members[i].value, lines);
    }
    break;
  default:
    break;
  }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t len)
{
  char *err = NULL;
  WireJsonDoc *doc = wire_json_parse ((const char *) data, len, &err);
  guint lines = 1;
  for (size_t i = 0; i < len; i++)
    lines += data[i] == '\n';
  if (doc) {
    g_assert (err == NULL);
    check (wire_json_doc_root (doc), lines);
    wire_json_doc_free (doc);
  } else {
    guint line = 0;
    g_assert (err != NULL);
    g_assert (sscanf (err, "%u", &line) == 1 && line >= 1 && line <= lines);
    g_free (err);
  }
  return 0;
}
