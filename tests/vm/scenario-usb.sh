#!/usr/bin/env bash
# Runs inside the test VM (tests/vm/run-vm.sh): qrtr-capture's live sources
# against the real USB stack. A FunctionFS gadget on dummy_hcd
# (usb-gadget-modem.py) looks like a Sierra EM7455 (1199:9071, QMI on
# interface 8); the real qmi_wwan binds it, so /dev/cdc-wdm0 is the real
# cdc-wdm driver and usbmon sees every URB. The gadget relays QMUX to the
# schema-driven qmi-fake-modem, which answers. qmicli (libqmi, a client
# nobody here wrote) talks to /dev/cdc-wdm0 while qrtr-capture taps usbmon,
# then through qrtr-capture's bridge; both captures must decode to what
# qmicli exchanged and printed.
# usage: scenario-usb.sh QRTR_CAPTURE QMI_FAKE_MODEM SCHEMA_DIR RESPONSES_JSON
set -uo pipefail
cap=$1 modem_bin=$2 schemas=$3 responses=$4
here=$(cd "$(dirname "$0")" && pwd)
imei=359225050039973
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=$schemas # only the schemas given
. "$here/scenario-lib.sh"
gadget=

# the gadget must be unbound before the modem goes: a cleanup of its own
cleanup () {
  for p in "${pids[@]}"; do kill -INT "$p" 2>/dev/null; done
  if [ -n "$gadget" ] && kill -TERM "$gadget" 2>/dev/null; then # unbinds and removes the gadget
    for _ in $(seq 50); do kill -0 "$gadget" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$gadget" 2>/dev/null
  fi
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# patterns here are extended regular expressions
has () { grep -qE -- "$2" "$1" || { echo "  missing: $2"; show "$1"; return 1; }; }
diagnostics () {
  echo "--- diagnostics"
  echo "kernel log (tail):"; dmesg | tail -25 | sed 's/^/  | /'
  for f in gadget.log modem.log usb.log hub.log bridge.log usb2.log; do
    [ -s "$tmp/$f" ] && { echo "$f:"; show "$tmp/$f" 30; }
  done
  echo "---"
}
finish () {
  checks_done scenario-usb || diagnostics
  [ $failed -eq 0 ]
  exit
}
fatal () { failed=$((failed + 1)); echo "FAIL: $*"; finish; }
started () { # capture log: the source is open and recording
  grep -q 'capturing from' "$1" 2>/dev/null
}
start_capture () { # log file, qrtr-capture options...: in the background, its pid in $cap_pid
  local log=$1; shift
  "$cap" "$@" 2>"$log" &
  cap_pid=$!; pids+=($cap_pid)
}
capturing () { # log files: every one of those captures has its source open (started together: faster)
  local log
  for log; do
    poll 60 started "$log" || { echo "  qrtr-capture did not start:"; show "$log"; return 1; }
  done
}
stop_capture () { # pid: SIGINT, must exit 0
  kill -INT "$1"
  local rc
  wait "$1"; rc=$?
  [ $rc -eq 0 ] || { echo "  exit status $rc"; return 1; }
}
qmi () { # device, output file, qmicli options...
  local dev=$1 out=$2; shift 2
  timeout 60 qmicli -d "$dev" "$@" >"$out" 2>"$out.err" || { echo "  exit status $?"; show "$out.err"; return 1; }
}

for tool in qmicli python3; do
  command -v $tool >/dev/null || fatal "$tool is not installed on the host (libqmi-utils, python3)"
done
for m in usbmon cdc_wdm qmi_wwan dummy_hcd libcomposite usb_f_fs; do
  [ -d /sys/module/$m ] || fatal "the $m module is not loaded in the VM"
done
[ -e /dev/cdc-wdm0 ] && fatal "/dev/cdc-wdm0 exists before the gadget does"

py () { python3 "$here/check-captures.py" "$@"; }

# Root hub traffic on the same bus, for the tap's device filter to drop:
# GET_DESCRIPTOR(device) through usbfs.
cat >"$tmp/poke.py" <<'EOF'
import ctypes, fcntl, os, struct, sys
USBDEVFS_CONTROL = 0xc0185500  # _IOWR('U', 0, struct usbdevfs_ctrltransfer)
fd = os.open(sys.argv[1], os.O_RDWR)
for _ in range(int(sys.argv[2])):
    buf = ctypes.create_string_buffer(18)
    fcntl.ioctl(fd, USBDEVFS_CONTROL, struct.pack('<BBHHHI4xQ', 0x80, 6, 0x100, 0, 18, 2000, ctypes.addressof(buf)))
    assert buf.raw[:2] == b'\x12\x01', buf.raw.hex()
print('root hub: %d GET_DESCRIPTOR requests' % int(sys.argv[2]))
EOF

# 1. The fake modem, the gadget, qmi_wwan binding it.
"$modem_bin" --link "$tmp/modem" --responses "$responses" 2>"$tmp/modem.log" &
pids+=($!)
check "qmi-fake-modem serves on a pty" poll 60 grep -q 'serving on' "$tmp/modem.log" || fatal "no fake modem"
python3 "$here/usb-gadget-modem.py" --modem "$tmp/modem" 2>"$tmp/gadget.log" &
gadget=$!
check "the gadget binds to the UDC" poll 60 grep -q 'bound to' "$tmp/gadget.log" || fatal "no gadget"
check "qmi_wwan binds it: /dev/cdc-wdm0 appears" poll 60 test -c /dev/cdc-wdm0 || fatal "no /dev/cdc-wdm0"
sys=/sys/class/usbmisc/cdc-wdm0/device
bus=$(cat $sys/../busnum) dev=$(cat $sys/../devnum) ifnum=$((16#$(cat $sys/bInterfaceNumber)))
drv=$(basename "$(readlink -f $sys/driver)")
echo "  /dev/cdc-wdm0: bus $bus device $dev interface $ifnum, driver $drv"
check "sysfs: interface 8, driver qmi_wwan" test "$ifnum:$drv" = 8:qmi_wwan

# 2. -D lists it.
"$cap" -D >"$tmp/sources.txt" 2>&1
check "qrtr-capture -D exits 0" test $? -eq 0 || show "$tmp/sources.txt"
check "qrtr-capture -D: /dev/cdc-wdm0, 1199:9071, qmi_wwan, interface 8, bus:dev" \
  has "$tmp/sources.txt" "^ +/dev/cdc-wdm0 +1199:9071 Sierra Wireless, Incorporated EM7455, qmi_wwan, interface 8, bus $bus device $dev\$"
check "qrtr-capture -D: usbmon:/dev/cdc-wdm0 (or usbmon:$bus:$dev)" \
  has "$tmp/sources.txt" "-i usbmon:/dev/cdc-wdm0 +\(or usbmon:$bus:$dev\)"
check "qrtr-capture -D: usbmon$bus" has "$tmp/sources.txt" "^ +usbmon$bus\$"

# 3. The usbmon tap, while qmicli uses the real cdc-wdm; a second tap on the
# root hub of the same bus sees the traffic the first must leave out.
start_capture "$tmp/usb.log" -i usbmon:/dev/cdc-wdm0 -w "$tmp/usb.pcapng"; usb_cap=$cap_pid
start_capture "$tmp/hub.log" -i "usbmon:$bus:1" -w "$tmp/hub.pcapng"; hub_cap=$cap_pid
check "usbmon taps on /dev/cdc-wdm0 and on the root hub ($bus:1) start" capturing "$tmp/usb.log" "$tmp/hub.log" ||
  fatal "no usbmon tap"
mkdir "$tmp/qmicli"
check "qmicli -d /dev/cdc-wdm0 --dms-get-ids" qmi /dev/cdc-wdm0 "$tmp/qmicli/ids.txt" --dms-get-ids
check "qmicli prints the canned IMEI" has "$tmp/qmicli/ids.txt" "IMEI: '$imei'"
timeout 30 python3 "$tmp/poke.py" "/dev/bus/usb/$(printf %03d "$bus")/001" 3 >"$tmp/poke.txt" 2>&1
check "root hub traffic on bus $bus during the capture" test $? -eq 0 || show "$tmp/poke.txt"
check "qmicli -d /dev/cdc-wdm0 --dms-get-manufacturer" qmi /dev/cdc-wdm0 "$tmp/qmicli/manuf.txt" --dms-get-manufacturer
check "usbmon tap: SIGINT exits 0" stop_capture $usb_cap || show "$tmp/usb.log"
check "root hub tap: SIGINT exits 0" stop_capture $hub_cap || show "$tmp/hub.log"
check "usbmon tap: 12 messages captured" has "$tmp/usb.log" "12 messages captured"
"$cap" -r "$tmp/usb.pcapng" --decode=json >"$tmp/usb.json" 2>"$tmp/usb-read.err"
check "usbmon capture reads back (-r --decode=json)" test $? -eq 0 || show "$tmp/usb-read.err"
check "usbmon capture: CTL allocate, DMS get_ids, CTL release, ... in order, as qmicli printed" \
  py conv "$tmp/usb.json" "$imei" "dms.get_ids=$tmp/qmicli/ids.txt" "dms.get_manufacturer=$tmp/qmicli/manuf.txt"
check "usbmon capture: link type 220, only $bus:$dev, device descriptor first, QMUX to interface 8" \
  py usbmon "$tmp/usb.pcapng" "$bus" "$dev" "$ifnum"
check "root hub tap: holds records of $bus:1 (8 or more: descriptor + 3 requests)" py counts "$tmp/hub.pcapng" "$bus" 1 8
"$cap" -r "$tmp/usb.pcapng" --device "$bus:1" --decode=json >"$tmp/other.json" 2>"$tmp/other.err"
check "-r --device $bus:1 (the root hub): exits 0, no messages" eval '[ $? -eq 0 ] && [ ! -s "$tmp/other.json" ]' ||
  { show "$tmp/other.json"; show "$tmp/other.err"; }
"$cap" -r "$tmp/usb.pcapng" --device "$bus:$dev" --decode=json >"$tmp/this.json" 2>/dev/null
check "-r --device $bus:$dev: the same 12 messages" cmp -s "$tmp/this.json" "$tmp/usb.json"
"$cap" -r "$tmp/usb.pcapng" >"$tmp/usb.txt" 2>&1
check "text decode names the IMEI" has "$tmp/usb.txt" "imei = '$imei'"

# 4. The bridge: qmicli opens the bridge's pty, the bridge the real cdc-wdm;
# a usbmon tap at the same time must see the very same frames.
start_capture "$tmp/usb2.log" -i usbmon:/dev/cdc-wdm0 -w "$tmp/usb2.pcapng"; usb2_cap=$cap_pid
start_capture "$tmp/bridge.log" -i bridge:/dev/cdc-wdm0 --bridge-link "$tmp/qmi" -w "$tmp/bridge.pcapng"
bridge_cap=$cap_pid
check "the bridge and a usbmon tap start" capturing "$tmp/bridge.log" "$tmp/usb2.log" || fatal "no bridge"
check "bridge: link $tmp/qmi exists" test -L "$tmp/qmi"
mkdir "$tmp/qmicli2"
check "qmicli through the bridge: --dms-get-ids" \
  qmi "$tmp/qmi" "$tmp/qmicli2/ids.txt" --device-open-qmi --dms-get-ids
check "qmicli through the bridge prints the canned IMEI" has "$tmp/qmicli2/ids.txt" "IMEI: '$imei'"
check "qmicli through the bridge: --dms-get-manufacturer" \
  qmi "$tmp/qmi" "$tmp/qmicli2/manuf.txt" --device-open-qmi --dms-get-manufacturer
check "bridge: SIGINT exits 0" stop_capture $bridge_cap || show "$tmp/bridge.log"
check "usbmon tap 2: SIGINT exits 0" stop_capture $usb2_cap || show "$tmp/usb2.log"
check "bridge: 12 messages captured" has "$tmp/bridge.log" "12 messages captured"
check "bridge: link removed at exit" test ! -e "$tmp/qmi"
check "bridge capture: link type 252 (Exported PDU)" py linktype "$tmp/bridge.pcapng" 252
"$cap" -r "$tmp/bridge.pcapng" --decode=json >"$tmp/bridge.json" 2>"$tmp/bridge-read.err"
check "bridge capture reads back (-r --decode=json)" test $? -eq 0 || show "$tmp/bridge-read.err"
check "bridge capture: CTL allocate, DMS get_ids, CTL release, ... in order, as qmicli printed" \
  py conv "$tmp/bridge.json" "$imei" "dms.get_ids=$tmp/qmicli2/ids.txt" "dms.get_manufacturer=$tmp/qmicli2/manuf.txt"
"$cap" -r "$tmp/usb2.pcapng" --decode=json >"$tmp/usb2.json" 2>/dev/null
check "usbmon and bridge captures hold the same QMUX frames" py same "$tmp/usb2.json" "$tmp/bridge.json"

# 5. The gadget goes away cleanly (and with it /dev/cdc-wdm0).
kill -TERM $gadget
check "gadget: SIGTERM unbinds, /dev/cdc-wdm0 goes away" poll 30 test ! -e /dev/cdc-wdm0
check "gadget exits 0" eval 'poll 30 eval "! kill -0 $gadget 2>/dev/null"; wait $gadget'
gadget=
finish
