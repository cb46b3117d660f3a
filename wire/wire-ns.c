/* The QRTR name-service tracker. Behaviour follows the kernel's name service
 * (net/qrtr/ns.c): NEW_SERVER adds (node, port) -> service, DEL_SERVER and
 * DEL_CLIENT remove the server on that address, BYE removes every server of
 * the node that said it. Each address keeps its history as a list of
 * intervals [first_frame, last_frame), so any frame resolves as of its time.
 * Memory is linear in the control packets fed: an address gains an entry
 * only when what it serves changes (identical re-announcements, as sent on
 * every HELLO and lookup, add nothing). */
#include "wire-ns.h"

struct _WireNsTracker {
  GHashTable *history;      /* address key -> GArray of WireNsEntry, in frame order */
  GHashTable *alive_by_node;/* node -> GHashTable set of address keys alive now */
  GHashTable *statics;      /* address key (node may be BCAST) -> WireNsEntry* */
  guint32 last_frame;       /* highest frame fed, to ignore re-feeding */
  gboolean fed_any;
};

static guint64 address_key (guint32 node, guint32 port)
{
  return (guint64) node << 32 | port;
}

static guint address_hash (gconstpointer p)
{
  return g_int64_hash (p);
}

static gboolean address_equal (gconstpointer a, gconstpointer b)
{
  return g_int64_equal (a, b);
}

static guint64 *key_dup (guint64 key)
{
  return g_memdup2 (&key, sizeof key);
}

static void history_free (gpointer p)
{
  g_array_unref (p);
}

WireNsTracker *
wire_ns_tracker_new (void)
{
  WireNsTracker *t = g_new0 (WireNsTracker, 1);
  t->history = g_hash_table_new_full (address_hash, address_equal, g_free, history_free);
  t->alive_by_node = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                            (GDestroyNotify) g_hash_table_unref);
  t->statics = g_hash_table_new_full (address_hash, address_equal, g_free, g_free);
  return t;
}

void
wire_ns_tracker_free (WireNsTracker *t)
{
  if (!t)
    return;
  g_hash_table_unref (t->history);
  g_hash_table_unref (t->alive_by_node);
  g_hash_table_unref (t->statics);
  g_free (t);
}

/* Forgets what the capture taught; static mappings are the user's
 * preferences, not capture state, so they stay (clear_static drops them). */
void
wire_ns_tracker_reset (WireNsTracker *t)
{
  g_hash_table_remove_all (t->history);
  g_hash_table_remove_all (t->alive_by_node);
  t->last_frame = 0;
  t->fed_any = FALSE;
}

static WireNsEntry *alive_entry (WireNsTracker *t, guint64 key)
{
  GArray *h = g_hash_table_lookup (t->history, &key);
  WireNsEntry *last;

  if (!h || h->len == 0)
    return NULL;
  last = &g_array_index (h, WireNsEntry, h->len - 1);
  return last->last_frame == G_MAXUINT32 ? last : NULL;
}

static GHashTable *node_set (WireNsTracker *t, guint32 node, gboolean create)
{
  GHashTable *set = g_hash_table_lookup (t->alive_by_node, GUINT_TO_POINTER (node));
  if (!set && create) {
    set = g_hash_table_new_full (address_hash, address_equal, g_free, NULL);
    g_hash_table_insert (t->alive_by_node, GUINT_TO_POINTER (node), set);
  }
  return set;
}

static void end_server (WireNsTracker *t, guint32 node, guint32 port, guint32 frame)
{
  guint64 key = address_key (node, port);
  WireNsEntry *e = alive_entry (t, key);
  GHashTable *set;

  if (!e)
    return;
  e->last_frame = frame;
  set = node_set (t, node, FALSE);
  if (set)
    g_hash_table_remove (set, &key);
}

static void add_server (WireNsTracker *t, const WireQrtrCtrl *c, guint32 frame)
{
  guint64 key = address_key (c->node, c->port);
  WireNsEntry *e = alive_entry (t, key);
  WireNsEntry fresh = {
    .service = c->service, .version = c->version, .instance = c->instance_id,
    .first_frame = frame, .last_frame = G_MAXUINT32,
  };
  GArray *h;

  /* Re-announcements (HELLO replays, lookup answers) change nothing. */
  if (e && e->service == fresh.service && e->version == fresh.version &&
      e->instance == fresh.instance)
    return;
  if (e)
    end_server (t, c->node, c->port, frame);
  h = g_hash_table_lookup (t->history, &key);
  if (!h) {
    h = g_array_new (FALSE, FALSE, sizeof (WireNsEntry));
    g_hash_table_insert (t->history, key_dup (key), h);
  }
  g_array_append_val (h, fresh);
  g_hash_table_add (node_set (t, c->node, TRUE), key_dup (key));
}

