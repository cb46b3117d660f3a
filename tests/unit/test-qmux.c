/* QMUX framing, QMI headers and TLV iteration against libqmi's layouts. */
#include <string.h>
#include "problem-names.h"
#include "wire-qmux.h"
#include "wire-names.h"

/* DMS Get IDs request on client 1, txn 7: QMUX + 7-byte service header */
static const guint8 get_ids_req[] = { 0x01, 0x0c, 0x00, 0x00, 0x02, 0x01,
                                      0x00, 0x07, 0x00, 0x25, 0x00, 0x00, 0x00 };
/* CTL Allocate CID request, txn 1, TLV 0x01 = 0x02 */
static const guint8 ctl_alloc[] = { 0x01, 0x0f, 0x00, 0x00, 0x00, 0x00,
                                    0x00, 0x01, 0x22, 0x00, 0x04, 0x00, 0x01, 0x01, 0x00, 0x02 };

static const char *qmux_problems_of (guint bit) { return wire_qmux_problem_name ((WireQmuxProblem) bit); }
static const char *qmux_problems (guint bits) { return problem_names (qmux_problems_of, bits); }
static const char *qmi_problems_of (guint bit) { return wire_qmi_problem_name ((WireQmiProblem) bit); }
static const char *qmi_problems (guint bits) { return problem_names (qmi_problems_of, bits); }

static void test_qmux_header (void)
{
  WireQmuxHeader q;
  WireQmiHeader h;
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (get_ids_req, sizeof get_ids_req, &q)), ==, qmux_problems (0));
  g_assert_cmpuint (q.length, ==, 12);
  g_assert_cmpuint (q.service, ==, 2);
  g_assert_cmpuint (q.client_id, ==, 1);
  g_assert_cmpuint (q.sdu_len, ==, 7);
  g_assert_cmpstr (qmi_problems (wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, get_ids_req + 6, q.sdu_len, &h)), ==, qmi_problems (0));
  g_assert_cmpuint (h.kind, ==, WIRE_QMI_REQUEST);
  g_assert_cmpuint (h.txn_id, ==, 7);
  g_assert_cmphex (h.msg_id, ==, 0x25);
  g_assert_cmpuint (h.msg_len, ==, 0);
}

static void test_ctl_header (void)
{
  WireQmuxHeader q;
  WireQmiHeader h;
  WireQmiTlv t;
  gsize off = 0;
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (ctl_alloc, sizeof ctl_alloc, &q)), ==, qmux_problems (0));
  g_assert_cmpstr (qmi_problems (wire_qmi_parse_header (WIRE_QMI_FORM_CTL, ctl_alloc + 6, q.sdu_len, &h)), ==, qmi_problems (0));
  g_assert_cmpuint (h.header_len, ==, 6);
  g_assert_cmpuint (h.txn_id, ==, 1);
  g_assert_cmphex (h.msg_id, ==, 0x22);
  g_assert_cmpuint (h.tlv_len, ==, 4);
  g_assert_true (wire_qmi_tlv_next (ctl_alloc + 12, h.tlv_len, &off, &t, NULL));
  g_assert_cmpuint (t.type, ==, 1);
  g_assert_cmpuint (t.length, ==, 1);
  g_assert_cmpuint (ctl_alloc[12 + t.value_offset], ==, 2);
  g_assert_false (wire_qmi_tlv_next (ctl_alloc + 12, h.tlv_len, &off, &t, NULL));
}

