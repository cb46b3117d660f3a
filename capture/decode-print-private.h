/* Between the frame decoder (decode-print.c) and its two printers
 * (print-text.c, print-json.c): what was found in one frame, handed over in
 * the order it is printed. */
#pragma once

#include <glib.h>
#include "decode-print.h"
#include "wire-json-writer.h"
#include "wire-qmux.h"
#include "wire-qrtr.h"

/* The frame being printed. */
typedef struct {
  GString *out;
  WireJsonWriter json; /* the JSON printer's, open from the header to end */
  guint32 frame;
  gint64 ts_usec;
  WireDirection dir;
  const WireRegistry *reg;  /* the schemas: names of services, errors, CTL messages */
} PrintFrame;

/* One QMI message, looked up in the schemas. */
typedef struct {
  const WireService *svc;   /* NULL: no schema for the service */
  guint32 service_id;
  const char *service_name; /* from the name tables, NULL when unknown */
  const WireQmiHeader *h;
  const guint8 *tlvs;       /* h->tlv_len bytes */
  const WireMessage *msg;   /* NULL: not in the schemas */
  const char *title;        /* msg's title, or the CTL message's name; NULL */
  gboolean has_result;
  guint16 status, error;
  const char *unknown;      /* when !msg: why its TLVs are not decoded */
} PrintQmi;

/* A printer: the decoder calls these in order, header first, end last. */
typedef struct {
  void (*qmux_header) (PrintFrame *f, const WireQmuxHeader *q);
  void (*qrtr_header) (PrintFrame *f, const WireQrtrHeader *h);
  /* the header (or the QMI header) cannot be read: nothing follows but end */
  void (*fatal) (PrintFrame *f, const char *why);
  /* the header's problems that still let the frame be decoded (n > 0), in
   * wire/'s words; key: the JSON member ("qmux_problems", "qrtr_problems") */
  void (*header_problems) (PrintFrame *f, const char *key, const char *const *what, guint n);
  /* ctrl NULL: the control packet is too short to hold a command (the
   * problem line is printed before) */
  void (*control) (PrintFrame *f, const WireQrtrHeader *h, const WireQrtrCtrl *ctrl);
  void (*tftp) (PrintFrame *f, guint16 opcode, gsize len);
  /* a DATA packet whose service is not known */
  void (*unresolved) (PrintFrame *f);
  void (*qmi) (PrintFrame *f, const PrintQmi *m);
  void (*end) (PrintFrame *f);
} Printer;

extern const Printer print_text;
extern const Printer print_json;

/* The bytes as lower-case hex, no separators. */
void print_hex (GString *out, const guint8 *p, gsize n);
/* A QRTR address as both printers write it: "0:3", "1:ctrl", "bcast:ctrl". */
gchar *print_qrtr_address (guint32 node, guint32 port);
