/* qrtr-capture --redact: every record of a capture, unwrapped by its link
 * type the way -r reads it (usbmon 220/189 through wire/'s QMUX pairing,
 * Exported PDU by dissector name, raw QMUX in DLT_USER), its QMI messages
 * redacted in place by wire_redact_tlvs. The file is rewritten block by
 * block: only the bytes of personal values change, and the first section
 * header gains a comment saying what was replaced. Classic pcap input is
 * converted to pcapng first (only pcapng carries the comment). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <pcap/pcap.h>
#include "import-redact.h"
#include "wire-mbim.h"
#include "wire-names.h"
#include "wire-ns.h"
#include "wire-pcapng.h"
#include "wire-qmux.h"
#include "wire-qrtr.h"
#include "wire-usbmon.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_OPB 0x00000002u
#define BT_SPB 0x00000003u
#define BT_EPB 0x00000006u
#define BYTE_ORDER_MAGIC 0x1A2B3C4Du
#define LINKTYPE_USER0 147
#define LINKTYPE_USER15 162

struct _RedactCarriers {
  const WireRegistry *reg;
  WireRedactor *r;
  guint16 vendor;
  gboolean swapped;          /* the section is in the other byte order */
  GArray *linktypes;         /* guint16 per interface of the section */
  WireNsTracker *ns;         /* QRTR services learned from the name service */
  WireUsbmonQmux *usb;
  GHashTable *string_urbs;   /* usbmon URB id -> string descriptor index + 1 */
  GHashTable *serial_index;  /* bus << 8 | dev -> iSerialNumber + 1 */
  guint32 frame;
  guint64 records, messages, unknown_messages, unredacted_records;
};
typedef RedactCarriers Ctx;

