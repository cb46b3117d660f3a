/* The TLV walker: one pass over a message's TLVs against its schema. Every
 * read is bounds-checked against the end of the enclosing TLV; lengths and
 * counts from the wire are trusted only as far as the bytes go, and the work
 * per message is capped (WIRE_WALK_MAX_ITEMS), so a hostile count costs a
 * problem report, not a hang. */
#include <string.h>
#include "wire-gsm7.h"
#include "wire-walk.h"

/* The integer members a struct has reported so far, for strings whose
 * encoding or spare bits another member gives (WireTextChoice). */
typedef struct {
  guint64 values[WIRE_TEXT_CHOICE_MAX_MEMBER];
  guint64 have; /* bit i: values[i] was read */
} Siblings;

typedef struct {
  const guint8 *buf;
  gsize len;     /* of the whole TLV area: a PCS digit flag may be in another TLV */
  const WireWalkVisitor *v;
  gpointer ud;
  guint items;
  guint problems;
  gboolean stopped;
  GString *text; /* decoded string scratch (the caller's), reused for every
                  * string; taken at the first string (most messages have none) */
  GString *why;  /* what a string decoder found wrong, reused likewise */
  WireWalkScratch *scratch; /* where text and why come from; its detail words problems */
  const Siblings *siblings; /* of the innermost struct being walked, or NULL */
  guint64 last_int;         /* the last UINT/INT walk_number read ... */
  gboolean have_last_int;   /* ... since walk_struct last cleared this */
} Walk;

static const char *const problem_names[WIRE_WALK_N_PROBLEMS] = {
  [WIRE_WALK_TLV_SHORT_HEADER] = "stray bytes after the last TLV",
  [WIRE_WALK_TLV_OVERRUN] = "TLV length runs past the message",
  [WIRE_WALK_FIELD_TRUNCATED] = "field cut short by the end of its TLV",
  [WIRE_WALK_TLV_TRAILING] = "bytes left in the TLV after its last field",
  [WIRE_WALK_UNKNOWN_TLV] = "TLV not in the schema",
  [WIRE_WALK_BAD_PREFIX] = "length or count prefix larger than the data or the maximum",
  [WIRE_WALK_BAD_ENUM] = "value has no name",
  [WIRE_WALK_BAD_STRING] = "invalid characters in a string",
  [WIRE_WALK_DUPLICATE_TLV] = "TLV appears twice",
  [WIRE_WALK_LIMIT] = "too many items or too deep: rest not decoded",
};

const char *
wire_walk_problem_name (WireWalkProblem problem)
{
  return (guint) problem < WIRE_WALK_N_PROBLEMS ? problem_names[problem] : "unknown problem";
}

G_GNUC_PRINTF (5, 6)
static void problem (Walk *w, WireWalkProblem p, gsize off, gsize len, const char *fmt, ...)
{
  const char *detail = problem_names[p];
  w->problems++;
  if (!w->v->problem)
    return;
  if (fmt) {
    va_list ap;
    if (!w->scratch->detail)
      w->scratch->detail = g_string_sized_new (64);
    va_start (ap, fmt);
    g_string_vprintf (w->scratch->detail, fmt, ap);
    va_end (ap);
    detail = w->scratch->detail->str;
  }
  w->v->problem (w->ud, p, off, len, detail);
}

/* Counts one reported item; FALSE once the budget is spent. */
static gboolean take_item (Walk *w, gsize off)
{
  if (w->stopped)
    return FALSE;
  if (++w->items > WIRE_WALK_MAX_ITEMS) {
    w->stopped = TRUE;
    problem (w, WIRE_WALK_LIMIT, off, 0, "more than %u items in one message", WIRE_WALK_MAX_ITEMS);
    return FALSE;
  }
  return TRUE;
}

static guint64 read_uint (const guint8 *p, guint size, gboolean big)
{
  guint64 v = 0;
  for (guint i = 0; i < size; i++)
    v |= (guint64) p[big ? size - 1 - i : i] << (8 * i);
  return v;
}

static gint64 sign_extend (guint64 v, guint size)
{
  guint shift = 64 - 8 * size;
  return size >= 8 ? (gint64) v : (gint64) (v << shift) >> shift;
}

