/* An LD_PRELOAD tap for one process's QRTR traffic, without root: QRTR has
 * no monitor device, but every AF_QIPCRTR datagram a process sends or
 * receives passes through a handful of libc calls. This library wraps them,
 * and writes each datagram as an Exported PDU "qrtr" record with a QRTR v1
 * header synthesised from the socket's addresses, so the analyzer decodes it
 * like traffic seen by the kernel.
 *
 * Output: $QRTR_PRELOAD_OUTPUT (pcapng; "%p" in it becomes the process id;
 * a child of a fork writes to "<file>.<pid>"), each file created new, 0600.
 * Set by qrtr-capture --exec. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include "wire-pcapng.h"
#include "wire-qrtr.h"

#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif
#define QRTR_PORT_CTRL 0xfffffffeu
#define QRTR_TYPE_DATA 1
#define MAX_FDS 65536

struct qrtr_addr { /* struct sockaddr_qrtr, include/uapi/linux/qrtr.h */
  unsigned short sq_family;
  unsigned int sq_node;
  unsigned int sq_port;
};

static unsigned char is_qrtr[MAX_FDS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static WirePcapngWriter *writer;
static pid_t writer_pid;
static gboolean disabled;

static int (*real_socket) (int, int, int);
static int (*real_close) (int);
static ssize_t (*real_sendto) (int, const void *, size_t, int, const struct sockaddr *, socklen_t);
static ssize_t (*real_sendmsg) (int, const struct msghdr *, int);
static ssize_t (*real_recvfrom) (int, void *, size_t, int, struct sockaddr *, socklen_t *);
static ssize_t (*real_recvmsg) (int, struct msghdr *, int);

#define RESOLVE(name) real_##name

/* The wrapped functions, resolved when the library is loaded, before the
 * program runs. */
__attribute__ ((constructor)) static void resolve_all (void)
{
  *(void **) &real_socket = dlsym (RTLD_NEXT, "socket");
  *(void **) &real_close = dlsym (RTLD_NEXT, "close");
  *(void **) &real_sendto = dlsym (RTLD_NEXT, "sendto");
  *(void **) &real_sendmsg = dlsym (RTLD_NEXT, "sendmsg");
  *(void **) &real_recvfrom = dlsym (RTLD_NEXT, "recvfrom");
  *(void **) &real_recvmsg = dlsym (RTLD_NEXT, "recvmsg");
}

static gboolean tracked (int fd)
{
  return fd >= 0 && fd < MAX_FDS && is_qrtr[fd];
}

/* Opens the output on first use, and again in a forked child. */
static WirePcapngWriter *output (void)
{
  const char *spec = getenv ("QRTR_PRELOAD_OUTPUT");
  GString *path;
  char comm[64] = "?", *desc;
  GError *error = NULL;
  FILE *f;

  if (disabled || !spec || !*spec)
    return NULL;
  if (writer && writer_pid == getpid ())
    return writer;
  writer = NULL; /* a fork's copy belongs to the parent: never write to it */
  path = g_string_new (spec);
  if (strstr (spec, "%p")) {
    char pid[16];
    g_snprintf (pid, sizeof pid, "%d", (int) getpid ());
    g_string_replace (path, "%p", pid, 0);
  } else if (writer_pid) {
    g_string_append_printf (path, ".%d", (int) getpid ());
  }
  writer_pid = getpid ();
  if ((f = fopen ("/proc/self/comm", "r"))) {
    if (fgets (comm, sizeof comm, f))
      comm[strcspn (comm, "\n")] = '\0';
    fclose (f);
  }
  /* The file may sit in a folder others can write to (/tmp), and the
   * traced program may be more privileged than whoever planted a name
   * there: each file is made new, 0600, and a link or an existing file
   * at its name is refused, never followed or overwritten. */
  writer = wire_pcapng_writer_create (path->str, WIRE_PCAPNG_EXCLUSIVE, "qrtr-preload", &error);
  desc = g_strdup_printf ("AF_QIPCRTR traffic of %s (pid %d), seen by qrtr-preload", comm, (int) getpid ());
  if (writer && wire_pcapng_add_interface (writer, WIRE_LINKTYPE_WIRESHARK_UPPER_PDU, 0x40000,
                                           "qrtr-preload", desc, &error) < 0) {
    wire_pcapng_writer_close (writer, NULL);
    writer = NULL;
  }
  if (!writer) {
    fprintf (stderr, "qrtr-preload: %s; not recording process %d\n", error->message, (int) getpid ());
    g_error_free (error);
    disabled = TRUE;
  }
  g_free (desc);
  g_string_free (path, TRUE);
  return writer;
}

/* One datagram: a v1 header as the kernel would have carried it (the type
 * is the control command for packets to or from the control port, which is
 * how the kernel itself types them), the payload, padding to 4 bytes. */
static void record (int fd, WireDirection dir, const struct iovec *iov, int iovcnt, size_t len,
                    const struct qrtr_addr *peer_in)
{
  struct qrtr_addr self = { 0 }, peer = { 0 };
  socklen_t sl = sizeof self;
  GByteArray *frame;
  guint8 h[32] = { 0 };
  guint32 type = QRTR_TYPE_DATA;
  WirePcapngWriter *w;
  int saved = errno;

  getsockname (fd, (struct sockaddr *) &self, &sl);
  if (peer_in && peer_in->sq_family == AF_QIPCRTR) {
    peer = *peer_in;
  } else {
    sl = sizeof peer;
    getpeername (fd, (struct sockaddr *) &peer, &sl);
  }
  frame = g_byte_array_sized_new ((guint) (32 + len + 3));
  g_byte_array_append (frame, h, 32);
  for (int i = 0; i < iovcnt && frame->len - 32 < len; i++)
    g_byte_array_append (frame, iov[i].iov_base, (guint) MIN (iov[i].iov_len, len - (frame->len - 32)));
  if (peer.sq_port == QRTR_PORT_CTRL && len >= 4)
    type = frame->data[32] | frame->data[33] << 8 | frame->data[34] << 16 | (guint32) frame->data[35] << 24;
  {
    const struct qrtr_addr *src = dir == WIRE_DIR_OUTBOUND ? &self : &peer;
    const struct qrtr_addr *dst = dir == WIRE_DIR_OUTBOUND ? &peer : &self;
    WireQrtrHeader hdr = { .version = WIRE_QRTR_VERSION_1, .type = type, .size = (guint32) len,
                           .src_node = src->sq_node, .src_port = src->sq_port,
                           .dst_node = dst->sq_node, .dst_port = dst->sq_port };
    wire_qrtr_build_header (&hdr, frame->data, 32);
  }
  while (frame->len % 4)
    g_byte_array_append (frame, (const guint8 *) "", 1);

  pthread_mutex_lock (&lock);
  if ((w = output ())) {
    wire_pcapng_write_exported_pdu (w, 0, g_get_real_time (), "qrtr", dir, frame->data, frame->len, NULL, NULL);
    wire_pcapng_flush (w, NULL); /* the process may die at any moment */
  }
  pthread_mutex_unlock (&lock);
  g_byte_array_unref (frame);
  errno = saved;
}

int
socket (int domain, int type, int protocol)
{
  int fd = RESOLVE (socket) (domain, type, protocol);
  if (fd >= 0 && fd < MAX_FDS)
    is_qrtr[fd] = domain == AF_QIPCRTR;
  return fd;
}

int
close (int fd)
{
  if (fd >= 0 && fd < MAX_FDS)
    is_qrtr[fd] = 0;
  return RESOLVE (close) (fd);
}

ssize_t
sendto (int fd, const void *buf, size_t len, int flags, const struct sockaddr *to, socklen_t tolen)
{
  ssize_t r = RESOLVE (sendto) (fd, buf, len, flags, to, tolen);
  if (r >= 0 && tracked (fd)) {
    struct iovec v = { (void *) buf, (size_t) r };
    record (fd, WIRE_DIR_OUTBOUND, &v, 1, (size_t) r,
            to && tolen >= sizeof (struct qrtr_addr) ? (const struct qrtr_addr *) to : NULL);
  }
  return r;
}

ssize_t
send (int fd, const void *buf, size_t len, int flags)
{
  return sendto (fd, buf, len, flags, NULL, 0);
}

ssize_t
sendmsg (int fd, const struct msghdr *msg, int flags)
{
  ssize_t r = RESOLVE (sendmsg) (fd, msg, flags);
  if (r >= 0 && tracked (fd))
    record (fd, WIRE_DIR_OUTBOUND, msg->msg_iov, (int) msg->msg_iovlen, (size_t) r,
            msg->msg_name && msg->msg_namelen >= sizeof (struct qrtr_addr) ? msg->msg_name : NULL);
  return r;
}

ssize_t
recvfrom (int fd, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen)
{
  struct qrtr_addr src = { 0 };
  socklen_t sl = sizeof src;
  ssize_t r;

  if (!tracked (fd))
    return RESOLVE (recvfrom) (fd, buf, len, flags, from, fromlen);
  /* always ask for the sender, even when the caller does not */
  r = RESOLVE (recvfrom) (fd, buf, len, flags, (struct sockaddr *) &src, &sl);
  if (r >= 0) {
    struct iovec v = { buf, MIN ((size_t) r, len) };
    if (!(flags & MSG_PEEK))
      record (fd, WIRE_DIR_INBOUND, &v, 1, v.iov_len, &src);
    if (from && fromlen) {
      memcpy (from, &src, MIN ((size_t) *fromlen, (size_t) sl));
      *fromlen = sl;
    }
  }
  return r;
}

ssize_t
recv (int fd, void *buf, size_t len, int flags)
{
  return recvfrom (fd, buf, len, flags, NULL, NULL);
}

ssize_t
recvmsg (int fd, struct msghdr *msg, int flags)
{
  ssize_t r = RESOLVE (recvmsg) (fd, msg, flags);
  size_t room = 0;
  for (size_t i = 0; r >= 0 && i < msg->msg_iovlen; i++)
    room += msg->msg_iov[i].iov_len;
  if (r >= 0 && tracked (fd) && !(flags & MSG_PEEK))
    /* with MSG_TRUNC r may be the datagram's length, more than was stored */
    record (fd, WIRE_DIR_INBOUND, msg->msg_iov, (int) msg->msg_iovlen, MIN ((size_t) r, room),
            msg->msg_name && msg->msg_namelen >= sizeof (struct qrtr_addr) ? msg->msg_name : NULL);
  return r;
}
