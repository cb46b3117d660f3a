#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a working analyzer: installs
# the packages, builds, installs the plugin, qrtr-capture and the schemas, and
# dissects the bundled example capture with tshark.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/scripts/install-deps.sh"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"
cmake --install build

echo "== tshark -r pcaps/example.pcapng (QMI layers expanded)"
tshark -r pcaps/example.pcapng -O qmux,qmi -V
echo "== qrtr-capture -r pcaps/example.pcapng"
qrtr-capture -r pcaps/example.pcapng