/* ---------- strings ---------- */

static const char replacement[] = "\xef\xbf\xbd"; /* U+FFFD */

/* Bytes other than NUL after the NUL that ends a string: text a reader that
 * stops at the NUL would hide. */
static gboolean text_after_nul (const guint8 *p, gsize n, gsize nul, GString *why)
{
  if (!why) /* fixed-size buffers: what follows the NUL is the sender's leftovers */
    return FALSE;
  for (gsize i = nul + 1; i < n; i++)
    if (p[i]) {
      g_string_append_printf (why, "text after the NUL at byte %" G_GSIZE_FORMAT, nul);
      return TRUE;
    }
  return FALSE;
}

/* ASCII up to the first NUL; bytes of 0x80 and above become U+FFFD. */
static gboolean decode_ascii (GString *out, const guint8 *p, gsize n, GString *why)
{
  gboolean ok = TRUE;
  for (gsize i = 0; i < n; i++) {
    if (p[i] == 0) {
      ok &= !text_after_nul (p, n, i, why);
      break;
    }
    if (p[i] >= 0x80) {
      g_string_append (out, replacement);
      ok = FALSE;
    } else {
      g_string_append_c (out, (gchar) p[i]);
    }
  }
  return ok;
}

static gboolean decode_utf8 (GString *out, const guint8 *p, gsize n, GString *why)
{
  const gchar *s = (const gchar *) p, *end = s + n, *bad;
  const guint8 *nul = memchr (p, 0, n);
  gboolean ok = TRUE;
  if (nul) {
    end = (const gchar *) nul;
    ok = !text_after_nul (p, n, (gsize) (nul - p), why);
  }
  while (s < end) {
    if (g_utf8_validate (s, end - s, &bad)) {
      g_string_append_len (out, s, end - s);
      break;
    }
    g_string_append_len (out, s, bad - s);
    g_string_append (out, replacement);
    ok = FALSE;
    s = bad + 1;
  }
  return ok;
}

static gboolean decode_ucs2 (GString *out, const guint8 *p, gsize n, gboolean big)
{
  gboolean ok = (n % 2) == 0;
  for (gsize i = 0; i + 1 < n; i += 2) {
    gunichar c = (gunichar) read_uint (p + i, 2, big);
    if (c == 0)
      break;
    if (c >= 0xd800 && c <= 0xdbff && i + 3 < n) {
      gunichar lo = (gunichar) read_uint (p + i + 2, 2, big);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        g_string_append_unichar (out, 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00));
        i += 2;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      g_string_append (out, replacement);
      ok = FALSE;
    } else {
      g_string_append_unichar (out, c);
    }
  }
  return ok;
}

/* Packed digits, two a byte: the low nibble first (3GPP's IMSI, E.118's
 * ICCID) or the high one (GSMA SGP.22's EID); 0xF ends them. */
static gboolean decode_bcd (GString *out, const guint8 *p, gsize n, gboolean high_first)
{
  gboolean ok = TRUE;
  for (gsize i = 0; i < n; i++) {
    guint8 lo = p[i] & 0x0f, hi = p[i] >> 4;
    guint8 nib[2] = { high_first ? hi : lo, high_first ? lo : hi };
    for (guint k = 0; k < 2; k++) {
      if (nib[k] == 0x0f)
        return ok;
      if (nib[k] > 9) {
        g_string_append_c (out, '?');
        ok = FALSE;
      } else {
        g_string_append_c (out, (gchar) ('0' + nib[k]));
      }
    }
  }
  return ok;
}

/* ---------- fields ---------- */

static gsize walk_field (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index);

static WireValue value_at (const WireField *f, gsize off, guint depth, gint index)
{
  WireValue v = { .field = f, .offset = off, .depth = depth, .index = index };
  return v;
}

static gsize truncated (Walk *w, const WireField *f, gsize off, gsize end, gsize need)
{
  problem (w, WIRE_WALK_FIELD_TRUNCATED, off, end - off, "%s needs %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " left",
           f->name, need, end - off);
  return end;
}

