// Times the linearizability checker on the validation set and on synthetic histories.
// Parsing happens outside the timed loops unless the benchmark's name says "Parse".
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "checker/linearizability.h"
#include "histories/import.h"
#include "histories/jsonl.h"
#include "histories/synthetic.h"

namespace qc {
namespace {

std::string validation_dir() {
  const char* override_dir = std::getenv("QC_VALIDATION_DIR");
  return override_dir ? override_dir : QC_VALIDATION_DIR;
}

struct LoadedCase {
  std::string path;
  HistoryFormat format;
  std::vector<Operation> operations;
  CheckOptions options;
};

// The cases of expected.json whose file starts with `prefix`.
std::vector<LoadedCase> load_validation(const std::string& prefix) {
  std::ifstream in(validation_dir() + "/expected.json");
  if (!in) return {};
  const auto document = nlohmann::json::parse(in);  // must outlive the loop below
  std::vector<LoadedCase> cases;
  for (const auto& entry : document.at("cases")) {
    const auto file = entry.at("file").get<std::string>();
    if (file.rfind(prefix, 0) != 0) continue;
    LoadedCase item;
    item.path = validation_dir() + "/" + file;
    item.format = *history_format_from_string(entry.at("format").get<std::string>());
    item.options.model = entry.at("model").get<std::string>();
    if (entry.at("initial").is_number_integer()) {
      item.options.model_options.initial = Value::integer(entry["initial"].get<std::int64_t>());
    }
    if (entry.value("nil_read", nlohmann::json()) == "any") item.options.model_options.nil_read = NilRead::any;
    auto history = load_history(item.path, item.format);
    if (!history.is_ok()) continue;
    item.operations = pair_operations(history.value()).value();
    cases.push_back(std::move(item));
  }
  return cases;
}

void check_all(benchmark::State& state, const std::string& prefix) {
  const auto cases = load_validation(prefix);
  if (cases.empty()) {
    state.SkipWithError("validation set not found; set QC_VALIDATION_DIR");
    return;
  }
  std::uint64_t steps = 0;  // per pass over the set: the search's work, machine-independent
  for (auto _ : state) {
    steps = 0;
    for (const auto& item : cases) {
      auto result = check_linearizability(item.operations, item.options);
      steps += result.value().search_steps;
      benchmark::DoNotOptimize(result);
    }
  }
  state.counters["histories"] = static_cast<double>(cases.size());
  state.counters["search_steps"] = static_cast<double>(steps);
}

void BM_CheckEtcdValidationSet(benchmark::State& state) { check_all(state, "porcupine-etcd/"); }
void BM_CheckWholeValidationSet(benchmark::State& state) { check_all(state, ""); }

// The etcd set as a user meets it: read, parse and check every file.
void BM_ParseAndCheckEtcdValidationSet(benchmark::State& state) {
  const auto cases = load_validation("porcupine-etcd/");
  for (auto _ : state) {
    for (const auto& item : cases) {
      auto history = load_history(item.path, item.format);
      auto operations = pair_operations(history.value());
      auto result = check_linearizability(operations.value(), item.options);
      benchmark::DoNotOptimize(result);
    }
  }
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// Synthetic histories: 1000 keys, 10 to 50 processes, 2% of writes time out.
void BM_CheckSyntheticHistory(benchmark::State& state) {
  SyntheticHistoryOptions options;
  options.operations = state.range(0);
  options.processes = static_cast<int>(state.range(1));
  const History history = generate_register_history(options);
  const auto operations = pair_operations(history).value();
  CheckOptions check;
  check.model = "register";
  for (auto _ : state) {
    auto result = check_linearizability(operations, check);
    if (result.value().verdict != Verdict::linearizable) state.SkipWithError("wrong verdict");
    benchmark::DoNotOptimize(result);
  }
  state.counters["ops"] = static_cast<double>(operations.size());
  state.counters["ops_per_s"] = benchmark::Counter(static_cast<double>(operations.size()),
                                                   benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

// A file of `text` in the temporary folder, written once per process.
std::string temp_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / ("qc-bench-" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A million-op (two million events) history as a user meets it: read the file, import, pair, check.
void load_and_check(benchmark::State& state, const std::string& path, HistoryFormat format, const std::string& model) {
  CheckOptions options;
  options.model = model;
  for (auto _ : state) {
    auto operations = load_operations(path, format);
    auto result = check_linearizability(operations.value(), options);
    if (result.value().verdict != Verdict::linearizable) state.SkipWithError("wrong verdict");
    benchmark::DoNotOptimize(result);
  }
  state.counters["file_MB"] = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

// Porcupine's kv shape scaled to 1M ops (histories/synthetic.h, seed 1; about 145 MB).
void BM_LoadAndCheckPorcupineKv1M(benchmark::State& state) {
  static const std::string path = temp_file("kv-1m-ops.txt", generate_porcupine_kv_text(KvHistoryOptions{}));
  load_and_check(state, path, HistoryFormat::edn, "kv-append");
}

// A 1M-op (2M-event) register history in our JSONL format (1000 keys, 20 clients, seed 1).
void BM_LoadAndCheckJsonl1M(benchmark::State& state) {
  SyntheticHistoryOptions options;
  options.operations = 1'000'000;  // invocations, each with its completion
  options.processes = 20;
  static const std::string path = temp_file("register-1m-ops.jsonl", to_jsonl(generate_register_history(options)));
  load_and_check(state, path, HistoryFormat::jsonl, "register");
}

BENCHMARK(BM_CheckEtcdValidationSet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAndCheckEtcdValidationSet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckWholeValidationSet)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadAndCheckPorcupineKv1M)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_LoadAndCheckJsonl1M)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_CheckSyntheticHistory)
    ->Args({10000, 10})
    ->Args({100000, 20})
    ->Args({1000000, 50})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1);

}  // namespace
}  // namespace qc

BENCHMARK_MAIN();
