/* Every message of every schema file: sample values, encode them, walk the
 * bytes, and get the same values back with no problem reported. This holds
 * the encoder (used by the fake modem and the capture generators), the walker
 * and every schema to the same layout. */
#include "wire-schema.h"
#include "wire-encode.h"
#include "wire-walk.h"

static void count_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off G_GNUC_UNUSED,
                           gsize len G_GNUC_UNUSED, const char *detail)
{
  GString *s = d;
  g_string_append_printf (s, "%s; ", detail);
}

static void test_every_message (void)
{
  WireRegistry *reg = wire_registry_new ();
  const char *dirs[] = { TEST_SCHEMA_DIR, NULL };
  const GPtrArray *services;
  guint messages = 0, failures = 0;
  static const WireWalkVisitor problems_only = { NULL, NULL, NULL, NULL, NULL, count_problem };

  wire_registry_load_dirs (reg, dirs);
  wire_registry_finish (reg);
  services = wire_registry_services (reg);
  for (guint s = 0; s < services->len; s++) {
    const WireService *svc = g_ptr_array_index (services, s);
    for (guint m = 0; m < svc->messages->len; m++) {
      const WireMessage *msg = g_ptr_array_index (svc->messages, m);
      for (guint seed = 0; seed < 3; seed++) {
        JsonNode *values = wire_sample_values (msg, seed), *back;
        GError *e = NULL;
        GByteArray *bytes = wire_encode_tlvs (msg, values, &e);
        GString *problems = g_string_new (NULL);
        messages++;
        if (!bytes) {
          g_printerr ("%s.%s: cannot encode its own sample: %s\n", svc->name, msg->name, e->message);
          failures++;
          g_clear_error (&e);
        } else {
          wire_walk_message (msg, bytes->data, bytes->len, &problems_only, problems);
          back = wire_decode_values (msg, bytes->data, bytes->len);
          if (problems->len || !json_node_equal (values, back)) {
            gchar *a = json_to_string (values, FALSE), *b = json_to_string (back, FALSE);
            g_printerr ("%s.%s (%s): %s\n  sent %s\n  got  %s\n", svc->name, msg->name,
                        wire_qmi_kind_name (msg->kind), problems->str, a, b);
            g_free (a);
            g_free (b);
            failures++;
          }
          json_node_unref (back);
          g_byte_array_unref (bytes);
        }
        g_string_free (problems, TRUE);
        json_node_unref (values);
      }
    }
  }
  g_test_message ("%u message samples round-tripped, %u failed", messages, failures);
  g_assert_cmpuint (messages, >, 0);
  g_assert_cmpuint (failures, ==, 0);
  wire_registry_free (reg);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roundtrip/every-message", test_every_message);
  return g_test_run ();
}
