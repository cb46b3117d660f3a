/* Loading the schemas the way every qrtr-capture program does: the installed
 * folder, the user's, QMI_SCHEMA_PATH, then --schema-dir (the first given wins). */
#pragma once

#include <glib.h>
#include "wire-schema.h"

/* extra_dirs: the --schema-dir values, NULL-terminated, or NULL. prog prefixes
 * the warning for a --schema-dir that is not a directory. */
WireRegistry *schema_load (char **extra_dirs, const char *prog);
/* The files that failed to load, one line each on stderr. */
void schema_print_errors (const WireRegistry *reg, const char *prog);
