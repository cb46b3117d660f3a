/* Writes large captures for the benchmark: N QMI messages with realistic
 * TLVs (DMS Get IDs, NAS Get Signal Strength, NAS Get Serving System,
 * indications) as usbmon records, and the same over QRTR (Exported PDU) with
 * the name service announcing the servers first.
 * usage: gen-bench OUTDIR [N] */
#include <stdlib.h>
#include <string.h>
#include "wire-pcapng.h"
#include "wire-qmux.h"
#include "wire-qrtr.h"
#include "wire-usbmon.h"

static void die (GError *e)
{
  if (e)
    g_error ("gen-bench: %s", e->message);
}

static GByteArray *tlvs_for (guint i, WireQmiKind kind, guint8 *service, guint16 *msg)
{
  GByteArray *t = g_byte_array_new ();
  static const guint8 ok[4] = { 0 };
  static const guint8 sig[] = { 0xb5, 0x08 }, rsrq[] = { 0xf6, 0x08 }, snr[] = { 0x6e, 0 }, rsrp[] = { 0x8e, 0xff };
  static const guint8 serving[] = { 1, 1, 1, 1, 2, 8, 9 };
  static const guint8 plmn[] = { 0x36, 0x01, 0x0f, 0x00, 0x08, 'M', 'o', 'v', 'i', 's', 't', 'a', 'r' };
  switch (i % 3) {
  case 0:
    *service = 2, *msg = 0x0025;
    if (kind == WIRE_QMI_RESPONSE) {
      wire_qmi_append_tlv (t, 0x02, ok, 4);
      wire_qmi_append_tlv (t, 0x10, (const guint8 *) "80F32B12", 8);
      wire_qmi_append_tlv (t, 0x11, (const guint8 *) "356938035643809", 15);
      wire_qmi_append_tlv (t, 0x12, (const guint8 *) "A1000049D2B3C4", 14);
    }
    break;
  case 1:
    *service = 3, *msg = 0x0020;
    if (kind == WIRE_QMI_RESPONSE) {
      wire_qmi_append_tlv (t, 0x02, ok, 4);
      wire_qmi_append_tlv (t, 0x01, sig, 2);
      wire_qmi_append_tlv (t, 0x16, rsrq, 2);
      wire_qmi_append_tlv (t, 0x17, snr, 2);
      wire_qmi_append_tlv (t, 0x18, rsrp, 2);
    }
    break;
  default:
    *service = 3, *msg = 0x0024;
    if (kind == WIRE_QMI_RESPONSE) {
      wire_qmi_append_tlv (t, 0x02, ok, 4);
      wire_qmi_append_tlv (t, 0x01, serving, sizeof serving);
      wire_qmi_append_tlv (t, 0x12, plmn, sizeof plmn);
    }
    break;
  }
  return t;
}

