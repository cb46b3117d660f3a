/* Loading schema files (docs/schema-format.md) into a registry: the search
 * path, directories in order, one file, or a file's text from memory. */
#pragma once

#include <glib.h>
#include "wire-schema-registry.h"

G_BEGIN_DECLS

/* Loads every *.json file of each directory, directories in order, files in
 * name order. Errors ("file:line:col: message") are collected, never fatal:
 * a broken file is skipped whole and the others still load. Returns the
 * number of files loaded. */
guint wire_registry_load_dirs (WireRegistry *reg, const char *const *dirs);
/* Loads one file; FALSE (and an error added to the registry's list and to
 * *error) when it is broken. Only regular files of at most
 * WIRE_SCHEMA_MAX_FILE_SIZE bytes are read (a FIFO, a device, a directory
 * named *.json or a larger file is refused without reading or waiting). */
#define WIRE_SCHEMA_MAX_FILE_SIZE (16u * 1024 * 1024)
gboolean wire_registry_load_file (WireRegistry *reg, const char *path, GError **error);
/* Same as load_file, from memory; name is used in error messages. */
gboolean wire_registry_load_data (WireRegistry *reg, const char *name, const char *data,
                                  gssize len, GError **error);

/* The search path: each directory of $QMI_SCHEMA_PATH (colon-separated), then
 * $XDG_DATA_HOME/qrtr-analyzer/schemas, then the installed directory.
 * Later files override earlier ones, so the list is returned lowest priority
 * first (installed, user, QMI_SCHEMA_PATH reversed). Free with g_strfreev. */
char **wire_registry_default_dirs (void);

/* The name of an encoding as schemas write it ("gsm7-packed"). */
const char *wire_str_encoding_name (WireStrEncoding enc);

G_END_DECLS
