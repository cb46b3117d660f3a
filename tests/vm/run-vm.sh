#!/usr/bin/env bash
# Runs one scenario script inside a qemu VM with one of Debian 12's kernels
# ($VM_KERNEL: 6.1-amd64, the default, or 6.12-amd64), for the
# tests that need a real kernel (QRTR sockets, usbmon, cdc-wdm, gadgets): the
# host kernel of a CI machine has none of those modules and cannot load any.
# The guest sees the host's whole root read-only (writes go to a tmpfs
# overlay), so the scenario runs the host's binaries at their host paths.
#
# usage: run-vm.sh [-e NAME=VALUE]... [-o OUTDIR] [-t SECONDS] SCENARIO [ARGS...]
#   -e NAME=VALUE  set in the scenario's environment (repeatable)
#   -o OUTDIR      shared writable with the guest at the same path; the
#                  scenario finds it in $VM_OUT (to bring files back)
#   -t SECONDS     hard limit for the whole VM run (default $VM_TIMEOUT or 360)
# Images are built (and the kernel package downloaded) by build-initramfs.sh
# into $VM_IMAGE_DIR/$VM_KERNEL (VM_IMAGE_DIR default ~/.cache/qrtr-analyzer-vm).
# Exit status: the scenario's; 77 when qemu, busybox-static or the kernel is
# not available (unless VM_NO_SKIP=1, then 1); 124 when the VM timed out;
# 125 when the VM ended without reporting the scenario's exit code.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/vm-kernel.sh"
limit=${VM_TIMEOUT:-360}
envs=() outdir=

skip () {
  echo "run-vm: SKIP: $*"
  [ -n "${VM_NO_SKIP:-}" ] && { echo "run-vm: VM_NO_SKIP is set: failing instead"; exit 1; }
  exit 77
}
die () { echo "run-vm: $1"; exit "${2:-1}"; }

while getopts e:o:t: opt; do
  case $opt in
    e) [[ $OPTARG == [A-Za-z_]*=* ]] || die "-e wants NAME=VALUE, not $OPTARG"; envs+=("$OPTARG") ;;
    o) outdir=$OPTARG ;;
    t) limit=$OPTARG ;;
    *) die "usage: run-vm.sh [-e NAME=VALUE]... [-o OUTDIR] [-t SECONDS] SCENARIO [ARGS...]" 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || die "usage: run-vm.sh [-e NAME=VALUE]... [-o OUTDIR] [-t SECONDS] SCENARIO [ARGS...]" 2
scenario=$(readlink -f "$1"); shift
[ -f "$scenario" ] || die "$scenario: no such scenario"
[[ $limit =~ ^[0-9]+$ ]] && [ "$limit" -ge 60 ] || die "-t wants at least 60 seconds"

case $vm_arch in
  amd64) qemu=${VM_QEMU:-qemu-system-x86_64} qemu_pkg=qemu-system-x86 ;;
  arm64) qemu=${VM_QEMU:-qemu-system-aarch64} qemu_pkg=qemu-system-arm ;;
esac
command -v "$qemu" >/dev/null || skip "$qemu is not installed (apt-get install $qemu_pkg)"

mkdir -p "$images" || die "cannot create $images"
images=$(cd "$images" && pwd)
# One build at a time when several VM tests start together.
( flock 9 && "$here/build-initramfs.sh" "$images" "$vm_kernel" ) 9>"$images/.lock"
case $? in
  0) ;;
  77) skip "the VM images cannot be built (see above)" ;;
  *) die "building the VM images failed" ;;
esac

