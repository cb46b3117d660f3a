// SPDX-License-Identifier: GPL-2.0
/* The eBPF half of qrtr-bpf-tap: kprobes on the three places of net/qrtr/
 * af_qrtr.c every QRTR packet of the machine passes through, copying each
 * packet into a ring buffer.
 *
 *   qrtr_endpoint_post (ep, data, len)              a frame a transport (MHI, SMD,
 *                                                   qrtr-tun) received: header included
 *   qrtr_node_enqueue (node, skb, type, from, to)   a packet for a remote node, before the
 *                                                   v1 header is pushed and ep->xmit called
 *   qrtr_local_enqueue (node, skb, type, from, to)  a packet for a socket of this node
 *
 * Compiled once (clang -target bpf) against the minimal CO-RE definitions
 * below instead of a vmlinux.h: every kernel struct is marked
 * preserve_access_index, so libbpf relocates the field offsets against the
 * running kernel's BTF (/sys/kernel/btf/vmlinux and /sys/kernel/btf/qrtr)
 * when it loads the program. The machine that builds this needs neither BTF
 * nor qrtr.
 *
 * GPL: kprobe programs call GPL-only helpers (bpf_probe_read_kernel). */

#include "core-types.h"

/* net/qrtr/qrtr.h and af_qrtr.c: described by qrtr.ko's own BTF. The reads
 * are guarded with bpf_core_field_exists, so a qrtr built without module
 * BTF only loses the node ids. */
struct qrtr_node;
struct qrtr_endpoint {
  struct qrtr_node *node;
} __attribute__ ((preserve_access_index));
struct qrtr_node {
  struct qrtr_endpoint *ep;
  unsigned int nid;
} __attribute__ ((preserve_access_index));

/* include/uapi/linux/qrtr.h: a user-space ABI, so a fixed layout. */
struct sockaddr_qrtr {
  unsigned short sq_family;
  __u32 sq_node;
  __u32 sq_port;
};

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "qrtr-tap.h"

#define TAP_EVENT struct qrtr_tap_event
#define TAP_MAX_DATA QRTR_TAP_MAX_DATA
#define TAP_EVENT_MAX QRTR_TAP_EVENT_MAX
#include "tap-event.bpf.h"

static __always_inline struct qrtr_tap_event *begin (__u32 kind)
{
  struct qrtr_tap_event *ev = tap_event_begin ();

  if (!ev)
    return 0;
  ev->kind = kind;
  ev->endpoint = 0;
  ev->node = 0;
  ev->type = 0;
  ev->src_node = ev->src_port = ev->dst_node = ev->dst_port = 0;
  return ev;
}

static __always_inline __u32 node_id (struct qrtr_node *node)
{
  if (!node || !bpf_core_field_exists (node->nid))
    return 0xffffffff;
  return BPF_CORE_READ (node, nid);
}

static __always_inline void addresses (struct qrtr_tap_event *ev, const struct sockaddr_qrtr *from,
                                       const struct sockaddr_qrtr *to)
{
  struct sockaddr_qrtr a = {};

  if (from && bpf_probe_read_kernel (&a, sizeof a, from) == 0)
    ev->src_node = a.sq_node, ev->src_port = a.sq_port;
  if (to && bpf_probe_read_kernel (&a, sizeof a, to) == 0)
    ev->dst_node = a.sq_node, ev->dst_port = a.sq_port;
}

SEC ("kprobe/qrtr_endpoint_post")
int BPF_KPROBE (qrtr_endpoint_post, struct qrtr_endpoint *ep, const void *data, unsigned long len)
{
  struct qrtr_tap_event *ev = begin (QRTR_TAP_RX);

  if (!ev)
    return 0;
  ev->endpoint = (unsigned long) ep;
  ev->node = 0xffffffff;
  if (ep && bpf_core_field_exists (ep->node))
    ev->node = node_id (BPF_CORE_READ (ep, node));
  tap_event_send (ev, data, len, len, false);
  return 0;
}

SEC ("kprobe/qrtr_node_enqueue")
int BPF_KPROBE (qrtr_node_enqueue, struct qrtr_node *node, struct sk_buff *skb, int type,
                const struct sockaddr_qrtr *from, const struct sockaddr_qrtr *to)
{
  struct qrtr_tap_event *ev = begin (QRTR_TAP_TX);

  if (!ev)
    return 0;
  if (node && bpf_core_field_exists (node->ep))
    ev->endpoint = (unsigned long) BPF_CORE_READ (node, ep);
  ev->node = node_id (node);
  ev->type = type;
  addresses (ev, from, to);
  /* no QRTR header yet: the payload */
  tap_event_send_skb (ev, skb);
  return 0;
}

SEC ("kprobe/qrtr_local_enqueue")
int BPF_KPROBE (qrtr_local_enqueue, struct qrtr_node *node, struct sk_buff *skb, int type,
                const struct sockaddr_qrtr *from, const struct sockaddr_qrtr *to)
{
  struct qrtr_tap_event *ev = begin (QRTR_TAP_LOCAL);

  if (!ev)
    return 0;
  ev->type = type;
  addresses (ev, from, to);
  /* no QRTR header yet: the payload */
  tap_event_send_skb (ev, skb);
  return 0;
}
