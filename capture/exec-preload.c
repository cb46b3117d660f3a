/* qrtr-capture --exec -w FILE -- CMD...: runs CMD with the LD_PRELOAD tap,
 * which records CMD's AF_QIPCRTR traffic into FILE. No root needed: only
 * the traffic of that one program (and its children) is seen. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "qrtr-capture.h"

/* The tap creates FILE itself and never overwrites or follows a link
 * (docs/qrtr-taps.md). -w FILE still means "write FILE": a regular file of
 * an earlier run is removed here, with this user's rights, before the
 * program starts; a symbolic link (perhaps planted by someone else) or
 * anything but a regular file is refused. FILE.<pid> and %p names are the
 * tap's alone. */
static gboolean clear_output (const char *path)
{
  struct stat st;

  if (lstat (path, &st) != 0)
    return TRUE;
  if (S_ISLNK (st.st_mode)) {
    g_printerr ("qrtr-capture: --exec -w %s: is a symbolic link; not following it (remove it or choose another name)\n", path);
    return FALSE;
  }
  if (!S_ISREG (st.st_mode)) {
    g_printerr ("qrtr-capture: --exec -w %s: exists and is not a regular file\n", path);
    return FALSE;
  }
  if (unlink (path) != 0) {
    g_printerr ("qrtr-capture: --exec -w %s: cannot replace it: %s\n", path, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}

int
exec_with_preload (const char *output, char **argv)
{
  const char *lib = g_getenv ("QRTR_PRELOAD_LIB");
  const char *old = g_getenv ("LD_PRELOAD");
  char *abs_out, *preload;

  if (!lib || !*lib)
    lib = QRTR_PRELOAD_PATH;
  if (!g_file_test (lib, G_FILE_TEST_IS_REGULAR)) {
    g_printerr ("qrtr-capture: the preload library %s is not there (install the project, or set QRTR_PRELOAD_LIB)\n", lib);
    return 1;
  }
  /* the program may change directory: give it a path that stays right */
  abs_out = g_path_is_absolute (output) ? g_strdup (output) : g_build_filename (g_get_current_dir (), output, NULL);
  if (!clear_output (abs_out)) {
    g_free (abs_out);
    return 1;
  }
  preload = old && *old ? g_strdup_printf ("%s:%s", lib, old) : g_strdup (lib);
  g_setenv ("QRTR_PRELOAD_OUTPUT", abs_out, TRUE);
  g_setenv ("LD_PRELOAD", preload, TRUE);
  execvp (argv[0], argv);
  g_printerr ("qrtr-capture: %s: %s\n", argv[0], g_strerror (errno));
  g_free (abs_out);
  g_free (preload);
  return 127;
}
