#!/usr/bin/env bash
# qrtr-capture --redact on a capture of every carrier (Exported PDU qmux and
# qrtr, MBIM, usbmon 220 and 189, DLT_USER) and on the personal-data
# captures: only the personal values change (every other decoded line and
# every record length stays), none of the originals is left in the file in
# any encoding, the same value gets the same pseudonym in every encoding, the
# file says what was replaced; --keep, keys, classic pcap, bad input.
# usage: run-redact-tests.sh QRTR_CAPTURE SCHEMA_DIR PCAP_DIR [PLUGIN_SO]
set -uo pipefail
cap=$1 schemas=$2 pcaps=$3 plugin=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
export QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../lib/checks.sh"

records () { python3 "$here/pcapng-records.py" "$1"; }
# every line that differs between the two decodes is a personal value, and
# as many differ as there are personal values replaced (n)
only_personal () {
  diff "$1" "$2" | grep '^[<>]' >"$tmp/d"
  if grep -v '\[personal\]' "$tmp/d" | grep -q .; then grep -v '\[personal\]' "$tmp/d" | head -5; return 1; fi
  [ "$(grep -c '^>' "$tmp/d")" -eq "$3" ] || { echo "  $(grep -c '^>' "$tmp/d") lines differ, expected $3"; return 1; }
}
same_lengths () { # records keep their count and lengths
  records "$1" | grep -v '^#' | awk -F'\t' '{print $1, $2, $3, $4, length($5)}' >"$tmp/l1"
  records "$2" | grep -v '^#' | awk -F'\t' '{print $1, $2, $3, $4, length($5)}' >"$tmp/l2"
  cmp -s "$tmp/l1" "$tmp/l2"
}

# the ordinary captures: an IMEI and two other device ids in each carrier
# (mbim-qmi has two modems' sessions)
for f in example qmux-exported qrtr-qmi mbim-qmi usbmon-220 usbmon-189 dlt-user-qmux; do
  what="imei 1, other 2" lines=3
  [ "$f" = mbim-qmi ] && what="imei 2, other 4" lines=6
  "$cap" --redact --redact-key test -r "$pcaps/$f.pcapng" -w "$tmp/$f.pcapng" 2>"$tmp/$f.err"
  check "$f: exit 0" test $? -eq 0
  check "$f: summary" has "$tmp/$f.err" "replaced $what"
  "$cap" -r "$pcaps/$f.pcapng" >"$tmp/$f.before"
  "$cap" -r "$tmp/$f.pcapng" >"$tmp/$f.after"
  check "$f: only the $lines personal lines change" only_personal "$tmp/$f.before" "$tmp/$f.after" "$lines"
  check "$f: records and lengths kept" same_lengths "$pcaps/$f.pcapng" "$tmp/$f.pcapng"
  records "$tmp/$f.pcapng" >"$tmp/$f.records"
  check "$f: no IMEI left" lacks_any_case "$tmp/$f.records" "333536393338303335363433383039"   # "356938035643809"
  check "$f: no ESN left" lacks_any_case "$tmp/$f.records" "3830463332423132"                   # "80F32B12"
  check "$f: comment" has "$tmp/$f.records" "# Redacted by qrtr-capture --redact: replaced $what"
done
check "IMEI pseudonym passes Luhn" python3 - "$tmp/example.after" <<'PY'
import re, sys
imei = re.search(r"imei = '(\d{15})'", open(sys.argv[1]).read()).group(1)
s = sum(int(d) if i % 2 == 0 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d)) for i, d in enumerate(imei))
sys.exit(0 if s % 10 == 0 and imei != "356938035643809" else 1)
PY
check "ESN stays hex, upper case" grep -qE "esn = '[0-9A-F]{8}' \[personal\]" "$tmp/example.after"
check "same key, same pseudonyms across carriers" \
  test "$(grep -h "imei = " "$tmp"/{example,usbmon-220,qrtr-qmi,mbim-qmi}.after | sort -u | wc -l)" -eq 1

