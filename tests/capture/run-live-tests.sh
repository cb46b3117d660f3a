#!/usr/bin/env bash
# qrtr-capture's live side without a modem: the schema-driven fake modem on
# a pty stands in for /dev/cdc-wdmN, qmicli (Debian's libqmi-utils) is the
# real client, the bridge sits between them; a made-up sysfs tree stands in
# for the USB device list. Also every way a capture can end: a signal, -c,
# the source vanishing and coming back, a full disk, -Z, and bad input.
# usage: run-live-tests.sh QRTR_CAPTURE QMI_FAKE_MODEM SCHEMA_DIR PCAP_DIR
set -uo pipefail
cap=$1 modem=$2 schemas=$3 pcaps=$4
here=$(cd "$(dirname "$0")" && pwd)
export QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent
tmp=$(mktemp -d)
pids=()
cleanup () { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
. "$here/../lib/checks.sh"

wait_for () { # a file that must appear within 10 s
  for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; echo "  $1 never appeared"; return 1
}
wait_text () { # file, text: appears within 10 s
  for _ in $(seq 100); do grep -qF -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "  never saw: $2"; return 1
}
valid_pcapng () { # our reader and Wireshark's both accept it whole
  "$cap" -r "$1" >/dev/null 2>"$tmp/valid.err" || { cat "$tmp/valid.err"; return 1; }
  if command -v capinfos >/dev/null; then capinfos "$1" >/dev/null 2>"$tmp/valid.err" || { cat "$tmp/valid.err"; return 1; }; fi
}
start_modem () { # link [more options]
  local link=$1; shift
  rm -f "$link"
  "$modem" --link "$link" --responses "$here/fake-modem-responses.json" "$@" 2>>"$tmp/modem.log" &
  modem_pid=$!
  pids+=($modem_pid)
  wait_for "$link"
}
qmi () { # link, output file, qmicli options...
  local link=$1 out=$2; shift 2
  timeout 20 qmicli -d "$link" --device-open-qmi "$@" >"$out" 2>"$out.err"
}

command -v qmicli >/dev/null || { echo "qmicli (libqmi-utils) is not installed"; exit 1; }

# 1. qmicli -> bridge -> fake modem: every message recorded, decoded as qmicli printed it
start_modem "$tmp/modem"
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi" -w "$tmp/e2e.pcapng" 2>"$tmp/e2e.log" &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi"
mkdir "$tmp/qmicli"
n=0
for run in dms.get_ids:--dms-get-ids dms.get_manufacturer:--dms-get-manufacturer dms.get_model:--dms-get-model \
           dms.get_revision:--dms-get-revision nas.get_home_network:--nas-get-home-network \
           wds.get_current_settings:--wds-get-current-settings nas.get_signal_strength:--nas-get-signal-strength \
           dms.get_mac_address:--dms-get-mac-address=wlan uim.get_slot_status:--uim-get-slot-status \
           nas.get_serving_system:--nas-get-serving-system; do
  n=$((n + 1))
  qmi "$tmp/qmi" "$tmp/qmicli/$n-${run%%:*}.txt" "${run#*:}"
  check "qmicli ${run#*:} through the bridge" test $? -eq 0
done
kill -INT $bridge; wait $bridge; rc=$?
check "bridge: SIGINT exits 0" test $rc -eq 0
check "bridge: summary" has "$tmp/e2e.log" "60 messages captured"
check "bridge: capture is a whole pcapng" valid_pcapng "$tmp/e2e.pcapng"
"$cap" -r "$tmp/e2e.pcapng" --decode=json >"$tmp/e2e.json"
check "capture decodes to what qmicli printed" python3 "$here/compare-qmicli.py" "$tmp/e2e.json" "$tmp/qmicli"
check "bridge: link removed at exit" test ! -e "$tmp/qmi"
check "bridge: a new capture file is 0600" test "$(stat -c %a "$tmp/e2e.pcapng")" = 600

# 2. -c, -w -, -q and the decoded printout while capturing
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi2" -w - -c 4 -q >"$tmp/stdout.pcapng" 2>"$tmp/q.log" &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi2"
qmi "$tmp/qmi2" "$tmp/c.txt" --dms-get-ids
wait $bridge; rc=$?
check "-c 4 -w -: exit 0" test $rc -eq 0
check "-w -: whole pcapng on stdout" valid_pcapng "$tmp/stdout.pcapng"
check "-c 4: four messages" test "$("$cap" -r "$tmp/stdout.pcapng" --decode=json | wc -l)" -eq 4
check "-q: nothing on stderr" test ! -s "$tmp/q.log"
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi3" --decode=json -c 6 >"$tmp/live.json" 2>/dev/null &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi3"
qmi "$tmp/qmi3" "$tmp/live.txt" --dms-get-ids
wait $bridge
check "live --decode=json prints the IMEI" has "$tmp/live.json" '"imei":"359225050039973"'

# 3. the device vanishes and comes back: reported, recorded, re-opened
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi4" -w "$tmp/reopen.pcapng" 2>"$tmp/reopen.log" &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi4"
kill $modem_pid; wait $modem_pid 2>/dev/null
check "vanished device reported" wait_text "$tmp/reopen.log" "disappeared"
start_modem "$tmp/modem"
check "returning device re-opened" wait_text "$tmp/reopen.log" "is back"
qmi "$tmp/qmi4" "$tmp/after.txt" --dms-get-ids
check "qmicli works after the re-open" has "$tmp/after.txt" "359225050039973"
kill -TERM $bridge; wait $bridge; rc=$?
check "SIGTERM exits 0" test $rc -eq 0
check "re-open capture is whole" valid_pcapng "$tmp/reopen.pcapng"
check "events recorded as comments" bash -c "strings '$tmp/reopen.pcapng' | grep -q 'disappeared' && strings '$tmp/reopen.pcapng' | grep -q 'is back'"
check "messages after the re-open recorded" test "$("$cap" -r "$tmp/reopen.pcapng" --decode=json | grep -c '"imei":"359225050039973"')" -eq 1

# --no-reopen: the capture ends, with status 1 and a whole file
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi5" --no-reopen -w "$tmp/lost.pcapng" 2>"$tmp/lost.log" &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi5"
kill $modem_pid
wait $bridge; rc=$?
check "--no-reopen: lost source exits 1" test $rc -eq 1
check "--no-reopen: file whole" valid_pcapng "$tmp/lost.pcapng"
start_modem "$tmp/modem"

# a client that falls behind a flooding modem: the bridge stops reading the
# device until it catches up, so nothing is lost and memory stays bounded
# a fake modem flooding 100,000 indications behind a recording bridge; sets $bridge
flood_bridge () { # modem-link client-link capture-file log-file
  "$modem" --link "$1" --flood 100000 2>/dev/null &
  pids+=($!)
  wait_for "$1"
  "$cap" -i "bridge:$1" --bridge-link "$2" -w "$3" 2>"$4" &
  bridge=$!; pids+=($bridge)
  wait_for "$2"
}
flood_bridge "$tmp/floodmodem" "$tmp/qmif" "$tmp/flood.pcapng" "$tmp/flood.log"
python3 "$here/../../bench/bridge-client.py" slow "$tmp/qmif" 100000 >"$tmp/slow.txt"
check "slow client: all 100000 indications arrive" test $? -eq 0
kill -INT $bridge; wait $bridge
check "slow client: the capture holds them all" test "$("$cap" -r "$tmp/flood.pcapng" --decode=json | wc -l)" -eq 100002
check "slow client: nothing dropped" bash -c "! grep -q dropped '$tmp/flood.log'"

# a client that stops reading altogether: after 5 s the bridge gives up on
# it (an event says how much it dropped) and goes on recording the device
flood_bridge "$tmp/floodmodem2" "$tmp/qmig" "$tmp/stall.pcapng" "$tmp/stall.log"
python3 -c '
import os, struct, sys, time, tty
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY); tty.setraw(fd)
os.write(fd, struct.pack("<BHBBBBBHH", 1, 11, 0, 0, 0, 0, 1, 0x27, 0))
time.sleep(float(sys.argv[2]))' "$tmp/qmig" 9 &
stalled=$!
check "stalled client: the bridge drops its queue and says so" wait_text "$tmp/stall.log" "nobody read"
wait $stalled
for _ in $(seq 100); do [ "$("$cap" -r "$tmp/stall.pcapng" --decode=json 2>/dev/null | wc -l)" -eq 100002 ] && break; sleep 0.1; done
kill -INT $bridge; wait $bridge
check "stalled client: the capture still holds every message" test "$("$cap" -r "$tmp/stall.pcapng" --decode=json | wc -l)" -eq 100002

