/* libqmi-samples: the project's side of the differential test against
 * libqmi. For every message of every QMUX schema it builds sample frames with
 * the project's encoder (several seeds and sampling styles), walks them with
 * the project's walker, decodes them with libqmi, and writes one JSON line
 * per frame: the message, what our walker saw per TLV (field path, value,
 * enum/flag names) and libqmi's printable text. compare.py reads these lines
 * and judges them; this program only records both sides.
 *
 * usage: libqmi-samples SCHEMA-DIR [SERVICE...] > samples.jsonl */
#include <stdio.h>
#include <string.h>
#include "wire-schema.h"
#include "libqmi-oracle.h"
#include "wire-encode.h"
#include "wire-json-writer.h"
#include "wire-walk.h"

/* Seeds per message: at least this many, and as many as the largest value
 * set of the message has names (the sampler picks value (seed + position) %
 * n, so n seeds give every field every value), up to the cap. */
#define MIN_SEEDS 4
#define MAX_SEEDS 160

typedef struct {
  JsonBuilder *b;           /* inside the current TLV's "leaves" array */
  GString *path;            /* field path of the current position */
  GArray *path_lens;        /* path length at each group start */
  gboolean in_tlv;
  gboolean tlv_has_def;
  guint tlv_problems;
  GString *problems;
  const guint8 *tlvs;       /* the TLV area being walked (value offsets are into it) */
} Collect;

static void path_push (Collect *c, const WireValue *v)
{
  g_array_append_val (c->path_lens, c->path->len);
  if (v->depth == 0)
    return; /* the TLV's own field: the path starts inside it */
  if (v->index >= 0)
    g_string_append_printf (c->path, "[%d]", v->index);
  else
    g_string_append_printf (c->path, "%s%s", c->path->len ? "." : "", v->field->name);
}

static void path_pop (Collect *c)
{
  if (c->path_lens->len) {
    g_string_truncate (c->path, g_array_index (c->path_lens, gsize, c->path_lens->len - 1));
    g_array_set_size (c->path_lens, c->path_lens->len - 1);
  }
}

static void on_tlv_begin (gpointer d, const WireQmiTlv *tlv, const WireTlvDef *def)
{
  Collect *c = d;
  json_builder_begin_object (c->b);
  json_builder_set_member_name (c->b, "id");
  json_builder_add_int_value (c->b, tlv->type);
  json_builder_set_member_name (c->b, "name");
  json_builder_add_string_value (c->b, def ? def->field->name : "");
  json_builder_set_member_name (c->b, "leaves");
  json_builder_begin_array (c->b);
  g_string_truncate (c->path, 0);
  g_array_set_size (c->path_lens, 0);
  g_string_truncate (c->problems, 0);
  c->in_tlv = TRUE;
}

static void on_tlv_end (gpointer d, const WireQmiTlv *tlv G_GNUC_UNUSED)
{
  Collect *c = d;
  json_builder_end_array (c->b);
  json_builder_set_member_name (c->b, "problems");
  json_builder_add_string_value (c->b, c->problems->str);
  json_builder_end_object (c->b);
  c->in_tlv = FALSE;
}

static void on_group_begin (gpointer d, const WireValue *v)
{
  path_push (d, v);
}

static void on_group_end (gpointer d, const WireValue *v G_GNUC_UNUSED)
{
  path_pop (d);
}

/* What compare.py needs beyond the value: "ucs2" for UCS-2 text (libqmi
 * 1.32 shows some as arrays of 16-bit units), "length" for a length field
 * of a later member (libqmi shows only the member), "exact=NAME" for a flag value
 * that is one named mask (libqmi then prints only that name), else "". */
