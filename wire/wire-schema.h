/* The schema code's public header, what the front ends (dissector/,
 * capture/, tests, bench) include. The layers, each depending only on the
 * one before it:
 *   wire-schema-model.h     the types (services, messages, fields, value sets)
 *   wire-schema-registry.h  the loaded set and its lookups
 *   wire-schema-load.h      schema files into a registry
 * The registry's storage and the model's destructors are private
 * (wire/private/), shared by wire-schema-registry.c and wire-schema-load.c. */
#pragma once

#include "wire-schema-model.h"
#include "wire-schema-registry.h"
#include "wire-schema-load.h"
