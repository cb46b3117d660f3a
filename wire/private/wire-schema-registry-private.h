/* The registry's storage, for wire-schema-registry.c, which owns it, and
 * wire-schema-load.c, which fills it. Not installed on the front ends'
 * include path (wire/CMakeLists.txt): they see WireRegistry only through
 * wire-schema-registry.h. */
#pragma once

#include "wire-schema-registry.h"
#include "wire-names.h"

struct _WireRegistry {
  GPtrArray *services;      /* WireService*, owned */
  GHashTable *by_name;      /* service name -> WireService* */
  GPtrArray *errors;        /* char*: "file:line:col: message" */
  GPtrArray *fields;        /* WireField* by uid, filled by wire_registry_finish */
  GPtrArray *garbage;       /* WireMessage* replaced by overrides, freed with the registry */
  GPtrArray *value_sets;    /* WireValueSet*, owned (fields point at them) */
  GStringChunk *strings;    /* interned file names */
  /* What the loader keeps from one file to the next (common types, filter
   * names in use, the index of loaded messages): its own type, created on
   * the first load and freed with the registry through load_state_free, so
   * the registry never calls into the loader. */
  gpointer load_state;
  GDestroyNotify load_state_free;
  GPtrArray *named;         /* WireNamedService* of common.json's "services", owned */
  WireServiceName *qmux_names, *qrtr_names; /* by id, each ends with { 0, NULL }: made by finish */
  guint n_qmux_names, n_qrtr_names;
  const WireValueSet *qmi_errors; /* common.json's enum "error", set by the loader (NULL without it) */
  gboolean finished;
};

/* A service known by id and name only (common.json's "services"). */
typedef struct {
  const char *name, *title; /* in the registry's strings */
  gint qmux_id, qrtr_id;    /* -1 when not on that transport */
  const char *file;
  guint line;
} WireNamedService;

/* wire-schema-names.c: common.json's named services join the registry's
 * (a later file's entry of the same name replaces an earlier one); finish
 * builds the name tables by id from the service files and those entries. */
void wire_named_services_merge (WireRegistry *reg, const GPtrArray *named);
void wire_names_finish (WireRegistry *reg);
void wire_names_free (WireRegistry *reg);
