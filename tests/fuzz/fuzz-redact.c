/* libFuzzer target: redaction of any bytes. The first two bytes choose the
 * message of the source schemas, the rest is its TLVs; the same input is
 * also redacted as an SMS PDU and as a USB string descriptor. Redaction must
 * never change the length, and the TLVs of the message (ids, lengths) and
 * the walker's problem count must stay what they were. */
#include <string.h>
#include "wire-schema.h"
#include "wire-redact.h"
#include "wire-walk.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t len);

static GPtrArray *messages;
static WireRegistry *reg;
static WireRedactor *redactor;

typedef struct {
  GString *shape;
  guint problems;
} Shape;

static void tlv_begin (gpointer d, const WireQmiTlv *t, const WireTlvDef *def G_GNUC_UNUSED)
{
  g_string_append_printf (((Shape *) d)->shape, "%02x/%u/%zu ", t->type, t->length, t->value_len);
}

static void problem (gpointer d, WireWalkProblem p, gsize o G_GNUC_UNUSED, gsize l G_GNUC_UNUSED,
                     const char *detail G_GNUC_UNUSED)
{
  /* an enum or string problem may come or go with other bytes; structure may not */
  if (p != WIRE_WALK_BAD_ENUM && p != WIRE_WALK_BAD_STRING)
    ((Shape *) d)->problems++;
}

static void shape (const WireMessage *msg, const guint8 *b, gsize n, Shape *s)
{
  static const WireWalkVisitor v = { tlv_begin, NULL, NULL, NULL, NULL, problem };
  s->shape = g_string_new (NULL);
  s->problems = 0;
  wire_walk_message (msg, b, n, &v, s);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t len)
{
  const WireMessage *msg;
  guint8 *copy;
  Shape a, b;

  if (!messages) {
    const char *dirs[] = { FUZZ_SCHEMA_DIR, NULL };
    reg = wire_registry_new ();
    wire_registry_load_dirs (reg, dirs);
    wire_registry_finish (reg);
    redactor = wire_redactor_new ((const guint8 *) "fuzz", 4);
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
  /* exact-size copies, so ASan sees any write past the value */
  copy = g_memdup2 (data + 2, len - 2);
  shape (msg, copy, len - 2, &a);
  wire_redact_tlvs (redactor, msg, copy, len - 2);
  shape (msg, copy, len - 2, &b);
  if (!g_str_equal (a.shape->str, b.shape->str) || a.problems != b.problems)
    __builtin_trap ();
  g_string_free (a.shape, TRUE);
  g_string_free (b.shape, TRUE);
  g_free (copy);
  copy = g_memdup2 (data, len);
  wire_redact_sms_pdu (redactor, copy, len);
  g_free (copy);
  copy = g_memdup2 (data, len);
  wire_redact_usb_serial (redactor, copy, len);
  g_free (copy);
  return 0;
}