# 4. disk full (a file size limit): reported, capture stops, file cut back to whole blocks
( ulimit -f 2; exec "$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi6" -w "$tmp/full.pcapng" 2>"$tmp/full.log" ) &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi6"
for i in 1 2 3 4 5 6; do kill -0 $bridge 2>/dev/null && qmi "$tmp/qmi6" "$tmp/full-$i.txt" --dms-get-ids; done
wait $bridge; rc=$?
check "disk full: exit 1" test $rc -eq 1
check "disk full: reported" has "$tmp/full.log" "File too large"
check "disk full: file still a whole pcapng" valid_pcapng "$tmp/full.pcapng"

# 5. -Z: no root left once running; -w opened after the drop, as USER (tcpdump's order)
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
  chmod a+x "$tmp"; mkdir "$tmp/zdir"; chown nobody "$tmp/zdir"
  "$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi7" -w "$tmp/zdir/z.pcapng" -Z nobody 2>"$tmp/z.log" &
  bridge=$!; pids+=($bridge)
  wait_for "$tmp/qmi7"
  sleep 0.3
  check "-Z: all uids are nobody's" bash -c "grep '^Uid:' /proc/$bridge/status | awk '{exit !(\$2==65534 && \$3==65534 && \$4==65534 && \$5==65534)}'"
  check "-Z: no capabilities" bash -c "grep -q '^CapEff:[[:space:]]*0000000000000000' /proc/$bridge/status"
  qmi "$tmp/qmi7" "$tmp/z.txt" --dms-get-ids
  check "-Z: still relays" has "$tmp/z.txt" "359225050039973"
  kill -INT $bridge; wait $bridge
  check "-Z: file whole" valid_pcapng "$tmp/zdir/z.pcapng"
  # the link was made as root in a folder only root may write: USER cannot remove it
  check "-Z: a link USER cannot remove is named" has "$tmp/z.log" "could not remove the link $tmp/qmi7: Permission denied; remove it by hand"
  check "-Z: that link is left, not silently half-removed" test -L "$tmp/qmi7"
  rm -f "$tmp/qmi7"
  check "-Z: the file made by USER, 0600" test "$(stat -c '%U %a' "$tmp/zdir/z.pcapng")" = "nobody 600"
  "$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi7b" -w "$tmp/root-only.pcapng" -Z nobody 2>"$tmp/z2.log"; rc=$?
  check "-Z: -w where only root may write: exit 1" test $rc -eq 1 -a ! -e "$tmp/root-only.pcapng"
  check "-Z: -w where only root may write: says why" has "$tmp/z2.log" "$tmp/root-only.pcapng: Permission denied"
