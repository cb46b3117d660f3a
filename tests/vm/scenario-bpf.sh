#!/usr/bin/env bash
# Runs inside the test VM (tests/vm/run-vm.sh): the eBPF tap on a real
# kernel. qrtr-bpf-tap (CO-RE, relocated here against the guest's BTF) records
# the whole machine's QRTR traffic while the schema-driven fake-qrtr-service
# announces DMS to the kernel's name service and qmicli asks it for the IMEI.
# The capture must hold the announcement, qmicli's lookup and the name
# service's answer (so the decoder learns DMS from the capture itself), and
# the DMS Get IDs request (out) and response (in) decoding to the IMEI qmicli
# printed: all of that is local delivery (qrtr_local_enqueue).
# Receive (qrtr_endpoint_post) and transmit (qrtr_node_enqueue): Debian's
# kernel has no QRTR transport the VM could use (no qrtr-tun, no MHI device),
# so capture/bpf/testing/qrtr-test-tun.ko, built on the host for the guest's
# kernel, gives an endpoint driven from user space: a python3 peer plays
# remote node 7 (HELLO, then a DMS request) and the capture must hold, byte
# for byte, every frame the peer wrote (receive) and every frame the kernel
# handed the endpoint (transmit, whose v1 header the tap synthesises).
# Then: -c stops the tap by itself, and the errors for no root, no BTF and no
# qrtr say what is missing.
#
# usage: scenario-bpf.sh QRTR_BPF_TAP FAKE_QRTR_SERVICE SCHEMA_DIR QRTR_CAPTURE   (in the VM;
#          QRTR_TEST_TUN_KO=FILE in the environment: also the receive/transmit part)
#        scenario-bpf.sh --host RUN_VM QRTR_BPF_TAP FAKE_QRTR_SERVICE SCHEMA_DIR QRTR_CAPTURE
#          (what CTest runs: builds the module for the VM's kernel when it can, then boots
#          the VM with RUN_VM; without the module the receive/transmit part is skipped,
#          or fails with VM_NO_SKIP=1)
if [ "${1:-}" = --host ]; then
  run_vm=$2; shift 2
  here=$(cd "$(dirname "$0")" && pwd)
  . "$here/vm-test-module.sh"
  ko=$(vm_test_module qrtr-test-tun) || exit 1
  envs=()
  [ -n "$ko" ] && envs=(-e "QRTR_TEST_TUN_KO=$ko")
  [ -n "${VM_NO_SKIP:-}" ] && envs+=(-e VM_NO_SKIP=1)
  # under TCG on a loaded machine the tap takes up to ~30 s to load, three times
  exec "$run_vm" -t "${VM_TIMEOUT:-420}" "${envs[@]}" "$0" "$@"
fi
set -uo pipefail
tap=$1 svc_bin=$2 schemas=$3 cap=$4
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=$schemas
. "$(dirname "$0")/scenario-lib.sh"
gone () { ! kill -0 "$1" 2>/dev/null; }

command -v qmicli >/dev/null || { echo "FAIL: qmicli is not installed on the host (libqmi-utils)"; exit 1; }
[ -d /sys/module/qrtr ] || { echo "FAIL: the qrtr module is not loaded in the VM"; exit 1; }
for f in /sys/kernel/btf/vmlinux /sys/kernel/btf/qrtr; do
  [ -e $f ] || echo "note: $f is missing"
done
grep -E ' qrtr_(endpoint_post|node_enqueue|local_enqueue)(\.|\s|$)' /proc/kallsyms | sed 's/^[0-9a-f]* /  kallsyms: /'

# 1. The tap, then the service, then qmicli.
start=$SECONDS
"$tap" -w "$tmp/bpf.pcapng" 2>"$tmp/tap.log" &
tap_pid=$!; pids+=($tap_pid)
check "qrtr-bpf-tap loads and attaches" poll 60 grep -q 'capturing QRTR' "$tmp/tap.log" || { show "$tmp/tap.log"; exit 1; }
echo "  attached after $((SECONDS - start)) s"
check "all three probes attached (receive, transmit, local delivery)" \
  has "$tmp/tap.log" "capturing QRTR (receive, transmit, local delivery)"

"$svc_bin" --service dms --schema-dir "$schemas" 2>"$tmp/svc.log" &
pids+=($!)
poll 60 grep -q 'serving dms' "$tmp/svc.log" || { echo "FAIL: fake-qrtr-service did not start"; show "$tmp/svc.log"; exit 1; }
read -r node port < <(sed -n 's/.* at \([0-9]*\):\([0-9]*\)$/\1 \2/p' "$tmp/svc.log")
echo "  service at node $node port $port"

