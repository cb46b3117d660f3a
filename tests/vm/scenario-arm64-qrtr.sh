#!/bin/sh
# Runs inside the arm64 test VM (tests/vm/run-vm.sh with VM_KERNEL=6.1-arm64,
# Debian's arm64 kernel under qemu-system-aarch64) with busybox as the shell:
# the host's root is amd64, so the only arm64 programs there are the
# project's own, cross-built (cmake/aarch64-linux-gnu.cmake), and the arm64
# libraries Debian's multiarch packages put in /usr/lib/aarch64-linux-gnu.
# No qmicli, no python: the remote peer is this script, writing QRTR frames
# to capture/bpf/testing/qrtr-test-tun.ko (cross-built for the guest's kernel
# by --host) and reading what the kernel sends back. One exchange exercises
# the eBPF tap's three probes on arm64 registers and the LD_PRELOAD tap:
#   the peer (node 7) says HELLO (receive) and the kernel answers (transmit);
#   fake-qrtr-service, run under the LD_PRELOAD tap, announces DMS to the name
#   service (local delivery) and the name service tells node 7 (transmit);
#   the peer asks DMS Get IDs (receive, then local delivery to the service)
#   and gets the answer with the IMEI (transmit).
#
# usage: scenario-arm64-qrtr.sh QRTR_BPF_TAP FAKE_QRTR_SERVICE SCHEMA_DIR QRTR_CAPTURE PRELOAD_LIB
#          (in the VM; QRTR_TEST_TUN_KO=FILE in the environment)
#        scenario-arm64-qrtr.sh --host RUN_VM ARGS...   (what CTest runs; a bash script's job on the host)
if [ "${1:-}" = --host ]; then
  run_vm=$2; shift 2
  here=$(cd "$(dirname "$0")" && pwd)
  exec bash -c '
    here=$1 run_vm=$2; shift 2
    for f in "$1" "$2" "$4" "$5"; do
      [ -f "$f" ] && [ "$(head -c 20 "$f" | od -An -tx1 | tr -d " \n" | cut -c37-40)" = b700 ] && continue
      echo "scenario-arm64-qrtr: SKIP: $f is not an arm64 program (cross-build capture/ first: build-arm64, see docs/capture.md)"
      [ -n "${VM_NO_SKIP:-}" ] && exit 1
      exit 77
    done
    . "$here/vm-test-module.sh"
    ko=$(vm_test_module qrtr-test-tun) || exit 1
    if [ -z "$ko" ]; then
      echo "scenario-arm64-qrtr: SKIP: qrtr-test-tun.ko could not be built for the arm64 kernel (see above)"
      [ -n "${VM_NO_SKIP:-}" ] && exit 1
      exit 77
    fi
    exec "$run_vm" -t "${VM_TIMEOUT:-420}" -e "QRTR_TEST_TUN_KO=$ko" "$here/scenario-arm64-qrtr.sh" "$@"
  ' host "$here" "$run_vm" "$@"
