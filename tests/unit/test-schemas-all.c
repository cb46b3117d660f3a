/* Every schema file in schemas/ loads without a single error, and each
 * service has messages: this is what CI holds the schema files to. */
#include "wire-schema.h"

static void test_all_load (void)
{
  WireRegistry *reg = wire_registry_new ();
  const char *dirs[] = { TEST_SCHEMA_DIR, NULL };
  guint loaded = wire_registry_load_dirs (reg, dirs);
  const GPtrArray *errors = wire_registry_errors (reg);
  const GPtrArray *services;

  for (guint i = 0; i < errors->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (errors, i));
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (loaded, >=, 4);
  wire_registry_finish (reg);
  services = wire_registry_services (reg);
  for (guint i = 0; i < services->len; i++) {
    const WireService *s = g_ptr_array_index (services, i);
    g_test_message ("%s: %u messages", s->name, s->messages->len);
    g_assert_cmpuint (s->messages->len, >, 0);
  }
  g_assert_nonnull (wire_registry_service_by_name (reg, "dms"));
  g_assert_cmpuint (wire_registry_n_fields (reg), >, 100);
  wire_registry_free (reg);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schemas/all-load", test_all_load);
  return g_test_run ();
}
