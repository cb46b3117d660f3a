/* Hand-offs to Wireshark's own dissectors, see qmi-handoff.h. One table
 * says which schema field carries what; the payload kind says which
 * dissector reads it and how. Facts from ModemManager's QMI SMS code: a
 * stored or sent 3GPP raw message starts with the SMSC address, a
 * transfer-route MT message is the TPDU alone; a CDMA raw message is the
 * IS-637 transport-layer message. */
#include <epan/expert.h>
#include <epan/exceptions.h>
#include <epan/show_exception.h>
#include "qmi-handoff.h"
#include "ws-compat.h"
#include "wire-sms-address.h"

typedef enum {
  PAYLOAD_WMS_RAW,      /* a WMS raw message: what it is depends on its format sibling */
  PAYLOAD_APDU_COMMAND, /* an ISO 7816 command APDU */
  PAYLOAD_APDU_RESPONSE, /* response data, then SW1 SW2 */
  PAYLOAD_SELECT_RESPONSE /* a SELECT's response data, whose SW1 SW2 are the message's card_result */
} Payload;

/* Which way a 3GPP TPDU went, which decides how gsm_sms reads TP-MTI. */
typedef enum {
  SMS_TO_NETWORK,   /* sent by the phone: SUBMIT, DELIVER REPORT, COMMAND */
  SMS_FROM_NETWORK, /* received: DELIVER, SUBMIT REPORT, STATUS REPORT */
  SMS_BY_TAG,       /* a stored message: its message_tag says (mt-* received, mo-* sent) */
  SMS_BY_MTI,       /* a stored message without a tag: DELIVER or STATUS REPORT if TP-MTI is 0 or 2, SUBMIT if 1 */
} SmsDirection;

struct _QmiHandoff {
  const char *abbrev;   /* the schema field, by filter name */
  Payload payload;
  gboolean smsc_first;  /* 3GPP: the SMSC address precedes the TPDU */
  SmsDirection direction;
};

static const QmiHandoff handoffs[] = {
  { "qmi.wms.raw_send.raw_message_data.raw_data", PAYLOAD_WMS_RAW, TRUE, SMS_TO_NETWORK },
  { "qmi.wms.raw_read.raw_message_data.raw_data", PAYLOAD_WMS_RAW, TRUE, SMS_BY_TAG },
  { "qmi.wms.raw_write.raw_message_data.raw_data", PAYLOAD_WMS_RAW, TRUE, SMS_BY_MTI },
  { "qmi.wms.event_report.transfer_route_mt_message.raw_data", PAYLOAD_WMS_RAW, FALSE, SMS_FROM_NETWORK },
  { "qmi.uim.send_apdu.apdu", PAYLOAD_APDU_COMMAND, FALSE, 0 },
  { "qmi.uim.send_apdu.apdu_response", PAYLOAD_APDU_RESPONSE, FALSE, 0 },
  { "qmi.uim.open_logical_channel.select_response", PAYLOAD_SELECT_RESPONSE, FALSE, 0 },
  { "qmi.uim.logical_channel.select_response", PAYLOAD_SELECT_RESPONSE, FALSE, 0 },
};

/* libqmi's QmiWmsMessageFormat and QmiWmsMessageTagType values */
enum { WMS_FORMAT_CDMA = 0, WMS_FORMAT_GW_PP = 6 };
enum { WMS_TAG_MO_SENT = 2 };

static int hf_smsc = -1;
static int hf_smsc_type = -1;
static gint ett_handoff = -1;
static expert_field ei_bad_smsc = EI_INIT;
static expert_field ei_not_handed = EI_INIT;
static dissector_handle_t gsm_sms_handle, ansi_637_trans_handle, sim_command_handle, sim_response_handle;

