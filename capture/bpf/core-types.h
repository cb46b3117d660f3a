/* What vmlinux.h would provide to the taps' BPF programs (qrtr-tap.bpf.c,
 * wwan-tap.bpf.c): the base types, the map types used and the kprobe
 * registers of x86 and arm64. Every kernel struct is marked
 * preserve_access_index, so libbpf relocates the field offsets against the
 * running kernel's BTF when it loads a program. */
#pragma once

/* bpf_tracing.h picks the kernel's pt_regs field names when this is defined */
#define __VMLINUX_H__

typedef unsigned char __u8;
typedef signed char __s8;
typedef unsigned short __u16;
typedef short __s16;
typedef unsigned int __u32;
typedef int __s32;
typedef unsigned long long __u64;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef __u64 __be64;
typedef _Bool bool;
#define true 1
#define false 0

enum bpf_map_type { /* include/uapi/linux/bpf.h */
  BPF_MAP_TYPE_ARRAY = 2,
  BPF_MAP_TYPE_RINGBUF = 27,
};

#if defined(__TARGET_ARCH_x86)
struct pt_regs {
  long unsigned int r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di;
  long unsigned int orig_ax, ip, cs, flags, sp, ss;
} __attribute__ ((preserve_access_index));
#elif defined(__TARGET_ARCH_arm64)
struct user_pt_regs {
  __u64 regs[31];
  __u64 sp, pc, pstate;
} __attribute__ ((preserve_access_index));
struct pt_regs {
  struct user_pt_regs user_regs;
} __attribute__ ((preserve_access_index));
#else
#error "the taps know the kprobe registers of x86 and arm64 only: define __TARGET_ARCH_x86 or __TARGET_ARCH_arm64"
#endif

/* Only the fields read here; libbpf finds them by name in the kernel's BTF. */
struct sk_buff {
  unsigned int len;      /* bytes in the packet */
  unsigned int data_len; /* of them in fragments, not at data */
  unsigned char *data;
} __attribute__ ((preserve_access_index));
