/* The schema model's destructors. The model's types are plain structs
 * (wire-schema-model.h); the loader builds them and the registry owns them. */
#include "private/wire-schema-model-private.h"

void
wire_field_free (WireField *f)
{
  if (!f)
    return;
  for (guint i = 0; i < f->n_members; i++)
    wire_field_free (f->members[i]);
  g_free (f->members);
  wire_field_free (f->element);
  if (f->choice) {
    g_free (f->choice->entries);
    g_free (f->choice->selector_name);
    g_free (f->choice->spare_bits_name);
    g_free (f->choice);
  }
  g_free (f->name);
  g_free (f->title);
  g_free (f->abbrev);
  g_free (f->description);
  g_free (f->unit);
  g_free (f->pcs_digit_from);
  g_free (f);
}

void
wire_message_free (WireMessage *m)
{
  if (!m)
    return;
  for (guint i = 0; i < m->n_tlvs; i++)
    wire_field_free (m->tlvs[i].field);
  g_free (m->tlvs);
  g_free (m->name);
  g_free (m->title);
  g_free (m);
}

void
wire_service_free (WireService *s)
{
  for (guint i = 0; i < s->messages->len; i++)
    wire_message_free (g_ptr_array_index (s->messages, i));
  g_ptr_array_unref (s->messages);
  g_free (s->name);
  g_free (s->title);
  g_free (s);
}

void
wire_value_set_free (WireValueSet *s)
{
  for (guint i = 0; i < s->n_values; i++)
    g_free ((char *) s->values[i].name);
  g_free (s->values);
  g_free (s->name);
  g_free (s);
}