timeout 60 qmicli -d "qrtr://$node" --dms-get-ids >"$tmp/qmicli.txt" 2>"$tmp/qmicli.err"
check "qmicli -d qrtr://$node --dms-get-ids exits 0" test $? -eq 0 || show "$tmp/qmicli.err"
imei=$(sed -n "s/.*IMEI: '\([0-9]*\)'.*/\1/p" "$tmp/qmicli.txt")
check "qmicli printed an IMEI ($imei)" test -n "$imei"

kill -INT $tap_pid
poll 30 gone $tap_pid
wait $tap_pid; rc=$?
check "SIGINT: the tap exits 0" test $rc -eq 0 || show "$tmp/tap.log"
show "$tmp/tap.log"
check "nothing lost or truncated" has "$tmp/tap.log" "0 lost (ring buffer full), 0 truncated"

# 2. What it recorded, decoded by qrtr-capture.
"$cap" -r "$tmp/bpf.pcapng" >"$tmp/decoded.txt" 2>&1
check "the capture reads back whole" test $? -eq 0 || show "$tmp/decoded.txt"
show "$tmp/decoded.txt"
"$cap" -r "$tmp/bpf.pcapng" --decode=json >"$tmp/decoded.json" 2>/dev/null
cat >"$tmp/check.py" <<'PY'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
imei, node, port = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fail = 0
def check(cond, what):
    global fail
    print(("ok: " if cond else "FAIL: ") + what)
    fail += 0 if cond else 1
svc = f"{node}:{port}"
ctrl = [(m["direction"], m["control"].get("cmd"), m["qrtr"]["src"], m["qrtr"]["dst"], m["control"])
        for m in msgs if m.get("control")]
check(any(d == "out" and c == "NEW_SERVER" and s == svc and x.get("service") == 2 and x.get("port") == port
          for d, c, s, t, x in ctrl),
      "the service's announcement (NEW_SERVER service 2 from its port, out) was recorded")
# libqrtr-glib (qmicli) looks up every service (0), then picks the node's
lookups = [(d, s) for d, c, s, t, x in ctrl if c == "NEW_LOOKUP" and x.get("service") in (0, 2)]
check(any(d == "out" for d, s in lookups), f"qmicli's lookup was recorded, out (got {lookups})")
client = lookups[0][1] if lookups else None
check(any(d == "in" and c == "NEW_SERVER" and t == client and x.get("port") == port for d, c, s, t, x in ctrl),
      "the name service's answer to the lookup (NEW_SERVER for the service's port, in) was recorded")
qmi = [(m["direction"], m.get("service"), m.get("kind"), m.get("message"))
       for m in msgs if m.get("kind") and svc in (m["qrtr"]["src"], m["qrtr"]["dst"])]
check(qmi == [("out", "dms", "request", "get_ids"), ("in", "dms", "response", "get_ids")],
      f"DMS Get IDs request out, response in, service learned from the capture (got {qmi})")
resp = [m for m in msgs if m.get("kind") == "response" and m["qrtr"]["src"] == svc]
check(bool(resp) and resp[0]["tlvs"].get("imei") == imei, "the response decodes to the IMEI qmicli printed")
req = [m for m in msgs if m.get("kind") == "request" and m["qrtr"]["dst"] == svc]
check(bool(req) and bool(resp) and req[0]["qrtr"]["src"] == resp[0]["qrtr"]["dst"],
      "request and response are between the same client port and the service")
sys.exit(1 if fail else 0)
PY
python3 "$tmp/check.py" "$tmp/decoded.json" "$imei" "$node" "$port"
check "decoded capture matches qmicli and the name service" test $? -eq 0 || show "$tmp/decoded.json"

# 3. Receive and transmit, over the test endpoint: a peer plays remote node 7.
if [ -z "${QRTR_TEST_TUN_KO:-}" ]; then
  if [ -n "${VM_NO_SKIP:-}" ]; then
    check "qrtr-test-tun.ko was built for this kernel (VM_NO_SKIP is set)" false
  else
    echo "SKIP: receive and transmit: no QRTR_TEST_TUN_KO (scenario-bpf.sh --host builds it with capture/bpf/testing/build-test-module.sh when it can)"
  fi
