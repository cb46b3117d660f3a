#!/usr/bin/env bash
# qrtr-capture end to end on the regression captures and on bad input.
# usage: run-capture-tests.sh QRTR_CAPTURE SCHEMA_DIR PCAP_DIR
set -uo pipefail
cap=$1 schemas=$2 pcaps=$3
export QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

check () { # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name"; else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
has () { grep -qF -- "$2" "$1" || { echo "  missing: $2"; return 1; }; }
lacks () { ! grep -qF -- "$2" "$1" || { echo "  unexpected: $2"; return 1; }; }

# QMI inside MBIM (Exported PDU mbim.control), the last request padded as
# libmbim 1.12 sent it: every message decoded, the padded one too
"$cap" -r "$pcaps/mbim-qmi.pcapng" >"$tmp/mbim.txt" 2>"$tmp/mbim.err"
check "mbim: exit 0" test $? -eq 0
check "mbim: all 15 messages" test "$(grep -c '^#' "$tmp/mbim.txt")" -eq 15
check "mbim: the padded request" has "$tmp/mbim.txt" "#14 1700000000.014000 host->modem QMUX service=2 client=1 length=12"

# text decode of QMI over QRTR: the service is learned from NEW_SERVER
"$cap" -r "$pcaps/qrtr-qmi.pcapng" >"$tmp/qrtr.txt" 2>"$tmp/qrtr.err"
check "qrtr text exit 0" test $? -eq 0
check "qrtr learns DMS from NEW_SERVER" has "$tmp/qrtr.txt" "NEW_SERVER dms v1.0 @ 0:3"
check "qrtr decodes the IMEI" has "$tmp/qrtr.txt" "imei = '356938035643809' [personal]"
check "qrtr names the error" has "$tmp/qrtr.txt" "DMS Get model Response txn=8 (0x0022) Error: NoEffect (26)"
check "qrtr enum names" has "$tmp/qrtr.txt" "radio_interface = 8 (lte)"
check "qrtr scaled value" has "$tmp/qrtr.txt" "lte_snr = 110 (= 11 dB)"
check "qrtr after DEL_SERVER unresolved" has "$tmp/qrtr.txt" "#12 1700000000.012000 host->modem QRTR v1 DATA 1:16385 -> 0:3 size=7"
check "qrtr no schema errors" test ! -s "$tmp/qrtr.err"

# JSON lines: one object per message, parseable, with the decoded values
"$cap" -r "$pcaps/qmux-exported.pcapng" --decode=json >"$tmp/qmux.json"
check "json one line per message" test "$(wc -l <"$tmp/qmux.json")" -eq 13
check "json is valid" python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/qmux.json"
check "json get_ids values" has "$tmp/qmux.json" '"message":"get_ids","msg_id":37,"txn":1,"result":{"status":"success","error":0,"error_name":"None"},"tlvs":{"result":{"status":0,"error":0},"esn":"80F32B12","imei":"356938035643809"'
check "json directions" has "$tmp/qmux.json" '"frame":2,"time_us":1700000000002000,"direction":"in"'

# usbmon (both header sizes): same conversation, other device filtered out
for lt in 220 189; do
  "$cap" -r "$pcaps/usbmon-$lt.pcapng" >"$tmp/usb$lt.txt"
  check "usbmon-$lt 15 messages" test "$(grep -c '^#' "$tmp/usb$lt.txt")" -eq 15
  check "usbmon-$lt manufacturer" has "$tmp/usb$lt.txt" "manufacturer = 'QUALCOMM INCORPORATED'"
done
check "usbmon vendor from the device descriptor" has "$tmp/usb220.txt" "model = 'EM7455'"
"$cap" -r "$pcaps/usbmon-220.pcapng" --vendor 0x03f0 >"$tmp/hp.txt"
check "--vendor overrides the descriptor" lacks "$tmp/hp.txt" "EM7455"
"$cap" -r "$pcaps/usbmon-220.pcapng" --device 2:5 >"$tmp/other.txt"
check "usbmon --device filters" test ! -s "$tmp/other.txt"

# DLT_USER raw QMUX, -c, malformed frames
"$cap" -r "$pcaps/dlt-user-qmux.pcapng" -c 2 >"$tmp/user.txt"
check "-c stops after 2" test "$(grep -c '^#' "$tmp/user.txt")" -eq 2
"$cap" -r "$pcaps/malformed.pcapng" >"$tmp/bad.txt" 2>&1
check "malformed exits 0" test $? -eq 0
check "malformed reports a bad prefix" has "$tmp/bad.txt" "! description says 200 bytes, 4 bytes left"
check "malformed reports a truncated QRTR header" has "$tmp/bad.txt" "! QRTR header truncated"

# real-device frames (libqmi's test vectors): the values libqmi's own tests
# expect from these bytes, which is what qmicli prints for them
"$cap" -r "$pcaps/qmux-real-devices.pcapng" >"$tmp/real.txt"
check "real device: IMEI" has "$tmp/real.txt" "imei = '359225050039973'"
check "real device: ESN" has "$tmp/real.txt" "esn = '80997874'"
check "real device: MEID" has "$tmp/real.txt" "meid = '35922505003997'"
check "real device: network scan operator" has "$tmp/real.txt" "description = 'Movistar'"
check "real device: verify PIN request" has "$tmp/real.txt" "pin = '1234' [personal]"

# bad input: clear message, non-zero exit, no crash
"$cap" -r "$tmp/nope.pcap" 2>"$tmp/e1"; rc=$?
check "missing file exits 1" test $rc -eq 1
check "missing file says so" has "$tmp/e1" "nope.pcap"
head -c 3000 /dev/urandom >"$tmp/garbage.pcap"
"$cap" -r "$tmp/garbage.pcap" 2>"$tmp/e2"; rc=$?
check "garbage exits 1" test $rc -eq 1
head -c 700 "$pcaps/qrtr-qmi.pcapng" >"$tmp/trunc.pcapng"
"$cap" -r "$tmp/trunc.pcapng" >"$tmp/trunc.txt" 2>"$tmp/e3"; rc=$?
check "truncated exits 1" test $rc -eq 1
check "truncated says where" has "$tmp/e3" "after record"
check "truncated still decoded what it could" has "$tmp/trunc.txt" "NEW_SERVER dms"
# a classic pcap of Ethernet (link type 1)
printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff\xff\x00\x00\x01\x00\x00\x00' >"$tmp/eth.pcap"
"$cap" -r "$tmp/eth.pcap" 2>"$tmp/e4"; rc=$?
check "unknown link type exits 1" test $rc -eq 1
check "unknown link type named" has "$tmp/e4" "link type 1 (EN10MB)"
"$cap" --decode=xml -r x 2>"$tmp/e5"; rc=$?
check "bad option exits 2" test $rc -eq 2

# coverage report
"$cap" --schemas >"$tmp/schemas.txt"; rc=$?
check "--schemas exit 0" test $rc -eq 0
check "--schemas lists dms" grep -qE '^dms +2 +2 +62 +62 +1 ' "$tmp/schemas.txt"
"$cap" --schemas --json >"$tmp/schemas.json"
check "--schemas --json valid" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["errors"]==[] and any(s["name"]=="nas" for s in d["services"])' "$tmp/schemas.json"
mkdir "$tmp/broken" && printf '{ "service": "x",\n  "messages": [ }\n' >"$tmp/broken/x.json"
"$cap" --schemas --schema-dir "$tmp/broken" >/dev/null 2>"$tmp/e6"; rc=$?
check "--schemas with a broken file exits 1" test $rc -eq 1
check "broken file named with its line" has "$tmp/e6" "x.json:2:"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
