#!/usr/bin/env bash
# CI's step for the Wireshark releases other than this machine's: makes (or
# reuses) a chroot per Debian suite, builds and tests the tree in each
# (run-in-chroot.sh), then builds, installs and smoke-tests the Debian
# packages in one of them (test-package.sh). Prints one summary line per run
# and fails if any run failed.
#
# usage: run-releases.sh BUILD_ROOT   (as root)
#   QRTR_RELEASE_SUITES   suites to test (default "trixie sid": Wireshark 4.4, 4.6)
#   QRTR_PACKAGE_SUITE    suite the packages are built and installed in (default trixie)
set -uo pipefail
build_root=${1:?usage: run-releases.sh BUILD_ROOT}
here=$(cd "$(dirname "$0")" && pwd)
suites=${QRTR_RELEASE_SUITES-trixie sid}
package_suite=${QRTR_PACKAGE_SUITE-trixie}
mkdir -p "$build_root"
summary=() failed=0
now () { date +%s; }

# the chroots first, side by side (mostly waiting for the mirror)
t0=$(now)
declare -A maker broken
for s in $suites $package_suite; do
  [ -n "${maker[$s]:-}" ] && continue
  "$here/make-chroot.sh" "$s" >"$build_root/chroot-$s.log" 2>&1 &
  maker[$s]=$!
done
for s in "${!maker[@]}"; do
  if wait "${maker[$s]}"; then
    summary+=("chroot $s: $(grep -h 'ready in' "$build_root/chroot-$s.log" | sed 's/^make-chroot: //' || echo 'cached')")
  else
    summary+=("chroot $s: FAILED ($(tail -n 3 "$build_root/chroot-$s.log" | tr '\n' ' '))"); failed=1; broken[$s]=1
  fi
done
summary+=("chroots: $(( $(now) - t0 )) s")

for s in $suites; do
  [ -n "${broken[$s]:-}" ] && continue
  t=$(now)
  # (the grep's own status stays inside the braces: PIPESTATUS must be this
  # pipeline's, or a failing release would pass)
  "$here/run-in-chroot.sh" "$s" "$build_root/$s" | tee "$build_root/$s.log" | { grep -E '^release |FAIL|failed' || true; }
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed=1
  summary+=("$(grep '^release ' "$build_root/$s.log" | tail -n1 || echo "release $s: no result") (step $(( $(now) - t )) s)")
done

if [ -n "$package_suite" ] && [ -z "${broken[$package_suite]:-}" ]; then
  t=$(now)
  "$here/test-package.sh" "$package_suite" "$build_root/package-$package_suite" | tee "$build_root/package-$package_suite.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed=1
  summary+=("$(grep '^package ' "$build_root/package-$package_suite.log" | tail -n1 || echo "package $package_suite: no result") (step $(( $(now) - t )) s)")
fi

echo "== Wireshark releases =="
printf '%s\n' "${summary[@]}"
exit "$failed"
