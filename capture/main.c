/* qrtr-capture: capture QMI traffic (usbmon tap, QMUX bridge) into pcapng,
 * act as a Wireshark extcap, decode captures, and report what the schemas
 * cover. This file only parses options and picks the mode. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "qrtr-capture.h"
#include "import-redact.h"
#include "schema-load.h"

static gchar *opt_read;
static gchar *opt_interface;
static gchar *opt_write;
static gchar *opt_bridge_link;
static gchar *opt_user;
static gboolean opt_quiet;
static gboolean opt_no_reopen;
static gboolean opt_list_sources;
static gchar *opt_decode = NULL;
static gint64 opt_count;
static gchar **opt_schema_dirs;
static gchar *opt_vendor;
static gchar *opt_device;
static gchar *opt_qrtr_filter;
static gboolean opt_schemas;
static gboolean opt_json;
static gboolean opt_version;
static gboolean opt_exec;
static gchar **opt_command;
/* --import / --redact (import-log.c, redact.c) */
static gchar *opt_import;
static gboolean opt_redact;
static gchar **opt_keep;
static gchar *opt_redact_key;
/* extcap */
static gboolean opt_extcap_interfaces, opt_extcap_dlts, opt_extcap_config, opt_extcap_capture;
static gchar *opt_extcap_interface, *opt_fifo, *opt_extcap_filter, *opt_extcap_version;

static const GOptionEntry entries[] = {
  { "list-sources", 'D', 0, G_OPTION_ARG_NONE, &opt_list_sources, "List the capture sources this machine has, and why one is missing", NULL },
  { "interface", 'i', 0, G_OPTION_ARG_STRING, &opt_interface,
    "Capture from SOURCE: usbmon:/dev/cdc-wdmN, usbmon:BUS:DEV, bridge:DEVICE, wwan[:PORT] or qrtr", "SOURCE" },
  { "write", 'w', 0, G_OPTION_ARG_FILENAME, &opt_write, "Write pcapng to FILE (- = stdout); with -r, cut --device out of a usbmon capture", "FILE" },
  { "bridge-link", 0, 0, G_OPTION_ARG_FILENAME, &opt_bridge_link, "bridge: create the clients' port as a symlink at PATH", "PATH" },
  { "relinquish-privileges", 'Z', 0, G_OPTION_ARG_STRING, &opt_user, "Drop root for USER once the source is open, before -w FILE is opened", "USER" },
  { "quiet", 'q', 0, G_OPTION_ARG_NONE, &opt_quiet, "No status messages on stderr", NULL },
  { "no-reopen", 0, 0, G_OPTION_ARG_NONE, &opt_no_reopen, "bridge: end the capture when the device disappears instead of waiting for it", NULL },
  { "read", 'r', 0, G_OPTION_ARG_FILENAME, &opt_read, "Read a pcap or pcapng file and print its messages decoded", "FILE" },
  { "decode", 0, 0, G_OPTION_ARG_STRING, &opt_decode,
    "Print messages as text (default without -w) or json (one object per line)", "FORMAT" },
  { "count", 'c', 0, G_OPTION_ARG_INT64, &opt_count, "Stop after N messages", "N" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_schema_dirs,
    "Also load schemas from DIR (repeatable; wins over QMI_SCHEMA_PATH and the installed ones)", "DIR" },
  { "vendor", 0, 0, G_OPTION_ARG_STRING, &opt_vendor, "USB vendor id for vendor-specific messages, e.g. 0x1199", "VID" },
  { "device", 0, 0, G_OPTION_ARG_STRING, &opt_device, "usbmon captures read with -r: only this device's traffic", "BUS:DEV" },
  { "qrtr-filter", 0, 0, G_OPTION_ARG_STRING, &opt_qrtr_filter,
    "-i qrtr: only this service's traffic (dms, 2) or one address's (NODE:PORT)", "FILTER" },
  { "schemas", 0, 0, G_OPTION_ARG_NONE, &opt_schemas, "Report what the loaded schemas cover, and their load errors", NULL },
  { "list-schemas", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_schemas, NULL, NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, "With --schemas: print JSON", NULL },
  { "exec", 0, 0, G_OPTION_ARG_NONE, &opt_exec,
    "Run the command after -- with the LD_PRELOAD tap: its QRTR traffic goes to -w FILE (no root needed)", NULL },
  { "import", 0, 0, G_OPTION_ARG_FILENAME, &opt_import,
    "Turn a debug log (qmicli/mbimcli --verbose, ModemManager --debug, uqmi) into pcapng records (-w) or print them (- = stdin)", "LOG" },
  { "redact", 0, 0, G_OPTION_ARG_NONE, &opt_redact,
    "Replace personal data (IMEI, IMSI, ICCID, numbers, SMS, positions, USB serials) with pseudonyms: -r IN -w OUT, or with --import", NULL },
  { "keep", 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_keep,
    "With --redact: leave this kind as it is (imei, imsi, iccid, msisdn, sms, position, other, usb-serial; repeatable)", "KIND" },
  { "redact-key", 0, 0, G_OPTION_ARG_STRING, &opt_redact_key,
    "With --redact: derive pseudonyms from this key instead of a random one (reproducible output; whoever has the key can test guesses)", "KEY" },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version, "Print the version", NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &opt_command, NULL, "[-- COMMAND...]" },
  G_OPTION_ENTRY_NULL
};

