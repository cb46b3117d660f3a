/* QRTR header and control packet parsing against byte vectors laid out as
 * the kernel's struct qrtr_hdr_v1 / qrtr_hdr_v2 / qrtr_ctrl_pkt. */
#include <string.h>
#include "problem-names.h"
#include "wire-qrtr.h"

/* v1 DATA 1:0x4001 -> 0:3, size 5, confirm_rx, payload "hello" + 3 pad */
static const guint8 v1_data[] = {
  0x01, 0, 0, 0, 0x01, 0, 0, 0, 0x01, 0, 0, 0, 0x01, 0x40, 0, 0,
  0x01, 0, 0, 0, 0x05, 0, 0, 0, 0x00, 0, 0, 0, 0x03, 0, 0, 0,
  'h', 'e', 'l', 'l', 'o', 0, 0, 0,
};

/* v2 NEW_SERVER from 0:0xfffe to 1:0xfffe, size 20 */
static const guint8 v2_ctrl[] = {
  0x03, 0x04, 0x01, 0x00, 0x14, 0, 0, 0, 0x00, 0x00, 0xfe, 0xff, 0x01, 0x00, 0xfe, 0xff,
  0x04, 0, 0, 0, 0x02, 0, 0, 0, 0x01, 0x02, 0, 0, 0x00, 0, 0, 0, 0x03, 0, 0, 0,
};

static const char *qrtr_problems_of (guint bit) { return wire_qrtr_problem_name ((WireQrtrProblem) bit); }
static const char *qrtr_problems (guint bits) { return problem_names (qrtr_problems_of, bits); }

static void test_v1 (void)
{
  WireQrtrHeader h;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v1_data, sizeof v1_data, &h)), ==, qrtr_problems (0));
  g_assert_cmpuint (h.version, ==, 1);
  g_assert_cmpuint (h.type, ==, WIRE_QRTR_TYPE_DATA);
  g_assert_cmpuint (h.src_node, ==, 1);
  g_assert_cmphex (h.src_port, ==, 0x4001);
  g_assert_cmpuint (h.dst_node, ==, 0);
  g_assert_cmpuint (h.dst_port, ==, 3);
  g_assert_true (h.confirm_rx);
  g_assert_cmpuint (h.size, ==, 5);
  g_assert_cmpuint (h.header_len, ==, 32);
  g_assert_cmpuint (h.payload_len, ==, 5);
  g_assert_cmpuint (h.frame_len, ==, 40);
}

static void test_v2_and_port_widening (void)
{
  WireQrtrHeader h;
  WireQrtrCtrl c;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v2_ctrl, sizeof v2_ctrl, &h)), ==, qrtr_problems (0));
  g_assert_cmpuint (h.version, ==, 3);
  g_assert_cmpuint (h.type, ==, WIRE_QRTR_TYPE_NEW_SERVER);
  g_assert_true (h.confirm_rx);
  g_assert_cmphex (h.flags, ==, 1);
  g_assert_cmphex (h.src_port, ==, WIRE_QRTR_PORT_CTRL);
  g_assert_cmphex (h.dst_port, ==, WIRE_QRTR_PORT_CTRL);
  g_assert_cmpuint (h.dst_node, ==, 1);
  g_assert_cmpuint (h.header_len, ==, 16);
  g_assert_true (wire_qrtr_parse_ctrl (v2_ctrl + 16, 20, &c));
  g_assert_cmpuint (c.form, ==, WIRE_QRTR_CTRL_FORM_SERVER);
  g_assert_cmpuint (c.service, ==, 2);
  g_assert_cmpuint (c.version, ==, 1);
  g_assert_cmpuint (c.instance_id, ==, 2);
  g_assert_cmpuint (c.port, ==, 3);
  g_assert_false (c.end_of_list);
}

static void test_v2_optlen (void)
{
  guint8 f[16 + 4 + 4] = { 0x03, 0x09, 0, 4, 4, 0, 0, 0, 1, 0, 0xfe, 0xff, 0, 0, 0xfe, 0xff,
                           0xaa, 0xbb, 0xcc, 0xdd, 9, 0, 0, 0 };
  WireQrtrHeader h;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, sizeof f, &h)), ==, qrtr_problems (0));
  g_assert_cmpuint (h.optlen, ==, 4);
  g_assert_cmpuint (h.header_len, ==, 20);
  g_assert_cmpuint (h.payload_len, ==, 4);
  f[3] = 40;
  g_assert_cmpuint (wire_qrtr_parse_header (f, sizeof f, &h) & WIRE_QRTR_OPTLEN_BEYOND_FRAME, !=, 0);
}

