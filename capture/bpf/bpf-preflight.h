/* The checks every eBPF tap (qrtr-bpf-tap, wwan-bpf-tap) makes before it
 * loads anything, each failure explained on stderr as "PROG: what is
 * missing and what to do": root (CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN),
 * the bpf() system call, kprobe programs, the BPF ring buffer, kprobes,
 * and the kernel's BTF (/sys/kernel/btf/vmlinux, or btf when not NULL). */
#pragma once

#include <glib.h>

gboolean bpf_preflight (const char *prog, const char *btf);
