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

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ns/history", test_history);
  g_test_add_func ("/ns/bye-del-client-refeed", test_bye_del_client_and_refeed);
  g_test_add_func ("/ns/static", test_static);
  g_test_add_func ("/ns/flood", test_flood);
  return g_test_run ();
}