static void test_problems (void)
{
  guint8 f[sizeof v1_data + 4];
  WireQrtrHeader h;

  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v1_data, 20, &h)), ==, qrtr_problems (WIRE_QRTR_FATAL_SHORT));
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v1_data, 0, &h)), ==, qrtr_problems (WIRE_QRTR_FATAL_SHORT));
  memcpy (f, v1_data, sizeof v1_data);
  f[0] = 2;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, sizeof v1_data, &h)), ==, qrtr_problems (WIRE_QRTR_FATAL_VERSION));
  memcpy (f, v1_data, sizeof v1_data);
  f[20] = 0;
  g_assert_cmpuint (wire_qrtr_parse_header (f, 32, &h) & WIRE_QRTR_SIZE_ZERO, !=, 0);
  memcpy (f, v1_data, sizeof v1_data);
  f[20] = 100;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, sizeof v1_data, &h)), ==, qrtr_problems (WIRE_QRTR_SIZE_BEYOND_FRAME));
  g_assert_cmpuint (h.payload_len, ==, 8);
  memcpy (f, v1_data, sizeof v1_data);
  f[38] = 0x55;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, sizeof v1_data, &h)), ==, qrtr_problems (WIRE_QRTR_BAD_PADDING));
  memcpy (f, v1_data, sizeof v1_data);
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, sizeof f, &h)), ==, qrtr_problems (WIRE_QRTR_TRAILING_BYTES));
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v1_data, 37, &h)), ==, qrtr_problems (WIRE_QRTR_PADDING_MISSING));
}

static void test_build_roundtrip (void)
{
  GByteArray *f = wire_qrtr_build_frame (1, WIRE_QRTR_TYPE_DATA, 1, 0x4001, 0, 3, TRUE,
                                         (const guint8 *) "hello", 5);
  g_assert_cmpmem (f->data, f->len, v1_data, sizeof v1_data);
  g_byte_array_unref (f);
  f = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_NEW_SERVER, 0, WIRE_QRTR_PORT_CTRL, 1,
                             WIRE_QRTR_PORT_CTRL, TRUE, v2_ctrl + 16, 20);
  g_assert_cmpmem (f->data, f->len, v2_ctrl, sizeof v2_ctrl);
  g_byte_array_unref (f);
}

static void test_ctrl_forms (void)
{
  static const struct { guint32 cmd; WireQrtrCtrlForm form; } forms[] = {
    { WIRE_QRTR_TYPE_HELLO, WIRE_QRTR_CTRL_FORM_NONE }, { WIRE_QRTR_TYPE_BYE, WIRE_QRTR_CTRL_FORM_NONE },
    { WIRE_QRTR_TYPE_NEW_SERVER, WIRE_QRTR_CTRL_FORM_SERVER },
    { WIRE_QRTR_TYPE_DEL_SERVER, WIRE_QRTR_CTRL_FORM_SERVER },
    { WIRE_QRTR_TYPE_DEL_CLIENT, WIRE_QRTR_CTRL_FORM_CLIENT },
    { WIRE_QRTR_TYPE_RESUME_TX, WIRE_QRTR_CTRL_FORM_CLIENT },
    { WIRE_QRTR_TYPE_EXIT, WIRE_QRTR_CTRL_FORM_NONE }, { WIRE_QRTR_TYPE_PING, WIRE_QRTR_CTRL_FORM_NONE },
    { WIRE_QRTR_TYPE_NEW_LOOKUP, WIRE_QRTR_CTRL_FORM_SERVER },
    { WIRE_QRTR_TYPE_DEL_LOOKUP, WIRE_QRTR_CTRL_FORM_SERVER },
    { WIRE_QRTR_TYPE_DEL_PROC, WIRE_QRTR_CTRL_FORM_CLIENT },
  };
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++) {
    WireQrtrCtrl in = { .cmd = forms[i].cmd, .service = 7, .instance = 0x0301, .node = 5, .port = 9 };
    WireQrtrCtrl out;
    guint8 pkt[20];
    g_assert_cmpuint (wire_qrtr_ctrl_form (forms[i].cmd), ==, forms[i].form);
    g_assert_cmpuint (wire_qrtr_build_ctrl (&in, pkt, sizeof pkt), ==, 20);
    g_assert_true (wire_qrtr_parse_ctrl (pkt, sizeof pkt, &out));
    g_assert_cmpuint (out.cmd, ==, forms[i].cmd);
    g_assert_nonnull (wire_qrtr_type_name (forms[i].cmd));
    if (forms[i].form == WIRE_QRTR_CTRL_FORM_SERVER) {
      g_assert_cmpuint (out.service, ==, 7);
      g_assert_cmpuint (out.version, ==, 1);
      g_assert_cmpuint (out.instance_id, ==, 3);
    }
    if (forms[i].form != WIRE_QRTR_CTRL_FORM_NONE) {
      g_assert_cmpuint (out.node, ==, 5);
      g_assert_cmpuint (out.port, ==, 9);
    }
  }
  g_assert_null (wire_qrtr_type_name (12));
}