else
  echo "skip: -Z checks need root and a nobody user"
fi
# -Z with a user that does not exist: refused before anything is opened, so
# an existing capture keeps every byte (it used to be truncated first)
cp "$tmp/e2e.pcapng" "$tmp/keep.pcapng"
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi12" -w "$tmp/keep.pcapng" -Z no-such-user-qrtr 2>"$tmp/z3.log"; rc=$?
check "-Z no-such-user: exit 1" test $rc -eq 1
check "-Z no-such-user: says so" has "$tmp/z3.log" "qrtr-capture: -Z no-such-user-qrtr: no such user"
check "-Z no-such-user: existing file untouched" cmp "$tmp/e2e.pcapng" "$tmp/keep.pcapng"
check "-Z no-such-user: no client link made" test ! -e "$tmp/qmi12"

# 6. bad input: a message, a non-zero exit, no file left behind
"$cap" -i bridge:/nonexistent/cdc-wdm9 --bridge-link "$tmp/x" -w "$tmp/none.pcapng" 2>"$tmp/bad1" ; rc=$?
check "missing device: exit 1" test $rc -eq 1
check "missing device: says so" has "$tmp/bad1" "/nonexistent/cdc-wdm9: No such file or directory"
check "missing device: no file" test ! -e "$tmp/none.pcapng"
touch "$tmp/regular"
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/regular" -w "$tmp/none.pcapng" 2>"$tmp/bad2"; rc=$?
check "link over a regular file refused" test $rc -eq 1 -a -f "$tmp/regular" -a ! -e "$tmp/none.pcapng"
check "link refusal explained" has "$tmp/bad2" "exists and is not a symlink"
"$cap" -i "bridge:$tmp/modem" 2>"$tmp/bad3"; check "bridge without --bridge-link: usage error" test $? -eq 2
"$cap" -i wat:/dev/x 2>"$tmp/bad4"; check "unknown source: usage error" test $? -eq 2
check "unknown source: explained" has "$tmp/bad4" "unknown source"
"$cap" -i usbmon:/dev/null 2>"$tmp/bad5"; check "usbmon on a non-USB node: exit 1" test $? -eq 1
check "usbmon on a non-USB node: explained" has "$tmp/bad5" "not a USB cdc-wdm device"
"$cap" -i usbmon:banana 2>"$tmp/bad6"; check "usbmon bad spec: exit 1" test $? -eq 1
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi8" -w /nonexistent/dir/out.pcapng 2>"$tmp/bad7"; rc=$?
check "unwritable output: exit 1" test $rc -eq 1
check "unwritable output: link cleaned up" test ! -e "$tmp/qmi8"
"$cap" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi9" -w - --decode=text 2>/dev/null; check "-w - with --decode: usage error" test $? -eq 2
if [ ! -e /sys/module/usbmon ]; then
  "$cap" -i usbmon:2:3 -w "$tmp/none.pcapng" 2>"$tmp/bad8"; rc=$?
  check "usbmon missing: exit 1, explained" has "$tmp/bad8" "modprobe usbmon"
  check "usbmon missing: no file" test ! -e "$tmp/none.pcapng"
