/* QMUX: the cdc-wdm framing of QMI, and the ways captures carry it:
 * Exported PDU ("qmux"), usbmon CDC encapsulated commands, QMI inside MBIM,
 * and raw frames in a DLT_USER link type (Wireshark's DLT_USER table names
 * the "qmux" dissector). */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/address_types.h>
#include <wiretap/wtap.h>
#include <wsutil/str_util.h>
#include "qrtr-plugin.h"
#include "qmi-schema-fields.h"
#include "item-label.h"
#include "ws-compat.h"
#include "wire-qmux.h"
#include "wire-names.h"
#include "wire-mbim.h"

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

static const value_string qmux_flags_vals[] = {
  { 0x00, "From host" },
  { WIRE_QMUX_FLAG_SERVICE, "From service" },
  { 0, NULL },
};


/* Where a frame came from, for request/response pairing and the vendor. */
typedef struct {
  QmiLinkKind link_kind;
  guint32 link;
  guint16 vendor; /* USB vendor id of the device when known, else 0 */
} QmuxOrigin;

/* "Qualcomm QMUX, Service: Device Management Service, Client: ", the part
 * of the protocol line its service fixes: made once per service id. */
static const char *line_head (guint8 service)
{
  static char *heads[256];
  if (!heads[service]) {
    const WireServiceName *s = wire_registry_qmux_name (qmi_schema_registry (), service);
    heads[service] = s ? g_strdup_printf ("%s, Service: %s, Client: ", proto_get_protocol_name (proto_qmux), s->title)
                       : g_strdup_printf ("%s, Service: %u, Client: ", proto_get_protocol_name (proto_qmux), service);
  }
  return heads[service];
}

static int dissect_qmux_frame (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const QmuxOrigin *o);

/* A capture interface is the link of Exported PDU, DLT_USER and MBIM records. */
static QmuxOrigin interface_origin (packet_info *pinfo)
{
  QmuxOrigin o = { QMI_LINK_INTERFACE, 0, 0 };
  if (pinfo->rec && (pinfo->rec->presence_flags & WTAP_HAS_INTERFACE_ID))
    o.link = pinfo->rec->rec_header.packet_header.interface_id;
  return o;
}

static int dissect_qmux (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
  QmuxOrigin o = interface_origin (pinfo);
  return dissect_qmux_frame (tvb, pinfo, tree, &o);
}

/* Source and Destination of a QMUX frame with no transport addresses of its
 * own: "host client 1" and "modem DMS". */
static void set_qmux_addresses (packet_info *pinfo, const WireQmuxHeader *h)
{
  const WireServiceName *s = wire_registry_qmux_name (qmi_schema_registry (), h->service);
  const char *svc = s ? ascii_strup_inplace (wmem_strdup (pinfo->pool, s->name))
                      : wmem_strdup_printf (pinfo->pool, "service %u", h->service);
  char *modem = wmem_strdup_printf (pinfo->pool, "modem %s", svc);
  char *host = h->client_id == WIRE_QMI_CLIENT_BROADCAST
                 ? wmem_strdup (pinfo->pool, "host all clients")
                 : wmem_strdup_printf (pinfo->pool, "host client %u", h->client_id);
  gboolean from_modem = (h->flags & WIRE_QMUX_FLAG_SERVICE) != 0;
  set_address (&pinfo->src, AT_STRINGZ, (int) strlen (from_modem ? modem : host) + 1, from_modem ? modem : host);
  set_address (&pinfo->dst, AT_STRINGZ, (int) strlen (from_modem ? host : modem) + 1, from_modem ? host : modem);
}

