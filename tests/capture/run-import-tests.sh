#!/usr/bin/env bash
# qrtr-capture --import on the logs of tests/capture/logs (records, directions,
# bytes, timestamps and interface names exactly as logs/*.expected, which
# logs/make-logs.py wrote from the frames it put in), every malformed-line
# case with its FILE:LINE message and the exit status; and tshark's view of
# an imported file when the plugin is built.
# usage: run-import-tests.sh QRTR_CAPTURE SCHEMA_DIR [PLUGIN_SO]
set -uo pipefail
cap=$1 schemas=$2 plugin=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
logs=$here/logs
export QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$here/../lib/checks.sh"

same () { diff -u "$1" "$2" >"$tmp/diff" || { head -20 "$tmp/diff"; return 1; }; }
records () { python3 "$here/pcapng-records.py" "$1" | grep -v '^#'; }

for log in qmicli-verbose qmicli-verbose-old mm-journal mm-syslog openwrt-logread mbimcli-verbose uqmi; do
  "$cap" --import "$logs/$log.log" -w "$tmp/$log.pcapng" 2>"$tmp/$log.err"
  check "$log: exit 0" test $? -eq 0
  records "$tmp/$log.pcapng" >"$tmp/$log.records"
  check "$log: records as expected" same "$logs/$log.expected" "$tmp/$log.records"
done
rm -f "$tmp/mode.pcapng"
"$cap" --import "$logs/uqmi.log" -q -w "$tmp/mode.pcapng"
check "a new file is 0600 (an import holds IMSI-class data)" test "$(stat -c %a "$tmp/mode.pcapng")" = 600
check "qmicli summary" has "$tmp/qmicli-verbose.err" \
  "qrtr-capture: $logs/qmicli-verbose.log: 4 messages imported (2 sent, 2 received) from libqmi/libmbim trace; 0 unreadable"
check "uqmi summary names the partial read" has "$tmp/uqmi.err" \
  "7 messages imported (3 sent, 4 received) from uqmi packet dump; 0 unreadable; 1 partial reads skipped"
check "uqmi partial read is said" has "$tmp/uqmi.err" \
  "$logs/uqmi.log:4: note: partial read (20 of 70 bytes); uqmi prints it again once the rest arrives"

# the imported file reads back through -r: QMI inside MBIM too
"$cap" -r "$tmp/openwrt-logread.pcapng" >"$tmp/openwrt.txt"
check "MBIM import decodes" has "$tmp/openwrt.txt" "imei = '359225050039973' [personal]"
"$cap" -r "$tmp/mm-journal.pcapng" --decode=json >"$tmp/journal.json"
check "journal import: 4 JSON lines" test "$(wc -l <"$tmp/journal.json")" -eq 4
check "journal import: time and direction" has "$tmp/journal.json" '"frame":2,"time_us":1719413279381381,"direction":"in","transport":"qmux"'

# every malformed case: FILE:LINE: why, the good block still imported, exit 1
"$cap" --import "$logs/malformed.log" -w "$tmp/bad.pcapng" 2>"$tmp/bad.err"
check "malformed: exit 1" test $? -eq 1
cat >"$tmp/bad.want" <<WANT
$logs/malformed.log:4: data: byte 13 has 1 hex digit, not 2 (odd number of digits?)
$logs/malformed.log:8: length = 14 but the data holds 13 bytes (cut line?)
$logs/malformed.log:10: message block cut short: no data line after its length
$logs/malformed.log:15: data cut short (the line ends in "...")
$logs/malformed.log:19: 4 bytes that are neither a QMUX frame (0x01 first) nor an MBIM message
$logs/malformed.log:23: QMUX length says 14 bytes, the data has 13
$logs/malformed.log:28: data: 'g' in byte 12 is not a hex digit
$logs/malformed.log:30: message block cut short: no length or data line after RAW
qrtr-capture: $logs/malformed.log: 1 messages imported (1 sent, 0 received) from libqmi/libmbim trace; 8 unreadable
WANT
check "malformed: every message" same "$tmp/bad.want" "$tmp/bad.err"
records "$tmp/bad.pcapng" >"$tmp/bad.records"
check "malformed: the good block" same "$logs/malformed.expected" "$tmp/bad.records"

# standard input, --decode without a file, no message at all
"$cap" --import - --decode=text <"$logs/mm-syslog.log" >"$tmp/stdin.txt" 2>"$tmp/stdin.err"
check "stdin: exit 0" test $? -eq 0
check "stdin: decoded" has "$tmp/stdin.txt" "#2 1719413281.512345 modem->host QMUX service=0 client=0 length=23"
check "stdin: CTL named" has "$tmp/stdin.txt" "CTL Allocate CID Response"
check "stdin: named <stdin>" has "$tmp/stdin.err" "qrtr-capture: <stdin>: 2 messages imported"
echo "nothing to see" | "$cap" --import - -q --decode=text >"$tmp/none.txt" 2>"$tmp/none.err"
check "no message: exit 1" test $? -eq 1
check "no message: said" has "$tmp/none.err" "<stdin>: no QMI or MBIM message found"
"$cap" --import /nonexistent.log -w "$tmp/x.pcapng" 2>"$tmp/nofile.err"
check "missing log: exit 1" test $? -eq 1
"$cap" --import "$logs/uqmi.log" -r "$logs/uqmi.log" 2>"$tmp/usage.err"
check "--import with -r: usage error" test $? -eq 2

# import and redact in one step
"$cap" --import "$logs/qmicli-verbose.log" --redact --redact-key k1 -w "$tmp/red.pcapng" 2>"$tmp/red.err"
check "import+redact: exit 0" test $? -eq 0
check "import+redact: summary" has "$tmp/red.err" "replaced imei 1, other 2"
python3 "$here/pcapng-records.py" "$tmp/red.pcapng" >"$tmp/red.records"
check "import+redact: comment" has "$tmp/red.records" "# Redacted by qrtr-capture --redact: replaced imei 1, other 2"
check "import+redact: IMEI gone" test "$(grep -c 333539323235303530303339393733 "$tmp/red.records")" -eq 0
check "import+redact: same record count" test "$(grep -vc '^#' "$tmp/red.records")" -eq 4

if [ -n "$plugin" ] && command -v tshark >/dev/null; then
  RUN_TSHARK_FILES="$tmp/openwrt-logread.pcapng $tmp/mm-journal.pcapng" \
    "$here/../run-tshark.sh" "$plugin" "$schemas" -r @openwrt-logread.pcapng -Y mbim \
      -T fields -e frame.interface_name -e mbim.control.header.message_type -e qmi.dms.get_ids.imei >"$tmp/tshark.txt" 2>&1
  check "tshark: MBIM messages on /dev/cdc-wdm0" test "$(grep -c '^/dev/cdc-wdm0' "$tmp/tshark.txt")" -eq 4
  check "tshark: IMEI inside MBIM" has "$tmp/tshark.txt" "359225050039973"
  RUN_TSHARK_FILES="$tmp/mm-journal.pcapng" \
    "$here/../run-tshark.sh" "$plugin" "$schemas" -r @mm-journal.pcapng -T fields -e frame.interface_name \
      -e frame.time_epoch -e qmux.service >"$tmp/tshark2.txt" 2>&1
  check "tshark: interfaces named after the devices" has "$tmp/tshark2.txt" "qrtr://0"
  check "tshark: log timestamps" has "$tmp/tshark2.txt" "1719413279.381381000"
fi

checks_done
