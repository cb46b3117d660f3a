#!/usr/bin/env bash
# Runs inside the test VM (tests/vm/run-vm.sh): QMI over real kernel QRTR.
# The schema-driven fake-qrtr-service announces DMS to the kernel's name
# service; qrtr-lookup (qrtr-tools) must list it, qmicli -d qrtr://NODE
# (libqmi over libqrtr-glib, a client nobody here wrote) must get the canned
# IMEI through the kernel, a raw AF_QIPCRTR client (python3) must get
# answers that echo its transaction ids, and DEL_SERVER at exit must take
# the service off the name service's list.
# usage: scenario-qrtr.sh FAKE_QRTR_SERVICE SCHEMA_DIR [QRTR_CAPTURE]
set -uo pipefail
svc_bin=$1 schemas=$2 cap=${3:-}
imei=359225050039973
export XDG_DATA_HOME=/nonexistent # only the schemas given
. "$(dirname "$0")/scenario-lib.sh"
listed () { # service instance node port: in the last qrtr-lookup output
  awk -v s="$1" -v i="$2" -v n="$3" -v p="$4" \
    '$1 == s && $3 == i && $4 == n && $5 == p { found = 1 } END { exit !found }' "$tmp/lookup.txt"
}
lookup_has () { # service instance node port: qrtr-lookup lists that server
  timeout 20 qrtr-lookup >"$tmp/lookup.txt" 2>&1 && listed "$@"
}
lookup_lacks () { # service instance node port
  timeout 20 qrtr-lookup >"$tmp/lookup.txt" 2>&1 && ! listed "$@"
}

for tool in qrtr-lookup qmicli; do
  command -v $tool >/dev/null || { echo "FAIL: $tool is not installed on the host (qrtr-tools, libqmi-utils)"; exit 1; }
done
[ -d /sys/module/qrtr ] || { echo "FAIL: the qrtr module is not loaded in the VM"; exit 1; }

# 1. The kernel's name service (part of qrtr.ko since 5.7) takes the announcement.
"$svc_bin" --service dms --schema-dir "$schemas" --verbose 2>"$tmp/svc.log" &
svc_pid=$!; pids+=($svc_pid)
check "fake-qrtr-service starts and announces DMS" poll 60 grep -q 'serving dms' "$tmp/svc.log" ||
  { show "$tmp/svc.log"; exit 1; }
read -r node port < <(sed -n 's/.*serving dms (QRTR service 2, .*) at \([0-9]*\):\([0-9]*\)$/\1 \2/p' "$tmp/svc.log")
[ -n "${port:-}" ] || { echo "FAIL: no node:port in the service's log"; show "$tmp/svc.log"; exit 1; }
echo "  service at node $node port $port"
check "qrtr-lookup lists service 2 at $node:$port" poll 30 lookup_has 2 0 "$node" "$port" || show "$tmp/lookup.txt"
show "$tmp/lookup.txt"

# 2. qmicli over qrtr:// (libqmi finds the port through the name service).
qmi () { # output file, qmicli options...
  local out=$1; shift
  timeout 60 qmicli -d "qrtr://$node" "$@" >"$out" 2>"$out.err"
}
qmi "$tmp/ids.txt" --dms-get-ids
check "qmicli -d qrtr://$node --dms-get-ids exits 0" test $? -eq 0 || show "$tmp/ids.txt.err"
check "qmicli prints the canned IMEI" has "$tmp/ids.txt" "IMEI: '$imei'"
show "$tmp/ids.txt"
qmi "$tmp/manuf.txt" --dms-get-manufacturer
check "qmicli --dms-get-manufacturer (sample values) exits 0" test $? -eq 0 || show "$tmp/manuf.txt.err"
check "qmicli prints a manufacturer" has "$tmp/manuf.txt" "Manufacturer:"