/* The PCS digit flag of an MNC, read ahead so the MNC is shown with its
 * digits when it is reported: a later member of its struct (mcc, mnc,
 * includes_pcs_digit), within the TLV, or a bool in another TLV of the
 * message ("pcs_digit_from"), wherever that TLV is. FALSE: no flag on the wire. */
static gboolean mnc_pcs_flag (Walk *w, const WireField *f, gsize off, gsize end, gboolean *flag)
{
  if (f->pcs_digit_after && end - off > f->pcs_digit_after) {
    *flag = w->buf[off + f->pcs_digit_after] != 0;
    return TRUE;
  }
  if (f->pcs_from_size) {
    gsize at = 0;
    gboolean short_tail;
    WireQmiTlv tlv;
    while (wire_qmi_tlv_next (w->buf, w->len, &at, &tlv, &short_tail))
      if (tlv.type == f->pcs_from_tlv) {
        if (tlv.value_len < f->pcs_from_offset + f->pcs_from_size)
          return FALSE; /* the flag's TLV is short: its own walk says so */
        *flag = read_uint (w->buf + tlv.value_offset + f->pcs_from_offset, f->pcs_from_size, FALSE) != 0;
        return TRUE;
      }
  }
  return FALSE;
}

static void mnc_digits (Walk *w, const WireField *f, guint64 raw, gsize off, gsize end, WireValue *v)
{
  gboolean flag = FALSE;
  v->digits_known = mnc_pcs_flag (w, f, off, end, &flag);
  v->digits = raw >= 100 || flag ? 3 : 2;
}

/* A 3GPP TS 24.008 10.5.1.13 PLMN identity: MCC digit 2|1, MNC digit 3|MCC
 * digit 3, MNC digit 2|1 (high|low nibble), F as the third MNC digit of a
 * two-digit MNC. FALSE for anything else: any other non-decimal nibble. */
static gboolean decode_plmn (const guint8 *p, WireValue *v)
{
  guint d[6] = { p[0] & 0xf, p[0] >> 4, p[1] & 0xf, p[2] & 0xf, p[2] >> 4, p[1] >> 4 };
  for (guint i = 0; i < 6; i++)
    if (d[i] > 9 && !(i == 5 && d[i] == 0xf))
      return FALSE;
  v->mcc = (guint16) (100 * d[0] + 10 * d[1] + d[2]);
  v->digits = d[5] == 0xf ? 2 : 3;
  v->mnc = (guint16) (d[5] == 0xf ? 10 * d[3] + d[4] : 100 * d[3] + 10 * d[4] + d[5]);
  v->digits_known = TRUE;
  return TRUE;
}

/* Whether an enum names the value read (key: raw, or sign-extended for an
 * INT). The set is sorted by value, so a value named as written is found
 * by halving; a name written as it reads at another width (-1 for 0xff in a
 * u8) only by comparing each at this field's width (wire_value_at_width). */