fi
tap=$1 svc_bin=$2 schemas=$3 cap=$4 preload=$5
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=$schemas QRTR_PRELOAD_LIB=$preload
. "$(dirname "$0")/../lib/checks.sh"
tmp=$(mktemp -d) pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
poll () { # seconds, command...
  until=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  while ! "$@"; do [ "$(cut -d. -f1 /proc/uptime)" -ge $until ] && return 1; sleep 0.3; done
}
le32 () { printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
frame () { # type src_node src_port dst_node dst_port payload-escapes payload-length: a QRTR v1 frame, one write
  pad=$(( (4 - $7 % 4) % 4 )) p=
  while [ $pad -gt 0 ]; do p="$p\\000"; pad=$((pad - 1)); done
  printf "$(le32 1)$(le32 $1)$(le32 $2)$(le32 $3)$(le32 0)$(le32 $7)$(le32 $4)$(le32 $5)$6$p" >&3
}
next_frame () { # the kernel's next frame to node 7, as hex, into $tmp/frames (one per line)
  f=$(timeout 30 dd bs=65536 count=1 <&3 2>/dev/null | od -An -v -tx1 | tr -d ' \n')
  [ -n "$f" ] && echo "$f" >>"$tmp/frames"
  echo "$f"
}
CTRL=4294967294

echo "arm64 guest: $(uname -m), kernel $(uname -r); busybox shell; cross-built programs"
check "the guest is aarch64" test "$(uname -m)" = aarch64
check "the tap is an arm64 program that runs here" sh -c '"$0" --help >/dev/null' "$tap"
[ -d /sys/module/qrtr ] || { echo "FAIL: no qrtr module"; exit 1; }
insmod "$QRTR_TEST_TUN_KO" 2>"$tmp/insmod.txt"
check "insmod qrtr-test-tun.ko (cross-built)" poll 10 test -c /dev/qrtr-test-tun || show "$tmp/insmod.txt"

# 1. The eBPF tap (all three probes), then the peer's HELLO.
"$tap" -w "$tmp/bpf.pcapng" 2>"$tmp/tap.log" &
tap_pid=$!; pids="$pids $tap_pid"
check "qrtr-bpf-tap attaches all three probes (arm64 kprobe registers)" \
  poll 120 grep -q 'capturing QRTR (receive, transmit, local delivery)' "$tmp/tap.log" || show "$tmp/tap.log"
exec 3<>/dev/qrtr-test-tun
frame 2 7 $CTRL 1 $CTRL "$(le32 2)$(le32 0)$(le32 0)$(le32 0)$(le32 0)" 20
hello=$(next_frame)
check "the kernel answers node 7's HELLO" test "${hello:8:8}" = 02000000

# 2. The service, under the LD_PRELOAD tap, announces DMS; node 7 hears of it.
"$cap" --exec -w "$tmp/pre.pcapng" -- "$svc_bin" --service dms --schema-dir "$schemas" 2>"$tmp/svc.log" &
svc_pid=$!; pids="$pids $svc_pid"
check "fake-qrtr-service serves DMS (under --exec)" poll 60 grep -q 'serving dms' "$tmp/svc.log" || show "$tmp/svc.log"
addr=$(sed -n 's/.* at \([0-9]*:[0-9]*\)$/\1/p' "$tmp/svc.log")
node=${addr%:*} port=${addr#*:}
echo "  service at $node:$port"
got=
for i in 1 2 3 4; do
  f=$(next_frame)
  [ "${f:8:8}" = 04000000 ] && { got=$f; break; }
done
check "node 7 is told of the new server (NEW_SERVER dms)" test -n "$got"

# 3. Node 7 asks DMS Get IDs (QMI request, txn 0x4321, message 0x0025) and gets the answer.
frame 1 7 42 $node $port '\000\041\103\045\000\000\000' 7
resp=
for i in 1 2 3 4; do
  f=$(next_frame)
  [ "${f:8:8}" = 01000000 ] && { resp=$f; break; }
done
check "node 7 gets a DMS response for txn 0x4321" test "${resp:64:10}" = 0221432500
exec 3>&-
sleep 1
kill -INT $tap_pid; poll 30 sh -c "! kill -0 $tap_pid 2>/dev/null"
wait $tap_pid; check "SIGINT: the tap exits 0" test $? -eq 0
show "$tmp/tap.log"
kill -TERM $svc_pid; wait $svc_pid

# 4. What the eBPF tap recorded, decoded by the cross-built qrtr-capture.
"$cap" -r "$tmp/bpf.pcapng" --decode=json >"$tmp/bpf.json" 2>"$tmp/read.err"
check "the eBPF capture reads back" test $? -eq 0 || show "$tmp/read.err"
check "receive: node 7's HELLO, in" has "$tmp/bpf.json" '"direction":"in","transport":"qrtr","qrtr":{"version":1,"type":"HELLO","src":"7:ctrl"'
check "transmit: the HELLO to node 7, out" has "$tmp/bpf.json" '"direction":"out","transport":"qrtr","qrtr":{"version":1,"type":"HELLO","src":"1:ctrl","dst":"7:ctrl"'
check "local delivery: the service's NEW_SERVER to the name service, out" \
  has "$tmp/bpf.json" "\"direction\":\"out\",\"transport\":\"qrtr\",\"qrtr\":{\"version\":1,\"type\":\"NEW_SERVER\",\"src\":\"$addr\""
check "receive: the request from 7:42, decoded as DMS Get IDs" \
  has "$tmp/bpf.json" "\"direction\":\"in\",\"transport\":\"qrtr\",\"qrtr\":{\"version\":1,\"type\":\"DATA\",\"src\":\"7:42\",\"dst\":\"$addr\",\"size\":7},\"service\":\"dms\",\"service_id\":2,\"kind\":\"request\",\"message\":\"get_ids\""
check "transmit: the response to 7:42 with the IMEI" \
  sh -c "grep '\"src\":\"$addr\",\"dst\":\"7:42\"' '$tmp/bpf.json' | grep -q '\"imei\":\"359225050039973\"'"
n_tx=$(grep -c '"direction":"out","transport":"qrtr","qrtr":{"version":1,"type":"[A-Z_]*","src":"[0-9]*:[a-z0-9]*","dst":"7:' "$tmp/bpf.json")
n_frames=$(grep -c . "$tmp/frames")
check "transmit: as many records to node 7 as frames the peer read ($n_frames)" test "$n_tx" -eq "$n_frames"

# 5. What the LD_PRELOAD tap recorded in the service.
"$cap" -r "$tmp/pre.pcapng" --decode=json >"$tmp/pre.json" 2>"$tmp/read2.err"
check "the LD_PRELOAD capture reads back" test $? -eq 0 || show "$tmp/read2.err"
check "preload: the service's NEW_SERVER, out" has "$tmp/pre.json" '"type":"NEW_SERVER"'
check "preload: the request from 7:42 in, the response out with the IMEI" \
  sh -c "grep -q '\"direction\":\"in\".*\"src\":\"7:42\".*\"kind\":\"request\",\"message\":\"get_ids\"' '$tmp/pre.json' &&
         grep '\"direction\":\"out\".*\"dst\":\"7:42\"' '$tmp/pre.json' | grep -q '\"imei\":\"359225050039973\"'"
[ $failed -eq 0 ] || { show "$tmp/bpf.json" 30; show "$tmp/pre.json" 20; }
checks_done scenario-arm64-qrtr