fi

# 7. a fake modem that is not QMI: garbage is dropped and reported, not relayed
python3 - "$tmp/junk" <<'PY' &
import os, pty, sys, time, tty
m, s = pty.openpty(); tty.setraw(s)
os.symlink(os.ttyname(s), sys.argv[1])
for _ in range(100):
    os.write(m, b"AT+CGMI\r\nOK\r\n"); time.sleep(0.05)
PY
pids+=($!)
wait_for "$tmp/junk"
"$cap" -i "bridge:$tmp/junk" --bridge-link "$tmp/qmi10" -w "$tmp/junk.pcapng" 2>"$tmp/junk.log" &
bridge=$!; pids+=($bridge)
check "non-QMI device: bytes dropped and reported" wait_text "$tmp/junk.log" "were not QMUX; dropped"
kill -INT $bridge; wait $bridge
check "non-QMI device: no messages" test "$("$cap" -r "$tmp/junk.pcapng" | grep -c '^#')" -eq 0

# 8. -r IN -w OUT: one device cut out of a whole-bus usbmon capture, through the live tap's record path
"$cap" -r "$pcaps/usbmon-220.pcapng" --device 2:3 -w "$tmp/dev3.pcapng" -q; rc=$?
check "cut: exit 0" test $rc -eq 0
check "cut: whole pcapng" valid_pcapng "$tmp/dev3.pcapng"
check "cut: the device's 15 messages kept" test "$("$cap" -r "$tmp/dev3.pcapng" | grep -c '^#')" -eq 15
check "cut: records of other devices gone" test -z "$("$cap" -r "$tmp/dev3.pcapng" --device 2:5)"
if command -v tshark >/dev/null; then
  all=$(tshark -r "$pcaps/usbmon-220.pcapng" -Y 'usb.bus_id == 2 && usb.device_address == 3' 2>/dev/null | wc -l)
  kept=$(tshark -r "$tmp/dev3.pcapng" 2>/dev/null | wc -l)
  check "cut: every record of the device kept byte-exact ($all)" test "$all" -eq "$kept" -a "$kept" -gt 0
fi
"$cap" -r "$pcaps/qmux-exported.pcapng" -w "$tmp/x.pcapng" 2>"$tmp/bad9"; check "cut of a non-usbmon capture refused" test $? -eq 1

