/* QMUX: the cdc-wdm framing of QMI, and the ways captures carry it:
 * Exported PDU ("qmux"), usbmon CDC encapsulated commands, QMI inside MBIM,
 * and raw frames in a DLT_USER link type chosen by preference. */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <wiretap/wtap.h>
#include "qrtr-plugin.h"
#include "ws-compat.h"
#include "wire-qmux.h"
#include "wire-names.h"

static int proto_qmux = -1;
static int hf_qmux_if_type = -1;
static int hf_qmux_length = -1;
static int hf_qmux_flags = -1;
static int hf_qmux_service = -1;
static int hf_qmux_client_id = -1;
static gint ett_qmux = -1;

static expert_field ei_qmux_short = EI_INIT;
static expert_field ei_qmux_if_type = EI_INIT;
static expert_field ei_qmux_length_beyond = EI_INIT;
static expert_field ei_qmux_trailing = EI_INIT;
static expert_field ei_qmux_length_small = EI_INIT;

static dissector_handle_t qmux_handle;
static dissector_handle_t qmi_handle;
static guint pref_dlt_user; /* 0 = off, else 147..162 */
static guint registered_dlt_user;

static const value_string qmux_flags_vals[] = {
  { 0x00, "From host" },
  { WIRE_QMUX_FLAG_SERVICE, "From service" },
  { 0, NULL },
};

static value_string *service_vals; /* built from wire_qmux_services */

static int dissect_qmux_frame (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint16 vendor);

static int dissect_qmux (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
  return dissect_qmux_frame (tvb, pinfo, tree, 0);
}

/* vendor: the USB vendor id of the device, when the capture told us */
static int dissect_qmux_frame (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint16 vendor)
{
  guint len = tvb_captured_length (tvb);
  const guint8 *buf = tvb_get_ptr (tvb, 0, (gint) len);
  WireQmuxHeader h;
  proto_item *ti;
  proto_tree *qt;
  QmiCarrier carrier = { 0 };
  tvbuff_t *sdu;

  col_set_str (pinfo->cinfo, COL_PROTOCOL, "QMUX");
  wire_qmux_parse_header (buf, len, &h);
  ti = proto_tree_add_item (tree, proto_qmux, tvb, 0, MIN ((gint) len, (gint) h.length + 1), ENC_NA);
  qt = proto_item_add_subtree (ti, ett_qmux);
  if (h.problems & WIRE_QMUX_FATAL_SHORT) {
    expert_add_info (pinfo, ti, &ei_qmux_short);
    col_set_str (pinfo->cinfo, COL_INFO, "QMUX (truncated header)");
    return (int) len;
  }
  proto_tree_add_item (qt, hf_qmux_if_type, tvb, 0, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qmux_length, tvb, 1, 2, ENC_LITTLE_ENDIAN);
  proto_tree_add_item (qt, hf_qmux_flags, tvb, 3, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qmux_service, tvb, 4, 1, ENC_NA);
  proto_tree_add_item (qt, hf_qmux_client_id, tvb, 5, 1, ENC_NA);
  proto_item_append_text (ti, ", Service: %s, Client: %u",
                          qrtr_val_to_str (pinfo->pool, h.service, service_vals, "%u"), h.client_id);

  if (h.problems & WIRE_QMUX_FATAL_IF_TYPE) {
    expert_add_info (pinfo, ti, &ei_qmux_if_type);
    col_add_fstr (pinfo->cinfo, COL_INFO, "Not QMUX: interface type 0x%02x", h.if_type);
    return (int) len;
  }
  if (h.problems & WIRE_QMUX_LENGTH_TOO_SMALL)
    expert_add_info (pinfo, ti, &ei_qmux_length_small);
  if (h.problems & WIRE_QMUX_LENGTH_BEYOND)
    expert_add_info_format (pinfo, ti, &ei_qmux_length_beyond,
                            "QMUX length %u runs past the frame (%u bytes)", h.length, len);
  if (h.problems & WIRE_QMUX_TRAILING_BYTES)
    proto_tree_add_expert (qt, pinfo, &ei_qmux_trailing, tvb, h.length + 1, -1);

  carrier.kind = QMI_CARRIER_QMUX;
  carrier.service = h.service;
  carrier.service_known = TRUE;
  carrier.client = h.client_id;
  carrier.link = pinfo->rec ? pinfo->rec->rec_header.packet_header.interface_id : 0;
  carrier.vendor = vendor;
  sdu = tvb_new_subset_length (tvb, WIRE_QMUX_HEADER_LEN, (gint) h.sdu_len);
  call_dissector_with_data (qmi_handle, sdu, pinfo, tree, &carrier);
  return (int) len;
}

