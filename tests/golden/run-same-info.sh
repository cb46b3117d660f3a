#!/usr/bin/env bash
# The plugin's Info column and qrtr-capture's text line say the same about
# every QRTR control packet (wire_qrtr_ctrl_summary) and every QMI message
# whose header could be read (wire_qmi_summary, wire_qmi_result_summary):
# the frame number and the summary, one line per packet, compared whole.
# qrtr-capture adds the message id and the error's number, left out here.
# usage: run-same-info.sh PLUGIN_SO SCHEMA_DIR PCAP_DIR QRTR_CAPTURE
set -uo pipefail
plugin=$1 schemas=$2 pcaps=$3 qrtr_capture=$4
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

for name in qrtr-ctrl-v1 qrtr-ctrl-v2 qrtr-kernel-services qrtr-qmi malformed fidelity usbmon-220 qmux-exported; do
  capture=$pcaps/$name.pcapng
  # the summary line with two columns (the _ws.col.<title> fields differ
  # between releases); control packets whose payload holds a command, QMI
  # messages whose header holds an id
  RUN_TSHARK_FILES="$capture" "$here/../run-tshark.sh" "$plugin" "$schemas" -r "@$name.pcapng" \
    -o 'gui.column.format:"No.","%m","Info","%i"' -Y 'qrtr.ctrl || qmi.msg_id' 2>"$tmp/err" |
    sed -E 's/^ *([0-9]+) /\1\t/' >"$tmp/tshark"
  # qrtr-capture: the line after a frame's head line (not a problem line,
  # nor the note on an unresolved QRTR address), without " (0x0025)" and
  # the " (26)" after an error's name
  QMI_SCHEMA_PATH=$schemas XDG_DATA_HOME=/nonexistent "$qrtr_capture" -r "$capture" 2>>"$tmp/err" |
    awk '/^#/ { frame = substr($1, 2); next }
         frame && /^  [^ !(]/ { sub(/^  /, ""); print frame "\t" $0; frame = "" }' |
    sed -E 's/ \(0x[0-9a-f]{4}\)//; s/( Error: [A-Za-z0-9_]+) \([0-9]+\)$/\1/' >"$tmp/cap"
  if [ -s "$tmp/tshark" ] && cmp -s "$tmp/tshark" "$tmp/cap" && [ ! -s "$tmp/err" ]; then
    passed=$((passed + 1)); echo "ok: $name: $(wc -l <"$tmp/cap") packets, the same words"
  else
    failed=$((failed + 1)); echo "FAIL: $name (< tshark, > qrtr-capture)"
    diff "$tmp/tshark" "$tmp/cap" | sed 's/^/  /'; sed 's/^/  stderr: /' "$tmp/err"
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