int
main (int argc, char **argv)
{
  GError *e = NULL;
  guint n = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 1000000;
  gchar *usb_path, *qrtr_path;
  WirePcapngWriter *usb, *qrtr;
  gint64 ts = 1700000000000000LL;

  if (argc < 2) {
    g_printerr ("usage: %s OUTDIR [N]\n", argv[0]);
    return 2;
  }
  g_mkdir_with_parents (argv[1], 0755);
  usb_path = g_build_filename (argv[1], "bench-usbmon.pcapng", NULL);
  qrtr_path = g_build_filename (argv[1], "bench-qrtr.pcapng", NULL);
  usb = wire_pcapng_writer_open (usb_path, "gen-bench", &e); die (e);
  qrtr = wire_pcapng_writer_open (qrtr_path, "gen-bench", &e); die (e);
  wire_pcapng_add_interface (usb, WIRE_LINKTYPE_USB_LINUX_MMAPPED, 262144, "usbmon1", NULL, &e); die (e);
  wire_pcapng_add_interface (qrtr, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, 262144, "qrtr", NULL, &e); die (e);

  /* the name service announces DMS at 0:3 and NAS at 0:4 */
  for (guint svc = 2; svc <= 3; svc++) {
    WireQrtrCtrl c = { .cmd = WIRE_QRTR_TYPE_NEW_SERVER, .service = svc, .instance = 1, .node = 0, .port = svc + 1 };
    guint8 pkt[20];
    GByteArray *f;
    wire_qrtr_build_ctrl (&c, pkt, sizeof pkt);
    f = wire_qrtr_build_frame (1, c.cmd, 0, WIRE_QRTR_PORT_CTRL, WIRE_QRTR_NODE_BCAST, WIRE_QRTR_PORT_CTRL, FALSE, pkt, 20);
    wire_pcapng_write_exported_pdu (qrtr, 0, ts, "qrtr", WIRE_DIR_INBOUND, f->data, f->len, NULL, &e); die (e);
    g_byte_array_unref (f);
  }
  for (guint i = 0; i < n; i++) {
    WireQmiKind kind = i % 2 ? WIRE_QMI_RESPONSE : WIRE_QMI_REQUEST;
    guint8 service;
    guint16 msg, txn = (guint16) (i / 2 + 1);
    GByteArray *t = tlvs_for (i / 2, kind, &service, &msg);
    GByteArray *qmux = wire_qmux_build_frame (kind != WIRE_QMI_REQUEST, service, 1, kind, txn, msg, t->data, t->len);
    GByteArray *qmi = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, kind, txn, msg, t->data, t->len);
    gboolean to_modem = kind == WIRE_QMI_REQUEST;
    GByteArray *f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_DATA, to_modem ? 1 : 0, to_modem ? 0x4001 : service + 1u,
                                           to_modem ? 0 : 1, to_modem ? service + 1u : 0x4001, FALSE, qmi->data, qmi->len);
    WireUsbmonRecord r = { .id = 0xffff9a4c01000000ull + (i % 64) * 0x100, .type = to_modem ? 'S' : 'C',
                           .xfer_type = 2, .epnum = to_modem ? 0x00 : 0x80, .devnum = 3, .busnum = 1,
                           .setup_present = to_modem, .len_urb = qmux->len };
    GByteArray *rec;
    guint8 setup[8] = { 0x21, 0x00, 0, 0, 4, 0, (guint8) qmux->len, 0 };
    ts += 500;
    memcpy (r.setup, setup, 8);
    if (!to_modem) {
      /* the submit of the GET_ENCAPSULATED_RESPONSE, then its completion */
      WireUsbmonRecord s = r;
      guint8 get[8] = { 0xa1, 0x01, 0, 0, 4, 0, 0x00, 0x10 };
      GByteArray *sb;
      s.type = 'S';
      s.setup_present = TRUE;
      memcpy (s.setup, get, 8);
      s.len_urb = 4096;
      sb = wire_usbmon_build (&s, TRUE, NULL, 0);
      wire_pcapng_write_packet (usb, 0, ts - 100, sb->data, sb->len, sb->len, WIRE_DIR_OUTBOUND, NULL, &e); die (e);
      g_byte_array_unref (sb);
    }
    rec = wire_usbmon_build (&r, TRUE, qmux->data, qmux->len);
    wire_pcapng_write_packet (usb, 0, ts, rec->data, rec->len, rec->len,
                              to_modem ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND, NULL, &e); die (e);
    wire_pcapng_write_exported_pdu (qrtr, 0, ts, "qrtr", to_modem ? WIRE_DIR_OUTBOUND : WIRE_DIR_INBOUND,
                                    f->data, f->len, NULL, &e); die (e);
    g_byte_array_unref (rec);
    g_byte_array_unref (f);
    g_byte_array_unref (qmi);
    g_byte_array_unref (qmux);
    g_byte_array_unref (t);
  }
  wire_pcapng_writer_close (usb, &e); die (e);
  wire_pcapng_writer_close (qrtr, &e); die (e);
  g_print ("%s\n%s\n", usb_path, qrtr_path);
  g_free (usb_path);
  g_free (qrtr_path);
  return 0;
}
