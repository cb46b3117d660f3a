/* qrtr-capture: decode QMI and QRTR traffic from captures, and report what
 * the schemas cover. Live capture sources come in a later version; --help
 * describes only what exists. */
#include <stdio.h>
#include <stdlib.h>
#include "qrtr-capture.h"

static gchar *opt_read;
static gchar *opt_decode = NULL;
static gint64 opt_count;
static gchar **opt_schema_dirs;
static gchar *opt_vendor;
static gchar *opt_device;
static gboolean opt_schemas;
static gboolean opt_json;
static gboolean opt_version;

static const GOptionEntry entries[] = {
  { "read", 'r', 0, G_OPTION_ARG_FILENAME, &opt_read, "Read and decode a pcap or pcapng file", "FILE" },
  { "decode", 0, 0, G_OPTION_ARG_STRING, &opt_decode, "Output: text (default) or json (one object per line)", "FORMAT" },
  { "count", 'c', 0, G_OPTION_ARG_INT64, &opt_count, "Stop after N messages", "N" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_schema_dirs,
    "Also load schemas from DIR (repeatable; wins over QMI_SCHEMA_PATH and the installed ones)", "DIR" },
  { "vendor", 0, 0, G_OPTION_ARG_STRING, &opt_vendor, "USB vendor id for vendor-specific messages, e.g. 0x1199", "VID" },
  { "device", 0, 0, G_OPTION_ARG_STRING, &opt_device, "usbmon captures: only this device's traffic", "BUS:DEV" },
  { "schemas", 0, 0, G_OPTION_ARG_NONE, &opt_schemas, "Report what the loaded schemas cover, and their load errors", NULL },
  { "list-schemas", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_schemas, NULL, NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "With --schemas: print JSON", NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, "Print the version", NULL },
  { NULL },
};

static WireRegistry *load_schemas (void)
{
  WireRegistry *reg = wire_registry_new ();
  char **dirs = wire_registry_default_dirs ();
  wire_registry_load_dirs (reg, (const char *const *) dirs);
  if (opt_schema_dirs) {
    /* the first --schema-dir given wins, so it is loaded last */
    guint n = g_strv_length (opt_schema_dirs);
    for (guint i = n; i > 0; i--) {
      const char *one[] = { opt_schema_dirs[i - 1], NULL };
      if (!g_file_test (one[0], G_FILE_TEST_IS_DIR))
        g_printerr ("qrtr-capture: --schema-dir %s: not a directory\n", one[0]);
      wire_registry_load_dirs (reg, one);
    }
  }
  g_strfreev (dirs);
  wire_registry_finish (reg);
  return reg;
}

static gboolean parse_hex16 (const char *s, guint16 *out)
{
  gchar *end = NULL;
  guint64 v = g_ascii_strtoull (s, &end, 0);
  if (!*s || *end || v > 0xffff)
    return FALSE;
  *out = (guint16) v;
  return TRUE;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- decode QMI and QRTR captures");
  GError *error = NULL;
  ReadOptions ro = { WIRE_DECODE_TEXT, 0, 0, 0, 0 };
  WireRegistry *reg;
  int status;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_set_description (ctx,
    "Reads captures of QMI over USB (usbmon, link types 220 and 189), QMUX or QRTR frames in\n"
    "Exported PDU records (link type 252, dissector names \"qmux\" and \"qrtr\") and raw QMUX\n"
    "(DLT_USER0-15), and prints every message decoded from the schemas, the same way the\n"
    "Wireshark plugin does. QRTR services are learned from the captured name service.\n"
    "\n"
    "Schemas are loaded from the installed folder, ~/.local/share/qrtr-analyzer/schemas,\n"
    "the folders in QMI_SCHEMA_PATH (colon-separated; first wins), then --schema-dir.\n"
    "\n"
    "Examples:\n"
    "  qrtr-capture -r modem.pcapng\n"
    "  qrtr-capture -r usb.pcap --device 2:3 --decode=json | jq 'select(.result.status==\"failure\")'\n"
    "  qrtr-capture --schemas\n"
    "\n"
    "Exit status: 0 on success, 1 when the capture cannot be read or schemas failed to load\n"
    "(--schemas), 2 on a usage error.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("qrtr-capture: %s (see --help)\n", error->message);
    return 2;
  }
  if (opt_version) {
    printf ("qrtr-capture %s\n", QRTR_CAPTURE_VERSION);
    return 0;
  }
  if (opt_decode) {
    if (g_str_equal (opt_decode, "json"))
      ro.format = WIRE_DECODE_JSON;
    else if (!g_str_equal (opt_decode, "text")) {
      g_printerr ("qrtr-capture: --decode takes text or json, not '%s'\n", opt_decode);
      return 2;
    }
  }
  if (opt_vendor && !parse_hex16 (opt_vendor, &ro.vendor)) {
    g_printerr ("qrtr-capture: --vendor takes a USB vendor id like 0x1199, not '%s'\n", opt_vendor);
    return 2;
  }
  if (opt_device) {
    guint bus, dev;
    char extra;
    if (sscanf (opt_device, "%u:%u%c", &bus, &dev, &extra) != 2 || bus > 0xffff || dev > 0xff || !bus || !dev) {
      g_printerr ("qrtr-capture: --device takes BUS:DEV as lsusb prints them, e.g. 2:3, not '%s'\n", opt_device);
      return 2;
    }
    ro.usb_bus = (guint16) bus;
    ro.usb_dev = (guint8) dev;
  }
  if (opt_count < 0) {
    g_printerr ("qrtr-capture: -c takes a positive count\n");
    return 2;
  }
  ro.max_messages = opt_count;
  if (!opt_read && !opt_schemas) {
    gchar *help = g_option_context_get_help (ctx, TRUE, NULL);
    g_printerr ("%s", help);
    g_free (help);
    return 2;
  }

  reg = load_schemas ();
  if (opt_schemas) {
    status = schema_report (reg, opt_json);
  } else {
    const GPtrArray *errors = wire_registry_errors (reg);
    for (guint i = 0; i < errors->len; i++)
      g_printerr ("qrtr-capture: schema: %s\n", (const char *) g_ptr_array_index (errors, i));
    status = read_capture (opt_read, reg, &ro);
  }
  wire_registry_free (reg);
  g_option_context_free (ctx);
  return status;
}