static const char *leaf_hint (const WireField *f, const WireValue *v)
{
  static char exact[256];
  if (f->length_of)
    return "length"; /* libqmi prints a size prefix of an array, not a field */
  if (f->kind == WIRE_TYPE_STRING && f->encoding == WIRE_STR_UCS2)
    return "ucs2";
  if (f->values && f->values->is_flags && f->kind == WIRE_TYPE_UINT)
    for (guint i = 0; i < f->values->n_values; i++)
      if (f->values->values[i].value == v->v.u) {
        g_snprintf (exact, sizeof exact, "exact=%s", f->values->values[i].name);
        return exact;
      }
  return "";
}

/* One leaf: [path, type, value, names, hint(, raw)]; type u/i/f/b/s/x (x:
 * bytes as hex); names: the enum name or the flag names joined by " | ",
 * else null; hint: see leaf_hint; raw (strings): the text's bytes as hex. */
static void on_leaf (gpointer d, const WireValue *v)
{
  Collect *c = d;
  const WireField *f = v->field;
  GString *names = g_string_new (NULL);
  gboolean named = FALSE;

  if (!c->in_tlv)
    return;
  path_push (c, v);
  json_builder_begin_array (c->b);
  json_builder_add_string_value (c->b, c->path->str);
  switch (f->kind) {
  case WIRE_TYPE_UINT:
    json_builder_add_string_value (c->b, "u");
    json_builder_add_int_value (c->b, (gint64) v->v.u); /* u64 > 2^63 wraps; compare.py undoes it */
    named = wire_value_describe (f, v->v.u, names);
    break;
  case WIRE_TYPE_INT:
    json_builder_add_string_value (c->b, "i");
    json_builder_add_int_value (c->b, v->v.i);
    named = wire_value_describe (f, (guint64) v->v.i, names);
    break;
  case WIRE_TYPE_BOOL:
    json_builder_add_string_value (c->b, "b");
    json_builder_add_int_value (c->b, (gint64) v->v.u);
    break;
  case WIRE_TYPE_FLOAT:
    json_builder_add_string_value (c->b, "f");
    json_builder_add_double_value (c->b, v->v.f);
    break;
  case WIRE_TYPE_STRING:
    json_builder_add_string_value (c->b, "s");
    json_builder_add_string_value (c->b, v->str);
    break;
  case WIRE_TYPE_BYTES: {
    GString *hex = g_string_new (NULL);
    for (gsize i = 0; i < v->str_len; i++)
      g_string_append_printf (hex, "%02x", (guint8) v->str[i]);
    json_builder_add_string_value (c->b, "x");
    json_builder_add_string_value (c->b, hex->str);
    g_string_free (hex, TRUE);
    break;
  }
  default:
    json_builder_add_string_value (c->b, "?");
    json_builder_add_null_value (c->b);
    break;
  }
  if (named)
    json_builder_add_string_value (c->b, names->str);
  else
    json_builder_add_null_value (c->b);
  json_builder_add_string_value (c->b, leaf_hint (f, v));
  if (f->kind == WIRE_TYPE_STRING) {
    /* the text's bytes on the wire: libqmi 1.32 shows some text (names with a
     * coding scheme, USS data) as arrays of bytes */
    static const guint prefix[] = { [WIRE_LEN_U8] = 1, [WIRE_LEN_U16] = 2, [WIRE_LEN_U32] = 4 };
    gsize skip = f->len_form <= WIRE_LEN_U32 ? prefix[f->len_form] : 0;
    GString *hex = g_string_new (NULL);
    for (gsize i = skip; i < v->length; i++)
      g_string_append_printf (hex, "%02x", c->tlvs[v->offset + i]);
    json_builder_add_string_value (c->b, hex->str);
    g_string_free (hex, TRUE);
  }
  json_builder_end_array (c->b);
  path_pop (c);
  g_string_free (names, TRUE);
}

static void on_problem (gpointer d, WireWalkProblem p G_GNUC_UNUSED, gsize off G_GNUC_UNUSED,
                        gsize len G_GNUC_UNUSED, const char *detail)
{
  Collect *c = d;
  g_string_append_printf (c->problems, "%s%s", c->problems->len ? "; " : "", detail);
}

