/* The name-service tracker: history per address, resolution as of a frame. */
#include "wire-ns.h"

static void feed (WireNsTracker *t, guint32 frame, guint32 sender, guint32 cmd, guint32 svc,
                  guint32 instance, guint32 node, guint32 port)
{
  WireQrtrCtrl c = { .cmd = cmd, .form = wire_qrtr_ctrl_form (cmd), .service = svc, .instance = instance,
                     .version = instance & 0xff, .instance_id = instance >> 8, .node = node, .port = port };
  c.end_of_list = cmd == WIRE_QRTR_TYPE_NEW_SERVER && !svc && !instance && !node && !port;
  wire_ns_tracker_feed (t, frame, sender, &c);
}

static void test_history (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;
  gboolean server_is_dst;

  feed (t, 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1 | 5 << 8, 0, 3);
  feed (t, 5, 0, WIRE_QRTR_TYPE_DEL_SERVER, 2, 1, 0, 3);
  feed (t, 8, 0, WIRE_QRTR_TYPE_NEW_SERVER, 3, 1, 0, 3);
  g_assert_false (wire_ns_tracker_lookup (t, 0, 3, 0, &e));
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 2, &e));
  g_assert_cmpuint (e.service, ==, 2);
  g_assert_cmpuint (e.version, ==, 1);
  g_assert_cmpuint (e.instance, ==, 5);
  g_assert_cmpuint (e.first_frame, ==, 1);
  g_assert_false (wire_ns_tracker_lookup (t, 0, 3, 6, &e)); /* after the DEL */
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 9, &e));
  g_assert_cmpuint (e.service, ==, 3);
  /* looked up out of order (second pass) it still answers as of the frame */
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 4, &e));
  g_assert_cmpuint (e.service, ==, 2);
  g_assert_true (wire_ns_tracker_resolve (t, 0, 3, 1, 0x4001, 9, &e, &server_is_dst));
  g_assert_false (server_is_dst);
  g_assert_true (wire_ns_tracker_resolve (t, 1, 0x4001, 0, 3, 9, &e, &server_is_dst));
  g_assert_true (server_is_dst);
  wire_ns_tracker_free (t);
}

static void test_bye_del_client_and_refeed (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  feed (t, 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 0, 3);
  feed (t, 2, 0, WIRE_QRTR_TYPE_NEW_SERVER, 3, 1, 0, 4);
  feed (t, 3, 1, WIRE_QRTR_TYPE_NEW_SERVER, 4096, 1, 1, 0x4003);
  feed (t, 4, 0, WIRE_QRTR_TYPE_NEW_SERVER, 0, 0, 0, 0); /* end of lookup: ignored */
  feed (t, 5, 1, WIRE_QRTR_TYPE_DEL_CLIENT, 0, 0, 1, 0x4003);
  feed (t, 6, 0, WIRE_QRTR_TYPE_BYE, 0, 0, 0, 0);
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4003, 4, &e));
  g_assert_false (wire_ns_tracker_lookup (t, 1, 0x4003, 5, &e));
  g_assert_true (wire_ns_tracker_lookup (t, 0, 4, 5, &e));
  g_assert_false (wire_ns_tracker_lookup (t, 0, 4, 6, &e));
  g_assert_false (wire_ns_tracker_lookup (t, 0, 3, 7, &e));
  g_assert_false (wire_ns_tracker_lookup (t, 0, 0, 5, &e));
  /* feeding an earlier frame again (second pass) changes nothing */
  feed (t, 2, 0, WIRE_QRTR_TYPE_DEL_SERVER, 3, 1, 0, 4);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 4, 5, &e));
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 3);
  wire_ns_tracker_reset (t);
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 0);
  wire_ns_tracker_free (t);
}

static void test_static (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  wire_ns_tracker_add_static (t, WIRE_QRTR_NODE_BCAST, 9, 2, 1, 0);
  wire_ns_tracker_add_static (t, 0, 3, 3, 1, 0);
  g_assert_true (wire_ns_tracker_lookup (t, 7, 9, 1, &e));
  g_assert_cmpuint (e.service, ==, 2);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 1, &e));
  g_assert_cmpuint (e.service, ==, 3);
  /* the capture's own announcements win over static mappings */
  feed (t, 10, 0, WIRE_QRTR_TYPE_NEW_SERVER, 1, 1, 0, 3);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 11, &e));
  g_assert_cmpuint (e.service, ==, 1);
  g_assert_false (wire_ns_tracker_lookup (t, 0, 3, 5, &e));
  wire_ns_tracker_clear_static (t);
  g_assert_false (wire_ns_tracker_lookup (t, 7, 9, 1, &e));
  wire_ns_tracker_free (t);
}

