/* qrtr-capture --schemas: what the loaded schema files cover, per service,
 * and every file that failed to load. */
#include <stdio.h>
#include <json-glib/json-glib.h>
#include "qrtr-capture.h"
#include "wire-json.h"

typedef struct {
  guint requests, responses, indications, tlvs, fields;
} Counts;

static guint count_fields (const WireField *f)
{
  guint n = 1;
  for (guint i = 0; i < f->n_members; i++)
    n += count_fields (f->members[i]);
  if (f->element)
    n += count_fields (f->element);
  return n;
}

static Counts count_service (const WireService *s)
{
  Counts c = { 0 };
  for (guint m = 0; m < s->messages->len; m++) {
    const WireMessage *msg = g_ptr_array_index (s->messages, m);
    guint *kinds[] = { &c.requests, &c.responses, &c.indications };
    (*kinds[msg->kind])++;
    c.tlvs += msg->n_tlvs;
    for (guint t = 0; t < msg->n_tlvs; t++)
      c.fields += count_fields (msg->tlvs[t].field);
  }
  return c;
}

int
schema_report (const WireRegistry *reg, gboolean json)
{
  const GPtrArray *services = wire_registry_services (reg);
  const GPtrArray *errors = wire_registry_errors (reg);
  Counts total = { 0 };

  if (json) {
    JsonBuilder *b = json_builder_new ();
    JsonGenerator *g = json_generator_new ();
    JsonNode *root;
    gchar *s;
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "services");
    json_builder_begin_array (b);
    for (guint i = 0; i < services->len; i++) {
      const WireService *svc = g_ptr_array_index (services, i);
      Counts c = count_service (svc);
      json_builder_begin_object (b);
      member_string (b, "name", svc->name);
      member_string (b, "title", svc->title);
      member_int (b, "qmux", svc->qmux_id);
      member_int (b, "qrtr", svc->qrtr_id);
      member_int (b, "requests", c.requests);
      member_int (b, "responses", c.responses);
      member_int (b, "indications", c.indications);
      member_int (b, "tlvs", c.tlvs);
      member_int (b, "fields", c.fields);
      json_builder_end_object (b);
    }
    json_builder_end_array (b);
    json_builder_set_member_name (b, "errors");
    json_builder_begin_array (b);
    for (guint i = 0; i < errors->len; i++)
      json_builder_add_string_value (b, g_ptr_array_index (errors, i));
    json_builder_end_array (b);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json_generator_set_root (g, root);
    json_generator_set_pretty (g, TRUE);
    s = json_generator_to_data (g, NULL);
    puts (s);
    g_free (s);
    json_node_unref (root);
    g_object_unref (g);
    g_object_unref (b);
    return errors->len ? 1 : 0;
  }

  printf ("%-14s %5s %5s %8s %9s %11s %6s %7s\n", "service", "qmux", "qrtr", "requests", "responses",
          "indications", "tlvs", "fields");
  for (guint i = 0; i < services->len; i++) {
    const WireService *svc = g_ptr_array_index (services, i);
    Counts c = count_service (svc);
    gchar qmux[16], qrtr[16];
    g_snprintf (qmux, sizeof qmux, svc->qmux_id >= 0 ? "%d" : "-", svc->qmux_id);
    g_snprintf (qrtr, sizeof qrtr, svc->qrtr_id >= 0 ? "%d" : "-", svc->qrtr_id);
    printf ("%-14s %5s %5s %8u %9u %11u %6u %7u\n", svc->name, qmux, qrtr, c.requests, c.responses,
            c.indications, c.tlvs, c.fields);
    total.requests += c.requests;
    total.responses += c.responses;
    total.indications += c.indications;
    total.tlvs += c.tlvs;
    total.fields += c.fields;
  }
  printf ("%-14s %5s %5s %8u %9u %11u %6u %7u\n", "total", "", "", total.requests, total.responses,
          total.indications, total.tlvs, total.fields);
  printf ("%u services\n", services->len);
  for (guint i = 0; i < errors->len; i++)
    fprintf (stderr, "error: %s\n", (const char *) g_ptr_array_index (errors, i));
  return errors->len ? 1 : 0;
}
