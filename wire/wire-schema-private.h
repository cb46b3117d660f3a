/* Internals shared by the schema loader and the registry queries. */
#pragma once

#include "wire-schema.h"
#include "wire-names.h"

struct _WireRegistry {
  GPtrArray *services;      /* WireService*, owned */
  GHashTable *by_name;      /* service name -> WireService* */
  GHashTable *common_types; /* name -> const WireJson* (type spec) in a document of docs */
  GHashTable *common_enums; /* name -> WireValueSet* */
  GHashTable *abbrevs;      /* filter name -> AbbrevUse (signature, fields using it), for conflict checks */
  GPtrArray *errors;        /* char*: "file:line:col: message" */
  GPtrArray *fields;        /* WireField* by uid, filled by wire_registry_finish */
  GPtrArray *garbage;       /* WireMessage* replaced by overrides, freed with the registry */
  GPtrArray *value_sets;    /* WireValueSet*, owned (fields point at them) */
  GStringChunk *strings;    /* interned file names */
  GPtrArray *docs;          /* WireJsonDoc* of common.json files, which common_types points into */
  GHashTable *loaded;       /* every loaded WireMessage* by (service, kind, id, vendor) ->
                             * its position in service->messages, so a file of n messages
                             * loads in O(n), not O(n^2) */
  GPtrArray *named;         /* WireNamedService* of common.json's "services", owned */
  WireServiceName *qmux_names, *qrtr_names; /* by id, each ends with { 0, NULL }: made by finish */
  guint n_qmux_names, n_qrtr_names;
  const WireValueSet *qmi_errors; /* common.json's enum "error", set by finish (NULL without it) */
  gboolean finished;
};

/* A service known by id and name only (common.json's "services"). */
typedef struct {
  const char *name, *title; /* in the registry's strings */
  gint qmux_id, qrtr_id;    /* -1 when not on that transport */
  const char *file;
  guint line;
} WireNamedService;

/* Frees a field tree (members, element); value sets are owned by the registry. */
void wire_field_free (WireField *f);
void wire_message_free (WireMessage *m);
void wire_value_set_free (WireValueSet *s);
GHashTable *wire_abbrev_table_new (void);
GHashTable *wire_message_index_new (void); /* the registry's loaded, keyed as above */ /* the registry's abbrevs, owned by the loader's code */

/* wire-schema-names.c: common.json's named services join the registry's
 * (a later file's entry of the same name replaces an earlier one); finish
 * builds the name tables by id from the service files and those entries. */
void wire_named_services_merge (WireRegistry *reg, const GPtrArray *named);
void wire_names_finish (WireRegistry *reg);
void wire_names_free (WireRegistry *reg);
