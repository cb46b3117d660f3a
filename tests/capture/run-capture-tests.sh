#!/usr/bin/env bash
# qrtr-capture end to end on the regression captures and on bad input.
# usage: run-capture-tests.sh QRTR_CAPTURE SCHEMA_DIR PCAP_DIR
set -uo pipefail
cap=$1 schemas=$2 pcaps=$3
export QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../lib/checks.sh"


# QMI inside MBIM (Exported PDU mbim.control), the last request padded as
# libmbim 1.12 sent it: every message decoded, the padded one too
"$cap" -r "$pcaps/mbim-qmi.pcapng" >"$tmp/mbim.txt" 2>"$tmp/mbim.err"
check "mbim: exit 0" test $? -eq 0
check "mbim: all 15 messages" test "$(grep -c '^#' "$tmp/mbim.txt")" -eq 15
check "mbim: the padded request" has "$tmp/mbim.txt" "#14 1700000000.014000 host->modem QMUX service=2 client=1 length=12"

# text decode of QMI over QRTR: the service is learned from NEW_SERVER
"$cap" -r "$pcaps/qrtr-qmi.pcapng" >"$tmp/qrtr.txt" 2>"$tmp/qrtr.err"
check "qrtr text exit 0" test $? -eq 0
check "qrtr learns DMS from NEW_SERVER" has "$tmp/qrtr.txt" "NEW_SERVER DMS v1.0 @ 0:3"
check "qrtr decodes the IMEI" has "$tmp/qrtr.txt" "imei = '356938035643809' [personal]"
check "qrtr names the error" has "$tmp/qrtr.txt" "DMS Get model Response txn=8 (0x0022) Error: NoEffect (26)"
check "qrtr enum names" has "$tmp/qrtr.txt" "radio_interface = 8 (lte)"
check "qrtr scaled value" has "$tmp/qrtr.txt" "lte_snr = 11.0 dB (raw 110)"
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
# the problems in the plugin's words (wire/'s problem names), in text and JSON
check "malformed: QRTR size 0" has "$tmp/bad.txt" "  ! Size 0 (the kernel drops such frames)"
check "malformed: short control packet" has "$tmp/bad.txt" "  ! Control packet shorter than 20 bytes"
check "malformed: QMUX interface type" has "$tmp/bad.txt" "  ! Interface type is not 0x01 (QMUX)"
check "malformed: QMI length" has "$tmp/bad.txt" "    ! Message length runs past the frame (28 bytes stated, 18 present)"
"$cap" -r "$pcaps/malformed.pcapng" --decode=json >"$tmp/bad.json" 2>&1
check "malformed JSON: QMUX header problems" has "$tmp/bad.json" '"qmux_problems":["Bytes after the QMUX length"]'
check "malformed JSON: control problems" has "$tmp/bad.json" '"control_problems":["Control packet shorter than 20 bytes"],"control":{"cmd":"PING"}'

