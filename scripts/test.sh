#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds into build-test/
# and runs every CTest test (unit, golden, capture, fuzz smoke).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build-test -j"$(nproc)"
# the real-kernel tests must run here, not be skipped for a missing tool
(cd build-test && VM_NO_SKIP=1 ctest --output-on-failure -j"$(nproc)")

# The same core built with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# and libFuzzer: the unit tests must run clean under the sanitizers, and each
# fuzz target gets a short run on its seed corpus.
# qrtr-capture and the fake modem are built the same way and their end-to-end
# tests (qmicli through the bridge, lost sources, disk full, bad input) run
# under the sanitizers too.
CC=clang cmake -S . -B build-fuzz -DENABLE_FUZZERS=ON -DBUILD_DISSECTOR=OFF -DBUILD_CAPTURE=ON
cmake --build build-fuzz -j"$(nproc)"
(cd build-fuzz && ctest --output-on-failure -j"$(nproc)" -L 'unit|fuzz|capture')