static void end_node (WireNsTracker *t, guint32 node, guint32 frame)
{
  GHashTable *set = node_set (t, node, FALSE);
  GHashTableIter it;
  gpointer k;

  if (!set)
    return;
  g_hash_table_iter_init (&it, set);
  while (g_hash_table_iter_next (&it, &k, NULL)) {
    guint64 key = *(guint64 *) k;
    WireNsEntry *e = alive_entry (t, key);
    if (e)
      e->last_frame = frame;
    g_hash_table_iter_remove (&it);
  }
}

void
wire_ns_tracker_feed (WireNsTracker *t, guint32 frame_num, guint32 sender_node,
                      const WireQrtrCtrl *c)
{
  if (t->fed_any && frame_num <= t->last_frame)
    return;
  t->fed_any = TRUE;
  t->last_frame = frame_num;

  switch (c->cmd) {
  case WIRE_QRTR_TYPE_NEW_SERVER:
    if (!c->end_of_list)
      add_server (t, c, frame_num);
    break;
  case WIRE_QRTR_TYPE_DEL_SERVER:
  case WIRE_QRTR_TYPE_DEL_CLIENT:
    end_server (t, c->node, c->port, frame_num);
    break;
  case WIRE_QRTR_TYPE_BYE:
    end_node (t, sender_node, frame_num);
    break;
  case WIRE_QRTR_TYPE_DEL_PROC:
    end_node (t, c->node, frame_num);
    break;
  default:
    break;
  }
}

void
wire_ns_tracker_add_static (WireNsTracker *t, guint32 node, guint32 port,
                            guint32 service, guint32 version, guint32 instance)
{
  WireNsEntry *e = g_new0 (WireNsEntry, 1);
  e->service = service;
  e->version = version;
  e->instance = instance;
  e->first_frame = 0;
  e->last_frame = G_MAXUINT32;
  g_hash_table_insert (t->statics, key_dup (address_key (node, port)), e);
}

void
wire_ns_tracker_clear_static (WireNsTracker *t)
{
  g_hash_table_remove_all (t->statics);
}

static gboolean lookup_history (const WireNsTracker *t, guint64 key, guint32 frame,
                                WireNsEntry *out, gboolean *announced)
{
  GArray *h = g_hash_table_lookup (t->history, &key);
  guint lo = 0, hi;

  *announced = h != NULL;
  if (!h)
    return FALSE;
  /* Entries are in first_frame order and do not overlap: find the last one
   * that started at or before the frame. */
  hi = h->len;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (g_array_index (h, WireNsEntry, mid).first_frame <= frame)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo == 0)
    return FALSE;
  {
    const WireNsEntry *e = &g_array_index (h, WireNsEntry, lo - 1);
    if (frame >= e->last_frame)
      return FALSE;
    *out = *e;
    return TRUE;
  }
}

gboolean
wire_ns_tracker_lookup (const WireNsTracker *t, guint32 node, guint32 port,
                        guint32 frame_num, WireNsEntry *out)
{
  guint64 key = address_key (node, port);
  gboolean announced;
  const WireNsEntry *s;

  if (lookup_history (t, key, frame_num, out, &announced))
    return TRUE;
  if (announced)
    return FALSE; /* the capture says what was there: no server at that time */
  s = g_hash_table_lookup (t->statics, &key);
  if (!s) {
    guint64 any = address_key (WIRE_QRTR_NODE_BCAST, port);
    s = g_hash_table_lookup (t->statics, &any);
  }
  if (!s)
    return FALSE;
  *out = *s;
  return TRUE;
}

gboolean
wire_ns_tracker_resolve (const WireNsTracker *t,
                         guint32 src_node, guint32 src_port,
                         guint32 dst_node, guint32 dst_port,
                         guint32 frame_num, WireNsEntry *out,
                         gboolean *server_is_dst)
{
  if (wire_ns_tracker_lookup (t, dst_node, dst_port, frame_num, out)) {
    if (server_is_dst)
      *server_is_dst = TRUE;
    return TRUE;
  }
  if (wire_ns_tracker_lookup (t, src_node, src_port, frame_num, out)) {
    if (server_is_dst)
      *server_is_dst = FALSE;
    return TRUE;
  }
  return FALSE;
}

guint
wire_ns_tracker_size (const WireNsTracker *t)
{
  return g_hash_table_size (t->history);
}
