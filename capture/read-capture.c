/* Reading captures: pcap or pcapng through libpcap, then by link type:
 * usbmon (220, 189) through wire/'s QMUX extraction, Exported PDU (252) by
 * dissector name (QMI inside "mbim.control" too), raw QMUX in DLT_USER0..15. */
#include <stdio.h>
#include <pcap/pcap.h>
#include "qrtr-capture.h"
#include "wire-mbim.h"
#include "wire-usbmon.h"

#define LINKTYPE_USER0 147
#define LINKTYPE_USER15 162

typedef struct {
  DecodePrinter *decoder;
  WireUsbmonQmux *usb;
  const ReadOptions *opts;
  gint64 messages;
  GString *out;
} Reader;

/* One record; returns FALSE once -c is reached. */
static gboolean handle_record (Reader *r, int linktype, guint32 frame, const struct pcap_pkthdr *ph,
                               const guint8 *data)
{
  gint64 ts = (gint64) ph->ts.tv_sec * 1000000 + ph->ts.tv_usec;
  gsize len = ph->caplen;
  guint n = 0;

  g_string_truncate (r->out, 0);
  if (linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED || linktype == WIRE_LINKTYPE_USB_LINUX) {
    WireUsbmonRecord rec;
    const guint8 *f;
    gsize flen;
    WireUsbmonQmuxDir dir;
    if (!wire_usbmon_parse (data, len, linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED, &rec))
      return TRUE;
    guint16 vendor;
    guint8 serial;
    /* a device descriptor names the vendor, whose vendor-specific messages then apply */
    if (!r->opts->vendor && wire_usbmon_device_descriptor (&rec, &vendor, &serial) &&
        (!r->opts->usb_bus || (rec.busnum == r->opts->usb_bus && rec.devnum == r->opts->usb_dev)))
      decode_printer_set_vendor (r->decoder, vendor);
    dir = wire_usbmon_qmux_feed (r->usb, &rec, &f, &flen);
    if (dir != WIRE_USBMON_QMUX_NONE)
      n = decode_printer_qmux (r->decoder, frame, ts,
                               dir == WIRE_USBMON_QMUX_TO_DEVICE ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND, f, flen, r->out);
  } else if (linktype == WIRE_LINKTYPE_WIRESHARK_UPPER_PDU) {
    char name[64];
    WireDirection dir;
    gsize off, flen;
    const guint8 *f;
    if (!wire_exported_pdu_parse (data, len, name, sizeof name, &dir, &off))
      return TRUE;
    if (g_str_equal (name, "qmux"))
      n = decode_printer_qmux (r->decoder, frame, ts, dir, data + off, len - off, r->out);
    else if (g_str_equal (name, "qrtr"))
      n = decode_printer_qrtr (r->decoder, frame, ts, dir, data + off, len - off, r->out);
    else if (g_str_equal (name, WIRE_MBIM_EXPORTED_PDU_NAME) && wire_mbim_qmi_frame (data + off, len - off, &f, &flen))
      n = decode_printer_qmux (r->decoder, frame, ts, dir, f, flen, r->out);
  } else {
    n = decode_printer_qmux (r->decoder, frame, ts, WIRE_DIR_UNKNOWN, data, len, r->out);
  }
  if (n) {
    fputs (r->out->str, stdout);
    r->messages += n;
  }
  return !(r->opts->max_messages && r->messages >= r->opts->max_messages);
}

static gboolean supported (int linktype)
{
  return linktype == WIRE_LINKTYPE_USB_LINUX || linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED ||
         linktype == WIRE_LINKTYPE_WIRESHARK_UPPER_PDU ||
         (linktype >= LINKTYPE_USER0 && linktype <= LINKTYPE_USER15);
}

int
read_capture (const char *path, const WireRegistry *reg, const ReadOptions *opts)
{
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t *p = pcap_open_offline (path, err);
  Reader r = { 0 };
  struct pcap_pkthdr *ph;
  const u_char *data;
  guint32 frame = 0;
  int linktype, rc, status = 0;

  if (!p) {
    g_printerr ("qrtr-capture: %s: %s\n", path, err);
    return 1;
  }
  linktype = pcap_datalink (p);
  if (!supported (linktype)) {
    g_printerr ("qrtr-capture: %s: link type %d (%s) carries no QMUX or QRTR that qrtr-capture knows; "
                "supported: usbmon (220, 189), Exported PDU (252), DLT_USER0-15 (147-162)\n",
                path, linktype, pcap_datalink_val_to_name (linktype) ? pcap_datalink_val_to_name (linktype) : "?");
    pcap_close (p);
    return 1;
  }
  r.decoder = decode_printer_new (reg, opts->format);
  decode_printer_set_vendor (r.decoder, opts->vendor);
  r.usb = wire_usbmon_qmux_new (opts->usb_bus, opts->usb_dev, -1);
  r.opts = opts;
  r.out = g_string_new (NULL);
  while ((rc = pcap_next_ex (p, &ph, &data)) == 1) {
    if (!handle_record (&r, linktype, ++frame, ph, data))
      break;
  }
  if (rc == PCAP_ERROR) {
    /* e.g. "truncated dump file": what was read has been printed */
    g_printerr ("qrtr-capture: %s: after record %u: %s\n", path, frame, pcap_geterr (p));
    status = 1;
  }
  fflush (stdout);
  g_string_free (r.out, TRUE);
  wire_usbmon_qmux_free (r.usb);
  decode_printer_free (r.decoder);
  pcap_close (p);
  return status;
}
