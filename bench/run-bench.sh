#!/usr/bin/env bash
# The benchmark (figures, not a pass/fail test). Prints, from one run:
#  - tshark's wall time and peak memory on N QMI messages over usbmon and over
#    QRTR, with the plugin and with its protocols disabled (ratio = its cost);
#  - schema load time (what the plugin adds to start-up);
#  - the walker's instructions per message (callgrind: repeatable on a busy machine);
#  - the bridge's throughput and added latency (bench/run-bridge-bench.sh).
# usage: bench/run-bench.sh [BUILD_DIR] [N]   (default build, 1000000)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build} n=${2:-1000000}
out=$(mktemp -d /tmp/qrtr-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
chmod 755 "$out"

cmake --build "$build" --target qrtr-plugin gen-bench bench-core qrtr-capture qmi-fake-modem >/dev/null
plugin=$(find "$build" -name qrtr.so -path '*plugin-dir*' | head -n1)
echo "generating $n messages into $out ..."
"$build/bench/gen-bench" "$out" "$n" >/dev/null
chmod a+r "$out"/*.pcapng

measure () { # label, tshark args...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$out/time" "$top/tests/run-tshark.sh" "$plugin" "$top/schemas" "$@" >/dev/null 2>&1
  read -r secs kb <"$out/time"
  printf '%-44s %8.2f s %8d MB\n' "$label" "$secs" "$((kb / 1024))"
  echo "$secs"
}

for f in usbmon qrtr; do
  cap="$out/bench-$f.pcapng"
  with=$(measure "tshark -V, $f, plugin on" -r "$cap" -V | tee /dev/stderr | tail -n1)
  without=$(measure "tshark -V, $f, qrtr/qmux/qmi disabled" -r "$cap" -V --disable-protocol qrtr \
            --disable-protocol qmux --disable-protocol qmi | tee /dev/stderr | tail -n1)
  awk -v a="$with" -v b="$without" -v f="$f" 'BEGIN { printf "plugin cost on %s: %.0f%% of tshark time\n", f, (a / b - 1) * 100 }'
done 2>&1 | grep -v '^[0-9.]*$'

"$build/bench/bench-core" "$top/schemas" | sed 's/^/start-up: /'

if command -v valgrind >/dev/null; then
  walk () { valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$build/bench/bench-core" "$top/schemas" walk "$1" \
            2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
  base=$(walk 0) many=$(walk 20000)
  echo "walker: $(( (many - base) / 20000 )) instructions per NAS Get Signal Strength response (callgrind)"
fi

# the bridge: throughput with a flooding fake modem, and the latency it adds
"$top/bench/run-bridge-bench.sh" "$build" 200000 2000
