#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, run and test.
# Idempotent: when everything is already installed it does nothing, so the
# test command can call it on every run without touching the network.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libglib2.0-dev libjson-glib-dev libpcap-dev
  wireshark-dev libwireshark-dev tshark
  libqmi-utils qrtr-tools
  libqmi-glib-dev libmbim-glib-dev # tests/libqmi: the differential test against libqmi's decoder (qmi-glib.pc needs mbim-glib.pc)
  clang python3
  qemu-system-x86 busybox-static   # tests/vm: a real kernel (Debian's, fetched at test time) under qemu
  libbpf-dev bpftool llvm          # qrtr-bpf-tap, the eBPF QRTR tap (llvm for llvm-strip)
  debootstrap                      # tests/releases: Debian 13 and sid chroots (Wireshark 4.4, 4.6)
  debhelper lintian                # debian/: dpkg-buildpackage -b on this machine, and its check
  # capture/ cross-built for arm64 (cmake/aarch64-linux-gnu.cmake), Debian multiarch
  gcc-aarch64-linux-gnu libpcap-dev:arm64 libglib2.0-dev:arm64 libjson-glib-dev:arm64 libbpf-dev:arm64
  qemu-system-arm                  # tests/vm on Debian's arm64 kernel (qemu-system-aarch64)
)

missing=() add_arm64=
dpkg --print-foreign-architectures | grep -qx arm64 || add_arm64=1
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ -z "$add_arm64" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
[ -n "$add_arm64" ] && dpkg --add-architecture arm64 # the :arm64 packages above
# tshark's package asks whether non-root users may capture; the answer does
# not matter here, only that the question does not block a headless install.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
