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

#define TAP_EVENT struct wwan_tap_event
#define TAP_MAX_DATA WWAN_TAP_MAX_DATA
#define TAP_EVENT_MAX WWAN_TAP_EVENT_MAX
#include "tap-event.bpf.h"

/* The event for a QMI or MBIM port, or NULL. */
static __always_inline struct wwan_tap_event *begin (__u32 kind, struct wwan_port *port)
{
  struct wwan_tap_event *ev;
  enum wwan_port_type type;

  if (!port)
    return 0;
  type = BPF_CORE_READ (port, type);
  if (type != WWAN_PORT_QMI && type != WWAN_PORT_MBIM)
    return 0;
  ev = tap_event_begin ();
  if (!ev)
    return 0;
  ev->port = (unsigned long) port;
  ev->kind = kind;
  ev->port_type = type;
  if (bpf_probe_read_kernel_str (ev->name, sizeof ev->name, BPF_CORE_READ (port, dev.kobj.name)) < 0)
    ev->name[0] = 0;
  return ev;
}

SEC ("kprobe/wwan_port_rx")
int BPF_KPROBE (wwan_port_rx, struct wwan_port *port, struct sk_buff *skb)
{
  struct wwan_tap_event *ev = begin (WWAN_TAP_RX, port);

  if (!ev || !skb)
    return 0;
  tap_event_send_skb (ev, skb);
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
  tap_event_send (ev, buf, count, count, true);
  return 0;
}
