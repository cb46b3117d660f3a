/* -Z USER: give up root once the sources and the output file are open, the
 * way tcpdump does, so a bug in the decoding path cannot act as root. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>
#include "qrtr-capture.h"

gboolean
drop_privileges (const char *user, GError **error)
{
  struct passwd *pw = getpwnam (user);

  if (!pw) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "-Z %s: no such user", user);
    return FALSE;
  }
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
