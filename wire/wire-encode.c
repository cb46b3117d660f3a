/* Schema-driven encoding (values -> TLV bytes), sample values, and decoding
 * back to values through the walker. The encoder writes exactly the layouts
 * the walker reads, which the round-trip test holds it to for every message
 * of every schema. */
#include <string.h>
#include "wire-encode.h"
#include "wire-gsm7.h"
#include "wire-walk.h"

#define ENCODE_ERROR g_quark_from_static_string ("wire-encode")

static void put_uint (GByteArray *out, guint64 v, guint size, gboolean big)
{
  guint8 b[8];
  for (guint i = 0; i < size; i++)
    b[big ? size - 1 - i : i] = (guint8) (v >> (8 * i));
  g_byte_array_append (out, b, size);
}

static gboolean fail (GError **error, const WireField *f, const char *what)
{
  g_set_error (error, ENCODE_ERROR, 1, "%s: %s", f->abbrev ? f->abbrev : f->name, what);
  return FALSE;
}

/* A number, or for enums a value name, or for flags a list of names. */
static gboolean leaf_number (const WireField *f, JsonNode *n, guint64 *out, GError **error)
{
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64) {
    *out = (guint64) json_node_get_int (n);
    return TRUE;
  }
  if (JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN) {
    *out = json_node_get_boolean (n);
    return TRUE;
  }
  if (f->values && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING) {
    const char *name = json_node_get_string (n);
    for (guint i = 0; i < f->values->n_values; i++)
      if (g_str_equal (f->values->values[i].name, name)) {
        *out = f->values->values[i].value;
        return TRUE;
      }
    return fail (error, f, "no such value name");
  }
  if (f->values && f->values->is_flags && JSON_NODE_HOLDS_ARRAY (n)) {
    JsonArray *a = json_node_get_array (n);
    *out = 0;
    for (guint i = 0; i < json_array_get_length (a); i++) {
      guint64 bit;
      if (!leaf_number (f, json_array_get_element (a, i), &bit, error))
        return FALSE;
      *out |= bit;
    }
    return TRUE;
  }
  return fail (error, f, "expected a number");
}

static gboolean put_length (GByteArray *out, const WireField *f, gsize n, GError **error)
{
  static const guint widths[] = { [WIRE_LEN_U8] = 1, [WIRE_LEN_U16] = 2, [WIRE_LEN_U32] = 4 };
  if (f->len_form != WIRE_LEN_U8 && f->len_form != WIRE_LEN_U16 && f->len_form != WIRE_LEN_U32)
    return TRUE;
  if (widths[f->len_form] < 8 && n >> (8 * widths[f->len_form]))
    return fail (error, f, "too long for its length prefix");
  put_uint (out, n, widths[f->len_form], f->big_endian);
  return TRUE;
}

/* Text in enc; *septets gets the septet count of GSM 7-bit text. */
static GByteArray *encode_text (const WireField *f, WireStrEncoding enc, gboolean big, const char *s,
                                guint *septets, GError **error)
{
  GByteArray *b = g_byte_array_new ();
  gsize n = strlen (s);

  switch (f->kind == WIRE_TYPE_BYTES ? WIRE_STR_HEX : enc) {
  case WIRE_STR_ASCII:
  case WIRE_STR_UTF8:
  case WIRE_STR_UTF8_OR_GSM7:
    g_byte_array_append (b, (const guint8 *) s, n);
    break;
  case WIRE_STR_UCS2: {
    glong units;
    gunichar2 *u = g_utf8_to_utf16 (s, -1, NULL, &units, NULL);
    for (glong i = 0; u && i < units; i++)
      put_uint (b, u[i], 2, big);
    g_free (u);
    break;
  }
  case WIRE_STR_GSM7:
  case WIRE_STR_GSM7_PACKED: {
    GByteArray *sep = g_byte_array_new ();
    if (!wire_gsm7_from_utf8 (s, sep)) {
      g_byte_array_unref (sep);
      g_byte_array_unref (b);
      fail (error, f, "a character the GSM 7-bit alphabet lacks");
      return NULL;
    }
    *septets = sep->len;
    if (enc == WIRE_STR_GSM7)
      g_byte_array_append (b, sep->data, sep->len);
    else
      wire_gsm7_pack (sep->data, sep->len, b);
    g_byte_array_unref (sep);
    break;
  }
  case WIRE_STR_BCD:
  case WIRE_STR_BCD_HIGH_FIRST:
    for (gsize i = 0; i < n; i += 2) {
      guint8 first = (guint8) (s[i] - '0'), second = i + 1 < n ? (guint8) (s[i + 1] - '0') : 0x0f;
      guint8 byte = enc == WIRE_STR_BCD ? (guint8) (first | second << 4) : (guint8) (first << 4 | second);
      g_byte_array_append (b, &byte, 1);
    }
    break;
  default: /* bytes: hex digits */
    if (n % 2) {
      g_byte_array_unref (b);
      fail (error, f, "hex bytes need an even number of digits");
      return NULL;
    }
    for (gsize i = 0; i < n; i += 2) {
      gint hi = g_ascii_xdigit_value (s[i]), lo = g_ascii_xdigit_value (s[i + 1]);
      guint8 byte;
      if (hi < 0 || lo < 0) {
        g_byte_array_unref (b);
        fail (error, f, "not hex");
        return NULL;
      }
      byte = (guint8) (hi << 4 | lo);
      g_byte_array_append (b, &byte, 1);
    }
    break;
  }
  return b;
}