# 9. -D and extcap against a made-up sysfs tree
root=$tmp/sysroot
d=$root/sys/bus/usb/devices/2-1
mkdir -p "$d/2-1:1.8" "$root/sys/bus/usb/drivers/qmi_wwan" "$root/sys/class/usbmisc/cdc-wdm0" \
         "$root/sys/class/usbmon/usbmon0" "$root/sys/class/usbmon/usbmon2" "$root/sys/module/usbmon"
echo 2 >"$d/busnum"; echo 3 >"$d/devnum"; echo 1199 >"$d/idVendor"; echo 9071 >"$d/idProduct"
echo EM7455 >"$d/product"; echo "Sierra Wireless, Incorporated" >"$d/manufacturer"
printf '\x12\x01\x10\x02\x00\x00\x00\x40\x99\x11\x71\x90\x06\x00\x01\x02\x03\x01' >"$d/descriptors"
echo 04 >"$d/2-1:1.8/bInterfaceNumber"  # the QMI interface of pcaps/usbmon-220
ln -s ../../../drivers/qmi_wwan "$d/2-1:1.8/driver"
ln -s ../../../bus/usb/devices/2-1/2-1:1.8 "$root/sys/class/usbmisc/cdc-wdm0/device"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" -D >"$tmp/D.txt"
check "-D: exit 0" test $? -eq 0
check "-D: the port with its USB facts" has "$tmp/D.txt" "/dev/cdc-wdm0                1199:9071 Sierra Wireless, Incorporated EM7455, qmi_wwan, interface 4, bus 2 device 3"
check "-D: how to capture it" has "$tmp/D.txt" "-i usbmon:/dev/cdc-wdm0   (or usbmon:2:3)"
check "-D: usbmon buses" has "$tmp/D.txt" "usbmon0 (all buses)"
check "-D: QRTR state" has "$tmp/D.txt" "QRTR (AF_QIPCRTR):"
QRTR_CAPTURE_SYSFS_ROOT=$tmp/empty "$cap" -D >"$tmp/D0.txt"
check "-D: no usbmon explained" has "$tmp/D0.txt" "the usbmon module is not loaded (modprobe usbmon)"
check "-D: no cdc-wdm explained" has "$tmp/D0.txt" "none: sysfs lists no cdc-wdm device"
check "-D: why Wireshark lists nothing" has "$tmp/D0.txt" "no QMI modem is attached, or its driver (qmi_wwan, cdc_mbim) is not bound to it;"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-interfaces >"$tmp/ext.txt"
check "extcap: usbmon interface" has "$tmp/ext.txt" "interface {value=qmi-usbmon-cdc-wdm0}{display=QMI over usbmon: /dev/cdc-wdm0 (1199:9071"
check "extcap: bridge interface" has "$tmp/ext.txt" "interface {value=qmi-bridge-cdc-wdm0}"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-dlts --extcap-interface qmi-usbmon-cdc-wdm0 >"$tmp/dlt.txt"
check "extcap: usbmon dlt 220" has "$tmp/dlt.txt" "dlt {number=220}"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-config --extcap-interface qmi-bridge-cdc-wdm0 >"$tmp/cfg.txt"
check "extcap: bridge asks for the link" has "$tmp/cfg.txt" "{call=--bridge-link}"
"$cap" --capture --extcap-interface nonsense --fifo "$tmp/f" 2>/dev/null; check "extcap: unknown interface refused" test $? -eq 2
# only names --extcap-interfaces lists are accepted: nothing else reaches
# the extcap output (a newline would add a line, a brace an attribute)
for bad in $'qmi-bridge-cdc-wdm0\narg {number=9}{call=--evil}{type=string}' 'qmi-bridge-cdc-wdm0}{default=/etc/passwd' \
           'qmi-bridge-cdc-wdm7' 'qmi-bridge-cdc-wdm0 ' 'qmi-usbmon-cdc-wdm0/../x'; do
  for mode in --extcap-config --extcap-dlts; do
    QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" $mode --extcap-interface "$bad" >"$tmp/inj.txt" 2>"$tmp/inj.err"; rc=$?
    check "extcap: $mode refuses ${bad@Q} (exit $rc)" test $rc -eq 2 -a ! -s "$tmp/inj.txt"
    check "extcap: $mode says why" has "$tmp/inj.err" "needs --extcap-interface with one of --extcap-interfaces"
  done
  QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --capture --extcap-interface "$bad" --fifo "$tmp/f" 2>/dev/null; rc=$?
  check "extcap: --capture refuses ${bad@Q}" test $rc -eq 2 -a ! -e "$tmp/f"
