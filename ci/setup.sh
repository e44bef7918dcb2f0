#!/usr/bin/env bash
# Installs every Debian package the build needs (idempotent, quiet when all is there),
# then configures and builds into build/. Safe to run on a minimal Debian 12 with only apt.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make ccache librapidcheck-dev libgtest-dev libgmock-dev libboost-dev
          nlohmann-json3-dev libbenchmark-dev libcli11-dev libjemalloc-dev redis-tools)
# The browser tests (tests/browser): Debian's Chromium, and node with npm for the driver.
# A node or npm already on the PATH (say from another packager) is used as it is.
browser_packages=(chromium:chromium nodejs:node npm:npm)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
for entry in "${browser_packages[@]}"; do
  package=${entry%%:*} command=${entry#*:}
  if ! command -v "$command" >/dev/null &&
     ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    as_root=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser driver and axe-core, pinned by tests/browser/package-lock.json; installed again
# only when node_modules is missing or older than the lock file.
browser_dir=tests/browser
if [ ! -d "$browser_dir/node_modules" ] || [ "$browser_dir/package-lock.json" -nt "$browser_dir/node_modules/.package-lock.json" ]; then
  echo "setup: npm ci in $browser_dir"
  npm ci --prefix "$browser_dir" --no-audit --no-fund --loglevel=error >/dev/null
fi

build_type=${BUILD_TYPE:-Release}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" -DQC_WERROR="$werror" >/dev/null
cmake --build build -j "$(nproc)"