static gboolean enum_names (const WireField *f, guint64 key)
{
  const WireValueName64 *vals = f->values->values;
  guint lo = 0, hi = f->values->n_values;
  guint64 at;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (vals[mid].value == key)
      return TRUE;
    if (vals[mid].value < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  for (guint i = 0; i < f->values->n_values; i++)
    if (wire_value_at_width (f, vals[i].value, &at) && at == key)
      return TRUE;
  return FALSE;
}

static gsize walk_number (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index)
{
  WireValue v = value_at (f, off, depth, index);
  guint64 raw;

  if (end - off < f->size)
    return truncated (w, f, off, end, f->size);
  raw = read_uint (w->buf + off, f->size, f->big_endian);
  v.length = f->size;
  switch (f->kind) {
  case WIRE_TYPE_INT:
    v.v.i = sign_extend (raw, f->size);
    break;
  case WIRE_TYPE_FLOAT:
    if (f->size == 4) {
      guint32 bits = (guint32) raw;
      gfloat x;
      memcpy (&x, &bits, 4);
      v.v.f = x;
    } else {
      memcpy (&v.v.f, &raw, 8);
    }
    break;
  case WIRE_TYPE_BOOL:
    v.v.u = raw != 0;
    break;
  default:
    v.v.u = raw;
    break;
  }
  if (f->semantic == WIRE_SEM_MNC)
    mnc_digits (w, f, raw, off, end, &v);
  if (f->values && !f->values->is_flags) {
    guint64 key = f->kind == WIRE_TYPE_INT ? (guint64) v.v.i : raw;
    if (!enum_names (f, key))
      problem (w, WIRE_WALK_BAD_ENUM, off, f->size, "%s: %" G_GINT64_FORMAT " is not a known %s", f->name,
               (gint64) key, f->values->name);
  }
  if (f->kind == WIRE_TYPE_UINT || f->kind == WIRE_TYPE_INT) {
    w->last_int = f->kind == WIRE_TYPE_INT ? (guint64) v.v.i : raw;
    w->have_last_int = TRUE;
  }
  if (w->v->leaf)
    w->v->leaf (w->ud, &v);
  return off + f->size;
}

/* Reads a u8/u16/u32 length or count prefix; FALSE when it does not fit. */
static gboolean read_prefix (Walk *w, const WireField *f, gsize *off, gsize end, guint64 *out)
{
  static const guint widths[] = { [WIRE_LEN_U8] = 1, [WIRE_LEN_U16] = 2, [WIRE_LEN_U32] = 4 };
  guint n = widths[f->len_form];
  if (end - *off < n) {
    truncated (w, f, *off, end, n);
    return FALSE;
  }
  *out = read_uint (w->buf + *off, n, f->big_endian);
  *off += n;
  return TRUE;
}

gboolean
wire_text_choice_pick (const WireTextChoice *c, guint64 sel, WireStrEncoding *enc, gboolean *big)
{
  if (c->cbs_dcs) {
    switch (wire_cbs_dcs_alphabet ((guint8) sel)) {
    case WIRE_CBS_GSM7: *enc = WIRE_STR_GSM7_PACKED; return TRUE;
    case WIRE_CBS_UCS2: *enc = WIRE_STR_UCS2; *big = TRUE; return TRUE;
    case WIRE_CBS_8BIT: *enc = WIRE_STR_HEX; return TRUE;
    case WIRE_CBS_UNKNOWN: return FALSE;
    }
    return FALSE;
  }
  for (guint i = 0; i < c->n_entries; i++)
    if (c->entries[i].value == sel) {
      *enc = c->entries[i].encoding;
      return TRUE;
    }
  return FALSE;
}

/* The encoding of f in this message, and the GSM 7-bit spare bits (0 = not
 * known): fixed by the schema, or read from the struct's earlier members.
 * FALSE (after a problem) when the text cannot be decoded: shown as hex. */
static gboolean text_encoding (Walk *w, const WireField *f, gsize off, gsize n, WireStrEncoding *enc,
                               gboolean *big, guint *spare)
{
  const WireTextChoice *c = f->choice;
  const Siblings *sib = w->siblings;
  guint64 sel;

  *enc = f->encoding;
  *big = f->big_endian;
  *spare = 0;
  if (!c)
    return TRUE;
  if (c->spare_bits >= 0 && sib && (sib->have >> c->spare_bits & 1)) {
    guint64 sb = sib->values[c->spare_bits];
    if (sb > 7)
      problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: %" G_GUINT64_FORMAT " spare bits in a byte of 8 septet bits",
               f->name, sb);
    else
      *spare = (guint) sb;
  }
  if (c->selector < 0)
    return TRUE;
  if (!sib || !(sib->have >> c->selector & 1)) {
    problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: its encoding (%s) is missing, shown as hex", f->name,
             c->selector_name);
    return FALSE;
  }
  sel = sib->values[c->selector];
  if (wire_text_choice_pick (c, sel, enc, big))
    return TRUE;
  if (c->cbs_dcs) {
    problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: data coding scheme 0x%02x is no alphabet decoded here, shown as hex",
             f->name, (guint) (guint8) sel);
    return FALSE;
  }
  problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: encoding %" G_GINT64_FORMAT " unknown (%s), shown as hex", f->name,
           (gint64) sel, c->selector_name);
  return FALSE;
}

static void hex_text (GString *out, const guint8 *p, gsize n)
{
  static const char digits[] = "0123456789abcdef";
  for (gsize i = 0; i < n; i++) {
    g_string_append_c (out, digits[p[i] >> 4]);
    g_string_append_c (out, digits[p[i] & 15]);
  }
}

