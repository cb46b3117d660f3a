/* See schema-load.h. */
#include "schema-load.h"

WireRegistry *
schema_load (char **extra_dirs, const char *prog)
{
  WireRegistry *reg = wire_registry_new ();
  char **dirs = wire_registry_default_dirs ();
  wire_registry_load_dirs (reg, (const char *const *) dirs);
  if (extra_dirs) {
    /* the first --schema-dir given wins, so it is loaded last */
    guint n = g_strv_length (extra_dirs);
    for (guint i = n; i > 0; i--) {
      const char *one[] = { extra_dirs[i - 1], NULL };
      if (!g_file_test (one[0], G_FILE_TEST_IS_DIR))
        g_printerr ("%s: --schema-dir %s: not a directory\n", prog, one[0]);
      wire_registry_load_dirs (reg, one);
    }
  }
  g_strfreev (dirs);
  wire_registry_finish (reg);
  return reg;
}

void
schema_print_errors (const WireRegistry *reg, const char *prog)
{
  const GPtrArray *errors = wire_registry_errors (reg);
  for (guint i = 0; i < errors->len; i++)
    g_printerr ("%s: schema: %s\n", prog, (const char *) g_ptr_array_index (errors, i));
}