static gboolean encode_member (GByteArray *out, const WireField *f, JsonNode *n, WireStrEncoding enc, gboolean big,
                               GError **error);

static gboolean encode_field (GByteArray *out, const WireField *f, JsonNode *n, GError **error)
{
  return encode_member (out, f, n, f->encoding, f->big_endian, error);
}

/* The encoding a chosen string takes from its struct's values. */
static gboolean chosen_encoding (const WireField *parent, JsonObject *o, const WireField *f, WireStrEncoding *enc,
                                 gboolean *big, GError **error)
{
  const WireField *sel = parent->members[f->choice->selector];
  JsonNode *n = json_object_get_member (o, sel->name);
  guint64 v;
  if (!n || !leaf_number (sel, n, &v, error))
    return n ? FALSE : fail (error, sel, "missing");
  if (sel->kind == WIRE_TYPE_INT && sel->size < 8) /* as the walker reads it: sign-extended */
    v = (guint64) ((gint64) (v << (64 - 8 * sel->size)) >> (64 - 8 * sel->size));
  if (!wire_text_choice_pick (f->choice, v, enc, big))
    return fail (error, f, "its encoding field's value names no encoding");
  return TRUE;
}

static gboolean encode_member (GByteArray *out, const WireField *f, JsonNode *n, WireStrEncoding enc, gboolean big,
                               GError **error)
{
  guint64 v;

  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_BOOL:
    if (!leaf_number (f, n, &v, error))
      return FALSE;
    put_uint (out, v, f->size, f->big_endian);
    return TRUE;
  case WIRE_TYPE_FLOAT: {
    gdouble d;
    if (!JSON_NODE_HOLDS_VALUE (n) || (json_node_get_value_type (n) != G_TYPE_DOUBLE &&
                                       json_node_get_value_type (n) != G_TYPE_INT64))
      return fail (error, f, "expected a number");
    d = json_node_get_double (n);
    if (f->size == 4) {
      gfloat x = (gfloat) d;
      guint32 bits;
      memcpy (&bits, &x, 4);
      put_uint (out, bits, 4, f->big_endian);
    } else {
      guint64 bits;
      memcpy (&bits, &d, 8);
      put_uint (out, bits, 8, f->big_endian);
    }
    return TRUE;
  }
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES: {
    GByteArray *b;
    gboolean ok = TRUE;
    guint septets = 0;
    if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
      return fail (error, f, "expected a string");
    if (!(b = encode_text (f, enc, big, json_node_get_string (n), &septets, error)))
      return FALSE;
    if (f->len_form == WIRE_LEN_FIXED) {
      if (b->len > f->fixed * wire_text_unit (f))
        ok = fail (error, f, "longer than its fixed size");
      else {
        guint8 zero = 0;
        while (b->len < f->fixed * wire_text_unit (f))
          g_byte_array_append (b, &zero, 1);
      }
    }
    ok = ok && put_length (out, f, f->septet_length ? septets : b->len / wire_text_unit (f), error);
    if (ok)
      g_byte_array_append (out, b->data, b->len);
    g_byte_array_unref (b);
    return ok;
  }
  case WIRE_TYPE_ARRAY: {
    JsonArray *a;
    guint count;
    if (!JSON_NODE_HOLDS_ARRAY (n))
      return fail (error, f, "expected a list");
    a = json_node_get_array (n);
    count = json_array_get_length (a);
    if (f->len_form == WIRE_LEN_FIXED && count != f->fixed)
      return fail (error, f, "a fixed-count array needs exactly that many elements");
    if (!put_length (out, f, count, error))
      return FALSE;
    for (guint i = 0; i < count; i++)
      if (!encode_field (out, f->element, json_array_get_element (a, i), error))
        return FALSE;
    return TRUE;
  }
  case WIRE_TYPE_STRUCT: {
    JsonObject *o;
    if (!JSON_NODE_HOLDS_OBJECT (n))
      return fail (error, f, "expected an object of members");
    o = json_node_get_object (n);
    for (guint i = 0; i < f->n_members; i++) {
      JsonNode *m = json_object_get_member (o, f->members[i]->name);
      const WireField *mf = f->members[i];
      WireStrEncoding enc = mf->encoding;
      gboolean big = mf->big_endian;
      if (!m)
        return fail (error, mf, "missing");
      if (mf->choice && mf->choice->selector >= 0 && !chosen_encoding (f, o, mf, &enc, &big, error))
        return FALSE;
      if (!encode_member (out, mf, m, enc, big, error))
        return FALSE;
    }
    if (json_object_get_size (o) != f->n_members)
      return fail (error, f, "unknown members");
    return TRUE;
  }
  }
  return FALSE;
}