static int dissect_qmux_frame (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const QmuxOrigin *o)
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
  if (h.problems & WIRE_QMUX_FATAL_SHORT) {
    ti = proto_tree_add_item (tree, proto_qmux, tvb, 0, MIN ((gint) len, (gint) h.length + 1), ENC_NA);
    expert_add_info (pinfo, ti, &ei_qmux_short);
    col_set_str (pinfo->cinfo, COL_INFO, "QMUX (truncated header)");
    return (int) len;
  }
  {
    /* "Qualcomm QMUX, Service: Device Management Service, Client: 1" */
    ItemLabel label;
    item_label_init (&label);
    item_label_add (&label, line_head (h.service));
    item_label_uint (&label, h.client_id);
    ti = proto_tree_add_item (tree, proto_qmux, tvb, 0, MIN ((gint) len, (gint) h.length + 1), ENC_NA);
    proto_item_set_text (ti, "%s", label.s);
  }
  qt = proto_item_add_subtree (ti, ett_qmux);
  /* the values wire/ read, over their bytes (no second read from the tvb) */
  proto_tree_add_uint (qt, hf_qmux_if_type, tvb, 0, 1, h.if_type);
  proto_tree_add_uint (qt, hf_qmux_length, tvb, 1, 2, h.length);
  proto_tree_add_uint (qt, hf_qmux_flags, tvb, 3, 1, h.flags);
  proto_tree_add_uint (qt, hf_qmux_service, tvb, 4, 1, h.service);
  proto_tree_add_uint (qt, hf_qmux_client_id, tvb, 5, 1, h.client_id);
  if (o->link_kind != QMI_LINK_USB) /* usbmon's USB addresses say more */
    set_qmux_addresses (pinfo, &h);

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
  carrier.client = h.client_id;
  carrier.link_kind = o->link_kind;
  carrier.link = o->link;
  carrier.vendor = o->vendor;
  sdu = tvb_new_subset_length (tvb, WIRE_QMUX_HEADER_LEN, (gint) h.sdu_len);
  call_dissector_with_data (qmi_handle, sdu, pinfo, tree, &carrier);
  return (int) len;
}

/* A QMUX frame fills what it is given: interface type 0x01 and a length
 * covering the rest (the MBIM buffer, which may be padded, is
 * wire_mbim_qmux_frame_len's). This is also how
 * QMUX and MBIM are told apart on one cdc-wdm device.
 * Returns the frame's length, 0 if it is not one. */
static gint qmux_frame_length (tvbuff_t *tvb, gint offset)
{
  gint left = tvb_reported_length_remaining (tvb, offset);
  gint frame;
  if (left < WIRE_QMUX_HEADER_LEN || tvb_get_uint8 (tvb, offset) != WIRE_QMUX_IF_TYPE)
    return 0;
  frame = tvb_get_letohs (tvb, offset + 1) + 1;
  return frame == left ? frame : 0;
}

/* ---------- usbmon ---------- */

#define CDC_SEND_ENCAPSULATED_COMMAND 0x00
#define CDC_GET_ENCAPSULATED_RESPONSE 0x01
/* usb.control hands a class request over as the setup packet after
 * bmRequestType (bRequest, wValue, wIndex, wLength: 7 bytes) followed by
 * the data stage; a response as the data alone. */
#define USB_SETUP_REST_LEN 7

static int hf_usb_brequest = -1; /* USB's own setup fields, found at hand-off */
static int hf_usb_wvalue = -1;
static int hf_usb_windex = -1;
static int hf_usb_wlength = -1;
static int hf_usb_idvendor = -1;

static const value_string cdc_request_vals[] = {
  { CDC_SEND_ENCAPSULATED_COMMAND, "SEND_ENCAPSULATED_COMMAND" },
  { CDC_GET_ENCAPSULATED_RESPONSE, "GET_ENCAPSULATED_RESPONSE" },
  { 0, NULL },
};

/* Device descriptors seen so far: (bus << 16 | device, frame) -> vendor id,
 * so a device address that is reused later names its new vendor. */
static wmem_tree_t *usb_vendors;

static int usb_address_type = -1;

/* bus << 16 | device of the device end of this transfer, from USB's
 * addresses (the interface conversation USB hands us has no address) */
static gboolean usb_device_of (packet_info *pinfo, gboolean request, guint32 *device)
{
  const address *a = request ? &pinfo->dst : &pinfo->src;
  usb_address_t u;
  if (usb_address_type < 0 || a->type != usb_address_type || a->len != (int) sizeof u)
    return FALSE;
  memcpy (&u, a->data, sizeof u);
  *device = (guint32) GUINT16_FROM_LE (u.bus_id) << 16 | (GUINT32_FROM_LE (u.device) & 0xff);
  return TRUE;
}

static guint16 usb_vendor_of (packet_info *pinfo, const usb_conv_info_t *usb, guint32 device)
{
  guint32 frame = pinfo->num;
  wmem_tree_key_t key[] = { { 1, &device }, { 1, &frame }, { 0, NULL } };
  guint32 *found;
  if (usb->deviceVendor && usb->deviceVendor != DEV_VENDOR_UNKNOWN)
    return usb->deviceVendor;
  found = wmem_tree_lookup32_array_le (usb_vendors, key);
  /* _le finds the nearest smaller key, possibly another device's */
  return found && found[0] == device ? (guint16) found[1] : 0;
}

