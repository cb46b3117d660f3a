#!/usr/bin/env bash
# The plugin under AddressSanitizer and UndefinedBehaviorSanitizer inside
# tshark, as users run it: tshark itself is not instrumented, so the ASan
# runtime is preloaded (the plugin links it as a shared library), wmem's
# "simple" allocator makes every block its own malloc (the strict one pads
# blocks with canaries, which hide an over-read of a few bytes), and
# extcaps are pointed at an empty folder (they would inherit the preload).
# Runs, with DLT_USER0 given to the qmux dissector throughout (as the goldens do):
#   every capture of PCAP_DIR alone, -2 -V;
#   all of them merged, with -T fields over every schema field and with -Y
#   filters that name schema fields;
#   MUTATIONS editcap -E copies (fixed seeds, round-robin over the captures
#   but the 9,004-frame flood), merged into one file, in the same three ways.
# Any sanitizer report, or tshark exiting non-zero, fails the run; a failing
# mutation run is narrowed down to the copy and seed that fail alone.
# usage: run-asan-tshark.sh PLUGIN_SO SCHEMA_DIR PCAP_DIR [MUTATIONS]
set -uo pipefail
plugin=$1 schemas=$2 pcaps=$3 mutations=${4:-1000}
here=$(cd "$(dirname "$0")" && pwd)
asan_rt=${ASAN_RUNTIME:-$(clang -print-file-name=libclang_rt.asan-x86_64.so)}
[ -f "$asan_rt" ] || { echo "no ASan runtime at $asan_rt"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 755 "$tmp/no-extcaps"
chmod 755 "$tmp"
# RUN_TSHARK_NO_DEBUG: not the strict allocator (canaries hide small
# over-reads) and no abort on a dissector bug: Wireshark 4.0's own Exported
# PDU dissector asserts on some mutated tags (a DISSECTOR_ASSERT, shown as a
# malformed frame without the abort); run-mutations.sh covers dissector bugs.
export RUN_TSHARK_NO_DEBUG=1
export RUN_TSHARK_ENV="LD_PRELOAD=$asan_rt ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 WIRESHARK_DEBUG_WMEM_OVERRIDE=simple \
WIRESHARK_EXTCAP_DIR=$tmp/no-extcaps"
runs=0 failed=0 start=$SECONDS

# tshark on one file: args after the file; fails on a non-zero exit or a report
tshark_asan () { # label file args...
  local label=$1 file=$2; shift 2
  runs=$((runs + 1))
  RUN_TSHARK_FILES="$file" "$here/../run-tshark.sh" "$plugin" "$schemas" \
    -r "@$(basename "$file")" -o 'uat:user_dlts:"User 0 (DLT=147)","qmux","0","","0",""' "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  # a dissector bug in our protocols fails too (Wireshark's own, of the
  # Exported PDU dissector on mutated tags, are only counted)
  if [ $rc -ne 0 ] || grep -qE 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|SUMMARY: (Address|UndefinedBehavior)Sanitizer|Dissector bug, protocol (qrtr|qmux|qmi)[,:]' "$tmp/err"; then
    echo "FAIL: $label: exit $rc"
    if grep -qE 'ERROR: AddressSanitizer|runtime error:|Dissector bug, protocol (qrtr|qmux|qmi)[,:]' "$tmp/err"; then
      grep -E -A40 'ERROR: AddressSanitizer|runtime error:|Dissector bug, protocol (qrtr|qmux|qmi)[,:]' "$tmp/err" | head -60
    else
      tail -n 5 "$tmp/err" "$tmp/out"
    fi
    failed=$((failed + 1))
    return 1
  fi
  local others note=""
  others=$(grep -c 'Dissector bug, protocol exported_pdu' "$tmp/err")
  [ "$others" -gt 0 ] && note="; $others assertions of Wireshark's own Exported PDU dissector"
  echo "ok: $label ($(grep -c '' "$tmp/out") lines$note)"
}

# The schema fields the plugin registers (one per schema field) and filters
# that name them: what -T fields and -Y make tshark render and compare.
RUN_TSHARK_FILES= "$here/../run-tshark.sh" "$plugin" "$schemas" -G fields >"$tmp/fields" 2>"$tmp/err" \
  || { echo "FAIL: tshark -G fields"; cat "$tmp/err"; exit 1; }
mapfile -t schema_fields < <(awk -F'\t' '$1 == "F" && $5 == "qmi" && $3 ~ /^qmi\.[a-z0-9_]+\.[a-z0-9_]+\./ { print $3 }' "$tmp/fields")
echo "schema fields registered: ${#schema_fields[@]}"
[ "${#schema_fields[@]}" -gt 1000 ] || { echo "FAIL: too few schema fields in tshark -G fields"; exit 1; }
field_args=()
for f in "${schema_fields[@]}"; do field_args+=(-e "$f"); done
filters=(
  'qmi.dms.read_user_data.user_data || qmi.dms.write_user_data.user_data'
  'qmi.dms.read_user_data.user_data[0:2] == 41:42 || qmi.dms.read_user_data.user_data contains "XYZ"'
  'qmi.dms.get_ids.imei == "356938035643809" || qmi.dms.get_ids.esn contains "F3"'
  'qmi.nas.get_signal_strength.lte_rsrp < -110 || qmi.nas.get_signal_strength.lte_snr > 100'
  'len(qmi.dms.read_user_data.user_data) > 1000 || qmi.voice.ussd.uss_data_utf16 contains "€"'
)

captures=("$pcaps"/*.pcapng)
# 1. each capture alone
for c in "${captures[@]}"; do
  tshark_asan "$(basename "$c") -2 -V" "$c" -2 -V
done
# 2. all of them in one file: every schema field as a column, filters
mergecap -a -F pcapng -w "$tmp/all.pcapng" "${captures[@]}"
tshark_asan "all captures -T fields (${#schema_fields[@]} fields)" "$tmp/all.pcapng" -2 -T fields "${field_args[@]}"
for f in "${filters[@]}"; do
  tshark_asan "all captures -Y '$f'" "$tmp/all.pcapng" -2 -Y "$f"
done

# 3. mutations
mutable=()
for c in "${captures[@]}"; do [ "$(basename "$c")" = qrtr-ns-flood.pcapng ] || mutable+=("$c"); done
mkdir "$tmp/mut"
for seed in $(seq 1 "$mutations"); do
  c=${mutable[$(( (seed - 1) % ${#mutable[@]} ))]}
  editcap -E 0.05 --seed "$seed" "$c" "$tmp/mut/$(basename "$c" .pcapng)-seed$seed.pcapng" >/dev/null
done
made=$(ls "$tmp/mut" | wc -l)
mergecap -a -F pcapng -w "$tmp/mutated.pcapng" "$tmp/mut"/*.pcapng
frames=$(capinfos -c -M "$tmp/mutated.pcapng" | awk '/Number of packets/ { print $NF }')
echo "mutations: $made copies of ${#mutable[@]} captures (editcap -E 0.05, seeds 1-$mutations), $frames frames"
mut_failed=$failed
tshark_asan "mutations -2 -V" "$tmp/mutated.pcapng" -2 -V
tshark_asan "mutations -T fields" "$tmp/mutated.pcapng" -2 -T fields "${field_args[@]}"
for f in "${filters[@]}"; do
  tshark_asan "mutations -Y '$f'" "$tmp/mutated.pcapng" -2 -Y "$f"
done
if [ "$failed" -gt "$mut_failed" ]; then
  # halve the set of copies until one fails alone (at most ~11 runs)
  echo "narrowing down (-2 -V on halves of the mutated copies)"
  set -- "$tmp/mut"/*.pcapng
  suspects=("$@") keep_runs=$runs keep_failed=$failed
  while [ "${#suspects[@]}" -gt 1 ]; do
    half=$(( ${#suspects[@]} / 2 ))
    first=("${suspects[@]:0:$half}")
    mergecap -a -F pcapng -w "$tmp/half.pcapng" "${first[@]}"
    if tshark_asan "${#first[@]} copies" "$tmp/half.pcapng" -2 -V >/dev/null; then
      suspects=("${suspects[@]:$half}")
    else
      suspects=("${first[@]}")
    fi
  done
  runs=$keep_runs failed=$keep_failed
  echo "  narrowed to $(basename "${suspects[0]}") (editcap -E 0.05 --seed N of that capture; may need the copies before it)"
fi
echo "asan: $((runs - failed)) passed, $failed failed; $made mutations; $((SECONDS - start)) s"
[ "$failed" -eq 0 ]