GByteArray *
wire_encode_tlvs (const WireMessage *msg, JsonNode *values, GError **error)
{
  GByteArray *out = g_byte_array_new ();
  JsonObject *o;
  guint used = 0;

  if (!values || !JSON_NODE_HOLDS_OBJECT (values)) {
    g_set_error (error, ENCODE_ERROR, 1, "%s: values must be an object keyed by TLV name", msg->name);
    g_byte_array_unref (out);
    return NULL;
  }
  o = json_node_get_object (values);
  for (guint t = 0; t < msg->n_tlvs; t++) {
    JsonNode *v = json_object_get_member (o, msg->tlvs[t].field->name);
    GByteArray *value;
    if (!v)
      continue;
    used++;
    value = g_byte_array_new ();
    if (!encode_field (value, msg->tlvs[t].field, v, error) || value->len > G_MAXUINT16) {
      if (error && !*error)
        g_set_error (error, ENCODE_ERROR, 1, "%s: TLV longer than 65535 bytes", msg->tlvs[t].field->name);
      g_byte_array_unref (value);
      g_byte_array_unref (out);
      return NULL;
    }
    {
      guint8 head[3] = { msg->tlvs[t].id, (guint8) value->len, (guint8) (value->len >> 8) };
      g_byte_array_append (out, head, 3);
      g_byte_array_append (out, value->data, value->len);
    }
    g_byte_array_unref (value);
  }
  if (used != json_object_get_size (o)) {
    g_set_error (error, ENCODE_ERROR, 1, "%s: a value names a TLV the message does not have", msg->name);
    g_byte_array_unref (out);
    return NULL;
  }
  return out;
}

/* ---------- samples ---------- */

typedef struct {
  WireSampleStyle style;
  guint array_depth; /* arrays around the field being sampled */
} SampleCtx;

static JsonNode *sample_field (const WireField *f, guint seed, SampleCtx *ctx);

/* Text beyond ASCII, one character per UCS-2 unit (all in the BMP): Latin-1,
 * Greek, Cyrillic, CJK and the euro sign. */
static const char *const non_ascii_chars[] = {
  /* é ß Ω ж 中 € ü, then an ASCII letter */
  "\xc3\xa9", "\xc3\x9f", "\xce\xa9", "\xd0\xb6", "\xe4\xb8\xad", "\xe2\x82\xac", "\xc3\xbc", "A" };
/* The same beyond ASCII that GSM 7-bit text can carry (é ß Ω ü in the
 * default alphabet, € in the extension table: two septets), as septets. */
static const char *const gsm7_chars[] = { "\xc3\xa9", "\xc3\x9f", "\xce\xa9", "\xe2\x82\xac", "\xc3\xbc", "A" };
static const guint gsm7_septets[] = { 1, 1, 1, 2, 1, 1 };

