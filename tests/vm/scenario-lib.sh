# What every bash scenario script shares (sourced inside the guest): a
# scratch folder, the processes to stop at exit, the check helpers of
# tests/lib/checks.sh with the time of each check, and poll.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
check_clock=1
tmp=$(mktemp -d)
pids=()

cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

poll () { # seconds, then a command: until it succeeds (programs start slowly over 9p under TCG)
  local until=$((SECONDS + $1)); shift
  while ! "$@"; do [ $SECONDS -ge $until ] && return 1; sleep 0.2; done
}