static void test_flood (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;
  /* ten thousand services, announced, re-announced, then a BYE storm */
  for (guint32 i = 0; i < 10000; i++)
    feed (t, i + 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 1000 + i, 1, 0, 0x4000 + i);
  for (guint32 i = 0; i < 10000; i++)
    feed (t, 10001 + i, 0, WIRE_QRTR_TYPE_NEW_SERVER, 1000 + i, 1, 0, 0x4000 + i);
  for (guint32 i = 0; i < 1000; i++)
    feed (t, 20001 + i, 0, WIRE_QRTR_TYPE_BYE, 0, 0, 0, 0);
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 10000);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 0x4000 + 4321, 20000, &e));
  g_assert_cmpuint (e.service, ==, 1000 + 4321);
  g_assert_cmpuint (e.first_frame, ==, 4322); /* re-announcement kept the first */
  g_assert_false (wire_ns_tracker_lookup (t, 0, 0x4000 + 4321, 20001, &e));
  wire_ns_tracker_free (t);
}

static void test_del_boundaries (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  feed (t, 10, 1, WIRE_QRTR_TYPE_NEW_SERVER, 15, 1 | 2 << 8, 1, 0x4001);
  feed (t, 20, 1, WIRE_QRTR_TYPE_DEL_SERVER, 15, 1 | 2 << 8, 1, 0x4001);
  g_assert_false (wire_ns_tracker_lookup (t, 1, 0x4001, 9, &e));  /* before NEW */
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4001, 10, &e));  /* the NEW frame itself */
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4001, 19, &e));  /* last frame before DEL */
  g_assert_cmpuint (e.last_frame, ==, 20);
  g_assert_false (wire_ns_tracker_lookup (t, 1, 0x4001, 20, &e)); /* the DEL frame itself */
  g_assert_false (wire_ns_tracker_lookup (t, 1, 0x4001, G_MAXUINT32, &e));
  /* a DEL for an address never announced changes nothing */
  feed (t, 21, 1, WIRE_QRTR_TYPE_DEL_SERVER, 0, 0, 1, 0x4444);
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 1);
  /* a different service announced on the same address replaces the old one */
  feed (t, 30, 1, WIRE_QRTR_TYPE_NEW_SERVER, 15, 1, 1, 0x4001);
  feed (t, 40, 1, WIRE_QRTR_TYPE_NEW_SERVER, 16, 1, 1, 0x4001);
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4001, 39, &e));
  g_assert_cmpuint (e.service, ==, 15);
  g_assert_cmpuint (e.last_frame, ==, 40);
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4001, 40, &e));
  g_assert_cmpuint (e.service, ==, 16);
  g_assert_cmpuint (e.last_frame, ==, G_MAXUINT32);
  /* resolving with nothing on either side */
  g_assert_false (wire_ns_tracker_resolve (t, 5, 5, 6, 6, 50, &e, NULL));
  g_assert_true (wire_ns_tracker_resolve (t, 1, 0x4001, 5, 5, 50, &e, NULL));
  wire_ns_tracker_free (t);
}

static void test_bye_is_per_node (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  feed (t, 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 0, 3);
  feed (t, 2, 1, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 1, 3); /* same port, other node */
  feed (t, 3, 5, WIRE_QRTR_TYPE_NEW_SERVER, 9, 1, 5, 7);
  feed (t, 4, 1, WIRE_QRTR_TYPE_BYE, 0, 0, 0, 0);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 5, &e));
  g_assert_false (wire_ns_tracker_lookup (t, 1, 3, 5, &e));
  g_assert_true (wire_ns_tracker_lookup (t, 1, 3, 3, &e)); /* before the BYE it still resolves */
  g_assert_true (wire_ns_tracker_lookup (t, 5, 7, 5, &e));
  /* the node comes back and announces again */
  feed (t, 6, 1, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 1, 3);
  g_assert_true (wire_ns_tracker_lookup (t, 1, 3, 6, &e));
  g_assert_cmpuint (e.first_frame, ==, 6);
  g_assert_false (wire_ns_tracker_lookup (t, 1, 3, 5, &e));
  /* DEL_PROC (downstream kernels) speaks for the node in its payload */
  feed (t, 7, 0, WIRE_QRTR_TYPE_DEL_PROC, 0, 0, 5, 0);
  g_assert_false (wire_ns_tracker_lookup (t, 5, 7, 7, &e));
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 7, &e));
  /* HELLO, lookups and other commands do not change the map */
  feed (t, 8, 0, WIRE_QRTR_TYPE_HELLO, 0, 0, 0, 0);
  feed (t, 9, 0, WIRE_QRTR_TYPE_NEW_LOOKUP, 2, 0, 0, 3);
  feed (t, 10, 0, WIRE_QRTR_TYPE_RESUME_TX, 0, 0, 0, 3);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 10, &e));
  wire_ns_tracker_free (t);
}

