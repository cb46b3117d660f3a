#!/usr/bin/env bash
# The LD_PRELOAD tap's output files on a host without QRTR: the shim answers
# socket(AF_QIPCRTR) with an AF_UNIX pair, so the driver's packets take the
# tap's recording path. Every file the tap makes is new and 0600; a symbolic
# link planted at any of its names (FILE, FILE.<pid>, a %p name) is refused
# with a message and its target left as it was; so is an existing file.
# usage: run-preload-tests.sh QRTR_CAPTURE PRELOAD_LIB SHIM_LIB DRIVER
set -uo pipefail
cap=$1 tap=$2 shim=$3 driver=$4
export XDG_DATA_HOME=/nonexistent QMI_SCHEMA_PATH=/nonexistent
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/../../lib/checks.sh"
mode_is () { [ "$(stat -c %a "$1")" = "$2" ] || { echo "  $1: mode $(stat -c %a "$1"), not $2"; return 1; }; }
records () { "$cap" -r "$1" 2>/dev/null | grep -c '^#'; }
victim () { # a private file someone's link points at
  printf 'private data\n' >"$1"; chmod 600 "$1"
}
untouched () { [ "$(cat "$1")" = "private data" ] && mode_is "$1" 600; }
traced () { # output spec, driver args: the driver under the tap, as --exec would run it
  local out=$1; shift
  LD_PRELOAD="$tap:$shim" QRTR_PRELOAD_OUTPUT=$out "$driver" "$@"
}

# 1. fresh names: FILE and the forked child's FILE.<pid>, each 0600, each whole
child=$(traced "$tmp/a.pcapng" 1 2>"$tmp/a.err"); rc=$?
check "fresh: driver exits 0" test $rc -eq 0
check "fresh: FILE is 0600" mode_is "$tmp/a.pcapng" 600
check "fresh: FILE holds the parent's packet" test "$(records "$tmp/a.pcapng")" -eq 1
check "fresh: FILE.<pid> is 0600" mode_is "$tmp/a.pcapng.$child" 600
check "fresh: FILE.<pid> holds the child's packet" test "$(records "$tmp/a.pcapng.$child")" -eq 1
check "fresh: nothing said" test ! -s "$tmp/a.err"

# 2. a link planted at FILE: its target is not truncated, the program runs on
victim "$tmp/secret"
ln -s "$tmp/secret" "$tmp/b.pcapng"
traced "$tmp/b.pcapng" 2>"$tmp/b.err"; rc=$?
check "link at FILE: program still exits 0" test $rc -eq 0
check "link at FILE: target untouched" untouched "$tmp/secret"
check "link at FILE: still a link" test -L "$tmp/b.pcapng"
check "link at FILE: refused with a message" has "$tmp/b.err" "qrtr-preload: $tmp/b.pcapng: is a symbolic link; not following it; not recording process"

# 3. a dangling link at FILE: its target is not created
ln -s "$tmp/created-through-link" "$tmp/c.pcapng"
traced "$tmp/c.pcapng" 2>"$tmp/c.err"
check "dangling link: target not created" test ! -e "$tmp/created-through-link"
check "dangling link: refused" has "$tmp/c.err" "$tmp/c.pcapng: is a symbolic link; not following it"

# 4. a link planted at a %p name (the pid is known: exec keeps the subshell's)
victim "$tmp/secret-p"
( ln -s "$tmp/secret-p" "$tmp/p.$BASHPID.pcapng"; exec env LD_PRELOAD="$tap:$shim" QRTR_PRELOAD_OUTPUT="$tmp/p.%p.pcapng" "$driver" ) 2>"$tmp/p.err"
check "link at a %p name: target untouched" untouched "$tmp/secret-p"
check "link at a %p name: refused" has "$tmp/p.err" "is a symbolic link; not following it"

# 5. an existing file at FILE: the tap never overwrites
victim "$tmp/d.pcapng"
traced "$tmp/d.pcapng" 2>"$tmp/d.err"
check "existing FILE: left as it was" untouched "$tmp/d.pcapng"
check "existing FILE: refused" has "$tmp/d.err" "qrtr-preload: $tmp/d.pcapng: exists; not overwriting it; not recording process"

# 6. qrtr-capture --exec: an earlier run's file is replaced (new, 0600)...
printf 'old capture\n' >"$tmp/e.pcapng"; chmod 644 "$tmp/e.pcapng"
LD_PRELOAD=$shim QRTR_PRELOAD_LIB=$tap "$cap" --exec -w "$tmp/e.pcapng" -- "$driver" 2>"$tmp/e.err"; rc=$?
check "--exec over an earlier file: exit 0" test $rc -eq 0
check "--exec over an earlier file: new capture" test "$(records "$tmp/e.pcapng")" -eq 1
check "--exec over an earlier file: 0600" mode_is "$tmp/e.pcapng" 600
# ... but a link at FILE is refused before the program runs
victim "$tmp/secret-e"
ln -s "$tmp/secret-e" "$tmp/f.pcapng"
LD_PRELOAD=$shim QRTR_PRELOAD_LIB=$tap "$cap" --exec -w "$tmp/f.pcapng" -- touch "$tmp/ran" 2>"$tmp/f.err"; rc=$?
check "--exec with a link at FILE: exit 1" test $rc -eq 1
check "--exec with a link at FILE: target untouched" untouched "$tmp/secret-e"
check "--exec with a link at FILE: program not run" test ! -e "$tmp/ran"
check "--exec with a link at FILE: says why" has "$tmp/f.err" "qrtr-capture: --exec -w $tmp/f.pcapng: is a symbolic link; not following it"

checks_done
