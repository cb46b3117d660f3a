#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds into build-test/
# and runs every CTest test (unit, golden, capture, fuzz smoke, vm) against
# this machine's Wireshark, the sanitizer and fuzz build, then the same build
# and tests against the Wireshark of Debian 13 and sid in chroots, and the
# Debian packages. Each step prints its time; the last lines sum them up.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
steps=()
step () { # name, command...: runs it, records its time
  local name=$1 t=$SECONDS; shift
  "$@"
  steps+=("$name: $((SECONDS - t)) s")
  echo "== $name: $((SECONDS - t)) s"
}
host_tests () {
  cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DENABLE_WERROR=ON
  cmake --build build-test -j"$(nproc)"
  # the real-kernel tests must run here, not be skipped for a missing tool
  (cd build-test && VM_NO_SKIP=1 ctest --output-on-failure -j"$(nproc)")
}
fuzz_tests () {
  CC=clang cmake -S . -B build-fuzz -DENABLE_WERROR=ON -DENABLE_FUZZERS=ON -DBUILD_DISSECTOR=OFF -DBUILD_CAPTURE=ON
  cmake --build build-fuzz -j"$(nproc)"
  (cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L 'unit|fuzz|capture')
}
# The plugin itself under ASan+UBSan, loaded into tshark (which carries no
# sanitizer: the plugin links the shared runtime and the harness preloads
# it): every capture of pcaps/ and 1,000 editcap mutations of them, with
# -2 -V, -T fields over every schema field and -Y filters on schema fields;
# any sanitizer report fails (tests/asan/run-asan-tshark.sh).
asan_tests () {
  CC=clang cmake -S . -B build-asan -DENABLE_WERROR=ON -DENABLE_SANITIZERS=ON -DCMAKE_MODULE_LINKER_FLAGS=-shared-libasan \
    -DBUILD_CAPTURE=OFF
  # and the libFuzzer target through epan (tests/fuzz-epan), a short run
  cmake --build build-asan -j"$(nproc)" --target qrtr-plugin fuzz-epan
  (cd build-asan && ctest --output-on-failure -L asan)
}

arm64_build () {
  cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBUILD_DISSECTOR=OFF -DBUILD_TESTING=OFF
  cmake --build build-arm64 -j"$(nproc)"
  local f
  for f in capture/qrtr-capture capture/qmi-fake-modem capture/fake-qrtr-service capture/bpf/qrtr-bpf-tap \
           capture/bpf/wwan-bpf-tap capture/preload/qrtr-preload.so; do
    head -c 20 "build-arm64/$f" | od -An -tx1 | tr -d ' \n' | grep -q '^7f454c46020101.\{22\}b700$' ||
      { echo "test.sh: build-arm64/$f is not an arm64 ELF file"; return 1; }
  done
}

step "install-deps" "$top/scripts/install-deps.sh"
# capture/ (qrtr-capture, the eBPF taps, the preload tap, the fakes) and wire/
# cross-built for arm64 with Debian's multiarch packages: phones, Snapdragon
# laptops and dev boards run those. Every program must come out as an arm64 ELF;
# the arm64 VM test (vm/6.1-arm64/qrtr, in the next step) runs them.
step "cross-build capture/ for arm64" arm64_build
step "build and test against Wireshark $(dpkg-query -W -f='${Version}' tshark 2>/dev/null || echo '?')" host_tests

# The same core built with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# and libFuzzer: the unit tests must run clean under the sanitizers, and each
# fuzz target gets a short run on its seed corpus.
# qrtr-capture and the fake modem are built the same way and their end-to-end
# tests (qmicli through the bridge, lost sources, disk full, bad input) run
# under the sanitizers too.
step "sanitizer and fuzz build and tests" fuzz_tests
step "the plugin under ASan in tshark" asan_tests

# Wireshark 4.4 (Debian 13) and 4.6 (sid): build with -Werror, unit, golden
# and capture tests in debootstrap chroots (cached in /var/tmp), and the
# Debian packages built, installed and smoke-tested in the Debian 13 one.
step "Wireshark releases in chroots" "$top/tests/releases/run-releases.sh" "$top/build-test/releases"

echo "== steps"
printf '  %s\n' "${steps[@]}"