static const WireWalkVisitor collector = {
  on_tlv_begin, on_tlv_end, on_group_begin, on_group_end, on_leaf, on_problem,
};

static guint largest_value_set (const WireField *f)
{
  guint n = f->values ? f->values->n_values : 0;
  if (f->element)
    n = MAX (n, largest_value_set (f->element));
  for (guint i = 0; i < f->n_members; i++)
    n = MAX (n, largest_value_set (f->members[i]));
  return n;
}

static guint seeds_for (const WireMessage *msg)
{
  guint n = MIN_SEEDS;
  for (guint t = 0; t < msg->n_tlvs; t++)
    n = MAX (n, largest_value_set (msg->tlvs[t].field));
  return MIN (n, MAX_SEEDS);
}

static const char *const kind_names[] = { "request", "response", "indication" };

static void write_sample (const WireService *svc, const WireMessage *msg, guint seed,
                          WireSampleStyle style, guint *written, guint *failed)
{
  JsonNode *values = wire_sample_values_styled (msg, seed, style);
  GError *error = NULL;
  GByteArray *tlvs = wire_encode_tlvs (msg, values, &error);
  gboolean from_service = msg->kind != WIRE_QMI_REQUEST;
  GByteArray *frame;
  Collect c;
  char *printable;
  GString *line_out;
  WireJsonWriter writer;
  GString *hex;
  JsonNode *root;

  json_node_unref (values);
  if (!tlvs) {
    g_printerr ("libqmi-samples: %s.%s (%s) seed %u: cannot encode its sample: %s\n", svc->name,
                msg->name, kind_names[msg->kind], seed, error->message);
    g_error_free (error);
    (*failed)++;
    return;
  }
  frame = wire_qmux_build_frame (from_service, (guint8) svc->qmux_id, svc->qmux_id ? 1 : 0, msg->kind,
                                 (guint16) (seed + 1), msg->id, tlvs->data, tlvs->len);
  if (svc->qmux_id > G_MAXUINT8) {
    /* a QMUX frame has one byte for the service: ids above 255 (IMSDCM,
     * SSC) travel over QRTR only, and libqmi 1.32 has no such services */
    printable = NULL;
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "service id %d does not fit a QMUX frame",
                 svc->qmux_id);
  } else {
    printable = libqmi_oracle_print (frame->data, frame->len, msg->vendor, &error);
  }

  c.b = json_builder_new ();
  c.path = g_string_new (NULL);
  c.path_lens = g_array_new (FALSE, FALSE, sizeof (gsize));
  c.in_tlv = FALSE;
  c.problems = g_string_new (NULL);
  c.tlvs = tlvs->data;
  json_builder_begin_object (c.b);
  json_builder_set_member_name (c.b, "service");
  json_builder_add_string_value (c.b, svc->name);
  json_builder_set_member_name (c.b, "message");
  json_builder_add_string_value (c.b, msg->name);
  json_builder_set_member_name (c.b, "kind");
  json_builder_add_string_value (c.b, kind_names[msg->kind]);
  json_builder_set_member_name (c.b, "id");
  json_builder_add_int_value (c.b, msg->id);
  json_builder_set_member_name (c.b, "vendor");
  json_builder_add_int_value (c.b, msg->vendor);
  json_builder_set_member_name (c.b, "seed");
  json_builder_add_int_value (c.b, seed);
  json_builder_set_member_name (c.b, "style");
  json_builder_add_int_value (c.b, style);
  hex = g_string_new (NULL);
  for (guint i = 0; i < frame->len; i++)
    g_string_append_printf (hex, "%02x", frame->data[i]);
  json_builder_set_member_name (c.b, "frame");
  json_builder_add_string_value (c.b, hex->str);
  g_string_free (hex, TRUE);
  json_builder_set_member_name (c.b, "tlvs");
  json_builder_begin_array (c.b);
  wire_walk_message (msg, tlvs->data, tlvs->len, &collector, &c);
  json_builder_end_array (c.b);
  json_builder_set_member_name (c.b, "libqmi");
  if (printable) {
    /* libqmi prints a string field's bytes as they are: invalid UTF-8 when
     * the field holds binary data (the sampler writes bytes to fields the
     * schemas call bytes); U+FFFD stands in for what is not text */
    char *valid = g_utf8_make_valid (printable, -1);
    json_builder_add_string_value (c.b, valid);
    g_free (valid);
  } else
    json_builder_add_null_value (c.b);
  json_builder_set_member_name (c.b, "libqmi_error");
  if (printable)
    json_builder_add_null_value (c.b);
  else
    json_builder_add_string_value (c.b, error ? error->message : "");
  json_builder_end_object (c.b);

  /* the project's writer, not json-glib's generator: 1.6 leaves 0x1f raw in
   * strings, which compare.py's parser rejects */
  root = json_builder_get_root (c.b);
  line_out = g_string_new (NULL);
  wire_json_writer_init (&writer, line_out);
  wire_json_node (&writer, root);
  puts (line_out->str);
  (*written)++;

  g_string_free (line_out, TRUE);
  json_node_unref (root);
  g_object_unref (c.b);
  g_string_free (c.path, TRUE);
  g_array_unref (c.path_lens);
  g_string_free (c.problems, TRUE);
  g_clear_error (&error);
  g_free (printable);
  g_byte_array_unref (frame);
  g_byte_array_unref (tlvs);
}