/* Decodes n bytes at off as f's text into w->text; FALSE when they are not
 * valid in the encoding (w->why then says why, when a decoder knows). */
static gboolean decode_text (Walk *w, const WireField *f, WireStrEncoding enc, gboolean big, guint spare,
                             gsize off, gsize n, guint64 septets_stated, WireValue *v)
{
  const guint8 *p = w->buf + off;
  /* fixed-size strings are NUL-padded; prefixed ones may carry a NUL terminator */
  gboolean fixed = f->len_form == WIRE_LEN_FIXED;
  GString *why = fixed ? NULL : w->why;
  gsize text_len = n, septets;

  switch (enc) {
  case WIRE_STR_ASCII:
    /* Fixed-size fields on real modems are padded with NUL or 0xFF (a
     * two-digit MNC in a 3-byte field reads "24\xff"): 0xFF at the end of a
     * fixed-size ASCII field is padding, not text. */
    while (fixed && text_len > 0 && p[text_len - 1] == 0xff)
      text_len--;
    return decode_ascii (w->text, p, text_len, why);
  case WIRE_STR_UTF8:
    return decode_utf8 (w->text, p, n, why);
  case WIRE_STR_UCS2:
    return decode_ucs2 (w->text, p, n, big);
  case WIRE_STR_BCD:
  case WIRE_STR_BCD_HIGH_FIRST:
    return decode_bcd (w->text, p, n, enc == WIRE_STR_BCD_HIGH_FIRST);
  case WIRE_STR_GSM7:
    return wire_gsm7_decode_unpacked (w->text, p, n, w->why);
  case WIRE_STR_GSM7_PACKED:
    if (f->septet_length && f->len_form != WIRE_LEN_FIXED && f->len_form != WIRE_LEN_NONE)
      return wire_gsm7_decode_packed (w->text, p, n, (gsize) MIN (septets_stated, (guint64) n * 8 / 7), TRUE, w->why);
    if (!wire_gsm7_septets_in (n, spare, &septets)) {
      g_string_append_printf (w->why, "%" G_GSIZE_FORMAT " bytes with %u spare bits are no whole number of septets",
                              n, spare);
      wire_gsm7_decode_packed (w->text, p, n, septets, FALSE, NULL);
      return FALSE;
    }
    return wire_gsm7_decode_packed (w->text, p, n, septets, spare != 0, w->why);
  case WIRE_STR_UTF8_OR_GSM7:
    return wire_text_decode_utf8_or_gsm7 (w->text, p, n, w->why);
  case WIRE_STR_HEX:
  case WIRE_STR_CHOSEN:
  case WIRE_STR_N_ENCODINGS:
    break;
  }
  hex_text (w->text, p, n);
  v->not_text = TRUE;
  return TRUE;
}

