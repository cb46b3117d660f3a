#!/usr/bin/env bash
# Builds what tests/vm/run-vm.sh boots: one of Debian 12's kernels and a
# busybox initramfs that loads the modules the scenarios need (qrtr, the
# virtio/9p/overlay set, and optional USB ones), mounts the host's root
# read-only over 9p with a tmpfs overlay, and runs a scenario chrooted into it.
#
# usage: build-initramfs.sh OUTDIR [KERNEL]
# KERNEL (default $VM_KERNEL, else 6.1-amd64) is VERSION-ARCH: 6.1-amd64 is
# what linux-image-amd64 points at, 6.12-amd64 what linux-image-6.12-amd64
# points at (each in its -unsigned flavour). Give each kernel its own OUTDIR.
# Writes OUTDIR/kernel (an uncompressed vmlinux with a PVH entry when it can be
# extracted, else the bzImage), OUTDIR/initramfs.cpio.gz, OUTDIR/kernel-release;
# the kernel package is downloaded once into ${VM_CACHE_DIR:-OUTDIR/cache}
# (apt-get download) and reused. Nothing is rebuilt when the kernel package,
# busybox and this script are unchanged. VM_KERNEL_DEB=FILE uses that .deb.
# Exit status 77 when something it needs is missing (busybox-static, the
# kernel package and no network): the caller skips the test.
set -eu

out=${1:?usage: build-initramfs.sh OUTDIR [KERNEL]}
kernel=${2:-${VM_KERNEL:-6.1-amd64}}
[[ $kernel =~ ^([0-9]+\.[0-9]+)-(amd64|arm64)$ ]] || { echo "build-initramfs: kernel $kernel: want VERSION-ARCH, e.g. 6.12-amd64" >&2; exit 2; }
kver=${BASH_REMATCH[1]} karch=${BASH_REMATCH[2]}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cache=${VM_CACHE_DIR:-$out/cache}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
self=$(readlink -f "$0")

skip () { echo "build-initramfs: SKIP: $*" >&2; exit 77; }
die () { echo "build-initramfs: $*" >&2; exit 1; }
log () { echo "build-initramfs: $*" >&2; }

# Always loaded, or boot fails: the host share, the overlay and QRTR.
required_modules="virtio_pci 9pnet_virtio 9p overlay qrtr"
# Loaded when present; a failure is logged, not fatal. For the usbmon,
# cdc-wdm/qmi_wwan, gadget (dummy_hcd + FunctionFS) and WWAN scenarios.
optional_modules="usbmon nlmon cdc-wdm qmi_wwan dummy_hcd libcomposite usb_f_fs wwan"

# --- busybox, statically linked (busybox-static) -----------------------------
busybox=
for b in /bin/busybox /usr/bin/busybox "$(command -v busybox 2>/dev/null || true)"; do
  if [ -n "$b" ] && [ -x "$b" ] && [[ $(LC_ALL=C ldd "$b" 2>&1) == *"not a dynamic executable"* ]]; then
    busybox=$b
    break
  fi
done
[ -n "$busybox" ] || skip "no statically linked busybox (install busybox-static)"

# --- the kernel package -------------------------------------------------------
# The package the kernel's meta-package points at now (linux-image-6.12-amd64,
# or linux-image-amd64 when its kernel has that version), in its -unsigned
# flavour; a cached .deb when the package lists or the network are not there.
find_cached_deb () { # [package]: newest cached .deb of that package (or any of this version and arch)
  local pattern=${1:-linux-image-$kver[.-]*-$karch-unsigned}
  ls -1 "$cache"/${pattern}_*_$karch.deb 2>/dev/null | sort -V | tail -n 1
}
deb=${VM_KERNEL_DEB:-}
if [ -z "$deb" ]; then
  pkg=
  if command -v apt-cache >/dev/null; then
    aq= # apt's name for a foreign architecture's package
    [ "$karch" = "$(dpkg --print-architecture)" ] || aq=:$karch
    for meta in linux-image-$kver-$karch linux-image-$karch; do
      target=$(apt-cache depends "$meta$aq" 2>/dev/null |
               sed -n "s/^ *Depends: \(linux-image-$kver[.-][^ :]*-$karch\)\(:$karch\)\?\$/\1/p" | head -n 1)
      [ -n "$target" ] && break
    done
    if [ -n "$target" ] && apt-cache show "$target-unsigned$aq" >/dev/null 2>&1; then
      pkg=$target-unsigned
    fi
  fi
  if [ -n "$pkg" ]; then
    deb=$(find_cached_deb "$pkg")
    if [ -z "$deb" ]; then
      log "downloading $pkg"
      if (cd "$cache" && apt-get download "$pkg$aq") >"$cache/download.log" 2>&1; then
        deb=$(find_cached_deb "$pkg")
        # the kernels this one replaces
        for old in "$cache"/linux-image-$kver[.-]*-$karch-unsigned*; do
          case $old in "${deb%.deb}"*) ;; *) rm -rf "$old" ;; esac
        done
      else
        log "apt-get download $pkg failed:"; sed 's/^/  /' "$cache/download.log" >&2
      fi
    fi
  fi
  [ -n "$deb" ] || deb=$(find_cached_deb)
  [ -n "$deb" ] || skip "no kernel package: apt-get download linux-image-$kver*-$karch-unsigned failed (run apt-get update?) and none is cached in $cache"