# every personal kind, as Exported PDU and inside usbmon with the serial number
for f in personal-qmux personal-usbmon; do
  "$cap" --redact --redact-key test -r "$pcaps/$f.pcapng" -w "$tmp/$f.pcapng" 2>"$tmp/$f.err"
  check "$f: exit 0" test $? -eq 0
  check "$f: records and lengths kept" same_lengths "$pcaps/$f.pcapng" "$tmp/$f.pcapng"
  records "$tmp/$f.pcapng" >"$tmp/$f.records"
  check "$f: no MSISDN (ASCII)" lacks_any_case "$tmp/$f.records" "2b34393137363132333435363738"
  check "$f: no MSISDN (BCD)" lacks_any_case "$tmp/$f.records" "947116325476f8"
  check "$f: no IMSI" lacks_any_case "$tmp/$f.records" "323632303131323334353637383930"
  check "$f: no ICCID (ASCII)" lacks_any_case "$tmp/$f.records" "3839343932323630303030313233343536373839"
  check "$f: no ICCID (BCD)" lacks_any_case "$tmp/$f.records" "98942206001032547698"
  check "$f: no SMSC (BCD)" lacks_any_case "$tmp/$f.records" "94712207"
  check "$f: no SMS text (GSM 7-bit 'Meet me')" lacks_any_case "$tmp/$f.records" "cd72990e6a97"
  check "$f: no SMS text (UCS-2)" lacks_any_case "$tmp/$f.records" "041f04400438"
  check "$f: no position" lacks_any_case "$tmp/$f.records" "408a0b00"
  "$cap" -r "$tmp/$f.pcapng" --decode=json >"$tmp/$f.json"
  check "$f: same ICCID, same pseudonym in ASCII and BCD; same number in DMS and SMS" python3 - "$tmp/$f.json" <<'PY'
import json, sys
msgs = [json.loads(l) for l in open(sys.argv[1])]
tlvs = {m["frame"]: m["tlvs"] for m in msgs}
ascii_iccid = [t["iccid"] for t in tlvs.values() if t and "iccid" in t][0]
slot = [t for t in tlvs.values() if t and "physical_slot_status" in t][0]
bcd_iccid = slot["physical_slot_status"][0]["iccid"]  # BCD digits, as qmicli prints them
msisdn = [t["msisdn"] for t in tlvs.values() if t and "msisdn" in t][0]
sms = [t["raw_message_data"]["raw_data"] for t in tlvs.values() if t and "raw_message_data" in t and "message_tag" in t["raw_message_data"]][0]
sms = bytes.fromhex(sms) if isinstance(sms, str) else bytes(sms)  # bytes (hex) or a u8 array
oa = "".join("%d%d" % (x & 15, x >> 4) for x in sms[11:18])[:13]
ok = ascii_iccid == bcd_iccid and ascii_iccid != "89492260000123456789" and msisdn[1:] == oa and oa != "4917612345678"
print("  ICCID %s / %s, MSISDN %s / SMS sender %s" % (ascii_iccid, bcd_iccid, msisdn, oa))
sys.exit(0 if ok else 1)
PY
done
check "personal-qmux: summary" has "$tmp/personal-qmux.err" \
  "replaced imsi 1, iccid 2, msisdn 1, sms 5, position 2 (pseudonyms of the same length and format"
check "personal-usbmon: the serial number counted" has "$tmp/personal-usbmon.err" "position 2, usb-serial 1"
check "usbmon: serial number gone" lacks_any_case "$tmp/personal-usbmon.records" "4c0046003700330031003200"     # "LF7312" in UTF-16LE
check "usbmon: manufacturer kept" has "$tmp/personal-usbmon.records" "53006900650072007200610020005700"  # "Sierra W"
check "usbmon: product kept" has "$tmp/personal-usbmon.records" "45004d0037003400350035"            # "EM7455"
"$cap" -r "$pcaps/personal-qmux.pcapng" >"$tmp/pq.before"
"$cap" -r "$tmp/personal-qmux.pcapng" >"$tmp/pq.after"
diff "$tmp/pq.before" "$tmp/pq.after" | grep '^>' | grep -v '\[personal\]' | grep -vE '^> +\[[0-9]+\] = [0-9]+$' >"$tmp/pq.other"
check "personal-qmux: nothing but personal values and personal bytes changes" test ! -s "$tmp/pq.other"

