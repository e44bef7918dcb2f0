#!/usr/bin/env bash
# Fuzzes every input parser (fuzz/): installs clang and libFuzzer if missing, builds the
# targets with AddressSanitizer and UndefinedBehaviorSanitizer into build-fuzz/, builds a
# seed corpus per target and runs each for FUZZ_SECONDS seconds (default 60).
#
#   bash ci/fuzz.sh                       # every target, 60 s each
#   FUZZ_SECONDS=600 bash ci/fuzz.sh fuzz_bundle fuzz_gate
#
# Per target, the saved crashes (fuzz/regressions/<target>/) are run once first, then
# the fuzzer starts from the seeds. BUILD_JOBS (default: nproc) limits the build;
# FUZZ_KEEP_GOING=1 fuzzes on past crashes (fork mode), to look behind a known bug.
# What a run found stays in build-fuzz/fuzz/work/<target>/: corpus/ (grows from run to
# run), artifacts/ (crash-*, timeout-*, oom-* inputs: save them as
# fuzz/regressions/<target>/), fuzz.log, regressions.log.
# Exit 0 when every saved crash is fixed and fuzzing found nothing, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
build_jobs=${BUILD_JOBS:-$(nproc)}
all_targets=(fuzz_jsonl fuzz_edn fuzz_porcupine_etcd fuzz_sim_config fuzz_fault_schedule fuzz_bundle fuzz_gate)
targets=("$@")
((${#targets[@]})) || targets=("${all_targets[@]}")

# --- install: clang with its libFuzzer/sanitizer runtimes, and the libraries the build needs
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  as_root=(sudo)
fi
missing=()
if ! command -v clang++ >/dev/null; then
  missing+=(clang libclang-rt-dev)
elif [ ! -e "$(clang++ -print-runtime-dir)/libclang_rt.fuzzer-x86_64.a" ]; then
  missing+=(libclang-rt-dev)  # clang without its recommended runtimes: no libFuzzer
fi
for package in cmake make ccache librapidcheck-dev nlohmann-json3-dev libcli11-dev; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if ((${#missing[@]})); then
  echo "fuzz: installing ${missing[*]}"
  if ((${#as_root[@]})) && ! command -v sudo >/dev/null; then
    echo "fuzz: need root or sudo to install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- build: only the fuzz targets and the libraries they link
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(cd .. && pwd)}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DQC_FUZZ=ON -DQC_BUILD_TESTS=OFF -DQC_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$build_jobs" --target "${targets[@]}"

# --- seeds: the checked-in corpus, the examples, and the validation histories
validation=../shared/validation
seeds_of() {  # target -> files to copy into its seed corpus
  local target=$1
  find "fuzz/corpus/$target" -type f
  case $target in
    fuzz_jsonl) find examples -name '*.jsonl' ;;
    fuzz_gate) echo examples/gate.json ;;
    fuzz_edn) [ -d "$validation" ] && find "$validation/knossos-cas-register" "$validation/porcupine-kv" -type f ;;
    fuzz_porcupine_etcd) [ -d "$validation" ] && find "$validation/porcupine-etcd" -type f ;;
  esac
  return 0
}
options_of() {  # target -> extra libFuzzer options (as fuzz/CMakeLists.txt, which says why)
  case $1 in
    fuzz_edn) echo -max_len=4096 ;;  # the 75 KB seeds otherwise make it ~30x slower
  esac
}
keep_going=()
if [ "${FUZZ_KEEP_GOING:-0}" = 1 ]; then
  # Past the first crash: a child process fuzzes, every crash, timeout and OOM input is
  # saved and fuzzing goes on (to look past a known bug).
  keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

# --- fuzz
status=0
summary=()
for target in "${targets[@]}"; do
  work=build-fuzz/fuzz/work/$target
  rm -rf "$work/seeds" "$work/artifacts"
  mkdir -p "$work/seeds" "$work/corpus" "$work/artifacts"
  while read -r file; do
    [ -n "$file" ] || continue
    # Flatten the path into the name so equal file names from two folders both stay.
    cp "$file" "$work/seeds/$(echo "${file#../}" | tr '/' '_')"
  done < <(seeds_of "$target")

  # The saved crashes first, each run once: one that still crashes is reported, and
  # fuzzing then starts from the seeds alone so that it can find something else.
  regressions=open
  if [ -d "fuzz/regressions/$target" ]; then
    if "build-fuzz/fuzz/$target" -runs=0 -rss_limit_mb=2048 -timeout=10 "fuzz/regressions/$target" \
         >"$work/regressions.log" 2>&1; then
      regressions=pass
    else
      regressions="STILL CRASH (see $work/regressions.log)"
      status=1
    fi
  else
    regressions=none
  fi

  echo "fuzz: $target for ${seconds} s ($(find "$work/seeds" -type f | wc -l) seeds)"
  result=ok
  # shellcheck disable=SC2046  # options_of's words are separate options
  if ! "build-fuzz/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
       -print_final_stats=1 -artifact_prefix="$work/artifacts/" $(options_of "$target") "${keep_going[@]}" \
       "$work/corpus" "$work/seeds" >"$work/fuzz.log" 2>&1 || [ -n "$(ls -A "$work/artifacts")" ]; then
    result="FOUND $(find "$work/artifacts" -type f | wc -l) inputs (see $work/artifacts/)"
    status=1
  fi
  # Execs: the final stats, or in fork mode the last progress line (#N: ...).
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
  [ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$work/fuzz.log" | tail -1)
  summary+=("$(printf '%-22s %10s execs in %s s   regressions: %s   fuzzing: %s' \
                      "$target" "${execs:-?}" "$seconds" "$regressions" "$result")")
done

echo "fuzz: ${seconds} s per target"
printf '%s\n' "${summary[@]}"
exit "$status"
