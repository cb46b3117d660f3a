# Sourced by the host side (--host) of the scenarios that load a test module
# of capture/bpf/testing (scenario-bpf.sh, scenario-wwan.sh,
# scenario-arm64-qrtr.sh), with here set to tests/vm: the kernel the VM boots
# (vm-kernel.sh) and vm_test_module, which builds the VM's images, then the
# module for that kernel, both under the images' lock (run-vm.sh takes it
# too: the images name the kernel to build for).
. "$here/vm-kernel.sh"

vm_test_module () { # NAME: prints NAME.ko's path; nothing when it cannot be built (why: on stderr)
  mkdir -p "$images" || return 1
  ( flock 9 && "$here/build-initramfs.sh" "$images" "$vm_kernel" ) 9>"$images/.lock" >&2 || return 0
  ( flock 9 && "$here/../../capture/bpf/testing/build-test-module.sh" "$images" "$1" ) 9>"$images/.lock" || true
}
