#!/usr/bin/env bash
# What tshark shows of the plugin beyond the packet tree, as Wireshark's own
# dissectors show it: address columns, conversation / endpoint tables,
# response times and message counts, Protocol Hierarchy, Decode As, the QMI
# profile's columns and colors, and failures reported on stderr. Each check
# compares exact text.
# usage: run-native.sh PLUGIN_SO SCHEMA_DIR PCAP_DIR PROFILE_DIR
set -uo pipefail
plugin=$1 schemas=$2 pcaps=$3 profiles=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

ts () { # capture, then tshark arguments; stdout and stderr to $tmp/out, $tmp/err
  local c=$1; shift
  RUN_TSHARK_FILES="$pcaps/$c.pcapng" RUN_TSHARK_PROFILES="$profiles" \
    "$here/../run-tshark.sh" "$plugin" "$schemas_in_use" -r "@$c.pcapng" "$@" >"$tmp/out" 2>"$tmp/err"
}
expect () { # name, expected text, actual text
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1)); echo "ok: $1"
  else
    failed=$((failed + 1)); echo "FAIL: $1"; diff <(echo "$2") <(echo "$3") | sed 's/^/  /'
  fi
}
schemas_in_use=$schemas

# Source / Destination: QRTR node:port, QMUX host/modem and client
ts qrtr-qmi -T fields -e _ws.col.Source -e _ws.col.Destination -c 4
expect "QRTR address columns" "$(printf '0:ctrl\tbcast:ctrl\n0:ctrl\tbcast:ctrl\n1:16385\t0:3\n0:3\t1:16385')" "$(cat "$tmp/out")"
ts qmux-exported -T fields -e _ws.col.Source -e _ws.col.Destination -Y 'frame.number == 3 || frame.number == 4 || frame.number == 11'
expect "QMUX address columns" "$(printf 'host client 1\tmodem DMS\nmodem DMS\thost client 1\nmodem DMS\thost all clients')" "$(cat "$tmp/out")"

# Conversations and endpoints
ts qrtr-qmi -qz conv,qrtr
expect "-z conv,qrtr" "1:16385              <-> 0:3                        3 244 bytes       4 240 bytes       7 484 bytes     0.002000000         0.0090
0:ctrl               <-> bcast:ctrl                 0 0 bytes         3 216 bytes       3 216 bytes     0.000000000         0.0100
1:16386              <-> 0:4                        1 72 bytes        1 48 bytes        2 120 bytes     0.004000000         0.0010
1:16387              <-> 0:9                        0 0 bytes         1 60 bytes        1 60 bytes      0.012000000         0.0000" \
  "$(grep '<->' "$tmp/out")"
ts qrtr-qmi -qz endpoints,qrtr # (4.6 writes "484 bytes", earlier releases "484")
expect "-z endpoints,qrtr" "1:16385 7 484 4 240 3 244
0:3 7 484 3 244 4 240
0:ctrl 3 216 3 216 0 0
bcast:ctrl 3 216 0 0 3 216
1:16386 2 120 1 48 1 72
0:4 2 120 1 72 1 48
1:16387 1 60 1 60 0 0
0:9 1 60 0 0 1 60" "$(grep -E '^[0-9b][^ ]*:' "$tmp/out" | tr -s ' ' | sed 's/ bytes//g; s/ $//')"

# Service response time and message counts
ts usbmon-220 -qz qmi,srt
expect "-z qmi,srt" "Index  Message                Calls    Min SRT    Max SRT    Avg SRT    Sum SRT
    4  CTL Allocate CID            1   0.004000   0.004000   0.004000   0.004000
    5  CTL Release CID             1   0.004000   0.004000   0.004000   0.004000
   20  DMS Get manufacturer        1   0.004000   0.004000   0.004000   0.004000
   24  DMS Get IDs                 1   0.004000   0.004000   0.004000   0.004000
   33  DMS Set operating mode      1   0.004000   0.004000   0.004000   0.004000
   70  DMS Swi get current firmware      1   0.004000   0.004000   0.004000   0.004000
  146  NAS Get signal strength      1   0.004000   0.004000   0.004000   0.004000" \
  "$(sed -n '/^Index/,/^====/p' "$tmp/out" | grep -v '^====')"