static void test_ctrl_special (void)
{
  WireQrtrCtrl c;
  guint8 eol[20] = { 4 };
  guint8 diag[20] = { 4, 0, 0, 0, 0x01, 0x10, 0, 0, 0x45, 0x23, 0x01, 0, 0, 0, 0, 0, 18 };
  g_assert_true (wire_qrtr_parse_ctrl (eol, 20, &c));
  g_assert_true (c.end_of_list);
  g_assert_true (wire_qrtr_parse_ctrl (diag, 20, &c));
  g_assert_cmpuint (c.service, ==, 4097);
  g_assert_cmphex (c.instance_id, ==, 0x12345); /* DIAG keeps the raw instance */
  g_assert_cmpuint (c.version, ==, 0);
  g_assert_true (wire_qrtr_parse_ctrl (diag, 8, &c));
  g_assert_true (c.short_payload);
  g_assert_cmpuint (c.port, ==, 0);
  g_assert_false (wire_qrtr_parse_ctrl (diag, 3, &c));
}

static void test_v2_build_vectors (void)
{
  /* v2 DATA 1:0x4002 -> 0:0x1b, no confirm_rx, 6-byte payload + 2 pad */
  static const guint8 v2_data[] = {
    0x03, 0x01, 0x00, 0x00, 0x06, 0, 0, 0, 0x01, 0x00, 0x02, 0x40, 0x00, 0x00, 0x1b, 0x00,
    0x00, 0x01, 0x00, 0x20, 0x00, 0x00, 0, 0,
  };
  /* v2 HELLO from node 7 broadcast: node BCAST narrows to 0xffff on the wire */
  static const guint8 v2_hello[] = {
    0x03, 0x02, 0x00, 0x00, 0x14, 0, 0, 0, 0x07, 0x00, 0xfe, 0xff, 0xff, 0xff, 0xfe, 0xff,
    0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  };
  WireQrtrHeader h;
  WireQrtrCtrl hello = { .cmd = WIRE_QRTR_TYPE_HELLO };
  guint8 pkt[20], out[40];
  GByteArray *f;

  f = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_DATA, 1, 0x4002, 0, 0x1b, FALSE, v2_data + 16, 6);
  g_assert_cmpmem (f->data, f->len, v2_data, sizeof v2_data);
  g_byte_array_unref (f);
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v2_data, sizeof v2_data, &h)), ==, qrtr_problems (0));
  g_assert_false (h.confirm_rx);
  g_assert_cmpuint (h.size, ==, 6);
  g_assert_cmpuint (h.frame_len, ==, 24);
  g_assert_cmpuint (h.payload_len, ==, 6);

  g_assert_cmpuint (wire_qrtr_build_ctrl (&hello, pkt, sizeof pkt), ==, 20);
  f = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_HELLO, 7, WIRE_QRTR_PORT_CTRL, WIRE_QRTR_NODE_BCAST,
                             WIRE_QRTR_PORT_CTRL, FALSE, pkt, sizeof pkt);
  g_assert_cmpmem (f->data, f->len, v2_hello, sizeof v2_hello);
  g_byte_array_unref (f);
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (v2_hello, sizeof v2_hello, &h)), ==, qrtr_problems (0));
  g_assert_cmphex (h.dst_node, ==, 0xffff); /* nodes are not widened, only port 0xfffe */
  g_assert_cmphex (h.dst_port, ==, WIRE_QRTR_PORT_CTRL);

  /* header builder: too little room, and v2 optional headers are not written */
  h.version = 3;
  h.optlen = 0;
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, 15), ==, 0);
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, 16), ==, 16);
  h.optlen = 4;
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, sizeof out), ==, 0);
  h.version = 1;
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, 31), ==, 0);
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, 32), ==, 32);
  h.version = 2;
  g_assert_cmpuint (wire_qrtr_build_header (&h, out, sizeof out), ==, 0);
}

