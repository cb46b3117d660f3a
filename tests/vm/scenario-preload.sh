#!/usr/bin/env bash
# Runs inside the test VM (tests/vm/run-vm.sh): the LD_PRELOAD tap on a real
# kernel. qmicli talks to the schema-driven fake-qrtr-service over qrtr://
# under `qrtr-capture --exec`; the capture must hold qmicli's lookup of the
# service on the name service (so the decoder learns DMS from the capture
# itself) and every QMI message, in order and direction, decoding to the
# IMEI qmicli printed.
# usage: scenario-preload.sh FAKE_QRTR_SERVICE SCHEMA_DIR QRTR_CAPTURE PRELOAD_LIB
set -uo pipefail
svc_bin=$1 schemas=$2 cap=$3 lib=$4
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=$schemas
. "$(dirname "$0")/scenario-lib.sh"

"$svc_bin" --service dms --schema-dir "$schemas" 2>"$tmp/svc.log" &
pids+=($!)
poll 60 grep -q 'serving dms' "$tmp/svc.log" || { echo "FAIL: fake-qrtr-service did not start"; show "$tmp/svc.log"; exit 1; }
read -r node port < <(sed -n 's/.* at \([0-9]*\):\([0-9]*\)$/\1 \2/p' "$tmp/svc.log")

# as an unprivileged user: the tap needs no root
chmod 777 "$tmp"
QRTR_PRELOAD_LIB=$lib timeout 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
  "$cap" --exec -w "$tmp/qmicli.pcapng" -- qmicli -d "qrtr://$node" --dms-get-ids >"$tmp/qmicli.txt" 2>"$tmp/qmicli.err"
check "qmicli under --exec, as nobody, exits 0" test $? -eq 0 || show "$tmp/qmicli.err"
imei=$(sed -n "s/.*IMEI: '\([0-9]*\)'.*/\1/p" "$tmp/qmicli.txt")
check "qmicli printed an IMEI ($imei)" test -n "$imei"
check "the tap wrote a capture" test -s "$tmp/qmicli.pcapng" || ls -la "$tmp"
"$cap" -r "$tmp/qmicli.pcapng" >"$tmp/decoded.txt" 2>&1
check "the capture reads back whole" test $? -eq 0 || show "$tmp/decoded.txt"
"$cap" -r "$tmp/qmicli.pcapng" --decode=json >"$tmp/decoded.json" 2>/dev/null
show "$tmp/decoded.txt"
cat >"$tmp/check.py" <<'PY'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
imei, port = sys.argv[2], int(sys.argv[3])
fail = 0
def check(cond, what):
    global fail
    print(("ok: " if cond else "FAIL: ") + what)
    fail += 0 if cond else 1
ctrl = [m for m in msgs if m.get("control")]
check(any(m["control"].get("cmd") == "NEW_SERVER" and m["control"].get("port") == port for m in ctrl),
      "the name service's answer (NEW_SERVER for the service's port) was recorded")
qmi = [(m["direction"], m.get("service"), m.get("kind"), m.get("message")) for m in msgs if m.get("kind")]
check(qmi == [("out", "dms", "request", "get_ids"), ("in", "dms", "response", "get_ids")],
      f"DMS Get IDs request out, response in, service learned from the capture (got {qmi})")
resp = [m for m in msgs if m.get("kind") == "response"]
check(bool(resp) and resp[0]["tlvs"].get("imei") == imei, "the response decodes to the IMEI qmicli printed")
check(all(m["qrtr"]["src"].endswith(f":{port}") or m["qrtr"]["dst"].endswith(f":{port}") for m in msgs if m.get("kind")),
      "the QMI messages are addressed to the service's port")
sys.exit(1 if fail else 0)
PY
python3 "$tmp/check.py" "$tmp/decoded.json" "$imei" "$port"
check "decoded capture matches qmicli" test $? -eq 0 || show "$tmp/decoded.json"

checks_done scenario-preload
