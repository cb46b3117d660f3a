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

char LICENSE[] SEC ("license") = "GPL";

/* The records, to qrtr-bpf-tap: 4 MiB hold tens of thousands of typical QMI messages. */
struct {
  __uint (type, BPF_MAP_TYPE_RINGBUF);
  __uint (max_entries, 4 << 20);
} events SEC (".maps");

/* One event under construction per CPU: too big for the 512-byte BPF stack,
 * and a per-CPU array value may not exceed 32 KiB, so a plain array that
 * qrtr-bpf-tap sizes to the number of possible CPUs. Kprobe programs run
 * with preemption off and never nest on one CPU, so a slot is never shared. */
struct {
  __uint (type, BPF_MAP_TYPE_ARRAY);
  __uint (max_entries, 1);
  __uint (key_size, sizeof (__u32));
  __uint (value_size, QRTR_TAP_EVENT_MAX);
} scratch SEC (".maps");

/* Statistics qrtr-bpf-tap reads at the end. */
__u64 lost = 0;      /* the ring buffer was full */
__u64 truncated = 0; /* packets longer than QRTR_TAP_MAX_DATA, or fragmented skbs */

static __always_inline struct qrtr_tap_event *begin (__u32 kind)
{
  __u32 cpu = bpf_get_smp_processor_id ();
  struct qrtr_tap_event *ev = bpf_map_lookup_elem (&scratch, &cpu);

  if (!ev)
    return 0;
  ev->ts_ns = bpf_ktime_get_ns ();
  ev->kind = kind;
  ev->endpoint = 0;
  ev->node = 0;
  ev->type = 0;
  ev->src_node = ev->src_port = ev->dst_node = ev->dst_port = 0;
  ev->pid = bpf_get_current_pid_tgid () >> 32;
  bpf_get_current_comm (ev->comm, sizeof ev->comm);
  return ev;
}

/* Copies n of len bytes at data and sends the event. */
static __always_inline void finish (struct qrtr_tap_event *ev, const void *data, __u64 len, __u64 n)
{
  ev->len = len > 0xffffffff ? 0xffffffff : len;
  if (n > QRTR_TAP_MAX_DATA)
    n = QRTR_TAP_MAX_DATA;
  if (n < len)
    __sync_fetch_and_add (&truncated, 1);
  /* the bound must be seen by the verifier on the register the calls use */
  barrier_var (n);
  if (n > QRTR_TAP_MAX_DATA)
    return;
  if (bpf_probe_read_kernel (ev->data, n, data) < 0)
    n = 0;
  ev->caplen = n;
  if (bpf_ringbuf_output (&events, ev, sizeof *ev + n, 0) < 0)
    __sync_fetch_and_add (&lost, 1);
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

/* The payload of an skb that has no QRTR header yet (tx, local): the
 * linear part, which is all of it for what qrtr_sendmsg allocates. */
static __always_inline void finish_skb (struct qrtr_tap_event *ev, struct sk_buff *skb)
{
  __u32 len = BPF_CORE_READ (skb, len);
  __u32 frags = BPF_CORE_READ (skb, data_len);

  finish (ev, BPF_CORE_READ (skb, data), len, frags < len ? len - frags : 0);
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
  finish (ev, data, len, len);
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
  finish_skb (ev, skb);
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
  finish_skb (ev, skb);
  return 0;
}