static void test_v2_problems (void)
{
  guint8 f[16 + 8 + 4];
  WireQrtrHeader h;
  GByteArray *good = wire_qrtr_build_frame (3, WIRE_QRTR_TYPE_DATA, 1, 0x4000, 0, 5, FALSE,
                                            (const guint8 *) "abcde", 5);

  g_assert_cmpuint (good->len, ==, 24);
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (good->data, 15, &h)), ==, qrtr_problems (WIRE_QRTR_FATAL_SHORT));
  memcpy (f, good->data, 24);
  f[4] = 0; /* size 0: invalid, and then the 8 bytes after the header are trailing */
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_SIZE_ZERO | WIRE_QRTR_TRAILING_BYTES));
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 16, &h)), ==, qrtr_problems (WIRE_QRTR_SIZE_ZERO));
  memcpy (f, good->data, 24);
  f[4] = 9;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_SIZE_BEYOND_FRAME));
  g_assert_cmpuint (h.payload_len, ==, 8);
  g_assert_cmpuint (h.frame_len, ==, 28);
  memcpy (f, good->data, 24);
  f[23] = 1;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_BAD_PADDING));
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (good->data, 22, &h)), ==, qrtr_problems (WIRE_QRTR_PADDING_MISSING));
  memcpy (f, good->data, 24);
  f[24] = 0;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 25, &h)), ==, qrtr_problems (WIRE_QRTR_TRAILING_BYTES));
  memcpy (f, good->data, 24);
  f[3] = 9; /* 16 + 9 > 24 */
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_OPTLEN_BEYOND_FRAME));
  g_assert_cmpuint (h.header_len, ==, 25);
  g_assert_cmpuint (h.payload_len, ==, 0);
  f[4] = 0;
  g_assert_cmpuint (wire_qrtr_parse_header (f, 24, &h), ==,
                    WIRE_QRTR_OPTLEN_BEYOND_FRAME | WIRE_QRTR_SIZE_ZERO);
  /* the largest size must not wrap the frame length */
  memcpy (f, good->data, 24);
  f[4] = f[5] = f[6] = f[7] = 0xff;
  g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_SIZE_BEYOND_FRAME));
  g_assert_cmpuint (h.frame_len, ==, 16 + (gsize) 0x100000000);
  /* any first byte but 1 and 3 is fatal */
  for (guint v = 0; v < 256; v++) {
    if (v == 1 || v == 3)
      continue;
    f[0] = (guint8) v;
    g_assert_cmpstr (qrtr_problems (wire_qrtr_parse_header (f, 24, &h)), ==, qrtr_problems (WIRE_QRTR_FATAL_VERSION));
  }
  g_byte_array_unref (good);
}

/* One name per problem bit, the words the plugin and qrtr-capture share. */
static void test_problem_names (void)
{
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_FATAL_SHORT), ==, "QRTR header truncated");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_FATAL_VERSION), ==, "Unknown QRTR version (1 and 3 exist)");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_SIZE_ZERO), ==, "Size 0 (the kernel drops such frames)");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_SIZE_BEYOND_FRAME), ==, "Size runs past the frame");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_OPTLEN_BEYOND_FRAME), ==, "Optional header runs past the frame");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_BAD_PADDING), ==, "Non-zero padding bytes");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_TRAILING_BYTES), ==, "Bytes after the padded payload");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_PADDING_MISSING), ==, "Frame ends before its 4-byte alignment");
  /* the last bit is the last named one */
  g_assert_cmpuint (1u << (WIRE_QRTR_N_PROBLEMS - 1), ==, WIRE_QRTR_PADDING_MISSING);
  g_assert_cmpstr (wire_qrtr_problem_name (1u << WIRE_QRTR_N_PROBLEMS), ==, "unknown problem");
  g_assert_cmpstr (wire_qrtr_problem_name (WIRE_QRTR_SIZE_ZERO | WIRE_QRTR_BAD_PADDING), ==, "unknown problem");
}