/* Most text units (or bytes) the sampler writes for a string/bytes field. */
static guint sample_text_units (const WireField *f, const SampleCtx *ctx)
{
  if (f->len_form == WIRE_LEN_FIXED)
    return f->fixed;
  if (ctx->style & WIRE_SAMPLE_MAX_COUNTS)
    return MIN (f->max_len ? f->max_len : 32u, ctx->array_depth ? 16u : 255u);
  return MIN (f->max_len ? f->max_len : 8u, 8u);
}

/* enc: the encoding the text will have (f's own, or the one its coding
 * scheme field was given; WIRE_STR_CHOSEN before that is known). */
static JsonNode *sample_text (const WireField *f, WireStrEncoding enc, guint seed, const SampleCtx *ctx)
{
  GString *s = g_string_new (NULL);
  guint len = sample_text_units (f, ctx);
  gboolean max = (ctx->style & WIRE_SAMPLE_MAX_COUNTS) != 0;
  JsonNode *n;

  if (f->semantic == WIRE_SEM_PLMN) {
    /* a 24.008 PLMN: BCD digits, every other seed a two-digit MNC (F filler) */
    guint d[6];
    for (guint i = 0; i < 6; i++)
      d[i] = (seed + i * 3) % 10;
    g_string_append_printf (s, "%x%x%x%x%x%x", d[1], d[0], seed % 2 ? 0xf : d[5], d[2], d[4], d[3]);
  } else if (f->kind == WIRE_TYPE_BYTES) {
    for (guint i = 0; i < MAX (len, 1u) && (f->len_form == WIRE_LEN_FIXED || max || i < 3); i++)
      g_string_append_printf (s, "%02x", (seed + i * 37) & 0xff);
  } else if (f->encoding == WIRE_STR_BCD || f->encoding == WIRE_STR_BCD_HIGH_FIRST) {
    for (guint i = 0; i < (f->len_form == WIRE_LEN_FIXED ? 2 * len : MAX (len, 1u)); i++)
      g_string_append_c (s, (gchar) ('0' + (seed + i) % 10));
  } else if ((ctx->style & WIRE_SAMPLE_NON_ASCII) && enc != WIRE_STR_CHOSEN) {
    /* lengths count bytes (UTF-8, chosen UCS-2), units (UCS-2) or at most
     * septets (GSM 7-bit): stop before the limit */
    gboolean gsm7 = enc == WIRE_STR_GSM7 || enc == WIRE_STR_GSM7_PACKED;
    for (guint i = 0, units = 0;; i++) {
      guint k = (seed + i) % (gsm7 ? G_N_ELEMENTS (gsm7_chars) : G_N_ELEMENTS (non_ascii_chars));
      const char *c = gsm7 ? gsm7_chars[k] : non_ascii_chars[k];
      guint cost = gsm7 ? gsm7_septets[k] : enc == WIRE_STR_UCS2 ? (f->choice ? 2 : 1) : (guint) strlen (c);
      if (units + cost > MAX (len, 1u))
        break;
      g_string_append (s, c);
      units += cost;
    }
  } else if (f->encoding == WIRE_STR_UCS2) {
    /* lengths count UCS-2 units: one per character here */
    for (guint i = 0; i < MAX (len, 1u); i++)
      g_string_append_c (s, (gchar) ('a' + (seed + i) % 26));
  } else {
    for (guint i = 0; i < MAX (len, 1u); i++)
      g_string_append_c (s, (gchar) ('A' + (seed + i) % 26));
  }
  n = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (n, s->str);
  g_string_free (s, TRUE);
  return n;
}

static guint sample_count (const WireField *f, const SampleCtx *ctx)
{
  guint count = f->len_form == WIRE_LEN_FIXED ? f->fixed : 2;
  if (f->len_form != WIRE_LEN_FIXED && (ctx->style & WIRE_SAMPLE_MAX_COUNTS))
    /* the stated maximum at the outer level; inner arrays stay small so
     * that nested maxima still fit in one TLV */
    count = ctx->array_depth ? 3 : (f->max_len ? MIN (f->max_len, 255u) : 12);
  if (f->max_len && count > f->max_len)
    count = f->max_len;
  return count;
}

/* A chosen string's sample is text: its selector names the first text
 * encoding of the choice (GSM 7-bit for a CBS data coding scheme), and its
 * spare bits are "not known", which fits any length. */
/* Gives a chosen string's coding-scheme field a value that names a text
 * encoding (UCS-2 for text beyond ASCII where the scheme offers it), and
 * returns that encoding. */