done
XDG_RUNTIME_DIR=$tmp/xdg-run QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-config --extcap-interface qmi-bridge-cdc-wdm0 >"$tmp/cfg2.txt"
check "extcap: the listed name in the default link, in the user's runtime directory" has "$tmp/cfg2.txt" "{default=$tmp/xdg-run/qmi-bridge-cdc-wdm0}"
# a capture that cannot start (no /dev/usbmon2 here) says why on stderr and
# exits 1 at once, and closes Wireshark's fifo so Wireshark stops waiting
mkfifo "$tmp/fifo-fail"
timeout 20 cat "$tmp/fifo-fail" >"$tmp/fifo-fail.out" &
failreader=$!
QRTR_CAPTURE_SYSFS_ROOT=$root timeout 20 "$cap" --capture --extcap-interface qmi-usbmon-cdc-wdm0 \
  --fifo "$tmp/fifo-fail" 2>"$tmp/fail.log"
check "extcap start error: exit 1" test $? -eq 1
check "extcap start error: on stderr" has "$tmp/fail.log" "qrtr-capture: usbmon2:"
wait $failreader
check "extcap start error: the fifo ends (reader sees EOF, no data)" test $? -eq 0 -a ! -s "$tmp/fifo-fail.out"
# WWAN ports (a PCIe/MHI modem: QMI, MBIM and an AT port) and QRTR in the same made-up tree
p=$root/sys/devices/pci0000:00/0000:00:1c.0/0000:01:00.0
mkdir -p "$p/mhi0/wwan/wwan0"/{wwan0qmi0,wwan0mbim0,wwan0at0} "$root/sys/bus/pci/drivers/mhi-pci-generic" \
         "$root/sys/class/wwan" "$root/proc/net"
echo 0x17cb >"$p/vendor"; echo 0x0308 >"$p/device"
ln -s ../../../../bus/pci "$p/subsystem"; ln -s ../../../../bus/pci/drivers/mhi-pci-generic "$p/driver"
for t in qmi:QMI mbim:MBIM at:AT; do echo "${t#*:}" >"$p/mhi0/wwan/wwan0/wwan0${t%:*}0/type"; done
for n in wwan0 wwan0qmi0 wwan0mbim0 wwan0at0; do
  t=../../devices/pci0000:00/0000:00:1c.0/0000:01:00.0/mhi0/wwan/wwan0; [ $n = wwan0 ] || t=$t/$n
  ln -s "$t" "$root/sys/class/wwan/$n"
done
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" -D >"$tmp/D.txt"
check "-D: the WWAN QMI port with its PCI device" has "$tmp/D.txt" "  /dev/wwan0qmi0               QMI, PCI 17cb:0308 at 0000:01:00.0 (mhi-pci-generic)"
check "-D: the WWAN MBIM port" has "$tmp/D.txt" "  /dev/wwan0mbim0              MBIM, PCI 17cb:0308 at 0000:01:00.0 (mhi-pci-generic)"
check "-D: how to capture a WWAN port" has "$tmp/D.txt" "      -i wwan:wwan0qmi0   (the eBPF tap: root, kernel BTF)"
check "-D: the bridge on the QMI port only" \
  eval 'grep -qx -- "      -i bridge:/dev/wwan0qmi0 --bridge-link PATH" "$tmp/D.txt" && ! grep -q "bridge:/dev/wwan0mbim0" "$tmp/D.txt"'
check "-D: no AT port" bash -c "! grep -q wwan0at0 '$tmp/D.txt'"
check "-D: no WWAN port explained" has "$tmp/D0.txt" "none: sysfs lists no QMI or MBIM port"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-interfaces >"$tmp/ext.txt"
check "extcap: no qrtr interface while the kernel has no QRTR" bash -c "! grep -q 'value=qrtr}' '$tmp/ext.txt'"
printf 'protocol  size sockets  memory press maxhdr  slab module     cl co di\nQIPCRTR   1120      0      -1   NI       0   no   qrtr       n  n  n\n' \
  >"$root/proc/net/protocols"
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" --extcap-interfaces >"$tmp/ext.txt"
check "extcap: the qrtr interface when /proc/net/protocols lists QIPCRTR" \
  has "$tmp/ext.txt" "interface {value=qrtr}{display=QRTR: all of this machine's QRTR traffic (eBPF tap; root, kernel BTF)}"
