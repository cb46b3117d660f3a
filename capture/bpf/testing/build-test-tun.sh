#!/usr/bin/env bash
# Builds qrtr-test-tun.ko (this directory) for the kernel the VM tests boot,
# so tests/vm/scenario-bpf.sh can drive QRTR's receive and transmit paths
# (Debian's kernel has no qrtr-tun). Downloads that kernel's header packages
# (apt-get download: linux-headers-RELEASE, its -common, linux-kbuild-X.Y, at
# the kernel package's version) once, into IMAGES_DIR/qrtr-test-tun/, and
# rebuilds only when the module source changes.
#
# usage: build-test-tun.sh IMAGES_DIR
# Prints the module's path on stdout. Exit 0 when built (or up to date), 77
# when something it needs is missing (no images, no package lists or network,
# no gcc of the kernel's): the caller goes on without the module. Progress
# and reasons on stderr.
set -euo pipefail
images=${1:?usage: build-test-tun.sh IMAGES_DIR}
here=$(cd "$(dirname "$0")" && pwd)
skip () { echo "build-test-tun: $*" >&2; exit 77; }

release=$(cat "$images/kernel-release" 2>/dev/null) || skip "no $images/kernel-release: the VM images are not built"
deb=$(ls -1 "${VM_CACHE_DIR:-$images/cache}"/linux-image-"$release"-unsigned_*_*.deb 2>/dev/null | sort -V | tail -n 1) || true
[ -n "$deb" ] || skip "no kernel package for $release in the image cache"
version=$(basename "$deb" | cut -d_ -f2)         # 6.1.192-2
arch=$(basename "$deb" .deb | cut -d_ -f3)        # amd64
kbuild=linux-kbuild-$(echo "$release" | cut -d. -f1,2)  # linux-kbuild-6.1
common=linux-headers-${release%-*}-common         # linux-headers-6.1.0-56-common
work=$images/qrtr-test-tun/$release
src_sum=$(cat "$here/qrtr-test-tun.c" "$here/Kbuild" "$0" | sha256sum | cut -c1-16)
ko=$work/build/qrtr-test-tun.ko
if [ -f "$ko" ] && [ "$(cat "$work/build/stamp" 2>/dev/null)" = "$src_sum" ]; then
  echo "$ko"
  exit 0
fi
mkdir -p "$work"

# --- the kernel's headers ---------------------------------------------------------
hdrs=$work/root/usr/src/linux-headers-$release
if [ ! -f "$work/root/done" ]; then
  rm -rf "$work/root" "$work/debs"
  mkdir -p "$work/debs"
  echo "build-test-tun: downloading the headers of $release ($version)" >&2
  (cd "$work/debs" && apt-get download "linux-headers-$release=$version" "$common=$version" "$kbuild=$version") \
    >"$work/download.log" 2>&1 || { sed 's/^/  /' "$work/download.log" >&2; skip "apt-get download failed (apt-get update? network?)"; }
  for d in "$work"/debs/*.deb; do dpkg-deb -x "$d" "$work/root"; done
  [ -f "$hdrs/Makefile" ] || skip "the header packages hold no $hdrs/Makefile"
  # Debian's Makefile includes its -common part by absolute path
  sed -i "s#^include /usr/src/#include $work/root/usr/src/#" "$hdrs/Makefile"
  rm -rf "$work/debs"
  touch "$work/root/done"
fi

# --- the module --------------------------------------------------------------------
cc=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$hdrs/.kernelvariables" 2>/dev/null | head -n 1)
command -v "${cc:-gcc}" >/dev/null || skip "${cc:-gcc} (the kernel's compiler) is not installed"
rm -rf "$work/build"
mkdir -p "$work/build"
cp "$here/qrtr-test-tun.c" "$here/Kbuild" "$work/build/"
if ! make -C "$hdrs" M="$work/build" modules >"$work/build/make.log" 2>&1 || [ ! -f "$ko" ]; then
  sed 's/^/  /' "$work/build/make.log" >&2
  skip "building qrtr-test-tun.ko failed"
fi
echo "$src_sum" >"$work/build/stamp"
echo "$ko"
