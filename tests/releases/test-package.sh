#!/usr/bin/env bash
# Builds the Debian packages inside a suite's chroot, runs lintian on them,
# installs them there and checks, as a normal user, what a user would: tshark
# lists the plugin as a dissector plugin, the installed schemas decode
# pcaps/example.pcapng (the IMEI line), and tshark finds qrtr-capture in its
# own extcap folder (tshark -D lists the QMI interface of a made-up modem).
#
# usage: test-package.sh SUITE OUT_DIR   (as root)
# The chroot is used through an overlay, so the cached chroot stays clean;
# the .debs, the build log and lintian's output are left in OUT_DIR.
set -euo pipefail
suite=${1:?usage: test-package.sh SUITE OUT_DIR}
out=${2:?usage: test-package.sh SUITE OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

if [ "${QRTR_IN_NAMESPACE:-}" != 1 ]; then
  lower=$("$here/make-chroot.sh" "$suite")
  rm -rf "$out" && mkdir -p "$out"
  exec env QRTR_IN_NAMESPACE=1 QRTR_CHROOT="$lower" unshare --mount --propagation private "$0" "$@"
fi

out=$(cd "$out" && pwd)
mkdir -p "$out/upper" "$out/work" "$out/root"
mount -t overlay overlay -o "lowerdir=$QRTR_CHROOT,upperdir=$out/upper,workdir=$out/work" "$out/root"
root=$out/root
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp" && chmod 1777 "$root/tmp"

as () { # user, command... (a login-like environment, nothing from ours)
  local user=$1 home=/home/builder; shift
  [ "$user" = root ] && home=/root
  chroot --userspec="$user:$user" "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" \
    LC_ALL=C.UTF-8 TZ=UTC "$@"
}
fail=0
check () { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}

# the source as a release tarball would have it: tracked files, no build trees
src=$root/home/builder/src/qrtr-analyzer
mkdir -p "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$top" ls-files -z --cached --others --exclude-standard | (cd "$top" && tar --null -T - -cf -) | tar -C "$src" -xf -
else
  tar -C "$top" --exclude='./build*' -cf - . | tar -C "$src" -xf -
fi
as root chown -R builder:builder /home/builder/src

t0=$(date +%s)
if ! as builder sh -c 'cd /home/builder/src/qrtr-analyzer && dpkg-buildpackage -b -us -uc -J$(nproc)' >"$out/build.log" 2>&1; then
  tail -n 40 "$out/build.log"; echo "package $suite: dpkg-buildpackage FAILED (log: $out/build.log)"; exit 1
fi
t1=$(date +%s)
cp "$root"/home/builder/src/*.deb "$root"/home/builder/src/*.changes "$out/"
as builder sh -c 'lintian --info --pedantic /home/builder/src/*.changes' >"$out/lintian.txt" 2>&1 || true
if [ -s "$out/lintian.txt" ]; then echo "lintian ($suite):"; sed 's/^/  /' "$out/lintian.txt"; else echo "lintian ($suite, --pedantic): no tags"; fi
if grep -q '^E: ' "$out/lintian.txt"; then echo "FAIL: lintian reports errors"; fail=1; fi

debs=$(cd "$root/home/builder/src" && ls ./*.deb | grep -v dbgsym | sed 's|^\./|/home/builder/src/|')
# shellcheck disable=SC2086 # one word per package file
as root dpkg -i $debs >"$out/install.log" 2>&1 || { cat "$out/install.log"; echo "FAIL: dpkg -i"; exit 1; }

release=$(as root dpkg-query -W -f='${Version}' tshark)
release=${release%%-*}
cp "$top/pcaps/example.pcapng" "$root/tmp/example.pcapng"
chmod a+r "$root/tmp/example.pcapng"
as builder tshark -G plugins >"$out/plugins.txt" 2>&1 || true
check "tshark -G plugins lists qrtr.so as a dissector plugin" \
  grep -Eq '^qrtr\.so[[:space:]]+[0-9.]+[[:space:]]+dissector[[:space:]]+/usr/lib/[^/]+/wireshark/plugins/' "$out/plugins.txt"
as builder tshark -r /tmp/example.pcapng -2 -V -O qmi >"$out/example.txt" 2>&1 || true
check "installed schemas decode the IMEI of example.pcapng" grep -q 'IMEI: 356938035643809' "$out/example.txt"
check "tshark says nothing on stderr for example.pcapng" test -z "$(as builder tshark -r /tmp/example.pcapng -2 -V 2>&1 >/dev/null)"

check "the QMI profile is installed where Wireshark finds global profiles" \
  test -f "$root/usr/share/wireshark/profiles/QMI/colorfilters" -a -f "$root/usr/share/wireshark/profiles/QMI/preferences"
check "tshark -C QMI opens the installed profile" test -z "$(as builder tshark -C QMI -r /tmp/example.pcapng 2>&1 >/dev/null)"

# a made-up cdc-wdm modem in a fake sysfs, as in tests/capture/run-live-tests.sh
sys=$root/tmp/sysroot; d=$sys/sys/bus/usb/devices/2-1
mkdir -p "$d/2-1:1.8" "$sys/sys/bus/usb/drivers/qmi_wwan" "$sys/sys/class/usbmisc/cdc-wdm0" "$sys/sys/module/usbmon"
echo 2 >"$d/busnum"; echo 3 >"$d/devnum"; echo 1199 >"$d/idVendor"; echo 9071 >"$d/idProduct"
echo EM7455 >"$d/product"; echo "Sierra Wireless, Incorporated" >"$d/manufacturer"
echo 08 >"$d/2-1:1.8/bInterfaceNumber"
ln -s ../../../drivers/qmi_wwan "$d/2-1:1.8/driver"
ln -s ../../../bus/usb/devices/2-1/2-1:1.8 "$sys/sys/class/usbmisc/cdc-wdm0/device"
chmod -R a+rX "$sys"
extcap_dir=$(as builder tshark -G folders | sed -nE 's/^(Global )?Extcap path:[[:space:]]*//p')
check "qrtr-capture is in tshark's extcap folder ($extcap_dir)" test -x "$root$extcap_dir/qrtr-capture"
as builder env QRTR_CAPTURE_SYSFS_ROOT=/tmp/sysroot tshark -D >"$out/interfaces.txt" 2>&1 || true
check "tshark -D lists the QMI interface through the installed extcap" \
  grep -q 'qmi-usbmon-cdc-wdm0 (QMI over usbmon: /dev/cdc-wdm0' "$out/interfaces.txt"
t2=$(date +%s)

status=passed; [ "$fail" -eq 0 ] || status=FAILED
echo "package $suite (Wireshark $release): $status [dpkg-buildpackage $((t1 - t0)) s, install and smoke test $((t2 - t1)) s; $out]"
exit "$fail"