static guint32 rd32 (const Ctx *c, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return c->swapped ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16 rd16 (const Ctx *c, const guint8 *p)
{
  guint16 v;
  memcpy (&v, p, 2);
  return c->swapped ? GUINT16_SWAP_LE_BE (v) : v;
}

/* ---------- QMI in its carriers ---------- */

static void redact_qmi (Ctx *c, const WireService *svc, WireQmiForm form, guint8 *buf, gsize len)
{
  WireQmiHeader h;
  const WireMessage *msg;
  wire_qmi_parse_header (form, buf, len, &h);
  if (h.problems & WIRE_QMI_FATAL_SHORT)
    return;
  c->messages++;
  msg = svc ? wire_service_find_message (svc, h.kind, h.msg_id, c->vendor) : NULL;
  if (!msg) {
    c->unknown_messages++;
    return;
  }
  wire_redact_tlvs (c->r, msg, buf + h.header_len, h.tlv_len);
}

static void redact_qmux (Ctx *c, guint8 *f, gsize len)
{
  WireQmuxHeader q;
  wire_qmux_parse_header (f, len, &q);
  if (q.problems & WIRE_QMUX_FATAL)
    return;
  redact_qmi (c, wire_registry_service_by_qmux (c->reg, q.service),
              q.service == 0 ? WIRE_QMI_FORM_CTL : WIRE_QMI_FORM_SERVICE, f + WIRE_QMUX_HEADER_LEN, q.sdu_len);
}

static void redact_qrtr (Ctx *c, guint8 *f, gsize len)
{
  WireQrtrHeader h;
  WireNsEntry e;
  gboolean server_is_dst;
  wire_qrtr_parse_header (f, len, &h);
  if (h.problems & (WIRE_QRTR_FATAL | WIRE_QRTR_OPTLEN_BEYOND_FRAME))
    return;
  if (h.type != WIRE_QRTR_TYPE_DATA) {
    WireQrtrCtrl ctrl;
    if (wire_qrtr_parse_ctrl (f + h.header_len, h.payload_len, &ctrl))
      wire_ns_tracker_feed (c->ns, c->frame, h.src_node, &ctrl);
    return;
  }
  if (!wire_ns_tracker_resolve (c->ns, h.src_node, h.src_port, h.dst_node, h.dst_port, c->frame, &e, &server_is_dst) ||
      e.service == WIRE_QRTR_SERVICE_TFTP)
    return;
  redact_qmi (c, wire_registry_service_by_qrtr (c->reg, e.service), WIRE_QMI_FORM_SERVICE, f + h.header_len,
              h.payload_len);
}

/* An MBIM message carrying QMI; MBIM's own services are not
 * schema-described and stay as they are. */
static void redact_mbim (Ctx *c, guint8 *m, gsize len)
{
  gsize off, qlen;
  if (wire_mbim_qmi_payload (m, len, &off, &qlen))
    redact_qmux (c, m + off, qlen);
}

/* usbmon: QMUX frames of CDC encapsulated commands, QMI-in-MBIM on the same
 * control pipe, and the serial-number string descriptor. */
static void redact_usbmon (Ctx *c, guint8 *data, gsize len, gboolean mmapped)
{
  WireUsbmonRecord rec;
  const guint8 *f;
  gsize flen;
  guint tag;
  guint16 vendor;
  guint8 serial_index;
  if (!wire_usbmon_parse (data, len, mmapped, &rec))
    return;
  tag = (guint) rec.busnum << 8 | rec.devnum;
  if (rec.xfer_type == 2 && rec.type == 'S' && rec.setup_present) {
    guint64 id = rec.id;
    g_hash_table_remove (c->string_urbs, &id);
    /* GET_DESCRIPTOR (bmRequestType 0x80, bRequest 6) of a string (type 3) */
    if (rec.setup[0] == 0x80 && rec.setup[1] == 6 && rec.setup[3] == 3)
      g_hash_table_insert (c->string_urbs, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (rec.setup[2] + 1u));
  }
  if (wire_usbmon_device_descriptor (&rec, &vendor, &serial_index)) {
    if (!c->vendor)
      c->vendor = vendor;
    g_hash_table_insert (c->serial_index, GUINT_TO_POINTER (tag), GUINT_TO_POINTER (serial_index + 1u));
  }
  if (rec.xfer_type == 2 && rec.type == 'C' && rec.data_len >= 4 && rec.data[1] == 3) {
    guint64 id = rec.id;
    guint index = GPOINTER_TO_UINT (g_hash_table_lookup (c->string_urbs, &id));
    guint serial = GPOINTER_TO_UINT (g_hash_table_lookup (c->serial_index, GUINT_TO_POINTER (tag)));
    /* without the device descriptor nobody knows which string is the
     * serial number: every string but the language list (index 0) goes */
    if (index > 1 && (!serial || index == serial))
      wire_redact_usb_serial (c->r, (guint8 *) rec.data, rec.data_len);
  }
  if (wire_usbmon_qmux_feed (c->usb, &rec, &f, &flen) != WIRE_USBMON_QMUX_NONE)
    redact_qmux (c, (guint8 *) f, flen);
  else if (rec.xfer_type == 2 && rec.data_len >= 48)
    redact_mbim (c, (guint8 *) rec.data, rec.data_len);
}

void
redact_carriers_record (RedactCarriers *c, guint16 linktype, guint8 *data, gsize len)
{
  c->records++;
  c->frame++;
  if (linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED || linktype == WIRE_LINKTYPE_USB_LINUX) {
    redact_usbmon (c, data, len, linktype == WIRE_LINKTYPE_USB_LINUX_MMAPPED);
  } else if (linktype == WIRE_LINKTYPE_WIRESHARK_UPPER_PDU) {
    char name[64];
    WireDirection dir;
    gsize off;
    if (!wire_exported_pdu_parse (data, len, name, sizeof name, &dir, &off))
      c->unredacted_records++;
    else if (g_str_equal (name, "qmux"))
      redact_qmux (c, data + off, len - off);
    else if (g_str_equal (name, "qrtr"))
      redact_qrtr (c, data + off, len - off);
    else if (g_str_equal (name, WIRE_MBIM_EXPORTED_PDU_NAME))
      redact_mbim (c, data + off, len - off);
    else
      c->unredacted_records++;
  } else if (linktype >= LINKTYPE_USER0 && linktype <= LINKTYPE_USER15) {
    redact_qmux (c, data, len);
  } else {
    c->unredacted_records++;
  }
}

/* ---------- pcapng blocks ---------- */

static void new_section (Ctx *c)
{
  g_array_set_size (c->linktypes, 0);
  wire_ns_tracker_reset (c->ns);
  wire_usbmon_qmux_free (c->usb);
  c->usb = wire_usbmon_qmux_new (0, 0, -1);
  g_hash_table_remove_all (c->string_urbs);
  g_hash_table_remove_all (c->serial_index);
}

static guint16 linktype_of (const Ctx *c, guint32 if_id)
{
  return if_id < c->linktypes->len ? g_array_index (c->linktypes, guint16, if_id) : 0xffff;
}

/* Walks the blocks, redacting packet data in place. FALSE when the image is
 * not pcapng or a block is broken. */
static gboolean walk_blocks (Ctx *c, guint8 *d, gsize len, gsize *first_shb_len, GError **error)
{
  gsize off = 0;
  while (off < len) {
    guint32 type, blen;
    guint8 *b = d + off;
    if (len - off < 12)
      goto broken;
    memcpy (&type, b, 4);
    if (type == BT_SHB) {
      guint32 magic;
      memcpy (&magic, b + 8, 4);
      if (magic != BYTE_ORDER_MAGIC && magic != GUINT32_SWAP_LE_BE (BYTE_ORDER_MAGIC))
        goto broken;
      c->swapped = magic != BYTE_ORDER_MAGIC;
      new_section (c);
    } else if (off == 0) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a pcap or pcapng file");
      return FALSE;
    }
    type = rd32 (c, b);
    blen = rd32 (c, b + 4);
    if (blen < 12 || blen % 4 || blen > len - off || rd32 (c, b + blen - 4) != blen)
      goto broken;
    if (off == 0)
      *first_shb_len = blen;
    if (type == BT_IDB && blen >= 20) {
      guint16 lt = rd16 (c, b + 8);
      g_array_append_val (c->linktypes, lt);
    } else if ((type == BT_EPB || type == BT_OPB) && blen >= 32) {
      guint32 if_id = type == BT_EPB ? rd32 (c, b + 8) : rd16 (c, b + 8);
      guint32 caplen = MIN (rd32 (c, b + 20), blen - 32);
      redact_carriers_record (c, linktype_of (c, if_id), b + 28, caplen);
    } else if (type == BT_SPB && blen >= 16) {
      redact_carriers_record (c, linktype_of (c, 0), b + 12, MIN (rd32 (c, b + 8), blen - 16));
    }
    off += blen;
  }
  return TRUE;
broken:
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "pcapng block at byte %" G_GSIZE_FORMAT " is broken", off);
  return FALSE;
}

