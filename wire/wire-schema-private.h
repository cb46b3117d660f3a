/* Internals shared by the schema loader and the registry queries. */
#pragma once

#include "wire-schema.h"

struct _WireRegistry {
  GPtrArray *services;      /* WireService*, owned */
  GHashTable *by_name;      /* service name -> WireService* */
  GHashTable *common_types; /* name -> JsonNode* (type spec), from common.json */
  GHashTable *common_enums; /* name -> WireValueSet* */
  GHashTable *abbrevs;      /* filter name -> signature string, for conflict checks */
  GPtrArray *errors;        /* char*: "file:line:col: message" */
  GPtrArray *fields;        /* WireField* by uid, filled by wire_registry_finish */
  GPtrArray *garbage;       /* WireMessage* replaced by overrides, freed with the registry */
  GPtrArray *value_sets;    /* WireValueSet*, owned (fields point at them) */
  GStringChunk *strings;    /* interned file names */
  GPtrArray *parsed;        /* WireParsedFile* whose trees are no longer needed */
  GThread *reaper;          /* frees them in the background after finish */
  gboolean finished;
};

/* Frees a field tree (members, element); value sets are owned by the registry. */
void wire_field_free (WireField *f);
void wire_message_free (WireMessage *m);
void wire_value_set_free (WireValueSet *s);

/* Loading in two steps, so files can be parsed on several threads and then
 * built into the registry in order on one. */
typedef struct _WireParsedFile WireParsedFile;
WireParsedFile *wire_parsed_file_new (const char *name, const char *data, gssize len);
void wire_parsed_file_parse (WireParsedFile *pf, gboolean track_lines); /* thread-safe: touches only pf */
void wire_parsed_file_free (WireParsedFile *pf);
gboolean wire_registry_build_parsed (WireRegistry *reg, WireParsedFile *pf, GError **error);
