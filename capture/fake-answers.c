/* The answers of the fake QMI peers; see fake-answers.h. */
#include "fake-answers.h"
#include "schema-load.h"
#include "wire-encode.h"
#include "wire-qmux.h"

WireRegistry *
fake_load_schemas (const char *prog, char **extra_dirs, FakeErrors *errors)
{
  const struct { const char *name; guint16 *out; } wanted[] = {
    { "Internal", &errors->internal },
    { "ClientIdsExhausted", &errors->client_ids_exhausted },
    { "InvalidQmiCommand", &errors->invalid_qmi_command },
  };
  WireRegistry *reg = schema_load (extra_dirs, prog);

  schema_print_errors (reg, prog);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (!wire_registry_qmi_error_number (reg, wanted[i].name, wanted[i].out)) {
      g_printerr ("%s: the schemas name no QMI error \"%s\" (common.json's enum \"error\"), which this "
                  "program answers with\n", prog, wanted[i].name);
      wire_registry_free (reg);
      return NULL;
    }
  return reg;
}

JsonParser *
fake_load_responses (const char *prog, const char *path, const char *builtin, JsonObject **out)
{
  JsonParser *parser = json_parser_new ();
  GError *error = NULL;
  const char *origin = path ? path : "built-in responses";
  JsonNode *root;

  if (path ? !json_parser_load_from_file (parser, path, &error)
           : !json_parser_load_from_data (parser, builtin, -1, &error)) {
    g_printerr ("%s: %s: %s\n", prog, origin, error->message);
    g_error_free (error);
    g_object_unref (parser);
    return NULL;
  }
  root = json_parser_get_root (parser);
  if (!root || !JSON_NODE_HOLDS_OBJECT (root)) {
    g_printerr ("%s: %s: the top level must be an object keyed by service.message\n", prog, origin);
    g_object_unref (parser);
    return NULL;
  }
  *out = json_node_get_object (root);
  return parser;
}

static const WireMessage *find_response (const WireService *svc, const char *name)
{
  for (guint i = 0; svc && i < svc->messages->len; i++) {
    const WireMessage *msg = g_ptr_array_index (svc->messages, i);
    if (msg->kind == WIRE_QMI_RESPONSE && g_str_equal (msg->name, name))
      return msg;
  }
  return NULL;
}

gboolean
fake_check_responses (const char *prog, const WireRegistry *reg, JsonObject *responses, const char *origin,
                      const WireService *only)
{
  GList *keys = json_object_get_members (responses);
  gboolean ok = TRUE;

  for (GList *k = keys; k; k = k->next) {
    const char *key = k->data;
    char **parts = g_strsplit (key, ".", 2);
    const WireService *svc = parts[0] && parts[1] ? wire_registry_service_by_name (reg, parts[0]) : NULL;
    const WireMessage *resp = svc ? find_response (svc, parts[1]) : NULL;
    JsonNode *v = json_object_get_member (responses, key);

    if (only && svc != only) {
      /* another service's answers: one file can serve several programs */
    } else if (!resp) {
      g_printerr ("%s: %s: \"%s\": no such service.message with a response\n", prog, origin, key);
      ok = FALSE;
    } else if (!JSON_NODE_HOLDS_OBJECT (v)) {
      g_printerr ("%s: %s: \"%s\": values must be an object keyed by TLV name\n", prog, origin, key);
      ok = FALSE;
    } else {
      GError *err = NULL;
      GByteArray *t = wire_encode_tlvs (resp, v, &err);
      if (!t) {
        g_printerr ("%s: %s: \"%s\": %s\n", prog, origin, key, err->message);
        g_error_free (err);
        ok = FALSE;
      } else {
        g_byte_array_unref (t);
      }
    }
    g_strfreev (parts);
  }
  g_list_free (keys);
  return ok;
}

GByteArray *
fake_failure_tlvs (guint16 error)
{
  GByteArray *t = g_byte_array_new ();
  guint8 v[4] = { 1, 0, (guint8) error, (guint8) (error >> 8) };
  wire_qmi_append_tlv (t, WIRE_QMI_TLV_RESULT, v, 4);
  return t;
}

GByteArray *
fake_response_tlvs (const char *prog, JsonObject *responses, guint seed, const WireService *svc,
                    const WireMessage *resp, JsonObject *computed, const FakeErrors *errors)
{
  char *key = g_strdup_printf ("%s.%s", svc->name, resp->name);
  JsonObject *values;
  GError *err = NULL;
  GByteArray *out;
  JsonNode *node;

  if (responses && json_object_has_member (responses, key)) {
    /* a copy: the result added below must not stick to the canned values */
    node = json_node_copy (json_object_get_member (responses, key));
  } else if (computed) {
    node = json_node_new (JSON_NODE_OBJECT);
    json_node_set_object (node, computed);
  } else {
    node = wire_sample_values (resp, seed);
  }
  if (computed)
    json_object_unref (computed);
  values = json_node_get_object (node);
  if (!json_object_has_member (values, "result")) {
    JsonObject *r = json_object_new ();
    json_object_set_string_member (r, "status", "success");
    json_object_set_string_member (r, "error", "None");
    json_object_set_object_member (values, "result", r);
  }
  out = wire_encode_tlvs (resp, node, &err);
  if (!out) {
    g_printerr ("%s: %s: %s\n", prog, key, err->message);
    g_clear_error (&err);
    out = fake_failure_tlvs (errors->internal);
  }
  json_node_unref (node);
  g_free (key);
  return out;
}