# values that need rendering (pcaps/fidelity.pcapng; the same values qmicli
# prints in capture/live): one renderer for text and JSON
"$cap" -r "$pcaps/fidelity.pcapng" >"$tmp/fid.txt"
"$cap" -r "$pcaps/fidelity.pcapng" --decode=json >"$tmp/fid.json"
check "fidelity: IPv4 from a little-endian u32" has "$tmp/fid.txt" "ipv4_address = 10.0.0.1"
check "fidelity: IPv6" has "$tmp/fid.txt" "ipv6_primary_dns_address = 2001:4860:4860::8888"
check "fidelity: RSSI magnitude scaled" has "$tmp/fid.txt" "rssi = -101 dBm (raw 101)"
check "fidelity: ECIO -0.5 dB units" has "$tmp/fid.txt" "ecio = -8.5 dB (raw 17)"
check "fidelity: MAC" has "$tmp/fid.txt" "mac_address = 00:A0:C6:12:34:56 [personal]"
check "fidelity: SW1 in hex" has "$tmp/fid.txt" "sw1 = 0x90"
check "fidelity: FCP as hex" has "$tmp/fid.txt" "raw_data = 62:19:82:02:41:21:83:02:2F:E2:A5:03:80:01:71:8A:01:05:8B:03:2F:06:02:80:02:00:0A"
check "fidelity: APDU as hex" has "$tmp/fid.txt" "apdu = 00:A4:04:00:02:3F:00"
check "fidelity: MNC with the PCS digit" has "$tmp/fid.txt" "mnc = 001"
check "fidelity: MNC without it" has "$tmp/fid.txt" "mnc = 12"
check "fidelity: MNC with the PCS digit in another TLV" has "$tmp/fid.txt" "mnc = 005"
check "fidelity: MNC with the PCS digit in a struct of another TLV" has "$tmp/fid.txt" "mnc = 012"
check "fidelity: 24.008 PLMN, two-digit MNC" has "$tmp/fid.txt" "plmn = 208-01"
check "fidelity: 24.008 PLMN, three-digit MNC" has "$tmp/fid.txt" "plmn = 310-410"
check "fidelity: CR LF escaped" has "$tmp/fid.txt" "nmea_string = '\$GPGSA,A,1,,,,,,,,,,,,,,,*1E\\r\\n'"
check "fidelity: TAB escaped" has "$tmp/fid.txt" "model = 'EM7455\\t'"
check "fidelity: UTC time" has "$tmp/fid.txt" "utc_timestamp = 2024-01-05 12:00:00.000 UTC (count 1704456000000)"
check "fidelity: unknown message noted" has "$tmp/fid.txt" "! DMS response 0x7777 is not in the schemas: its TLVs are not decoded"
check "fidelity: unknown message's result shown" has "$tmp/fid.txt" "error = 71 (InvalidQmiCommand)"
check "fidelity: JSON display is the same rendering" has "$tmp/fid.json" '"display":{"result":{"status":"0 (success)","error":"0 (None)"},"ip_family":"4 (ipv4)","ipv4_address":"10.0.0.1"'
check "fidelity: JSON escapes control characters" has "$tmp/fid.json" '"nmea_string":"$GPGSA,A,1,,,,,,,,,,,,,,,*1E\r\n"'
check "fidelity: JSON unknown message in problems" has "$tmp/fid.json" '"problems":["DMS request 0x7777 is not in the schemas: its TLVs are not decoded"]'
check "fidelity: JSON lines parse strictly" python3 -c 'import json,sys; [json.loads(l, strict=True) for l in open(sys.argv[1])]' "$tmp/fid.json"

# #17 item 5: a 0x1f in a string is escaped in JSON (json-glib 1.6 left it raw)
python3 - "$tmp/us.pcapng" <<'PY'
import struct, sys
def block(t, body):
    body += b"\0" * (-len(body) % 4)
    return struct.pack("<II", t, len(body) + 12) + body + struct.pack("<I", len(body) + 12)
shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
idb = block(1, struct.pack("<HHI", 147, 0, 0))   # DLT_USER0: raw QMUX
tlv = b"\x01" + struct.pack("<H", 5) + b"A\x1fB\x7fC"
sdu = b"\x02" + struct.pack("<HHH", 1, 0x0022, 7 + 3 + 5) + b"\x02\x04\x00\0\0\0\0" + tlv
qmux = b"\x01" + struct.pack("<HBBB", 5 + len(sdu), 0x80, 2, 1) + sdu
epb = block(6, struct.pack("<IIIII", 0, 0, 0, len(qmux), len(qmux)) + qmux)
open(sys.argv[1], "wb").write(shb + idb + epb)
PY
"$cap" -r "$tmp/us.pcapng" --decode=json >"$tmp/us.json"
check "json: 0x1f escaped" has "$tmp/us.json" '"model":"A\u001fB\u007fC"'
check "json: strict parse of a 0x1f string" python3 -c 'import json,sys; [json.loads(l, strict=True) for l in open(sys.argv[1])]' "$tmp/us.json"
"$cap" -r "$tmp/us.pcapng" >"$tmp/us.txt"
check "text: 0x1f escaped" has "$tmp/us.txt" "model = 'A\\x1fB\\x7fC'"

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
check "truncated still decoded what it could" has "$tmp/trunc.txt" "NEW_SERVER DMS"
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

checks_done
