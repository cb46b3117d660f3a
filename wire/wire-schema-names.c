/* The registry's name tables: services by QMUX and QRTR id, QMI error names
 * and CTL message names, all taken from the loaded schemas (see
 * wire-schema.h). Built once when loading is finished; lookups are binary
 * searches (the dissector makes them for every packet). */
#include <string.h>
#include "private/wire-schema-registry-private.h"

void
wire_named_services_merge (WireRegistry *reg, const GPtrArray *named)
{
  for (guint i = 0; i < named->len; i++) {
    const WireNamedService *ns = g_ptr_array_index (named, i);
    for (guint j = 0; j < reg->named->len; j++)
      if (g_str_equal (((const WireNamedService *) g_ptr_array_index (reg->named, j))->name, ns->name)) {
        g_ptr_array_remove_index (reg->named, j);
        break;
      }
    g_ptr_array_add (reg->named, g_memdup2 (ns, sizeof *ns));
  }
}

static gint compare_ids (gconstpointer a, gconstpointer b)
{
  const WireServiceName *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static const WireServiceName *find_id (const GArray *t, guint32 id)
{
  for (guint i = 0; i < t->len; i++)
    if (g_array_index (t, WireServiceName, i).id == id)
      return &g_array_index (t, WireServiceName, i);
  return NULL;
}

static void add_error (WireRegistry *reg, const char *file, guint line, const char *msg)
{
  g_ptr_array_add (reg->errors, g_strdup_printf ("%s:%u: %s", file, line, msg));
}

/* One transport's table: the service files' services, (QRTR) the services
 * that are not QMI, which win over a file, then the named-only services that
 * have no file. An id claimed twice keeps one owner and the other is reported. */
static WireServiceName *build_table (WireRegistry *reg, gboolean qrtr, guint *n_out)
{
  GArray *t = g_array_new (TRUE, TRUE, sizeof (WireServiceName));
  guint n;

  for (guint i = 0; i < reg->services->len; i++) {
    const WireService *s = g_ptr_array_index (reg->services, i);
    gint id = qrtr ? s->qrtr_id : s->qmux_id;
    WireServiceName e = { (guint32) id, s->name, s->title };
    if (id >= 0)
      g_array_append_val (t, e); /* ids are unique among files: the loader refuses a file otherwise */
  }
  for (const WireServiceName *o = qrtr ? wire_qrtr_other_services : NULL; o && o->name; o++) {
    WireServiceName *owner = (WireServiceName *) find_id (t, o->id);
    if (owner) {
      const WireService *s = g_hash_table_lookup (reg->by_name, owner->name);
      gchar *msg = g_strdup_printf ("qrtr id %u of \"%s\" is QRTR's %s service, which is not QMI", o->id,
                                    owner->name, o->title);
      add_error (reg, s->file, 0, msg);
      g_free (msg);
      *owner = *o;
      continue;
    }
    g_array_append_val (t, *o);
  }
  for (guint i = 0; i < reg->named->len; i++) {
    const WireNamedService *ns = g_ptr_array_index (reg->named, i);
    gint id = qrtr ? ns->qrtr_id : ns->qmux_id;
    const WireServiceName *owner;
    WireServiceName e = { (guint32) id, ns->name, ns->title };
    if (id < 0 || g_hash_table_contains (reg->by_name, ns->name))
      continue; /* its own file describes it */
    owner = find_id (t, (guint32) id);
    if (owner) {
      gchar *msg = g_strdup_printf ("%s id %d of \"%s\" is also service \"%s\"; \"%s\" is left out",
                                    qrtr ? "qrtr" : "qmux", id, ns->name, owner->name, ns->name);
      add_error (reg, ns->file, ns->line, msg);
      g_free (msg);
      continue;
    }
    g_array_append_val (t, e);
  }
  g_array_sort (t, compare_ids);
  n = t->len;
  *n_out = n;
  return (WireServiceName *) g_array_free (t, FALSE);
}

void
wire_names_finish (WireRegistry *reg)
{
  reg->qmux_names = build_table (reg, FALSE, &reg->n_qmux_names);
  reg->qrtr_names = build_table (reg, TRUE, &reg->n_qrtr_names);
}

void
wire_names_free (WireRegistry *reg)
{
  g_ptr_array_unref (reg->named);
  g_free (reg->qmux_names);
  g_free (reg->qrtr_names);
}

static const WireServiceName *bsearch_id (const WireServiceName *t, guint n, guint32 id)
{
  guint lo = 0, hi = n;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (t[mid].id == id)
      return &t[mid];
    if (t[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

/* Without schemas (or before finish) only the QRTR services that are not QMI. */
static const WireServiceName *qrtr_table (const WireRegistry *reg, guint *n)
{
  if (reg && reg->qrtr_names) {
    *n = reg->n_qrtr_names;
    return reg->qrtr_names;
  }
  for (*n = 0; wire_qrtr_other_services[*n].name; (*n)++)
    ;
  return wire_qrtr_other_services;
}

static const WireServiceName empty_table[] = { { 0, NULL, NULL } };

const WireServiceName *
wire_registry_qmux_names (const WireRegistry *reg, guint *n)
{
  *n = reg && reg->qmux_names ? reg->n_qmux_names : 0;
  return reg && reg->qmux_names ? reg->qmux_names : empty_table;
}

const WireServiceName *
wire_registry_qrtr_names (const WireRegistry *reg, guint *n)
{
  return qrtr_table (reg, n);
}

const WireServiceName *
wire_registry_qmux_name (const WireRegistry *reg, guint32 id)
{
  guint n;
  const WireServiceName *t = wire_registry_qmux_names (reg, &n);
  return bsearch_id (t, n, id);
}

const WireServiceName *
wire_registry_qrtr_name (const WireRegistry *reg, guint32 id)
{
  guint n;
  const WireServiceName *t = qrtr_table (reg, &n);
  return bsearch_id (t, n, id);
}

const WireServiceName *
wire_registry_qrtr_name_find (const WireRegistry *reg, const char *name)
{
  guint n;
  const WireServiceName *t = qrtr_table (reg, &n);
  for (guint i = 0; i < n; i++)
    if (g_ascii_strcasecmp (t[i].name, name) == 0)
      return &t[i];
  return NULL;
}

const WireValueName64 *
wire_registry_qmi_errors (const WireRegistry *reg, guint *n)
{
  static const WireValueName64 none[] = { { 0, NULL } };
  const WireValueSet *set = reg ? reg->qmi_errors : NULL;
  *n = set ? set->n_values : 0;
  return set ? set->values : none;
}

const char *
wire_registry_qmi_error_name (const WireRegistry *reg, guint16 error)
{
  guint n, lo = 0, hi;
  const WireValueName64 *t = wire_registry_qmi_errors (reg, &n);
  hi = n;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (t[mid].value == error)
      return t[mid].name;
    if (t[mid].value < error)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

gboolean
wire_registry_qmi_error_number (const WireRegistry *reg, const char *name, guint16 *out)
{
  guint n;
  const WireValueName64 *t = wire_registry_qmi_errors (reg, &n);
  for (guint i = 0; i < n; i++)
    if (g_str_equal (t[i].name, name) && t[i].value <= G_MAXUINT16) {
      *out = (guint16) t[i].value;
      return TRUE;
    }
  return FALSE;
}

const char *
wire_registry_ctl_message_name (const WireRegistry *reg, guint16 msg_id)
{
  /* CTL is QMUX service 0 by the QMUX header's definition */
  const WireService *ctl = reg ? wire_registry_service_by_qmux (reg, 0) : NULL;
  for (guint k = 0; ctl && k < WIRE_QMI_N_KINDS; k++) {
    const WireMessage *m = wire_service_find_message (ctl, (WireQmiKind) k, msg_id, 0);
    if (m)
      return m->title;
  }
  return NULL;
}