/* A QMUX frame exactly fills what it is given: interface type 0x01 and a
 * length covering the rest. This is also how QMUX and MBIM are told apart
 * on the same cdc-wdm device. */
static gboolean looks_like_qmux (tvbuff_t *tvb, gint offset)
{
  gint left = tvb_reported_length_remaining (tvb, offset);
  return left >= WIRE_QMUX_HEADER_LEN && tvb_get_uint8 (tvb, offset) == WIRE_QMUX_IF_TYPE &&
         tvb_get_letohs (tvb, offset + 1) + 1 == left;
}

/* usb.control hands us SEND_ENCAPSULATED_COMMAND with the setup bytes after
 * bmRequestType still in front (7 bytes), and the GET_ENCAPSULATED_RESPONSE
 * completion with the data at offset 0. */
static qrtr_heur_bool dissect_qmux_usb_heur (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  static const gint offsets[] = { 0, 7 };
  /* The device's vendor id, where the USB dissector has it. Wireshark 4.0
   * fills it in only on the conversation that carried the device descriptor,
   * not on the interface conversation of CDC class requests, so with 4.0 the
   * qmi.vendor preference is what selects vendor messages in usbmon captures
   * (qrtr-capture reads the descriptor itself). */
  const usb_conv_info_t *usb = qrtr_usb_conv_info (data);
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++) {
    if (looks_like_qmux (tvb, offsets[i])) {
      tvbuff_t *frame = tvb_new_subset_remaining (tvb, offsets[i]);
      dissect_qmux_frame (frame, pinfo, tree, usb ? usb->deviceVendor : 0);
      return TRUE;
    }
  }
  return FALSE;
}

static int dissect_qmux_usb_class (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  return dissect_qmux_usb_heur (tvb, pinfo, tree, data) ? (int) tvb_captured_length (tvb) : 0;
}

/* Wireshark's MBIM dissector shows QMI tunnelled through MBIM as opaque
 * bytes and hands them to no one; a postdissector that asks for that field
 * picks the QMUX frames up from the finished tree. */
static int hf_mbim_qmi_buffer = -1;

static int dissect_qmux_in_mbim (tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
  GPtrArray *fields;

  /* runs after every frame: leave at once when there is no MBIM in it */
  if (hf_mbim_qmi_buffer < 0 || !tree || !proto_is_frame_protocol (pinfo->layers, "mbim"))
    return 0;
  /* The interesting-field cache is primed on single-pass runs; on tshark's
   * second pass it is not, and a tree walk finds the field instead. */
  fields = proto_get_finfo_ptr_array (tree, hf_mbim_qmi_buffer);
  fields = fields && fields->len ? g_ptr_array_copy (fields, NULL, NULL)
                                 : proto_find_finfo (tree, hf_mbim_qmi_buffer);
  if (!fields)
    return 0;
  for (guint i = 0; i < fields->len; i++) {
    field_info *fi = g_ptr_array_index (fields, i);
    tvbuff_t *frame;
    if (!fi->ds_tvb || fi->length <= 0)
      continue;
    frame = tvb_new_subset_length (fi->ds_tvb, fi->start, fi->length);
    if (looks_like_qmux (frame, 0))
      dissect_qmux (frame, pinfo, tree, NULL);
  }
  g_ptr_array_free (fields, TRUE);
  return 0;
}

static void apply_dlt_user_pref (void)
{
  dissector_table_t encap = find_dissector_table ("wtap_encap");
  if (registered_dlt_user)
    dissector_delete_uint ("wtap_encap", WTAP_ENCAP_USER0 + (registered_dlt_user - 147), qmux_handle);
  registered_dlt_user = 0;
  if (encap && pref_dlt_user >= 147 && pref_dlt_user <= 162) {
    dissector_add_uint ("wtap_encap", WTAP_ENCAP_USER0 + (pref_dlt_user - 147), qmux_handle);
    registered_dlt_user = pref_dlt_user;
  }
}

