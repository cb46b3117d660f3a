/* libFuzzer target: the QRTR, control-packet, QMUX, QMI-header, TLV,
 * Exported PDU and usbmon parsers on arbitrary bytes, with the name-service
 * tracker fed whatever control packets come out. */
#include "wire-qrtr.h"
#include "wire-qmux.h"
#include "wire-ns.h"
#include "wire-pcapng.h"
#include "wire-usbmon.h"
#include "wire-qmux-stream.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t len);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t len)
{
  static WireNsTracker *tracker;
  static guint32 frame;
  WireQrtrHeader h;
  WireQrtrCtrl c;
  WireQmuxHeader q;
  WireQmiHeader m;
  WireQmiTlv t;
  WireUsbmonRecord r;
  char name[64];
  WireDirection dir;
  gsize off = 0, pdu;
  guint16 status, error;

  if (!tracker)
    tracker = wire_ns_tracker_new ();
  if (!(wire_qrtr_parse_header (data, len, &h) & WIRE_QRTR_FATAL) && h.header_len <= len) {
    if (h.type != WIRE_QRTR_TYPE_DATA && wire_qrtr_parse_ctrl (data + h.header_len, h.payload_len, &c))
      wire_ns_tracker_feed (tracker, ++frame, h.src_node, &c);
    else {
      WireNsEntry e;
      wire_ns_tracker_resolve (tracker, h.src_node, h.src_port, h.dst_node, h.dst_port, frame, &e, NULL);
    }
  }
  if (!(wire_qmux_parse_header (data, len, &q) & WIRE_QMUX_FATAL))
    wire_qmi_parse_header (q.service ? WIRE_QMI_FORM_SERVICE : WIRE_QMI_FORM_CTL, data + 6, q.sdu_len, &m);
  while (wire_qmi_tlv_next (data, len, &off, &t, NULL))
    ;
  wire_qmi_find_result (data, len, &status, &error);
  wire_exported_pdu_parse (data, len, name, sizeof name, &dir, &pdu);
  wire_usbmon_parse (data, len, len & 1, &r);
  {
    /* the bridge's reassembly: the input in two reads; every frame popped
     * must be whole and self-consistent */
    WireQmuxStream *s = wire_qmux_stream_new ();
    GByteArray *f;
    wire_qmux_stream_push (s, data, len / 2);
    wire_qmux_stream_push (s, data + len / 2, len - len / 2);
    while ((f = wire_qmux_stream_pop (s))) {
      if (f->len < 6 || f->data[0] != 0x01 || (gsize) (f->data[1] | f->data[2] << 8) + 1 != f->len)
        __builtin_trap ();
      g_byte_array_unref (f);
    }
    wire_qmux_stream_free (s);
  }
  if (wire_ns_tracker_size (tracker) > 100000)
    wire_ns_tracker_reset (tracker);
  return 0;
}
