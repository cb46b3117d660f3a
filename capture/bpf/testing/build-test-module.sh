#!/usr/bin/env bash
# Builds a test-only kernel module of this directory (NAME.c: qrtr-test-tun,
# wwan-test-modem) for the kernel the VM tests boot (Debian's kernel has no
# qrtr-tun and no WWAN device the VM could use). Downloads that kernel's
# header packages once (apt-get download: linux-headers-RELEASE and what it
# depends on, its -common part and linux-kbuild, at the kernel package's
# version) into IMAGES_DIR/kernel-headers/RELEASE, and rebuilds only when the
# module source changes.
#
# usage: build-test-module.sh IMAGES_DIR NAME
# Prints the module's path on stdout. Exit 0 when built (or up to date), 77
# when something it needs is missing (no images, no package lists or network,
# no gcc of the kernel's): the caller goes on without the module. Progress
# and reasons on stderr.
set -euo pipefail
images=${1:?usage: build-test-module.sh IMAGES_DIR NAME}
name=${2:?usage: build-test-module.sh IMAGES_DIR NAME}
here=$(cd "$(dirname "$0")" && pwd)
skip () { echo "build-test-module: $name: $*" >&2; exit 77; }
[ -f "$here/$name.c" ] || { echo "build-test-module: no $here/$name.c" >&2; exit 2; }

release=$(cat "$images/kernel-release" 2>/dev/null) || skip "no $images/kernel-release: the VM images are not built"
deb=$(ls -1 "${VM_CACHE_DIR:-$images/cache}"/linux-image-"$release"-unsigned_*_*.deb 2>/dev/null | sort -V | tail -n 1) || true
[ -n "$deb" ] || skip "no kernel package for $release in the image cache"
version=$(basename "$deb" | cut -d_ -f2)          # 6.1.192-2, 6.12.117-1~deb12u1
arch=$(basename "$deb" .deb | cut -d_ -f3)         # amd64
hroot=$images/kernel-headers/$release
hdrs=$hroot/root/usr/src/linux-headers-$release
src_sum=$(cat "$here/$name.c" "$0" | sha256sum | cut -c1-16)
work=$images/test-modules/$release/$name
ko=$work/$name.ko
if [ -f "$ko" ] && [ "$(cat "$work/stamp" 2>/dev/null)" = "$src_sum" ]; then
  echo "$ko"
  exit 0
fi

# --- the kernel's headers (shared by every test module of this kernel) -------------
if [ ! -f "$hroot/root/done" ]; then
  rm -rf "$hroot"
  mkdir -p "$hroot/debs"
  aq= # apt's name for a foreign architecture's package
  [ "$arch" = "$(dpkg --print-architecture)" ] || aq=:$arch
  # 6.1: linux-headers-6.1.0-N-common, linux-kbuild-6.1; 6.12: ...-common, linux-kbuild-6.12.N+deb12
  pkgs=("linux-headers-$release$aq=$version")
  for dep in $(apt-cache depends "linux-headers-$release$aq" 2>/dev/null |
               sed -n 's/^ *Depends: <\?\(linux-headers-[^ :>]*-common\|linux-kbuild-[^ :>]*\)\(:[a-z0-9]*\)\?>\?$/\1/p'); do
    pkgs+=("$dep=$version") # -common is for all architectures; kbuild's tools run here, so the host's
  done
  [ ${#pkgs[@]} -ge 3 ] || skip "apt-cache does not know the header packages of $release (apt-get update?)"
  echo "build-test-module: downloading the headers of $release ($version): ${pkgs[*]}" >&2
  (cd "$hroot/debs" && apt-get download "${pkgs[@]}") >"$hroot/download.log" 2>&1 ||
    { sed 's/^/  /' "$hroot/download.log" >&2; skip "apt-get download failed (apt-get update? network?)"; }
  for d in "$hroot"/debs/*.deb; do dpkg-deb -x "$d" "$hroot/root"; done
  [ -f "$hdrs/Makefile" ] || skip "the header packages hold no $hdrs/Makefile"
  # Debian's Makefile includes its -common part by absolute path
  sed -i "s#^include /usr/src/#include $hroot/root/usr/src/#" "$hdrs/Makefile"
  rm -rf "$hroot/debs"
  touch "$hroot/root/done"
fi

# --- the module --------------------------------------------------------------------
cc=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$hdrs/.kernelvariables" 2>/dev/null | head -n 1)
cross=() prefix=
if [ "$arch" != "$(dpkg --print-architecture)" ]; then
  # another architecture's kernel (arm64): its headers, the host's kbuild tools, a cross compiler
  karch=$arch; [ "$arch" = arm64 ] || skip "cross-building for $arch is not set up"
  prefix=aarch64-linux-gnu-
  cross=(ARCH=$karch CROSS_COMPILE=$prefix)
fi
command -v "$prefix${cc:-gcc}" >/dev/null || skip "$prefix${cc:-gcc} (the kernel's compiler) is not installed"
rm -rf "$work"
mkdir -p "$work"
cp "$here/$name.c" "$work/"
echo "obj-m := $name.o" >"$work/Kbuild"
# No BTF for the test module (6.12 would need pahole for it; nothing reads it)
if ! make -C "$hdrs" M="$work" "${cross[@]}" CONFIG_DEBUG_INFO_BTF_MODULES= modules >"$work/make.log" 2>&1 || [ ! -f "$ko" ]; then
  sed 's/^/  /' "$work/make.log" >&2
  skip "building $name.ko failed"
fi
echo "$src_sum" >"$work/stamp"
echo "$ko"