static const GOptionEntry extcap_entries[] = {
  { "extcap-interfaces", 0, 0, G_OPTION_ARG_NONE, &opt_extcap_interfaces, "List the interfaces Wireshark shows", NULL },
  { "extcap-dlts", 0, 0, G_OPTION_ARG_NONE, &opt_extcap_dlts, "List the link type of --extcap-interface", NULL },
  { "extcap-config", 0, 0, G_OPTION_ARG_NONE, &opt_extcap_config, "List the options of --extcap-interface", NULL },
  { "capture", 0, 0, G_OPTION_ARG_NONE, &opt_extcap_capture, "Capture from --extcap-interface into --fifo", NULL },
  { "extcap-interface", 0, 0, G_OPTION_ARG_STRING, &opt_extcap_interface, "The interface Wireshark chose", "IFACE" },
  { "fifo", 0, 0, G_OPTION_ARG_FILENAME, &opt_fifo, "Where Wireshark reads the pcapng", "PATH" },
  { "extcap-capture-filter", 0, 0, G_OPTION_ARG_STRING, &opt_extcap_filter, "Ignored: filter in Wireshark instead", "FILTER" },
  { "extcap-version", 0, 0, G_OPTION_ARG_STRING, &opt_extcap_version, "Wireshark's version (accepted, unused)", "VERSION" },
  G_OPTION_ENTRY_NULL
};

static gboolean parse_hex16 (const char *s, guint16 *out)
{
  gchar *end = NULL;
  guint64 v = g_ascii_strtoull (s, &end, 0);
  if (!*s || *end || v > 0xffff)
    return FALSE;
  *out = (guint16) v;
  return TRUE;
}

static int usage_error (const char *msg)
{
  g_printerr ("qrtr-capture: %s (see --help)\n", msg);
  return 2;
}

static int run_mode (GOptionContext *ctx);

/* --import LOG and --redact: checks their options, then runs them. */
static int run_import_redact (int decode, guint16 vendor)
{
  ImportRedactOptions o = { opt_import ? opt_import : opt_read, opt_write, decode, vendor, opt_quiet, NULL };
  WireRegistry *reg;
  int status;

  if (opt_import && (opt_read || opt_interface))
    return usage_error ("--import excludes -r and -i");
  if (opt_redact && !opt_import && (!opt_read || !opt_write))
    return usage_error ("--redact needs -r IN -w OUT, or --import LOG");
  if (opt_redact && !opt_import && opt_decode)
    return usage_error ("--redact -r writes a file: decode the result with -r");
  if ((opt_keep || opt_redact_key) && !opt_redact)
    return usage_error ("--keep and --redact-key go with --redact");
  if (opt_redact) {
    o.redactor = opt_redact_key ? wire_redactor_new ((const guint8 *) opt_redact_key, strlen (opt_redact_key))
                                : wire_redactor_new (NULL, 0);
    for (gchar **k = opt_keep; k && *k; k++) {
      gint kind = wire_redact_kind_from_name (*k);
      if (kind < 0) {
        wire_redactor_free (o.redactor);
        return usage_error ("--keep takes imei, imsi, iccid, msisdn, sms, position, other or usb-serial");
      }
      wire_redactor_keep (o.redactor, (guint) kind);
    }
  }
  reg = schema_load (opt_schema_dirs, "qrtr-capture");
  schema_print_errors (reg, "qrtr-capture");
  status = opt_import ? import_log (&o, reg) : redact_capture (&o, reg);
  wire_registry_free (reg);
  wire_redactor_free (o.redactor);
  return status;
}