static void test_diag_instance (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  guint8 pkt[20] = { 4, 0, 0, 0, 0x01, 0x10, 0, 0, 0x45, 0x23, 0x01, 0, 1, 0, 0, 0, 0x09, 0x40 };
  WireQrtrCtrl c;
  WireNsEntry e;

  /* fed from the parser, as the dissector does */
  g_assert_true (wire_qrtr_parse_ctrl (pkt, sizeof pkt, &c));
  wire_ns_tracker_feed (t, 1, 1, &c);
  g_assert_true (wire_ns_tracker_lookup (t, 1, 0x4009, 1, &e));
  g_assert_cmpuint (e.service, ==, 4097);
  g_assert_cmphex (e.instance, ==, 0x12345);
  g_assert_cmpuint (e.version, ==, 0);
  wire_ns_tracker_free (t);
}

static void test_flood_same_address (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  /* 10000 announcements alternating between two services on one address:
   * history grows by one entry per change, and every frame still resolves
   * to what was announced just before it */
  for (guint32 i = 0; i < 10000; i++)
    feed (t, i + 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 100 + i % 2, 1, 0, 0x4000);
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 1);
  for (guint32 f = 1; f <= 10000; f += 997) {
    g_assert_true (wire_ns_tracker_lookup (t, 0, 0x4000, f, &e));
    g_assert_cmpuint (e.service, ==, 100 + (f - 1) % 2);
    g_assert_cmpuint (e.first_frame, ==, f);
  }
  /* identical re-announcements add nothing */
  for (guint32 i = 0; i < 10000; i++)
    feed (t, 20001 + i, 0, WIRE_QRTR_TYPE_NEW_SERVER, 7, 1, 0, 0x5000);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 0x5000, 30000, &e));
  g_assert_cmpuint (e.first_frame, ==, 20001);
  g_assert_cmpuint (wire_ns_tracker_size (t), ==, 2);
  wire_ns_tracker_free (t);
}

static void test_reset_keeps_static (void)
{
  WireNsTracker *t = wire_ns_tracker_new ();
  WireNsEntry e;

  wire_ns_tracker_add_static (t, 0, 3, 42, 1, 0);
  feed (t, 100, 0, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 0, 3);
  g_assert_false (wire_ns_tracker_lookup (t, 0, 3, 50, &e)); /* announced later: no static */
  /* a new file: the capture's knowledge goes, preferences stay, and frame
   * numbers start again (feeding frame 1 works after frame 100) */
  wire_ns_tracker_reset (t);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 50, &e));
  g_assert_cmpuint (e.service, ==, 42);
  feed (t, 1, 0, WIRE_QRTR_TYPE_NEW_SERVER, 2, 1, 0, 4);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 4, 1, &e));
  /* re-adding a static for the same address replaces it */
  wire_ns_tracker_add_static (t, 0, 3, 43, 1, 0);
  g_assert_true (wire_ns_tracker_lookup (t, 0, 3, 1, &e));
  g_assert_cmpuint (e.service, ==, 43);
  wire_ns_tracker_free (t);
  wire_ns_tracker_free (NULL);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ns/history", test_history);
  g_test_add_func ("/ns/bye-del-client-refeed", test_bye_del_client_and_refeed);
  g_test_add_func ("/ns/static", test_static);
  g_test_add_func ("/ns/flood", test_flood);
  g_test_add_func ("/ns/del-boundaries", test_del_boundaries);
  g_test_add_func ("/ns/bye-is-per-node", test_bye_is_per_node);
  g_test_add_func ("/ns/diag-instance", test_diag_instance);
  g_test_add_func ("/ns/flood-same-address", test_flood_same_address);
  g_test_add_func ("/ns/reset-keeps-static", test_reset_keeps_static);
  return g_test_run ();
}