void
proto_register_qmux (void)
{
  static hf_register_info hf[] = {
    { &hf_qmux_if_type, { "Interface type", "qmux.if_type", FT_UINT8, BASE_HEX, NULL, 0x0,
                          "0x01 for QMUX", HFILL } },
    { &hf_qmux_length, { "Length", "qmux.length", FT_UINT16, BASE_DEC, NULL, 0x0,
                         "Bytes after the interface type", HFILL } },
    { &hf_qmux_flags, { "Control flags", "qmux.flags", FT_UINT8, BASE_HEX, VALS (qmux_flags_vals),
                        0x0, NULL, HFILL } },
    { &hf_qmux_service, { "Service", "qmux.service", FT_UINT8, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_qmux_client_id, { "Client ID", "qmux.client_id", FT_UINT8, BASE_DEC, NULL, 0x0,
                            "0 for CTL, 0xff broadcast", HFILL } },
  };
  static gint *ett[] = { &ett_qmux };
  static ei_register_info ei[] = {
    { &ei_qmux_short, { "qmux.short", PI_MALFORMED, PI_ERROR, "QMUX header truncated", EXPFILL } },
    { &ei_qmux_if_type, { "qmux.bad_if_type", PI_MALFORMED, PI_ERROR,
                          "Interface type is not 0x01 (QMUX)", EXPFILL } },
    { &ei_qmux_length_beyond, { "qmux.length_beyond", PI_MALFORMED, PI_ERROR,
                                "QMUX length runs past the frame", EXPFILL } },
    { &ei_qmux_trailing, { "qmux.trailing", PI_PROTOCOL, PI_WARN,
                           "Bytes after the QMUX length", EXPFILL } },
    { &ei_qmux_length_small, { "qmux.length_small", PI_MALFORMED, PI_ERROR,
                               "QMUX length smaller than its own header", EXPFILL } },
  };
  module_t *prefs;
  expert_module_t *expert;

  service_vals = qrtr_plugin_service_vals (wire_qmux_services);
  hf[3].hfinfo.strings = VALS (service_vals);

  proto_qmux = proto_register_protocol ("Qualcomm QMUX", "QMUX", "qmux");
  proto_register_field_array (proto_qmux, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  expert = expert_register_protocol (proto_qmux);
  expert_register_field_array (expert, ei, array_length (ei));
  qmux_handle = register_dissector ("qmux", dissect_qmux, proto_qmux);

  prefs = prefs_register_protocol (proto_qmux, apply_dlt_user_pref);
  prefs_register_uint_preference (prefs, "dlt_user",
    "DLT_USER link type carrying raw QMUX",
    "Link type number (147 = DLT_USER0 ... 162 = DLT_USER15) whose records are whole QMUX "
    "frames, as written by other capture tools; 0 = none", 10, &pref_dlt_user);
}

void
proto_reg_handoff_qmux (void)
{
  dissector_handle_t usb_class = create_dissector_handle (dissect_qmux_usb_class, proto_qmux);

  qmi_handle = find_dissector_add_dependency (QMI_DISSECTOR_NAME, proto_qmux);
  heur_dissector_add ("usb.control", dissect_qmux_usb_heur, "QMUX over USB CDC encapsulated commands",
                      "qmux_usb_control", proto_qmux, HEURISTIC_ENABLE);
  dissector_add_uint ("usb.control", IF_CLASS_VENDOR_SPECIFIC, usb_class);
  dissector_add_for_decode_as ("usb.device", usb_class);
  dissector_add_for_decode_as ("usb.product", usb_class);
  apply_dlt_user_pref ();

  hf_mbim_qmi_buffer = proto_registrar_get_id_byname ("mbim.control.qmi.buffer");
  if (hf_mbim_qmi_buffer >= 0) {
    dissector_handle_t mbim_post = create_dissector_handle (dissect_qmux_in_mbim, proto_qmux);
    GArray *wanted = g_array_new (FALSE, FALSE, sizeof (int));
    g_array_append_val (wanted, hf_mbim_qmi_buffer);
    register_postdissector (mbim_post);
    set_postdissector_wanted_hfids (mbim_post, wanted);
  }
}