static void test_kinds (void)
{
  static const struct { WireQmiForm form; guint8 flags; WireQmiKind kind; gboolean bad; } cases[] = {
    { WIRE_QMI_FORM_CTL, 0x00, WIRE_QMI_REQUEST, FALSE },
    { WIRE_QMI_FORM_CTL, 0x01, WIRE_QMI_RESPONSE, FALSE },
    { WIRE_QMI_FORM_CTL, 0x02, WIRE_QMI_INDICATION, FALSE },
    { WIRE_QMI_FORM_CTL, 0x04, WIRE_QMI_REQUEST, TRUE },
    { WIRE_QMI_FORM_SERVICE, 0x00, WIRE_QMI_REQUEST, FALSE },
    { WIRE_QMI_FORM_SERVICE, 0x02, WIRE_QMI_RESPONSE, FALSE },
    { WIRE_QMI_FORM_SERVICE, 0x04, WIRE_QMI_INDICATION, FALSE },
    { WIRE_QMI_FORM_SERVICE, 0x03, WIRE_QMI_RESPONSE, FALSE }, /* compound response */
    { WIRE_QMI_FORM_SERVICE, 0x06, WIRE_QMI_INDICATION, TRUE },
    { WIRE_QMI_FORM_SERVICE, 0x80, WIRE_QMI_REQUEST, TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    guint8 m[7] = { cases[i].flags };
    WireQmiHeader h;
    guint p = wire_qmi_parse_header (cases[i].form, m, cases[i].form == WIRE_QMI_FORM_CTL ? 6 : 7, &h);
    g_assert_cmpuint (h.kind, ==, cases[i].kind);
    g_assert_cmpuint ((p & WIRE_QMI_UNKNOWN_FLAGS) != 0, ==, cases[i].bad);
  }
}

static void test_problems (void)
{
  guint8 f[sizeof get_ids_req + 2];
  WireQmuxHeader q;
  WireQmiHeader h;
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (get_ids_req, 5, &q)), ==, qmux_problems (WIRE_QMUX_FATAL_SHORT));
  memcpy (f, get_ids_req, sizeof get_ids_req);
  f[0] = 0x02;
  g_assert_cmpuint (wire_qmux_parse_header (f, sizeof get_ids_req, &q) & WIRE_QMUX_FATAL_IF_TYPE, !=, 0);
  memcpy (f, get_ids_req, sizeof get_ids_req);
  f[1] = 0x40;
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (f, sizeof get_ids_req, &q)), ==, qmux_problems (WIRE_QMUX_LENGTH_BEYOND));
  g_assert_cmpuint (q.sdu_len, ==, 7);
  memcpy (f, get_ids_req, sizeof get_ids_req);
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (f, sizeof f, &q)), ==, qmux_problems (WIRE_QMUX_TRAILING_BYTES));
  f[1] = 2;
  g_assert_cmpuint (wire_qmux_parse_header (f, sizeof f, &q) & WIRE_QMUX_LENGTH_TOO_SMALL, !=, 0);
  g_assert_cmpuint (wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, get_ids_req + 6, 6, &h), ==,
                    WIRE_QMI_FATAL_SHORT);
  memcpy (f, get_ids_req, sizeof get_ids_req);
  f[11] = 9;
  g_assert_cmpstr (qmi_problems (wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, f + 6, 7, &h)), ==, qmi_problems (WIRE_QMI_LENGTH_BEYOND));
  g_assert_cmpuint (h.tlv_len, ==, 0);
  g_assert_cmpuint (wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, get_ids_req + 6, 9, &h), ==,
                    WIRE_QMI_TRAILING_BYTES);
}