# 3. A raw client: exact bytes, transaction ids echoed, unknown message refused.
cat >"$tmp/client.py" <<'EOF'
import socket, struct, sys
node, port, imei = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_QIPCRTR, socket.SOCK_DGRAM)
s.settimeout(20)
def ask(txn, msg_id):
    s.sendto(struct.pack('<BHHH', 0x00, txn, msg_id, 0), (node, port))
    data, frm = s.recvfrom(65536)
    kind, rtxn, rid, length = struct.unpack_from('<BHHH', data)
    assert (kind, rtxn, rid) == (0x02, txn, msg_id), (kind, rtxn, rid)
    assert length == len(data) - 7, (length, len(data))
    tlvs, off = {}, 7
    while off < len(data):
        t, l = struct.unpack_from('<BH', data, off)
        tlvs[t] = data[off + 3:off + 3 + l]
        off += 3 + l
    return tlvs
t = ask(0x1234, 0x0025)                 # DMS Get IDs
assert t[0x02] == b'\0\0\0\0', t[0x02]   # success
assert t[0x11].decode() == imei, t[0x11]  # a string to the end of its TLV
t = ask(0xbeef, 0x7f00)                 # no such message
assert struct.unpack('<HH', t[0x02]) == (1, 71), t[0x02]  # failure, InvalidQmiCommand
print('raw client: ok')
EOF
timeout 60 python3 "$tmp/client.py" "$node" "$port" "$imei" >"$tmp/client.txt" 2>&1
check "raw AF_QIPCRTR client: IMEI, txn echoed, unknown message refused" test $? -eq 0 || show "$tmp/client.txt"

# 4. qrtr-capture -D sees the real kernel's QRTR and usbmon.
if [ -n "$cap" ]; then
  "$cap" -D >"$tmp/sources.txt" 2>&1
  check "qrtr-capture -D exits 0" test $? -eq 0
  # the QRTR section: something listed, and not "none: <why>"
  sed -n '/^QRTR/,/^[^ ]/{/^ /p}' "$tmp/sources.txt" >"$tmp/sources-qrtr.txt"
  check "qrtr-capture -D: QRTR available" eval '[ -s "$tmp/sources-qrtr.txt" ] && ! grep -q "none:" "$tmp/sources-qrtr.txt"' ||
    show "$tmp/sources.txt"
  if [ -d /sys/module/usbmon ]; then
    check "qrtr-capture -D: usbmon buses" has "$tmp/sources.txt" "usbmon0"
  fi
fi

# 5. SIGTERM: DEL_SERVER, so the name service forgets it; a second instance with -c exits by itself.
kill -TERM $svc_pid; wait $svc_pid; rc=$?
check "fake-qrtr-service: SIGTERM exits 0" test $rc -eq 0 || show "$tmp/svc.log"
check "qrtr-lookup no longer lists it" poll 30 lookup_lacks 2 0 "$node" "$port" || show "$tmp/lookup.txt"
"$svc_bin" --service dms --schema-dir "$schemas" --instance 7 --count 1 --verbose 2>"$tmp/svc2.log" &
svc2=$!; pids+=($svc2)
poll 60 grep -q 'serving dms' "$tmp/svc2.log"
read -r node2 port2 < <(sed -n 's/.* at \([0-9]*\):\([0-9]*\)$/\1 \2/p' "$tmp/svc2.log")
check "instance 7 is listed" poll 30 lookup_has 2 7 "${node2:-x}" "${port2:-x}" || show "$tmp/lookup.txt"
qmi "$tmp/ids2.txt" --dms-get-ids
check "qmicli reaches instance 7" has "$tmp/ids2.txt" "IMEI: '$imei'" || { show "$tmp/ids2.txt.err"; show "$tmp/svc2.log"; }
check "--count 1: exits 0 after one answer" poll 30 eval '! kill -0 $svc2 2>/dev/null'
wait $svc2; rc=$?
check "--count 1: exit status 0" test $rc -eq 0 || show "$tmp/svc2.log"

checks_done scenario-qrtr
