#!/usr/bin/env bash
# Debian's redis-benchmark against real `quorumcheck node` processes on 127.0.0.1:
# a 3-node cluster with N=3 R=W=2 (durable), then one node with N=R=W=1 (durable), so
# the cost of the quorum shows. Prints redis-benchmark's summary for SET and GET.
# Usage: bench/redis_benchmark.sh [requests, default 20000] [clients, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
binary=build/cli/quorumcheck
requests=${1:-20000}
clients=${2:-50}
command -v redis-benchmark >/dev/null || { echo "redis-benchmark missing: run ci/setup.sh" >&2; exit 1; }
[ -x "$binary" ] || { echo "$binary missing: run ci/setup.sh" >&2; exit 1; }
work=$(mktemp -d)
pids=()
cleanup() {
  exec 2>/dev/null  # no "Killed" notices for the nodes
  for pid in "${pids[@]}"; do kill -9 "$pid" || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_cluster M N R W: starts M nodes, waits until each sees every peer; node 0's port
# goes to first_port.
start_cluster() {
  local m=$1 n=$2 r=$3 w=$4 ports=() id peer peers
  for ((id = 0; id < m; id++)); do ports+=("$(free_port)"); done
  for ((id = 0; id < m; id++)); do
    peers=""
    for ((peer = 0; peer < m; peer++)); do
      [ "$peer" = "$id" ] || peers="$peers${peers:+,}$peer=127.0.0.1:${ports[$peer]}"
    done
    "$binary" node --id "$id" --listen "127.0.0.1:${ports[$id]}" ${peers:+--peers "$peers"} \
      --data "$work/m$m-n$id" --n "$n" --r "$r" --w "$w" --durability durable >>"$work/nodes.log" 2>&1 &
    pids+=($!)
  done
  for ((id = 0; id < m; id++)); do
    for _ in $(seq 100); do
      redis-cli -p "${ports[$id]}" QC.STATUS 2>/dev/null | grep -q "peers_up:$((m - 1))" && break
      sleep 0.05
    done
  done
  first_port=${ports[0]}
}

run() {
  local label=$1 port=$2 test
  for test in set get; do
    echo "== $label: redis-benchmark -t $test -n $requests -c $clients (to node 0)"
    redis-benchmark -p "$port" -t "$test" -n "$requests" -c "$clients" 2>/dev/null |
      tr '\r' '\n' | grep -E 'throughput summary|latency summary|avg +min|^ +[0-9.]+ +[0-9.]+ +[0-9.]+'
  done
}

echo "machine: $(nproc) cores, $(uname -r); $(date -u +%F)"
start_cluster 3 3 2 2
run "3 nodes, N=3 R=2 W=2, durable" "$first_port"
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
wait 2>/dev/null || true
pids=()
start_cluster 1 1 1 1
run "1 node, N=1 R=1 W=1, durable" "$first_port"
