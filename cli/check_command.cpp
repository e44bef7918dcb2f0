#include "cli/check_command.h"

#include <charconv>
#include <iostream>
#include <memory>

#include "checker/linearizability.h"
#include "checker/report.h"
#include "checker/staleness.h"
#include "cli/exit_codes.h"
#include "cli/html_output.h"
#include "cli/option_checks.h"
#include "histories/import.h"

namespace qc {
namespace {

struct CheckArguments {
  std::vector<std::string> files;
  std::string model = "cas-register";
  std::string initial = "nil";
  std::string nil_read = "empty";
  std::string format = "auto";
  std::int64_t budget_ms = 60000;
  std::uint64_t memory_mb = 2048;
  bool json = false;
  std::string html;  // one file's timeline page
  bool no_zones = false;
  bool all_keys = false;
};

// --initial: nil, an integer, or any other text as a string ("\"5\"" for the string 5).
Value parse_initial(const std::string& text) {
  if (text == "nil" || text == "null") return Value();
  std::int64_t number = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, number);
  if (error == std::errc() && stop == end) return Value::integer(number);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return Value::string(text.substr(1, text.size() - 2));
  }
  return Value::string(text);
}

// Returns the file's exit code: 0 holds, 1 violated, 2 undecided, 65 unreadable.
int check_file(const std::string& file, const CheckArguments& arguments, HistoryFormat format,
               const CheckOptions& options) {
  auto operations = load_operations(file, format);
  if (!operations.is_ok()) {
    std::cerr << "quorumcheck: " << operations.status().message() << "\n";
    return kExitMalformed;
  }
  auto result = check_linearizability(operations.value(), options);
  if (!result.is_ok()) {
    std::cerr << "quorumcheck: " << file << ": " << result.status().message() << "\n";
    return exit_code_for(result.status());
  }
  const std::string text = render_text(file, options.model, result.value(), operations.value());
  if (arguments.json) {
    std::cout << render_json(file, options.model, result.value(), operations.value()).dump() << "\n";
  } else {
    std::cout << text;
  }
  if (!arguments.html.empty()) {
    TimelineInput page{file, operations.value(), &result.value(), first_line(text), {},
                       measure_staleness(operations.value()).per_read};
    if (Status written = write_timeline_page(arguments.html, page, "--html"); !written.is_ok()) {
      std::cerr << "quorumcheck check: " << written.message() << "\n";
      return exit_code_for(written);
    }
    if (!arguments.json) std::cout << "timeline: " << arguments.html << "\n";
  }
  return exit_code_for(result.value().verdict);
}

// Several files: unreadable input outranks a violation, which outranks undecided.
int combine(int worst, int code) {
  auto rank = [](int c) { return c == kExitMalformed ? 3 : c == kExitViolated ? 2 : c == kExitUndecided ? 1 : 0; };
  return rank(code) > rank(worst) ? code : worst;
}

int run_check(const CheckArguments& arguments) {
  auto format = history_format_from_string(arguments.format);
  if (!format) {
    std::cerr << "quorumcheck check: unknown --format " << arguments.format
              << "; expected auto, jsonl, edn, knossos, jepsen, porcupine-kv or porcupine-etcd\n";
    return kExitUsage;
  }
  CheckOptions options;
  options.model = arguments.model;
  options.model_options.initial = parse_initial(arguments.initial);
  options.model_options.nil_read = arguments.nil_read == "any" ? NilRead::any : NilRead::empty;
  options.limits.time_ms = arguments.budget_ms;
  options.limits.memory_bytes = arguments.memory_mb << 20;
  options.use_zones = !arguments.no_zones;
  options.all_keys = arguments.all_keys;
  if (!arguments.html.empty() && arguments.files.size() != 1) {
    std::cerr << "quorumcheck check: --html draws one history; " << arguments.files.size()
              << " files were given (check them one at a time)\n";
    return kExitUsage;
  }
  int worst = kExitHolds;
  for (const std::string& file : arguments.files) {
    const int code = check_file(file, arguments, *format, options);
    if (code == kExitUsage) return code;  // e.g. an unknown model: same for every file
    worst = combine(worst, code);
  }
  return worst;
}

}  // namespace

CommandHandle add_check_command(CLI::App& parent) {
  auto arguments = std::make_shared<CheckArguments>();
  CLI::App* app = parent.add_subcommand(
      "check",
      "Decide whether each history is linearizable. Exit 0: all linearizable; 1: a violation "
      "(shown with its evidence); 2: undecided within the budget; 65: unreadable or malformed "
      "input.");
  app->add_option("files", arguments->files, "history files (JSON Lines, Jepsen/Knossos EDN, Porcupine logs)")
      ->required();  // a missing file is unreadable input (65), reported with the others
  app->add_option("--model", arguments->model, std::string("the object's model: ") + kModelNames)
      ->capture_default_str()
      ->check(CLI::IsMember({"cas-register", "register", "kv-append"}));
  app->add_option("--initial", arguments->initial,
                  "the register's initial value: nil, an integer or a string")
      ->capture_default_str();
  app->add_option("--nil-read", arguments->nil_read,
                  "what a read of nil means: empty (only the nil state) or any (tells nothing, as in Knossos)")
      ->capture_default_str()
      ->check(CLI::IsMember({"empty", "any"}));
  app->add_option("--format", arguments->format,
                  "input format: auto, jsonl, edn (knossos, jepsen, porcupine-kv), porcupine-etcd")
      ->capture_default_str();
  app->add_option("--budget-ms", arguments->budget_ms,
                  "give up as undecided after this much search time per file (0: no limit)")
      ->capture_default_str()
      ->check(whole_number(0, INT64_MAX));
  app->add_option("--memory-mb", arguments->memory_mb,
                  "give up as undecided when the search cache for one key outgrows this")
      ->capture_default_str()
      ->check(whole_number(1, 1u << 20));  // up to a TiB; the bytes must fit 64 bits
  app->add_flag("--json", arguments->json, "print one JSON object per file instead of text");
  app->add_option("--html", arguments->html,
                  "also write the history's timeline (one self-contained HTML page, the violation drawn on it) to "
                  "this file; one history file only");
  app->add_flag("--all-keys", arguments->all_keys,
                "check every key and report every violation (default: stop at the first key proved not "
                "linearizable; keys are tried in rounds of growing budgets, so cheap ones go first)");
  app->add_flag("--no-zones", arguments->no_zones,
                "decide every key by the general search, also registers with distinct writes "
                "(slower; to compare the two algorithms)");
  return CommandHandle{app, [arguments] { return run_check(*arguments); }};
}

}  // namespace qc
