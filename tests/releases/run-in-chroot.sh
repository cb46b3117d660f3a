#!/usr/bin/env bash
# Builds the project against one Debian suite's Wireshark and runs its
# tests there: the chroot from make-chroot.sh, the source tree bind-mounted
# read-only, the build in BUILD_DIR (a writable folder outside the cached
# chroot), built by an unprivileged user with -Werror (-DENABLE_WERROR=ON, as
# every CI build), then CTest's unit, golden and capture labels (tshark is run as
# nobody by tests/run-tshark.sh, as on the host).
#
# usage: run-in-chroot.sh SUITE BUILD_DIR [ctest label regex]   (as root)
# Prints one summary line: "release SUITE (Wireshark X.Y.Z): N/M tests passed".
# Everything is mounted in a private mount namespace, so nothing stays
# mounted when the run ends, however it ends.
set -euo pipefail
suite=${1:?usage: run-in-chroot.sh SUITE BUILD_DIR [LABELS]}
build=${2:?usage: run-in-chroot.sh SUITE BUILD_DIR [LABELS]}
labels=${3:-unit|golden|capture}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${QRTR_IN_NAMESPACE:-}" != 1 ]; then
  root=$("$here/make-chroot.sh" "$suite")
  mkdir -p "$build"
  exec env QRTR_IN_NAMESPACE=1 QRTR_CHROOT="$root" unshare --mount --propagation private "$0" "$@"
fi

root=$QRTR_CHROOT
build=$(cd "$build" && pwd)
mkdir -p "$root/src" "$root/build"
mount --bind "$top" "$root/src"
mount -o remount,bind,ro "$root/src"
mount --bind "$build" "$root/build"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"       # ptys for the fake modem, /dev/null, /dev/full
mount -t tmpfs tmpfs "$root/tmp"      # run-tshark.sh's private copies
chmod 1777 "$root/tmp"
chown "$(chroot "$root" id -u builder):$(chroot "$root" id -g builder)" "$root/build"

in_chroot () { # user, command...
  local user=$1; shift
  chroot --userspec="$user:$user" "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME="$( [ "$user" = root ] && echo /root || echo /home/builder)" LC_ALL=C.UTF-8 TZ=UTC "$@"
}
version=$(in_chroot root dpkg-query -W -f='${Version}' tshark)
wireshark=${version%%-*}

t0=$(date +%s)
in_chroot builder cmake -S /src -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENABLE_WERROR=ON >"$build/configure.log" 2>&1 ||
  { tail -n 30 "$build/configure.log"; echo "release $suite (Wireshark $wireshark): configure FAILED"; exit 1; }
in_chroot builder cmake --build /build -j"$(nproc)" >"$build/build.log" 2>&1 ||
  { grep -E 'error|warning' "$build/build.log" | head -n 40; echo "release $suite (Wireshark $wireshark): build FAILED"; exit 1; }
t1=$(date +%s)
rc=0
in_chroot root sh -c "cd /build && ctest --output-on-failure -j$(nproc) -L '$labels'" >"$build/ctest.log" 2>&1 || rc=$?
t2=$(date +%s)
grep -E '^ *[0-9]+/[0-9]+ Test|tests passed|Failed|FAIL' "$build/ctest.log" | grep -v ' Passed ' || true
summary=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$build/ctest.log" | tail -n1)
if [ "$rc" -ne 0 ]; then
  sed -n '/The following tests FAILED/,$p' "$build/ctest.log"
fi
echo "release $suite (Wireshark $wireshark): ${summary:-no test summary} [build $((t1 - t0)) s, tests $((t2 - t1)) s; logs in $build]"
exit "$rc"
