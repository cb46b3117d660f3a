#!/usr/bin/env bash
# The name-service tracker under load (pcaps/qrtr-ns-flood.pcapng, too big
# for a golden): 3,000 NEW_SERVER from node 0, a DATA frame to DMS at 0:0x101
# (frame 3001), 3,000 DEL_SERVER, a DATA frame to the same port (6002), the
# 3,000 NEW_SERVER again, a BYE from node 0 and a last DATA frame (9004).
# Only the first DATA frame may resolve, in tshark and in qrtr-capture alike;
# tshark must say nothing on stderr. Prints tshark's wall time and peak RSS
# for the file as figures (not checked).
#
# usage: run-flood.sh PLUGIN_SO SCHEMA_DIR CAPTURE QRTR_CAPTURE
set -euo pipefail
plugin=$1 schemas=$2 capture=$3 qrtr_capture=$4
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$capture")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

. "$here/count-checks.sh"

# Every frame once, timed: type and resolved service of each.
all_frames=(env RUN_TSHARK_FILES="$capture" "$here/../run-tshark.sh" "$plugin" "$schemas" -r "@$name" -2
            -T fields -e frame.number -e qrtr.type -e qrtr.service)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f '%e s wall, %M KB peak RSS' -o "$tmp/time" "${all_frames[@]}" >"$tmp/all" 2>"$tmp/err" \
    || { echo "FAIL: tshark exited non-zero:"; cat "$tmp/err"; exit 1; }
  timing=$(cat "$tmp/time")
else
  TIMEFORMAT='%R s wall, peak RSS not measured (no /usr/bin/time)'
  { time "${all_frames[@]}" >"$tmp/all" 2>"$tmp/err"; } 2>"$tmp/time" \
    || { echo "FAIL: tshark exited non-zero:"; cat "$tmp/err"; exit 1; }
  timing=$(cat "$tmp/time")
fi
check "tshark stderr empty" "$(cat "$tmp/err")" ""
check "frames in the file" "$(wc -l <"$tmp/all")" 9004
check "NEW_SERVER / DEL_SERVER / BYE / DATA frames" \
  "$(awk -F'\t' '{n[$2]++} END {printf "%d %d %d %d", n[4], n[5], n[3], n[1]}' "$tmp/all")" "6000 3000 1 3"

# The DATA frames and what they resolve to, through a display filter.
tshark_run "$tmp/data" -Y 'qrtr.type == 1' -T fields -e frame.number -e qrtr.service
check "DATA frames" "$(cut -f1 "$tmp/data" | tr '\n' ' ')" "3001 6002 9004 "
check "frame 3001 (after 3,000 NEW_SERVER) resolves to DMS" "$(awk -F'\t' '$1 == 3001 {print $2}' "$tmp/data")" 2
check "frame 6002 (after the DEL_SERVER storm) unresolved" "$(awk -F'\t' '$1 == 6002 {print $2}' "$tmp/data")" ""
check "frame 9004 (after the BYE) unresolved" "$(awk -F'\t' '$1 == 9004 {print $2}' "$tmp/data")" ""
tshark_run "$tmp/unresolved" -Y 'qrtr.expert.unresolved' -T fields -e frame.number
check "qrtr.expert.unresolved expert on exactly 6002 and 9004" "$(tr '\n' ' ' <"$tmp/unresolved")" "6002 9004 "
tshark_run "$tmp/dms" -Y 'qrtr.service == 2' -T fields -e frame.number -e _ws.col.Info
check "qrtr.service == 2 only on frame 3001, decoded as DMS" "$(cat "$tmp/dms")" "$(printf '3001\tDMS Get IDs Request txn=1')"

# qrtr-capture's decoder resolves the same way.
QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent "$qrtr_capture" -r "$capture" >"$tmp/cap" 2>"$tmp/cap.err" \
  || { echo "FAIL: qrtr-capture -r exited non-zero:"; cat "$tmp/cap.err"; exit 1; }
check "qrtr-capture stderr empty" "$(cat "$tmp/cap.err")" ""
after () { awk -v f="#$1" '$1 == f {getline; sub(/^ +/, ""); print; exit}' "$tmp/cap"; }
check "qrtr-capture: frame 3001 resolves to DMS" "$(after 3001)" "DMS Get IDs Request txn=1 (0x0025)"
check "qrtr-capture: frame 6002 unresolved" "$(after 6002)" \
  "! No service known for this address (its NEW_SERVER is not in the capture)"
check "qrtr-capture: frame 9004 unresolved" "$(after 9004)" \
  "! No service known for this address (its NEW_SERVER is not in the capture)"

echo "figures: tshark -2 on $name ($(stat -c %s "$capture") bytes, 9004 frames): $timing"
exit $fail