"$cap" --extcap-dlts --extcap-interface qrtr >"$tmp/dlt.txt"
check "extcap: qrtr dlt 252" has "$tmp/dlt.txt" "dlt {number=252}{name=WIRESHARK_UPPER_PDU}{display=QRTR packets as Exported PDU}"
"$cap" --extcap-config --extcap-interface qrtr >"$tmp/cfg.txt"
check "extcap: qrtr offers the filter" has "$tmp/cfg.txt" "arg {number=0}{call=--qrtr-filter}"
# at capture start the tap runs in qrtr-capture's place with Wireshark's options; what it
# finds missing is its error on stderr and exit status (a stand-in tap shows both)
# (it fails after a second, as the real one does after its checks: Wireshark is reading the fifo by then)
printf '#!/bin/sh\necho "tap: $*"\nsleep 1\necho "qrtr-bpf-tap: needs root" >&2\nexit 1\n' >"$tmp/fake-tap"; chmod +x "$tmp/fake-tap"
mkfifo "$tmp/qfifo"
timeout 20 cat "$tmp/qfifo" >"$tmp/qfifo.out" &
qreader=$!
QRTR_BPF_TAP=$tmp/fake-tap timeout 20 "$cap" --capture --extcap-interface qrtr --fifo "$tmp/qfifo" --qrtr-filter dms \
  --count 5 >"$tmp/qout" 2>"$tmp/qerr"
rc=$?
wait $qreader
check "extcap capture on qrtr: a tap that cannot start ends Wireshark's fifo (EOF, no data)" \
  test $? -eq 0 -a ! -s "$tmp/qfifo.out"
check "extcap capture on qrtr: the tap's exit 1 and its message" \
  eval '[ $rc -eq 1 ] && grep -qx "qrtr-bpf-tap: needs root" "$tmp/qerr"' || cat "$tmp/qerr"
check "extcap capture on qrtr: the tap gets the fifo, the filter, the count, -q" \
  has "$tmp/qout" "tap: -w $tmp/qfifo --qrtr-filter dms -c 5 -q"
QRTR_BPF_TAP=$tmp/fake-tap "$cap" -i qrtr --decode=json --schema-dir "$tmp" >"$tmp/qout" 2>/dev/null
check "-i qrtr --decode=json: the tap prints (no -w), gets the schema folder" \
  has "$tmp/qout" "tap: --decode=json --schema-dir $tmp"