void
qmi_handoff_register (int proto)
{
  static value_string type_names[9];
  static hf_register_info hf[] = {
    { &hf_smsc, { "SMSC address", "qmi.sms.smsc_address", FT_STRING, BASE_NONE, NULL, 0x0,
                  "The service centre address before a 3GPP TPDU in a WMS raw message", HFILL } },
    { &hf_smsc_type, { "SMSC type of number", "qmi.sms.smsc_type", FT_UINT8, BASE_DEC, VALS (type_names), 0x0, NULL,
                       HFILL } },
  };
  static gint *ett[] = { &ett_handoff };
  static ei_register_info ei[] = {
    { &ei_bad_smsc, { "qmi.expert.bad_smsc_address", PI_MALFORMED, PI_ERROR, "SMSC address malformed", EXPFILL } },
    { &ei_not_handed, { "qmi.expert.sms_not_decoded", PI_UNDECODED, PI_NOTE, "raw message format not decoded", EXPFILL } },
  };
  for (guint i = 0; i < 8; i++)
    type_names[i].value = i, type_names[i].strptr = wire_sms_address_type_name (i);
  proto_register_field_array (proto, hf, array_length (hf));
  proto_register_subtree_array (ett, array_length (ett));
  expert_register_field_array (expert_register_protocol (proto), ei, array_length (ei));
}

void
qmi_handoff_init (void)
{
  gsm_sms_handle = find_dissector ("gsm_sms");
  ansi_637_trans_handle = find_dissector ("ansi_637_trans");
  sim_command_handle = find_dissector ("gsm_sim.command");
  sim_response_handle = find_dissector ("gsm_sim.response");
}

const QmiHandoff *
qmi_handoff_for (const WireField *f)
{
  for (guint i = 0; f->abbrev && i < G_N_ELEMENTS (handoffs); i++)
    if (g_str_equal (handoffs[i].abbrev, f->abbrev))
      return &handoffs[i];
  return NULL;
}

static gboolean sibling (const QmiHandoffSiblings *s, const char *name, guint64 *v)
{
  for (guint i = 0; s && i < s->n; i++)
    if (g_str_equal (s->names[i], name)) {
      *v = s->values[i];
      return TRUE;
    }
  return FALSE;
}

/* A sub-dissector's exception (a TPDU cut short) marks its own part, not
 * the rest of the QMI message; its columns stay ours. */
static void call_guarded (dissector_handle_t h, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, int p2p_dir)
{
  int saved_dir = pinfo->p2p_dir;
  gboolean writable = col_get_writable (pinfo->cinfo, -1);
  pinfo->p2p_dir = p2p_dir;
  col_set_writable (pinfo->cinfo, -1, FALSE);
  TRY {
    call_dissector (h, tvb, pinfo, tree);
  }
  CATCH_NONFATAL_ERRORS {
    show_exception (tvb, pinfo, tree, EXCEPT_CODE, GET_MESSAGE);
  }
  ENDTRY;
  col_set_writable (pinfo->cinfo, -1, writable);
  pinfo->p2p_dir = saved_dir;
}

/* gsm_sms reads TP-MTI by direction as seen from the service centre:
 * P2P_DIR_RECV for what the phone sends (SMS-SUBMIT, DELIVER REPORT,
 * COMMAND), anything else for what the centre sends (SMS-DELIVER, SUBMIT
 * REPORT, STATUS REPORT). */
#define SMS_FROM_PHONE P2P_DIR_RECV
#define SMS_FROM_CENTRE P2P_DIR_SENT

static int sms_direction (const QmiHandoff *h, const QmiHandoffSiblings *s, guint8 first_tpdu_byte)
{
  guint64 tag;
  switch (h->direction) {
  case SMS_TO_NETWORK:
    return SMS_FROM_PHONE;
  case SMS_FROM_NETWORK:
    return SMS_FROM_CENTRE;
  case SMS_BY_TAG:
    if (sibling (s, "message_tag", &tag))
      return tag >= WMS_TAG_MO_SENT ? SMS_FROM_PHONE : SMS_FROM_CENTRE;
    /* fall through */
  case SMS_BY_MTI:
    break;
  }
  return (first_tpdu_byte & 3) == 1 ? SMS_FROM_PHONE : SMS_FROM_CENTRE;
}

