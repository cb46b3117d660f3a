# Sourced by the host-side VM scripts: which kernel the VM boots and where
# its images live. VM_KERNEL is VERSION-ARCH (6.1-amd64, the default;
# 6.12-amd64); each kernel has its own image folder under VM_IMAGE_DIR, with
# its own package cache, so runs on different kernels never rebuild each other.
vm_kernel=${VM_KERNEL:-6.1-amd64}
[[ $vm_kernel =~ ^[0-9]+\.[0-9]+-(amd64|arm64)$ ]] || { echo "VM_KERNEL=$vm_kernel: want VERSION-ARCH, e.g. 6.12-amd64"; exit 2; }
vm_arch=${vm_kernel#*-}
images=${VM_IMAGE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/qrtr-analyzer-vm}/$vm_kernel
