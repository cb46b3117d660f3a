/* A small pcapng writer. Block layouts from the pcapng specification
 * (draft-ietf-opsawg-pcapng): SHB 0x0A0D0D0A, IDB 1, EPB 6, options padded to
 * 32 bits. Exported PDU tags from Wireshark's wsutil/exported_pdu_tlvs.h:
 * big-endian u16 tag, u16 length, value. Readers (Wireshark 4.0's
 * packet-exported_pdu.c) step over exactly `length` bytes, so a padded string
 * counts its trailing NULs in the length, as Wireshark's own writer does. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "wire-pcapng.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define OPT_END 0
#define OPT_COMMENT 1
#define SHB_USERAPPL 4
#define IF_NAME 2
#define IF_DESCRIPTION 3
#define EPB_FLAGS 2

#define EXP_PDU_TAG_END 0
#define EXP_PDU_TAG_DISSECTOR_NAME 12
#define EXP_PDU_TAG_P2P_DIRECTION 35
/* Wireshark's P2P_DIR_SENT / P2P_DIR_RECV */
#define P2P_DIR_SENT 0
#define P2P_DIR_RECV 1

struct _WirePcapngWriter {
  FILE *fp;
  int write_errno;   /* first failed write, reported again by close */
  gint64 good_offset; /* end of the last block known to be on disk; -1 = not seekable */
  guint n_interfaces;
  GArray *linktypes; /* guint16 per interface */
};

static void put32 (GByteArray *b, guint32 v) { g_byte_array_append (b, (guint8 *) &v, 4); }
static void put16 (GByteArray *b, guint16 v) { g_byte_array_append (b, (guint8 *) &v, 2); }
static void pad4 (GByteArray *b)
{
  static const guint8 z[4] = { 0 };
  g_byte_array_append (b, z, (4 - b->len % 4) % 4);
}

static void put_option (GByteArray *b, guint16 code, const void *value, gsize len)
{
  put16 (b, code);
  put16 (b, (guint16) len);
  g_byte_array_append (b, value, len);
  pad4 (b);
}

static void put_string_option (GByteArray *b, guint16 code, const char *s)
{
  if (s && *s)
    put_option (b, code, s, MIN (strlen (s), 0xfff0));
}

/* Finishes a block: fills in the total length at offset 4 and appends it
 * again at the end, then writes the whole block with one fwrite. */
static gboolean write_block (WirePcapngWriter *w, GByteArray *b, GError **error)
{
  guint32 total = b->len + 4;
  gboolean ok;

  memcpy (b->data + 4, &total, 4);
  put32 (b, total);
  ok = fwrite (b->data, 1, b->len, w->fp) == b->len;
  g_byte_array_unref (b);
  if (!ok) {
    int e = errno ? errno : EIO;
    if (!w->write_errno)
      w->write_errno = e;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                 "writing pcapng: %s", g_strerror (e));
  }
  return ok;
}

static GByteArray *block_start (guint32 type)
{
  GByteArray *b = g_byte_array_sized_new (64);
  put32 (b, type);
  put32 (b, 0); /* total length, filled in by write_block */
  return b;
}

WirePcapngWriter *
wire_pcapng_writer_new (FILE *fp, const char *application, GError **error)
{
  WirePcapngWriter *w = g_new0 (WirePcapngWriter, 1);
  GByteArray *b = block_start (BT_SHB);

  w->fp = fp;
  w->good_offset = ftello (fp); /* -1 on a pipe or terminal */
  w->linktypes = g_array_new (FALSE, FALSE, sizeof (guint16));
  put32 (b, 0x1A2B3C4D); /* byte-order magic */
  put16 (b, 1);
  put16 (b, 0);
  put32 (b, 0xffffffff); /* section length unknown */
  put32 (b, 0xffffffff);
  put_string_option (b, SHB_USERAPPL, application);
  put_option (b, OPT_END, NULL, 0);
  if (!write_block (w, b, error)) {
    wire_pcapng_writer_close (w, NULL);
    return NULL;
  }
  return w;
}

WirePcapngWriter *
wire_pcapng_writer_open (const char *path, const char *application, GError **error)
{
  FILE *fp = strcmp (path, "-") == 0 ? stdout : fopen (path, "wb");
  if (!fp) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "%s: %s", path, g_strerror (errno));
    return NULL;
  }
  return wire_pcapng_writer_new (fp, application, error);
}

