#!/usr/bin/env bash
# Nothing the plugin allocates for one packet outlives it when a Wireshark
# exception unwinds through the dissector mid-message. The exception is
# forced with tshark's tree item limit (-o gui.max_tree_items:N): adding the
# N+1st item throws, wherever that falls (a QMI header line, a TLV's
# length, a field in the middle of a TLV, a hand-off to gsm_sms). The plugin
# works on the captured bytes only, so a truncated frame throws nowhere in
# it; the item limit is the exception a user does meet (hostile captures).
# Each frame has its own item count, so one limit lands the exception at a
# different place in every frame; the limits below move it across them.
#
# Under ASan with LeakSanitizer on, glib's slice allocator off (a GString
# from a slice cache would count as reachable) and wmem's simple allocator
# (every block a malloc of its own, freed with the packet's pool). Wireshark
# itself leaks at exit, and so do the plugin's registration tables (hf
# arrays Wireshark keeps until it exits): a leak fails the test only when
# its allocation stack passes through a function that runs per packet.
# The sanitizer build links the plugin with -z nodelete so its frames keep
# their names after Wireshark unloads plugins at exit.
# usage: run-leak-check.sh PLUGIN_SO SCHEMA_DIR PCAP_DIR
set -uo pipefail
plugin=$1 schemas=$2 pcaps=$3
here=$(cd "$(dirname "$0")" && pwd)
asan_rt=${ASAN_RUNTIME:-$(clang -print-file-name=libclang_rt.asan-x86_64.so)}
[ -f "$asan_rt" ] || { echo "no ASan runtime at $asan_rt"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 755 "$tmp/no-extcaps"
chmod 755 "$tmp"
export RUN_TSHARK_NO_DEBUG=1
# slow (DWARF) unwinding: Debian's glib and libwireshark have no frame
# pointers; 10 frames reach from malloc through glib into the plugin
export RUN_TSHARK_ENV="LD_PRELOAD=$asan_rt \
ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=10:abort_on_error=0 \
G_SLICE=always-malloc WIRESHARK_DEBUG_WMEM_OVERRIDE=simple WIRESHARK_EXTCAP_DIR=$tmp/no-extcaps"

# QMUX with CTL and DMS, hand-offs to gsm_sms and gsm_sim, QMI over QRTR,
# and the walker's malformations
captures=(qmux-exported qmux-handoffs qrtr-qmi malformed)
files=()
for c in "${captures[@]}"; do files+=("$pcaps/$c.pcapng"); done
mergecap -a -F pcapng -w "$tmp/all.pcapng" "${files[@]}" || exit 1

# the functions of dissector/ and wire/ that run per packet
per_packet=' in (dissect_[a-z0-9_]+|qmi_schema_dissect_tlvs|on_[a-z_]+|add_[a-z_]+|wire_walk_[a-z_]+|walk_[a-z_]+|decode_[a-z0-9_]+|problem|qmi_handoff_dissect|call_guarded|set_qmux_addresses|match_transaction|link_pending_requests|qmi_tree_packet|qmi_srt_packet|wire_render_[a-z_]+|wire_sms_address_read) [^ ]*/(dissector|wire)/'

failed=0
# (below 40 the frame layer, outside any dissector, meets the limit and tshark aborts)
for limit in 40 50 70 90; do
  RUN_TSHARK_FILES="$tmp/all.pcapng" "$here/../run-tshark.sh" "$plugin" "$schemas" \
    -r @all.pcapng -o 'uat:user_dlts:"User 0 (DLT=147)","qmux","0","","0",""' \
    -2 -V -o "gui.max_tree_items:$limit" >"$tmp/out" 2>"$tmp/err"
  thrown=$(grep -c 'Dissector bug, protocol \(QMI\|QMUX\|QRTR\)[^:]*: Adding .* would put more than' "$tmp/err")
  mid_tlv=$(grep -c 'Dissector bug, protocol QMI[^:]*: Adding qmi\.\(tlv\.\|[a-z0-9_]*\.[a-z0-9_]*\.\)' "$tmp/err")
  if ! grep -q 'ERROR: LeakSanitizer' "$tmp/err"; then
    # Wireshark's own exit-time leaks are always there: no report means no LSan
    echo "FAIL: limit $limit: no LeakSanitizer report at all (is the ASan runtime preloaded?)"
    tail -n 5 "$tmp/err"
    failed=$((failed + 1))
    continue
  fi
  # one leak report per paragraph: "Direct leak of ..." and its stack
  awk -v re="$per_packet" 'BEGIN { RS = ""; FS = "\n" }
    /leak of/ { for (i = 2; i <= NF; i++) if ($i ~ /^ *#/ && $i ~ re) { print; print ""; break } }' \
    "$tmp/err" | sed 's/ (BuildId: [0-9a-f]*)//' >"$tmp/ours"
  leaks=$(grep -c 'leak of' "$tmp/ours")
  if [ "$thrown" -eq 0 ] || [ "$leaks" -ne 0 ] || grep -q 'ERROR: AddressSanitizer\|runtime error:' "$tmp/err"; then
    echo "FAIL: limit $limit: $thrown exceptions ($mid_tlv inside a TLV), $leaks leaks from per-packet code"
    head -n 60 "$tmp/ours"
    grep -A30 'ERROR: AddressSanitizer\|runtime error:' "$tmp/err" | head -40
    failed=$((failed + 1))
  else
    echo "ok: limit $limit: $thrown exceptions ($mid_tlv inside a TLV), no leak from per-packet code"
  fi
done
[ "$failed" -eq 0 ]
