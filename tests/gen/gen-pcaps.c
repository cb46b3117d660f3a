/* Writes the regression captures of pcaps/ from scratch, byte for byte the
 * same on every run (fixed timestamps), so the checked-in files can be
 * compared with a fresh generation. Frames are built with wire/'s builders,
 * which follow the kernel's (QRTR) and libqmi's (QMUX/QMI) layouts; QMI
 * payloads use the TLV layouts of libqmi's service definitions, and those of
 * the kernel's qmi_elem_info tables and linux-msm for the services they speak.
 *
 * usage: gen-pcaps OUTDIR */
#include <string.h>
#include <glib.h>
#include "wire-pcapng.h"
#include "wire-qrtr.h"
#include "wire-qmux.h"
#include "wire-usbmon.h"
#include "wire-gsm7.h"
#include "real-device-frames.h"

#define T0 1700000000000000LL /* 2023-11-14 22:13:20 UTC */

typedef struct {
  WirePcapngWriter *w;
  gint iface;
  gint64 ts;
  guint16 linktype;
  /* usbmon state */
  guint64 urb;
  guint8 bus, dev, ifnum;
  gboolean mmapped;
  /* sizing: a dry run writes nothing and only notes the last record's length */
  gboolean dry;
  gsize last_len;
} Out;

static void die_on (GError *e)
{
  if (e)
    g_error ("gen-pcaps: %s", e->message);
}

static Out open_out (const char *dir, const char *name, guint16 linktype, const char *ifname,
                     const char *descr)
{
  Out o = { 0 };
  GError *e = NULL;
  gchar *path = g_build_filename (dir, name, NULL);
  o.w = wire_pcapng_writer_open (path, "qrtr-analyzer gen-pcaps", &e);
  die_on (e);
  o.iface = wire_pcapng_add_interface (o.w, linktype, 262144, ifname, descr, &e);
  die_on (e);
  o.ts = T0;
  o.linktype = linktype;
  g_free (path);
  return o;
}

static void close_out (Out *o)
{
  GError *e = NULL;
  wire_pcapng_writer_close (o->w, &e);
  die_on (e);
}

static void put_raw (Out *o, const guint8 *d, gsize n, WireDirection dir, const char *comment)
{
  GError *e = NULL;
  o->ts += 1000; /* 1 ms apart */
  o->last_len = n;
  if (o->dry)
    return;
  wire_pcapng_write_packet (o->w, (guint32) o->iface, o->ts, d, n, n, dir, comment, &e);
  die_on (e);
}

static void put_pdu (Out *o, const char *dissector, const guint8 *d, gsize n, WireDirection dir,
                     const char *comment)
{
  GByteArray *b = wire_exported_pdu_build (dissector, dir, d, n);
  put_raw (o, b->data, b->len, dir, comment);
  g_byte_array_unref (b);
}

/* ---------- TLV helpers ---------- */

static void tlv_u8 (GByteArray *t, guint8 type, guint8 v) { wire_qmi_append_tlv (t, type, &v, 1); }
static void tlv_str (GByteArray *t, guint8 type, const char *s)
{
  wire_qmi_append_tlv (t, type, (const guint8 *) s, (guint16) strlen (s));
}
static void tlv_result (GByteArray *t, guint16 status, guint16 error)
{
  guint8 v[4] = { status, status >> 8, error, error >> 8 };
  wire_qmi_append_tlv (t, 0x02, v, 4);
}
static void tlv_bytes (GByteArray *t, guint8 type, const guint8 *v, guint16 n) { wire_qmi_append_tlv (t, type, v, n); }

/* DMS Get IDs response, with the TLV ids of libqmi's qmi-service-dms.json. */
static GByteArray *dms_get_ids_tlvs (void)
{
  GByteArray *t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x10, "80F32B12");
  tlv_str (t, 0x11, "356938035643809");
  tlv_str (t, 0x12, "A1000049D2B3C4");
  return t;
}

/* NAS Get Signal Strength response: 0x01 {i8 strength, i8 radio interface},
 * 0x16 RSRQ {i8, i8}, 0x17 LTE SNR i16 (0.1 dB), 0x18 LTE RSRP i16. */
static GByteArray *nas_signal_tlvs (void)
{
  GByteArray *t = g_byte_array_new ();
  static const guint8 strength[] = { 0xb5 /* -75 */, 0x08 /* LTE */ };
  static const guint8 rsrq[] = { 0xf6 /* -10 */, 0x08 };
  static const guint8 snr[] = { 0x6e, 0x00 /* 110 = 11.0 dB */ };
  static const guint8 rsrp[] = { 0x8e, 0xff /* -114 */ };
  tlv_result (t, 0, 0);
  tlv_bytes (t, 0x01, strength, 2);
  tlv_bytes (t, 0x16, rsrq, 2);
  tlv_bytes (t, 0x17, snr, 2);
  tlv_bytes (t, 0x18, rsrp, 2);
  return t;
}

/* ---------- QRTR ---------- */

static void qrtr_put (Out *o, guint8 version, guint32 type, guint32 sn, guint32 sp, guint32 dn,
                      guint32 dp, const guint8 *payload, gsize n, WireDirection dir, const char *comment)
{
  GByteArray *f = wire_qrtr_build_frame (version, type, sn, sp, dn, dp, FALSE, payload, n);
  put_pdu (o, "qrtr", f->data, f->len, dir, comment);
  g_byte_array_unref (f);
}

static void qrtr_ctrl (Out *o, guint8 version, guint32 cmd, guint32 sn, guint32 dn, guint32 dp,
                       guint32 service, guint32 instance, guint32 node, guint32 port,
                       WireDirection dir, const char *comment)
{
  WireQrtrCtrl c = { .cmd = cmd, .service = service, .instance = instance, .node = node, .port = port };
  guint8 pkt[WIRE_QRTR_CTRL_PKT_LEN];
  wire_qrtr_build_ctrl (&c, pkt, sizeof pkt);
  qrtr_put (o, version, cmd, sn, WIRE_QRTR_PORT_CTRL, dn, dp, pkt, sizeof pkt, dir, comment);
}

static void qrtr_qmi (Out *o, guint8 version, guint32 sn, guint32 sp, guint32 dn, guint32 dp,
                      WireQmiKind kind, guint16 txn, guint16 msg, GByteArray *tlvs, WireDirection dir,
                      const char *comment)
{
  GByteArray *m = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, kind, txn, msg,
                                          tlvs ? tlvs->data : NULL, tlvs ? tlvs->len : 0);
  qrtr_put (o, version, WIRE_QRTR_TYPE_DATA, sn, sp, dn, dp, m->data, m->len, dir, comment);
  g_byte_array_unref (m);
  if (tlvs)
    g_byte_array_unref (tlvs);
}

#define BC WIRE_QRTR_NODE_BCAST
#define CTRL WIRE_QRTR_PORT_CTRL
#define OUT WIRE_DIR_OUTBOUND
#define IN WIRE_DIR_INBOUND

static void gen_qrtr_ctrl (const char *dir, guint8 v, const char *name)
{
  Out o = open_out (dir, name, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr", "QRTR control packets");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_HELLO, 1, 0, CTRL, 0, 0, 0, 0, OUT, "HELLO to the modem");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_HELLO, 0, 1, CTRL, 0, 0, 0, 0, IN, "HELLO answered");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_NEW_SERVER, 0, BC, CTRL, 2, 1 | 0 << 8, 0, 3, IN, "DMS v1.0 at 0:3");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_NEW_SERVER, 0, BC, CTRL, 4097, 0x12345, 0, 18, IN,
             "DIAG: the instance is not split");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_NEW_LOOKUP, 1, 1, CTRL, 3, 0, 0, 0, OUT, "lookup NAS, any instance");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_NEW_SERVER, 1, 1, 0x4001, 3, 1 | 2 << 8, 0, 4, IN, "lookup answer");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_NEW_SERVER, 1, 1, 0x4001, 0, 0, 0, 0, IN, "end of lookup");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_DEL_LOOKUP, 1, 1, CTRL, 3, 0, 0, 0, OUT, NULL);
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_RESUME_TX, 0, 1, 0x4001, 0, 0, 0, 3, IN, "flow control resumed");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_PING, 1, 0, CTRL, 0, 0, 0, 0, OUT, NULL);
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_DEL_CLIENT, 1, BC, CTRL, 0, 0, 1, 0x4001, OUT, "a client closed");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_DEL_SERVER, 0, BC, CTRL, 2, 1, 0, 3, IN, "DMS goes away");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_EXIT, 1, 1, CTRL, 0, 0, 0, 0, OUT, NULL);
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_DEL_PROC, 0, BC, CTRL, 0, 0, 5, 0, IN,
             "downstream-only DEL_PROC for node 5");
  qrtr_ctrl (&o, v, WIRE_QRTR_TYPE_BYE, 0, BC, CTRL, 0, 0, 0, 0, IN, "modem link down");
  if (v == WIRE_QRTR_VERSION_2) {
    /* A v2 frame with a 4-byte optional header: built by hand, since the
     * builder writes optlen 0 as every kernel does. */
    guint8 f[16 + 4 + 20] = { 3, WIRE_QRTR_TYPE_PING, 0, 4, 20, 0, 0, 0,
                              1, 0, 0xfe, 0xff, 0, 0, 0xfe, 0xff,
                              0xaa, 0xbb, 0xcc, 0xdd, WIRE_QRTR_TYPE_PING };
    put_pdu (&o, "qrtr", f, sizeof f, OUT, "PING with a 4-byte optional header");
  }
  close_out (&o);
}

static void gen_qrtr_qmi (const char *dir)
{
  Out o = open_out (dir, "qrtr-qmi.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr",
                    "QMI over QRTR with the name service");
  GByteArray *t;

  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, 0, BC, CTRL, 2, 1, 0, 3, IN, "DMS v1.0 at 0:3");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, 0, BC, CTRL, 3, 1, 0, 4, IN, "NAS v1.0 at 0:4");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 3, WIRE_QMI_REQUEST, 7, 0x0025, NULL, OUT, "DMS Get IDs");
  qrtr_qmi (&o, 1, 0, 3, 1, 0x4001, WIRE_QMI_RESPONSE, 7, 0x0025, dms_get_ids_tlvs (), IN, NULL);
  t = g_byte_array_new ();
  { guint8 mask[2] = { 0xef, 0x00 }; tlv_bytes (t, 0x10, mask, 2); }
  qrtr_qmi (&o, 3, 1, 0x4002, 0, 4, WIRE_QMI_REQUEST, 1, 0x0020, t, OUT, "NAS Get Signal Strength (v2 header)");
  qrtr_qmi (&o, 3, 0, 4, 1, 0x4002, WIRE_QMI_RESPONSE, 1, 0x0020, nas_signal_tlvs (), IN, NULL);
  t = g_byte_array_new ();
  tlv_u8 (t, 0x14, 1);
  qrtr_qmi (&o, 1, 0, 3, 1, 0x4001, WIRE_QMI_INDICATION, 0, 0x0001, t, IN, "DMS Event Report: low power");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 3, WIRE_QMI_REQUEST, 8, 0x0022, NULL, OUT, "DMS Get Model");
  t = g_byte_array_new ();
  tlv_result (t, 1, 0x001a);
  qrtr_qmi (&o, 1, 0, 3, 1, 0x4001, WIRE_QMI_RESPONSE, 8, 0x0022, t, IN, "error: NoEffect");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 3, WIRE_QMI_REQUEST, 9, 0x0021, NULL, OUT, "never answered");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_DEL_SERVER, 0, BC, CTRL, 2, 1, 0, 3, IN, "DMS goes away");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 3, WIRE_QMI_REQUEST, 10, 0x0025, NULL, OUT,
            "to 0:3 after DEL_SERVER: must not resolve");
  qrtr_qmi (&o, 1, 1, 0x4003, 0, 9, WIRE_QMI_REQUEST, 1, 0x0001, NULL, OUT, "port 9 was never announced");
  close_out (&o);
}

static void gen_qrtr_tftp (const char *dir)
{
  Out o = open_out (dir, "qrtr-tftp.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr",
                    "TFTP over QRTR (service 4096)");
  static const guint8 rrq[] = "\x00\x01/readonly/firmware/image/modem.b00\0octet\0blksize\0" "7680\0";
  static const guint8 data[] = { 0x00, 0x03, 0x00, 0x01, 0x7f, 'E', 'L', 'F', 0x01, 0x01 };
  static const guint8 ack[] = { 0x00, 0x04, 0x00, 0x01 };
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, 1, BC, CTRL, 4096, 1, 1, 0x4003, OUT, "tqftpserv");
  qrtr_put (&o, 1, WIRE_QRTR_TYPE_DATA, 0, 0x4010, 1, 0x4003, rrq, sizeof rrq - 1, IN, "RRQ from the modem");
  qrtr_put (&o, 1, WIRE_QRTR_TYPE_DATA, 1, 0x4003, 0, 0x4010, data, sizeof data, OUT, NULL);
  qrtr_put (&o, 1, WIRE_QRTR_TYPE_DATA, 0, 0x4010, 1, 0x4003, ack, sizeof ack, IN, NULL);
  close_out (&o);
}

/* ---------- QMI services of the Linux kernel and linux-msm ----------
 * TLV layouts as the kernel's qmi_elem_info tables (and linux-msm's rmtfs)
 * encode them: a string that is a whole TLV has no prefix, a string inside a
 * structure has a u8 length prefix, a variable array a u8 count. */

static void put_le (GByteArray *b, guint64 v, guint n)
{
  for (guint i = 0; i < n; i++) {
    guint8 c = (guint8) (v >> (8 * i));
    g_byte_array_append (b, &c, 1);
  }
}

static void put_pstr (GByteArray *b, const char *s)
{
  guint8 n = (guint8) strlen (s);
  g_byte_array_append (b, &n, 1);
  g_byte_array_append (b, (const guint8 *) s, n);
}

static void tlv_le (GByteArray *t, guint8 type, guint64 v, guint n)
{
  GByteArray *b = g_byte_array_new ();
  put_le (b, v, n);
  tlv_bytes (t, type, b->data, (guint16) b->len);
  g_byte_array_unref (b);
}

static void tlv_take (GByteArray *t, guint8 type, GByteArray *value)
{
  tlv_bytes (t, type, value->data, (guint16) value->len);
  g_byte_array_unref (value);
}

static GByteArray *ok_result (void)
{
  GByteArray *t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  return t;
}

