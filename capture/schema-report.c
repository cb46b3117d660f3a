/* qrtr-capture --schemas: what the loaded schema files cover, per service,
 * and every file that failed to load. */
#include <stdio.h>
#include <json-glib/json-glib.h>
#include "qrtr-capture.h"
#include "wire-json-writer.h"

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
    GString *out = g_string_new (NULL);
    WireJsonWriter w;
    wire_json_writer_init (&w, out);
    wire_json_begin_object (&w);
    wire_json_key (&w, "services");
    wire_json_begin_array (&w);
    for (guint i = 0; i < services->len; i++) {
      const WireService *svc = g_ptr_array_index (services, i);
      Counts c = count_service (svc);
      wire_json_begin_object (&w);
      member_string (&w, "name", svc->name);
      member_string (&w, "title", svc->title);
      member_int (&w, "qmux", svc->qmux_id);
      member_int (&w, "qrtr", svc->qrtr_id);
      member_int (&w, "requests", c.requests);
      member_int (&w, "responses", c.responses);
      member_int (&w, "indications", c.indications);
      member_int (&w, "tlvs", c.tlvs);
      member_int (&w, "fields", c.fields);
      wire_json_end (&w);
    }
    wire_json_end (&w);
    wire_json_key (&w, "errors");
    wire_json_begin_array (&w);
    for (guint i = 0; i < errors->len; i++)
      wire_json_string (&w, g_ptr_array_index (errors, i));
    wire_json_end (&w);
    wire_json_end (&w);
    puts (out->str);
    g_string_free (out, TRUE);
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
