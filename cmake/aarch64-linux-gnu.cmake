# Cross-building capture/ (and wire/) for arm64 on a Debian amd64 machine
# with Debian's multiarch packages: gcc-aarch64-linux-gnu and the :arm64
# -dev packages (libglib2.0-dev, libjson-glib-dev, libpcap-dev, libbpf-dev;
# scripts/install-deps.sh installs them). The BPF side of the taps is built
# by the host's clang for the BPF target with arm64's kprobe registers.
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake -DBUILD_DISSECTOR=OFF
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# libraries and headers: the arm64 ones only; programs (clang, bpftool): the host's
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH / /usr/aarch64-linux-gnu)
# pkg-config reads arm64's .pc files (multiarch puts them in the arch's libdir)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