static void gen_qrtr_kernel (const char *dir)
{
  Out o = open_out (dir, "qrtr-kernel-services.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr",
                    "QMI services of the Linux kernel and linux-msm over QRTR");
  GByteArray *t, *v;
  /* AP = node 1, modem = node 0, ADSP = node 5, WLAN firmware = node 7. */
  enum { AP = 1, MODEM = 0, ADSP = 5, WLAN = 7 };

  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, WLAN, BC, CTRL, 69, 1 | 0 << 8, WLAN, 1, IN,
             "WLFW v1 at 7:1 (the WLAN firmware)");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 43, 2 | 0x12 << 8, MODEM, 0x1c, IN,
             "SSCTL v2 instance 0x12 (modem) at 0:0x1c");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, AP, BC, CTRL, 64, 1 | 1 << 8, AP, 0x4005, OUT,
             "servreg_loc v1 at 1:0x4005 (pd-mapper)");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, ADSP, BC, CTRL, 66, 1 | 74 << 8, ADSP, 0x21, IN,
             "servreg_notif v1 instance 74 (msm/adsp/audio_pd) at 5:0x21");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, AP, BC, CTRL, 14, 1 | 0 << 8, AP, 14, OUT,
             "rmtfs v1 at 1:14");

  /* WLFW: ath11k's start-up sequence. */
  t = g_byte_array_new ();
  tlv_u8 (t, 0x10, 1);                    /* fw_ready_enable */
  tlv_u8 (t, 0x13, 1);                    /* msa_ready_enable */
  tlv_u8 (t, 0x14, 1);                    /* pin_connect_result_enable */
  tlv_le (t, 0x15, 0x4b4e454c, 4);        /* client_id */
  tlv_u8 (t, 0x16, 1);                    /* request_mem_enable */
  tlv_u8 (t, 0x17, 1);                    /* fw_mem_ready_enable */
  tlv_u8 (t, 0x18, 1);                    /* fw_init_done_enable */
  tlv_u8 (t, 0x1B, 1);                    /* cal_done_enable */
  qrtr_qmi (&o, 1, AP, 0x4008, WLAN, 1, WIRE_QMI_REQUEST, 1, 0x0020, t, OUT, "WLFW Indication Register");
  t = ok_result ();
  tlv_le (t, 0x10, 0x04 | 0x08, 8);       /* fw_status: msa_ready, mem_ready */
  qrtr_qmi (&o, 1, WLAN, 1, AP, 0x4008, WIRE_QMI_RESPONSE, 1, 0x0020, t, IN, NULL);
  qrtr_qmi (&o, 1, AP, 0x4008, WLAN, 1, WIRE_QMI_REQUEST, 2, 0x0024, NULL, OUT, "WLFW Capabilities");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 0x2, 4);                     /* chip_id */
  put_le (v, 0x4, 4);                     /* chip_family */
  tlv_take (t, 0x10, v);
  tlv_le (t, 0x11, 0xff, 4);              /* board_info.board_id */
  tlv_le (t, 0x12, 0x400c0000, 4);        /* soc_info.soc_id */
  v = g_byte_array_new ();
  put_le (v, 0x110b196e, 4);              /* fw_version */
  put_pstr (v, "2023-11-14 22:13");       /* fw_build_timestamp: u8 prefix inside the struct */
  tlv_take (t, 0x13, v);
  tlv_str (t, 0x14, "WLAN.HSP.1.1-03125-QCAHSPSWPL_V1_V2_SILICONZ_LITE-3.6510.23");
  tlv_u8 (t, 0x15, 1);                    /* num_macs */
  qrtr_qmi (&o, 1, WLAN, 1, AP, 0x4008, WIRE_QMI_RESPONSE, 2, 0x0024, t, IN, NULL);
  qrtr_qmi (&o, 1, WLAN, 1, AP, 0x4008, WIRE_QMI_INDICATION, 0, 0x0021, NULL, IN, "WLFW FW Ready (no TLVs)");

  /* The kernel's PDR client asks pd-mapper where "avs/audio" runs. */
  t = g_byte_array_new ();
  tlv_str (t, 0x01, "avs/audio");
  qrtr_qmi (&o, 1, AP, 0x4006, AP, 0x4005, WIRE_QMI_REQUEST, 1, 0x0021, t, OUT,
            "servreg_loc Get Domain List (0x21 on the wire)");
  t = ok_result ();
  tlv_le (t, 0x10, 1, 2);                 /* total_domains */
  tlv_le (t, 0x11, 1, 2);                 /* db_rev_count */
  v = g_byte_array_new ();
  put_le (v, 1, 1);                       /* count */
  put_pstr (v, "msm/adsp/audio_pd");
  put_le (v, 74, 4);                      /* instance */
  put_le (v, 0, 1);                       /* service_data_valid */
  put_le (v, 0, 4);                       /* service_data */
  tlv_take (t, 0x12, v);
  qrtr_qmi (&o, 1, AP, 0x4005, AP, 0x4006, WIRE_QMI_RESPONSE, 1, 0x0021, t, OUT, NULL);
  t = g_byte_array_new ();
  tlv_str (t, 0x01, "tms/servreg");
  tlv_le (t, 0x10, 0, 4);                 /* domain_offset */
  qrtr_qmi (&o, 1, AP, 0x4006, AP, 0x4005, WIRE_QMI_REQUEST, 2, 0x0021, t, OUT, NULL);
  t = ok_result ();
  tlv_le (t, 0x10, 2, 2);
  tlv_le (t, 0x11, 1, 2);
  v = g_byte_array_new ();
  put_le (v, 2, 1);
  put_pstr (v, "msm/adsp/audio_pd");
  put_le (v, 74, 4);
  put_le (v, 0, 1);
  put_le (v, 0, 4);
  put_pstr (v, "msm/modem/root_pd");
  put_le (v, 180, 4);
  put_le (v, 1, 1);
  put_le (v, 0x10, 4);
  tlv_take (t, 0x12, v);
  qrtr_qmi (&o, 1, AP, 0x4005, AP, 0x4006, WIRE_QMI_RESPONSE, 2, 0x0021, t, OUT, "two domains");

  /* ... then listens to the audio protection domain's state. */
  t = g_byte_array_new ();
  tlv_u8 (t, 0x01, 1);                    /* enable */
  tlv_str (t, 0x02, "msm/adsp/audio_pd");
  qrtr_qmi (&o, 1, AP, 0x4007, ADSP, 0x21, WIRE_QMI_REQUEST, 1, 0x0020, t, OUT,
            "servreg_notif Register Listener");
  t = ok_result ();
  tlv_le (t, 0x10, 0x1fffffff, 4);        /* curr_state: up */
  qrtr_qmi (&o, 1, ADSP, 0x21, AP, 0x4007, WIRE_QMI_RESPONSE, 1, 0x0020, t, IN, NULL);
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 0x0fffffff, 4);        /* curr_state: down */
  tlv_str (t, 0x02, "msm/adsp/audio_pd");
  tlv_le (t, 0x03, 1, 2);                 /* transaction_id */
  qrtr_qmi (&o, 1, ADSP, 0x21, AP, 0x4007, WIRE_QMI_INDICATION, 0, 0x0022, t, IN,
            "servreg_notif State Updated: audio PD down");
  t = g_byte_array_new ();
  tlv_str (t, 0x01, "msm/adsp/audio_pd");
  tlv_le (t, 0x02, 1, 2);
  qrtr_qmi (&o, 1, AP, 0x4007, ADSP, 0x21, WIRE_QMI_REQUEST, 2, 0x0023, t, OUT, "servreg_notif Set Ack");
  qrtr_qmi (&o, 1, ADSP, 0x21, AP, 0x4007, WIRE_QMI_RESPONSE, 2, 0x0023, ok_result (), IN, NULL);

  /* sysmon tells the modem that the ADSP is shutting down. */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_pstr (v, "adsp");                   /* u8 length + name */
  tlv_take (t, 0x01, v);
  tlv_le (t, 0x02, 2, 4);                 /* event: before-shutdown */
  tlv_le (t, 0x10, 1, 4);                 /* evt_driven: graceful */
  qrtr_qmi (&o, 1, AP, 0x4009, MODEM, 0x1c, WIRE_QMI_REQUEST, 1, 0x0023, t, OUT, "SSCTL Subsystem Event");
  qrtr_qmi (&o, 1, MODEM, 0x1c, AP, 0x4009, WIRE_QMI_RESPONSE, 1, 0x0023, ok_result (), IN, NULL);

  /* The modem opens its file system partition on rmtfs. */
  t = g_byte_array_new ();
  tlv_str (t, 0x01, "/boot/modem_fs1");
  qrtr_qmi (&o, 1, MODEM, 0x31, AP, 14, WIRE_QMI_REQUEST, 1, 0x0001, t, IN, "rmtfs Open");
  t = ok_result ();
  tlv_le (t, 0x10, 1, 4);                 /* caller_id */
  qrtr_qmi (&o, 1, AP, 14, MODEM, 0x31, WIRE_QMI_RESPONSE, 1, 0x0001, t, OUT, NULL);
  close_out (&o);
}

/* ---------- QMUX ---------- */

typedef void (*QmuxSink) (Out *o, GByteArray *frame, WireDirection dir, const char *comment);

static void qmux_send (Out *o, QmuxSink sink, gboolean from_modem, guint8 svc, guint8 cid,
                       WireQmiKind kind, guint16 txn, guint16 msg, GByteArray *tlvs, const char *comment)
{
  GByteArray *f = wire_qmux_build_frame (from_modem, svc, cid, kind, txn, msg,
                                         tlvs ? tlvs->data : NULL, tlvs ? tlvs->len : 0);
  sink (o, f, from_modem ? IN : OUT, comment);
  g_byte_array_unref (f);
  if (tlvs)
    g_byte_array_unref (tlvs);
}

/* The QMUX conversation shared by every QMUX carriage. */
static void qmux_session (Out *o, QmuxSink sink)
{
  GByteArray *t;

  t = g_byte_array_new ();
  tlv_u8 (t, 0x01, 2); /* service DMS */
  qmux_send (o, sink, FALSE, 0, 0, WIRE_QMI_REQUEST, 1, 0x0022, t, "CTL Allocate CID for DMS");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  { guint8 v[2] = { 2, 1 }; tlv_bytes (t, 0x01, v, 2); } /* service DMS, cid 1 */
  qmux_send (o, sink, TRUE, 0, 0, WIRE_QMI_RESPONSE, 1, 0x0022, t, NULL);
  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, "DMS Get IDs");
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, 1, 0x0025, dms_get_ids_tlvs (), NULL);
  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, 2, 0x0021, NULL, "DMS Get Manufacturer");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "QUALCOMM INCORPORATED");
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, 2, 0x0021, t, NULL);
  qmux_send (o, sink, FALSE, 3, 2, WIRE_QMI_REQUEST, 1, 0x0020, NULL, "NAS Get Signal Strength");
  qmux_send (o, sink, TRUE, 3, 2, WIRE_QMI_RESPONSE, 1, 0x0020, nas_signal_tlvs (), NULL);
  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, 3, 0x002e, NULL, "DMS Set Operating Mode, no TLVs");
  t = g_byte_array_new ();
  tlv_result (t, 1, 0x0011);
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, 3, 0x002e, t, "error: MissingArgument");
  t = g_byte_array_new ();
  tlv_u8 (t, 0x14, 0);
  qmux_send (o, sink, TRUE, 2, 0xff, WIRE_QMI_INDICATION, 0, 0x0001, t, "broadcast indication");
  t = g_byte_array_new ();
  { guint8 v[2] = { 2, 1 }; tlv_bytes (t, 0x01, v, 2); }
  qmux_send (o, sink, FALSE, 0, 0, WIRE_QMI_REQUEST, 2, 0x0023, t, "CTL Release CID");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  { guint8 v[2] = { 2, 1 }; tlv_bytes (t, 0x01, v, 2); }
  qmux_send (o, sink, TRUE, 0, 0, WIRE_QMI_RESPONSE, 2, 0x0023, t, NULL);
}

static void sink_exported (Out *o, GByteArray *f, WireDirection dir, const char *comment)
{
  put_pdu (o, "qmux", f->data, f->len, dir, comment);
}

static void sink_raw (Out *o, GByteArray *f, WireDirection dir, const char *comment)
{
  put_raw (o, f->data, f->len, dir, comment);
}

/* usbmon: the records cdc-wdm's traffic produces, as the kernel writes them. */
static void usb_record (Out *o, char type, guint8 xfer, guint8 ep, guint8 dev, const guint8 setup[8],
                        gint32 status, guint32 len_urb, const guint8 *data, gsize n, const char *comment)
{
  WireUsbmonRecord r = { 0 };
  GByteArray *b;
  r.id = o->urb;
  r.type = type;
  r.xfer_type = xfer;
  r.epnum = ep;
  r.devnum = dev;
  r.busnum = o->bus;
  r.setup_present = setup != NULL;
  if (setup)
    memcpy (r.setup, setup, 8);
  r.ts_sec = (o->ts + 1000) / 1000000;
  r.ts_usec = (gint32) ((o->ts + 1000) % 1000000);
  r.status = status;
  r.len_urb = len_urb;
  b = wire_usbmon_build (&r, o->mmapped, data, n);
  put_raw (o, b->data, b->len, type == 'S' ? OUT : IN, comment);
  g_byte_array_unref (b);
}

static void sink_usbmon (Out *o, GByteArray *f, WireDirection dir, const char *comment)
{
  guint8 setup[8];
  if (dir == OUT) {
    guint8 s[8] = { 0x21, 0x00, 0, 0, o->ifnum, 0, (guint8) f->len, (guint8) (f->len >> 8) };
    o->urb += 0x100;
    usb_record (o, 'S', 2, 0x00, o->dev, s, -115 /* -EINPROGRESS */, f->len, f->data, f->len, comment);
    usb_record (o, 'C', 2, 0x00, o->dev, NULL, 0, f->len, NULL, 0, NULL);
    return;
  }
  {
    guint8 notify[8] = { 0xa1, 0x01, 0, 0, o->ifnum, 0, 0, 0 };
    guint8 s[8] = { 0xa1, 0x01, 0, 0, o->ifnum, 0, 0x00, 0x10 };
    o->urb += 0x100;
    usb_record (o, 'C', 1, 0x81, o->dev, NULL, 0, 8, notify, 8, "RESPONSE_AVAILABLE");
    o->urb += 0x100;
    memcpy (setup, s, 8);
    usb_record (o, 'S', 2, 0x80, o->dev, setup, -115, 4096, NULL, 0, NULL);
    usb_record (o, 'C', 2, 0x80, o->dev, NULL, 0, f->len, f->data, f->len, comment);
  }
}

