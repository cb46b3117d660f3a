/* The record the eBPF tap (qrtr-tap.bpf.c) hands to qrtr-bpf-tap through its
 * ring buffer: one per QRTR packet seen at one of three kernel places. Shared
 * by the BPF side and userspace, so plain C types only. */
#pragma once

enum qrtr_tap_kind {
  QRTR_TAP_RX = 1,    /* qrtr_endpoint_post: a whole frame, header included, from a transport */
  QRTR_TAP_TX = 2,    /* qrtr_node_enqueue: payload on its way to a remote node's transport */
  QRTR_TAP_LOCAL = 3, /* qrtr_local_enqueue: payload delivered to a socket of this node */
};

/* A QRTR datagram is at most 64 KiB - 1 (qrtr_sendmsg); a received frame
 * adds its header (32 bytes at most for v1, v2 with options) and padding. */
#define QRTR_TAP_MAX_DATA (65536 + 64)

struct qrtr_tap_event {
  unsigned long long ts_ns;    /* bpf_ktime_get_ns (CLOCK_MONOTONIC) */
  unsigned long long endpoint; /* struct qrtr_endpoint * (rx, tx); 0 for local delivery. Never written out */
  unsigned int kind;           /* enum qrtr_tap_kind */
  unsigned int node;           /* rx, tx: the endpoint's node id (0xffffffff while unknown); local: 0 */
  unsigned int type;           /* tx, local: the type argument (the command for control packets); rx: 0 */
  unsigned int src_node, src_port, dst_node, dst_port; /* tx, local: from and to; rx: 0 */
  unsigned int len;            /* bytes at the probe: rx the frame, tx/local the payload */
  unsigned int caplen;         /* bytes of it that follow (the linear part, at most QRTR_TAP_MAX_DATA) */
  unsigned int pid;            /* the task the probe ran in (tgid) */
  char comm[16];
  unsigned char data[];
};

/* sizeof (struct qrtr_tap_event) is 72: the scratch buffer holds one whole event */
#define QRTR_TAP_EVENT_MAX (72 + QRTR_TAP_MAX_DATA)