rundir=$(mktemp -d "${TMPDIR:-/tmp}/vm-run.XXXXXX") || die "mktemp failed"
qpid= tpid=
cleanup () {
  [ -n "$qpid" ] && kill "$qpid" 2>/dev/null
  [ -n "$tpid" ] && kill "$tpid" 2>/dev/null
  wait 2>/dev/null
  [ -n "${VM_KEEP:-}" ] && echo "run-vm: kept $rundir" || rm -rf "$rundir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "$outdir" ]; then
  mkdir -p "$outdir" && outdir=$(cd "$outdir" && pwd) || die "cannot create $outdir"
fi
# The kernel command line splits at spaces.
for p in "$rundir" "$outdir"; do
  [[ $p != *[[:space:]]* ]] || die "paths given to the VM cannot hold spaces: $p"
done

# What the guest runs, chrooted into the host's root: bash, a clean
# environment plus -e values, the caller's directory, the scenario.
{
  echo "# written by run-vm.sh"
  for e in "${envs[@]}"; do printf 'export %s=%q\n' "${e%%=*}" "${e#*=}"; done
  [ -n "$outdir" ] && printf 'export VM_OUT=%q\n' "$outdir"
  printf 'export VM_SCENARIO=%q\n' "$scenario"
  printf 'cd %q 2>/dev/null || cd /\n' "$PWD"
  # an arm64 guest cannot run the host's bash: its busybox is the shell (see build-initramfs.sh)
  if [ "$vm_arch" = "$(dpkg --print-architecture)" ]; then printf 'exec /bin/bash %q' "$scenario"
  else printf 'exec /run/vm-bin/sh %q' "$scenario"; fi
  for a in "$@"; do printf ' %q' "$a"; done
  echo
} >"$rundir/run.sh"

# TCG unless told otherwise: on some machines /dev/kvm exists but a guest
# started with it hangs or qemu aborts (failed to set MSR ...).
accel=${VM_ACCEL:-tcg}
cpu=max # under TCG: RDRAND, so the guest's random pool is ready at once
[ "$accel" = tcg ] || cpu=host
guest_limit=$((limit - 30)) # the guest stops the scenario first, so its output still gets out
log=$rundir/console.log
: >"$log"
console=ttyS0 machine=(-machine "pc,accel=$accel" -cpu "$cpu")
if [ "$vm_arch" = arm64 ]; then
  # cortex-a57: cheaper to emulate than max (no pointer authentication)
  console=ttyAMA0 machine=(-machine "virt,accel=$accel" -cpu "$([ "$accel" = tcg ] && echo cortex-a57 || echo host)")
fi
append="console=$console quiet loglevel=3 panic=-1 ${VM_APPEND:-} vmrun=$rundir/run.sh vmtimeout=$guest_limit"
share=(-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap")
if [ -n "$outdir" ]; then
  append+=" vmout=$outdir"
  share+=(-virtfs "local,path=$outdir,mount_tag=vmout,security_model=none,multidevs=remap")
fi

echo "run-vm: $(basename "$scenario")${*:+ $*} (kernel $(cat "$images/kernel-release"), accel $accel, limit ${limit} s)"
start=$(date +%s%N)
timeout -k 10 "$limit" "$qemu" "${machine[@]}" -m 1024 -smp 1 \
  -nodefaults -no-user-config -display none -no-reboot \
  -chardev "file,id=console,path=$log,append=on" -serial chardev:console \
  -kernel "$images/kernel" -initrd "$images/initramfs.cpio.gz" -append "$append" \
  "${share[@]}" </dev/null >"$rundir/qemu.log" 2>&1 &
qpid=$!
tail -n +1 -f --pid="$qpid" "$log" | tr -d '\r' &
tpid=$!
wait "$qpid"
qrc=$?
qpid=
wait "$tpid" 2>/dev/null
tpid=
ms=$((($(date +%s%N) - start) / 1000000))
elapsed=$((ms / 1000)).$(printf %03d $((ms % 1000)))
mkdir -p "$images/logs" && cp "$log" "$images/logs/$(basename "$scenario" .sh).log"

code=$(tr -d '\r' <"$log" | grep -ao 'VM-EXIT-CODE=[0-9]*' | tail -n 1 | cut -d= -f2)
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
  die "TIMEOUT: the VM did not finish within ${limit} s (console: $images/logs/$(basename "$scenario" .sh).log)" 124
fi
if [ -z "$code" ]; then
  echo "run-vm: qemu exited with status $qrc after ${elapsed} s:"
  sed 's/^/  qemu: /' "$rundir/qemu.log"
  die "no VM-EXIT-CODE marker on the console: the VM crashed or its init failed" 125
fi
echo "run-vm: scenario exit code $code, VM wall time ${elapsed} s"
exit "$code"
