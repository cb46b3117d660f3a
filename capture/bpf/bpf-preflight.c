/* What every eBPF tap checks before loading; see bpf-preflight.h. */
#include <errno.h>
#include <unistd.h>
#include <bpf/libbpf.h>
#include "bpf-preflight.h"

/* CAP_SYS_ADMIN, or CAP_BPF with CAP_PERFMON (Linux 5.8+), in the effective set. */
static gboolean privileged (void)
{
  gchar *status = NULL;
  guint64 eff = 0;
  gboolean found = FALSE;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL)) {
    gchar **lines = g_strsplit (status, "\n", -1);
    for (gchar **l = lines; *l; l++)
      if (g_str_has_prefix (*l, "CapEff:")) {
        eff = g_ascii_strtoull (*l + 7, NULL, 16);
        found = TRUE;
      }
    g_strfreev (lines);
    g_free (status);
  }
  if (!found)
    return geteuid () == 0;
  return (eff >> 21 & 1) || ((eff >> 39 & 1) && (eff >> 38 & 1));
}

gboolean
bpf_preflight (const char *prog, const char *btf)
{
  int rc;

  if (!privileged ()) {
    g_printerr ("%s: needs root: loading BPF programs and attaching kprobes takes CAP_BPF and "
                "CAP_PERFMON, or CAP_SYS_ADMIN (run it with sudo)\n", prog);
    return FALSE;
  }
  rc = libbpf_probe_bpf_prog_type (BPF_PROG_TYPE_KPROBE, NULL);
  if (rc <= 0) {
    if (rc == -ENOSYS || errno == ENOSYS)
      g_printerr ("%s: this kernel has no BPF: the bpf() system call is missing (CONFIG_BPF_SYSCALL)\n", prog);
    else if (rc == -EPERM || errno == EPERM)
      g_printerr ("%s: the kernel refuses to load BPF programs (EPERM), even as root: kernel lockdown "
                  "(Secure Boot) or a security module forbids it\n", prog);
    else
      g_printerr ("%s: this kernel cannot load kprobe BPF programs (%s): it needs CONFIG_BPF_SYSCALL, "
                  "CONFIG_KPROBES and CONFIG_BPF_EVENTS\n", prog, rc < 0 ? g_strerror (-rc) : "not supported");
    return FALSE;
  }
  if (libbpf_probe_bpf_map_type (BPF_MAP_TYPE_RINGBUF, NULL) <= 0) {
    g_printerr ("%s: this kernel has no BPF ring buffer (Linux 5.8 or later needed)\n", prog);
    return FALSE;
  }
  if (!g_file_test ("/sys/bus/event_source/devices/kprobe", G_FILE_TEST_EXISTS) &&
      !g_file_test ("/sys/kernel/tracing/kprobe_events", G_FILE_TEST_EXISTS) &&
      !g_file_test ("/sys/kernel/debug/tracing/kprobe_events", G_FILE_TEST_EXISTS)) {
    g_printerr ("%s: this kernel has no kprobes (CONFIG_KPROBES, CONFIG_KPROBE_EVENTS): "
                "no kprobe PMU in /sys/bus/event_source/devices and no kprobe_events in tracefs\n", prog);
    return FALSE;
  }
  if (btf) {
    if (!g_file_test (btf, G_FILE_TEST_IS_REGULAR)) {
      g_printerr ("%s: --btf %s: no such file\n", prog, btf);
      return FALSE;
    }
  } else if (!g_file_test ("/sys/kernel/btf/vmlinux", G_FILE_TEST_EXISTS)) {
    g_printerr ("%s: the kernel has no BTF: /sys/kernel/btf/vmlinux is missing (CONFIG_DEBUG_INFO_BTF). "
                "The tap finds the kernel's struct layouts there; give one with --btf FILE (e.g. from BTFHub) "
                "for this exact kernel\n", prog);
    return FALSE;
  }
  return TRUE;
}