else
  busybox insmod "$QRTR_TEST_TUN_KO" 2>"$tmp/insmod.txt"
  check "insmod qrtr-test-tun.ko" poll 10 test -c /dev/qrtr-test-tun || show "$tmp/insmod.txt"
  "$tap" -w "$tmp/remote.pcapng" 2>"$tmp/tap2.log" &
  tap_pid=$!; pids+=($tap_pid)
  poll 60 grep -q 'capturing QRTR' "$tmp/tap2.log" || show "$tmp/tap2.log"
  cat >"$tmp/peer.py" <<'PY'
import json, os, select, struct, sys
dev, node, port, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
REMOTE, CLIENT, CTRL = 7, 42, 0xfffffffe
fd = os.open(dev, os.O_RDWR)
log = []
def frame(typ, sn, sp, dn, dp, payload):
    return struct.pack('<8I', 1, typ, sn, sp, 0, len(payload), dn, dp) + payload + b'\0' * (-len(payload) % 4)
def send(f):
    os.write(fd, f)
    log.append(["rx", f.hex()])
def recv(want):  # the kernel's frames until one that want() accepts
    while True:
        if not select.select([fd], [], [], 20)[0]:
            sys.exit("timeout waiting for the kernel's frames")
        f = os.read(fd, 70000)
        log.append(["tx", f.hex()])
        h = struct.unpack_from('<8I', f)
        if want(h, f[32:32 + h[5]]):
            return f[32:32 + h[5]]
send(frame(2, REMOTE, CTRL, node, CTRL, struct.pack('<5I', 2, 0, 0, 0, 0)))   # HELLO to the name service
recv(lambda h, p: h[1] == 2)                                                   # its HELLO back
recv(lambda h, p: h[1] == 4 and struct.unpack_from('<5I', p)[1:5] == (2, 1, node, port))  # NEW_SERVER dms
send(frame(1, REMOTE, CLIENT, node, port, struct.pack('<BHHH', 0, 0x4321, 0x0025, 0)))   # DMS Get IDs
resp = recv(lambda h, p: h[1] == 1 and h[2:4] == (node, port) and h[6:8] == (REMOTE, CLIENT))
assert resp[:5] == bytes([2, 0x21, 0x43, 0x25, 0]), resp.hex()
os.close(fd)  # unregisters the endpoint: the kernel says BYE for node 7
json.dump(log, open(out, "w"))
print("peer: ok,", len(log), "frames")
PY
  timeout 90 python3 "$tmp/peer.py" /dev/qrtr-test-tun "$node" "$port" "$tmp/peer.json" >"$tmp/peer.txt" 2>&1
  check "the peer (node 7): HELLO answered, DMS announced, request answered" test $? -eq 0 || show "$tmp/peer.txt"
  # the BYE the kernel delivers locally when the endpoint goes
  poll 10 eval '"$cap" -r "$tmp/remote.pcapng" 2>/dev/null | grep -q "BYE 7:ctrl"'
  kill -INT $tap_pid
  poll 30 gone $tap_pid
  wait $tap_pid; rc=$?
  check "SIGINT: the tap exits 0" test $rc -eq 0 || show "$tmp/tap2.log"
  show "$tmp/tap2.log"
  "$cap" -r "$tmp/remote.pcapng" >"$tmp/remote.txt" 2>&1
  show "$tmp/remote.txt"
  "$cap" -r "$tmp/remote.pcapng" --decode=json >"$tmp/remote.json" 2>/dev/null
  cat >"$tmp/check-remote.py" <<'PY'
import json, struct, sys
pcap, decoded, peer, imei, node, port = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
fail = 0
def check(cond, what):
    global fail
    print(("ok: " if cond else "FAIL: ") + what)
    fail += 0 if cond else 1
# the pcapng: interface names, and each record's interface, direction flag, comment and QRTR frame
data = open(pcap, "rb").read()
ifaces, recs, off = [], [], 0
while off + 12 <= len(data):
    btype, blen = struct.unpack_from("<II", data, off)
    body = data[off + 8:off + blen - 4]
    opts = b""
    if btype == 1:
        opts = body[8:]
    elif btype == 6:
        if_id, _, _, caplen, _ = struct.unpack_from("<IIIII", body)
        pkt = body[20:20 + caplen]
        opts = body[20 + ((caplen + 3) & ~3):]
    o, name, comment, flags = 0, None, None, 0
    while o + 4 <= len(opts):
        code, olen = struct.unpack_from("<HH", opts, o)
        val = opts[o + 4:o + 4 + olen]
        if code == 0:
            break
        if code == 2 and btype == 1: name = val.decode()
        if code == 1: comment = val.decode()
        if code == 2 and btype == 6: flags = struct.unpack("<I", val)[0]
        o += 4 + ((olen + 3) & ~3)
    if btype == 1:
        ifaces.append(name)
    elif btype == 6:
        t = 0  # skip the Exported PDU tags (big-endian, padded) up to the end tag
        while True:
            tag, tlen = struct.unpack_from(">HH", pkt, t)
            t += 4 + tlen
            if tag == 0:
                break
        recs.append((ifaces[if_id], flags & 3, comment or "", pkt[t:]))
    off += blen
