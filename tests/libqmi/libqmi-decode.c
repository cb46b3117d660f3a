/* libqmi-decode: prints libqmi's decoding of raw QMUX frames, one frame of
 * hex digits per argument or per line of standard input (separators such as
 * ':' and spaces are ignored). --vendor=0xVID selects vendor-specific
 * messages. A debugging aid for the differential test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "libqmi-oracle.h"

static int decode_hex_line (const char *line, guint16 vendor)
{
  GByteArray *b = g_byte_array_new ();
  GError *error = NULL;
  char *text;
  int hi = -1;

  for (const char *p = line; *p; p++) {
    int d = g_ascii_xdigit_value (*p);
    if (d < 0)
      continue;
    if (hi < 0)
      hi = d;
    else {
      guint8 byte = (guint8) (hi << 4 | d);
      g_byte_array_append (b, &byte, 1);
      hi = -1;
    }
  }
  if (!b->len) {
    g_byte_array_unref (b);
    return 0;
  }
  text = libqmi_oracle_print (b->data, b->len, vendor, &error);
  g_byte_array_unref (b);
  if (!text) {
    fprintf (stderr, "libqmi-decode: %s\n", error->message);
    g_error_free (error);
    return 1;
  }
  printf ("%s\n", text);
  g_free (text);
  return 0;
}

int main (int argc, char **argv)
{
  guint16 vendor = 0;
  int status = 0, first = 1;
  char line[1 << 17];

  if (argc > 1 && g_str_has_prefix (argv[1], "--vendor=")) {
    vendor = (guint16) strtoul (argv[1] + 9, NULL, 0);
    first = 2;
  } else if (argc > 1 && (!strcmp (argv[1], "--help") || !strcmp (argv[1], "-h"))) {
    printf ("usage: libqmi-decode [--vendor=0xVID] [HEX-FRAME...]\n"
            "Prints libqmi's decoding of each QMUX frame (arguments, else one per line of stdin).\n");
    return 0;
  }
  libqmi_oracle_init ();
  if (argc > first) {
    for (int i = first; i < argc; i++)
      status |= decode_hex_line (argv[i], vendor);
    return status;
  }
  while (fgets (line, sizeof line, stdin))
    status |= decode_hex_line (line, vendor);
  return status;
}
