#!/usr/bin/env bash
# Runs inside the test VM (tests/vm/run-vm.sh): qrtr-capture on a WWAN QMI
# port, the kind PCIe/MHI modems have (/dev/wwan0qmi0). Debian's kernels
# have no WWAN device a VM could use, so capture/bpf/testing/wwan-test-modem.ko
# (built on the host for the guest's kernel) registers a WWAN_PORT_QMI port
# through the real WWAN core; wwan-modem-relay.py carries what its tx gets to
# the schema-driven qmi-fake-modem and the answers back through wwan_port_rx.
# qmicli (libqmi) talks to /dev/wwan0qmi0 while the eBPF tap (-i wwan:PORT,
# wwan-bpf-tap) records the port and prints it live, then through the bridge
# (-i bridge:/dev/wwan0qmi0) while the tap still records: every message in
# order with its direction, paired, with the values qmicli printed; the
# bridge's frames are the tap's, byte for byte.
#
# usage: scenario-wwan.sh QRTR_CAPTURE WWAN_BPF_TAP QMI_FAKE_MODEM SCHEMA_DIR RESPONSES_JSON
#          (in the VM; WWAN_TEST_MODEM_KO=FILE in the environment)
#        scenario-wwan.sh --host RUN_VM QRTR_CAPTURE WWAN_BPF_TAP QMI_FAKE_MODEM SCHEMA_DIR RESPONSES_JSON
#          (what CTest runs: builds the module for the VM's kernel, then boots the VM;
#          without the module the scenario is skipped, or fails with VM_NO_SKIP=1)
if [ "${1:-}" = --host ]; then
  run_vm=$2; shift 2
  here=$(cd "$(dirname "$0")" && pwd)
  . "$here/vm-test-module.sh"
  ko=$(vm_test_module wwan-test-modem) || exit 1
  if [ -z "$ko" ]; then
    echo "scenario-wwan: SKIP: wwan-test-modem.ko could not be built for the VM's kernel (see above)"
    [ -n "${VM_NO_SKIP:-}" ] && exit 1
    exit 77
  fi
  exec "$run_vm" -e "WWAN_TEST_MODEM_KO=$ko" "$0" "$@"
fi
set -uo pipefail
cap=$1 tap=$2 modem_bin=$3 schemas=$4 responses=$5
here=$(cd "$(dirname "$0")" && pwd)
imei=359225050039973
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=$schemas WWAN_BPF_TAP=$tap
. "$here/scenario-lib.sh"
py () { python3 "$here/check-captures.py" "$@"; }
gone () { ! kill -0 "$1" 2>/dev/null; }
fatal () { failed=$((failed + 1)); echo "FAIL: $*"; checks_done scenario-wwan; exit 1; }
qmi () { # device, output file, qmicli options...
  local dev=$1 out=$2; shift 2
  timeout 60 qmicli -d "$dev" "$@" >"$out" 2>"$out.err" || { echo "  exit status $?"; show "$out.err"; return 1; }
}
stop () { # pid: SIGINT, must exit 0
  kill -INT "$1"; poll 30 gone "$1"
  local rc; wait "$1"; rc=$?
  [ $rc -eq 0 ] || { echo "  exit status $rc"; return 1; }
}

command -v qmicli >/dev/null || fatal "qmicli is not installed on the host (libqmi-utils)"
[ -d /sys/module/wwan ] || fatal "the wwan module is not loaded in the VM"

# 1. The port, the modem behind it.
"$modem_bin" --link "$tmp/modem" --responses "$responses" 2>"$tmp/modem.log" &
pids+=($!)
check "qmi-fake-modem serves on a pty" poll 60 grep -q 'serving on' "$tmp/modem.log" || fatal "no fake modem"
busybox insmod "$WWAN_TEST_MODEM_KO" 2>"$tmp/insmod.txt" || { show "$tmp/insmod.txt"; dmesg | tail -5; }
check "insmod wwan-test-modem.ko: /dev/wwan0qmi0 and /dev/wwan-test-modem appear" \
  poll 10 test -c /dev/wwan0qmi0 -a -c /dev/wwan-test-modem || fatal "no WWAN port"
check "sysfs: wwan0qmi0 is a QMI port" test "$(cat /sys/class/wwan/wwan0qmi0/type)" = QMI
python3 "$here/wwan-modem-relay.py" /dev/wwan-test-modem "$tmp/modem" 2>"$tmp/relay.log" &
pids+=($!)
poll 60 grep -q relaying "$tmp/relay.log" || fatal "the relay did not start: $(cat "$tmp/relay.log")"

# 2. -D lists it, with how to capture it.
"$cap" -D >"$tmp/sources.txt" 2>&1
check "qrtr-capture -D: /dev/wwan0qmi0, QMI, the misc device it belongs to" \
  grep -qE '^ +/dev/wwan0qmi0 +QMI, misc device wwan-test-modem$' "$tmp/sources.txt" || show "$tmp/sources.txt"
check "qrtr-capture -D: -i wwan:wwan0qmi0 and the bridge" \
  eval 'grep -q -- "-i wwan:wwan0qmi0" "$tmp/sources.txt" && grep -q -- "-i bridge:/dev/wwan0qmi0" "$tmp/sources.txt"'

