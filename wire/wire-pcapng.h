/* A small pcapng writer (libpcap 1.10's pcap_dump writes classic pcap only):
 * one interface block per source, Exported PDU records naming our
 * dissectors, usbmon records, direction flags and comments. Every block is
 * written whole with a single fwrite, and the file is valid after each
 * block, so a crash or full disk never leaves half a block behind unnoticed. */
#pragma once

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

#define WIRE_LINKTYPE_USB_LINUX 189        /* usbmon, 48-byte header */
#define WIRE_LINKTYPE_USB_LINUX_MMAPPED 220 /* usbmon, 64-byte header */
#define WIRE_LINKTYPE_WIRESHARK_UPPER_PDU 252 /* Exported PDU */
#define WIRE_LINKTYPE_USER0 147

/* pcapng EPB flags direction bits */
typedef enum {
  WIRE_DIR_UNKNOWN = 0,
  WIRE_DIR_INBOUND = 1,   /* towards the host / received */
  WIRE_DIR_OUTBOUND = 2,  /* from the host / sent */
} WireDirection;

typedef struct _WirePcapngWriter WirePcapngWriter;

/* Takes over fp (closes it on free unless it is stdout). application is
 * written in the section header (shb_userappl). */
WirePcapngWriter *wire_pcapng_writer_new (FILE *fp, const char *application, GError **error);
/* Opens path ("-" = stdout) for writing, with fopen's defaults (0666 less
 * the umask): for generated test and benchmark files. Capture tools use
 * wire_pcapng_writer_create. */
WirePcapngWriter *wire_pcapng_writer_open (const char *path, const char *application,
                                           GError **error);

typedef enum {
  /* create, or truncate an existing file (keeping its mode); a symbolic
   * link is followed, as tcpdump's -w does */
  WIRE_PCAPNG_REPLACE,
  /* create only: an existing file or a symbolic link at path is refused
   * (O_EXCL|O_NOFOLLOW), for files made in folders others may write to */
  WIRE_PCAPNG_EXCLUSIVE,
} WirePcapngCreate;

/* Opens a capture file ("-" = stdout): a new file is created 0600, since
 * captures hold IMSI-class data; the descriptor is close-on-exec. */
WirePcapngWriter *wire_pcapng_writer_create (const char *path, WirePcapngCreate how,
                                             const char *application, GError **error);
/* Adds an interface; returns its id (0, 1, ...), or -1 on write error. */
gint wire_pcapng_add_interface (WirePcapngWriter *w, guint16 linktype, guint32 snaplen,
                                const char *name, const char *description, GError **error);
/* ts in microseconds since the epoch. comment may be NULL. */
gboolean wire_pcapng_write_packet (WirePcapngWriter *w, guint32 if_id, gint64 ts_usec,
                                   const guint8 *data, gsize caplen, gsize origlen,
                                   WireDirection dir, const char *comment, GError **error);
/* Wraps pdu in Exported PDU tags (dissector name, direction) and writes it on
 * an interface of linktype 252. */
gboolean wire_pcapng_write_exported_pdu (WirePcapngWriter *w, guint32 if_id, gint64 ts_usec,
                                         const char *dissector, WireDirection dir,
                                         const guint8 *pdu, gsize len, const char *comment,
                                         GError **error);
gboolean wire_pcapng_flush (WirePcapngWriter *w, GError **error);
/* Flushes and closes; FALSE if the final flush/close failed. */
gboolean wire_pcapng_writer_close (WirePcapngWriter *w, GError **error);

/* Builds the Exported PDU tag header + pdu (for tests and other writers). */
GByteArray *wire_exported_pdu_build (const char *dissector, WireDirection dir,
                                     const guint8 *pdu, gsize len);
/* Parses an Exported PDU record: dissector name (into out_name, NUL-terminated,
 * truncated to name_size), direction, and the offset of the PDU. FALSE when
 * the tags are malformed. */
gboolean wire_exported_pdu_parse (const guint8 *buf, gsize len, char *out_name, gsize name_size,
                                  WireDirection *dir, gsize *pdu_offset);

G_END_DECLS