static void test_tlv_iteration (void)
{
  /* result TLV, TLV 0x10 of 2 bytes, TLV 0x11 claiming 9 bytes with 3 present */
  static const guint8 tlvs[] = { 0x02, 0x04, 0x00, 0x01, 0x00, 0x1a, 0x00,
                                 0x10, 0x02, 0x00, 0xaa, 0xbb,
                                 0x11, 0x09, 0x00, 0x01, 0x02, 0x03 };
  gsize off = 0;
  gboolean tail;
  WireQmiTlv t;
  guint16 status, error;

  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_cmpuint (t.type, ==, 2);
  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_cmpuint (t.type, ==, 0x10);
  g_assert_cmpuint (t.value_len, ==, 2);
  g_assert_false (t.overrun);
  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_true (t.overrun);
  g_assert_cmpuint (t.length, ==, 9);
  g_assert_cmpuint (t.value_len, ==, 3);
  g_assert_false (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_false (tail);
  off = 0;
  g_assert_true (wire_qmi_tlv_next (tlvs, 9, &off, &t, &tail));
  g_assert_false (wire_qmi_tlv_next (tlvs, 9, &off, &t, &tail));
  g_assert_true (tail); /* 2 stray bytes */
  g_assert_true (wire_qmi_find_result (tlvs, sizeof tlvs, &status, &error));
  g_assert_cmpuint (status, ==, 1);
  g_assert_cmpuint (error, ==, 0x1a);
  g_assert_false (wire_qmi_find_result (tlvs + 7, 5, &status, &error));
}

static void test_builders (void)
{
  GByteArray *tlvs = g_byte_array_new ();
  GByteArray *f;
  guint8 v = 2;
  wire_qmi_append_tlv (tlvs, 0x01, &v, 1);
  f = wire_qmux_build_frame (FALSE, 0, 0, WIRE_QMI_REQUEST, 1, 0x22, tlvs->data, tlvs->len);
  g_assert_cmpmem (f->data, f->len, ctl_alloc, sizeof ctl_alloc);
  g_byte_array_unref (f);
  f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 7, 0x25, NULL, 0);
  g_assert_cmpmem (f->data, f->len, get_ids_req, sizeof get_ids_req);
  g_byte_array_unref (f);
  g_byte_array_unref (tlvs);
  g_assert_cmpstr (wire_qmi_kind_name (WIRE_QMI_INDICATION), ==, "Indication");
  /* a TLV block that would overflow the QMUX u16 length is refused */
  {
    static guint8 big[65535];
    g_test_expect_message ("wire", G_LOG_LEVEL_CRITICAL, "*tlvs_len*");
    g_assert_null (wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 1, big, 65535 - 11));
    g_test_assert_expected_messages ();
    f = wire_qmux_build_frame (FALSE, 2, 1, WIRE_QMI_REQUEST, 1, 1, big, 65535 - 12);
    g_assert_cmpuint (f->len, ==, 65536);
    g_byte_array_unref (f);
  }
}

static void test_qrtr_form (void)
{
  /* QMI over QRTR: the same 7-byte header, type byte 2 = response, then the
   * result TLV (success) -- no QMUX header, no client id */
  static const guint8 msg[] = { 0x02, 0x34, 0x12, 0x20, 0x00, 0x07, 0x00,
                                0x02, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00 };
  WireQmiHeader h;
  guint16 status = 9, error = 9;
  GByteArray *b;

  g_assert_cmpstr (qmi_problems (wire_qmi_parse_header (WIRE_QMI_FORM_SERVICE, msg, sizeof msg, &h)), ==, qmi_problems (0));
  g_assert_cmpuint (h.form, ==, WIRE_QMI_FORM_SERVICE);
  g_assert_cmpuint (h.kind, ==, WIRE_QMI_RESPONSE);
  g_assert_false (h.compound);
  g_assert_cmphex (h.txn_id, ==, 0x1234);
  g_assert_cmphex (h.msg_id, ==, 0x20);
  g_assert_cmpuint (h.header_len, ==, 7);
  g_assert_cmpuint (h.tlv_len, ==, 7);
  g_assert_true (wire_qmi_find_result (msg + 7, h.tlv_len, &status, &error));
  g_assert_cmpuint (status, ==, 0);
  g_assert_cmpuint (error, ==, 0);
  b = wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, WIRE_QMI_RESPONSE, 0x1234, 0x20, msg + 7, 7);
  g_assert_cmpmem (b->data, b->len, msg, sizeof msg);
  g_byte_array_unref (b);
}