/* The first idVendor field's value, read from the bytes it covers (USB
 * descriptors are little-endian): field_info's value changed from an fvalue_t
 * to a pointer to one between 4.0 and 4.4, its bytes did not. */
static guint32 finfo_uint16_le (GPtrArray *fields)
{
  field_info *fi = fields && fields->len ? g_ptr_array_index (fields, 0) : NULL;
  return fi && fi->ds_tvb && fi->length == 2 ? tvb_get_letohs (fi->ds_tvb, fi->start) : 0;
}

/* Postdissector: remembers the vendor id of every device descriptor the USB
 * dissector decoded. Wireshark 4.0 keeps it only on the device's endpoint-0
 * conversation, not on the interface conversation class requests get. */
static void remember_usb_vendor (packet_info *pinfo, proto_tree *tree)
{
  GPtrArray *vendor;
  guint32 *entry;
  guint32 device, frame = pinfo->num;
  wmem_tree_key_t key[3];

  if (hf_usb_idvendor < 0 || PINFO_FD_VISITED (pinfo))
    return;
  vendor = proto_get_finfo_ptr_array (tree, hf_usb_idvendor);
  if (!vendor || !vendor->len)
    return;
  /* the descriptor comes in the completion, from the device */
  if (!usb_device_of (pinfo, FALSE, &device))
    return;
  entry = wmem_alloc_array (wmem_file_scope (), guint32, 2);
  entry[0] = device;
  entry[1] = finfo_uint16_le (vendor);
  key[0] = (wmem_tree_key_t) { 1, &device };
  key[1] = (wmem_tree_key_t) { 1, &frame };
  key[2] = (wmem_tree_key_t) { 0, NULL };
  wmem_tree_insert32_array (usb_vendors, key, entry);
}

/* The setup packet of SEND_ENCAPSULATED_COMMAND, shown with USB's own
 * fields (as USB shows it for requests nobody claims), so the USB layer
 * stays whole and usb.setup.* filters keep working. */
static void add_usb_setup (tvbuff_t *tvb, proto_tree *setup_tree, guint8 request)
{
  if (hf_usb_brequest < 0)
    return;
  ItemLabel label;
  /* "bRequest: SEND_ENCAPSULATED_COMMAND (0)" */
  item_label_init (&label);
  item_label_field (&label, hf_usb_brequest);
  item_label_add (&label, val_to_str_const (request, cdc_request_vals, "Unknown"));
  item_label_add (&label, " (");
  item_label_uint (&label, request);
  item_label_add (&label, ")");
  proto_tree_add_uint_format (setup_tree, hf_usb_brequest, tvb, 0, 1, request, "%s", label.s);
  /* values read once and added as such: cheaper per item than a second
   * read through proto_tree_add_item's encoding path */
  proto_tree_add_uint (setup_tree, hf_usb_wvalue, tvb, 1, 2, tvb_get_letohs (tvb, 1));
  proto_tree_add_uint (setup_tree, hf_usb_windex, tvb, 3, 2, tvb_get_letohs (tvb, 3));
  proto_tree_add_uint (setup_tree, hf_usb_wlength, tvb, 5, 2, tvb_get_letohs (tvb, 5));
}

static qrtr_heur_bool dissect_qmux_usb_heur (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  const usb_conv_info_t *usb = qrtr_usb_conv_info (data);
  const usb_trans_info_t *trans = qrtr_usb_trans_info (data);
  gboolean request;
  gint offset, frame_len;
  guint32 device;
  QmuxOrigin o = interface_origin (pinfo);

  if (trans) {
    /* the host is the endpoint-less end (as USB-COM tells requests) */
    request = pinfo->srcport == NO_ENDPOINT;
    if (trans->setup.request != (request ? CDC_SEND_ENCAPSULATED_COMMAND : CDC_GET_ENCAPSULATED_RESPONSE))
      return FALSE;
  } else {
    /* no setup seen (capture started mid-transfer): try both layouts */
    request = tvb_reported_length (tvb) > USB_SETUP_REST_LEN &&
              qmux_frame_length (tvb, USB_SETUP_REST_LEN) > 0;
  }
  offset = request ? USB_SETUP_REST_LEN : 0;
  frame_len = qmux_frame_length (tvb, offset);
  if (!frame_len)
    return FALSE;
  if (usb && usb_device_of (pinfo, request, &device)) {
    o.link_kind = QMI_LINK_USB;
    o.link = (device & 0xffff0000) | (device & 0xff) << 8 | (trans ? (trans->setup.wIndex & 0xff) : usb->interfaceNum);
    o.vendor = usb_vendor_of (pinfo, usb, device);
  }
  if (request) {
    /* tree is USB's "Setup Data" subtree; QMUX goes beside USB at the top
     * so that Protocol Hierarchy and the layer list count it */
    add_usb_setup (tvb, tree, tvb_get_uint8 (tvb, 0));
    tree = proto_tree_get_root (tree);
  }
  dissect_qmux_frame (tvb_new_subset_length (tvb, offset, frame_len), pinfo, tree, &o);
  return TRUE;
}

