# Sourced by the count-checked capture tests (run-flood.sh, run-item-budget.sh):
# captures too big for a golden, checked by values. The caller sets plugin,
# schemas, capture, here, name, tmp and fail=0 first; its exit status is $fail.

check () { # description, got, expected
  if [ "$2" = "$3" ]; then
    echo "ok: $1"
  else
    echo "FAIL: $1: got '$2', expected '$3'"
    fail=1
  fi
}

tshark_run () { # output file, tshark args...: tshark -2 on the capture, nothing on stderr
  local out=$1; shift
  RUN_TSHARK_FILES="$capture" "$here/../run-tshark.sh" "$plugin" "$schemas" -r "@$name" -2 "$@" \
    >"$out" 2>"$tmp/err" || { echo "FAIL: tshark $* exited non-zero:"; cat "$tmp/err"; exit 1; }
  if [ -s "$tmp/err" ]; then
    echo "FAIL: tshark $* wrote to stderr:"; cat "$tmp/err"; fail=1
  fi
}