/* The first section header with an opt_comment inserted before its other
 * options; the section length becomes "unknown" (-1), since it grew. */
static void put_shb (gboolean swapped, GByteArray *out, const guint8 *shb, gsize blen, const char *comment)
{
  gsize clen = MIN (strlen (comment), 0xfff0), opt = 4 + ((clen + 3) & ~(gsize) 3);
  gsize nlen = blen + opt + (blen == 28 ? 4 : 0);
  guint8 *n = g_malloc0 (nlen);
  guint16 code = 1, l = (guint16) clen;
  guint32 total = (guint32) nlen;
  memcpy (n, shb, 24);
  if (swapped) {
    code = GUINT16_SWAP_LE_BE (code);
    l = GUINT16_SWAP_LE_BE (l);
    total = GUINT32_SWAP_LE_BE (total);
  }
  memcpy (n + 4, &total, 4);
  memset (n + 16, 0xff, 8);
  memcpy (n + 24, &code, 2);
  memcpy (n + 26, &l, 2);
  memcpy (n + 28, comment, clen);
  if (blen > 28)
    memcpy (n + 24 + opt, shb + 24, blen - 28); /* the old options, with their end marker */
  /* else: the end-of-options marker is the 4 zero bytes already there */
  memcpy (n + nlen - 4, &total, 4);
  g_byte_array_append (out, n, (guint) nlen);
  g_free (n);
}

GByteArray *
pcapng_with_comment (const guint8 *image, gsize len, const char *comment, GError **error)
{
  guint32 type, magic, blen;
  gboolean swapped;
  GByteArray *out;
  if (len < 28 || (memcpy (&type, image, 4), type != BT_SHB)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "not a pcapng file");
    return NULL;
  }
  memcpy (&magic, image + 8, 4);
  swapped = magic != BYTE_ORDER_MAGIC;
  memcpy (&blen, image + 4, 4);
  if (swapped)
    blen = GUINT32_SWAP_LE_BE (blen);
  if (blen < 28 || blen > len || blen % 4) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "broken section header");
    return NULL;
  }
  out = g_byte_array_sized_new ((guint) len + 512);
  put_shb (swapped, out, image, blen, comment);
  g_byte_array_append (out, image + blen, (guint) (len - blen));
  return out;
}

