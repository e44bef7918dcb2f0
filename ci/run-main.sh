#!/usr/bin/env bash
# Installs what is needed, builds, and runs quorumcheck's main job on built-in defaults:
# `quorumcheck run` simulates 5 nodes (N=3, R=2, W=2, async read repair) under
# partitions, crashes and clock skew, checks the history and prints the verdict, the
# seed and the replay command: exit 0 when this run's history is linearizable, 1 when a
# violation was found and shown. The run's files go to build/run-main. Arguments go to
# `run` (e.g. --seed 42). For the configuration's guarantees over many runs, see
# `quorumcheck claims`.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "quorumcheck: installing what is missing and building (the first run takes a few minutes)" >&2
bash ci/setup.sh >/dev/null
set +e
build/cli/quorumcheck run --out build/run-main "$@"
code=$?
echo "quorumcheck exited $code (0 holds, 1 violated, 2 undecided, 64 usage, 65 malformed input)"
exit $code