static void test_builder_vectors (void)
{
  /* NAS indication 0x0024 from the service to broadcast client 0xff, txn 0 */
  static const guint8 nas_ind[] = { 0x01, 0x0c, 0x00, 0x80, 0x03, 0xff,
                                    0x04, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00 };
  /* CTL Allocate CID response, txn 1: result success, TLV 0x01 {service 2, cid 5} */
  static const guint8 ctl_resp[] = { 0x01, 0x17, 0x00, 0x80, 0x00, 0x00,
                                     0x01, 0x01, 0x22, 0x00, 0x0c, 0x00,
                                     0x02, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
                                     0x01, 0x02, 0x00, 0x02, 0x05 };
  static const guint8 result_ok[4] = { 0 };
  static const guint8 alloc[2] = { 0x02, 0x05 };
  GByteArray *tlvs = g_byte_array_new ();
  GByteArray *f;
  WireQmuxHeader q;
  WireQmiHeader h;

  f = wire_qmux_build_frame (TRUE, 3, WIRE_QMI_CLIENT_BROADCAST, WIRE_QMI_INDICATION, 0, 0x24, NULL, 0);
  g_assert_cmpmem (f->data, f->len, nas_ind, sizeof nas_ind);
  g_byte_array_unref (f);

  wire_qmi_append_tlv (tlvs, WIRE_QMI_TLV_RESULT, result_ok, 4);
  wire_qmi_append_tlv (tlvs, 0x01, alloc, 2);
  f = wire_qmux_build_frame (TRUE, 0, 0, WIRE_QMI_RESPONSE, 1, 0x22, tlvs->data, tlvs->len);
  g_assert_cmpmem (f->data, f->len, ctl_resp, sizeof ctl_resp);
  g_assert_cmpstr (qmux_problems (wire_qmux_parse_header (f->data, f->len, &q)), ==, qmux_problems (0));
  g_assert_cmphex (q.flags, ==, WIRE_QMUX_FLAG_SERVICE);
  g_assert_cmpstr (qmi_problems (wire_qmi_parse_header (WIRE_QMI_FORM_CTL, f->data + 6, q.sdu_len, &h)), ==, qmi_problems (0));
  g_assert_cmpuint (h.kind, ==, WIRE_QMI_RESPONSE);
  g_byte_array_unref (f);
  g_byte_array_unref (tlvs);

  /* CTL txn is one byte: the builder keeps the low byte */
  f = wire_qmi_build_message (WIRE_QMI_FORM_CTL, WIRE_QMI_REQUEST, 0x1ff, 0x21, NULL, 0);
  g_assert_cmpuint (f->len, ==, 6);
  g_assert_cmphex (f->data[1], ==, 0xff);
  g_byte_array_unref (f);

  /* a kind that names no header flag is refused */
  g_test_expect_message ("wire", G_LOG_LEVEL_CRITICAL, "*kind*");
  g_assert_null (wire_qmi_build_message (WIRE_QMI_FORM_SERVICE, (WireQmiKind) 3, 0, 0, NULL, 0));
  g_test_assert_expected_messages ();
  g_assert_cmpstr (wire_qmi_kind_name (WIRE_QMI_REQUEST), ==, "Request");
  g_assert_cmpstr (wire_qmi_kind_name (WIRE_QMI_RESPONSE), ==, "Response");
  g_assert_cmpstr (wire_qmi_kind_name ((WireQmiKind) 7), ==, "Unknown");
}