static gsize walk_text (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index)
{
  WireValue v = value_at (f, off, depth, index);
  gsize start = off, n;
  guint64 stated = 0, bytes;
  guint unit = wire_text_unit (f);
  const char *units = unit == 2 ? "UCS-2 units" : f->septet_length ? "septets" : "bytes";

  switch (f->len_form) {
  case WIRE_LEN_U8:
  case WIRE_LEN_U16:
  case WIRE_LEN_U32:
    if (!read_prefix (w, f, &off, end, &stated))
      return end;
    /* stated < 2^32: no overflow */
    bytes = f->septet_length ? (stated * 7 + 7) / 8 : stated * unit;
    n = (gsize) MIN (bytes, (guint64) (end - off));
    if (bytes > end - off)
      problem (w, WIRE_WALK_BAD_PREFIX, start, end - start, "%s says %" G_GUINT64_FORMAT " %s, %" G_GSIZE_FORMAT " bytes left",
               f->name, stated, units, end - off);
    else if (f->max_len && stated > f->max_len)
      problem (w, WIRE_WALK_BAD_PREFIX, start, off - start + n, "%s: %" G_GUINT64_FORMAT " %s, at most %u allowed",
               f->name, stated, units, f->max_len);
    break;
  case WIRE_LEN_FIXED:
    bytes = (guint64) f->fixed * unit;
    if (end - off < bytes)
      return truncated (w, f, off, end, (gsize) bytes);
    n = (gsize) bytes;
    break;
  default:
    n = end - off;
    if (f->max_len && n / unit > f->max_len)
      problem (w, WIRE_WALK_BAD_PREFIX, off, n, "%s: %" G_GSIZE_FORMAT " %s, at most %u allowed", f->name, n / unit,
               units, f->max_len);
    break;
  }
  v.length = off + n - start;
  if (f->kind == WIRE_TYPE_BYTES) {
    v.str = (const char *) (w->buf + off);
    v.str_len = n;
    /* FF FF FF: no PLMN given, shown as such, no fault */
    if (f->semantic == WIRE_SEM_PLMN && n == 3 && !(v.plmn_valid = decode_plmn (w->buf + off, &v)) &&
        (w->buf[off] & w->buf[off + 1] & w->buf[off + 2]) != 0xff)
      problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: %02X:%02X:%02X is not a BCD PLMN identity (3GPP TS 24.008 10.5.1.13)",
               f->name, w->buf[off], w->buf[off + 1], w->buf[off + 2]);
  } else {
    WireStrEncoding enc = f->encoding;
    gboolean big = f->big_endian;
    guint spare = 0;
    if (!w->text) { /* the caller's scratch, made at the first string any walk meets */
      if (!w->scratch->text) {
        w->scratch->text = g_string_sized_new (64);
        w->scratch->why = g_string_sized_new (64);
      }
      w->text = w->scratch->text;
      w->why = w->scratch->why;
    }
    g_string_truncate (w->text, 0);
    g_string_truncate (w->why, 0);
    /* no bytes, no text to get wrong: an unknown encoding of nothing is no problem */
    if (n > 0 && !text_encoding (w, f, off, n, &enc, &big, &spare))
      enc = WIRE_STR_HEX;
    else if (n == 0)
      enc = WIRE_STR_UTF8;
    v.encoding = enc;
    v.big_endian = big;
    if (!decode_text (w, f, enc, big, spare, off, n, stated, &v)) {
      if (w->why->len)
        problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: %s", f->name, w->why->str);
      else
        problem (w, WIRE_WALK_BAD_STRING, off, n, "%s: invalid %s", f->name,
                 (const char *const[]) { "ASCII", "UTF-8", "UCS-2", "BCD digits" }[MIN (enc, WIRE_STR_BCD)]);
    }
    v.str = w->text->str;
    v.str_len = w->text->len;
  }
  if (w->v->leaf)
    w->v->leaf (w->ud, &v);
  return off + n;
}

static gsize walk_array (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index)
{
  WireValue v = value_at (f, off, depth, index);
  gsize start = off;
  guint64 count = 0;
  gboolean rest = f->len_form == WIRE_LEN_REST;
  guint min = MAX (f->element->min_size, 1u);

  if (f->len_form == WIRE_LEN_FIXED) {
    count = f->fixed;
  } else if (!rest) {
    if (!read_prefix (w, f, &off, end, &count))
      return end;
    if (f->max_len && count > f->max_len)
      problem (w, WIRE_WALK_BAD_PREFIX, start, off - start, "%s: %" G_GUINT64_FORMAT " elements, at most %u allowed",
               f->name, count, f->max_len);
  }
  /* A count that cannot fit in what is left is reported and clipped, so a
   * hostile 65535 costs nothing. */
  if (!rest && count > (end - off) / min) {
    problem (w, WIRE_WALK_BAD_PREFIX, start, off - start, "%s says %" G_GUINT64_FORMAT " elements, room for %" G_GSIZE_FORMAT,
             f->name, count, (end - off) / min);
    count = (end - off) / min;
  }
  v.v.u = count;
  if (w->v->group_begin)
    w->v->group_begin (w->ud, &v);
  for (guint64 i = 0; (rest ? off < end : i < count) && !w->stopped; i++) {
    gsize next = walk_field (w, f->element, off, end, depth + 1, (gint) MIN (i, (guint64) G_MAXINT));
    if (next == off) /* nothing consumed: an empty element would loop forever */
      break;
    off = next;
  }
  v.length = off - start;
  if (w->v->group_end)
    w->v->group_end (w->ud, &v);
  return off;
}

