#!/bin/sh
# The libqmi differential test: sample frames of every QMUX schema message,
# decoded by the project and by libqmi, compared per TLV (compare.py).
# usage: run-differential.sh LIBQMI-SAMPLES PYTHON3 SOURCE-DIR SCHEMA-DIR WORK-DIR
set -eu
samples=$1 python=$2 src=$3 schemas=$4 work=$5
"$samples" "$schemas" > "$work/libqmi-samples.jsonl"
exec "$python" "$src/compare.py" --known "$src/known-differences.txt" "$work/libqmi-samples.jsonl"