log = json.load(open(peer))
wrote = [bytes.fromhex(h) for d, h in log if d == "rx"]
got = [bytes.fromhex(h) for d, h in log if d == "tx"]
rx = [r for r in recs if r[2].startswith("received")]
tx = [r for r in recs if r[2].startswith("sent")]
check([r[3] for r in rx] == wrote, f"receive: the {len(wrote)} frames the peer wrote, byte for byte (got {len(rx)})")
check([r[3] for r in tx] == got,
      f"transmit: the {len(got)} frames the kernel handed the endpoint, byte for byte, synthesised header included (got {len(tx)})")
check(all(r[0] == "qrtr-ep1" for r in rx + tx) and "qrtr-ep1" in ifaces,
      f"receive and transmit on the endpoint's own interface qrtr-ep1 (interfaces {ifaces})")
check(all(r[1] == 1 for r in rx) and all(r[1] == 2 for r in tx), "direction flags: receive inbound, transmit outbound")
check(all("(node 7)" in r[2] for r in tx) and any("(node 7)" in r[2] for r in rx),
      "the comments name node 7 (once the kernel has assigned it)")
# decoded: the service learned from the name service's NEW_SERVER sent to node 7
msgs = [json.loads(l) for l in open(decoded)]
svc = f"{node}:{port}"
seq = [(m["direction"], m["qrtr"]["type"], m["qrtr"]["src"], m["qrtr"]["dst"], m.get("kind")) for m in msgs]
want = [("in", "HELLO", "7:ctrl", f"{node}:ctrl", None), ("out", "HELLO", f"{node}:ctrl", "7:ctrl", None),
        ("out", "NEW_SERVER", f"{node}:ctrl", "7:ctrl", None), ("in", "DATA", "7:42", svc, "request"),
        ("out", "DATA", svc, "7:42", "response"), ("in", "BYE", "7:ctrl", f"{node}:ctrl", None)]
check(all(w in seq for w in want) and [s for s in seq if s in want] == want,
      f"decoded in order: HELLO in, HELLO out, NEW_SERVER out, request in, response out, BYE (local, in) (got {seq})")
resp = [m for m in msgs if m.get("kind") == "response" and m["qrtr"]["dst"] == "7:42"]
check(bool(resp) and resp[0].get("service") == "dms" and resp[0]["tlvs"].get("imei") == imei,
      "the response to node 7 decodes as DMS with the IMEI")
sys.exit(1 if fail else 0)
PY
  python3 "$tmp/check-remote.py" "$tmp/remote.pcapng" "$tmp/remote.json" "$tmp/peer.json" "${imei:-x}" "$node" "$port"
  check "receive and transmit recorded as the endpoint saw them" test $? -eq 0 || show "$tmp/remote.json"
fi

# 4. Live decode, as the other sources print: --decode=json with a service
# filter prints each packet while the capture runs (the IMEI is on stdout
# before the capture is stopped); -w with --decode=text, an address filter,
# -c 3 and -q writes and prints the name service's answer naming the address,
# the request and the response, then stops by itself, silent on stderr.
QRTR_BPF_TAP=$tap "$cap" -i qrtr --decode=json --qrtr-filter dms 2>"$tmp/live.log" >"$tmp/live.json" &
live_pid=$!; pids+=($live_pid)
check "-i qrtr --decode=json --qrtr-filter dms: starts, says what it keeps" \
  poll 60 grep -q 'capturing QRTR (.*), only service dms (2)' "$tmp/live.log" || show "$tmp/live.log"
timeout 60 qmicli -d "qrtr://$node" --dms-get-ids >"$tmp/qmicli2.txt" 2>&1
check "live: the response's IMEI is printed while the capture runs" \
  poll 20 grep -q "\"imei\":\"$imei\"" "$tmp/live.json" || show "$tmp/live.json"