static gsize walk_struct (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index)
{
  WireValue v = value_at (f, off, depth, index);
  gsize start = off;
  Siblings sib;
  const Siblings *outer = w->siblings;
  sib.have = 0;
  if (w->v->group_begin)
    w->v->group_begin (w->ud, &v);
  guint64 stated = 0;
  const WireField *length_field = NULL; /* the member that stated it */
  for (guint i = 0; i < f->n_members && !w->stopped; i++) {
    const WireField *m = f->members[i];
    gsize at = off, member_end = end;
    if (off >= end && m->min_size > 0) {
      truncated (w, m, off, end, m->min_size);
      break;
    }
    if (length_field && length_field->length_of == i + 1) {
      /* the member's length comes from an earlier field: it ends there,
       * and the bytes after it are the TLV's trailing bytes */
      guint64 bytes = stated * wire_text_unit (m);
      if (bytes > end - off)
        problem (w, WIRE_WALK_BAD_PREFIX, off, end - off,
                 "%s says %" G_GUINT64_FORMAT " %s of %s, %" G_GSIZE_FORMAT " bytes follow", length_field->name, stated,
                 wire_text_unit (m) == 2 ? "UCS-2 units" : "bytes", m->name, end - off);
      else
        member_end = off + (gsize) bytes;
    }
    w->siblings = &sib;
    w->have_last_int = FALSE;
    off = walk_field (w, m, off, member_end, depth + 1, -1);
    if (i < WIRE_TEXT_CHOICE_MAX_MEMBER && w->have_last_int && (m->kind == WIRE_TYPE_UINT || m->kind == WIRE_TYPE_INT)) {
      sib.values[i] = w->last_int;
      sib.have |= (guint64) 1 << i;
    }
    if (m->length_of && off == at + m->size) {
      stated = read_uint (w->buf + at, m->size, m->big_endian);
      length_field = m;
    }
  }
  w->siblings = outer;
  v.length = off - start;
  if (w->v->group_end)
    w->v->group_end (w->ud, &v);
  return off;
}

static gsize walk_field (Walk *w, const WireField *f, gsize off, gsize end, guint depth, gint index)
{
  if (!take_item (w, off))
    return end;
  if (depth > WIRE_WALK_MAX_DEPTH) {
    w->stopped = TRUE;
    problem (w, WIRE_WALK_LIMIT, off, 0, "nested deeper than %u", WIRE_WALK_MAX_DEPTH);
    return end;
  }
  switch (f->kind) {
  case WIRE_TYPE_UINT:
  case WIRE_TYPE_INT:
  case WIRE_TYPE_FLOAT:
  case WIRE_TYPE_BOOL:
    return walk_number (w, f, off, end, depth, index);
  case WIRE_TYPE_STRING:
  case WIRE_TYPE_BYTES:
    return walk_text (w, f, off, end, depth, index);
  case WIRE_TYPE_ARRAY:
    return walk_array (w, f, off, end, depth, index);
  case WIRE_TYPE_STRUCT:
    return walk_struct (w, f, off, end, depth, index);
  }
  return end;
}