WirePcapngWriter *
wire_pcapng_writer_create (const char *path, WirePcapngCreate how, const char *application,
                           GError **error)
{
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY;
  int fd, e;
  FILE *fp;
  struct stat st;

  if (strcmp (path, "-") == 0)
    return wire_pcapng_writer_new (stdout, application, error);
  flags |= how == WIRE_PCAPNG_EXCLUSIVE ? O_EXCL | O_NOFOLLOW : O_TRUNC;
  fd = open (path, flags, 0600);
  if (fd < 0) {
    e = errno;
    if (how == WIRE_PCAPNG_EXCLUSIVE && (e == EEXIST || e == ELOOP))
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path,
                   lstat (path, &st) == 0 && S_ISLNK (st.st_mode)
                     ? "is a symbolic link; not following it"
                     : "exists; not overwriting it");
    else
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path, g_strerror (e));
    return NULL;
  }
  fp = fdopen (fd, "wb");
  if (!fp) {
    e = errno;
    close (fd);
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "%s: %s", path, g_strerror (e));
    return NULL;
  }
  return wire_pcapng_writer_new (fp, application, error);
}

gint
wire_pcapng_add_interface (WirePcapngWriter *w, guint16 linktype, guint32 snaplen,
                           const char *name, const char *description, GError **error)
{
  GByteArray *b = block_start (BT_IDB);
  /* No if_tsresol option: its absence means microseconds (pcapng spec),
   * which is what EPBs carry here. */
  put16 (b, linktype);
  put16 (b, 0);
  put32 (b, snaplen);
  put_string_option (b, IF_NAME, name);
  put_string_option (b, IF_DESCRIPTION, description);
  put_option (b, OPT_END, NULL, 0);
  if (!write_block (w, b, error))
    return -1;
  g_array_append_val (w->linktypes, linktype);
  return (gint) w->n_interfaces++;
}

gboolean
wire_pcapng_write_packet (WirePcapngWriter *w, guint32 if_id, gint64 ts_usec,
                          const guint8 *data, gsize caplen, gsize origlen,
                          WireDirection dir, const char *comment, GError **error)
{
  GByteArray *b;
  guint64 ts = (guint64) ts_usec;

  if (if_id >= w->n_interfaces || caplen > G_MAXUINT32 - 64 || (caplen && !data)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                 "pcapng: bad interface %u or record length %" G_GSIZE_FORMAT, if_id, caplen);
    return FALSE;
  }
  b = block_start (BT_EPB);
  put32 (b, if_id);
  put32 (b, (guint32) (ts >> 32));
  put32 (b, (guint32) ts);
  put32 (b, (guint32) caplen);
  put32 (b, (guint32) MAX (origlen, caplen));
  g_byte_array_append (b, data, caplen);
  pad4 (b);
  if (dir != WIRE_DIR_UNKNOWN) {
    guint32 flags = dir; /* bits 0-1: 01 inbound, 10 outbound */
    put_option (b, EPB_FLAGS, &flags, 4);
  }
  put_string_option (b, OPT_COMMENT, comment);
  if (dir != WIRE_DIR_UNKNOWN || (comment && *comment))
    put_option (b, OPT_END, NULL, 0);
  return write_block (w, b, error);
}

/* Writes one tag; the value is zero-padded to 4 bytes and the padding is
 * part of the stated length (see the top of the file). */
static void put_tag (GByteArray *b, guint16 tag, const void *value, gsize len)
{
  static const guint8 zeros[4] = { 0 };
  gsize padded = (len + 3) & ~(gsize) 3;
  guint8 head[4] = { tag >> 8, tag & 0xff, (guint8) (padded >> 8), (guint8) padded };

  g_byte_array_append (b, head, 4);
  if (len)
    g_byte_array_append (b, value, len);
  g_byte_array_append (b, zeros, padded - len);
}

/* A dissector name longer than this is not a name (Wireshark's are short). */
#define MAX_DISSECTOR_NAME 0xfff0