static WireStrEncoding sample_choice (const WireField *parent, const WireField *f, JsonObject *o,
                                      const SampleCtx *ctx)
{
  const WireTextChoice *c = f->choice;
  if (!c)
    return f->encoding;
  if (c->spare_bits >= 0)
    json_object_set_int_member (o, parent->members[c->spare_bits]->name, 0);
  if (c->selector < 0)
    return f->encoding;
  if (c->cbs_dcs) {
    json_object_set_int_member (o, parent->members[c->selector]->name, 0x0f);
    return WIRE_STR_GSM7_PACKED;
  }
  for (guint i = 0; (ctx->style & WIRE_SAMPLE_NON_ASCII) && i < c->n_entries; i++)
    if (c->entries[i].encoding == WIRE_STR_UCS2) {
      json_object_set_int_member (o, parent->members[c->selector]->name, (gint64) c->entries[i].value);
      return WIRE_STR_UCS2;
    }
  for (guint i = 0; i < c->n_entries; i++)
    if (c->entries[i].encoding != WIRE_STR_HEX) {
      json_object_set_int_member (o, parent->members[c->selector]->name, (gint64) c->entries[i].value);
      return c->entries[i].encoding;
    }
  return WIRE_STR_CHOSEN;
}

static JsonNode *sample_field (const WireField *f, guint seed, SampleCtx *ctx)
{
  JsonNode *n;
  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT: {
    gint64 v;
    guint bits = 8 * f->size;
    guint fitting = 0;
    guint64 raw = 0, at;
    /* a named set may hold values that cannot occur in this field: pick
     * among those that can, the seed-th one */
    for (guint i = 0; f->values && i < f->values->n_values; i++)
      fitting += wire_value_at_width (f, f->values->values[i].value, &at);
    if (fitting) {
      for (guint i = 0, k = 0; i < f->values->n_values; i++)
        if (wire_value_at_width (f, f->values->values[i].value, &at) && k++ == seed % fitting)
          raw = at;
      if (f->values->is_flags && (ctx->style & WIRE_SAMPLE_MAX_COUNTS))
        for (guint i = 0; i < f->values->n_values; i++)
          if (wire_value_at_width (f, f->values->values[i].value, &at))
            raw |= at;
      v = (gint64) raw;
      if (f->kind == WIRE_TYPE_INT && bits < 64)
        v = (gint64) ((guint64) v << (64 - bits)) >> (64 - bits);
    } else {
      v = (gint64) ((seed * 31u + f->uid) % (bits >= 16 ? 1000u : 100u));
      if (f->kind == WIRE_TYPE_INT)
        v = -v;
    }
    n = json_node_new (JSON_NODE_VALUE);
    json_node_set_int (n, v);
    return n;
  }
  case WIRE_TYPE_BOOL:
    n = json_node_new (JSON_NODE_VALUE);
    json_node_set_int (n, 1);
    return n;
  case WIRE_TYPE_FLOAT:
    n = json_node_new (JSON_NODE_VALUE);
    json_node_set_double (n, 1.5 + seed % 4);
    return n;
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
    return sample_text (f, f->encoding, seed, ctx);
  case WIRE_TYPE_ARRAY: {
    JsonArray *a = json_array_new ();
    guint count = sample_count (f, ctx);
    ctx->array_depth++;
    for (guint i = 0; i < count; i++)
      json_array_add_element (a, sample_field (f->element, seed + i, ctx));
    ctx->array_depth--;
    n = json_node_new (JSON_NODE_ARRAY);
    json_node_take_array (n, a);
    return n;
  }
  case WIRE_TYPE_STRUCT: {
    JsonObject *o = json_object_new ();
    for (guint i = 0; i < f->n_members; i++)
      json_object_set_member (o, f->members[i]->name, sample_field (f->members[i], seed + i, ctx));
    for (guint i = 0; i < f->n_members; i++) {
      WireStrEncoding enc = sample_choice (f, f->members[i], o, ctx);
      /* text beyond ASCII must be text its chosen encoding can carry */
      if (f->members[i]->choice && (ctx->style & WIRE_SAMPLE_NON_ASCII) && enc != WIRE_STR_CHOSEN)
        json_object_set_member (o, f->members[i]->name, sample_text (f->members[i], enc, seed + i, ctx));
    }
    /* a length field states the length of the text it measures */
    for (guint i = 0; i < f->n_members; i++)
      if (f->members[i]->length_of) {
        const WireField *m = f->members[f->members[i]->length_of - 1];
        guint septets = 0;
        GByteArray *b = encode_text (m, m->encoding, m->big_endian, json_object_get_string_member (o, m->name), &septets, NULL);
        json_object_set_int_member (o, f->members[i]->name, b ? b->len / wire_text_unit (m) : 0);
        if (b)
          g_byte_array_unref (b);
      }
    n = json_node_new (JSON_NODE_OBJECT);
    json_node_take_object (n, o);
    return n;
  }
  }
  return json_node_new (JSON_NODE_NULL);
}

