/* Schema fields for the QMI dissector. Every WireField of the registry gets
 * an hf (and an ett for structs and arrays) at registration time; flag sets
 * get one boolean child per flag. Dissection is a wire/ walker visitor, so
 * the tree shows exactly what qrtr-capture's decoder prints. */
#include <epan/expert.h>
#include <epan/exceptions.h>
#include <epan/unit_strings.h>
#include <epan/dissectors/packet-e212.h>
#include <wsutil/wslog.h>
#include <wsutil/str_util.h>
#include <wsutil/report_message.h>
#include "qmi-schema-fields.h"
#include "item-label.h"
#include "ws-compat.h"
#include "qmi-handoff.h"
#include "wire-names.h"
#include "wire-render.h"

static WireRegistry *registry;
static int *hf_field;        /* per field uid */
static gint *ett_field;      /* per field uid */
static int **hf_flag;        /* per field uid: one hf per flag of its set, or NULL */
static int ***flag_fields;   /* per field uid: &hf_flag[uid][i]..., NULL-terminated, for the bitmask API */
static const QmiHandoff **handoff_field; /* per field uid: its hand-off to another dissector, or NULL */
static char **tlv_head;      /* per field uid of a TLV: its line's start (tlv_label_head) */
static guint8 *tlv_role;     /* per field uid: TLV_RESULT, TLV_CARD_RESULT or 0 (by the schema's name) */
enum { TLV_RESULT = 1, TLV_CARD_RESULT };

static int hf_tlv_type = -1;
static int hf_tlv_length = -1;
static int hf_tlv_value = -1;
static gint ett_tlv = -1;
static expert_field ei_walk[WIRE_WALK_N_PROBLEMS];

static void report_errors (void);

const WireRegistry *
qmi_schema_registry (void)
{
  if (!registry) {
    char **dirs = qmi_schema_dirs ();
    registry = wire_registry_new ();
    wire_registry_load_dirs (registry, (const char *const *) dirs);
    wire_registry_finish (registry);
    g_strfreev (dirs);
    report_errors ();
  }
  return registry;
}

static enum ftenum ft_for (const WireField *f)
{
  static const enum ftenum uints[] = { FT_UINT8, FT_UINT8, FT_UINT16, FT_UINT24, FT_UINT32,
                                       FT_UINT40, FT_UINT48, FT_UINT56, FT_UINT64 };
  static const enum ftenum ints[] = { FT_INT8, FT_INT8, FT_INT16, FT_INT24, FT_INT32,
                                      FT_INT40, FT_INT48, FT_INT56, FT_INT64 };
  switch (f->semantic) {
  case WIRE_SEM_IPV4: return FT_IPv4;
  case WIRE_SEM_IPV6: return FT_IPv6;
  case WIRE_SEM_MAC: return f->len_form == WIRE_LEN_FIXED ? FT_ETHER : FT_BYTES;
  case WIRE_SEM_TIME: return FT_ABSOLUTE_TIME;
  default: break;
  }
  switch (f->kind) {
  case WIRE_TYPE_UINT: return uints[MIN (f->size, 8u)];
  case WIRE_TYPE_INT: return ints[MIN (f->size, 8u)];
  case WIRE_TYPE_FLOAT: return f->size == 4 ? FT_FLOAT : FT_DOUBLE;
  case WIRE_TYPE_BOOL: return FT_BOOLEAN;
  case WIRE_TYPE_STRING: return FT_STRING;
  case WIRE_TYPE_BYTES: return FT_BYTES;
  default: return FT_NONE;
  }
}

/* Names for a field's values: exactly the raw values the walker names at
 * this width (wire_render_enum_keys), so tshark and qrtr-capture never
 * disagree on a name. A value of a signed field is looked up as its 32-bit
 * pattern (proto_tree_add_int), which the key's low 32 bits are. */
