// SPDX-License-Identifier: GPL-2.0
/* The eBPF half of wwan-bpf-tap: kprobes on the two places of the WWAN core
 * (drivers/net/wwan/wwan_core.c) every control message of a WWAN port passes
 * through, whatever the driver (mhi_wwan_ctrl, iosm, t7xx, ...):
 *
 *   wwan_port_rx (port, skb)                       exported; every driver hands
 *                                                  what the modem sent to it
 *   wwan_port_fops_write (file, buf, count, off)   the port's write(): the core
 *                                                  makes an skb of it and calls
 *                                                  port->ops->tx
 *
 * Both exist under these names in Linux 6.1 and 6.12; the core's own
 * wwan_port_op_tx is static and inlined in 6.1, and the drivers' tx
 * functions differ, so the write is taken at the char device. Only QMI and
 * MBIM ports are recorded. CO-RE against the minimal structs below (the
 * wwan module's BTF describes them), as qrtr-tap.bpf.c does. */

#include "core-types.h"

enum wwan_port_type { /* include/linux/wwan.h */
  WWAN_PORT_AT,
  WWAN_PORT_MBIM,
  WWAN_PORT_QMI,
};
struct kobject {
  const char *name;
} __attribute__ ((preserve_access_index));
struct device {
  struct kobject kobj;
} __attribute__ ((preserve_access_index));
struct wwan_port {
  enum wwan_port_type type;
  struct device dev;
} __attribute__ ((preserve_access_index));
struct file {
  void *private_data; /* the port, set by wwan_port_fops_open */
} __attribute__ ((preserve_access_index));

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "wwan-tap.h"

char LICENSE[] SEC ("license") = "GPL";

struct {
  __uint (type, BPF_MAP_TYPE_RINGBUF);
  __uint (max_entries, 4 << 20);
} events SEC (".maps");

/* one event under construction per CPU (see qrtr-tap.bpf.c) */
struct {
  __uint (type, BPF_MAP_TYPE_ARRAY);
  __uint (max_entries, 1);
  __uint (key_size, sizeof (__u32));
  __uint (value_size, WWAN_TAP_EVENT_MAX);
} scratch SEC (".maps");

__u64 lost = 0;      /* the ring buffer was full */
__u64 truncated = 0; /* longer than WWAN_TAP_MAX_DATA, or fragmented skbs */

/* The event for a QMI or MBIM port, or NULL. */
static __always_inline struct wwan_tap_event *begin (__u32 kind, struct wwan_port *port)
{
  __u32 cpu = bpf_get_smp_processor_id ();
  struct wwan_tap_event *ev;
  enum wwan_port_type type;

  if (!port)
    return 0;
  type = BPF_CORE_READ (port, type);
  if (type != WWAN_PORT_QMI && type != WWAN_PORT_MBIM)
    return 0;
  ev = bpf_map_lookup_elem (&scratch, &cpu);
  if (!ev)
    return 0;
  ev->ts_ns = bpf_ktime_get_ns ();
  ev->port = (unsigned long) port;
  ev->kind = kind;
  ev->port_type = type;
  ev->pid = bpf_get_current_pid_tgid () >> 32;
  bpf_get_current_comm (ev->comm, sizeof ev->comm);
  if (bpf_probe_read_kernel_str (ev->name, sizeof ev->name, BPF_CORE_READ (port, dev.kobj.name)) < 0)
    ev->name[0] = 0;
  return ev;
}

static __always_inline void finish (struct wwan_tap_event *ev, const void *data, __u64 len, __u64 n, bool user)
{
  long rc;

  ev->len = len > 0xffffffff ? 0xffffffff : len;
  if (n > WWAN_TAP_MAX_DATA)
    n = WWAN_TAP_MAX_DATA;
  if (n < len)
    __sync_fetch_and_add (&truncated, 1);
  barrier_var (n);
  if (n > WWAN_TAP_MAX_DATA)
    return;
  rc = user ? bpf_probe_read_user (ev->data, n, data) : bpf_probe_read_kernel (ev->data, n, data);
  if (rc < 0)
    n = 0;
  ev->caplen = n;
  if (bpf_ringbuf_output (&events, ev, sizeof *ev + n, 0) < 0)
    __sync_fetch_and_add (&lost, 1);
}

SEC ("kprobe/wwan_port_rx")
int BPF_KPROBE (wwan_port_rx, struct wwan_port *port, struct sk_buff *skb)
{
  struct wwan_tap_event *ev = begin (WWAN_TAP_RX, port);
  __u32 len, frags;

  if (!ev || !skb)
    return 0;
  len = BPF_CORE_READ (skb, len);
  frags = BPF_CORE_READ (skb, data_len);
  finish (ev, BPF_CORE_READ (skb, data), len, frags < len ? len - frags : 0, false);
  return 0;
}

SEC ("kprobe/wwan_port_fops_write")
int BPF_KPROBE (wwan_port_fops_write, struct file *filp, const char *buf, unsigned long count)
{
  struct wwan_tap_event *ev;

  if (!filp)
    return 0;
  ev = begin (WWAN_TAP_TX, BPF_CORE_READ (filp, private_data));
  if (!ev)
    return 0;
  finish (ev, buf, count, count, true);
  return 0;
}