static void gen_usbmon (const char *dir, const char *name, gboolean mmapped)
{
  Out o = open_out (dir, name, mmapped ? WIRE_LINKTYPE_USB_LINUX_MMAPPED : WIRE_LINKTYPE_USB_LINUX,
                    "usbmon2", "USB bus 2");
  static const guint8 get_dev_desc[8] = { 0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00 };
  /* Sierra Wireless EM7455 (1199:9071), a QMI modem qmi_wwan binds: its
   * vendor id selects Sierra's vendor-specific messages. */
  static const guint8 dev_desc[18] = { 0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
                                       0x99, 0x11, 0x71, 0x90, 0x06, 0x00, 0x01, 0x02, 0x03, 0x01 };
  static const guint8 other_dev[4] = { 0x01, 0x05, 0x00, 0x00 };
  o.mmapped = mmapped;
  o.bus = 2;
  o.dev = 3;
  o.ifnum = 4;
  o.urb = 0xffff9a4c01000000ull;
  usb_record (&o, 'S', 2, 0x80, 3, get_dev_desc, -115, 18, NULL, 0, "GET_DESCRIPTOR device");
  usb_record (&o, 'C', 2, 0x80, 3, NULL, 0, 18, dev_desc, 18, NULL);
  /* another device on the bus (a mouse's interrupt IN): must be ignored */
  o.urb += 0x100;
  usb_record (&o, 'C', 1, 0x81, 5, NULL, 0, 4, other_dev, 4, "another device");
  qmux_session (&o, sink_usbmon);
  /* DMS 0x5556 means Swi Get Current Firmware on Sierra modems (HP uses the
   * id for another message): decodable only with the device's vendor id. */
  {
    GByteArray *t = g_byte_array_new ();
    qmux_send (&o, sink_usbmon, FALSE, 2, 1, WIRE_QMI_REQUEST, 4, 0x5556, NULL, "Sierra: Swi Get Current Firmware");
    tlv_result (t, 0, 0);
    tlv_str (t, 0x10, "EM7455");
    tlv_str (t, 0x12, "SWI9X30C_02.24.05.06");
    qmux_send (&o, sink_usbmon, TRUE, 2, 1, WIRE_QMI_RESPONSE, 4, 0x5556, t, NULL);
  }
  close_out (&o);
}

/* Two modems on one USB bus (a test lab), each with DMS client 1 asking
 * Get IDs with transaction 1, the second asking before the first has its
 * answer: responses pair with the request of their own device. */
static void gen_usbmon_two_modems (const char *dir)
{
  Out o = open_out (dir, "usbmon-two-modems.pcapng", WIRE_LINKTYPE_USB_LINUX_MMAPPED, "usbmon2", "USB bus 2");
  GByteArray *t;
  o.mmapped = TRUE;
  o.bus = 2;
  o.ifnum = 4;
  o.urb = 0xffff9a4c02000000ull;
  o.dev = 3;
  qmux_send (&o, sink_usbmon, FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, "modem A (device 3): DMS Get IDs, client 1, txn 1");
  o.dev = 4;
  qmux_send (&o, sink_usbmon, FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, "modem B (device 4): the same client and txn");
  o.dev = 3;
  qmux_send (&o, sink_usbmon, TRUE, 2, 1, WIRE_QMI_RESPONSE, 1, 0x0025, dms_get_ids_tlvs (), "modem A answers");
  o.dev = 4;
  t = g_byte_array_new ();
  tlv_result (t, 1, 0x0003); /* B: an error, so the two answers differ */
  qmux_send (&o, sink_usbmon, TRUE, 2, 1, WIRE_QMI_RESPONSE, 1, 0x0025, t, "modem B answers (an error)");
  close_out (&o);
}

static void gen_qmux_exported (const char *dir)
{
  Out o = open_out (dir, "qmux-exported.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "QMUX recorded by the cdc-wdm bridge");
  qmux_session (&o, sink_exported);
  close_out (&o);
}

static void gen_dlt_user (const char *dir)
{
  Out o = open_out (dir, "dlt-user-qmux.pcapng", WIRE_LINKTYPE_USER0, "qmux", "raw QMUX in DLT_USER0");
  qmux_session (&o, sink_raw);
  close_out (&o);
}

/* ---------- hostile frames ---------- */

static void gen_malformed (const char *dir)
{
  Out o = open_out (dir, "malformed.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "fuzz",
                    "malformed frames at every layer");
  GByteArray *f, *t;
  static const guint8 ping[4] = { WIRE_QRTR_TYPE_PING, 0, 0, 0 };

  f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_DATA, 1, 0x4001, 0, 3, FALSE, NULL, 0);
  put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR size 0");
  g_byte_array_unref (f);

  f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_PING, 1, CTRL, 0, CTRL, FALSE, ping, 4);
  f->data[20] = 200; /* size says 200, 4 present */
  put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR size beyond the frame");
  g_byte_array_unref (f);

  f = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_PING, 1, CTRL, 0, CTRL, FALSE, ping, 4);
  f->data[3] = 40; /* optlen past the end */
  put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR v2 optlen past the end");
  g_byte_array_unref (f);

  { static const guint8 two[2] = { 0x42, 0x42 };
    f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_DATA, 1, 0x4001, 0, 3, FALSE, two, 2);
    f->data[34] = 0xee; /* padding not zero */
    put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR non-zero padding");
    g_byte_array_unref (f); }

  f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_PING, 1, CTRL, 0, CTRL, FALSE, ping, 4);
  g_byte_array_append (f, (const guint8 *) "\x01\x02\x03\x04", 4);
  put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR trailing bytes");
  g_byte_array_unref (f);

  { guint8 bad[32] = { 7 };
    put_pdu (&o, "qrtr", bad, sizeof bad, OUT, "QRTR unknown version 7"); }
  { guint8 shorty[10] = { 1, 0, 0, 0, 1 };
    put_pdu (&o, "qrtr", shorty, sizeof shorty, OUT, "QRTR header cut short"); }

  f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, 0);
  f->data[1] = 0x40; /* QMUX length 64, 13 bytes present */
  put_pdu (&o, "qmux", f->data, f->len, OUT, "QMUX length beyond the frame");
  g_byte_array_unref (f);

  f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, 0);
  g_byte_array_append (f, (const guint8 *) "\xde\xad", 2);
  put_pdu (&o, "qmux", f->data, f->len, OUT, "QMUX trailing bytes");
  g_byte_array_unref (f);

  f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 0x0025, NULL, 0);
  f->data[0] = 0x02;
  put_pdu (&o, "qmux", f->data, f->len, OUT, "QMUX bad interface type");
  g_byte_array_unref (f);

  t = g_byte_array_new ();
  tlv_str (t, 0x11, "356938035643809");
  f = wire_qmux_build_frame (TRUE, 2, 1, WIRE_QMI_RESPONSE, 4, 0x0025, t->data, t->len);
  f->data[11] += 10; /* QMI msg_len says 10 bytes more than the QMUX frame holds */
  put_pdu (&o, "qmux", f->data, f->len, IN, "QMI message length beyond the frame");
  g_byte_array_unref (f);
  g_byte_array_unref (t);

  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  { guint8 v[3] = { 0x10, 0x20, 0x00 }; g_byte_array_append (t, v, 3); } /* TLV 0x10 says 32 bytes */
  f = wire_qmux_build_frame (TRUE, 2, 1, WIRE_QMI_RESPONSE, 5, 0x0025, t->data, t->len);
  put_pdu (&o, "qmux", f->data, f->len, IN, "TLV length past the message");
  g_byte_array_unref (f);
  g_byte_array_unref (t);

  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  g_byte_array_append (t, (const guint8 *) "\x10\x01", 2);
  f = wire_qmux_build_frame (TRUE, 2, 1, WIRE_QMI_RESPONSE, 6, 0x0025, t->data, t->len);
  put_pdu (&o, "qmux", f->data, f->len, IN, "2 stray bytes after the last TLV");
  g_byte_array_unref (f);
  g_byte_array_unref (t);

  f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 7, 0x0025, NULL, 0);
  f->data[6] = 0x06; /* response and indication bits both set */
  put_pdu (&o, "qmux", f->data, f->len, OUT, "QMI flags name no message type");
  g_byte_array_unref (f);

  { guint8 v[] = { 0x01, 0x06, 0x00, 0x00, 0x02, 0x01, 0x00 };
    put_pdu (&o, "qmux", v, sizeof v, OUT, "QMI header truncated"); }

  /* Malformations only a schema can see (layouts of libqmi's DMS/NAS). */
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x11, "356938035643809");
  tlv_str (t, 0x11, "356938035643817");
  tlv_str (t, 0x7f, "??");
  f = wire_qmux_build_frame (TRUE, 2, 1, WIRE_QMI_RESPONSE, 8, 0x0025, t->data, t->len);
  put_pdu (&o, "qmux", f->data, f->len, IN, "DMS Get IDs: IMEI twice and an unknown TLV 0x7f");
  g_byte_array_unref (f);
  g_byte_array_unref (t);

  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  { guint8 v[1] = { 0xb5 }; tlv_bytes (t, 0x01, v, 1); } /* needs 2 bytes */
  f = wire_qmux_build_frame (TRUE, 3, 2, WIRE_QMI_RESPONSE, 9, 0x0020, t->data, t->len);
  put_pdu (&o, "qmux", f->data, f->len, IN, "NAS Get Signal Strength: TLV 0x01 cut short");
  g_byte_array_unref (f);
  g_byte_array_unref (t);

  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  { guint8 v[] = { 0x36, 0x01, 0x0f, 0x01, 200, 'T', 'e', 's', 't' }; tlv_bytes (t, 0x12, v, sizeof v); }
  { guint8 v[] = { 1, 1, 1, 1, 0xff }; tlv_bytes (t, 0x01, v, sizeof v); } /* 255 radio interfaces, none present */
  f = wire_qmux_build_frame (TRUE, 3, 2, WIRE_QMI_RESPONSE, 10, 0x0024, t->data, t->len);
  put_pdu (&o, "qmux", f->data, f->len, IN,
           "NAS Get Serving System: string prefix 200 with 4 bytes left, array count 255 with none");
  g_byte_array_unref (f);
  g_byte_array_unref (t);
  close_out (&o);
}

/* The walker's item budget (WIRE_WALK_MAX_ITEMS) through the plugin: a UIM
 * Refresh indication whose TLV 0x10 is as long as a QMI message allows
 * (65532 bytes) and holds 21,842 files with empty paths, each file three
 * items (the file, file_id, path), so the walk stops at the budget in the
 * middle of the files while every count is honest. Its own capture, checked
 * by count (tests/golden/run-item-budget.sh), not by a golden of 20,000
 * lines. */
static void gen_item_budget (const char *dir)
{
  Out o = open_out (dir, "item-budget.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "fuzz",
                    "one message past the walker's item budget");
  GByteArray *t = g_byte_array_new (), *v = g_byte_array_new ();
  enum { AP = 1, MODEM = 0, FILES = (65532 - 6) / 3 };

  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 11, 1, MODEM, 5, IN, "UIM v1.0 at 0:5");
  put_le (v, 1, 1);                       /* stage: start */
  put_le (v, 0, 1);                       /* mode: reset */
  put_le (v, 0, 1);                       /* session_type: primary-gw-provisioning */
  put_le (v, 0, 1);                       /* application_identifier: none */
  put_le (v, FILES, 2);                   /* files: 21842, all present */
  for (guint i = 0; i < FILES; i++) {
    put_le (v, 0x6f00 + (i & 0xff), 2);   /* file_id */
    put_le (v, 0, 1);                     /* path: empty */
  }
  g_assert (v->len == 65532);
  tlv_take (t, 0x10, v);
  qrtr_qmi (&o, 1, MODEM, 5, AP, 0x4002, WIRE_QMI_INDICATION, 0, 0x0033, t, IN,
            "UIM Refresh: 21,842 files of three items each, past the walker's item budget");
  close_out (&o);
}

/* Hostile inputs beyond malformed.pcapng's: sizes and counts chosen to make
 * a careless decoder allocate, loop or read far past the data. Everything
 * is QRTR (Exported PDU) to services announced at the start, so the schema
 * walker sees each payload. */