static int dissect_qmux_usb_class (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
  return dissect_qmux_usb_heur (tvb, pinfo, tree, data) ? (int) tvb_captured_length (tvb) : 0;
}

/* ---------- QMI inside MBIM ---------- */

/* Wireshark's MBIM dissector shows QMI tunnelled through MBIM as opaque
 * bytes (mbim.control.qmi.buffer) and hands them to no one; its extension
 * hook (mbim_register_uuid_ext) is consulted only for UUIDs it does not know,
 * and it knows the QMI one. So a postdissector picks the QMUX frames up from
 * the finished tree. A tree built only for a display filter (tshark -2's
 * second pass, the GUI's refilter) has no such field, so the first pass
 * remembers where each buffer was. */
static int hf_mbim_qmi_buffer = -1;

typedef struct {
  gint start, length;
} MbimQmiBuffer;

static void dissect_mbim_buffer (tvbuff_t *buffer, packet_info *pinfo, proto_tree *tree)
{
  guint len = tvb_captured_length (buffer);
  gint frame_len = (gint) wire_mbim_qmux_frame_len (tvb_get_ptr (buffer, 0, (gint) len), len);
  QmuxOrigin o = interface_origin (pinfo);
  if (frame_len)
    dissect_qmux_frame (tvb_new_subset_length (buffer, 0, frame_len), pinfo, tree, &o);
}

static void dissect_qmux_in_mbim (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
  GPtrArray *fields;
  wmem_array_t *seen;

  if (hf_mbim_qmi_buffer < 0 || !proto_is_frame_protocol (pinfo->layers, "mbim"))
    return;
  seen = p_get_proto_data (wmem_file_scope (), pinfo, proto_qmux, 0);
  if (PINFO_FD_VISITED (pinfo)) {
    /* buffers in the frame's own bytes, as the first pass found them */
    for (guint i = 0; seen && i < wmem_array_get_count (seen); i++) {
      const MbimQmiBuffer *b = wmem_array_index (seen, i);
      if (tvb_bytes_exist (tvb, b->start, b->length))
        dissect_mbim_buffer (tvb_new_subset_length (tvb, b->start, b->length), pinfo, tree);
    }
    return;
  }
  fields = proto_get_finfo_ptr_array (tree, hf_mbim_qmi_buffer);
  fields = fields && fields->len ? g_ptr_array_copy (fields, NULL, NULL)
                                 : proto_find_finfo (tree, hf_mbim_qmi_buffer);
  for (guint i = 0; fields && i < fields->len; i++) {
    field_info *fi = g_ptr_array_index (fields, i);
    MbimQmiBuffer b;
    if (!fi->ds_tvb || fi->length <= 0)
      continue;
    /* a buffer of a reassembled message is not in the frame's bytes */
    if (fi->ds_tvb == tvb) {
      b.start = fi->start;
      b.length = fi->length;
      if (!seen) {
        seen = wmem_array_new (wmem_file_scope (), sizeof (MbimQmiBuffer));
        p_add_proto_data (wmem_file_scope (), pinfo, proto_qmux, 0, seen);
      }
      wmem_array_append_one (seen, b);
    }
    dissect_mbim_buffer (tvb_new_subset_length (fi->ds_tvb, fi->start, fi->length), pinfo, tree);
  }
  if (fields)
    g_ptr_array_free (fields, TRUE);
}

/* One postdissector for both jobs: it runs after every frame, so each job
 * leaves at once when its protocol is not in the frame. */
static int qmux_postdissector (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
  if (!tree)
    return 0;
  if (proto_is_frame_protocol (pinfo->layers, "usb"))
    remember_usb_vendor (pinfo, tree);
  else
    dissect_qmux_in_mbim (tvb, pinfo, tree);
  return 0;
}

static void qmux_init (void)
{
  usb_vendors = wmem_tree_new (wmem_file_scope ());
}

/* USB's setup fields by name; bRequest has two fields of that name, the one
 * without standard-request names is the one for class requests. */