QRTR_BPF_TAP=$tmp/fake-tap WWAN_BPF_TAP=$tmp/fake-tap "$cap" -i wwan:wwan0qmi0 -c 3 >"$tmp/qout" 2>/dev/null
check "-i wwan:wwan0qmi0: the WWAN tap, text by default, the port" has "$tmp/qout" "tap: --decode=text --port wwan0qmi0 -c 3"
"$cap" -i usbmon:1:1 --qrtr-filter dms 2>"$tmp/qerr"; check "--qrtr-filter without -i qrtr: usage error" test $? -eq 2
QRTR_CAPTURE_SYSFS_ROOT=$root "$cap" -i usbmon:/dev/cdc-wdm0 -w "$tmp/none.pcapng" 2>"$tmp/bad10"
check "usbmon:/dev/cdc-wdm0 resolves to bus 2" has "$tmp/bad10" "usbmon2"
# the live usbmon tap fed with saved records (the kernel's byte layout,
# submit/complete pairs, interrupt notifications): the device filter and the
# descriptor synthesised from sysfs, with the capture's own descriptor removed
if command -v tshark >/dev/null && command -v editcap >/dev/null; then
  desc=$(tshark -r "$pcaps/usbmon-220.pcapng" -Y 'usb.bDescriptorType == 1' -T fields -e frame.number 2>/dev/null | tr '\n' ' ')
  editcap "$pcaps/usbmon-220.pcapng" "$tmp/nodesc.pcapng" $desc
  check "replay input lost its descriptor ($desc)" test -n "$desc" -a -z "$("$cap" -r "$tmp/nodesc.pcapng" | grep EM7455)"
  QRTR_CAPTURE_SYSFS_ROOT=$root QRTR_CAPTURE_USBMON_REPLAY=$tmp/nodesc.pcapng \
    "$cap" -i usbmon:2:3 -w "$tmp/tap.pcapng" 2>"$tmp/tap.log"
  check "usbmon tap (replayed): exit 0" test $? -eq 0
  check "usbmon tap: whole pcapng" valid_pcapng "$tmp/tap.pcapng"
  check "usbmon tap: only device 2:3" test -z "$("$cap" -r "$tmp/tap.pcapng" --device 2:5)"
  check "usbmon tap: 15 messages" test "$("$cap" -r "$tmp/tap.pcapng" | grep -c '^#')" -eq 15
  check "usbmon tap: vendor from the synthesised descriptor" has <("$cap" -r "$tmp/tap.pcapng") "model = 'EM7455'"
  check "usbmon tap: synthesised record commented" bash -c "strings '$tmp/tap.pcapng' | grep -q 'synthesised by qrtr-capture from sysfs'"
  check "usbmon tap: interface described" bash -c "strings '$tmp/tap.pcapng' | grep -q '1199:9071 Sierra Wireless, Incorporated EM7455, qmi_wwan'"
  QRTR_CAPTURE_SYSFS_ROOT=$root QRTR_CAPTURE_USBMON_REPLAY=$tmp/nodesc.pcapng \
    "$cap" -i usbmon:/dev/cdc-wdm0 -c 3 --decode=json -q >"$tmp/tap.json"
  check "usbmon tap: -c 3 with printout" test "$(wc -l <"$tmp/tap.json")" -eq 3
fi

# extcap capture into a fifo, as Wireshark runs it: the bridge interface of
# the made-up cdc-wdm0, whose device node is the fake modem
mkdir -p "$tmp/dev"; ln -s "$tmp/modem" "$tmp/dev/cdc-wdm0"
mkfifo "$tmp/fifo"
QRTR_CAPTURE_SYSFS_ROOT=$root QRTR_CAPTURE_DEV_DIR=$tmp/dev timeout 60 "$cap" --capture \
  --extcap-interface qmi-bridge-cdc-wdm0 --fifo "$tmp/fifo" --bridge-link "$tmp/qmi11" --count 6 2>"$tmp/extcap.log" &
ext=$!; pids+=($ext)
timeout 60 cat "$tmp/fifo" >"$tmp/fifo.pcapng" &
reader=$!
wait_for "$tmp/qmi11"
qmi "$tmp/qmi11" "$tmp/ext-qmicli.txt" --dms-get-ids
wait $ext; rc=$?
wait $reader
check "extcap capture: exit 0 after --count 6" test $rc -eq 0
check "extcap capture: whole pcapng through the fifo" valid_pcapng "$tmp/fifo.pcapng"
check "extcap capture: the conversation" test "$("$cap" -r "$tmp/fifo.pcapng" --decode=json | grep -c '"direction"')" -eq 6
check "extcap capture: interface named after the device" bash -c "strings '$tmp/fifo.pcapng' | grep -q 'bridge:$tmp/dev/cdc-wdm0'"

# Wireshark lists the interfaces when the extcap is in its extcap folder
# (unprivileged user). The personal folder moved between releases (4.0:
# ~/.config/wireshark/extcap, 4.4: ~/.local/lib/wireshark/extcap), so the
# folder is given the way every release takes it: WIRESHARK_EXTCAP_DIR.
if command -v tshark >/dev/null && [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  home=$tmp/home; mkdir -p "$home/.config" "$tmp/extcap"
  cp "$cap" "$tmp/extcap/qrtr-capture"
  chmod -R a+rX "$tmp"
  setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$home" XDG_CONFIG_HOME="$home/.config" \
    WIRESHARK_EXTCAP_DIR="$tmp/extcap" QRTR_CAPTURE_SYSFS_ROOT="$root" tshark -D >"$tmp/tD.txt" 2>&1
  check "tshark -D lists the extcap interfaces" has "$tmp/tD.txt" "qmi-usbmon-cdc-wdm0 (QMI over usbmon: /dev/cdc-wdm0"
fi

checks_done