static void gen_hostile (const char *dir)
{
  Out o = open_out (dir, "hostile.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "fuzz",
                    "hostile sizes, counts and strings");
  GByteArray *f, *t, *v, *m;
  enum { AP = 1, MODEM = 0 };

  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 2, 1, MODEM, 3, IN, "DMS v1.0 at 0:3");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 3, 1, MODEM, 4, IN, "NAS v1.0 at 0:4");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 11, 1, MODEM, 5, IN, "UIM v1.0 at 0:5");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 43, 2 | 0x12 << 8, MODEM, 0x1c, IN,
             "SSCTL v2 instance 0x12 at 0:0x1c");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_NEW_SERVER, MODEM, BC, CTRL, 9, 1, MODEM, 6, IN, "VOICE v1.0 at 0:6");

  /* A 200,000-byte QRTR payload: a DMS Get IDs response whose msg_len is
   * 65535 (result + a 65525-character ESN), then 134,458 bytes after it. */
  t = ok_result ();
  v = g_byte_array_new ();
  g_byte_array_set_size (v, 65535 - 7 - 3);
  memset (v->data, 'E', v->len);
  tlv_take (t, 0x10, v);
  g_assert (t->len == 65535);
  m = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, WIRE_QMI_RESPONSE, 1, 0x0025, t->data, t->len);
  g_byte_array_unref (t);
  {
    gsize used = m->len;
    g_byte_array_set_size (m, 200000);
    for (gsize i = used; i < m->len; i++)
      m->data[i] = (guint8) (i * 7);
  }
  qrtr_put (&o, 1, WIRE_QRTR_TYPE_DATA, MODEM, 3, AP, 0x4001, m->data, m->len, IN,
            "200,000-byte QRTR payload: a QMI message of msg_len 65535, then 134,458 trailing bytes");
  g_byte_array_unref (m);

  /* QRTR sizes near the top of their fields, on small frames. The payload
   * is a 12-byte NAS Get Signal Strength request (no padding), so all that
   * is wrong is the size. */
  for (guint k = 0; k < 2; k++) {
    t = g_byte_array_new ();
    { guint8 mask[2] = { 0xef, 0x00 }; tlv_bytes (t, 0x10, mask, 2); }
    m = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, WIRE_QMI_REQUEST, 10 + k, 0x0020, t->data, t->len);
    g_byte_array_unref (t);
    if (k == 0) {
      f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_DATA, AP, 0x4002, MODEM, 4, FALSE, m->data, m->len);
      f->data[20] = 0xf0, f->data[21] = 0xff, f->data[22] = 0xff, f->data[23] = 0xff;
      put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR v1 size 0xfffffff0 on a 44-byte frame");
    } else {
      f = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_DATA, AP, 0x4002, MODEM, 4, FALSE, m->data, m->len);
      f->data[4] = 0xff, f->data[5] = 0xff, f->data[6] = 0xff, f->data[7] = 0x7f;
      put_pdu (&o, "qrtr", f->data, f->len, OUT, "QRTR v2 size 0x7fffffff on a 28-byte frame");
    }
    g_byte_array_unref (f);
    g_byte_array_unref (m);
  }

  /* UIM Refresh indication, TLV 0x10 event {stage, mode, session_type,
   * application_identifier (u8 count), files (u16 count) of {file_id u16,
   * path (u8 count) of u8}}: files says 65535 and every path 255, so the
   * counts multiply to 16.7 million values; the TLV is as long as a QMI
   * message allows (65532 bytes), 253 whole files of 258 bytes. */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_le (v, 1, 1);                       /* stage: start */
  put_le (v, 0, 1);                       /* mode: reset */
  put_le (v, 0, 1);                       /* session_type: primary-gw-provisioning */
  put_le (v, 0, 1);                       /* application_identifier: none */
  put_le (v, 0xffff, 2);                  /* files: 65535 */
  for (guint i = 0; v->len < 65532; i++) {
    put_le (v, 0x6f00 + (i & 0xff), 2);   /* file_id */
    put_le (v, 255, 1);                   /* path: 255 bytes */
    for (guint k = 0; k < 255; k++)
      put_le (v, 0x3f, 1);
  }
  g_byte_array_set_size (v, 65532);
  tlv_take (t, 0x10, v);
  qrtr_qmi (&o, 1, MODEM, 5, AP, 0x4002, WIRE_QMI_INDICATION, 0, 0x0033, t, IN,
            "UIM Refresh: files count 65535, each path count 255, in a 65532-byte TLV");

  /* VOICE USSD indications, TLV 0x11 USS Data UTF-16: a u8 count of 16-bit
   * units. Well-formed text (with a surrogate pair) first, then a lone high
   * surrogate, a lone low one, and a count of 200 units with 2 present. */
  {
    static const guint16 good[] = { 'S', 'a', 'l', 'd', 'o', ':', ' ', '5', ' ', 0x20ac, ' ', 0xd83d, 0xde00 };
    static const guint16 lone[] = { 'O', 0xd800, 'K', ' ', 0xdc01 };
    const struct { const guint16 *units; guint n, count; const char *what; } ussd[] = {
      { good, G_N_ELEMENTS (good), G_N_ELEMENTS (good), "VOICE USSD: USS Data UTF-16 \"Saldo: 5 \u20ac \U0001F600\" (a surrogate pair)" },
      { lone, G_N_ELEMENTS (lone), G_N_ELEMENTS (lone), "VOICE USSD: USS Data UTF-16 with a lone high and a lone low surrogate" },
      { lone, 2, 200, "VOICE USSD: USS Data UTF-16 count 200 units, 2 present" },
    };
    for (guint k = 0; k < G_N_ELEMENTS (ussd); k++) {
      t = g_byte_array_new ();
      tlv_le (t, 0x01, 1, 1);             /* user_action: no action required */
      v = g_byte_array_new ();
      put_le (v, ussd[k].count, 1);
      for (guint i = 0; i < ussd[k].n; i++)
        put_le (v, ussd[k].units[i], 2);
      tlv_take (t, 0x11, v);
      qrtr_qmi (&o, 1, MODEM, 6, AP, 0x4003, WIRE_QMI_INDICATION, 0, 0x003e, t, IN, ussd[k].what);
    }
  }

  /* Bytes that are not UTF-8 in a text field (ESN): an invalid UTF-8
   * pair, a UTF-8-encoded surrogate, 0xff. */
  t = ok_result ();
  { static const guint8 esn[] = { 'E', 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xff, 'N' };
    tlv_bytes (t, 0x10, esn, sizeof esn); }
  qrtr_qmi (&o, 1, MODEM, 3, AP, 0x4001, WIRE_QMI_RESPONSE, 2, 0x0025, t, IN,
            "DMS Get IDs: ESN (UTF-8 text) with bytes that are not UTF-8");

  /* Prefixes far past tiny TLVs. */
  t = g_byte_array_new ();
  { static const guint8 name[] = { 255, 'a', 'd' }; tlv_bytes (t, 0x01, name, sizeof name); }
  tlv_le (t, 0x02, 2, 4);                 /* event: before-shutdown */
  qrtr_qmi (&o, 1, AP, 0x4009, MODEM, 0x1c, WIRE_QMI_REQUEST, 1, 0x0023, t, OUT,
            "SSCTL Subsystem Event: subsys_name prefix 255 in a 3-byte TLV");
  t = ok_result ();
  tlv_le (t, 0x10, 0xffff, 2);            /* strength_list: u16 count 65535, no elements */
  qrtr_qmi (&o, 1, MODEM, 4, AP, 0x4002, WIRE_QMI_RESPONSE, 3, 0x0020, t, IN,
            "NAS Get Signal Strength: strength_list u16 count 65535 in a 2-byte TLV");
  close_out (&o);
}

/* The name-service tracker under load: 3,000 servers announced, withdrawn
 * one by one, announced again and dropped at once by a BYE, with a data
 * frame to one of them after each phase. Server i is service i + 1,
 * version 1, instance i, at 0:(0x100 + i); DMS (service 2) is at 0:0x101. */
#define FLOOD_N 3000
static void flood_announce (Out *o, guint32 cmd, const char *first_comment)
{
  for (guint i = 0; i < FLOOD_N; i++)
    qrtr_ctrl (o, 1, cmd, 0, BC, CTRL, i + 1, 1 | i << 8, 0, 0x100 + i, IN, i == 0 ? first_comment : NULL);
}

static void gen_ns_flood (const char *dir)
{
  Out o = open_out (dir, "qrtr-ns-flood.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr",
                    "name service under load: 3,000 servers, a DEL_SERVER storm, BYE");
  flood_announce (&o, WIRE_QRTR_TYPE_NEW_SERVER, "first of 3,000 NEW_SERVER: services 1..3000 at 0:0x100..0:0xcb7");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 0x101, WIRE_QMI_REQUEST, 1, 0x0025, NULL, OUT,
            "DMS Get IDs to 0:0x101: resolves to DMS (service 2)");
  flood_announce (&o, WIRE_QRTR_TYPE_DEL_SERVER, "first of 3,000 DEL_SERVER");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 0x101, WIRE_QMI_REQUEST, 2, 0x0025, NULL, OUT,
            "to 0:0x101 after its DEL_SERVER: must not resolve");
  flood_announce (&o, WIRE_QRTR_TYPE_NEW_SERVER, "the same 3,000 NEW_SERVER again");
  qrtr_ctrl (&o, 1, WIRE_QRTR_TYPE_BYE, 0, BC, CTRL, 0, 0, 0, 0, IN, "BYE from node 0: every server of node 0 gone");
  qrtr_qmi (&o, 1, 1, 0x4001, 0, 0x101, WIRE_QMI_REQUEST, 3, 0x0025, NULL, OUT,
            "to 0:0x101 after the BYE: must not resolve");
  close_out (&o);
}

/* QMI tunnelled through MBIM: the QMUX frame is the information buffer of
 * an MBIM COMMAND (host) or COMMAND_DONE (modem) on the QMI device service
 * d1a30bc2-f97a-6e43-bf65-c7e24fb0f0d3, CID 1 (MBIM 1.0 message layout). */
static void sink_mbim_pad (Out *o, GByteArray *f, WireDirection dir, const char *comment, guint pad);

static void sink_mbim (Out *o, GByteArray *f, WireDirection dir, const char *comment)
{
  sink_mbim_pad (o, f, dir, comment, 0);
}

/* libmbim 1.12 pads the information buffer to 4 bytes and counts the
 * padding in its length: QMUX frame + pad zero bytes */
static void sink_mbim_padded (Out *o, GByteArray *f, WireDirection dir, const char *comment)
{
  sink_mbim_pad (o, f, dir, comment, (4 - f->len % 4) % 4);
}

static void sink_mbim_pad (Out *o, GByteArray *f, WireDirection dir, const char *comment, guint pad)
{
  static const guint8 zeros[4] = { 0 };
  static const guint8 qmi_uuid[16] = { 0xd1, 0xa3, 0x0b, 0xc2, 0xf9, 0x7a, 0x6e, 0x43,
                                       0xbf, 0x65, 0xc7, 0xe2, 0x4f, 0xb0, 0xf0, 0xd3 };
  GByteArray *m = g_byte_array_new ();
  guint32 v;
  o->urb++; /* MBIM transaction id */
#define PUT32(x) (v = GUINT32_TO_LE (x), g_byte_array_append (m, (guint8 *) &v, 4))
  PUT32 (dir == OUT ? 0x00000003u : 0x80000003u); /* COMMAND / COMMAND_DONE */
  PUT32 (48 + f->len + pad);
  PUT32 ((guint32) o->urb);
  PUT32 (1); /* total fragments */
  PUT32 (0); /* current fragment */
  g_byte_array_append (m, qmi_uuid, 16);
  PUT32 (1); /* CID: QMI message */
  PUT32 (dir == OUT ? 1u : 0u); /* command type SET, or status SUCCESS */
  PUT32 (f->len + pad);
#undef PUT32
  g_byte_array_append (m, f->data, f->len);
  g_byte_array_append (m, zeros, pad);
  put_pdu (o, "mbim.control", m->data, m->len, dir, comment);
  g_byte_array_unref (m);
}

static void gen_mbim (const char *dir)
{
  Out o = open_out (dir, "mbim-qmi.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "QMI inside MBIM (QMI device service, CID 1)");
  qmux_session (&o, sink_mbim);
  /* DMS Get IDs as libmbim 1.12 sent it: 13-byte QMUX frame + 3 pad bytes */
  qmux_send (&o, sink_mbim_padded, FALSE, 2, 1, WIRE_QMI_REQUEST, 5, 0x0025, NULL,
             "libmbim 1.12: information buffer padded to 16 bytes (QMUX frame + 3 zero bytes)");
  qmux_send (&o, sink_mbim, TRUE, 2, 1, WIRE_QMI_RESPONSE, 5, 0x0025, dms_get_ids_tlvs (), NULL);
  close_out (&o);
}

/* ---------- text in GSM 7-bit, UCS-2 and by coding scheme ---------- */

/* Text packed in GSM 7-bit as 3GPP TS 23.038 clause 6.1.2.1 lays it out,
 * with a u8 byte count in front; *spare gets the unused bits of the last
 * byte (the NAS "spare bits" value). */
static void put_gsm7_packed (GByteArray *b, const char *text, guint *spare)
{
  GByteArray *sep = g_byte_array_new (), *packed = g_byte_array_new ();
  if (!wire_gsm7_from_utf8 (text, sep))
    g_error ("gen-pcaps: \"%s\" is not GSM 7-bit text", text);
  wire_gsm7_pack (sep->data, sep->len, packed);
  *spare = packed->len * 8 - sep->len * 7;
  put_le (b, packed->len, 1);
  g_byte_array_append (b, packed->data, packed->len);
  g_byte_array_unref (sep);
  g_byte_array_unref (packed);
}

/* UCS-2 with a u8 count: of bytes (units = FALSE) or of 16-bit units. */
static void put_ucs2 (GByteArray *b, const char *text, gboolean units, gboolean big)
{
  glong n;
  gunichar2 *u = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);
  put_le (b, units ? (guint64) n : (guint64) n * 2, 1);
  for (glong i = 0; i < n; i++) {
    guint8 two[2] = { (guint8) u[i], (guint8) (u[i] >> 8) };
    if (big)
      two[0] = (guint8) (u[i] >> 8), two[1] = (guint8) u[i];
    g_byte_array_append (b, two, 2);
  }
  g_free (u);
}

static void put_bytes_u8 (GByteArray *b, const guint8 *d, guint n)
{
  put_le (b, n, 1);
  g_byte_array_append (b, d, n);
}

/* NAS Operator PLMN Name / NITZ entry: encoding, country initials, long and
 * short spare bits, long name, short name (libqmi's layout). gsm: GSM 7-bit
 * packed with the spare bits the packing leaves; else UCS-2 LE. */
static void put_plmn_name (GByteArray *b, gboolean gsm, const char *long_name, const char *short_name)
{
  GByteArray *l = g_byte_array_new (), *sh = g_byte_array_new ();
  guint ls = 0, ss = 0;
  if (gsm) {
    put_gsm7_packed (l, long_name, &ls);
    put_gsm7_packed (sh, short_name, &ss);
  } else {
    put_ucs2 (l, long_name, FALSE, FALSE);
    put_ucs2 (sh, short_name, FALSE, FALSE);
  }
  put_le (b, gsm ? 0 : 1, 1); /* name_encoding: gsm / ucs2le */
  put_le (b, 0, 1);           /* short_country_initials: do not add */
  put_le (b, ls, 1);
  put_le (b, ss, 1);
  g_byte_array_append (b, l->data, l->len);
  g_byte_array_append (b, sh->data, sh->len);
  g_byte_array_unref (l);
  g_byte_array_unref (sh);
}

