#!/usr/bin/env bash
# Makes (or reuses) a Debian chroot of one suite with the project's build
# and test dependencies, so the plugin can be built and tested against that
# release's Wireshark (trixie: 4.4, sid: 4.6).
#
# usage: make-chroot.sh SUITE          (as root; prints the chroot's path)
#
# The chroot is cached in $QRTR_CHROOT_CACHE/SUITE (default
# /var/tmp/qrtr-analyzer-chroots) and made again only when this script or
# chroot-packages.txt changes (their hash is kept in the chroot). It is
# built under a temporary name and renamed into place only when complete,
# so an interrupted build is never reused. The mirror is the one apt uses
# on this machine (override with QRTR_CHROOT_MIRROR).
set -euo pipefail
suite=${1:?usage: make-chroot.sh SUITE}
here=$(cd "$(dirname "$0")" && pwd)
cache=${QRTR_CHROOT_CACHE:-/var/tmp/qrtr-analyzer-chroots}
target=$cache/$suite
packages_file=$here/chroot-packages.txt

[ "$(id -u)" -eq 0 ] || { echo "make-chroot: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "make-chroot: debootstrap is not installed (scripts/install-deps.sh)" >&2; exit 1; }

mirror () {
  if [ -n "${QRTR_CHROOT_MIRROR:-}" ]; then echo "$QRTR_CHROOT_MIRROR"; return; fi
  # deb822 sources (URIs: ...) or one-line sources (deb URL suite ...): the
  # first Debian archive that is not the security archive.
  local m
  m=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null |
      awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i } /^deb / { print ($2 ~ /^\[/ ? $3 : $2) }' |
      grep -E '/debian/?$' | grep -v security | head -n1 || true)
  echo "${m:-http://deb.debian.org/debian}"
}

packages=$(grep -v '^#' "$packages_file" | xargs)
key=$( (cat "$0" "$packages_file"; echo "$suite") | sha256sum | cut -d' ' -f1)

mkdir -p "$cache"
exec 9>"$cache/.$suite.lock"
flock 9

if [ -f "$target/.qrtr-chroot-key" ] && [ "$(cat "$target/.qrtr-chroot-key")" = "$key" ]; then
  echo "$target"
  exit 0
fi

# what an interrupted build left behind (never used: only complete chroots
# are renamed into place); no other build of this suite runs, we hold the lock
rm -rf --one-file-system "$cache/.$suite.new."* "$cache/.$suite.old."*
work=$(mktemp -d "$cache/.$suite.new.XXXXXX")
chmod 755 "$work"   # the chroot's /, entered by unprivileged users too
unmount_work () { umount "$work/proc" 2>/dev/null || true; }
trap 'unmount_work; rm -rf --one-file-system "$work"' EXIT
started=$(date +%s)
url=$(mirror)
echo "make-chroot: debootstrap $suite from $url into $work" >&2
debootstrap --variant=minbase "$suite" "$work" "$url" >"$work.log" 2>&1 ||
  { tail -n 30 "$work.log" >&2; rm -f "$work.log"; exit 1; }
rm -f "$work.log"
after_debootstrap=$(date +%s)

# sid's Release file can carry a Valid-Until that the machine clock has
# passed; the packages are still the archive's, signed.
if [ "$suite" = sid ] || [ "$suite" = unstable ]; then
  echo 'Acquire::Check-Valid-Until "false";' >"$work/etc/apt/apt.conf.d/99qrtr-no-valid-until"
fi
echo 'APT::Install-Recommends "false";' >"$work/etc/apt/apt.conf.d/99qrtr-no-recommends"
mount -t proc proc "$work/proc"
chroot "$work" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive sh -ec "
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  apt-get update -q
  apt-get install -y -q $packages
  apt-get clean
  rm -rf /var/lib/apt/lists/*
" >"$work/var/log/qrtr-chroot-install.log" 2>&1 ||
  { tail -n 30 "$work/var/log/qrtr-chroot-install.log" >&2; exit 1; }
unmount_work
# the unprivileged user that builds and runs the tests
chroot "$work" useradd --create-home --uid 4242 --user-group builder
chroot "$work" dpkg-query -W -f='${Package} ${Version}\n' tshark libwireshark-dev cmake gcc libglib2.0-dev libpcap-dev \
  >"$work/.qrtr-chroot-versions"
echo "$key" >"$work/.qrtr-chroot-key"

# into place in one rename; an older chroot is moved aside first
if [ -e "$target" ]; then
  mv "$target" "$cache/.$suite.old.$$"
  rm -rf --one-file-system "$cache/.$suite.old.$$"
fi
mv "$work" "$target"
trap - EXIT
echo "make-chroot: $suite ready in $(( $(date +%s) - started )) s (debootstrap $(( after_debootstrap - started )) s):" \
     "$(tr '\n' ' ' <"$target/.qrtr-chroot-versions")" >&2
echo "$target"