static gboolean wanted (const WireService *svc, int argc, char **argv)
{
  if (argc <= 2)
    return TRUE;
  for (int i = 2; i < argc; i++)
    if (g_str_equal (argv[i], svc->name))
      return TRUE;
  return FALSE;
}

int main (int argc, char **argv)
{
  WireRegistry *reg;
  const GPtrArray *services, *errors;
  guint written = 0, failed = 0;
  /* each style is one pass over the seeds: plain samples, then text beyond
   * ASCII, then the largest counts and lengths the schemas allow */
  static const WireSampleStyle styles[] = { 0, WIRE_SAMPLE_NON_ASCII, WIRE_SAMPLE_MAX_COUNTS };

  if (argc < 2 || g_str_equal (argv[1], "--help")) {
    g_printerr ("usage: libqmi-samples SCHEMA-DIR [SERVICE...] > samples.jsonl\n");
    return argc < 2 ? 2 : 0;
  }
  libqmi_oracle_init ();
  reg = wire_registry_new ();
  {
    const char *dirs[] = { argv[1], NULL };
    wire_registry_load_dirs (reg, dirs);
  }
  wire_registry_finish (reg);
  errors = wire_registry_errors (reg);
  for (guint i = 0; i < errors->len; i++)
    g_printerr ("libqmi-samples: schema: %s\n", (const char *) g_ptr_array_index (errors, i));
  if (errors->len)
    return 1;

  services = wire_registry_services (reg);
  for (guint s = 0; s < services->len; s++) {
    const WireService *svc = g_ptr_array_index (services, s);
    if (svc->qmux_id < 0 || !wanted (svc, argc, argv))
      continue; /* libqmi speaks QMUX: QRTR-only services have no libqmi side */
    for (guint m = 0; m < svc->messages->len; m++) {
      const WireMessage *msg = g_ptr_array_index (svc->messages, m);
      guint seeds = seeds_for (msg);
      for (guint st = 0; st < G_N_ELEMENTS (styles); st++)
        for (guint seed = 0; seed < (styles[st] ? MIN_SEEDS : seeds); seed++)
          write_sample (svc, msg, seed, styles[st], &written, &failed);
    }
  }
  g_printerr ("libqmi-samples: %u frames written, %u samples could not be encoded\n", written, failed);
  wire_registry_free (reg);
  return failed ? 1 : 0;
}
