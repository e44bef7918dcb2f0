#!/usr/bin/env bash
# Installs what is needed, builds, and runs quorumcheck's main job on built-in defaults:
# for now, checking the bundled example history of a new-old inversion, which is not
# linearizable (exit 1 means the violation was found and shown).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "quorumcheck: installing what is missing and building (the first run takes a few minutes)" >&2
bash ci/setup.sh >/dev/null
set +e
build/cli/quorumcheck check --model register examples/new-old-inversion.jsonl
code=$?
echo "quorumcheck exited $code (0 holds, 1 violated, 2 undecided, 64 usage, 65 malformed input)"
exit $code
