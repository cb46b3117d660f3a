/* Times what the plugin does at start-up (load and number every schema) and
 * runs the walker over the messages of a benchmark capture, for callgrind's
 * instruction counts per message.
 * usage: bench-core SCHEMA_DIR [walk N] */
#include <stdlib.h>
#include "wire-schema.h"
#include "wire-walk.h"

static void leaf (gpointer d, const WireValue *v) { (*(guint64 *) d) += v->length; }

int
main (int argc, char **argv)
{
  const char *dirs[] = { argc > 1 ? argv[1] : ".", NULL };
  gint64 t0 = g_get_monotonic_time ();
  WireRegistry *reg = wire_registry_new ();
  guint files = wire_registry_load_dirs (reg, dirs);
  wire_registry_finish (reg);
  gint64 t1 = g_get_monotonic_time ();

  g_print ("schema load: %u files, %u fields, %.1f ms\n", files, wire_registry_n_fields (reg), (t1 - t0) / 1000.0);
  if (argc > 3 && g_str_equal (argv[2], "walk")) {
    /* the NAS Get Signal Strength response of the benchmark capture */
    static const guint8 tlvs[] = { 0x02, 0x04, 0x00, 0, 0, 0, 0, 0x01, 0x02, 0x00, 0xb5, 0x08,
                                   0x16, 0x02, 0x00, 0xf6, 0x08, 0x17, 0x02, 0x00, 0x6e, 0x00,
                                   0x18, 0x02, 0x00, 0x8e, 0xff };
    const WireMessage *m = wire_service_find_message (wire_registry_service_by_name (reg, "nas"),
                                                      WIRE_QMI_RESPONSE, 0x0020, 0);
    WireWalkVisitor v = { .leaf = leaf };
    guint64 sink = 0;
    guint n = (guint) strtoul (argv[3], NULL, 10);
    for (guint i = 0; i < n; i++)
      wire_walk_message (m, tlvs, sizeof tlvs, &v, &sink);
    g_print ("walked %u messages (%" G_GUINT64_FORMAT " bytes of fields)\n", n, sink);
  }
  wire_registry_free (reg);
  return 0;
}
