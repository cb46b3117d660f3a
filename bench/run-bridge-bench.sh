#!/usr/bin/env bash
# Bridge throughput and added latency (figures, not pass/fail): the fake modem
# floods N indications, read once directly from the modem's port and once
# through qrtr-capture's bridge (which also records them); then M CTL Sync
# round trips each way. Loss is reported (received vs sent, and what the
# capture holds).
# usage: bench/run-bridge-bench.sh [BUILD_DIR] [N] [M]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build} n=${2:-200000} m=${3:-2000}
tmp=$(mktemp -d /tmp/qrtr-bridge-bench.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
export QMI_SCHEMA_PATH=$top/schemas XDG_DATA_HOME=/nonexistent
client=$top/bench/bridge-client.py
wait_for () { for _ in $(seq 100); do [ -e "$1" ] && return 0; sleep 0.1; done; echo "$1 never appeared" >&2; exit 1; }

modem () { # link, extra options
  local link=$1; shift
  "$build/capture/qmi-fake-modem" --link "$link" "$@" 2>/dev/null &
  pids+=($!)
  wait_for "$link"
}

modem "$tmp/direct" --flood "$n"
read -r got secs rate < <(python3 "$client" flood "$tmp/direct" "$n")
echo "bridge: direct from the fake modem: $got of $n indications in $secs s = $rate messages/s"

modem "$tmp/modem" --flood "$n"
"$build/capture/qrtr-capture" -i "bridge:$tmp/modem" --bridge-link "$tmp/qmi" -w "$tmp/flood.pcapng" -q &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi"
read -r got2 secs2 rate2 < <(python3 "$client" flood "$tmp/qmi" "$n")
kill -INT $bridge; wait $bridge || true
recorded=$("$build/capture/qrtr-capture" -r "$tmp/flood.pcapng" --decode=json | wc -l)
echo "bridge: through the bridge, recording: $got2 of $n indications in $secs2 s = $rate2 messages/s; capture holds $recorded messages (1 request + 1 response + $n indications expected)"

modem "$tmp/modem2"
lat_direct=$(python3 "$client" latency "$tmp/modem2" "$m")
"$build/capture/qrtr-capture" -i "bridge:$tmp/modem2" --bridge-link "$tmp/qmi2" -w "$tmp/lat.pcapng" -q &
bridge=$!; pids+=($bridge)
wait_for "$tmp/qmi2"
lat_bridge=$(python3 "$client" latency "$tmp/qmi2" "$m")
kill -INT $bridge; wait $bridge || true
echo "bridge: round trip (CTL Sync, mean of $m): direct $lat_direct us, through the bridge $lat_bridge us, added $((lat_bridge - lat_direct)) us"
