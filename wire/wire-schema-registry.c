/* The schema registry: the search path, loading directories in order,
 * numbering fields once loading is done, and the lookups the dissector and
 * the decoder make per message. */
#include <string.h>
#include "wire-json-reader.h"
#include "wire-schema-private.h"

#ifndef QRTR_SCHEMA_INSTALL_DIR
#define QRTR_SCHEMA_INSTALL_DIR "/usr/local/share/qrtr-analyzer/schemas"
#endif

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

static void service_free (WireService *s)
{
  for (guint i = 0; i < s->messages->len; i++)
    wire_message_free (g_ptr_array_index (s->messages, i));
  g_ptr_array_unref (s->messages);
  g_free (s->name);
  g_free (s->title);
  g_free (s);
}

WireRegistry *
wire_registry_new (void)
{
  WireRegistry *reg = g_new0 (WireRegistry, 1);
  reg->services = g_ptr_array_new_with_free_func ((GDestroyNotify) service_free);
  reg->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  reg->common_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reg->common_enums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reg->abbrevs = wire_abbrev_table_new ();
  reg->errors = g_ptr_array_new_with_free_func (g_free);
  reg->fields = g_ptr_array_new ();
  reg->garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_message_free);
  reg->value_sets = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_value_set_free);
  reg->strings = g_string_chunk_new (256);
  reg->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) wire_json_doc_free);
  reg->loaded = wire_message_index_new ();
  return reg;
}

void
wire_registry_free (WireRegistry *reg)
{
  if (!reg)
    return;
  g_ptr_array_unref (reg->services);
  g_hash_table_unref (reg->by_name);
  g_hash_table_unref (reg->common_types);
  g_ptr_array_unref (reg->docs);
  g_hash_table_unref (reg->loaded);
  g_hash_table_unref (reg->common_enums);
  g_hash_table_unref (reg->abbrevs);
  g_ptr_array_unref (reg->errors);
  g_ptr_array_unref (reg->fields);
  g_ptr_array_unref (reg->garbage);
  g_ptr_array_unref (reg->value_sets);
  g_string_chunk_free (reg->strings);
  g_free (reg);
}

static gint compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

guint
wire_registry_load_dirs (WireRegistry *reg, const char *const *dirs)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  guint loaded = 0;

  /* every file in load order: directories in order, common.json first in each
   * (every other file may use its types), then by name */
  for (; dirs && *dirs; dirs++) {
    GDir *dir = g_dir_open (*dirs, 0, NULL);
    GPtrArray *names;
    const char *name;
    if (!dir)
      continue; /* a search-path entry that does not exist is not an error */
    names = g_ptr_array_new_with_free_func (g_free);
    while ((name = g_dir_read_name (dir)))
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    g_dir_close (dir);
    g_ptr_array_sort (names, compare_strings);
    for (guint pass = 0; pass < 2; pass++)
      for (guint i = 0; i < names->len; i++) {
        const char *n = g_ptr_array_index (names, i);
        if (g_str_equal (n, "common.json") == (pass == 0))
          g_ptr_array_add (paths, g_build_filename (*dirs, n, NULL));
      }
    g_ptr_array_unref (names);
  }
  /* one file after another: common first, later directories override */
  for (guint i = 0; i < paths->len; i++)
    if (wire_registry_load_file (reg, g_ptr_array_index (paths, i), NULL))
      loaded++;
  g_ptr_array_unref (paths);
  return loaded;
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
}

char **
wire_registry_default_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new ();
  const char *env = g_getenv ("QMI_SCHEMA_PATH");

  g_ptr_array_add (dirs, g_strdup (QRTR_SCHEMA_INSTALL_DIR));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "qrtr-analyzer", "schemas", NULL));
  if (env && *env) {
    gchar **parts = g_strsplit (env, ":", -1);
    guint n = g_strv_length (parts);
    /* the first directory listed wins, so it is loaded last */
    for (guint i = n; i > 0; i--)
      if (*parts[i - 1])
        g_ptr_array_add (dirs, g_strdup (parts[i - 1]));
    g_strfreev (parts);
  }
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
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
