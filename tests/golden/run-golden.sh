#!/usr/bin/env bash
# Dissects one capture with the built plugin and compares tshark's output
# (normalised) with the checked-in golden file. UPDATE_GOLDENS=1 rewrites
# the golden instead. Anything tshark prints on stderr (warnings, dissector bugs) fails.
#
# usage: run-golden.sh PLUGIN_SO SCHEMA_DIR CAPTURE GOLDEN
set -euo pipefail
plugin=$1 schemas=$2 capture=$3 golden=$4
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

name=$(basename "$capture")
# One golden set serves every Wireshark release: normalise-tshark.py maps
# the releases' presentation differences out of the text (rule by rule, see
# there). A capture whose output differs in a way that cannot be normalised
# honestly has a per-release golden, tests/golden/<major.minor>/<capture>.txt,
# used instead when it exists.
release=$(cat "$(dirname "$plugin")/../wireshark-release")
if [ -f "$here/$release/$(basename "$golden")" ]; then
  golden=$here/$release/$(basename "$golden")
fi

# Two passes (-2) so request/response links and "no response" are final;
# only our layers expanded, and those of the dissectors we hand payloads to
# (SMS, SIM); raw QMUX captures use DLT_USER0, given to the "qmux"
# dissector in Wireshark's own DLT_USER table.
RUN_TSHARK_FILES="$capture" "$here/../run-tshark.sh" "$plugin" "$schemas" \
  -r "@$name" -2 -V -O qrtr,qmux,qmi,tftp,gsm_sms,gsm_sim,ansi_637_trans,ansi_637_tele \
  -o 'uat:user_dlts:"User 0 (DLT=147)","qmux","0","","0",""' >"$out.raw" 2>"$err" || {
  echo "tshark failed on $name:"; cat "$err"; rm -f "$out.raw"; exit 1; }
python3 "$here/normalise-tshark.py" <"$out.raw" >"$out"
rm -f "$out.raw"
if [ -s "$err" ]; then
  echo "tshark wrote to stderr on $name:"; cat "$err"; exit 1
fi
if [ "${UPDATE_GOLDENS:-}" = 1 ]; then
  cp "$out" "$golden"
  echo "updated $golden"
  exit 0
fi
if ! diff -u "$golden" "$out"; then
  echo "FAIL: $name differs from $(basename "$golden") (UPDATE_GOLDENS=1 ctest -L golden to accept)"
  exit 1
fi
echo "ok: $name matches its golden"
