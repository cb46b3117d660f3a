#!/usr/bin/env bash
# The walker's item budget through both front ends (pcaps/item-budget.pcapng,
# checked by count: a golden of it would be 20,000 lines). Frame 2 is a UIM
# Refresh indication of 21,842 files, each three items (the file, file_id,
# path) after six of the TLV (event, stage, mode, session_type,
# application_identifier, files). With WIRE_WALK_MAX_ITEMS 20000 the walk
# shows files [0] to [6664], the file_id of [6664] being item 20,000, and
# stops before its path with one "more than 20000 items" problem, at byte
# 20,003 of the TLVs (3 + 6 + 6664 * 3 + 2).
#
# usage: run-item-budget.sh PLUGIN_SO SCHEMA_DIR CAPTURE QRTR_CAPTURE
set -euo pipefail
plugin=$1 schemas=$2 capture=$3 qrtr_capture=$4
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$capture")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

. "$here/count-checks.sh"

# How many of each field frame 2 shows (-T fields joins occurrences with ',').
tshark_run "$tmp/fields" -Y 'frame.number == 2' -T fields -E occurrence=a \
  -e qmi.uim.refresh.event.files -e qmi.uim.refresh.event.files.item \
  -e qmi.uim.refresh.event.files.file_id -e qmi.uim.refresh.event.files.path
occurrences () { awk -F'\t' -v c="$1" '{ print $c == "" ? 0 : split($c, a, ",") }' "$tmp/fields"; }
check "tshark: one files array" "$(occurrences 1)" 1
check "tshark: files [0] to [6664] shown" "$(occurrences 2)" 6665
check "tshark: 6665 file_id values" "$(occurrences 3)" 6665
check "tshark: 6664 path values (the last file's is past the budget)" "$(occurrences 4)" 6664
tshark_run "$tmp/limit" -Y qmi.expert.limit -T fields -e frame.number
check "tshark: qmi.expert.limit on frame 2 only" "$(tr '\n' ' ' <"$tmp/limit")" "2 "
tshark_run "$tmp/tree" -V -O qmi
check "tshark: the budget's expert info, once" \
  "$(grep -c '^ *\[Expert Info (Warning/Malformed): more than 20000 items in one message\]$' "$tmp/tree")" 1
check "tshark: the last file shown" "$(grep -E '^ +\[[0-9]+\]$' "$tmp/tree" | tail -1 | tr -d ' ')" "[6664]"

# qrtr-capture's decoder stops at the same item, with the same words.
QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent "$qrtr_capture" -r "$capture" >"$tmp/cap" 2>"$tmp/cap.err" \
  || { echo "FAIL: qrtr-capture -r exited non-zero:"; cat "$tmp/cap.err"; exit 1; }
check "qrtr-capture stderr empty" "$(cat "$tmp/cap.err")" ""
check "qrtr-capture: 6665 file_id lines" "$(grep -c '^ *file_id = ' "$tmp/cap")" 6665
check "qrtr-capture: 6664 path lines" "$(grep -c '^ *path = ' "$tmp/cap")" 6664
check "qrtr-capture: the last file shown" "$(grep -E '^ +\[[0-9]+\]:$' "$tmp/cap" | tail -1 | tr -d ' ')" "[6664]:"
check "qrtr-capture: the budget's problem line, once" \
  "$(grep -c '^ *! more than 20000 items in one message (at byte 20003 of the TLVs)$' "$tmp/cap")" 1
exit $fail