# --keep, keys
"$cap" --redact --redact-key test --keep sms --keep imsi -r "$pcaps/personal-qmux.pcapng" -w "$tmp/keep.pcapng" 2>"$tmp/keep.err"
check "--keep: summary" has "$tmp/keep.err" "replaced iccid 2, msisdn 1, position 2 (pseudonyms of the same length and format; same value, same pseudonym within this file). Kept: imsi, sms."
records "$tmp/keep.pcapng" >"$tmp/keep.records"
check "--keep sms: the SMS text stays" has "$tmp/keep.records" "cd72990e6a97"
check "--keep imsi: the IMSI stays" has "$tmp/keep.records" "323632303131323334353637383930"
"$cap" --redact --keep phone -r "$pcaps/example.pcapng" -w "$tmp/x.pcapng" 2>/dev/null
check "--keep unknown kind: usage error" test $? -eq 2
"$cap" --redact --redact-key test -r "$pcaps/example.pcapng" -w "$tmp/again.pcapng" -q
check "same key: same file" cmp -s "$tmp/example.pcapng" "$tmp/again.pcapng"
"$cap" --redact -q -r "$pcaps/example.pcapng" -w "$tmp/rand1.pcapng"
"$cap" --redact -q -r "$pcaps/example.pcapng" -w "$tmp/rand2.pcapng"
differ () { ! cmp -s "$1" "$2"; }
check "random key per run: other pseudonyms" differ "$tmp/rand1.pcapng" "$tmp/rand2.pcapng"
"$cap" --redact -r "$pcaps/example.pcapng" 2>/dev/null
check "--redact without -w: usage error" test $? -eq 2
"$cap" --redact -r - -w - -q --redact-key test <"$pcaps/qrtr-qmi.pcapng" >"$tmp/pipe.pcapng"
check "stdin to stdout" cmp -s "$tmp/pipe.pcapng" "$tmp/qrtr-qmi.pcapng"
printf 'not a capture' >"$tmp/junk"
"$cap" --redact -r "$tmp/junk" -w "$tmp/junk.pcapng" 2>"$tmp/junk.err"
check "not a capture: exit 1" test $? -eq 1
check "not a capture: said" has "$tmp/junk.err" "not a pcap or pcapng file"
head -c 300 "$pcaps/example.pcapng" >"$tmp/cut.pcapng"
"$cap" --redact -r "$tmp/cut.pcapng" -w "$tmp/cut-out.pcapng" 2>"$tmp/cut.err"
check "cut capture: exit 1" test $? -eq 1
check "cut capture: said" has "$tmp/cut.err" "is broken"

# classic pcap in, pcapng (with the comment) out
if command -v editcap >/dev/null; then
  editcap -F pcap "$pcaps/qmux-exported.pcapng" "$tmp/classic.pcap" 2>/dev/null
  "$cap" --redact --redact-key test -r "$tmp/classic.pcap" -w "$tmp/classic-red.pcapng" 2>"$tmp/classic.err"
  check "classic pcap: exit 0" test $? -eq 0
  check "classic pcap: redacted" has "$tmp/classic.err" "replaced imei 1, other 2"
  "$cap" -r "$tmp/classic-red.pcapng" >"$tmp/classic.after"
  check "classic pcap: same pseudonyms as pcapng" cmp -s "$tmp/classic.after" "$tmp/qmux-exported.after"
fi

if [ -n "$plugin" ] && command -v tshark >/dev/null; then
  RUN_TSHARK_FILES="$tmp/personal-usbmon.pcapng" "$here/../run-tshark.sh" "$plugin" "$schemas" \
    -r @personal-usbmon.pcapng -Y 'qmi.dms.uim_get_imsi.imsi' -T fields -e qmi.dms.uim_get_imsi.imsi -e frame.interface_name \
    >"$tmp/tshark.txt" 2>&1
  check "tshark reads the redacted usbmon capture" grep -qE '^[0-9]{15}' "$tmp/tshark.txt"
  check "tshark: no original IMSI" lacks_any_case "$tmp/tshark.txt" "262011234567890"
  RUN_TSHARK_FILES="$tmp/personal-usbmon.pcapng" "$here/../run-tshark.sh" "$plugin" "$schemas" \
    -r @personal-usbmon.pcapng -Y 'usb.bDescriptorType == 3' -T fields -e usb.bString >"$tmp/strings.txt" 2>&1
  check "tshark: product string intact" has "$tmp/strings.txt" "EM7455"
  check "tshark: serial string replaced" lacks_any_case "$tmp/strings.txt" "LF73123456010203"
  # Wireshark's own SMS dissector (the plugin hands WMS raw data to gsm_sms)
  # still reads the redacted SMS: same lengths, other text and numbers
  RUN_TSHARK_FILES="$tmp/personal-qmux.pcapng" "$here/../run-tshark.sh" "$plugin" "$schemas" \
    -r @personal-qmux.pcapng -Y gsm_sms -T fields -e gsm_sms.sms_text -e gsm_sms.tp-oa -e gsm_sms.tp-da \
    >"$tmp/sms.txt" 2>&1
  check "tshark: two SMS decode after redaction" test "$(grep -c . "$tmp/sms.txt")" -eq 2
  check "tshark: GSM 7-bit text replaced, same length" python3 - "$tmp/sms.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
deliver, submit = lines[0].split("\t"), lines[1].split("\t")
ok = (len(deliver[0]) == len("Meet me at 7, Anna") and deliver[0] != "Meet me at 7, Anna" and deliver[0][4] == " "
      and len(submit[0]) == len("Привет, Anna") and submit[0].endswith(submit[0][-4:]) and "Привет" not in submit[0]
      and deliver[1] == submit[2] and len(deliver[1]) == 13 and deliver[1] != "4917612345678")
print("  " + " | ".join(lines))
sys.exit(0 if ok else 1)
PY
fi

checks_done
