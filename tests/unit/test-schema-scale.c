/* A service with tens of thousands of messages (a generated schema, or a
 * vendor's whole IDL dumped into one file) loads like a small one: the
 * loader finds the message a later file replaces through an index by
 * (service, kind, id, vendor), not by scanning the service. Here: 40,000
 * messages with a request and a response each, then a second folder that
 * replaces every other response and adds vendor variants, and every one of
 * them looked up afterwards. (Time is in docs/benchmark.md, not asserted.) */
#include <string.h>
#include <glib/gstdio.h>
#include "wire-schema.h"

#define N_MESSAGES 40000u
/* ids 1..N: the override replaces the responses of even ids and adds a
 * vendor 0x1199 request for ids divisible by 5 */

static gchar *write_schema (const char *dir, const char *name, gboolean override)
{
  GString *s = g_string_new ("{ \"service\": \"big\", \"qmux\": 250, \"messages\": [\n");
  gchar *path = g_build_filename (dir, name, NULL);
  gboolean first = TRUE;

  for (guint id = 1; id <= N_MESSAGES; id++) {
    if (!override) {
      g_string_append_printf (s, "%s{ \"name\": \"m%u\", \"id\": %u,"
                              " \"request\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"u8\" } ],"
                              " \"response\": [ { \"id\": 2, \"name\": \"b\", \"type\": \"u16\" } ] }\n",
                              first ? "" : ",", id, id);
      first = FALSE;
      continue;
    }
    if (id % 2 == 0) {
      g_string_append_printf (s, "%s{ \"name\": \"m%u\", \"id\": %u,"
                              " \"response\": [ { \"id\": 3, \"name\": \"c\", \"type\": \"u32\" } ] }\n",
                              first ? "" : ",", id, id);
      first = FALSE;
    }
    if (id % 5 == 0) {
      g_string_append_printf (s, "%s{ \"name\": \"v%u\", \"id\": %u, \"vendor\": \"0x1199\","
                              " \"request\": [ { \"id\": 4, \"name\": \"d\", \"type\": \"u8\" } ] }\n",
                              first ? "" : ",", id, id);
      first = FALSE;
    }
  }
  g_string_append (s, "] }\n");
  g_assert_true (g_file_set_contents (path, s->str, (gssize) s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

static void remove_folder (gchar *dir, gchar *file)
{
  g_unlink (file);
  g_rmdir (dir);
  g_free (file);
  g_free (dir);
}

static void test_many_messages (void)
{
  gchar *base = g_dir_make_tmp ("schema-scale-XXXXXX", NULL);
  gchar *over = g_dir_make_tmp ("schema-scale-XXXXXX", NULL);
  gchar *base_file = write_schema (base, "big.json", FALSE);
  gchar *over_file = write_schema (over, "big.json", TRUE);
  const char *dirs[] = { base, over, NULL };
  WireRegistry *reg = wire_registry_new ();
  const WireService *svc;

  g_assert_cmpuint (wire_registry_load_dirs (reg, dirs), ==, 2);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 0);
  wire_registry_finish (reg);
  svc = wire_registry_service_by_qmux (reg, 250);
  g_assert_nonnull (svc);
  /* a request and a response per id, plus the vendor requests; the
   * replaced responses are not counted twice */
  g_assert_cmpuint (svc->messages->len, ==, 2 * N_MESSAGES + N_MESSAGES / 5);
  for (guint id = 1; id <= N_MESSAGES; id++) {
    char name[16];
    const WireMessage *req = wire_service_find_message (svc, WIRE_QMI_REQUEST, (guint16) id, 0);
    const WireMessage *resp = wire_service_find_message (svc, WIRE_QMI_RESPONSE, (guint16) id, 0);
    const WireMessage *vreq = wire_service_find_message (svc, WIRE_QMI_REQUEST, (guint16) id, 0x1199);

    g_snprintf (name, sizeof name, "m%u", id);
    g_assert_nonnull (req);
    g_assert_cmpstr (req->name, ==, name);
    g_assert_cmpuint (req->n_tlvs, ==, 1);
    g_assert_cmpuint (req->tlvs[0].id, ==, 1);
    g_assert_nonnull (resp);
    g_assert_cmpstr (resp->name, ==, name);
    g_assert_cmpuint (resp->n_tlvs, ==, 1);
    /* even ids: the second folder's response (TLV 3, u32) */
    g_assert_cmpuint (resp->tlvs[0].id, ==, id % 2 == 0 ? 3 : 2);
    g_assert_cmpuint (resp->tlvs[0].field->size, ==, id % 2 == 0 ? 4 : 2);
    g_assert_cmpstr (resp->file, ==, id % 2 == 0 ? over_file : base_file);
    if (id % 5 == 0) {
      g_snprintf (name, sizeof name, "v%u", id);
      g_assert_cmpstr (vreq->name, ==, name);
      g_assert_cmpuint (vreq->vendor, ==, 0x1199);
    } else {
      g_assert_true (vreq == req); /* no variant: the generic one */
    }
  }
  g_assert_null (wire_service_find_message (svc, WIRE_QMI_REQUEST, N_MESSAGES + 1, 0));
  g_assert_null (wire_service_find_message (svc, WIRE_QMI_INDICATION, 1, 0));
  wire_registry_free (reg);
  remove_folder (base, base_file);
  remove_folder (over, over_file);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema-scale/many-messages", test_many_messages);
  return g_test_run ();
}
