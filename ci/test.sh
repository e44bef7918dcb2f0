#!/usr/bin/env bash
# Installs what is needed, builds, and runs the default test set (label `unit`).
# Long campaigns carry the label `long` and run only when asked: ctest --test-dir build -L long
set -euo pipefail
cd "$(dirname "$0")/.."
bash ci/setup.sh
ctest --test-dir build --output-on-failure -L unit -j "$(nproc)" --timeout 600
