/* libFuzzer target: the TLV walker against every message of the source
 * schemas. The first two bytes choose the message, the rest is its TLVs. */
#include "wire-schema.h"
#include "wire-walk.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t len);

static GPtrArray *messages;
static WireRegistry *reg; /* loaded once, kept for the whole run */

static void noop_leaf (gpointer d, const WireValue *v)
{
  /* touch what a visitor reads, so sanitizers see it */
  if (v->str && v->str_len)
    *(volatile char *) d = v->str[v->str_len - 1];
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t len)
{
  static const WireWalkVisitor visitor = { NULL, NULL, NULL, NULL, noop_leaf, NULL };
  char sink;
  const WireMessage *msg;

  if (!messages) {
    reg = wire_registry_new ();
    const char *dirs[] = { FUZZ_SCHEMA_DIR, NULL };
    wire_registry_load_dirs (reg, dirs);
    wire_registry_finish (reg);
    messages = g_ptr_array_new ();
    for (guint s = 0; s < wire_registry_services (reg)->len; s++) {
      const WireService *svc = g_ptr_array_index (wire_registry_services (reg), s);
      for (guint m = 0; m < svc->messages->len; m++)
        g_ptr_array_add (messages, g_ptr_array_index (svc->messages, m));
    }
  }
  if (len < 2 || messages->len == 0)
    return 0;
  msg = g_ptr_array_index (messages, (data[0] << 8 | data[1]) % messages->len);
  wire_walk_message (msg, data + 2, len - 2, &visitor, &sink);
  return 0;
}
