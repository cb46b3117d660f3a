#!/usr/bin/env bash
# The benchmark (figures, not a pass/fail test). Prints, from one run:
#  - tshark's wall time and peak memory on N QMI messages over usbmon and over
#    QRTR, with the plugin and with its protocols disabled (ratio = its cost,
#    printed as "plugin cost on usbmon: 1.12x plain tshark -V CPU time";
#    issue #12's target, <= 1.15x on usbmon, is printed beside it, never judged);
#  - schema load time (what the plugin adds to start-up);
#  - tshark's instructions per message with and without the plugin, and their
#    ratio (callgrind: repeatable on a busy machine);
#  - the walker's instructions per message (callgrind);
#  - the bridge's throughput and added latency (bench/run-bridge-bench.sh).
# usage: [BENCH_RUNS=3] bench/run-bench.sh [BUILD_DIR] [N]   (default build, 1000000)
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

# tshark as users run it: RUN_TSHARK_NO_DEBUG keeps wmem's normal allocators
# (the tests' strict allocator makes every tree item a malloc and would
# measure the debugging aid, not the plugin). The machine is shared and its
# speed drifts by half from one minute to the next, so the two configurations
# run alternately, BENCH_RUNS times each (default 3), and the fastest run of
# each counts: the least disturbed one, and the two minima are taken in the
# same stretch of time.
runs=${BENCH_RUNS:-3}
run_once () { # label, tshark args...  prints "wall cpu MB"
  shift
  RUN_TSHARK_NO_DEBUG=1 /usr/bin/time -f "%e %U %S %M" -o "$out/time" \
    "$top/tests/run-tshark.sh" "$plugin" "$top/schemas" "$@" >/dev/null 2>&1
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 / 1024 }' "$out/time"
}
fastest () { sort -n -k1,1 "$1" | head -n1; }
least_cpu () { sort -n -k2,2 "$1" | head -n1 | cut -d' ' -f2; } # the CPU figure #12 names
# issue #12's target is for the usbmon capture only (over QRTR, with the
# protocols off a frame is one opaque line, so there is no fair baseline)
target_for () { [ "$1" = usbmon ] && echo " (target <= 1.15x)" || true; }

for f in usbmon qrtr; do
  cap="$out/bench-$f.pcapng"
  : >"$out/on" ; : >"$out/off"
  for ((r = 0; r < runs; r++)); do
    run_once on -r "$cap" -V >>"$out/on"
    run_once off -r "$cap" -V --disable-protocol qrtr --disable-protocol qmux --disable-protocol qmi >>"$out/off"
  done
  read -r on_wall on_cpu on_mb < <(fastest "$out/on")
  read -r off_wall off_cpu off_mb < <(fastest "$out/off")
  printf '%-44s %8.2f s wall %8.2f s CPU %6d MB  (fastest of %d)\n' "tshark -V, $f, plugin on" "$on_wall" "$on_cpu" "$on_mb" "$runs"
  printf '%-44s %8.2f s wall %8.2f s CPU %6d MB  (fastest of %d)\n' "tshark -V, $f, qrtr/qmux/qmi disabled" "$off_wall" "$off_cpu" "$off_mb" "$runs"
  printf '%-44s %s\n' "  all runs, on (wall cpu MB):" "$(tr '\n' ';' <"$out/on")"
  printf '%-44s %s\n' "  all runs, off (wall cpu MB):" "$(tr '\n' ';' <"$out/off")"
  awk -v a="$on_wall" -v b="$off_wall" -v c="$on_cpu" -v d="$off_cpu" -v f="$f" \
    'BEGIN { printf "plugin cost on %s: %+.0f%% of tshark wall time, %+.0f%% of its CPU time\n", f, (a / b - 1) * 100, (c / d - 1) * 100 }'
  # issue #12's measure: the ratio of the two CPU times, each the least of
  # its runs (a figure, not a verdict; on this shared machine single runs
  # drift by a third, so read it beside the instruction count below)
  awk -v c="$(least_cpu "$out/on")" -v d="$(least_cpu "$out/off")" -v f="$f" -v runs="$runs" -v t="$(target_for "$f")" \
    'BEGIN { printf "plugin cost on %s: %.2fx plain tshark -V CPU time (fastest of %d)%s\n", f, (d > 0 ? c / d : 0), runs, t }'
done

# The same comparison in instructions, which the machine's load does not
# change: callgrind counts tshark -V on two capture sizes per configuration,
# and the difference over the extra messages is the cost per message (start-up,
# identical in both since the plugin loads either way, cancels out).
if command -v valgrind >/dev/null; then
  small=2000 large=12000
  for m in $small $large; do
    mkdir -p "$out/n$m" && chmod 755 "$out/n$m"
    "$build/bench/gen-bench" "$out/n$m" "$m" >/dev/null
    chmod a+r "$out/n$m"/*.pcapng
  done
  count () { # capture, tshark args...
    local cap=$1; shift
    RUN_TSHARK_NO_DEBUG=1 RUN_TSHARK_WRAPPER="valgrind --tool=callgrind --callgrind-out-file=/dev/null" \
      "$top/tests/run-tshark.sh" "$plugin" "$top/schemas" -r "$cap" -V "$@" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  off_args=(--disable-protocol qrtr --disable-protocol qmux --disable-protocol qmi)
  for f in usbmon qrtr; do
    on_s=$(count "$out/n$small/bench-$f.pcapng") on_l=$(count "$out/n$large/bench-$f.pcapng")
    off_s=$(count "$out/n$small/bench-$f.pcapng" "${off_args[@]}") off_l=$(count "$out/n$large/bench-$f.pcapng" "${off_args[@]}")
    awk -v a="$on_s" -v b="$on_l" -v c="$off_s" -v d="$off_l" -v n=$((large - small)) -v f="$f" 'BEGIN {
      on = (b - a) / n; off = (d - c) / n
      printf "instructions per message, %s, tshark -V (callgrind): %.0f with the plugin, %.0f without: %+.0f%%\n", f, on, off, (on / off - 1) * 100 }'
    awk -v a="$on_s" -v b="$on_l" -v c="$off_s" -v d="$off_l" -v f="$f" -v t="$(target_for "$f")" 'BEGIN {
      printf "plugin cost on %s: %.3fx plain tshark -V instructions per message (callgrind)%s\n", f, (b - a) / (d - c), t }'
  done
fi

"$build/bench/bench-core" "$top/schemas" | sed 's/^/start-up: /'

if command -v valgrind >/dev/null; then
  walk () { valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$build/bench/bench-core" "$top/schemas" walk "$1" \
            2>&1 | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'; }
  base=$(walk 0) many=$(walk 20000)
  echo "walker: $(( (many - base) / 20000 )) instructions per NAS Get Signal Strength response (callgrind)"
fi

# the bridge: throughput with a flooding fake modem, and the latency it adds
"$top/bench/run-bridge-bench.sh" "$build" 200000 2000