kill -INT $live_pid; poll 30 gone $live_pid; wait $live_pid; rc=$?
check "live: SIGINT ends it with status 0" test $rc -eq 0 || show "$tmp/live.log"
cat >"$tmp/check-live.py" <<'PY'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
imei, svc = sys.argv[2], sys.argv[3]
qmi = [(m["direction"], m.get("service"), m.get("kind"), m.get("message")) for m in msgs if m.get("kind")]
ctrl = [(m["control"].get("cmd"), m["control"].get("service"), m["qrtr"]["src"], m["qrtr"]["dst"])
        for m in msgs if m.get("control")]
ok = qmi == [("out", "dms", "request", "get_ids"), ("in", "dms", "response", "get_ids")]
ok &= all(svc in (m["qrtr"]["src"], m["qrtr"]["dst"]) for m in msgs if m.get("kind"))
# control packets about DMS, or to its server (DEL_CLIENT when a client goes)
ok &= all(s == 2 or svc in (a, b) for c, s, a, b in ctrl) and any(c == "NEW_SERVER" for c, s, a, b in ctrl)
ok &= [m["tlvs"].get("imei") for m in msgs if m.get("kind") == "response"] == [imei]
print("qmi", qmi, "control", ctrl)
sys.exit(0 if ok else 1)
PY
check "live: only DMS (request out, response in with the IMEI; control packets about service 2 or to its server)" \
  python3 "$tmp/check-live.py" "$tmp/live.json" "$imei" "$node:$port" || show "$tmp/live.json"
# -q prints no status: the capture file appears once the probes are attached
QRTR_BPF_TAP=$tap "$cap" -i qrtr -w "$tmp/count.pcapng" --decode=text --qrtr-filter "$node:$port" -c 3 -q \
  >"$tmp/live.txt" 2>"$tmp/count.log" &
count_pid=$!; pids+=($count_pid)
check "-i qrtr -w FILE --decode=text -c 3 -q: the capture file appears" poll 60 test -s "$tmp/count.pcapng" ||
  show "$tmp/count.log"
timeout 60 qmicli -d "qrtr://$node" --dms-get-ids >/dev/null 2>&1
check "-c 3: exits by itself" poll 30 gone $count_pid || show "$tmp/count.log"
wait $count_pid; rc=$?
check "-c 3: exit status 0, nothing on stderr (-q)" test $rc -eq 0 -a ! -s "$tmp/count.log" || show "$tmp/count.log"
n=$("$cap" -r "$tmp/count.pcapng" 2>/dev/null | grep -c '^#')
check "-c 3: three packets written (got $n)" test "$n" -eq 3
check "printed too: NEW_SERVER for $node:$port, the request, the response with the IMEI" \
  eval 'test "$(grep -c "^#" "$tmp/live.txt")" -eq 3 && grep -q "NEW_SERVER DMS v1.0 @ $node:$port" "$tmp/live.txt" &&
        grep -q "DMS Get IDs Request" "$tmp/live.txt" && grep -q "imei = .$imei." "$tmp/live.txt"' || show "$tmp/live.txt"

# 5. Clear errors when something is missing (and no file left behind).
setpriv --reuid=nobody --regid=nogroup --clear-groups "$tap" -w "$tmp/x.pcapng" >"$tmp/err.txt" 2>&1
rc=$?
check "as nobody: exit 1, 'needs root'" \
  eval 'test $rc -eq 1 -a ! -e "$tmp/x.pcapng" && grep -q "needs root: .*CAP_BPF" "$tmp/err.txt"' || show "$tmp/err.txt"
# a private mount namespace hides the BTF, then the qrtr symbols
unshare -m sh -c 'mount -t tmpfs none /sys/kernel/btf && exec "$0" -w "$1"' "$tap" "$tmp/x.pcapng" >"$tmp/err.txt" 2>&1
rc=$?
check "no /sys/kernel/btf/vmlinux: exit 1, names it" \
  eval 'test $rc -eq 1 -a ! -e "$tmp/x.pcapng" && grep -q "no BTF: /sys/kernel/btf/vmlinux is missing" "$tmp/err.txt"' ||
  show "$tmp/err.txt"
: >"$tmp/empty"
unshare -m sh -c 'mount --bind "$2" /proc/kallsyms && exec "$0" -w "$1"' "$tap" "$tmp/x.pcapng" "$tmp/empty" \
  >"$tmp/err.txt" 2>&1
rc=$?
check "no qrtr symbols: exit 1, 'QRTR is not loaded'" \
  eval 'test $rc -eq 1 -a ! -e "$tmp/x.pcapng" && grep -q "QRTR is not loaded" "$tmp/err.txt"' || show "$tmp/err.txt"

checks_done scenario-bpf