int
main (int argc, char **argv)
{
  GOptionContext *ctx = g_option_context_new ("- capture and decode QMI and QRTR traffic");
  GOptionGroup *extcap = g_option_group_new ("extcap", "Options Wireshark passes when it runs qrtr-capture as an extcap:",
                                             "Show the extcap options", NULL, NULL);
  GError *error = NULL;
  int status;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_group_add_entries (extcap, extcap_entries);
  g_option_context_add_group (ctx, extcap);
  g_option_context_set_description (ctx,
    "Sources (qrtr-capture -D lists what this machine has):\n"
    "  usbmon:/dev/cdc-wdmN, usbmon:BUS:DEV  tap the device's USB traffic through usbmon (root);\n"
    "                                        records stay usbmon (link type 220)\n"
    "  bridge:/dev/cdc-wdmN, /dev/wwan0qmi0  relay between the device and clients that open\n"
    "                                        --bridge-link PATH; frames recorded as Exported PDU\n"
    "                                        \"qmux\"; works without usbmon and on serial QMI ports\n"
    "  wwan, wwan:wwan0qmi0                  the QMI/MBIM WWAN ports (PCIe/MHI modems), all or one,\n"
    "                                        through the eBPF tap (wwan-bpf-tap; root, kernel BTF);\n"
    "                                        records \"qmux\" or \"mbim.control\" per port\n"
    "  qrtr                                  all of the kernel's QRTR traffic through the eBPF tap\n"
    "                                        (qrtr-bpf-tap; root, kernel BTF); --qrtr-filter keeps\n"
    "                                        one service (dms) or address (NODE:PORT)\n"
    "\n"
    "Reading (-r) takes usbmon (220, 189), Exported PDU \"qmux\"/\"qrtr\"/\"mbim.control\" (252)\n"
    "and raw QMUX (DLT_USER0-15) and prints every message decoded from the schemas, as the\n"
    "Wireshark plugin does. Schemas come from the installed folder, ~/.local/share/qrtr-analyzer/schemas,\n"
    "QMI_SCHEMA_PATH (colon-separated; first wins), then --schema-dir.\n"
    "\n"
    "--import reads libqmi/libmbim traces (qmicli/mbimcli --verbose, ModemManager --debug) and\n"
    "uqmi packet dumps, behind any syslog, journal or logread prefix; each unreadable block is\n"
    "reported as FILE:LINE. --redact replaces IMEI, IMSI, ICCID, phone numbers, SMS, positions,\n"
    "USB serials and the other values the schemas tag personal with same-length, same-format\n"
    "pseudonyms (same value, same pseudonym in a file) and says what it replaced.\n"
    "\n"
    "Examples:\n"
    "  qrtr-capture -D\n"
    "  qrtr-capture -i usbmon:/dev/cdc-wdm0 -w modem.pcapng\n"
    "  qrtr-capture -i bridge:/dev/cdc-wdm0 --bridge-link /run/qmi0 -w modem.pcapng &\n"
    "  qrtr-capture -i qrtr -w soc.pcapng\n"
    "  qrtr-capture -i qrtr --qrtr-filter dms --decode=json\n"
    "  qmicli -d /run/qmi0 --device-open-qmi --dms-get-ids\n"
    "  qrtr-capture -i bridge:/dev/cdc-wdm0 --bridge-link /run/qmi0 -w - | wireshark -k -i -\n"
    "  qrtr-capture -r modem.pcapng --decode=json | jq 'select(.result.status==\"failure\")'\n"
    "  qrtr-capture -r whole-bus.pcap --device 2:3 -w one-device.pcapng\n"
    "  qrtr-capture --exec -w lookup.pcapng -- qrtr-lookup\n"
    "  qrtr-capture --import mm-debug.log --redact -w modem.pcapng\n"
    "  xclip -o | qrtr-capture --import - --decode=text\n"
    "  qrtr-capture --redact -r modem.pcapng -w modem-redacted.pcapng --keep imei\n"
    "  qrtr-capture --schemas\n"
    "\n"
    "Exit status: 0 on success (a capture stopped by Ctrl-C, SIGTERM or -c included), 1 when a\n"
    "source or file cannot be opened or read, the source was lost (--no-reopen), writing failed,\n"
    "or schemas failed to load (--schemas), a message of an --import log could not be read\n"
    "(each reported as FILE:LINE: why); 2 on a usage error.");
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    g_printerr ("qrtr-capture: %s (see --help)\n", error->message);
    g_error_free (error);
    status = 2;
  } else if (argc > 1 || (opt_command && !opt_exec)) {
    status = usage_error ("unexpected argument");
  } else {
    status = run_mode (ctx);
  }
  g_option_context_free (ctx);
  return status;
}

