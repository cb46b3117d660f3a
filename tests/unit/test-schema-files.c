/* What sits in a schema folder under a *.json name is not always a schema
 * file: a FIFO (which would block every start of Wireshark until a writer
 * comes), a link to /dev/zero (which never ends), a directory, a file too
 * large to be a schema, or one the user cannot read. Each is skipped with an
 * error naming its path, and the real schema beside it still loads. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "wire-schema.h"

/* Copies the real schema each test's folder holds beside the entry to skip
 * (tests/unit/data/folder/tst.json) to path. */
static void put_good_json (const char *path)
{
  gchar *from = g_build_filename (TEST_DATA_DIR, "folder", "tst.json", NULL), *text = NULL;
  g_assert_true (g_file_get_contents (from, &text, NULL, NULL));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (text);
  g_free (from);
}

typedef struct {
  gchar *dir;
} Folder;

static gchar *in (const Folder *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void folder_setup (Folder *f, gconstpointer data)
{
  gchar *p;
  (void) data;
  f->dir = g_dir_make_tmp ("schema-files-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0); /* the unreadable-file case runs as nobody */
  p = in (f, "tst.json");
  put_good_json (p);
  g_assert_cmpint (g_chmod (p, 0644), ==, 0);
  g_free (p);
}

static void folder_teardown (Folder *f, gconstpointer data)
{
  GDir *d = g_dir_open (f->dir, 0, NULL);
  const char *n;
  (void) data;
  while ((n = g_dir_read_name (d))) {
    gchar *p = in (f, n);
    if (g_remove (p) != 0)
      g_rmdir (p);
    g_free (p);
  }
  g_dir_close (d);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Loads the folder and checks: exactly one error, for `name`, saying
 * `reason`; the good file beside it loaded. */
static void expect_skipped (const Folder *f, const char *name, const char *reason)
{
  const char *dirs[] = { f->dir, NULL };
  WireRegistry *reg = wire_registry_new ();
  const GPtrArray *errors;
  gchar *path = in (f, name), *expect;
  const WireService *svc;

  g_assert_cmpuint (wire_registry_load_dirs (reg, dirs), ==, 1);
  errors = wire_registry_errors (reg);
  g_assert_cmpuint (errors->len, ==, 1);
  expect = g_strdup_printf ("%s:0: %s", path, reason);
  g_assert_cmpstr (g_ptr_array_index (errors, 0), ==, expect);
  wire_registry_finish (reg);
  svc = wire_registry_service_by_name (reg, "tst");
  g_assert_nonnull (svc);
  g_assert_nonnull (wire_service_find_message (svc, WIRE_QMI_REQUEST, 1, 0));
  wire_registry_free (reg);
  g_free (expect);
  g_free (path);
}

/* In a subprocess with a time limit, so that a regression hangs one test
 * and fails it instead of hanging the suite. */
static gboolean in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void test_fifo (Folder *f, gconstpointer data)
{
  gchar *p = in (f, "pipe.json");
  (void) data;
  g_assert_cmpint (mkfifo (p, 0644), ==, 0);
  if (in_subprocess ())
    expect_skipped (f, "pipe.json", "a FIFO, not a regular file; skipped");
  g_free (p);
}

static void test_dev_zero_link (Folder *f, gconstpointer data)
{
  gchar *p = in (f, "zero.json");
  (void) data;
  g_assert_cmpint (symlink ("/dev/zero", p), ==, 0);
  if (in_subprocess ())
    expect_skipped (f, "zero.json", "a character device, not a regular file; skipped");
  g_free (p);
}

static void test_directory (Folder *f, gconstpointer data)
{
  gchar *p = in (f, "x.json");
  (void) data;
  g_assert_cmpint (g_mkdir (p, 0755), ==, 0);
  expect_skipped (f, "x.json", "a directory, not a regular file; skipped");
  g_free (p);
}

static void test_oversized (Folder *f, gconstpointer data)
{
  gchar *p = in (f, "big.json"), *reason;
  int fd = open (p, O_WRONLY | O_CREAT | O_EXCL, 0644);
  (void) data;
  g_assert_cmpint (fd, >=, 0);
  /* sparse: one byte over the cap costs no disk */
  g_assert_cmpint (ftruncate (fd, (off_t) WIRE_SCHEMA_MAX_FILE_SIZE + 1), ==, 0);
  close (fd);
  reason = g_strdup_printf ("%u bytes, more than the %u a schema file may have; skipped",
                            WIRE_SCHEMA_MAX_FILE_SIZE + 1, WIRE_SCHEMA_MAX_FILE_SIZE);
  expect_skipped (f, "big.json", reason);
  g_free (reason);
  g_free (p);
}

/* A file of exactly the cap is read (it is not a schema, so it fails as
 * JSON): the cap refuses only what is larger. */
static void test_at_cap (Folder *f, gconstpointer data)
{
  const char *dirs[] = { f->dir, NULL };
  gchar *p = in (f, "edge.json");
  int fd = open (p, O_WRONLY | O_CREAT | O_EXCL, 0644);
  WireRegistry *reg = wire_registry_new ();
  const char *err;
  (void) data;
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) WIRE_SCHEMA_MAX_FILE_SIZE), ==, 0);
  close (fd);
  g_assert_cmpuint (wire_registry_load_dirs (reg, dirs), ==, 1);
  g_assert_cmpuint (wire_registry_errors (reg)->len, ==, 1);
  err = g_ptr_array_index (wire_registry_errors (reg), 0);
  g_assert_true (g_str_has_prefix (err, p));
  g_assert_null (strstr (err, "skipped")); /* a JSON error, not the size refusal */
  wire_registry_free (reg);
  g_free (p);
}

static void test_unreadable (Folder *f, gconstpointer data)
{
  gchar *p = in (f, "secret.json");
  pid_t child;
  int status;
  (void) data;
  put_good_json (p);
  g_assert_cmpint (g_chmod (p, 0000), ==, 0);
  if (geteuid () != 0) {
    expect_skipped (f, "secret.json", "cannot open: Permission denied");
    g_free (p);
    return;
  }
  /* root reads everything: load as an ordinary user, in a child so that
   * this process stays root to clean up (a failed assertion aborts it) */
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0) {
    struct passwd *pw = getpwnam ("nobody");
    if (!pw || setgid (pw->pw_gid) != 0 || setuid (pw->pw_uid) != 0)
      _exit (3);
    expect_skipped (f, "secret.json", "cannot open: Permission denied");
    _exit (0);
  }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_free (p);
}

int main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/schema-files/fifo", Folder, NULL, folder_setup, test_fifo, folder_teardown);
  g_test_add ("/schema-files/dev-zero-link", Folder, NULL, folder_setup, test_dev_zero_link, folder_teardown);
  g_test_add ("/schema-files/directory", Folder, NULL, folder_setup, test_directory, folder_teardown);
  g_test_add ("/schema-files/oversized", Folder, NULL, folder_setup, test_oversized, folder_teardown);
  g_test_add ("/schema-files/at-cap", Folder, NULL, folder_setup, test_at_cap, folder_teardown);
  g_test_add ("/schema-files/unreadable", Folder, NULL, folder_setup, test_unreadable, folder_teardown);
  return g_test_run ();
}
