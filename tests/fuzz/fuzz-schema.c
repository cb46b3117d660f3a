/* libFuzzer target: the schema loader on arbitrary text (comments, JSON,
 * validation, named types, value sets). */
#include "wire-schema.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t len);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t len)
{
  WireRegistry *reg = wire_registry_new ();
  wire_registry_load_data (reg, "fuzz.json", (const char *) data, (gssize) len, NULL);
  wire_registry_finish (reg);
  wire_registry_free (reg);
  return 0;
}
