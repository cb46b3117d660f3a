# What every scenario script shares (sourced inside the guest): a scratch
# folder, the processes to stop at exit, and the check/poll helpers.
tmp=$(mktemp -d)
pids=()
passed=0 failed=0

cleanup () {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

check () { # name, then a command that must succeed; returns its status
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $name [${SECONDS}s]"; return 0; fi
  failed=$((failed + 1)); echo "FAIL: $name [${SECONDS}s]"; return 1
}
show () { sed 's/^/  | /' "$1" | head -"${2:-60}"; } # file [lines]
has () { grep -qF -- "$2" "$1" || { echo "  missing: $2"; show "$1"; return 1; }; }
poll () { # seconds, then a command: until it succeeds (programs start slowly over 9p under TCG)
  local until=$((SECONDS + $1)); shift
  while ! "$@"; do [ $SECONDS -ge $until ] && return 1; sleep 0.2; done
}