/* One name per problem bit, the words the plugin and qrtr-capture share. */
static void test_problem_names (void)
{
  g_assert_cmpstr (wire_qmux_problem_name (WIRE_QMUX_FATAL_SHORT), ==, "QMUX header truncated");
  g_assert_cmpstr (wire_qmux_problem_name (WIRE_QMUX_FATAL_IF_TYPE), ==, "Interface type is not 0x01 (QMUX)");
  g_assert_cmpstr (wire_qmux_problem_name (WIRE_QMUX_LENGTH_BEYOND), ==, "QMUX length runs past the frame");
  g_assert_cmpstr (wire_qmux_problem_name (WIRE_QMUX_TRAILING_BYTES), ==, "Bytes after the QMUX length");
  g_assert_cmpstr (wire_qmux_problem_name (WIRE_QMUX_LENGTH_TOO_SMALL), ==, "QMUX length smaller than its own header");
  g_assert_cmpuint (1u << (WIRE_QMUX_N_PROBLEMS - 1), ==, WIRE_QMUX_LENGTH_TOO_SMALL);
  g_assert_cmpstr (wire_qmux_problem_name (1u << WIRE_QMUX_N_PROBLEMS), ==, "unknown problem");

  g_assert_cmpstr (wire_qmi_problem_name (WIRE_QMI_FATAL_SHORT), ==, "QMI header truncated");
  g_assert_cmpstr (wire_qmi_problem_name (WIRE_QMI_LENGTH_BEYOND), ==, "Message length runs past the frame");
  g_assert_cmpstr (wire_qmi_problem_name (WIRE_QMI_TRAILING_BYTES), ==, "Bytes after the message length");
  g_assert_cmpstr (wire_qmi_problem_name (WIRE_QMI_UNKNOWN_FLAGS), ==, "Flag bits that name no message type");
  g_assert_cmpuint (1u << (WIRE_QMI_N_PROBLEMS - 1), ==, WIRE_QMI_UNKNOWN_FLAGS);
  g_assert_cmpstr (wire_qmi_problem_name (1u << WIRE_QMI_N_PROBLEMS), ==, "unknown problem");
}

static void test_tlv_edges (void)
{
  static const guint8 tlvs[] = { 0x10, 0x00, 0x00,              /* empty value */
                                 0x11, 0x01, 0x00, 0x7f,        /* one byte */
                                 0x12, 0xff, 0xff };            /* claims 65535, has 0 */
  gsize off = 0;
  gboolean tail = TRUE;
  WireQmiTlv t;
  guint16 status, error;
  static const guint8 short_result[] = { 0x02, 0x02, 0x00, 0x01, 0x00 };

  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_false (tail);
  g_assert_cmpuint (t.type, ==, 0x10);
  g_assert_cmpuint (t.length, ==, 0);
  g_assert_cmpuint (t.value_len, ==, 0);
  g_assert_cmpuint (t.offset, ==, 0);
  g_assert_cmpuint (t.value_offset, ==, 3);
  g_assert_cmpuint (off, ==, 3);
  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_cmpuint (t.value_len, ==, 1);
  g_assert_cmpuint (off, ==, 7);
  g_assert_true (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_true (t.overrun);
  g_assert_cmpuint (t.length, ==, 0xffff);
  g_assert_cmpuint (t.value_len, ==, 0);
  g_assert_cmpuint (off, ==, sizeof tlvs);
  g_assert_false (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, &tail));
  g_assert_false (tail);

  /* empty input, an offset past the end, and a NULL short_tail */
  off = 0;
  g_assert_false (wire_qmi_tlv_next (tlvs, 0, &off, &t, &tail));
  off = 100;
  g_assert_false (wire_qmi_tlv_next (tlvs, sizeof tlvs, &off, &t, NULL));
  off = 0;
  g_assert_false (wire_qmi_tlv_next (tlvs, 1, &off, &t, NULL));
  g_assert_cmpuint (off, ==, 1);

  /* a result TLV too short to hold status and error is not a result */
  g_assert_false (wire_qmi_find_result (short_result, sizeof short_result, &status, &error));
  g_assert_false (wire_qmi_find_result (NULL, 0, &status, &error));
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qmux/header", test_qmux_header);
  g_test_add_func ("/qmux/ctl-header", test_ctl_header);
  g_test_add_func ("/qmux/kinds", test_kinds);
  g_test_add_func ("/qmux/problems", test_problems);
  g_test_add_func ("/qmux/tlv-iteration", test_tlv_iteration);
  g_test_add_func ("/qmux/builders", test_builders);
  g_test_add_func ("/qmux/qrtr-form", test_qrtr_form);
  g_test_add_func ("/qmux/builder-vectors", test_builder_vectors);
  g_test_add_func ("/qmux/tlv-edges", test_tlv_edges);
  g_test_add_func ("/qmux/problem-names", test_problem_names);
  return g_test_run ();
}