static void dissect_3gpp (const QmiHandoff *h, tvbuff_t *data, packet_info *pinfo, proto_tree *tree,
                          const QmiHandoffSiblings *s)
{
  gint tpdu = 0, n = tvb_reported_length (data);
  if (h->smsc_first) {
    WireSmsAddress a;
    const guint8 *p = tvb_get_ptr (data, 0, n);
    GString *why = g_string_new (NULL);
    gboolean ok = wire_sms_address_read (p, (gsize) n, &a, why);
    /* wire/'s glib strings go into the packet's pool before anything that
     * may throw (the tree calls below) runs */
    const char *number = wmem_strdup (pinfo->pool, a.number);
    const char *problem = ok ? NULL : wmem_strdup (pinfo->pool, why->str);
    proto_item *it;
    g_string_free (why, TRUE);
    g_free (a.number);
    it = proto_tree_add_string (tree, hf_smsc, data, 0, (gint) MAX (a.length, 1u), number);
    if (a.length >= 2) {
      proto_tree *t = proto_item_add_subtree (it, ett_handoff);
      proto_item_append_text (it, " (%s)", wire_sms_address_type_name (a.type));
      proto_tree_add_uint (t, hf_smsc_type, data, 1, 1, a.type);
    } else if (a.length == 1) {
      proto_item_append_text (it, "(none)");
    }
    if (!ok)
      expert_add_info_format (pinfo, it, &ei_bad_smsc, "%s", problem);
    tpdu = (gint) a.length;
    if (!ok)
      return;
  }
  if (tpdu < n && gsm_sms_handle)
    call_guarded (gsm_sms_handle, tvb_new_subset_remaining (data, tpdu), pinfo, tree,
                  sms_direction (h, s, tvb_get_uint8 (data, tpdu)));
}

void
qmi_handoff_dissect (const QmiHandoff *h, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gint off, gint len,
                     const QmiHandoffSiblings *s)
{
  tvbuff_t *data;
  guint64 format;

  if (len <= 0)
    return;
  data = tvb_new_subset_length (tvb, off, len);
  switch (h->payload) {
  case PAYLOAD_APDU_COMMAND:
    if (sim_command_handle)
      call_guarded (sim_command_handle, data, pinfo, tree, P2P_DIR_SENT);
    return;
  case PAYLOAD_APDU_RESPONSE:
    if (sim_response_handle && len >= 2)
      call_guarded (sim_response_handle, data, pinfo, tree, P2P_DIR_RECV);
    return;
  case PAYLOAD_SELECT_RESPONSE:
    /* the card's answer was the data then SW1 SW2; QMI splits them into two
     * TLVs, so the two ranges are joined again for the SIM dissector */
    if (sim_response_handle && s && s->sw_offset >= 0) {
      tvbuff_t *apdu = tvb_new_composite ();
      tvb_composite_append (apdu, data);
      tvb_composite_append (apdu, tvb_new_subset_length (tvb, s->sw_offset, 2));
      tvb_composite_finalize (apdu);
      add_new_data_source (pinfo, apdu, "SELECT response APDU");
      call_guarded (sim_response_handle, apdu, pinfo, tree, P2P_DIR_RECV);
    }
    return;
  case PAYLOAD_WMS_RAW:
    if (!sibling (s, "format", &format))
      return;
    if (format == WMS_FORMAT_GW_PP)
      dissect_3gpp (h, data, pinfo, tree, s);
    else if (format == WMS_FORMAT_CDMA && ansi_637_trans_handle)
      call_guarded (ansi_637_trans_handle, data, pinfo, tree, P2P_DIR_UNKNOWN);
    else
      proto_tree_add_expert_format (tree, pinfo, &ei_not_handed, data, 0, len,
                                    "raw message format %" G_GUINT64_FORMAT ": shown as bytes only", format);
    return;
  }
}