/* Everything after option parsing: picks the mode and runs it. */
static int
run_mode (GOptionContext *ctx)
{
  ReadOptions ro = { DECODE_TEXT, 0, 0, 0, 0 };
  int decode = -1;
  WireRegistry *reg;
  int status;

  if (opt_version) {
    printf ("qrtr-capture %s\n", QRTR_CAPTURE_VERSION);
    return 0;
  }
  /* writing to a reader that went away, or past a file size limit, must be
   * an error we report and recover from, not a silent death */
  signal (SIGPIPE, SIG_IGN);
  signal (SIGXFSZ, SIG_IGN);

  if (opt_extcap_interfaces)
    return extcap_interfaces ();
  if (opt_extcap_dlts)
    return extcap_dlts (opt_extcap_interface);
  if (opt_extcap_config)
    return extcap_config (opt_extcap_interface);
  if (opt_extcap_capture) {
    if (!opt_extcap_interface || !opt_fifo)
      return usage_error ("--capture needs --extcap-interface and --fifo");
    opt_interface = extcap_interface_to_source (opt_extcap_interface);
    if (!opt_interface) {
      status = usage_error ("--extcap-interface: not one of --extcap-interfaces");
      extcap_release_fifo (opt_fifo);
      return status;
    }
    g_free (opt_write);
    opt_write = g_strdup (opt_fifo);
    opt_quiet = TRUE;
  }
  if (opt_list_sources)
    return list_sources ();
  if (opt_exec) {
    if (!opt_command || !opt_command[0])
      return usage_error ("--exec needs a command after --");
    if (!opt_write || g_str_equal (opt_write, "-"))
      return usage_error ("--exec needs -w FILE");
    return exec_with_preload (opt_write, opt_command);
  }

  if (opt_decode) {
    if (g_str_equal (opt_decode, "json"))
      decode = DECODE_JSON;
    else if (g_str_equal (opt_decode, "text"))
      decode = DECODE_TEXT;
    else
      return usage_error ("--decode takes text or json");
  } else if (!opt_write) {
    decode = DECODE_TEXT;
  }
  if (opt_write && g_str_equal (opt_write, "-") && opt_decode)
    return usage_error ("-w - and --decode would both write to stdout");
  ro.format = decode >= 0 ? (DecodeFormat) decode : DECODE_TEXT;
  if (opt_vendor && !parse_hex16 (opt_vendor, &ro.vendor))
    return usage_error ("--vendor takes a USB vendor id like 0x1199");
  if (opt_device) {
    guint bus, dev;
    char extra;
    if (sscanf (opt_device, "%u:%u%c", &bus, &dev, &extra) != 2 || bus > 0xffff || dev > 0xff || !bus || !dev)
      return usage_error ("--device takes BUS:DEV as lsusb prints them, e.g. 2:3");
    ro.usb_bus = (guint16) bus;
    ro.usb_dev = (guint8) dev;
  }
  if (opt_count < 0)
    return usage_error ("-c takes a positive count");
  ro.max_messages = opt_count;
  if (opt_read && opt_interface)
    return usage_error ("-r and -i exclude each other");
  if (opt_bridge_link && !(opt_interface && g_str_has_prefix (opt_interface, "bridge:")))
    return usage_error ("--bridge-link goes with -i bridge:DEVICE");
  if (opt_user && !opt_interface)
    return usage_error ("-Z goes with a live capture (-i)");
  if (!opt_read && !opt_schemas && !opt_interface && !opt_import) {
    gchar *help = g_option_context_get_help (ctx, TRUE, NULL);
    g_printerr ("%s", help);
    g_free (help);
    return 2;
  }

  if (opt_import || opt_redact)
    return run_import_redact (decode, ro.vendor);

  if (opt_qrtr_filter && !(opt_interface && g_str_equal (opt_interface, "qrtr")))
    return usage_error ("--qrtr-filter goes with -i qrtr");
  if (opt_interface && !opt_schemas &&
      (g_str_equal (opt_interface, "qrtr") || g_str_equal (opt_interface, "wwan") || g_str_has_prefix (opt_interface, "wwan:"))) {
    /* the eBPF taps run in this process's place and load the schemas themselves */
    CaptureOptions co = { opt_interface, opt_write, opt_bridge_link, opt_user, opt_quiet, opt_no_reopen,
                          decode, ro.vendor, opt_count, opt_schema_dirs, opt_qrtr_filter,
                          opt_extcap_capture ? opt_fifo : NULL };
    return run_capture (&co, NULL);
  }
  reg = schema_load (opt_schema_dirs, "qrtr-capture");
  if (opt_schemas) {
    status = schema_report (reg, opt_json);
  } else if (opt_interface) {
    CaptureOptions co = { opt_interface, opt_write, opt_bridge_link, opt_user, opt_quiet, opt_no_reopen,
                          decode, ro.vendor, opt_count, opt_schema_dirs, opt_qrtr_filter, NULL };
    schema_print_errors (reg, "qrtr-capture");
    status = run_capture (&co, reg);
    /* the error is on stderr already; let Wireshark see the end now */
    if (opt_extcap_capture && status != 0)
      extcap_release_fifo (opt_fifo);
  } else if (opt_write) {
    schema_print_errors (reg, "qrtr-capture");
    status = rewrite_capture (opt_read, opt_write, ro.usb_bus, ro.usb_dev, reg, decode, ro.vendor,
                              opt_count, opt_quiet);
  } else {
    schema_print_errors (reg, "qrtr-capture");
    status = read_capture (opt_read, reg, &ro);
  }
  wire_registry_free (reg);
  return status;
}