# 3. The eBPF tap on the port, writing and printing live, while qmicli uses the port itself.
"$cap" -i wwan:wwan0qmi0 -w "$tmp/tap.pcapng" --decode=json >"$tmp/live.json" 2>"$tmp/tap.log" &
tap_pid=$!; pids+=($tap_pid)
start=$SECONDS
check "-i wwan:wwan0qmi0: the tap loads and attaches" \
  poll 60 grep -q 'capturing wwan0qmi0 (receive, write)' "$tmp/tap.log" || { show "$tmp/tap.log"; fatal "no tap"; }
echo "  attached after $((SECONDS - start)) s"
mkdir "$tmp/q1" "$tmp/q2"
check "qmicli -d /dev/wwan0qmi0 --dms-get-ids" qmi /dev/wwan0qmi0 "$tmp/q1/ids.txt" --dms-get-ids
check "qmicli prints the canned IMEI" grep -q "IMEI: '$imei'" "$tmp/q1/ids.txt"
check "qmicli -d /dev/wwan0qmi0 --dms-get-manufacturer" qmi /dev/wwan0qmi0 "$tmp/q1/manuf.txt" --dms-get-manufacturer
check "live: the 12 messages are printed while the capture runs" \
  poll 20 test "$(grep -c . "$tmp/live.json")" -ge 12 || show "$tmp/live.json"
check "live: CTL allocate, DMS get_ids, CTL release, ... in order, as qmicli printed" \
  py conv "$tmp/live.json" "$imei" "dms.get_ids=$tmp/q1/ids.txt" "dms.get_manufacturer=$tmp/q1/manuf.txt"

# 4. The bridge on the same port, the tap still recording.
"$cap" -i bridge:/dev/wwan0qmi0 --bridge-link "$tmp/qmi" -w "$tmp/bridge.pcapng" 2>"$tmp/bridge.log" &
bridge_pid=$!; pids+=($bridge_pid)
check "the bridge on /dev/wwan0qmi0 starts" poll 60 grep -q 'capturing from' "$tmp/bridge.log" || show "$tmp/bridge.log"
check "qmicli through the bridge: --dms-get-ids" qmi "$tmp/qmi" "$tmp/q2/ids.txt" --device-open-qmi --dms-get-ids
check "qmicli through the bridge: --dms-get-manufacturer" \
  qmi "$tmp/qmi" "$tmp/q2/manuf.txt" --device-open-qmi --dms-get-manufacturer
check "bridge: SIGINT exits 0" stop $bridge_pid || show "$tmp/bridge.log"
check "bridge: 12 messages captured" grep -q '12 messages captured' "$tmp/bridge.log" || show "$tmp/bridge.log"
check "tap: SIGINT exits 0" stop $tap_pid || show "$tmp/tap.log"
show "$tmp/tap.log"
check "tap: 24 messages (12 received, 12 written), nothing lost" \
  grep -q '24 messages (12 received, 12 written) to .*; 0 lost (ring buffer full), 0 truncated' "$tmp/tap.log"
grep -q 'wwan0qmi0.*QMI, misc device wwan-test-modem' "$tmp/tap.pcapng"
check "tap capture: one interface named wwan0qmi0, described from sysfs" test $? -eq 0
check "tap capture: link type 252 (Exported PDU)" py linktype "$tmp/tap.pcapng" 252
"$cap" -r "$tmp/tap.pcapng" --decode=json >"$tmp/tap.json" 2>"$tmp/tap-read.err"
check "tap capture reads back (-r --decode=json)" test $? -eq 0 || show "$tmp/tap-read.err"
check "tap capture: both qmicli runs in order, directions, values as qmicli printed" \
  py conv "$tmp/tap.json" "$imei" "dms.get_ids=$tmp/q1/ids.txt" "dms.get_manufacturer=$tmp/q1/manuf.txt" \
          "dms.get_ids=$tmp/q2/ids.txt" "dms.get_manufacturer=$tmp/q2/manuf.txt"
"$cap" -r "$tmp/bridge.pcapng" --decode=json >"$tmp/bridge.json" 2>/dev/null
check "bridge capture: in order, as qmicli printed" \
  py conv "$tmp/bridge.json" "$imei" "dms.get_ids=$tmp/q2/ids.txt" "dms.get_manufacturer=$tmp/q2/manuf.txt"
check "the bridge's frames are the tap's second half, byte for byte" py same "$tmp/tap.json" "$tmp/bridge.json" 12

# 5. Clear errors.
setpriv --reuid=nobody --regid=nogroup --clear-groups "$cap" -i wwan -w "$tmp/x.pcapng" >"$tmp/err.txt" 2>&1
rc=$?
check "as nobody: exit 1, 'needs root', no file" \
  eval 'test $rc -eq 1 -a ! -e "$tmp/x.pcapng" && grep -q "wwan-bpf-tap: needs root" "$tmp/err.txt"' || show "$tmp/err.txt"
"$cap" -i wwan:wwan9qmi9 -w "$tmp/x.pcapng" >"$tmp/err.txt" 2>&1
rc=$?
check "-i wwan:wwan9qmi9: exit 1, no such port" \
  eval 'test $rc -eq 1 -a ! -e "$tmp/x.pcapng" && grep -q "no such WWAN port" "$tmp/err.txt"' || show "$tmp/err.txt"

checks_done scenario-wwan