gchar *
redact_carriers_describe (const RedactCarriers *c)
{
  gchar *what = wire_redactor_summary (c->r);
  GString *s = g_string_new (NULL);
  GString *kept = g_string_new (NULL);
  for (guint k = WIRE_PERSONAL_IMEI; k < WIRE_REDACT_N_KINDS; k++)
    if (wire_redactor_keeps (c->r, k))
      g_string_append_printf (kept, "%s%s", kept->len ? ", " : "", wire_redact_kind_name (k));
  g_string_append_printf (s, "Redacted by qrtr-capture --redact: replaced %s (pseudonyms of the same length and format; "
                          "same value, same pseudonym within this file). Kept: %s. %" G_GUINT64_FORMAT
                          " records, %" G_GUINT64_FORMAT " QMI messages",
                          what, kept->len ? kept->str : "nothing", c->records, c->messages);
  if (c->unknown_messages)
    g_string_append_printf (s, "; %" G_GUINT64_FORMAT " messages had no schema and were left as they are",
                            c->unknown_messages);
  if (c->unredacted_records)
    g_string_append_printf (s, "; %" G_GUINT64_FORMAT " records carried nothing qrtr-capture reads and were left as they are",
                            c->unredacted_records);
  g_string_append_c (s, '.');
  g_free (what);
  g_string_free (kept, TRUE);
  return g_string_free (s, FALSE);
}

RedactCarriers *
redact_carriers_new (const WireRegistry *reg, WireRedactor *r, guint16 vendor)
{
  RedactCarriers *c = g_new0 (RedactCarriers, 1);
  c->reg = reg;
  c->r = r;
  c->vendor = vendor;
  c->linktypes = g_array_new (FALSE, FALSE, sizeof (guint16));
  c->ns = wire_ns_tracker_new ();
  c->usb = wire_usbmon_qmux_new (0, 0, -1);
  c->string_urbs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  c->serial_index = g_hash_table_new (g_direct_hash, g_direct_equal);
  return c;
}

void
redact_carriers_free (RedactCarriers *c)
{
  if (!c)
    return;
  g_array_unref (c->linktypes);
  wire_ns_tracker_free (c->ns);
  wire_usbmon_qmux_free (c->usb);
  g_hash_table_unref (c->string_urbs);
  g_hash_table_unref (c->serial_index);
  g_free (c);
}

GByteArray *
redact_pcapng (const guint8 *data, gsize len, const WireRegistry *reg, WireRedactor *r, guint16 vendor,
               GString *summary, GError **error)
{
  RedactCarriers *c = redact_carriers_new (reg, r, vendor);
  guint8 *copy = g_memdup2 (data, len);
  gsize shb_len = 0;
  GByteArray *out = NULL;

  if (walk_blocks (c, copy, len, &shb_len, error)) {
    gchar *comment = redact_carriers_describe (c);
    out = pcapng_with_comment (copy, len, comment, error);
    if (summary)
      g_string_append (summary, comment);
    g_free (comment);
  }
  g_free (copy);
  redact_carriers_free (c);
  return out;
}

gboolean
read_whole_input (const char *path, guint8 **data, gsize *len, GError **error)
{
  if (g_str_equal (path, "-")) {
    GByteArray *b = g_byte_array_new ();
    guint8 chunk[65536];
    size_t n;
    while ((n = fread (chunk, 1, sizeof chunk, stdin)) > 0)
      g_byte_array_append (b, chunk, (guint) n);
    if (ferror (stdin)) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "standard input: read error");
      g_byte_array_unref (b);
      return FALSE;
    }
    *len = b->len;
    *data = g_byte_array_free (b, FALSE);
    return TRUE;
  }
  return g_file_get_contents (path, (gchar **) data, len, error);
}

