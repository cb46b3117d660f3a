/* Test-only program for the QRTR tap's file handling: opens an AF_QIPCRTR
 * socket (the shim answers it on hosts without QRTR), sends one QRTR
 * control packet (NEW_LOOKUP for service 2), then forks CHILDREN children that
 * send one each, printing each child's pid on stdout.
 * usage: preload-driver [CHILDREN] */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  /* QRTR control packet: cmd NEW_LOOKUP (10), service 2, instance 1 (LE) */
  static const unsigned char lookup[20] = { 10, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0 };
  int children = argc > 1 ? atoi (argv[1]) : 0;
  int fd = socket (42, SOCK_DGRAM, 0);

  if (fd < 0) {
    perror ("preload-driver: socket");
    return 1;
  }
  if (send (fd, lookup, sizeof lookup, 0) != (ssize_t) sizeof lookup) {
    perror ("preload-driver: send");
    return 1;
  }
  for (int i = 0; i < children; i++) {
    int status;
    pid_t pid = fork ();
    if (pid < 0)
      return 1;
    if (pid == 0)
      _exit (send (fd, lookup, sizeof lookup, 0) == (ssize_t) sizeof lookup ? 0 : 1);
    if (waitpid (pid, &status, 0) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
      return 1;
    printf ("%d\n", (int) pid);
  }
  return 0;
}