fi
[ -f "$deb" ] || die "$deb: no such file"

# --- the guest's busybox ----------------------------------------------------------
# The host's for a guest of its architecture; for another (arm64 on amd64),
# Debian's busybox-static of that architecture, unpacked from its package:
# the guest runs it as PID 1 and, chrooted into the host's root whose
# programs it cannot run, as the scenario's shell.
guest_busybox=$busybox
if [ "$karch" != "$(dpkg --print-architecture)" ]; then
  bbdir=$cache/busybox-$karch
  if [ ! -x "$bbdir/bin/busybox" ]; then
    rm -rf "$bbdir" && mkdir -p "$bbdir"
    (cd "$bbdir" && apt-get download "busybox-static:$karch" && dpkg-deb -x busybox-static_*_"$karch".deb .) \
      >"$cache/busybox-download.log" 2>&1 || { sed 's/^/  /' "$cache/busybox-download.log" >&2; rm -rf "$bbdir";
                                             skip "apt-get download busybox-static:$karch failed"; }
  fi
  guest_busybox=$bbdir/bin/busybox
fi

# --- up to date? --------------------------------------------------------------
stamp="$(basename "$deb") $(sha256sum <"$self" | cut -c1-16) $(sha256sum <"$guest_busybox" | cut -c1-16)"
if [ -f "$out/initramfs.cpio.gz" ] && [ -f "$out/kernel" ] && [ "$(cat "$out/stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi

# --- kernel and modules, extracted once per package ----------------------------
extract_vmlinux () { # bzImage out: the ELF kernel inside it (as the kernel's scripts/extract-vmlinux)
  local magic unpack off
  for magic in '\xfd7zXZ\x00:xz -dc' '\x28\xb5\x2f\xfd:zstd -qdc' '\x1f\x8b\x08:gzip -dc'; do
    unpack=${magic#*:}
    command -v "${unpack%% *}" >/dev/null || continue
    for off in $(LC_ALL=C grep -obUaP "${magic%%:*}" "$1" | cut -d: -f1); do
      # the compressed payload is followed by the rest of the bzImage: unpack complains, output is whole
      tail -c +$((off + 1)) "$1" | $unpack >"$2" 2>/dev/null
      [ "$(head -c 4 "$2" | od -An -c | tr -d ' ')" = '177ELF' ] && return 0
    done
  done
  rm -f "$2"
  return 1
}
kdir=$cache/$(basename "$deb" .deb)
layout="3 $required_modules / $optional_modules" # the layout of the directory and the modules kept
if [ "$(cat "$kdir/done" 2>/dev/null)" != "$layout" ]; then
  log "extracting $(basename "$deb")"
  rm -rf "$kdir" "$kdir.tmp"
  mkdir -p "$kdir.tmp"
  if ! dpkg-deb -x "$deb" "$kdir.tmp/root"; then
    rm -rf "$kdir.tmp"
    [ -z "${VM_KERNEL_DEB:-}" ] && rm -f "$deb" # a download cut short: fetch it again next time
    die "dpkg-deb -x $deb failed"
  fi
  release=$(ls "$kdir.tmp/root/lib/modules" | head -n 1)
  [ -n "$release" ] && [ -f "$kdir.tmp/root/boot/vmlinuz-$release" ] || die "$deb holds no kernel"
  # Debian's package leaves modules.dep to depmod in postinst; busybox has one.
  "$busybox" depmod -b "$kdir.tmp/root" "$release" || die "depmod failed"
  mkdir -p "$kdir/modules"
  cp "$kdir.tmp/root/boot/vmlinuz-$release" "$kdir/vmlinuz"
  # Booted uncompressed through its PVH entry, the kernel starts about 4 s
  # sooner under TCG than a bzImage that SeaBIOS loads and decompresses.
  if grep -q '^CONFIG_PVH=y' "$kdir.tmp/root/boot/config-$release"; then
    extract_vmlinux "$kdir/vmlinuz" "$kdir/vmlinux" || log "no vmlinux in the bzImage: booting it compressed"
  fi
  cp "$kdir.tmp/root/lib/modules/$release/modules.dep" "$kdir/modules.dep"
  # what is built in (6.12 builds virtio_pci in, 6.1 has it as a module)
  cp "$kdir.tmp/root/lib/modules/$release/modules.builtin" "$kdir/modules.builtin" 2>/dev/null || : >"$kdir/modules.builtin"
  echo "$release" >"$kdir/release"
  # Keep the modules we may load (and what they need), nothing else.
  declare -A deps=()
  while IFS= read -r line; do
    mod=${line%%:*}; deps[$mod]=${line#*:}
  done <"$kdir/modules.dep"
  declare -A wanted=()
  want () { # module path: it and its dependencies
    local m=$1 d
    [ -n "${wanted[$m]:-}" ] && return 0
    wanted[$m]=1
    for d in ${deps[$m]}; do want "$d"; done
  }
  for name in $required_modules $optional_modules; do
    for m in "${!deps[@]}"; do
      base=${m##*/}; base=${base%%.ko*}
      [ "${base//-/_}" = "${name//-/_}" ] && want "$m"
    done
  done
  for m in "${!wanted[@]}"; do
    mkdir -p "$kdir/modules/$(dirname "$m")"
    src=$kdir.tmp/root/lib/modules/$release/$m
    case $m in # insmod of busybox takes plain .ko files
      *.ko) cp "$src" "$kdir/modules/$m" ;;
      *.ko.xz) xz -dc "$src" >"$kdir/modules/${m%.xz}" ;;
      *.ko.zst) zstd -qdc "$src" >"$kdir/modules/${m%.zst}" ;;
      *.ko.gz) gzip -dc "$src" >"$kdir/modules/${m%.gz}" ;;
    esac
  done
  sed -i 's/\.ko\.\(xz\|zst\|gz\)/.ko/g' "$kdir/modules.dep"
  rm -rf "$kdir.tmp"
  echo "$layout" >"$kdir/done"
