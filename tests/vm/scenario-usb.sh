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
  echo "scenario-usb: $passed passed, $failed failed"
  [ $failed -eq 0 ] || diagnostics
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

# The checks on captures, in python3: conversations against qmicli's output,
# the usbmon records themselves, usbmon against bridge.
cat >"$tmp/check.py" <<'EOF'
import json, re, struct, sys

def fail(msg):
    print('  ' + msg)
    sys.exit(1)

def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]

def conv(decoded, imei, *runs):
    """runs: svc.msg=QMICLI_OUTPUT, in the order qmicli ran them."""
    msgs = load(decoded)
    expected = []
    for r in runs:
        svc, msg = r.split('=')[0].split('.')
        expected += [('out', 'ctl', 'request', 'allocate_cid'), ('in', 'ctl', 'response', 'allocate_cid'),
                     ('out', svc, 'request', msg), ('in', svc, 'response', msg),
                     ('out', 'ctl', 'request', 'release_cid'), ('in', 'ctl', 'response', 'release_cid')]
    got = [(m.get('direction'), m.get('service'), m.get('kind'), m.get('message')) for m in msgs]
    if got != expected:
        for i in range(max(len(got), len(expected))):
            g = got[i] if i < len(got) else None
            e = expected[i] if i < len(expected) else None
            if g != e:
                fail('message %d: got %s, expected %s (%d decoded, %d expected)' % (i + 1, g, e, len(got), len(expected)))
    for i in range(0, len(msgs), 2):
        q, a = msgs[i], msgs[i + 1]
        if q['txn'] != a['txn'] or q['qmux']['client_id'] != a['qmux']['client_id']:
            fail('messages %d and %d do not pair up (txn, client id)' % (i + 1, i + 2))
        if a['result']['status'] != 'success':
            fail('message %d: result %s' % (i + 2, a['result']))
    for i, m in enumerate(msgs):
        if m.get('problems'):
            fail('message %d: decoding problems %s' % (i + 1, m['problems']))
    for r in runs:
        key, out = r.split('=')
        svc, msg = key.split('.')
        tlvs = next(m['tlvs'] for m in msgs if (m['service'], m['kind'], m['message']) == (svc, 'response', msg))
        text = open(out).read()
        labels = {'get_ids': [('IMEI', 'imei'), ('ESN', 'esn'), ('MEID', 'meid')],
                  'get_manufacturer': [('Manufacturer', 'manufacturer')]}[msg]
        for label, field in labels:
            p = re.search(r"\b%s: '([^']*)'" % label, text)
            if not p or p.group(1) != tlvs.get(field):
                fail('%s %s: qmicli printed %r, the capture has %r' % (key, field, p and p.group(1), tlvs.get(field)))
        if msg == 'get_ids' and tlvs.get('imei') != imei:
            fail('IMEI %r is not the canned %s' % (tlvs.get('imei'), imei))
    print('  %d messages in order with directions, paired, values as qmicli printed them' % len(msgs))

def blocks(path):
    data = open(path, 'rb').read()
    if data[:4] != b'\x0a\x0d\x0d\x0a' or data[8:12] != b'\x4d\x3c\x2b\x1a':
        fail('%s: not a little-endian pcapng file' % path)
    off = 0
    while off < len(data):
        kind, length = struct.unpack_from('<II', data, off)
        if length < 12 or off + length > len(data):
            fail('%s: block at %d cut short' % (path, off))
        yield kind, data[off + 8:off + length - 4]
        off += length

def usbmon_records(path):
    """(linktypes, records): records are the usbmon bytes of every packet."""
    links, recs = [], []
    for kind, body in blocks(path):
        if kind == 1:
            links.append(struct.unpack_from('<H', body)[0])
        elif kind == 6:
            ifid, _, _, caplen = struct.unpack_from('<IIII', body)
            recs.append((ifid, body[20:20 + caplen]))
    return links, recs

