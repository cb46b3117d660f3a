/* Test-only LD_PRELOAD shim, loaded after the QRTR tap: this host may have
 * no AF_QIPCRTR, so socket(AF_QIPCRTR, ...) is answered with one end of an
 * AF_UNIX datagram pair. The tap (which resolves socket with RTLD_NEXT, so
 * it calls this) then tracks the descriptor as a QRTR socket, and the
 * driver's send() goes through the tap's recording path: the file handling
 * of the tap runs here as it does on a device. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sys/socket.h>

#define AF_QIPCRTR_ 42

int
socket (int domain, int type, int protocol)
{
  static int (*real_socket) (int, int, int);
  int pair[2];

  if (domain != AF_QIPCRTR_) {
    if (!real_socket)
      *(void **) &real_socket = dlsym (RTLD_NEXT, "socket");
    return real_socket (domain, type, protocol);
  }
  if (socketpair (AF_UNIX, SOCK_DGRAM, 0, pair) != 0)
    return -1;
  return pair[0]; /* the other end stays open, so sends do not fail */
}