GByteArray *
wire_exported_pdu_build (const char *dissector, WireDirection dir,
                         const guint8 *pdu, gsize len)
{
  GByteArray *b = g_byte_array_sized_new (32 + len);

  put_tag (b, EXP_PDU_TAG_DISSECTOR_NAME, dissector, MIN (strlen (dissector), MAX_DISSECTOR_NAME));
  if (dir != WIRE_DIR_UNKNOWN) {
    guint32 p2p = dir == WIRE_DIR_OUTBOUND ? P2P_DIR_SENT : P2P_DIR_RECV;
    guint8 v[4] = { p2p >> 24, p2p >> 16, p2p >> 8, p2p };
    put_tag (b, EXP_PDU_TAG_P2P_DIRECTION, v, 4);
  }
  put_tag (b, EXP_PDU_TAG_END, NULL, 0);
  if (len)
    g_byte_array_append (b, pdu, len);
  return b;
}

gboolean
wire_exported_pdu_parse (const guint8 *buf, gsize len, char *out_name, gsize name_size,
                         WireDirection *dir, gsize *pdu_offset)
{
  gsize off = 0;

  if (name_size)
    out_name[0] = '\0';
  *dir = WIRE_DIR_UNKNOWN;
  while (len - off >= 4) {
    guint16 tag = (guint16) (buf[off] << 8 | buf[off + 1]);
    guint16 tlen = (guint16) (buf[off + 2] << 8 | buf[off + 3]);

    off += 4;
    if (tag == EXP_PDU_TAG_END) {
      *pdu_offset = off + MIN ((gsize) tlen, len - off);
      return tlen <= len - off;
    }
    if (tlen > len - off)
      return FALSE;
    if (tag == EXP_PDU_TAG_DISSECTOR_NAME && name_size) {
      /* the string may carry trailing NULs; they are not part of the name */
      const guint8 *nul = memchr (buf + off, 0, tlen);
      gsize n = MIN (nul ? (gsize) (nul - (buf + off)) : tlen, name_size - 1);
      memcpy (out_name, buf + off, n);
      out_name[n] = '\0';
    } else if (tag == EXP_PDU_TAG_P2P_DIRECTION && tlen == 4) {
      guint32 v = (guint32) buf[off] << 24 | buf[off + 1] << 16 | buf[off + 2] << 8 | buf[off + 3];
      *dir = v == P2P_DIR_SENT ? WIRE_DIR_OUTBOUND : v == P2P_DIR_RECV ? WIRE_DIR_INBOUND : WIRE_DIR_UNKNOWN;
    }
    /* step over exactly the stated length: tags are not aligned in general */
    off += tlen;
  }
  return FALSE;
}

gboolean
wire_pcapng_write_exported_pdu (WirePcapngWriter *w, guint32 if_id, gint64 ts_usec,
                                const char *dissector, WireDirection dir,
                                const guint8 *pdu, gsize len, const char *comment,
                                GError **error)
{
  GByteArray *b = wire_exported_pdu_build (dissector, dir, pdu, len);
  gboolean ok = wire_pcapng_write_packet (w, if_id, ts_usec, b->data, b->len, b->len, dir,
                                          comment, error);
  g_byte_array_unref (b);
  return ok;
}

gboolean
wire_pcapng_flush (WirePcapngWriter *w, GError **error)
{
  if (fflush (w->fp) != 0) {
    int e = errno ? errno : EIO;
    if (!w->write_errno)
      w->write_errno = e;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
                 "flushing pcapng: %s", g_strerror (e));
    return FALSE;
  }
  if (!w->write_errno)
    w->good_offset = ftello (w->fp);
  return TRUE;
}

gboolean
wire_pcapng_writer_close (WirePcapngWriter *w, GError **error)
{
  gboolean ok;

  if (!w)
    return TRUE;
  ok = wire_pcapng_flush (w, error);
  /* a block lost earlier fails the file even if this flush found nothing */
  if (ok && w->write_errno) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (w->write_errno),
                 "writing pcapng: %s", g_strerror (w->write_errno));
    ok = FALSE;
  }
  /* A full disk can leave part of a block behind; cut the file back to the
   * last block that was flushed whole, so readers see a valid capture. */
  if (w->write_errno && w->good_offset >= 0) {
    struct stat st;
    if (fstat (fileno (w->fp), &st) == 0 && S_ISREG (st.st_mode) &&
        ftruncate (fileno (w->fp), w->good_offset) != 0)
      g_warning ("pcapng: could not cut the file back after a write error: %s", g_strerror (errno));
  }
  if (w->fp != stdout && fclose (w->fp) != 0 && ok) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                 "closing pcapng: %s", g_strerror (errno));
    ok = FALSE;
  }
  g_array_unref (w->linktypes);
  g_free (w);
  return ok;
}