static void test_ctrl_vectors (void)
{
  /* NEW_SERVER { service 15 (test), version 2 instance 1, node 1, port 0x4001 } */
  static const guint8 server[20] = { 0x04, 0, 0, 0, 0x0f, 0, 0, 0, 0x02, 0x01, 0, 0,
                                     0x01, 0, 0, 0, 0x01, 0x40, 0, 0 };
  /* DEL_CLIENT { node 1, port 0x4001 }, the rest zero */
  static const guint8 client[20] = { 0x06, 0, 0, 0, 0x01, 0, 0, 0, 0x01, 0x40, 0, 0 };
  /* BYE: cmd only, even if the struct carries other fields */
  static const guint8 bye[20] = { 0x03 };
  WireQrtrCtrl c = { .cmd = WIRE_QRTR_TYPE_NEW_SERVER, .service = 15, .instance = 0x0102,
                     .node = 1, .port = 0x4001 };
  guint8 pkt[20];

  g_assert_cmpuint (wire_qrtr_build_ctrl (&c, pkt, 19), ==, 0);
  g_assert_cmpuint (wire_qrtr_build_ctrl (&c, pkt, sizeof pkt), ==, 20);
  g_assert_cmpmem (pkt, 20, server, 20);
  c.cmd = WIRE_QRTR_TYPE_DEL_CLIENT;
  g_assert_cmpuint (wire_qrtr_build_ctrl (&c, pkt, sizeof pkt), ==, 20);
  g_assert_cmpmem (pkt, 20, client, 20);
  c.cmd = WIRE_QRTR_TYPE_BYE;
  g_assert_cmpuint (wire_qrtr_build_ctrl (&c, pkt, sizeof pkt), ==, 20);
  g_assert_cmpmem (pkt, 20, bye, 20);

  g_assert_true (wire_qrtr_parse_ctrl (client, 20, &c));
  g_assert_cmpuint (c.form, ==, WIRE_QRTR_CTRL_FORM_CLIENT);
  g_assert_cmpuint (c.node, ==, 1);
  g_assert_cmphex (c.port, ==, 0x4001);
  g_assert_cmpuint (c.service, ==, 0);
  g_assert_false (c.end_of_list);
  g_assert_true (wire_qrtr_parse_ctrl (bye, 4, &c));
  g_assert_cmpuint (c.form, ==, WIRE_QRTR_CTRL_FORM_NONE);
  g_assert_true (c.short_payload);
  /* an unknown command carries cmd only; a longer payload reads 20 bytes */
  g_assert_cmpuint (wire_qrtr_ctrl_form (12), ==, WIRE_QRTR_CTRL_FORM_NONE);
  g_assert_cmpuint (wire_qrtr_ctrl_form (G_MAXUINT32), ==, WIRE_QRTR_CTRL_FORM_NONE);
  {
    guint8 longer[24];
    memcpy (longer, server, 20);
    memset (longer + 20, 0xee, 4);
    g_assert_true (wire_qrtr_parse_ctrl (longer, sizeof longer, &c));
    g_assert_false (c.short_payload);
    g_assert_cmphex (c.port, ==, 0x4001);
  }
  /* end of list is NEW_SERVER only: an all-zero DEL_SERVER is not */
  {
    guint8 del0[20] = { 0x05 };
    g_assert_true (wire_qrtr_parse_ctrl (del0, 20, &c));
    g_assert_false (c.end_of_list);
  }
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/qrtr/v1", test_v1);
  g_test_add_func ("/qrtr/v2-port-widening", test_v2_and_port_widening);
  g_test_add_func ("/qrtr/v2-optlen", test_v2_optlen);
  g_test_add_func ("/qrtr/problems", test_problems);
  g_test_add_func ("/qrtr/build-roundtrip", test_build_roundtrip);
  g_test_add_func ("/qrtr/ctrl-forms", test_ctrl_forms);
  g_test_add_func ("/qrtr/ctrl-special", test_ctrl_special);
  g_test_add_func ("/qrtr/v2-build-vectors", test_v2_build_vectors);
  g_test_add_func ("/qrtr/v2-problems", test_v2_problems);
  g_test_add_func ("/qrtr/ctrl-vectors", test_ctrl_vectors);
  g_test_add_func ("/qrtr/problem-names", test_problem_names);
  return g_test_run ();
}
