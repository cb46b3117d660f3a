/* The schema registry: the loaded services, numbering fields once loading
 * is done, and the lookups the dissector and the decoder make per message.
 * The loader (wire-schema-load.c) fills it; nothing here calls the loader. */
#include "private/wire-schema-model-private.h"
#include "private/wire-schema-registry-private.h"

WireRegistry *
wire_registry_new (void)
{
  WireRegistry *reg = g_new0 (WireRegistry, 1);
  reg->services = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_service_free);
  reg->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  reg->errors = g_ptr_array_new_with_free_func (g_free);
  reg->fields = g_ptr_array_new ();
  reg->garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_message_free);
  reg->value_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_value_set_free);
  reg->strings = g_string_chunk_new (256);
  reg->named = g_ptr_array_new_with_free_func (g_free);
  return reg;
}

void
wire_registry_free (WireRegistry *reg)
{
  if (!reg)
    return;
  g_ptr_array_unref (reg->services);
  g_hash_table_unref (reg->by_name);
  g_ptr_array_unref (reg->errors);
  g_ptr_array_unref (reg->fields);
  g_ptr_array_unref (reg->garbage);
  g_ptr_array_unref (reg->value_sets);
  wire_names_free (reg);
  g_string_chunk_free (reg->strings);
  if (reg->load_state_free)
    reg->load_state_free (reg->load_state);
  g_free (reg);
}

static void number_fields (WireRegistry *reg, WireField *f)
{
  f->uid = reg->fields->len;
  g_ptr_array_add (reg->fields, f);
  for (guint i = 0; i < f->n_members; i++)
    number_fields (reg, f->members[i]);
  if (f->element)
    number_fields (reg, f->element);
}

static gint compare_messages (gconstpointer a, gconstpointer b)
{
  const WireMessage *x = *(WireMessage *const *) a, *y = *(WireMessage *const *) b;
  if (x->id != y->id)
    return (gint) x->id - (gint) y->id;
  if (x->kind != y->kind)
    return (gint) x->kind - (gint) y->kind;
  return (gint) x->vendor - (gint) y->vendor;
}

void
wire_registry_finish (WireRegistry *reg)
{
  if (reg->finished)
    return;
  reg->finished = TRUE;
  for (guint s = 0; s < reg->services->len; s++) {
    WireService *svc = g_ptr_array_index (reg->services, s);
    g_ptr_array_sort (svc->messages, compare_messages);
    for (guint m = 0; m < svc->messages->len; m++) {
      WireMessage *msg = g_ptr_array_index (svc->messages, m);
      for (guint t = 0; t < msg->n_tlvs; t++)
        number_fields (reg, msg->tlvs[t].field);
    }
  }
  wire_names_finish (reg);
}

const GPtrArray *wire_registry_errors (const WireRegistry *reg) { return reg->errors; }
const GPtrArray *wire_registry_services (const WireRegistry *reg) { return reg->services; }
guint wire_registry_n_fields (const WireRegistry *reg) { return reg->fields->len; }

const WireField *
wire_registry_field (const WireRegistry *reg, guint uid)
{
  return uid < reg->fields->len ? g_ptr_array_index (reg->fields, uid) : NULL;
}

const WireService *
wire_registry_service_by_qmux (const WireRegistry *reg, guint id)
{
  for (guint i = 0; i < reg->services->len; i++) {
    const WireService *s = g_ptr_array_index (reg->services, i);
    if (s->qmux_id == (gint) id)
      return s;
  }
  return NULL;
}

const WireService *
wire_registry_service_by_qrtr (const WireRegistry *reg, guint id)
{
  for (guint i = 0; i < reg->services->len; i++) {
    const WireService *s = g_ptr_array_index (reg->services, i);
    if (s->qrtr_id == (gint) id)
      return s;
  }
  return NULL;
}

const WireService *
wire_registry_service_by_name (const WireRegistry *reg, const char *name)
{
  return g_hash_table_lookup (reg->by_name, name);
}

/* Messages are sorted by (id, kind, vendor) once loading is finished. */
const WireMessage *
wire_service_find_message (const WireService *svc, WireQmiKind kind, guint16 msg_id, guint16 vendor)
{
  const WireMessage *generic = NULL;
  guint lo = 0, hi = svc->messages->len;

  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    const WireMessage *m = g_ptr_array_index (svc->messages, mid);
    if (m->id < msg_id || (m->id == msg_id && m->kind < kind))
      lo = mid + 1;
    else
      hi = mid;
  }
  for (; lo < svc->messages->len; lo++) {
    const WireMessage *m = g_ptr_array_index (svc->messages, lo);
    if (m->id != msg_id || m->kind != kind)
      break;
    if (m->vendor == 0)
      generic = m;
    else if (vendor && m->vendor == vendor)
      return m;
  }
  return generic;
}