def usbmon(path, bus, dev, ifnum):
    """Linktype 220 only, every record of BUS:DEV, the synthesised device
    descriptor first, QMUX in control transfers to interface IFNUM."""
    bus, dev, ifnum = int(bus), int(dev), int(ifnum)
    links, recs = usbmon_records(path)
    if links != [220]:
        fail('interfaces have link types %s, expected one 220 (usbmon, mmapped)' % links)
    if len(recs) < 20:
        fail('only %d records' % len(recs))
    heads = []
    for ifid, r in recs:
        if ifid != 0 or len(r) < 64:
            fail('a record of interface %d, %d bytes' % (ifid, len(r)))
        typ, xfer, ep, devnum, busnum = struct.unpack_from('<BBBBH', r, 8)
        if (busnum, devnum) != (bus, dev):
            fail('a record of bus %d device %d: the tap keeps only %d:%d' % (busnum, devnum, bus, dev))
        setup = r[40:48]
        heads.append((chr(typ), xfer, ep, setup, r[64:]))
    t, x, ep, setup, _ = heads[0]
    if (t, x, ep, setup) != ('S', 2, 0x80, bytes.fromhex('8006000100001200')):
        fail('first record is not a GET_DESCRIPTOR(device) submit: %s' % (heads[0][:4],))
    t, x, ep, _, d = heads[1]
    if t != 'C' or len(d) != 18 or d[:2] != b'\x12\x01' or struct.unpack_from('<HH', d, 8) != (0x1199, 0x9071):
        fail('second record is not the device descriptor of 1199:9071: %s %s' % (t, d.hex()))
    sends = [h for h in heads if h[0] == 'S' and h[1] == 2 and h[3][:2] == b'\x21\x00']
    gets = [h for h in heads if h[0] == 'S' and h[1] == 2 and h[3][:2] == b'\xa1\x01']
    notes = [h for h in heads if h[0] == 'C' and h[1] == 1 and h[4][:2] == b'\xa1\x01']
    for h in sends + gets:
        if struct.unpack_from('<H', h[3], 4)[0] != ifnum:
            fail('a QMUX control request to interface %d, not %d' % (struct.unpack_from('<H', h[3], 4)[0], ifnum))
    for h in notes:
        if h[4] != struct.pack('<BBHHH', 0xa1, 1, 0, ifnum, 0):
            fail('notification %s is not RESPONSE_AVAILABLE for interface %d' % (h[4].hex(), ifnum))
    if not sends or any(h[4][:1] != b'\x01' for h in sends):
        fail('SEND_ENCAPSULATED_COMMAND submits without a QMUX frame')
    print('  %d usbmon records of %d:%d, link type 220; %d SEND_ENCAPSULATED_COMMAND, '
          '%d GET_ENCAPSULATED_RESPONSE, %d RESPONSE_AVAILABLE to interface %d'
          % (len(recs), bus, dev, len(sends), len(gets), len(notes), ifnum))
    return len(sends)

def counts(path, bus, dev, least):
    """At least LEAST records of BUS:DEV: the other device's traffic was there."""
    n = sum(1 for _, r in usbmon_records(path)[1] if struct.unpack_from('<BH', r, 11) == (int(dev), int(bus)))
    if n < int(least):
        fail('%d records of %s:%s, expected at least %s' % (n, bus, dev, least))
    print('  %d records of %s:%s' % (n, bus, dev))

def same(a, b):
    """The same QMUX frames (header, TLVs, direction) in both decodes."""
    key = lambda m: (m['direction'], json.dumps(m['qmux'], sort_keys=True), m['txn'], m['msg_id'],
                     json.dumps(m['raw_tlvs'], sort_keys=True))
    x, y = [key(m) for m in load(a)], [key(m) for m in load(b)]
    if x != y:
        fail('%d and %d messages; first difference: %s' % (len(x), len(y),
             next(((p, q) for p, q in zip(x, y) if p != q), 'lengths')))
    print('  %d messages byte for byte alike' % len(x))

def linktype(path, want):
    links = usbmon_records(path)[0]
    if any(l != int(want) for l in links) or not links:
        fail('link types %s, expected %s' % (links, want))

{'conv': conv, 'usbmon': usbmon, 'counts': counts, 'same': same, 'linktype': linktype}[sys.argv[1]](*sys.argv[2:])
EOF
py () { python3 "$tmp/check.py" "$@"; }

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
