/* Freeing the schema model's objects (wire-schema-model.c): for the loader,
 * which builds them, and the registry, which owns them once loaded. Front
 * ends never free model objects; they free the registry. */
#pragma once

#include "wire-schema-model.h"

/* Frees a field tree (members, element); value sets are owned by the registry. */
void wire_field_free (WireField *f);
void wire_message_free (WireMessage *m);
void wire_service_free (WireService *s);
void wire_value_set_free (WireValueSet *s);
