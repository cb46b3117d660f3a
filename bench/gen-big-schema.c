/* Writes DIR/big.json: one service with N
 * messages (a request and a response each), for timing the loader on
 * services far larger than any real one (bench-core DIR prints the time).
 * usage: gen-big-schema N DIR */
#include <stdlib.h>
#include <glib.h>

int
main (int argc, char **argv)
{
  GString *s;
  gchar *path;
  guint n;
  GError *error = NULL;

  if (argc != 3) {
    g_printerr ("usage: gen-big-schema N DIR\n");
    return 2;
  }
  n = (guint) strtoul (argv[1], NULL, 10);
  if (n < 1 || n > 0xffff) {
    g_printerr ("gen-big-schema: N is 1..65535 (message ids are 16 bits)\n");
    return 2;
  }
  s = g_string_new ("{ \"service\": \"big\", \"qmux\": 250, \"messages\": [\n");
  for (guint id = 1; id <= n; id++)
    g_string_append_printf (s, "%s{ \"name\": \"m%u\", \"id\": %u,"
                            " \"request\": [ { \"id\": 1, \"name\": \"a\", \"type\": \"u8\" } ],"
                            " \"response\": [ { \"id\": 2, \"name\": \"b\", \"type\": \"u16\" } ] }\n",
                            id == 1 ? "" : ",", id, id);
  g_string_append (s, "] }\n");
  path = g_build_filename (argv[2], "big.json", NULL);
  if (!g_file_set_contents (path, s->str, (gssize) s->len, &error)) {
    g_printerr ("gen-big-schema: %s\n", error->message);
    return 1;
  }
  g_print ("%s: %u messages, %" G_GSIZE_FORMAT " bytes\n", path, n, s->len);
  g_free (path);
  g_string_free (s, TRUE);
  return 0;
}