ts qrtr-qmi -qz qmi,tree
expect "-z qmi,tree" "QMI messages 8
 DMS 6
  Get model 2
   Response 1
    Error: NoEffect 1
   Request 1
  Get IDs 2
   Response 1
    OK 1
   Request 1
  Get manufacturer 1
   Request 1
  Event report 1
   Indication 1
 NAS 2
  Get signal strength 2
   Response 1
    OK 1
   Request 1" "$(sed -n '/^QMI messages/,/^---/p' "$tmp/out" | grep -v '^---' | sed -E 's/^( *[^ ].*[^ ]) +([0-9]+) .*/\1 \2/')"
ts usbmon-220 -qz io,phs
expect "io,phs: every QMI message of usbmon-220 counted" 15 \
  "$(awk '$1 == "qmi" { sub(/frames:/, "", $2); n += $2 } END { print n }' "$tmp/out")"

# listed where tshark lists statistics; Decode As on qrtr.service
ts qrtr-qmi -z help
expect "-z help lists the tables" "     conv,qrtr
     endpoints,qrtr
     qmi,srt
     qmi,tree" "$(grep -E '^ +(conv,qrtr|endpoints,qrtr|qmi,srt|qmi,tree)$' "$tmp/out" "$tmp/err" | cut -d: -f2-)"
RUN_TSHARK_FILES="" "$here/../run-tshark.sh" "$plugin" "$schemas" -G dissector-tables >"$tmp/out" 2>&1
expect "-G dissector-tables: qrtr.service supports Decode As" \
  "$(printf 'qrtr.service\tQRTR service\tFT_UINT32\tBASE_DEC\tQRTR\tDecode As supported')" "$(grep '^qrtr\.' "$tmp/out")"

# the QMI profile: its columns and coloring rules
# (the summary line: the _ws.col.<title> fields are gone after 4.0)
ts usbmon-220 -C QMI -2 -Y 'frame.number == 28 || frame.number == 37'
expect "QMI profile columns" "28 0.027000 2.3.0 → host QMI Device Management Service Set operating mode 1 3 MissingArgument DMS Set operating mode Response txn=3 Error: MissingArgument
37 0.036000 host → 2.3.0 QMI Device Management Service Swi get current firmware 1 4 DMS Swi get current firmware Request txn=4" \
  "$(sed -E 's/^ +//; s/ +/ /g' "$tmp/out")"
ts qrtr-qmi -C QMI -2 --color -T fields -e frame.number -e frame.coloring_rule.name -Y 'frame.number in {1, 4, 7, 9, 10}'
expect "QMI profile coloring rules" "$(printf '1\tQRTR name service\n4\tQMI\n7\tQMI indication\n9\tQMI error response\n10\tQMI unanswered request')" "$(cat "$tmp/out")"
ts malformed -C QMI -2 --color -T fields -e frame.coloring_rule.name -Y 'frame.number == 1'
expect "QMI profile: malformed" "QMI malformed" "$(cat "$tmp/out")"

# failures go to stderr as tshark reports them
mkdir -p "$tmp/schemas"; cp "$schemas"/*.json "$tmp/schemas/"
printf '{\n  "service": "zzz",\n  "qmux": 250,\n  "messages": [ { "name": "x", "id": 1, } ]\n}\n' >"$tmp/schemas/zzz.json"
schemas_in_use=$tmp/schemas
ts qrtr-qmi -c 1
expect "schema error on stderr with file:line" \
  "tshark: QMI schema: SCHEMAS/zzz.json:4:41: a comma before '}': JSON allows no trailing comma" \
  "$(sed -E 's|/tmp/qrtr-tshark\.[^/]+/schemas|SCHEMAS|' "$tmp/err")"
schemas_in_use=$schemas
ts qrtr-qmi -c 1 -o 'qrtr.static_services:0:9=2, 7=x'
expect "unreadable static service reported" \
  'tshark: QRTR preference qrtr.static_services: cannot read "7=x" (want node:port=service[.version[.instance]] or port=service)' \
  "$(cat "$tmp/err")"
ts qrtr-qmi -c 1 -o 'uat:qrtr_static_services:"x","9","2","1","0"'
expect "bad static service row refused" \
  "tshark: Invalid -o flag \"uat:qrtr_static_services:\"x\",\"9\",\"2\",\"1\",\"0\"\": Node \"x\" is not a decimal node number or \"any\"" \
  "$(cat "$tmp/err")"
ts qrtr-qmi -c 1 -o qmi.schema_dir:/nonexistent
expect "schema folder change needs a restart" \
  'tshark: QMI: the schema folder "/nonexistent" is read at start-up; restart to load it (or set QMI_SCHEMA_PATH)' \
  "$(cat "$tmp/err")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