static const WireTlvDef *find_tlv (const WireMessage *msg, guint8 id)
{
  guint lo = 0, hi = msg ? msg->n_tlvs : 0;
  while (lo < hi) {
    guint mid = lo + (hi - lo) / 2;
    if (msg->tlvs[mid].id == id)
      return &msg->tlvs[mid];
    if (msg->tlvs[mid].id < id)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}

void
wire_walk_scratch_clear (WireWalkScratch *scratch)
{
  GString **all[] = { &scratch->text, &scratch->why, &scratch->detail };
  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (*all[i]) {
      g_string_free (*all[i], TRUE);
      *all[i] = NULL;
    }
}

guint
wire_walk_message (const WireMessage *msg, const guint8 *tlvs, gsize len,
                   const WireWalkVisitor *visitor, gpointer user_data)
{
  WireWalkScratch scratch = { NULL, NULL, NULL };
  guint problems = wire_walk_message_in (&scratch, msg, tlvs, len, visitor, user_data);
  wire_walk_scratch_clear (&scratch);
  return problems;
}

guint
wire_walk_message_in (WireWalkScratch *scratch, const WireMessage *msg, const guint8 *tlvs, gsize len,
                      const WireWalkVisitor *visitor, gpointer user_data)
{
  static const WireWalkVisitor none = { 0 };
  Walk w = { .buf = tlvs, .len = len, .v = visitor ? visitor : &none, .ud = user_data, .scratch = scratch };
  guint64 seen[256 / 64] = { 0 }; /* one bit per TLV type */
  gsize off = 0, tail = 0;
  gboolean short_tail = FALSE;
  WireQmiTlv tlv;

  while (!w.stopped && (tail = off, wire_qmi_tlv_next (tlvs, len, &off, &tlv, &short_tail))) {
    const WireTlvDef *def = find_tlv (msg, tlv.type);
    gsize end = tlv.value_offset + tlv.value_len;

    if (seen[tlv.type / 64] & (guint64) 1 << (tlv.type % 64))
      problem (&w, WIRE_WALK_DUPLICATE_TLV, tlv.offset, end - tlv.offset, "TLV 0x%02x appears twice", tlv.type);
    seen[tlv.type / 64] |= (guint64) 1 << (tlv.type % 64);
    if (tlv.overrun)
      problem (&w, WIRE_WALK_TLV_OVERRUN, tlv.offset, end - tlv.offset,
               "TLV 0x%02x says %u bytes, %" G_GSIZE_FORMAT " left", tlv.type, tlv.length, tlv.value_len);
    if (w.v->tlv_begin)
      w.v->tlv_begin (w.ud, &tlv, def);
    if (def) {
      gsize done = walk_field (&w, def->field, tlv.value_offset, end, 0, -1);
      if (done < end && !w.stopped)
        problem (&w, WIRE_WALK_TLV_TRAILING, done, end - done, "%" G_GSIZE_FORMAT " bytes after %s",
                 end - done, def->field->name);
    } else if (msg) {
      problem (&w, WIRE_WALK_UNKNOWN_TLV, tlv.offset, end - tlv.offset, "TLV 0x%02x is not in %s",
               tlv.type, msg->name);
    }
    if (w.v->tlv_end)
      w.v->tlv_end (w.ud, &tlv);
  }
  if (short_tail)
    problem (&w, WIRE_WALK_TLV_SHORT_HEADER, tail, len - tail, NULL);
  return w.problems;
}

gboolean
wire_value_at_width (const WireField *f, guint64 named, guint64 *raw)
{
  gint64 v = (gint64) named;
  guint bits = 8 * f->size;
  gint64 half;

  if (bits >= 64) {
    *raw = named;
    return TRUE;
  }
  half = (gint64) 1 << (bits - 1);
  if (f->kind == WIRE_TYPE_INT) {
    /* compared sign-extended, as the walker reads them; a value outside the
     * field's range can never occur (the plugin must not name it either) */
    *raw = named;
    return v >= -half && v < half;
  }
  *raw = named & (((guint64) 1 << bits) - 1);
  return (v >= 0 && (guint64) v <= (((guint64) 1 << bits) - 1)) || (v < 0 && v >= -half);
}

gboolean
wire_value_describe (const WireField *field, guint64 raw, GString *out)
{
  const WireValueSet *set = field->values;
  gboolean any = FALSE;

  if (!set)
    return FALSE;
  if (!set->is_flags) {
    guint64 mask = field->kind == WIRE_TYPE_INT || field->size >= 8 ? G_MAXUINT64
                                                                   : (((guint64) 1 << (8 * field->size)) - 1);
    guint64 at;
    for (guint i = 0; i < set->n_values; i++)
      if (wire_value_at_width (field, set->values[i].value, &at) && at == (raw & mask)) {
        g_string_append (out, set->values[i].name);
        return TRUE;
      }
    return FALSE;
  }
  for (guint i = 0; i < set->n_values; i++) {
    guint64 mask = set->values[i].value;
    if (mask && (raw & mask) == mask) {
      if (any)
        g_string_append (out, " | ");
      g_string_append (out, set->values[i].name);
      any = TRUE;
    }
  }
  return any;
}