static void gen_text (const char *dir)
{
  Out o = open_out (dir, "qmux-text.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "operator names, NITZ/EONS names and USSD in GSM 7-bit, UCS-2 and by coding scheme");
  /* libqmi's test-utils.c vectors: its GSM 7-bit extension-table string and UCS-2 LE "T-Mobile" */
  static const guint8 libqmi_gsm7_ext[] = { 0x1B, 0xC5, 0x86, 0xB2, 0x41, 0x6D, 0x52, 0x9B, 0xD7,
                                            0x86, 0xB7, 0xE9, 0x6D, 0x7C, 0x1B, 0xE0, 0xA6, 0x0C };
  static const guint8 libqmi_ucs2_tmobile[] = { 0x54, 0x00, 0x2d, 0x00, 0x4d, 0x00, 0x6f, 0x00,
                                                0x62, 0x00, 0x69, 0x00, 0x6c, 0x00, 0x65, 0x00 };
  GByteArray *t, *v;
  guint spare;

  /* NAS Get Operator Name: SPN, two PLMN names (GSM 7-bit, UCS-2), the
   * operator string, NITZ names in GSM 7-bit with an escape (€) */
  qmux_send (&o, sink_exported, FALSE, 3, 1, WIRE_QMI_REQUEST, 1, 0x0039, NULL, "NAS Get Operator Name");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 0x01, 1);                           /* display condition */
  put_pstr (v, "Free");
  tlv_take (t, 0x10, v);
  v = g_byte_array_new ();
  put_le (v, 3, 1);                              /* three names */
  put_plmn_name (v, TRUE, "Free Mobile", "Free");
  put_plmn_name (v, FALSE, "Orange España", "Orange");
  /* libqmi's vectors as given: 18 bytes of GSM 7-bit (20 septets, 4 spare bits), 16 of UCS-2 */
  put_le (v, 0, 1), put_le (v, 0, 1), put_le (v, 4, 1), put_le (v, 0, 1);
  put_bytes_u8 (v, libqmi_gsm7_ext, sizeof libqmi_gsm7_ext);
  put_bytes_u8 (v, NULL, 0);
  tlv_take (t, 0x12, v);
  tlv_str (t, 0x13, "Free");
  v = g_byte_array_new ();
  put_plmn_name (v, TRUE, "Vodafone €uro", "VF");
  tlv_take (t, 0x14, v);
  qmux_send (&o, sink_exported, TRUE, 3, 1, WIRE_QMI_RESPONSE, 1, 0x0039, t,
             "GSM 7-bit packed and UCS-2 LE names, libqmi's test-utils vectors, NITZ name with an escape");

  /* NAS Operator Name indication: a UCS-2 PLMN name (libqmi's T-Mobile),
   * then an entry whose encoding (7) no schema names: shown as hex */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_le (v, 2, 1);
  put_le (v, 1, 1), put_le (v, 0, 1), put_le (v, 0, 1), put_le (v, 0, 1);
  put_bytes_u8 (v, libqmi_ucs2_tmobile, sizeof libqmi_ucs2_tmobile);
  put_ucs2 (v, "TMO", FALSE, FALSE);
  put_le (v, 7, 1), put_le (v, 0, 1), put_le (v, 0, 1), put_le (v, 0, 1);
  put_bytes_u8 (v, (const guint8 *) "\x12\x34", 2);
  put_bytes_u8 (v, NULL, 0);
  tlv_take (t, 0x12, v);
  qmux_send (&o, sink_exported, TRUE, 3, 0xff, WIRE_QMI_INDICATION, 0, 0x003a, t,
             "UCS-2 LE T-Mobile (libqmi), then name encoding 7: unknown, shown as hex");

  /* NAS Get PLMN Name: the 3GPP EONS names, each with its own encoding:
   * SPN unspecified (ASCII), short name GSM 7-bit, long name UCS-2; and the
   * PLMN names with language id (UCS-2, u8 counts of 16-bit units) */
  t = g_byte_array_new ();
  put_le (t, 0x01, 1), put_le (t, 4, 2), put_le (t, 208, 2), put_le (t, 15, 2);
  qmux_send (&o, sink_exported, FALSE, 3, 1, WIRE_QMI_REQUEST, 2, 0x0044, t, "NAS Get PLMN Name 208-15");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 0, 1);                              /* SPN: unspecified */
  put_pstr (v, "Free");
  put_le (v, 9, 1);                              /* short name: gsm */
  put_le (v, 0, 1);
  {
    GByteArray *sh = g_byte_array_new ();
    put_gsm7_packed (sh, "Free", &spare);
    put_le (v, spare, 1);
    g_byte_array_append (v, sh->data, sh->len);
    g_byte_array_unref (sh);
  }
  put_le (v, 4, 1);                              /* long name: unicode */
  put_le (v, 0, 1);
  put_le (v, 0, 1);
  put_ucs2 (v, "Free Mobile", FALSE, FALSE);
  tlv_take (t, 0x10, v);
  v = g_byte_array_new ();
  put_le (v, 1, 1);
  put_ucs2 (v, "Free Mobile", TRUE, FALSE);
  put_ucs2 (v, "Free", TRUE, FALSE);
  put_le (v, 0, 4);
  tlv_take (t, 0x13, v);
  qmux_send (&o, sink_exported, TRUE, 3, 1, WIRE_QMI_RESPONSE, 2, 0x0044, t,
             "EONS names: SPN ASCII, short name GSM 7-bit packed, long name UCS-2");

  /* VOICE USSD indications: USS Data in ASCII, in UCS-2 (big-endian, as
   * 23.038 has it), and 8-bit data */
  {
    const struct { guint dcs; const char *text; const char *what; } ussd[] = {
      { 1, "Your balance is 5.00 EUR", "VOICE USSD: USS Data ASCII" },
      { 3, "Saldo: 5 €", "VOICE USSD: USS Data UCS-2 (big-endian)" },
      { 2, NULL, "VOICE USSD: USS Data 8-bit: data, shown as hex" },
    };
    for (guint k = 0; k < G_N_ELEMENTS (ussd); k++) {
      t = g_byte_array_new ();
      tlv_le (t, 0x01, 1, 1);                    /* user action: not required */
      v = g_byte_array_new ();
      put_le (v, ussd[k].dcs, 1);
      if (ussd[k].dcs == 1)
        put_pstr (v, ussd[k].text);
      else if (ussd[k].dcs == 3)
        put_ucs2 (v, ussd[k].text, FALSE, TRUE);
      else
        put_bytes_u8 (v, (const guint8 *) "\x01\x02\xfe", 3);
      tlv_take (t, 0x10, v);
      qmux_send (&o, sink_exported, TRUE, 9, 0xff, WIRE_QMI_INDICATION, 0, 0x003e, t, ussd[k].what);
    }
  }

  /* NAS Get Serving System with the Current PLMN description in GSM 7-bit
   * (libqmi's real-modem vector is in qmux-real-devices.pcapng): here "Free" */
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 208, 2), put_le (v, 15, 2);
  {
    GByteArray *d = g_byte_array_new ();
    put_gsm7_packed (d, "Free Mobile", &spare);
    g_byte_array_append (v, d->data, d->len);
    g_byte_array_unref (d);
  }
  tlv_take (t, 0x12, v);
  qmux_send (&o, sink_exported, TRUE, 3, 1, WIRE_QMI_RESPONSE, 3, 0x0024, t,
             "NAS Get Serving System: Current PLMN description GSM 7-bit packed, read by libqmi's rule");
  close_out (&o);
}

/* ---------- payloads handed to Wireshark's own dissectors ---------- */

static GByteArray *from_hex (const char *hex)
{
  GByteArray *b = g_byte_array_new ();
  for (const char *p = hex; p[0] && p[1]; p += 2) {
    guint8 v = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));
    g_byte_array_append (b, &v, 1);
  }
  return b;
}

/* A u16 byte count, then the bytes of hex. */
static void put_hex_u16 (GByteArray *b, const char *hex)
{
  GByteArray *d = from_hex (hex);
  put_le (b, d->len, 2);
  g_byte_array_append (b, d->data, d->len);
  g_byte_array_unref (d);
}

/* SMS PDUs: the SMS-DELIVER and SMS-SUBMIT "hellohello" examples of the
 * widely published "SMS PDU format" tutorial (dreamfabric.com), SMSC
 * +27381000015; a CDMA message from ModemManager's test-sms-part-cdma.c
 * (test_pdu1: from 3305773196, "AAAA"). APDUs per ISO 7816-4 / ETSI TS 102
 * 221: READ BINARY of 10 bytes and its answer with SW 90 00. */
#define SMSC_27381000015 "07917283010010F5"
#define SMS_DELIVER_HELLO "040BC87238880900F10000993092516195800AE8329BFD4697D9EC37"
#define SMS_SUBMIT_HELLO "11000B916407281553F80000AA0AE8329BFD4697D9EC37"
#define CDMA_MM_PDU1 "0000021002" "0207028CE95DCC6580" "0601FC" "0815" "0003168D300106" "10241830608003" "06101004044847"

static void gen_handoffs (const char *dir)
{
  Out o = open_out (dir, "qmux-handoffs.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "WMS raw SMS and UIM APDUs, handed to Wireshark's gsm_sms, ansi_637 and gsm_sim");
  GByteArray *t, *v;

  /* WMS Raw Read of a received message: tag mt-read, GW point-to-point:
   * the SMSC address, then the SMS-DELIVER */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_le (v, 0, 1), put_le (v, 3, 4);          /* storage uim, index 3 */
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, FALSE, 5, 1, WIRE_QMI_REQUEST, 1, 0x0022, t, "WMS Raw Read, UIM index 3");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 0, 1), put_le (v, 6, 1);          /* mt-read, gsm-wcdma-point-to-point */
  put_hex_u16 (v, SMSC_27381000015 SMS_DELIVER_HELLO);
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, TRUE, 5, 1, WIRE_QMI_RESPONSE, 1, 0x0022, t,
             "SMSC +27381000015 then SMS-DELIVER from 27838890001, \"hellohello\"");

  /* WMS Raw Send of an SMS-SUBMIT to +46708251358 */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_le (v, 6, 1);
  put_hex_u16 (v, SMSC_27381000015 SMS_SUBMIT_HELLO);
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, FALSE, 5, 1, WIRE_QMI_REQUEST, 2, 0x0020, t,
             "WMS Raw Send: SMSC then SMS-SUBMIT to +46708251358, \"hellohello\"");
  t = ok_result ();
  tlv_le (t, 0x01, 42, 2);                     /* message id */
  qmux_send (&o, sink_exported, TRUE, 5, 1, WIRE_QMI_RESPONSE, 2, 0x0020, t, NULL);

  /* WMS Event Report, transfer-route MT message: the TPDU alone */
  t = g_byte_array_new ();
  v = g_byte_array_new ();
  put_le (v, 0, 1), put_le (v, 7, 4), put_le (v, 6, 1); /* ack required, transaction 7, GW PP */
  put_hex_u16 (v, SMS_DELIVER_HELLO);
  tlv_take (t, 0x11, v);
  qmux_send (&o, sink_exported, TRUE, 5, 0xff, WIRE_QMI_INDICATION, 0, 0x0001, t,
             "WMS Event Report: transfer-route MT message, SMS-DELIVER without SMSC");

  /* WMS Raw Read of a CDMA message (IS-637 transport layer), then of a
   * message waiting indicator, which no dissector reads */
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 1, 1), put_le (v, 0, 1);          /* mt-not-read, cdma */
  put_hex_u16 (v, CDMA_MM_PDU1);
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, TRUE, 5, 1, WIRE_QMI_RESPONSE, 3, 0x0022, t,
             "CDMA raw message (ModemManager's test vector): from 3305773196, \"AAAA\"");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 1, 1), put_le (v, 8, 1);          /* mt-not-read, mwi */
  put_hex_u16 (v, "0102");
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, TRUE, 5, 1, WIRE_QMI_RESPONSE, 4, 0x0022, t, "MWI raw message: bytes only");

  /* UIM Send APDU: READ BINARY of 10 bytes, and the card's answer */
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 1, 1);                      /* slot 1 */
  v = g_byte_array_new ();
  put_hex_u16 (v, "00B000000A");
  tlv_take (t, 0x02, v);
  qmux_send (&o, sink_exported, FALSE, 11, 1, WIRE_QMI_REQUEST, 1, 0x003b, t, "UIM Send APDU: READ BINARY, 10 bytes");
  t = ok_result ();
  v = g_byte_array_new ();
  put_hex_u16 (v, "98942000123456789001" "9000");
  tlv_take (t, 0x10, v);
  qmux_send (&o, sink_exported, TRUE, 11, 1, WIRE_QMI_RESPONSE, 1, 0x003b, t, "10 bytes, SW 90 00");

  /* UIM Open Logical Channel to the USIM (AID A0000000871002): the card's
   * SELECT answer comes as TLV 0x12 (FCP: a DF, file id 7FFF) and its SW
   * as TLV 0x11 card_result */
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 1, 1);
  v = from_hex ("07A0000000871002");      /* u8 count, AID */
  tlv_take (t, 0x10, v);
  qmux_send (&o, sink_exported, FALSE, 11, 1, WIRE_QMI_REQUEST, 2, 0x0042, t, "UIM Open Logical Channel, USIM AID");
  t = ok_result ();
  tlv_le (t, 0x10, 1, 1);                 /* channel 1 */
  v = from_hex ("9000");
  tlv_take (t, 0x11, v);
  v = from_hex ("0F620D8202782183027FFFA503800171");
  tlv_take (t, 0x12, v);
  qmux_send (&o, sink_exported, TRUE, 11, 1, WIRE_QMI_RESPONSE, 2, 0x0042, t,
             "channel 1; SELECT response FCP with SW 90 00 from card_result");
  close_out (&o);
}

/* ---------- personal data, for --redact ---------- */

/* BCD digits, low nibble first, 0xF filler (3GPP TS 24.008 / 31.102). */
static void put_bcd (GByteArray *b, const char *digits)
{
  for (gsize i = 0; digits[i]; i += 2) {
    guint8 v = (guint8) ((digits[i] - '0') | (digits[i + 1] ? (digits[i + 1] - '0') << 4 : 0xf0));
    g_byte_array_append (b, &v, 1);
    if (!digits[i + 1])
      break;
  }
}