static const void *value_strings_for (const WireField *f, gboolean wide)
{
  const WireValueSet *set = f->values;
  guint64 *keys = g_new (guint64, set->n_values + 1);
  const char **names = g_new (const char *, set->n_values + 1);
  guint n = wire_render_enum_keys (f, keys, names);
  const void *out;
  if (wide) {
    val64_string *vs = g_new0 (val64_string, n + 1);
    for (guint i = 0; i < n; i++)
      vs[i].value = keys[i], vs[i].strptr = names[i];
    out = vs;
  } else {
    value_string *vs = g_new0 (value_string, n + 1);
    for (guint i = 0; i < n; i++)
      vs[i].value = (guint32) keys[i], vs[i].strptr = names[i];
    out = vs;
  }
  g_free (keys);
  g_free (names);
  return out;
}

static gchar *flag_abbrev (const char *parent, const char *name)
{
  gchar *a = g_strdup_printf ("%s.%s", parent, name);
  for (gchar *p = a + strlen (parent) + 1; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      *p = '_';
  return a;
}

/* Through Wireshark's failure reporting: tshark prints "tshark: ..." on
 * stderr, the GUI shows a dialog once its window is up. */
static void report_errors (void)
{
  const GPtrArray *errors = wire_registry_errors (registry);
  for (guint i = 0; i < errors->len; i++)
    report_failure ("QMI schema: %s", (const char *) g_ptr_array_index (errors, i));
}

void
qmi_schema_register (int proto)
{
  GArray *hf = g_array_new (FALSE, TRUE, sizeof (hf_register_info));
  GArray *ett = g_array_new (FALSE, FALSE, sizeof (gint *));
  static hf_register_info generic[] = {
    { &hf_tlv_type, { "TLV type", "qmi.tlv.type", FT_UINT8, BASE_HEX, NULL, 0x0,
                      "The TLV's type (its line spans the whole TLV)", HFILL } },
    { &hf_tlv_length, { "Length", "qmi.tlv.length", FT_UINT16, BASE_DEC, NULL, 0x0, NULL, HFILL } },
    { &hf_tlv_value, { "Value", "qmi.tlv.value", FT_BYTES, BASE_NONE, NULL, 0x0, NULL, HFILL } },
  };
  static gint *generic_ett[] = { &ett_tlv };
  /* One expert info per walker problem, indexed by the problem: the
   * summary is wire/'s name for it (filled in below), the words qrtr-capture
   * prints too. Wireshark keeps pointers into this array. */
#define WALK_EI(problem, name, group, severity) \
  [problem] = { &ei_walk[problem], { name, group, severity, NULL, EXPFILL } }
  static ei_register_info ei[WIRE_WALK_N_PROBLEMS] = {
    WALK_EI (WIRE_WALK_TLV_SHORT_HEADER, "qmi.expert.short_tail", PI_MALFORMED, PI_ERROR),
    WALK_EI (WIRE_WALK_TLV_OVERRUN, "qmi.expert.overrun", PI_MALFORMED, PI_ERROR),
    WALK_EI (WIRE_WALK_FIELD_TRUNCATED, "qmi.expert.truncated", PI_MALFORMED, PI_ERROR),
    WALK_EI (WIRE_WALK_TLV_TRAILING, "qmi.expert.trailing_bytes", PI_PROTOCOL, PI_WARN),
    WALK_EI (WIRE_WALK_UNKNOWN_TLV, "qmi.expert.unknown_tlv", PI_UNDECODED, PI_NOTE),
    WALK_EI (WIRE_WALK_BAD_PREFIX, "qmi.expert.bad_prefix", PI_MALFORMED, PI_ERROR),
    WALK_EI (WIRE_WALK_BAD_ENUM, "qmi.expert.bad_enum", PI_PROTOCOL, PI_WARN),
    WALK_EI (WIRE_WALK_BAD_STRING, "qmi.expert.bad_string", PI_PROTOCOL, PI_WARN),
    WALK_EI (WIRE_WALK_DUPLICATE_TLV, "qmi.expert.duplicate_tlv", PI_PROTOCOL, PI_WARN),
    WALK_EI (WIRE_WALK_LIMIT, "qmi.expert.limit", PI_MALFORMED, PI_WARN),
  };
#undef WALK_EI
  guint n;

  qmi_schema_registry ();
  n = wire_registry_n_fields (registry);
  hf_field = g_new (int, n);
  ett_field = g_new (gint, n);
  hf_flag = g_new0 (int *, n);
  flag_fields = g_new0 (int **, n);
  handoff_field = g_new0 (const QmiHandoff *, n);
  tlv_head = g_new0 (char *, n);
  tlv_role = g_new0 (guint8, n);
  for (guint uid = 0; uid < n; uid++) {
    const WireField *f = wire_registry_field (registry, uid);
    handoff_field[uid] = qmi_handoff_for (f);
    tlv_role[uid] = g_str_equal (f->name, "result") ? TLV_RESULT : g_str_equal (f->name, "card_result") ? TLV_CARD_RESULT : 0;
    hf_register_info h = { &hf_field[uid], { f->title, f->abbrev, ft_for (f), BASE_NONE, NULL, 0x0,
                                              f->description, HFILL } };
    hf_field[uid] = -1;
    ett_field[uid] = -1;
    switch (h.hfinfo.type == FT_ABSOLUTE_TIME || h.hfinfo.type == FT_IPv4 ? WIRE_TYPE_STRUCT : f->kind) {
    case WIRE_TYPE_UINT:
    case WIRE_TYPE_INT:
      h.hfinfo.display = f->hex && f->kind == WIRE_TYPE_UINT ? BASE_HEX : BASE_DEC;
      if (f->values && !f->values->is_flags) {
        gboolean wide = f->size > 4;
        h.hfinfo.strings = value_strings_for (f, wide);
        if (wide)
          h.hfinfo.display |= BASE_VAL64_STRING;
      } else if (f->unit) {
        unit_name_string *u = g_new0 (unit_name_string, 1);
        u->singular = g_strdup_printf (" %s", f->unit);
        h.hfinfo.strings = u;
        h.hfinfo.display |= BASE_UNIT_STRING;
      }
      break;
    case WIRE_TYPE_FLOAT:
      h.hfinfo.display = BASE_NONE;
      break;
    default:
      break;
    }
    if (h.hfinfo.type == FT_ABSOLUTE_TIME)
      h.hfinfo.display = ABSOLUTE_TIME_UTC;
    g_array_append_val (hf, h);
    if (f->kind == WIRE_TYPE_STRUCT || f->kind == WIRE_TYPE_ARRAY || (f->values && f->values->is_flags) ||
        handoff_field[uid] || f->semantic == WIRE_SEM_PLMN) {
      gint *p = &ett_field[uid];
      g_array_append_val (ett, p);
    }
    if (f->values && f->values->is_flags && f->size <= 8) {
      hf_flag[uid] = g_new (int, f->values->n_values);
      flag_fields[uid] = g_new0 (int *, f->values->n_values + 1);
      for (guint i = 0; i < f->values->n_values; i++) {
        flag_fields[uid][i] = &hf_flag[uid][i];
        hf_register_info fh = { &hf_flag[uid][i], { f->values->values[i].name,
          flag_abbrev (f->abbrev, f->values->values[i].name), FT_BOOLEAN, (int) (f->size * 8), NULL,
          f->values->values[i].value, NULL, HFILL } };
        hf_flag[uid][i] = -1;
        g_array_append_val (hf, fh);
      }
    }
  }
  proto_register_field_array (proto, generic, array_length (generic));
  proto_register_subtree_array (generic_ett, array_length (generic_ett));
  /* Wireshark keeps pointers into these arrays: they live as long as the process. */
  proto_register_field_array (proto, (hf_register_info *) (void *) hf->data, (int) hf->len);
  proto_register_subtree_array ((gint *const *) (void *) ett->data, (int) ett->len);
  g_array_free (hf, FALSE);
  g_array_free (ett, FALSE);

  for (guint p = 0; p < WIRE_WALK_N_PROBLEMS; p++) {
    /* a problem added to wire/ without a line above fails here, at start-up */
    g_assert (ei[p].ids == &ei_walk[p] && ei[p].eiinfo.name);
    ei[p].eiinfo.summary = wire_walk_problem_name (p);
    ei_walk[p].ei = EI_INIT_EI;
    ei_walk[p].hf = -1;
  }
  expert_register_field_array (expert_register_protocol (proto), ei, WIRE_WALK_N_PROBLEMS);
  qmi_handoff_register (proto);
}

/* ---------- dissection: a walker visitor ---------- */

#define MAX_STACK (WIRE_WALK_MAX_DEPTH + 4)

typedef struct {
  tvbuff_t *tvb;
  packet_info *pinfo;
  gint base;
  proto_tree *trees[MAX_STACK];
  proto_item *items[MAX_STACK];
  guint top;
  QmiTlvHook hook;
  gpointer hook_data;
  gboolean response;
  gboolean in_result; /* inside a whole result TLV: qmi.result/qmi.error show it */
  const WireField *tlv_field; /* the current TLV's schema field */
  gboolean in_card_result;    /* it is UIM's card_result (SW1 SW2), for the APDU hand-off */
  QmiHandoffSiblings siblings; /* the TLV's integers so far, for hand-offs */
  guint64 mcc;        /* the MCC of the innermost struct so far, for its MNC's name */
  gboolean have_mcc;
} Visit;

/* wire/ renders into a GString. One scratch buffer for the process, reused
 * by every value of every packet: no allocation per packet, and nothing to
 * free by hand when a tree call throws mid-message (an exception would leak
 * a per-packet GString). Dissection runs on one thread; the text is copied
 * into the item at once, so a nested dissector cannot see it half-built. */
static GString *render_scratch (void)
{
  static GString *scratch;
  if (!scratch)
    scratch = g_string_sized_new (64);
  g_string_truncate (scratch, 0);
  return scratch;
}

static void push (Visit *s, proto_item *it, proto_tree *t)
{
  if (s->top + 1 < MAX_STACK) {
    s->top++;
    s->items[s->top] = it;
    s->trees[s->top] = t;
  }
}

/* "TLV 0x10 ESN (", the part of a TLV line its schema fixes: made once per
 * TLV of the schemas, on first use (a TLV the schema lacks has no name). */
static const char *tlv_label_head (const WireQmiTlv *tlv, const WireTlvDef *def)
{
  static char unknown[sizeof "TLV 0xff ("];
  if (!def) {
    g_snprintf (unknown, sizeof unknown, "TLV 0x%02x (", tlv->type);
    return unknown;
  }
  if (!tlv_head[def->field->uid])
    tlv_head[def->field->uid] = g_strdup_printf ("TLV 0x%02x %s (", tlv->type, def->field->title);
  return tlv_head[def->field->uid];
}

static void on_tlv_begin (gpointer data, const WireQmiTlv *tlv, const WireTlvDef *def)
{
  Visit *s = data;
  gint start = s->base + (gint) tlv->offset;
  ItemLabel label;
  proto_item *ti;
  proto_tree *tt;

  /* "TLV 0x10 ESN (8 bytes)": the TLV line is its type field over the whole
   * TLV (as DHCP's options are), its length a hidden field beside */
  item_label_init (&label);
  item_label_add (&label, tlv_label_head (tlv, def));
  item_label_uint (&label, tlv->length);
  item_label_add (&label, plurality (tlv->length, " byte)", " bytes)"));
  ti = proto_tree_add_uint_format (s->trees[s->top], hf_tlv_type, s->tvb, start,
                                   (gint) (WIRE_QMI_TLV_HEADER_LEN + tlv->value_len), tlv->type, "%s", label.s);
  tt = proto_item_add_subtree (ti, ett_tlv);
  proto_item_set_hidden (proto_tree_add_uint (tt, hf_tlv_length, s->tvb, start + 1, 2, tlv->length));
  if (!def && tlv->value_len)
    proto_tree_add_item (tt, hf_tlv_value, s->tvb, s->base + (gint) tlv->value_offset, (gint) tlv->value_len, ENC_NA);
  s->tlv_field = def ? def->field : NULL;
  s->in_card_result = def && tlv_role[def->field->uid] == TLV_CARD_RESULT;
  s->siblings.n = 0;
  s->have_mcc = FALSE;
  push (s, ti, tt);
  if (s->hook)
    s->hook (s->hook_data, tt, ti, tlv);
  /* A response's result TLV is shown once, by the protocol-wide qmi.result
   * and qmi.error the hook adds; the schema's copy of the same two numbers
   * would only repeat them. A short one keeps the schema walk, which says
   * what is missing. */
  s->in_result = s->response && def && tlv->type == WIRE_QMI_TLV_RESULT && tlv->value_len >= 4 &&
                 tlv_role[def->field->uid] == TLV_RESULT;
}

static void on_tlv_end (gpointer data, const WireQmiTlv *tlv G_GNUC_UNUSED)
{
  Visit *s = data;
  s->in_result = FALSE;
  s->tlv_field = NULL;
  s->in_card_result = FALSE;
  if (s->top > 0)
    s->top--;
}

/* A TLV that is one struct: its members go straight under the TLV, whose
 * line already names it; the struct's own field is still there to filter
 * on, hidden, rather than a second line saying the same. */
static gboolean is_tlv_struct (const Visit *s, const WireValue *v)
{
  return v->field == s->tlv_field && v->index < 0 && v->field->kind == WIRE_TYPE_STRUCT;
}

static void on_group_begin (gpointer data, const WireValue *v)
{
  Visit *s = data;
  const WireField *f = v->field;
  proto_item *it;
  if (s->in_result)
    return;
  s->have_mcc = FALSE;
  if (is_tlv_struct (s, v))
    return; /* its hidden item is added at the end, when its length is known */
  it = proto_tree_add_item (s->trees[s->top], hf_field[f->uid], s->tvb, s->base + (gint) v->offset, 0, ENC_NA);
  proto_tree *t = proto_item_add_subtree (it, ett_field[f->uid]);
  if (v->index >= 0)
    proto_item_set_text (it, "[%d]", v->index);
  if (f->kind == WIRE_TYPE_ARRAY)
    proto_item_append_text (it, ": %" G_GUINT64_FORMAT " item%s", v->v.u, v->v.u == 1 ? "" : "s");
  push (s, it, t);
}

static void on_group_end (gpointer data, const WireValue *v)
{
  Visit *s = data;
  if (s->in_result)
    return;
  if (is_tlv_struct (s, v)) {
    proto_item *it = proto_tree_add_item (s->trees[s->top], hf_field[v->field->uid], s->tvb,
                                          s->base + (gint) v->offset, (gint) v->length, ENC_NA);
    proto_item_set_hidden (it);
    return;
  }
  proto_item_set_len (s->items[s->top], (gint) v->length);
  if (s->top > 0)
    s->top--;
}

/* A flag set: the value, and under it one boolean line per flag, as
 * Wireshark's bitmask API draws them (from the value the walker read, which
 * is the bytes' value in the field's byte order). The value's own line is
 * left as it is (BMT_NO_APPEND): on_leaf gives it wire/'s text. */
static proto_item *add_flag_set (Visit *s, proto_tree *t, const WireValue *v, gint off)
{
  const WireField *f = v->field;
  return proto_tree_add_bitmask_value_with_flags (t, s->tvb, (guint) off, hf_field[f->uid], ett_field[f->uid],
                                                  flag_fields[f->uid], v->v.u, BMT_NO_APPEND);
}

/* The bitmask API adds its value as unsigned; a signed flag set (one in the
 * schemas, an i32) gets the same boolean lines under its own item. */
static void add_flag_lines (Visit *s, proto_item *it, const WireValue *v)
{
  const WireField *f = v->field;
  proto_tree *t = proto_item_add_subtree (it, ett_field[f->uid]);
  for (guint i = 0; i < f->values->n_values; i++)
    proto_tree_add_boolean (t, hf_flag[f->uid][i], s->tvb, s->base + (gint) v->offset, (gint) v->length, v->v.u);
}

/* Country names of E.212, Wireshark's own table: libwireshark exports it
 * on no release, but fields that show it are registered. e212.mcc carries
 * it on 4.0; from 4.4 on it is a string field without names, and EAP's
 * identity MCC (an FT_UINT16 over the same table on every release) is. */
static value_string_ext *mcc_names (void)
{
  static const char *const carriers[] = { "e212.mcc", "eap.identity.mcc" };
  static value_string_ext *names;
  static gboolean looked;
  if (!looked) {
    looked = TRUE;
    for (guint i = 0; i < G_N_ELEMENTS (carriers) && !names; i++) {
      header_field_info *hfi = proto_registrar_get_byname (carriers[i]);
      if (hfi && hfi->strings && (hfi->display & BASE_EXT_STRING))
        names = (value_string_ext *) (void *) hfi->strings;
    }
  }
  return names;
}

/* Network names of E.212, Wireshark's tables for two- and three-digit MNCs
 * (keys MCC * 100 + MNC and MCC * 1000 + MNC): exported on no release either,
 * but EAP registers one eap.identity.mnc field over each on 4.0 to 4.6. The
 * largest key tells them apart: a two-digit key is below 100000. */
static value_string_ext *mnc_names (guint digits)
{
  static value_string_ext *names[2];
  static gboolean looked;
  if (!looked) {
    looked = TRUE;
    for (header_field_info *hfi = proto_registrar_get_byname ("eap.identity.mnc"); hfi; hfi = hfi->same_name_next) {
      value_string_ext *vse = (value_string_ext *) (void *) hfi->strings;
      guint n;
      if (!vse || !(hfi->display & BASE_EXT_STRING) || !(n = VALUE_STRING_EXT_VS_NUM_ENTRIES (vse)))
        continue;
      if (!names[VALUE_STRING_EXT_VS_P (vse)[n - 1].value >= 100000])
        names[VALUE_STRING_EXT_VS_P (vse)[n - 1].value >= 100000] = vse;
    }
  }
  return names[digits == 3];
}

/* The network of an MNC after its struct's MCC. The digit count picks the
 * table; when no PCS digit flag was on the wire and the value is below 100,
 * the count is not known and E.212's tables decide as Wireshark's IMSI
 * decoding does: the two-digit network, else a three-digit one, which the
 * text then names with its three digits ("26 (T-Mobile USA, as 026)"). */
static void add_network_name (ItemLabel *l, guint64 mcc, const WireValue *v)
{
  const char *name = NULL;
  if (mcc > 999 || v->v.u > 999)
    return;
  if (mnc_names (v->digits))
    name = try_val_to_str_ext ((guint32) (mcc * (v->digits == 3 ? 1000 : 100) + v->v.u), mnc_names (v->digits));
  if (name) {
    item_label_add (l, " (");
    item_label_add (l, name);
    item_label_add (l, ")");
    return;
  }
  if (!v->digits_known && v->digits == 2 && mnc_names (3) &&
      (name = try_val_to_str_ext ((guint32) (mcc * 1000 + v->v.u), mnc_names (3)))) {
    item_label_add (l, " (");
    item_label_add (l, name);
    item_label_add (l, ", as ");
    item_label_add (l, v->v.u < 10 ? "00" : v->v.u < 100 ? "0" : "");
    item_label_uint (l, (guint32) v->v.u);
    item_label_add (l, ")");
  }
}

/* A typed item holds the raw value for filters; its text is wire/'s
 * rendering wherever Wireshark's own display of the type would differ. */
static proto_item *add_typed_leaf (Visit *s, proto_tree *t, const WireValue *v, gint off, gint len)
{
  const WireField *f = v->field;
  int hf = hf_field[f->uid];

  switch (f->semantic) {
  case WIRE_SEM_IPV4:
    return proto_tree_add_ipv4 (t, hf, s->tvb, off, len, g_htonl ((guint32) v->v.u));
  case WIRE_SEM_IPV6:
    return proto_tree_add_ipv6 (t, hf, s->tvb, off, len, (const ws_in6_addr *) (const void *) v->str);
  case WIRE_SEM_MAC:
    if (f->len_form == WIRE_LEN_FIXED)
      return proto_tree_add_ether (t, hf, s->tvb, off, len, (const guint8 *) v->str);
    break;
  case WIRE_SEM_TIME: {
    nstime_t ts = { 0, 0 };
    gint64 secs;
    gint32 ns;
    if (wire_render_time (f, v->v.u, &secs, &ns))
      ts.secs = (time_t) secs, ts.nsecs = ns;
    return proto_tree_add_time (t, hf, s->tvb, off, len, &ts);
  }
  default:
    break;
  }
  switch (f->kind) {
  case WIRE_TYPE_UINT:
    return f->size > 4 ? proto_tree_add_uint64 (t, hf, s->tvb, off, len, v->v.u)
                       : proto_tree_add_uint (t, hf, s->tvb, off, len, (guint32) v->v.u);
  case WIRE_TYPE_INT:
    return f->size > 4 ? proto_tree_add_int64 (t, hf, s->tvb, off, len, v->v.i)
                       : proto_tree_add_int (t, hf, s->tvb, off, len, (gint32) v->v.i);
  case WIRE_TYPE_FLOAT:
    return f->size == 4 ? proto_tree_add_float (t, hf, s->tvb, off, len, (float) v->v.f)
                        : proto_tree_add_double (t, hf, s->tvb, off, len, v->v.f);
  case WIRE_TYPE_BOOL:
    return proto_tree_add_boolean (t, hf, s->tvb, off, len, v->v.u);
  case WIRE_TYPE_STRING:
    if (v->not_text)
      return proto_tree_add_string_format_value (t, hf, s->tvb, off, len, v->str, "%s (bytes, not text)", v->str);
    return proto_tree_add_string (t, hf, s->tvb, off, len, v->str);
  case WIRE_TYPE_BYTES:
    /* The item covers the prefix too; its value is only the data after it. */
    return proto_tree_add_bytes_with_length (t, hf, s->tvb, off, len, (const guint8 *) v->str, (gint) v->str_len);
  default:
    return NULL;
  }
}

/* A value's line in one label with what goes around it: "[1] MCC: 310
 * (United States) [personal]". The value is wire/'s text where Wireshark's
 * own display of the field would differ (rendered), else Wireshark's label;
 * names: the country or network after it. Set once: each prepend or append
 * would print the label again. A line too long for Wireshark is drawn as
 * the steps used to be, so it is cut and marked as before on every release. */
static void label_leaf (proto_item *it, const WireValue *v, gboolean rendered, const char *names)
{
  gboolean personal = v->field->personal != WIRE_PERSONAL_NONE;
  GString *text = NULL;
  ItemLabel label;
  item_label_init (&label);
  if (v->index >= 0) {
    item_label_add (&label, "[");
    item_label_uint (&label, (guint32) v->index);
    item_label_add (&label, "] ");
  }
  if (rendered) {
    text = render_scratch ();
    wire_render_value (v, WIRE_RENDER_ITEM, text);
    item_label_add (&label, v->field->title);
    item_label_add (&label, ": ");
    item_label_add (&label, text->str);
  } else if (PITEM_FINFO (it)->rep) {
    /* a text the item was added with ("... (bytes, not text)") */
    item_label_add (&label, PITEM_FINFO (it)->rep->representation);
  } else {
    char own[ITEM_LABEL_LENGTH];
    qrtr_fill_label (PITEM_FINFO (it), own);
    item_label_add (&label, own);
  }
  item_label_add (&label, names);
  if (personal)
    item_label_add (&label, " [personal]");
  if (label.n < ITEM_LABEL_LENGTH - 1) {
    proto_item_set_text (it, "%s", label.s);
    return;
  }
  if (rendered)
    proto_item_set_text (it, "%s: %s", v->field->title, text->str);
  if (*names)
    proto_item_append_text (it, "%s", names);
  if (v->index >= 0)
    proto_item_prepend_text (it, "[%d] ", v->index);
  if (personal)
    proto_item_append_text (it, " [personal]");
}

static void on_leaf (gpointer data, const WireValue *v)
{
  Visit *s = data;
  const WireField *f = v->field;
  proto_item *it;
  gboolean flag_set, by_bitmask;
  ItemLabel names;
  const char *country;

  if (s->in_result)
    return;
  if (f->kind == WIRE_TYPE_UINT) {
    if (s->in_card_result && g_str_equal (f->name, "sw1"))
      s->siblings.sw_offset = s->base + (gint) v->offset;
    if (s->siblings.n < QMI_HANDOFF_MAX_SIBLINGS) {
      s->siblings.names[s->siblings.n] = f->name;
      s->siblings.values[s->siblings.n++] = v->v.u;
    }
  }
  flag_set = f->values && f->values->is_flags && flag_fields[f->uid];
  by_bitmask = flag_set && f->kind == WIRE_TYPE_UINT && f->semantic == WIRE_SEM_NONE;
  if (by_bitmask)
    it = add_flag_set (s, s->trees[s->top], v, s->base + (gint) v->offset);
  else
    it = add_typed_leaf (s, s->trees[s->top], v, s->base + (gint) v->offset, (gint) v->length);
  if (!it)
    return;
  if (flag_set && !by_bitmask)
    add_flag_lines (s, it, v);
  if (f->kind == WIRE_TYPE_BYTES && handoff_field[f->uid])
    qmi_handoff_dissect (handoff_field[f->uid], s->tvb, s->pinfo, proto_item_add_subtree (it, ett_field[f->uid]),
                         s->base + (gint) (v->offset + v->length - v->str_len), (gint) v->str_len, &s->siblings);
  /* the names that follow the value: its country, its network */
  item_label_init (&names);
  if (f->semantic == WIRE_SEM_MCC && mcc_names () && (country = try_val_to_str_ext ((guint32) v->v.u, mcc_names ()))) {
    item_label_add (&names, " (");
    item_label_add (&names, country);
    item_label_add (&names, ")");
  }
  if (f->semantic == WIRE_SEM_MNC && s->have_mcc)
    add_network_name (&names, s->mcc, v);
  /* labels cost; an invisible tree (a pass without -V) shows no text */
  if (PTREE_DATA (it)->visible) {
    gboolean rendered = !wire_render_is_native (v);
    if (rendered || v->index >= 0 || names.n || f->personal != WIRE_PERSONAL_NONE)
      label_leaf (it, v, rendered, names.s);
  }
  if (f->semantic == WIRE_SEM_MCC) {
    s->mcc = v->v.u;
    s->have_mcc = TRUE;
  }
  /* A 24.008 PLMN is what Wireshark's own E.212 code reads: its e212.mcc
   * and e212.mnc items, with the country and network names of the release,
   * go under the PLMN (and filter as in every other 3GPP dissector). */
  if (f->semantic == WIRE_SEM_PLMN && v->plmn_valid)
    dissect_e212_mcc_mnc (s->tvb, s->pinfo, proto_item_add_subtree (it, ett_field[f->uid]),
                          s->base + (gint) v->offset, E212_NONE, TRUE);
}

static void on_problem (gpointer data, WireWalkProblem p, gsize off, gsize len, const char *detail)
{
  Visit *s = data;
  proto_tree *t = s->trees[s->top];
  gint start = s->base + (gint) off;
  gint avail = tvb_reported_length_remaining (s->tvb, start);
  (void) len;
  if (avail < 0)
    start = s->base, avail = 0;
  proto_tree_add_expert_format (t, s->pinfo, &ei_walk[p], s->tvb, start, MIN ((gint) len, avail), "%s", detail);
}

static WireWalkScratch walk_scratch;
static gboolean walk_scratch_busy;

guint
qmi_schema_dissect_tlvs (tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, gint base, gsize len,
                         const WireMessage *msg, QmiTlvHook tlv_hook, gpointer hook_data)
{
  static const WireWalkVisitor visitor = {
    on_tlv_begin, on_tlv_end, on_group_begin, on_group_end, on_leaf, on_problem,
  };
  Visit s = { .tvb = tvb, .pinfo = pinfo, .base = base, .hook = tlv_hook, .hook_data = hook_data,
              .response = msg && msg->kind == WIRE_QMI_RESPONSE, .siblings.sw_offset = -1 };
  const guint8 *buf = tvb_get_ptr (tvb, base, (gint) len);
  volatile guint problems; /* set inside TRY, read after it */
  s.trees[0] = tree;
  s.items[0] = NULL;
  /* the walk's strings come from one scratch kept for the process: an
   * exception that unwinds through the visitor leaves nothing behind. A
   * walk nested in a visitor's hand-off (no dissector Wireshark hands QMI
   * to does that today) gets its own, freed as wire_walk_message does. */
  if (walk_scratch_busy)
    return wire_walk_message (msg, buf, len, &visitor, &s);
  walk_scratch_busy = TRUE;
  TRY {
    problems = wire_walk_message_in (&walk_scratch, msg, buf, len, &visitor, &s);
  }
  FINALLY {
    walk_scratch_busy = FALSE;
  }
  ENDTRY;
  return problems;
}
