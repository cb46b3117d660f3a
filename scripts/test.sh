#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds into build-test/
# and runs every CTest test (unit, golden, capture, fuzz smoke).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