/* An SMS as WMS carries it (3GPP TS 23.040): SMSC address, then the TPDU. */
static GByteArray *sms_deliver_gsm7 (void)
{
  /* SMSC +49172270000, from +4917612345678, "Meet me at 7, Anna" in the GSM default alphabet */
  static const char text[] = "Meet me at 7, Anna";
  static const guint8 scts[7] = { 0x42, 0x60, 0x62, 0x61, 0x74, 0x95, 0x80 }; /* 2024-06-26 16:47:59 +02:00 */
  GByteArray *b = g_byte_array_new ();
  guint8 v, ud[32] = { 0 };
  gsize n = strlen (text);
  v = 7; g_byte_array_append (b, &v, 1);            /* SMSC: 7 bytes */
  v = 0x91; g_byte_array_append (b, &v, 1);         /* international */
  put_bcd (b, "49172270000");
  v = 0x04; g_byte_array_append (b, &v, 1);         /* SMS-DELIVER, no more messages */
  v = 13; g_byte_array_append (b, &v, 1);           /* originator: 13 digits */
  v = 0x91; g_byte_array_append (b, &v, 1);
  put_bcd (b, "4917612345678");
  v = 0; g_byte_array_append (b, &v, 1);            /* PID */
  v = 0; g_byte_array_append (b, &v, 1);            /* DCS: GSM 7-bit */
  g_byte_array_append (b, scts, 7);
  v = (guint8) n; g_byte_array_append (b, &v, 1);   /* UDL in septets */
  for (gsize k = 0; k < n; k++) {                   /* these characters sit at their ASCII code points */
    gsize bit = 7 * k;
    ud[bit / 8] |= (guint8) (text[k] << (bit % 8));
    if (bit % 8 > 1)
      ud[bit / 8 + 1] |= (guint8) (text[k] >> (8 - bit % 8));
  }
  g_byte_array_append (b, ud, (guint) ((n * 7 + 7) / 8));
  return b;
}

static GByteArray *sms_submit_ucs2 (void)
{
  /* no SMSC (the default), to +4917612345678, relative validity, UCS-2 "Привет, Anna" */
  static const guint16 text[] = { 0x041f, 0x0440, 0x0438, 0x0432, 0x0435, 0x0442, ',', ' ', 'A', 'n', 'n', 'a' };
  GByteArray *b = g_byte_array_new ();
  guint8 v;
  v = 0; g_byte_array_append (b, &v, 1);
  v = 0x11; g_byte_array_append (b, &v, 1);         /* SMS-SUBMIT, VPF relative */
  v = 0; g_byte_array_append (b, &v, 1);            /* MR */
  v = 13; g_byte_array_append (b, &v, 1);
  v = 0x91; g_byte_array_append (b, &v, 1);
  put_bcd (b, "4917612345678");
  v = 0; g_byte_array_append (b, &v, 1);            /* PID */
  v = 0x08; g_byte_array_append (b, &v, 1);         /* DCS: UCS-2 */
  v = 0xa7; g_byte_array_append (b, &v, 1);         /* VP: 24 hours */
  v = (guint8) (2 * G_N_ELEMENTS (text)); g_byte_array_append (b, &v, 1);
  for (gsize k = 0; k < G_N_ELEMENTS (text); k++) {
    guint8 u[2] = { (guint8) (text[k] >> 8), (guint8) text[k] }; /* big-endian, as 23.038 has it */
    g_byte_array_append (b, u, 2);
  }
  return b;
}

/* WMS raw message data: [tag,] format 6 (GSM/WCDMA point to point), le16 count, the SMS */
static void tlv_wms_raw (GByteArray *t, guint8 type, gint tag, GByteArray *sms)
{
  GByteArray *v = g_byte_array_new ();
  guint8 x;
  if (tag >= 0) {
    x = (guint8) tag;
    g_byte_array_append (v, &x, 1);
  }
  x = 6;
  g_byte_array_append (v, &x, 1);
  x = (guint8) sms->len; g_byte_array_append (v, &x, 1);
  x = (guint8) (sms->len >> 8); g_byte_array_append (v, &x, 1);
  g_byte_array_append (v, sms->data, sms->len);
  wire_qmi_append_tlv (t, type, v->data, (guint16) v->len);
  g_byte_array_unref (v);
}

/* (qmux_send takes the TLVs it is given.)
 * One of each personal kind the schemas tag, in the layouts of libqmi's
 * service definitions; the same phone number and ICCID appear in several
 * encodings (ASCII, BCD) so the redacted file shows them mapped alike. */
static void personal_session (Out *o, QmuxSink sink)
{
  GByteArray *t;
  guint txn = 1;
  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, txn, 0x0024, NULL, "DMS Get MSISDN");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "+4917612345678");
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, txn++, 0x0024, t, "MSISDN in ASCII");

  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, txn, 0x0043, NULL, "DMS UIM Get IMSI");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "262011234567890");
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, txn++, 0x0043, t, "IMSI in ASCII");

  qmux_send (o, sink, FALSE, 2, 1, WIRE_QMI_REQUEST, txn, 0x003c, NULL, "DMS UIM Get ICCID");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "89492260000123456789");
  qmux_send (o, sink, TRUE, 2, 1, WIRE_QMI_RESPONSE, txn++, 0x003c, t, "ICCID in ASCII");

  /* UIM Get Slot Status 0x10: u8 count of {u32 card state, u32 slot state,
   * u8 logical slot, u8 count of ICCID bytes (BCD)} */
  qmux_send (o, sink, FALSE, 11, 1, WIRE_QMI_REQUEST, 1, 0x0047, NULL, "UIM Get Slot Status");
  {
    GByteArray *v = g_byte_array_new ();
    static const guint8 head[] = { 1, 2, 0, 0, 0, 1, 0, 0, 0, 1, 10 }; /* present, active */
    g_byte_array_append (v, head, sizeof head);
    put_bcd (v, "89492260000123456789");
    t = g_byte_array_new ();
    tlv_result (t, 0, 0);
    wire_qmi_append_tlv (t, 0x10, v->data, (guint16) v->len);
    qmux_send (o, sink, TRUE, 11, 1, WIRE_QMI_RESPONSE, 1, 0x0047, t, "the same ICCID in BCD");
    g_byte_array_unref (v);
  }

  {
    GByteArray *sms = sms_deliver_gsm7 ();
    static const guint8 index[5] = { 0x00 /* UIM */, 0x02, 0x00, 0x00, 0x00 };
    t = g_byte_array_new ();
    wire_qmi_append_tlv (t, 0x01, index, 5);
    qmux_send (o, sink, FALSE, 5, 1, WIRE_QMI_REQUEST, 1, 0x0022, t, "WMS Raw Read of message 2");
    t = g_byte_array_new ();
    tlv_result (t, 0, 0);
    tlv_wms_raw (t, 0x01, 1 /* mt-not-read */, sms);
    qmux_send (o, sink, TRUE, 5, 1, WIRE_QMI_RESPONSE, 1, 0x0022, t,
               "SMS-DELIVER: SMSC, sender (the MSISDN above, in BCD), GSM 7-bit text");
    g_byte_array_unref (sms);
    sms = sms_submit_ucs2 ();
    t = g_byte_array_new ();
    tlv_wms_raw (t, 0x01, -1, sms);
    qmux_send (o, sink, FALSE, 5, 1, WIRE_QMI_REQUEST, 2, 0x0020, t, "WMS Raw Send: SMS-SUBMIT to the MSISDN above, UCS-2 text");
    g_byte_array_unref (sms);
  }

  /* NAS Get Serving System 0x14: u16 base station id, i32 latitude and
   * longitude in 0.25 arc seconds (52.52 N, 13.405 E) */
  qmux_send (o, sink, FALSE, 3, 1, WIRE_QMI_REQUEST, 1, 0x0024, NULL, "NAS Get Serving System");
  {
    static const guint8 serving[6] = { 1, 1, 1, 1, 1, 0x05 };
    gint32 lat = GINT32_TO_LE (756288), lon = GINT32_TO_LE (193032);
    guint8 bs[10] = { 0x34, 0x12 };
    memcpy (bs + 2, &lat, 4);
    memcpy (bs + 6, &lon, 4);
    t = g_byte_array_new ();
    tlv_result (t, 0, 0);
    tlv_bytes (t, 0x01, serving, 6);
    tlv_bytes (t, 0x14, bs, 10);
    qmux_send (o, sink, TRUE, 3, 1, WIRE_QMI_RESPONSE, 1, 0x0024, t, "CDMA base station position");
  }
}