JsonNode *
wire_sample_values_styled (const WireMessage *msg, guint seed, WireSampleStyle style)
{
  JsonObject *o = json_object_new ();
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  for (guint t = 0; t < msg->n_tlvs; t++) {
    SampleCtx ctx = { style, 0 };
    json_object_set_member (o, msg->tlvs[t].field->name, sample_field (msg->tlvs[t].field, seed + t, &ctx));
  }
  json_node_take_object (n, o);
  return n;
}

JsonNode *
wire_sample_values (const WireMessage *msg, guint seed)
{
  return wire_sample_values_styled (msg, seed, WIRE_SAMPLE_PLAIN);
}

/* ---------- decoding back to values ---------- */

typedef struct {
  JsonNode *stack[WIRE_WALK_MAX_DEPTH + 4];
  guint top;
  JsonObject *root;
  const char *tlv_name;
} Collect;

static void attach (Collect *c, const WireField *f, JsonNode *n)
{
  JsonNode *parent = c->top ? c->stack[c->top - 1] : NULL;
  if (!parent) {
    if (c->tlv_name)
      json_object_set_member (c->root, c->tlv_name, n);
    else
      json_node_unref (n);
  } else if (JSON_NODE_HOLDS_ARRAY (parent)) {
    json_array_add_element (json_node_get_array (parent), n);
  } else {
    json_object_set_member (json_node_get_object (parent), f->name, n);
  }
}

static void c_tlv_begin (gpointer d, const WireQmiTlv *t G_GNUC_UNUSED, const WireTlvDef *def)
{
  ((Collect *) d)->tlv_name = def ? def->field->name : NULL;
}

static void c_group_begin (gpointer d, const WireValue *v)
{
  Collect *c = d;
  JsonNode *n = v->field->kind == WIRE_TYPE_ARRAY ? json_node_new (JSON_NODE_ARRAY) : json_node_new (JSON_NODE_OBJECT);
  if (JSON_NODE_HOLDS_ARRAY (n))
    json_node_take_array (n, json_array_new ());
  else
    json_node_take_object (n, json_object_new ());
  attach (c, v->field, n);
  if (c->top < G_N_ELEMENTS (c->stack))
    c->stack[c->top++] = n;
}

static void c_group_end (gpointer d, const WireValue *v G_GNUC_UNUSED)
{
  Collect *c = d;
  if (c->top)
    c->top--;
}

static void c_leaf (gpointer d, const WireValue *v)
{
  Collect *c = d;
  JsonNode *n = json_node_new (JSON_NODE_VALUE);
  switch (v->field->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_BOOL:
    json_node_set_int (n, (gint64) v->v.u);
    break;
  case WIRE_TYPE_INT:
    json_node_set_int (n, v->v.i);
    break;
  case WIRE_TYPE_FLOAT:
    json_node_set_double (n, v->v.f);
    break;
  case WIRE_TYPE_STRING:
    json_node_set_string (n, v->str);
    break;
  case WIRE_TYPE_BYTES: {
    GString *hex = g_string_new (NULL);
    for (gsize i = 0; i < v->str_len; i++)
      g_string_append_printf (hex, "%02x", (guint8) v->str[i]);
    json_node_set_string (n, hex->str);
    g_string_free (hex, TRUE);
    break;
  }
  default:
    break;
  }
  attach (c, v->field, n);
}

JsonNode *
wire_decode_values (const WireMessage *msg, const guint8 *tlvs, gsize len)
{
  static const WireWalkVisitor visitor = { c_tlv_begin, NULL, c_group_begin, c_group_end, c_leaf, NULL };
  Collect c = { .root = json_object_new () };
  JsonNode *n = json_node_new (JSON_NODE_OBJECT);
  wire_walk_message (msg, tlvs, len, &visitor, &c);
  json_node_take_object (n, c.root);
  return n;
}
