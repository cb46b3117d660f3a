# The check helpers every test script shares (tests/capture/*.sh and the VM
# scenarios, tests/vm/scenario-*.sh; sourced). POSIX sh, so that busybox's
# shell in the arm64 VM runs it as bash does. Each check prints one line,
# "ok: NAME" or "FAIL: NAME"; check_clock=1 adds the seconds since the
# script started (bash's SECONDS), as the VM scenarios want.
passed=0 failed=0

check () { # name, then a command that must succeed; returns its status
  _check_name=$1; shift
  if "$@"; then
    passed=$((passed + 1)); echo "ok: $_check_name${check_clock:+ [${SECONDS}s]}"; return 0
  fi
  failed=$((failed + 1)); echo "FAIL: $_check_name${check_clock:+ [${SECONDS}s]}"; return 1
}
show () { sed 's/^/  | /' "$1" | head -"${2:-60}"; } # file [lines]
has () { grep -qF -- "$2" "$1" || { echo "  missing: $2"; show "$1"; return 1; }; } # file, text
lacks () { ! grep -qF -- "$2" "$1" || { echo "  unexpected: $2"; return 1; }; } # file, text
lacks_any_case () { ! grep -qiF -- "$2" "$1" || { echo "  still there: $2"; return 1; }; } # file, text
checks_done () { # [what]: the count line; the exit status says whether all passed
  echo "${1:+$1: }$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