static void gen_personal (const char *dir)
{
  Out o = open_out (dir, "personal-qmux.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "personal data of every kind the schemas tag (for qrtr-capture --redact)");
  personal_session (&o, sink_exported);
  close_out (&o);
}

/* A modem's enumeration on usbmon: the device descriptor names string 3
 * as its serial number (iSerialNumber), then the strings and a QMI session. */
static void usb_string (Out *o, guint8 index, const char *text, const char *comment)
{
  guint8 setup[8] = { 0x80, 0x06, index, 0x03, index ? 0x09 : 0, index ? 0x04 : 0, 0xff, 0x00 };
  guint8 d[2 + 2 * 64] = { 0, 3 };
  gsize n = strlen (text);
  for (gsize k = 0; k < n; k++)
    d[2 + 2 * k] = (guint8) text[k]; /* UTF-16LE; these are ASCII */
  d[0] = (guint8) (2 + 2 * n);
  o->urb += 0x100;
  usb_record (o, 'S', 2, 0x80, o->dev, setup, -115, 255, NULL, 0, comment);
  usb_record (o, 'C', 2, 0x80, o->dev, NULL, 0, d[0], d, d[0], NULL);
}

static void gen_personal_usbmon (const char *dir)
{
  Out o = open_out (dir, "personal-usbmon.pcapng", WIRE_LINKTYPE_USB_LINUX_MMAPPED, "usbmon2",
                    "USB bus 2: enumeration with a serial number, then personal data (for qrtr-capture --redact)");
  static const guint8 get_dev_desc[8] = { 0x80, 0x06, 0x00, 0x01, 0x00, 0x00, 0x12, 0x00 };
  /* Sierra Wireless EM7455 (1199:9071); iManufacturer 1, iProduct 2, iSerialNumber 3 */
  static const guint8 dev_desc[18] = { 0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
                                       0x99, 0x11, 0x71, 0x90, 0x06, 0x00, 0x01, 0x02, 0x03, 0x01 };
  static const guint8 langids[4] = { 4, 3, 0x09, 0x04 };
  guint8 setup0[8] = { 0x80, 0x06, 0x00, 0x03, 0x00, 0x00, 0xff, 0x00 };
  o.mmapped = TRUE;
  o.bus = 2;
  o.dev = 3;
  o.ifnum = 8;
  o.urb = 0xffff9a4c02000000ull;
  usb_record (&o, 'S', 2, 0x80, 3, get_dev_desc, -115, 18, NULL, 0, "GET_DESCRIPTOR device");
  usb_record (&o, 'C', 2, 0x80, 3, NULL, 0, 18, dev_desc, 18, NULL);
  o.urb += 0x100;
  usb_record (&o, 'S', 2, 0x80, 3, setup0, -115, 255, NULL, 0, "GET_DESCRIPTOR string 0 (languages)");
  usb_record (&o, 'C', 2, 0x80, 3, NULL, 0, 4, langids, 4, NULL);
  usb_string (&o, 1, "Sierra Wireless, Incorporated", "GET_DESCRIPTOR string 1 (manufacturer)");
  usb_string (&o, 2, "EM7455", "GET_DESCRIPTOR string 2 (product)");
  usb_string (&o, 3, "LF73123456010203", "GET_DESCRIPTOR string 3 (serial number)");
  personal_session (&o, sink_usbmon);
  close_out (&o);
}

/* Frames real modems sent (libqmi's test vectors), one exchange after the
 * other, each commented with its name. */
static void gen_real_devices (const char *dir)
{
  Out o = open_out (dir, "qmux-real-devices.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "QMUX frames recorded from real modems (libqmi test vectors)");
  for (const RealDeviceFrame *f = real_device_frames; f->name; f++) {
    gsize n = strlen (f->hex) / 2;
    guint8 *b = g_malloc (n);
    for (gsize i = 0; i < n; i++)
      b[i] = (guint8) (g_ascii_xdigit_value (f->hex[2 * i]) << 4 | g_ascii_xdigit_value (f->hex[2 * i + 1]));
    put_pdu (&o, "qmux", b, n, f->dir, f->name);
    g_free (b);
  }
  close_out (&o);
}

/* ---------- values that need rendering (the fidelity issue) ---------- */

static GByteArray *hex_tlv (GByteArray *t, guint8 type, const char *hex)
{
  GByteArray *v = g_byte_array_new ();
  for (gsize i = 0; hex[i] && hex[i + 1]; i += 2) {
    guint8 b = (guint8) (g_ascii_xdigit_value (hex[i]) << 4 | g_ascii_xdigit_value (hex[i + 1]));
    g_byte_array_append (v, &b, 1);
  }
  tlv_take (t, type, v);
  return t;
}

/* The canned values of tests/capture/fake-modem-responses.json, whose
 * rendering capture/live checks against what qmicli prints for them, plus
 * UIM data that qmicli prints as hex, times, MCC/MNC with the PCS digit,
 * control characters in text, and a message the schemas lack. */
static void gen_fidelity (const char *dir)
{
  Out o = open_out (dir, "fidelity.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "values that need rendering: scaled, addresses, hex, times, MCC/MNC, escapes");
  GByteArray *t;

  qmux_send (&o, sink_exported, FALSE, 1, 1, WIRE_QMI_REQUEST, 1, 0x002d, NULL, "WDS Get Current Settings");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_u8 (t, 0x2b, 4);                           /* ip_family: ipv4 */
  tlv_le (t, 0x1e, 0x0a000001, 4);               /* ipv4_address 10.0.0.1: bytes 01 00 00 0a */
  tlv_le (t, 0x21, 0xffffff00, 4);               /* subnet mask 255.255.255.0 */
  tlv_le (t, 0x20, 0x0a0000fe, 4);               /* gateway 10.0.0.254 */
  tlv_le (t, 0x15, 0x08080808, 4);               /* primary DNS 8.8.8.8 */
  tlv_le (t, 0x16, 0x01010101, 4);               /* secondary DNS 1.1.1.1 */
  hex_tlv (t, 0x25, "20010db800000000000000000000000140"); /* 2001:db8::1/64 */
  hex_tlv (t, 0x27, "20014860486000000000000000008888");   /* 2001:4860:4860::8888 */
  tlv_le (t, 0x29, 1500, 4);                     /* mtu */
  qmux_send (&o, sink_exported, TRUE, 1, 1, WIRE_QMI_RESPONSE, 1, 0x002d, t,
             "qmicli: 10.0.0.1, 255.255.255.0, 10.0.0.254, 8.8.8.8, 1.1.1.1, 2001:db8::1/64, 2001:4860:4860::8888");

  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 2, 0x0020, NULL, "NAS Get Signal Strength");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x01, "b908");                     /* strength -71 dBm, lte */
  hex_tlv (t, 0x11, "01006505");                 /* RSSI list: 101 (= -101 dBm), umts */
  hex_tlv (t, 0x12, "01001105");                 /* ECIO list: 17 (= -8.5 dB), umts */
  tlv_le (t, 0x13, (guint32) -106, 4);           /* io */
  tlv_le (t, 0x17, 110, 2);                      /* lte_snr 11.0 dB */
  tlv_le (t, 0x18, (guint16) -99, 2);            /* lte_rsrp */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 2, 0x0020, t,
             "qmicli: -71 dBm, RSSI -101 dBm, ECIO -8.5, IO -106 dBm, SNR 11.0 dB, RSRP -99 dBm");

  qmux_send (&o, sink_exported, FALSE, 2, 1, WIRE_QMI_REQUEST, 3, 0x005c, NULL, "DMS Get MAC Address (wlan)");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x10, "0600a0c6123456");
  qmux_send (&o, sink_exported, TRUE, 2, 1, WIRE_QMI_RESPONSE, 3, 0x005c, t, "qmicli: 00:A0:C6:12:34:56");

  /* UIM Get File Attributes of EF ICCID (2FE2): FCP template as TS 102 221
   * lays it out (62, file descriptor 82, file id 83, life cycle 8A, size 80),
   * SW 90 00; qmicli prints the raw data as 62:19:82:... */
  qmux_send (&o, sink_exported, FALSE, 11, 3, WIRE_QMI_REQUEST, 4, 0x0024, NULL, "UIM Get File Attributes");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x10, "9000");
  hex_tlv (t, 0x11, "0a00e22f00000000000000000000000000000000000000001b00"
                    "62198202412183022fe2a5038001718a01058b032f06028002000a");
  qmux_send (&o, sink_exported, TRUE, 11, 3, WIRE_QMI_RESPONSE, 4, 0x0024, t, "SW 0x90 0x00, FCP as hex");

  /* UIM Send APDU: SELECT by AID and its status word */
  t = g_byte_array_new ();
  tlv_u8 (t, 0x01, 1);
  hex_tlv (t, 0x02, "070000a4040002" "3f00");
  qmux_send (&o, sink_exported, FALSE, 11, 3, WIRE_QMI_REQUEST, 5, 0x003b, t, "UIM Send APDU 00 A4 04 00 02 3F 00");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x10, "02006110");
  qmux_send (&o, sink_exported, TRUE, 11, 3, WIRE_QMI_RESPONSE, 5, 0x003b, t, "APDU response 61 10");

  /* NAS Get Serving System: current PLMN 310/01 whose PCS digit flag says 3 digits (310 001) */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 6, 0x0024, NULL, "NAS Get Serving System");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x12, "3601010000");                 /* current_plmn 310, 1, no description */
  hex_tlv (t, 0x27, "36010100" "01");              /* 310, 1, includes_pcs_digit */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 6, 0x0024, t, "MCC 310, MNC 001 with the PCS digit");

  /* control characters in text: an NMEA sentence ends in CR LF, a model name in a TAB */
  t = g_byte_array_new ();
  tlv_str (t, 0x01, "$GPGSA,A,1,,,,,,,,,,,,,,,*1E\r\n");
  qmux_send (&o, sink_exported, TRUE, 16, 4, WIRE_QMI_INDICATION, 0, 0x0026, t, "LOC NMEA, CR LF at the end");
  qmux_send (&o, sink_exported, FALSE, 2, 1, WIRE_QMI_REQUEST, 7, 0x0022, NULL, "DMS Get Model");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "EM7455\t");
  qmux_send (&o, sink_exported, TRUE, 2, 1, WIRE_QMI_RESPONSE, 7, 0x0022, t, "model name ends in a TAB");

  /* LOC position report's UTC timestamp: ms since 1970 */
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 0, 4);                        /* session_status: success */
  tlv_u8 (t, 0x02, 1);                           /* session_id */
  tlv_le (t, 0x25, G_GUINT64_CONSTANT (1704456000000), 8);
  qmux_send (&o, sink_exported, TRUE, 16, 4, WIRE_QMI_INDICATION, 0, 0x0024, t, "LOC UTC 2024-01-05 12:00:00");

  /* a message and a TLV the schemas do not define */
  qmux_send (&o, sink_exported, FALSE, 2, 1, WIRE_QMI_REQUEST, 8, 0x7777, NULL, "DMS 0x7777: no schema");
  t = g_byte_array_new ();
  tlv_result (t, 1, 0x0047);
  qmux_send (&o, sink_exported, TRUE, 2, 1, WIRE_QMI_RESPONSE, 8, 0x7777, t, "its error response");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  tlv_str (t, 0x01, "EM7455");
  tlv_le (t, 0x7e, 0xbeef, 2);
  qmux_send (&o, sink_exported, TRUE, 2, 1, WIRE_QMI_RESPONSE, 7, 0x0022, t, "an unknown TLV 0x7e");

  /* Issue #12: an MNC's PCS digit flag in another TLV. NAS Initiate Network
   * Register, manual, MCC 310 MNC 5 with TLV 0x12 (MNC PCS digit include
   * status) set: 310-005 */
  t = g_byte_array_new ();
  tlv_u8 (t, 0x01, 2);                             /* action: manual */
  hex_tlv (t, 0x10, "3601" "0500" "05");           /* 310, 5, umts */
  tlv_u8 (t, 0x12, 1);                             /* the MNC has three digits */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 9, 0x0022, t, "manual register 310-005 (flag in TLV 0x12)");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 9, 0x0022, t, "registered");
  /* NAS Get Home Network: 310/12, TLV 0x12 (home network 3GPP MNC: is 3GPP,
   * includes PCS digit) says three digits: 310-012, Verizon Wireless in
   * Wireshark's E.212 table */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 10, 0x0025, NULL, "NAS Get Home Network");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x01, "3601" "0c00" "00");           /* 310, 12, empty description */
  hex_tlv (t, 0x12, "01" "01");                    /* is_3gpp, includes_pcs_digit */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 10, 0x0025, t, "home network 310-012");
  /* NAS Get PLMN Name for 310/12 with no PCS digit TLV: two digits as sent,
   * the plugin names the three-digit network E.212 has (as 012) */
  t = g_byte_array_new ();
  hex_tlv (t, 0x01, "3601" "0c00");                /* 310, 12 */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 11, 0x0044, t, "PLMN name of 310/12, no PCS digit TLV");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 11, 0x0044, t, "no name");
  /* NAS Get Cell Location Info, GERAN: 3GPP TS 24.008 10.5.1.13 PLMNs, the
   * serving cell's 02 F8 10 (208-01: MCC digits 2 0 8, F for the third MNC
   * digit, MNC digits 0 1) and a neighbour's 13 00 14 (310-410: MNC digit 3
   * is the high nibble of the second byte) */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 12, 0x0043, NULL, "NAS Get Cell Location Info");
  t = g_byte_array_new ();
  tlv_result (t, 0, 0);
  hex_tlv (t, 0x10, "39300000" "02f810" "e803" "7b00" "21" "ffffffff" "2a00"  /* cell 12345, 208-01, LAC 1000, ARFCN 123, BSIC 0x21, TA unknown, RX level 42 */
                    "01" "3a300000" "130014" "e903" "7c00" "22" "2800");      /* 1 neighbour: cell 12346, 310-410, LAC 1001, ARFCN 124, BSIC 0x22, RX 40 */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 12, 0x0043, t, "GERAN PLMNs 208-01 and 310-410");
  close_out (&o);
}

/* ---------- values as their sources read them ----------
 * Digits, signs and coding schemes that a schema can get wrong while every
 * byte still decodes: UIM slot status ICCIDs in BCD (qmicli's decode_iccid),
 * CDMA base-station positions south and west of 0 (3GPP2 C.S0005 BASE_LAT /
 * BASE_LONG: signed, 0.25 arc seconds), NAS time zones west of Greenwich,
 * and VOICE USSD coding schemes that QMI's own enum does not have. TLV
 * layouts from libqmi's service definitions; the values are made up. */

/* Packed BCD as ITU-T E.118 ICCIDs are stored: low nibble first, F filler. */
static void put_bcd_u8 (GByteArray *b, const char *digits)
{
  gsize n = strlen (digits), len = (n + 1) / 2;
  put_le (b, len, 1);
  for (gsize i = 0; i < len; i++) {
    guint lo = (guint) (digits[2 * i] - '0');
    guint hi = 2 * i + 1 < n ? (guint) (digits[2 * i + 1] - '0') : 0xf;
    guint8 c = (guint8) (hi << 4 | lo);
    g_byte_array_append (b, &c, 1);
  }
}

/* One physical slot of UIM Get Slot Status / Slot Status (TLV 0x10). */
static void put_slot (GByteArray *v, guint32 card_state, guint32 slot_state, guint8 logical, const char *iccid)
{
  put_le (v, card_state, 4);
  put_le (v, slot_state, 4);
  put_le (v, logical, 1);
  put_bcd_u8 (v, iccid);
}

/* NAS Get Tx Rx Info's RX chain (TLVs 0x10, 0x11): tuned, then RX power,
 * ECIO, RSCP and RSRP in tenths, then the phase in hundredths of a degree. */
static GByteArray *rx_chain_info (const gint32 tenths[4], guint32 phase)
{
  GByteArray *v = g_byte_array_new ();
  put_le (v, 1, 1);
  for (guint i = 0; i < 4; i++)
    put_le (v, (guint32) tenths[i], 4);
  put_le (v, phase, 4);
  return v;
}

/* TLV 0x10 of UIM slot status: one slot, a card present and active in it */
static void tlv_one_card (GByteArray *t, const char *iccid)
{
  GByteArray *v = g_byte_array_new ();
  put_le (v, 1, 1);
  put_slot (v, 2 /* present */, 1 /* active */, 1, iccid);
  tlv_take (t, 0x10, v);
}

