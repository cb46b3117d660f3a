#!/usr/bin/env bash
# Runs tshark with the freshly built plugin and the source schemas, as an
# unprivileged user when started as root: tshark run as root ignores
# WIRESHARK_PLUGIN_DIR and the personal plugin folder. Everything tshark
# needs is copied into a world-readable temporary folder first, since the
# build tree may live under a private home (CI clones into /root).
#
# usage: run-tshark.sh PLUGIN_SO SCHEMA_DIR [tshark args...]
# Capture files named in the arguments must be readable by that user: pass
# them through $RUN_TSHARK_FILES (space-separated) to have them copied, and
# refer to them as @name in the arguments.
set -euo pipefail
plugin=$1 schemas=$2
shift 2

# Wireshark loads plugins from <plugin dir>/<major.minor>/epan; the build
# writes the release it built the plugin for next to it (dissector/CMakeLists.txt).
release_file=$(dirname "$plugin")/../wireshark-release
[ -r "$release_file" ] || { echo "run-tshark: $release_file is missing (written by the build)" >&2; exit 2; }
release=$(cat "$release_file")

work=$(mktemp -d /tmp/qrtr-tshark.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/plugins/$release/epan" "$work/schemas" "$work/files" "$work/home/.config"
cp "$plugin" "$work/plugins/$release/epan/"
cp "$schemas"/*.json "$work/schemas/" 2>/dev/null || true
for f in ${RUN_TSHARK_FILES:-}; do cp "$f" "$work/files/"; done
# RUN_TSHARK_PROFILES: a folder of configuration profiles to install as the
# user's (tshark -C NAME)
if [ -n "${RUN_TSHARK_PROFILES:-}" ]; then
  mkdir -p "$work/home/.config/wireshark/profiles"
  cp -r "$RUN_TSHARK_PROFILES"/. "$work/home/.config/wireshark/profiles/"
fi
chmod -R a+rX "$work"

args=()
for a in "$@"; do
  case "$a" in
    @*) args+=("$work/files/${a#@}") ;;
    *) args+=("$a") ;;
  esac
done

env_args=(
  WIRESHARK_PLUGIN_DIR="$work/plugins"
  QMI_SCHEMA_PATH="$work/schemas"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
  TZ=UTC LC_ALL=C.UTF-8
)
# Tests run with wmem's strict allocator (canaries, every allocation a
# malloc) and abort on dissector bugs; the benchmark measures what users
# run, Wireshark's normal allocators, and sets RUN_TSHARK_NO_DEBUG=1.
if [ -z "${RUN_TSHARK_NO_DEBUG:-}" ]; then
  env_args+=(WIRESHARK_DEBUG_WMEM_OVERRIDE=strict WIRESHARK_ABORT_ON_DISSECTOR_BUG=1)
fi
# RUN_TSHARK_ENV: more NAME=VALUE words for tshark's environment, after
# (so in place of) the ones above: the ASan harness preloads the sanitizer
# runtime and replaces the strict allocator (tests/asan/run-asan-tshark.sh).
if [ -n "${RUN_TSHARK_ENV:-}" ]; then
  read -r -a extra_env <<<"$RUN_TSHARK_ENV"
  env_args+=("${extra_env[@]}")
fi
cd "$work"
# RUN_TSHARK_WRAPPER: a command to run tshark under (the benchmark counts
# instructions with valgrind), split on spaces.
read -r -a wrapper <<<"${RUN_TSHARK_WRAPPER:-}"
if [ "$(id -u)" -eq 0 ]; then
  setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    env -i PATH="$PATH" "${env_args[@]}" "${wrapper[@]}" tshark "${args[@]}"
else
  env -i PATH="$PATH" "${env_args[@]}" "${wrapper[@]}" tshark "${args[@]}"
fi
