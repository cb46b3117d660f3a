/* The registry's storage, for wire-schema-registry.c, which owns it, and
 * wire-schema-load.c, which fills it. Not installed on the front ends'
 * include path (wire/CMakeLists.txt): they see WireRegistry only through
 * wire-schema-registry.h. */
#pragma once

#include "wire-schema-registry.h"

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
  gboolean finished;
};