static void gen_values (const char *dir)
{
  Out o = open_out (dir, "values.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "values as their sources read them: BCD ICCIDs, signed positions and time zones, USSD coding schemes");
  GByteArray *t, *v;
  guint spare;

  /* UIM Get Slot Status: slot 1 holds a card whose 19-digit ICCID ends in
   * the F filler, slot 2 is empty (no ICCID) */
  qmux_send (&o, sink_exported, FALSE, 11, 3, WIRE_QMI_REQUEST, 1, 0x0047, NULL, "UIM Get Slot Status");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 2, 1);
  put_slot (v, 2 /* present */, 1 /* active */, 1, "8944501234567890123");
  put_slot (v, 1 /* absent */, 0 /* inactive */, 0, "");
  tlv_take (t, 0x10, v);
  qmux_send (&o, sink_exported, TRUE, 11, 3, WIRE_QMI_RESPONSE, 1, 0x0047, t,
             "qmicli: ICCID: 8944501234567890123 (bytes 98 44 05 21 43 65 87 09 21 f3); slot 2 absent");
  t = g_byte_array_new ();
  tlv_one_card (t, "89330123456789012345");
  qmux_send (&o, sink_exported, TRUE, 11, 0xff, WIRE_QMI_INDICATION, 0, 0x0048, t,
             "UIM Slot Status indication, qmicli: ICCID: 89330123456789012345 (20 digits, no filler)");

  /* NAS Get Cell Location Info, CDMA info (TLV 0x12): a base station south
   * and west of 0 (Buenos Aires). libqmi 1.32 reads these two as guint32 */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 2, 0x0043, NULL, "NAS Get Cell Location Info");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 4145, 2);                           /* system id */
  put_le (v, 1, 2);                              /* network id */
  put_le (v, 5012, 2);                           /* base station id */
  put_le (v, 168, 2);                            /* reference PN */
  put_le (v, (guint32) -498293, 4);              /* latitude: -34.603681 degrees */
  put_le (v, (guint32) -840695, 4);              /* longitude: -58.381597 degrees */
  tlv_take (t, 0x12, v);
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 2, 0x0043, t,
             "qmicli's arithmetic (value * 0.25 / 3600): Latitude '-34.603681', Longitude '-58.381597'");

  /* NAS Get Serving System: a CDMA base station west of 0 (New York), and
   * the time zones of UTC-5 as 3GPP (quarters of an hour) and 3GPP2 (half
   * hours) count them, with one hour of daylight saving time */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 3, 0x0024, NULL, "NAS Get Serving System");
  t = ok_result ();
  hex_tlv (t, 0x01, "01010101" "0101");          /* registered, attached, 3GPP2, one radio: cdma-1x */
  v = g_byte_array_new ();
  put_le (v, 5012, 2);                           /* base station id */
  put_le (v, 586264, 4);                         /* latitude: 40.712778 degrees */
  put_le (v, (guint32) -1065686, 4);             /* longitude: -74.005972 degrees */
  tlv_take (t, 0x14, v);
  hex_tlv (t, 0x17, "12" "f6" "00");             /* 18 leap seconds, offset -10 (x 30 min), no DST */
  tlv_u8 (t, 0x1a, (guint8) -20);                /* time zone -20 (x 15 min) */
  tlv_u8 (t, 0x1b, 1);                           /* DST adjustment: 1 hour */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 3, 0x0024, t,
             "qmicli: Latitude '40.712778', Longitude '-74.005972'; 3GPP2 local time offset '-300' minutes, "
             "3GPP time zone offset '-300' minutes, DST adjustment '1' hours");

  /* NAS Serving System indication: universal time and local time zone (TLV 0x1C), UTC-5 */
  t = g_byte_array_new ();
  hex_tlv (t, 0x01, "01010102" "0108");          /* registered, attached, 3GPP, one radio: lte */
  v = g_byte_array_new ();
  put_le (v, 2024, 2);
  g_byte_array_append (v, (const guint8 *) "\x01\x05\x0c\x00\x00", 5); /* 01-05 12:00:00 UTC */
  put_le (v, (guint8) -20, 1);                   /* time zone -20 (x 15 min) */
  tlv_take (t, 0x1c, v);
  qmux_send (&o, sink_exported, TRUE, 3, 0xff, WIRE_QMI_INDICATION, 0, 0x0024, t,
             "NAS Serving System: universal time 2024-01-05 12:00:00, local time zone -300 minutes (UTC-5)");

  /* VOICE USSD indications whose coding scheme QMI's enum lacks (ascii 1,
   * 8bit 2, ucs2 3). 0x0F is GSM 7-bit in a 3GPP TS 23.038 CBS coding
   * scheme, a byte QMI's USS data does not carry: the data stays hex, as
   * ModemManager refuses it ("unsupported scheme") */
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 1, 1);                        /* user action: not required */
  v = g_byte_array_new ();
  put_le (v, 0x0f, 1);
  put_gsm7_packed (v, "Balance 5.00", &spare);
  tlv_take (t, 0x10, v);
  qmux_send (&o, sink_exported, TRUE, 9, 0xff, WIRE_QMI_INDICATION, 0, 0x003e, t,
             "VOICE USSD: coding scheme 15 (not QMI's): GSM 7-bit bytes shown as hex with a problem");
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 1, 1);
  v = g_byte_array_new ();
  put_le (v, 0, 1);                              /* QMI's "unknown" */
  put_pstr (v, "Saldo");
  tlv_take (t, 0x10, v);
  qmux_send (&o, sink_exported, TRUE, 9, 0xff, WIRE_QMI_INDICATION, 0, 0x003e, t,
             "VOICE USSD: coding scheme 0 (unknown): the bytes shown as hex with a problem");

  /* PDS Get AGPS Config: the SUPL server's IPv4 address as a little-endian
   * u32 (ModemManager prints 10.1.2.3:7275 for these bytes), and its URL,
   * which ModemManager writes as UTF-16 big-endian with a u8 byte count */
  qmux_send (&o, sink_exported, FALSE, 6, 4, WIRE_QMI_REQUEST, 4, 0x002e, NULL, "PDS Get AGPS Config");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, 0x0a010203, 4);                     /* 10.1.2.3: bytes 03 02 01 0a */
  put_le (v, 7275, 4);
  tlv_take (t, 0x10, v);
  v = g_byte_array_new ();
  {
    GByteArray *u = g_byte_array_new ();
    put_ucs2 (u, "supl.example.com", FALSE, TRUE);
    g_byte_array_append (v, u->data, u->len);
    g_byte_array_unref (u);
  }
  tlv_take (t, 0x11, v);
  qmux_send (&o, sink_exported, TRUE, 6, 4, WIRE_QMI_RESPONSE, 4, 0x002e, t,
             "ModemManager: 10.1.2.3:7275; URL supl.example.com in UTF-16 BE, shown as hex");

  /* Values that are no reading ("special" in the schemas), told apart as
   * qmicli tells them: NAS Get Signal Info's 5G RSRP, SNR and RSRQ of -32768
   * (EN-DC, not connected: qmicli prints 'n/a', not -3276.8 dB) */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 5, 0x004f, NULL, "NAS Get Signal Info");
  t = ok_result ();
  v = g_byte_array_new ();
  put_le (v, (guint16) -32768, 2);               /* 5G RSRP */
  put_le (v, (guint16) -32768, 2);               /* 5G SNR (tenths of dB) */
  tlv_take (t, 0x17, v);
  tlv_le (t, 0x18, (guint16) -32768, 2);         /* 5G RSRQ */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 5, 0x004f, t,
             "qmicli: 5G: RSRP: 'n/a', SNR: 'n/a', RSRQ: 'n/a'");
  /* NAS Get Tx Rx Info for LTE: RX chain 0's phase 0xFFFFFFFF (qmicli:
   * 'unknown'), chain 1's 4500 (hundredths of a degree: '45.00 degrees') */
  t = g_byte_array_new ();
  tlv_le (t, 0x01, 0x08, 1);                     /* radio interface: lte */
  qmux_send (&o, sink_exported, FALSE, 3, 2, WIRE_QMI_REQUEST, 6, 0x005a, t, "NAS Get Tx Rx Info, LTE");
  t = ok_result ();
  /* radio tuned; RX power, ECIO, RSCP, RSRP in tenths; phase */
  tlv_take (t, 0x10, rx_chain_info ((const gint32[]) { -650, -30, -900, -950 }, 0xffffffff)); /* unknown */
  tlv_take (t, 0x11, rx_chain_info ((const gint32[]) { -700, -40, -910, -960 }, 4500));       /* 45.00 degrees */
  qmux_send (&o, sink_exported, TRUE, 3, 2, WIRE_QMI_RESPONSE, 6, 0x005a, t,
             "qmicli: RX Chain 0: Phase: 'unknown'; RX Chain 1: Phase: '45.00 degrees'");
  /* WDS Get Channel Rates while disconnected: current rates 0xFFFFFFFF
   * (libqmi's QMI_WDS_RATE_UNAVAILABLE, qmicli 'n/a'), maximum rates known */
  qmux_send (&o, sink_exported, FALSE, 1, 5, WIRE_QMI_REQUEST, 1, 0x0023, NULL, "WDS Get Channel Rates");
  t = ok_result ();
  v = g_byte_array_new ();
  for (guint i = 0; i < 4; i++) /* current TX, RX; maximum TX, RX */
    put_le (v, (const guint32[]) { 0xffffffff, 0xffffffff, 50000000, 150000000 }[i], 4);
  tlv_take (t, 0x01, v);
  qmux_send (&o, sink_exported, TRUE, 1, 5, WIRE_QMI_RESPONSE, 1, 0x0023, t,
             "qmicli: Current TX rate: n/a, Current RX rate: n/a, Max TX rate: 50000000bps, Max RX rate: 150000000bps");

  /* UIM Get Slot Status of an eUICC: its EID (TLV 0x12), 32 digits packed
   * high nibble first (GSMA SGP.22; qmicli's decode_eid), unlike the ICCID */
  qmux_send (&o, sink_exported, FALSE, 11, 3, WIRE_QMI_REQUEST, 2, 0x0047, NULL, "UIM Get Slot Status, eUICC");
  t = ok_result ();
  tlv_one_card (t, "89882280000012345678");
  v = g_byte_array_new ();
  put_le (v, 1, 1);                              /* one slot */
  put_le (v, 16, 1);                             /* EID length */
  g_byte_array_append (v, (const guint8 *) "\x89\x04\x90\x32\x00\x40\x08\x88\x26\x00\x01\x23\x45\x67\x89\x01", 16);
  tlv_take (t, 0x12, v);
  qmux_send (&o, sink_exported, TRUE, 11, 3, WIRE_QMI_RESPONSE, 2, 0x0047, t,
             "qmicli: EID: 89049032004008882600012345678901 (bytes 89 04 90 32 ..., high nibble first)");
  close_out (&o);
}

static void gen_example (const char *dir)
{
  Out o = open_out (dir, "example.pcapng", WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0",
                    "a short QMI session on a USB modem, recorded by the cdc-wdm bridge");
  qmux_session (&o, sink_exported);
  close_out (&o);
}

/* ---------- a length-prefixed bytes field last, in every carrier ----------
 * DMS Write User Data (0x0038) request and Read User Data (0x0037) response
 * end in user_data, bytes with a u16 length prefix: the field whose value
 * the plugin once read from after the prefix for prefix+data bytes, past
 * the end of the buffer when it was the frame's last field. The over-read
 * left the heap only when the frame filled its buffer, and tshark reads
 * each frame into a buffer of 2,048 bytes at first: so each carrier also
 * gets a Read User Data response whose record is exactly 2,048 bytes. */
#define TSHARK_FRAME_BUFFER 2048

typedef enum { CARRY_USBMON, CARRY_QMUX_PDU, CARRY_QRTR_PDU, CARRY_MBIM, CARRY_DLT_USER } Carrier;

static GByteArray *user_data_tlvs (gboolean with_result, guint16 n)
{
  GByteArray *t = g_byte_array_new (), *v = g_byte_array_sized_new (2u + n);
  if (with_result)
    tlv_result (t, 0, 0);
  put_le (v, n, 2);
  for (guint i = 0; i < n; i++) {
    guint8 c = (guint8) (0x41 + i % 26); /* "ABC...Z" repeated: easy to read in a hex dump */
    g_byte_array_append (v, &c, 1);
  }
  tlv_take (t, 0x01, v);
  return t;
}

/* One DMS message over the carrier: host 1:16385 and DMS at 0:3 on QRTR,
 * client 1 of DMS on QMUX. Takes tlvs. */
static void carry (Out *o, Carrier c, gboolean from_modem, WireQmiKind kind, guint16 txn, guint16 msg,
                   GByteArray *tlvs, const char *comment)
{
  static const QmuxSink sinks[] = { [CARRY_USBMON] = sink_usbmon, [CARRY_QMUX_PDU] = sink_exported,
                                    [CARRY_MBIM] = sink_mbim, [CARRY_DLT_USER] = sink_raw };
  if (c == CARRY_QRTR_PDU)
    qrtr_qmi (o, WIRE_QRTR_VERSION_1, from_modem ? 0 : 1, from_modem ? 3 : 16385, from_modem ? 1 : 0,
              from_modem ? 16385 : 3, kind, txn, msg, tlvs, from_modem ? IN : OUT, comment);
  else
    qmux_send (o, sinks[c], from_modem, 2, 1, kind, txn, msg, tlvs, comment);
}

/* The Read User Data response whose (last) record is exactly `total` bytes:
 * dry runs measure the carrier's overhead. QRTR pads its payload to 4
 * bytes, so the largest user_data that still fits is taken: the field then
 * ends at the record's last byte there too. */
static void carry_sized_user_data (Out *o, Carrier c, guint16 txn, gsize total, const char *comment)
{
  Out probe = *o;
  gsize n;
  probe.dry = TRUE;
  carry (&probe, c, TRUE, WIRE_QMI_RESPONSE, txn, 0x0037, user_data_tlvs (TRUE, 0), comment);
  for (n = total - probe.last_len + 3; n > 0; n--) {
    probe = *o;
    probe.dry = TRUE;
    carry (&probe, c, TRUE, WIRE_QMI_RESPONSE, txn, 0x0037, user_data_tlvs (TRUE, (guint16) n), comment);
    if (probe.last_len == total)
      break;
  }
  carry (o, c, TRUE, WIRE_QMI_RESPONSE, txn, 0x0037, user_data_tlvs (TRUE, (guint16) n), comment);
  if (o->last_len != total)
    g_error ("gen-pcaps: a %" G_GSIZE_FORMAT "-byte record came out %" G_GSIZE_FORMAT " bytes", total, o->last_len);
}

static void gen_prefixed_bytes (const char *dir, Carrier c, const char *name)
{
  static const struct { guint16 linktype; const char *ifname, *descr; } iface[] = {
    [CARRY_USBMON] = { WIRE_LINKTYPE_USB_LINUX_MMAPPED, "usbmon2", "USB bus 2" },
    [CARRY_QMUX_PDU] = { WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0", "QMUX recorded by the cdc-wdm bridge" },
    [CARRY_QRTR_PDU] = { WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "qrtr", "QMI over QRTR" },
    [CARRY_MBIM] = { WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, "cdc-wdm0", "QMI inside MBIM (QMI device service, CID 1)" },
    [CARRY_DLT_USER] = { WIRE_LINKTYPE_USER0, "qmux", "raw QMUX in DLT_USER0" },
  };
  Out o = open_out (dir, name, iface[c].linktype, iface[c].ifname, iface[c].descr);
  char comment[96];

  o.mmapped = TRUE;
  o.bus = 2;
  o.dev = 3;
  o.ifnum = 4;
  o.urb = 0xffff9a4c02000000ull;
  if (c == CARRY_QRTR_PDU)
    qrtr_ctrl (&o, WIRE_QRTR_VERSION_1, WIRE_QRTR_TYPE_NEW_SERVER, 0, BC, CTRL, 2, 1, 0, 3, IN,
               "NEW_SERVER: DMS at 0:3");
  carry (&o, c, FALSE, WIRE_QMI_REQUEST, 1, 0x0038, user_data_tlvs (FALSE, 5),
         "DMS Write User Data: the request ends in user_data (u16 prefix, 5 bytes)");
  carry (&o, c, TRUE, WIRE_QMI_RESPONSE, 1, 0x0038, ok_result (), NULL);
  carry (&o, c, FALSE, WIRE_QMI_REQUEST, 2, 0x0037, NULL, "DMS Read User Data");
  carry (&o, c, TRUE, WIRE_QMI_RESPONSE, 2, 0x0037, user_data_tlvs (TRUE, 3),
         "the response ends in user_data (u16 prefix, 3 bytes)");
  carry (&o, c, FALSE, WIRE_QMI_REQUEST, 3, 0x0037, NULL, "DMS Read User Data");
  g_snprintf (comment, sizeof comment, "a %d-byte record ending in user_data, to the record's last byte",
              TSHARK_FRAME_BUFFER);
  carry_sized_user_data (&o, c, 3, TSHARK_FRAME_BUFFER, comment);
  close_out (&o);
}

int
main (int argc, char **argv)
{
  const char *dir;

  if (argc != 2) {
    g_printerr ("usage: %s OUTDIR\n", argv[0]);
    return 2;
  }
  dir = argv[1];
  g_mkdir_with_parents (dir, 0755);
  gen_qrtr_ctrl (dir, WIRE_QRTR_VERSION_1, "qrtr-ctrl-v1.pcapng");
  gen_qrtr_ctrl (dir, WIRE_QRTR_VERSION_2, "qrtr-ctrl-v2.pcapng");
  gen_qrtr_qmi (dir);
  gen_qrtr_tftp (dir);
  gen_qrtr_kernel (dir);
  gen_qmux_exported (dir);
  gen_usbmon (dir, "usbmon-220.pcapng", TRUE);
  gen_usbmon (dir, "usbmon-189.pcapng", FALSE);
  gen_usbmon_two_modems (dir);
  gen_dlt_user (dir);
  gen_malformed (dir);
  gen_hostile (dir);
  gen_item_budget (dir);
  gen_ns_flood (dir);
  gen_mbim (dir);
  gen_personal (dir);
  gen_personal_usbmon (dir);
  gen_real_devices (dir);
  gen_text (dir);
  gen_handoffs (dir);
  gen_example (dir);
  gen_prefixed_bytes (dir, CARRY_USBMON, "prefixed-bytes-usbmon.pcapng");
  gen_prefixed_bytes (dir, CARRY_QMUX_PDU, "prefixed-bytes-qmux.pcapng");
  gen_prefixed_bytes (dir, CARRY_QRTR_PDU, "prefixed-bytes-qrtr.pcapng");
  gen_prefixed_bytes (dir, CARRY_MBIM, "prefixed-bytes-mbim.pcapng");
  gen_prefixed_bytes (dir, CARRY_DLT_USER, "prefixed-bytes-dlt-user.pcapng");
  gen_fidelity (dir);
  gen_values (dir);
  return 0;
}
