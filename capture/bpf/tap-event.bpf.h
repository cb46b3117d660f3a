// SPDX-License-Identifier: GPL-2.0
/* What both eBPF programs (qrtr-tap.bpf.c, wwan-tap.bpf.c) share: the ring
 * buffer to user space, the per-CPU event under construction, the lost and
 * truncated counters, and the copy of a message into its event. Included by
 * each after it defines, for its own event struct:
 *
 *   TAP_EVENT      the struct: ts_ns, len, caplen, pid, comm[16] and data[]
 *                  among its fields
 *   TAP_MAX_DATA   how many bytes of a message the event holds
 *   TAP_EVENT_MAX  the struct's size plus TAP_MAX_DATA
 *
 * Each program's functions are __always_inline, so the verifier sees the
 * same code as if each program spelled them out. */
#pragma once

#if !defined(TAP_EVENT) || !defined(TAP_MAX_DATA) || !defined(TAP_EVENT_MAX)
#error "define TAP_EVENT, TAP_MAX_DATA and TAP_EVENT_MAX before including tap-event.bpf.h"
#endif

char LICENSE[] SEC ("license") = "GPL";

/* The records, to user space: 4 MiB hold tens of thousands of typical QMI messages. */
struct {
  __uint (type, BPF_MAP_TYPE_RINGBUF);
  __uint (max_entries, 4 << 20);
} events SEC (".maps");

/* One event under construction per CPU: too big for the 512-byte BPF stack,
 * and a per-CPU array value may not exceed 32 KiB, so a plain array that
 * user space sizes to the number of possible CPUs. Kprobe programs run
 * with preemption off and never nest on one CPU, so a slot is never shared. */
struct {
  __uint (type, BPF_MAP_TYPE_ARRAY);
  __uint (max_entries, 1);
  __uint (key_size, sizeof (__u32));
  __uint (value_size, TAP_EVENT_MAX);
} scratch SEC (".maps");

/* Statistics user space reads at the end. */
__u64 lost = 0;      /* the ring buffer was full */
__u64 truncated = 0; /* messages longer than TAP_MAX_DATA, or fragmented skbs */

/* This CPU's event, stamped with the time and the task; NULL if the map fails. */
static __always_inline TAP_EVENT *tap_event_begin (void)
{
  __u32 cpu = bpf_get_smp_processor_id ();
  TAP_EVENT *ev = bpf_map_lookup_elem (&scratch, &cpu);

  if (!ev)
    return 0;
  ev->ts_ns = bpf_ktime_get_ns ();
  ev->pid = bpf_get_current_pid_tgid () >> 32;
  bpf_get_current_comm (ev->comm, sizeof ev->comm);
  return ev;
}

/* Copies n of len bytes at data (user memory when user) and sends the event. */
static __always_inline void tap_event_send (TAP_EVENT *ev, const void *data, __u64 len, __u64 n, bool user)
{
  long rc;

  ev->len = len > 0xffffffff ? 0xffffffff : len;
  if (n > TAP_MAX_DATA)
    n = TAP_MAX_DATA;
  if (n < len)
    __sync_fetch_and_add (&truncated, 1);
  /* the bound must be seen by the verifier on the register the calls use */
  barrier_var (n);
  if (n > TAP_MAX_DATA)
    return;
  rc = user ? bpf_probe_read_user (ev->data, n, data) : bpf_probe_read_kernel (ev->data, n, data);
  if (rc < 0)
    n = 0;
  ev->caplen = n;
  if (bpf_ringbuf_output (&events, ev, sizeof *ev + n, 0) < 0)
    __sync_fetch_and_add (&lost, 1);
}

/* The linear part of an skb, which is all of it for what the kernel
 * allocates for a datagram or a port's message. */
static __always_inline void tap_event_send_skb (TAP_EVENT *ev, struct sk_buff *skb)
{
  __u32 len = BPF_CORE_READ (skb, len);
  __u32 frags = BPF_CORE_READ (skb, data_len);

  tap_event_send (ev, BPF_CORE_READ (skb, data), len, frags < len ? len - frags : 0, false);
}