static void find_usb_fields (void)
{
  header_field_info *hfi = proto_registrar_get_byname ("usb.setup.bRequest");
  while (hfi && hfi->strings)
    hfi = hfi->same_name_next;
  if (!hfi && (hfi = proto_registrar_get_byname ("usb.setup.bRequest")) != NULL)
    while (hfi->same_name_prev_id >= 0 && hfi->strings)
      hfi = proto_registrar_get_nth ((guint) hfi->same_name_prev_id);
  hf_usb_brequest = hfi && !hfi->strings ? hfi->id : -1;
  hf_usb_wvalue = proto_registrar_get_id_byname ("usb.setup.wValue");
  hf_usb_windex = proto_registrar_get_id_byname ("usb.setup.wIndex");
  hf_usb_wlength = proto_registrar_get_id_byname ("usb.setup.wLength");
  if (hf_usb_wvalue < 0 || hf_usb_windex < 0 || hf_usb_wlength < 0)
    hf_usb_brequest = -1;
  hf_usb_idvendor = proto_registrar_get_id_byname ("usb.idVendor");
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
    { &hf_qmux_service, { "Service", "qmux.service", FT_UINT8, BASE_DEC | BASE_EXT_STRING,
                          NULL /* the schemas' titles */, 0x0, NULL, HFILL } },
    { &hf_qmux_client_id, { "Client ID", "qmux.client_id", FT_UINT8, BASE_DEC, NULL, 0x0,
                            "0 for CTL, 0xff broadcast", HFILL } },
  };
  static gint *ett[] = { &ett_qmux };
  static ei_register_info ei[] = {
    { &ei_qmux_short, { "qmux.expert.short", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qmux_if_type, { "qmux.expert.bad_if_type", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qmux_length_beyond, { "qmux.expert.length_beyond", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
    { &ei_qmux_trailing, { "qmux.expert.trailing", PI_PROTOCOL, PI_WARN, NULL, EXPFILL } },
    { &ei_qmux_length_small, { "qmux.expert.length_small", PI_MALFORMED, PI_ERROR, NULL, EXPFILL } },
  };
  module_t *prefs;
  expert_module_t *expert;

  for (guint i = 0; i < G_N_ELEMENTS (hf); i++)
    if (hf[i].p_id == &hf_qmux_service)
      hf[i].hfinfo.strings = qrtr_plugin_qmux_service_vals ();

  proto_qmux = proto_register_protocol ("Qualcomm QMUX", "QMUX", "qmux");
  proto_register_field_array (proto_qmux, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  {
    /* the words of qrtr-capture's problem lines, wire/'s */
    static const struct { guint bit; expert_field *ei; } named[] = {
      { WIRE_QMUX_FATAL_SHORT, &ei_qmux_short },
      { WIRE_QMUX_FATAL_IF_TYPE, &ei_qmux_if_type },
      { WIRE_QMUX_LENGTH_BEYOND, &ei_qmux_length_beyond },
      { WIRE_QMUX_TRAILING_BYTES, &ei_qmux_trailing },
      { WIRE_QMUX_LENGTH_TOO_SMALL, &ei_qmux_length_small },
    };
    for (guint i = 0; i < G_N_ELEMENTS (named); i++)
      qrtr_plugin_ei_summary (ei, G_N_ELEMENTS (ei), named[i].ei, wire_qmux_problem_name (named[i].bit));
  }
  expert = expert_register_protocol (proto_qmux);
  expert_register_field_array (expert, ei, array_length (ei));
  qmux_handle = register_dissector ("qmux", dissect_qmux, proto_qmux);
  register_init_routine (qmux_init);

  /* Raw QMUX in DLT_USER0..15 is chosen in Wireshark's own DLT_USER table
   * (payload protocol "qmux"), as for every other protocol; the private
   * link-type number this plugin had is gone, and a saved value is ignored. */
  prefs = prefs_register_protocol (proto_qmux, NULL);
  prefs_register_obsolete_preference (prefs, "dlt_user");
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

  find_usb_fields ();
  usb_address_type = address_type_get_by_name ("AT_USB");
  hf_mbim_qmi_buffer = proto_registrar_get_id_byname ("mbim.control.qmi.buffer");
  {
    dissector_handle_t post = create_dissector_handle (qmux_postdissector, proto_qmux);
    GArray *wanted = g_array_new (FALSE, FALSE, sizeof (int));
    const int ids[] = { hf_mbim_qmi_buffer, hf_usb_idvendor };
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      if (ids[i] >= 0)
        g_array_append_val (wanted, ids[i]);
    register_postdissector (post);
    set_postdissector_wanted_hfids (post, wanted);
  }
}
