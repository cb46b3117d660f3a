/* The record the WWAN tap (wwan-tap.bpf.c) hands to wwan-bpf-tap through its
 * ring buffer: one per control message on a QMI or MBIM WWAN port. Shared
 * by the BPF side and userspace, so plain C types only. */
#pragma once

enum wwan_tap_kind {
  WWAN_TAP_RX = 1, /* wwan_port_rx: what the driver received from the modem */
  WWAN_TAP_TX = 2, /* wwan_port_fops_write: what a client wrote to /dev/wwanXqmiY */
};

/* QMUX frames are at most 64 KiB; MBIM control messages are smaller. */
#define WWAN_TAP_MAX_DATA 65536
#define WWAN_TAP_NAME_LEN 32

struct wwan_tap_event {
  unsigned long long ts_ns; /* bpf_ktime_get_ns (CLOCK_MONOTONIC) */
  unsigned long long port;  /* struct wwan_port *: tells ports apart. Never written out */
  unsigned int kind;        /* enum wwan_tap_kind */
  unsigned int port_type;   /* enum wwan_port_type: 1 MBIM, 2 QMI */
  unsigned int len;         /* bytes of the message */
  unsigned int caplen;      /* bytes of it that follow */
  unsigned int pid;         /* the task the probe ran in (tgid) */
  char comm[16];
  char name[WWAN_TAP_NAME_LEN]; /* the port's device name: "wwan0qmi0" */
  unsigned char data[];
};

/* sizeof (struct wwan_tap_event) is 88 (data at 84): the scratch buffer holds one whole event */
#define WWAN_TAP_EVENT_MAX (88 + WWAN_TAP_MAX_DATA)
