/* -Z USER: give up root once the source is open and before the output file
 * is, the way tcpdump does: a bug in the decoding path cannot act as root,
 * and -w FILE is opened (a link followed, a file created) with USER's
 * rights only. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include "qrtr-capture.h"

static struct passwd *find_user (const char *user, GError **error)
{
  struct passwd *pw = getpwnam (user);
  if (!pw)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "-Z %s: no such user", user);
  return pw;
}

gboolean
check_user (const char *user, GError **error)
{
  return find_user (user, error) != NULL;
}

gboolean
drop_privileges (const char *user, GError **error)
{
  struct passwd *pw = find_user (user, error);

  if (!pw)
    return FALSE;
  if (initgroups (pw->pw_name, pw->pw_gid) != 0 || setgid (pw->pw_gid) != 0 || setuid (pw->pw_uid) != 0) {
    int e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), "-Z %s: %s", user, g_strerror (e));
    return FALSE;
  }
  /* setuid from root to another user clears every capability; check that
   * there is no way back rather than trusting it */
  if (pw->pw_uid != 0 && (setuid (0) == 0 || seteuid (0) == 0)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "-Z %s: root could be regained; refusing to go on", user);
    return FALSE;
  }
  return TRUE;
}