gboolean
write_whole_output (const char *path, const guint8 *data, gsize len, GError **error)
{
  if (g_str_equal (path, "-")) {
    if (fwrite (data, 1, len, stdout) != len || fflush (stdout) != 0) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "standard output: write error");
      return FALSE;
    }
    return TRUE;
  }
  {
    /* as wire_pcapng_writer_create (WIRE_PCAPNG_REPLACE): a new file is 0600,
     * since an unredacted import holds IMSI-class data */
    int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0600);
    gsize done = 0;
    if (fd < 0) {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
    while (done < len) {
      ssize_t n = write (fd, data + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
        close (fd);
        return FALSE;
      }
      done += (gsize) n;
    }
    if (close (fd) != 0) {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
    return TRUE;
  }
}

/* Classic pcap: every record rewritten into a pcapng image, one interface. */
static GByteArray *pcap_to_pcapng (const guint8 *data, gsize len, GError **error)
{
  char err[PCAP_ERRBUF_SIZE] = "";
  FILE *in = fmemopen ((void *) data, len, "rb");
  pcap_t *p = in ? pcap_fopen_offline (in, err) : NULL;
  char *buf = NULL;
  size_t size = 0;
  FILE *mem;
  WirePcapngWriter *w;
  struct pcap_pkthdr *ph;
  const u_char *pkt;
  GByteArray *out;
  gboolean ok = TRUE;

  if (!p) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "%s", err[0] ? err : "cannot read");
    if (in)
      fclose (in);
    return NULL;
  }
  mem = open_memstream (&buf, &size);
  w = wire_pcapng_writer_new (mem, "qrtr-capture --redact", error);
  ok = w && wire_pcapng_add_interface (w, (guint16) pcap_datalink (p), 262144, NULL, NULL, error) >= 0;
  while (ok && pcap_next_ex (p, &ph, &pkt) == 1)
    ok = wire_pcapng_write_packet (w, 0, (gint64) ph->ts.tv_sec * 1000000 + ph->ts.tv_usec, pkt, ph->caplen,
                                   ph->len, WIRE_DIR_UNKNOWN, NULL, error);
  if (w && !wire_pcapng_writer_close (w, ok ? error : NULL))
    ok = FALSE;
  pcap_close (p);
  out = g_byte_array_new ();
  if (ok)
    g_byte_array_append (out, (guint8 *) buf, (guint) size);
  free (buf);
  if (!ok) {
    g_byte_array_unref (out);
    return NULL;
  }
  return out;
}

static gboolean is_classic_pcap (const guint8 *d, gsize len)
{
  static const guint32 magics[] = { 0xa1b2c3d4u, 0xd4c3b2a1u, 0xa1b23c4du, 0x4d3cb2a1u };
  guint32 m;
  if (len < 4)
    return FALSE;
  memcpy (&m, d, 4);
  for (guint i = 0; i < G_N_ELEMENTS (magics); i++)
    if (m == magics[i])
      return TRUE;
  return FALSE;
}

int
redact_capture (const ImportRedactOptions *o, const WireRegistry *reg)
{
  guint8 *data = NULL;
  gsize len = 0;
  GError *error = NULL;
  GByteArray *pcapng = NULL, *out;
  GString *summary = g_string_new (NULL);
  int status = 0;

  if (!read_whole_input (o->input, &data, &len, &error)) {
    g_printerr ("qrtr-capture: %s\n", error->message);
    g_error_free (error);
    g_string_free (summary, TRUE);
    return 1;
  }
  if (is_classic_pcap (data, len) && !(pcapng = pcap_to_pcapng (data, len, &error))) {
    g_printerr ("qrtr-capture: %s: %s\n", o->input, error->message);
    status = 1;
  } else {
    out = redact_pcapng (pcapng ? pcapng->data : data, pcapng ? pcapng->len : len, reg, o->redactor, o->vendor,
                         summary, &error);
    if (!out) {
      g_printerr ("qrtr-capture: %s: %s\n", o->input, error->message);
      status = 1;
    } else {
      if (!write_whole_output (o->write, out->data, out->len, &error)) {
        g_printerr ("qrtr-capture: %s\n", error->message);
        status = 1;
      } else if (!o->quiet) {
        g_printerr ("qrtr-capture: %s -> %s: %s\n", o->input, o->write, summary->str);
      }
      g_byte_array_unref (out);
    }
  }
  g_clear_error (&error);
  if (pcapng)
    g_byte_array_unref (pcapng);
  g_string_free (summary, TRUE);
  g_free (data);
  return status;
}