fi
release=$(cat "$kdir/release")

# --- the initramfs --------------------------------------------------------------
root=$(mktemp -d "$out/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,etc,proc,sys,dev,tmp,run,lower,upper,host,out,usr/bin,usr/sbin} "$root/lib/modules/$release"
cp "$guest_busybox" "$root/bin/busybox"
# the scenario's shell: the host's bash, or (a foreign guest) this busybox copied into the chroot
if [ "$guest_busybox" = "$busybox" ]; then echo bash; else echo busybox; fi >"$root/etc/guest-shell"
cp -a "$kdir/modules/." "$root/lib/modules/$release/"
cp "$kdir/modules.dep" "$root/lib/modules/$release/modules.dep"
echo "$release" >"$root/etc/kernel-release"

# Load order: every module after what it depends on; "req" or "opt".
declare -A deps=() listed=()
while IFS= read -r line; do deps[${line%%:*}]=${line#*:}; done <"$kdir/modules.dep"
order=()
visit () { # module path
  local m=$1 d
  [ -n "${listed[$m]:-}" ] && return 0
  listed[$m]=1
  for d in ${deps[$m]}; do visit "$d"; done
  order+=("$m")
}
path_of () { # module name -> path in modules.dep
  local m base
  for m in "${!deps[@]}"; do
    base=${m##*/}; base=${base%.ko}
    [ "${base//-/_}" = "${1//-/_}" ] && { echo "$m"; return 0; }
  done
  return 1
}
: >"$root/etc/modules"
for kind in req opt; do
  names=$required_modules; [ $kind = opt ] && names=$optional_modules
  for name in $names; do
    if ! p=$(path_of "$name"); then
      if sed 's#.*/##; s/\.ko$//; s/-/_/g' "$kdir/modules.builtin" | grep -qx "${name//-/_}"; then
        log "module $name is built into the kernel"
        continue
      fi
      [ $kind = req ] && die "module $name is not in $(basename "$deb")"
      log "optional module $name is not in $(basename "$deb")"
      continue
    fi
    order=()
    visit "$p"
    for m in "${order[@]}"; do echo "$kind $m" >>"$root/etc/modules"; done
  done
done

cat >"$root/init" <<'INIT'
#!/bin/busybox sh
# PID 1 of the test VM (written by tests/vm/build-initramfs.sh): modules,
# the host's root over 9p under a tmpfs overlay at /host, then the scenario
# chrooted there; prints VM-EXIT-CODE=N and powers off.
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
ln -s /proc/self/fd /dev/fd # what udev would add; bash's <(...) needs it
ln -s /proc/self/fd/0 /dev/stdin; ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr

finish () { # exit code: the marker, on the console and (synchronously) in the kernel log
  echo "VM-EXIT-CODE=$1"
  echo "<0>VM-EXIT-CODE=$1" >/dev/kmsg
  sync
  sleep 0.3 # let the tty drain
  poweroff -f
  sleep 5; echo o >/proc/sysrq-trigger; while :; do sleep 1; done
}
fail () { echo "vm-init: $*"; finish 125; }

run= outdir= tmo=200
for word in $(cat /proc/cmdline); do
  case $word in
    vmrun=*) run=${word#vmrun=} ;;
    vmout=*) outdir=${word#vmout=} ;;
    vmtimeout=*) tmo=${word#vmtimeout=} ;;
  esac
done

release=$(cat /etc/kernel-release)
while read -r kind m; do
  if ! err=$(insmod "/lib/modules/$release/$m" 2>&1); then
    case $err in *"File exists"*) continue ;; esac
    [ "$kind" = req ] && fail "insmod $m: $err"
    echo "vm-init: optional module $m: $err"
  fi
done </etc/modules

mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=loose,ro hostroot /lower ||
  fail "cannot mount the host share (9p tag hostroot)"
mount -t tmpfs -o mode=0755 upper /upper && mkdir -p /upper/data /upper/work
mount -t overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work overlay /host ||
  fail "cannot mount the overlay on the host share"
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -o bind /dev /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts -o ptmxmode=0666,mode=0620 devpts /host/dev/pts
mount -t tmpfs -o mode=1777 tmpfs /host/dev/shm
mount -t tmpfs -o mode=0755 tmpfs /host/run
for fs in configfs:/sys/kernel/config debugfs:/sys/kernel/debug tracefs:/sys/kernel/tracing bpf:/sys/fs/bpf; do
  mount -t "${fs%%:*}" none "/host${fs#*:}" 2>/dev/null
done
# The VM's modules where modprobe (busybox's, in the chroot) looks for them.
mkdir -p "/host/lib/modules/$release" && mount -o bind "/lib/modules/$release" "/host/lib/modules/$release"
if [ -n "$outdir" ]; then
  mkdir -p "/host$outdir" && mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vmout "/host$outdir" ||
    fail "cannot mount the output share at $outdir"
fi
echo "vm-init: up in $(cut -d' ' -f1 /proc/uptime) s, kernel $release"

[ -n "$run" ] || fail "no vmrun=SCRIPT on the kernel command line"
envp="HOME=/root TERM=dumb LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
if [ "$(cat /etc/guest-shell)" = busybox ]; then
  # the host's programs are of another architecture: busybox is the shell (and env, sed, ...)
  # (its applets first in PATH: the host's /usr/bin cannot run here)
  # (named busybox: it picks the applet by its name)
  mkdir -p /host/run/vm-bin && cp /bin/busybox /host/run/vm-bin/busybox &&
    chroot /host /run/vm-bin/busybox --install -s /run/vm-bin
  timeout -s KILL "$tmo" chroot /host /run/vm-bin/busybox env -i $envp PATH=/run/vm-bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /run/vm-bin/sh "$run" </dev/null 2>&1
else
  timeout -s KILL "$tmo" chroot /host /usr/bin/env -i $envp /bin/bash "$run" </dev/null 2>&1
fi
rc=$?
[ $rc -eq 137 ] && echo "vm-init: scenario killed after ${tmo} s (guest timeout)"
sync
finish $rc
INIT
chmod 755 "$root/init"

(cd "$root" && find . | LC_ALL=C sort | "$busybox" cpio -o -H newc 2>/dev/null) | gzip -1 >"$out/initramfs.cpio.gz.tmp"
mv "$out/initramfs.cpio.gz.tmp" "$out/initramfs.cpio.gz"
rm -f "$out/kernel"
kernel=$kdir/vmlinuz # arm64: Debian ships the uncompressed Image
[ -f "$kdir/vmlinux" ] && kernel=$kdir/vmlinux
ln -f "$kernel" "$out/kernel" 2>/dev/null || cp "$kernel" "$out/kernel"
echo "$release" >"$out/kernel-release"
echo "$stamp" >"$out/stamp"
log "built $out/initramfs.cpio.gz ($(du -k "$out/initramfs.cpio.gz" | cut -f1) KiB) for $release"
