// Every history in ../shared/validation must get the verdict its source published.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "checker/linearizability.h"
#include "histories/import.h"

namespace qc {
namespace {

struct ValidationCase {
  std::string file;
  std::string format;
  std::string model;
  Value initial;
  NilRead nil_read = NilRead::empty;
  bool linearizable = false;
};

std::vector<ValidationCase> load_cases() {
  std::ifstream in(std::string(QC_VALIDATION_DIR) + "/expected.json");
  EXPECT_TRUE(in.good()) << "cannot read " << QC_VALIDATION_DIR << "/expected.json";
  if (!in.good()) return {};
  const auto document = nlohmann::json::parse(in);
  std::vector<ValidationCase> cases;
  for (const auto& entry : document.at("cases")) {
    ValidationCase item;
    item.file = entry.at("file").get<std::string>();
    item.format = entry.at("format").get<std::string>();
    item.model = entry.at("model").get<std::string>();
    const auto& initial = entry.at("initial");
    if (initial.is_number_integer()) item.initial = Value::integer(initial.get<std::int64_t>());
    if (initial.is_string()) item.initial = Value::string(initial.get<std::string>());
    if (entry.contains("nil_read") && entry["nil_read"] == "any") item.nil_read = NilRead::any;
    item.linearizable = entry.at("linearizable").get<bool>();
    cases.push_back(item);
  }
  return cases;
}

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const ValidationCase& item, std::ostream* out) { *out << item.file; }

class ValidationSet : public ::testing::TestWithParam<ValidationCase> {};

TEST_P(ValidationSet, GetsThePublishedVerdict) {
  const ValidationCase& item = GetParam();
  const auto format = history_format_from_string(item.format);
  ASSERT_TRUE(format.has_value()) << item.format;
  auto history = load_history(std::string(QC_VALIDATION_DIR) + "/" + item.file, *format);
  ASSERT_TRUE(history.is_ok()) << history.status().message();
  auto operations = pair_operations(history.value());
  ASSERT_TRUE(operations.is_ok()) << operations.status().message();
  CheckOptions options;
  options.model = item.model;
  options.model_options.initial = item.initial;
  options.model_options.nil_read = item.nil_read;
  options.limits.time_ms = 60000;  // a safety net only: every case must be decided
  auto result = check_linearizability(operations.value(), options);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  ASSERT_NE(result.value().verdict, Verdict::unknown) << result.value().unknown_reason;
  EXPECT_EQ(result.value().verdict == Verdict::linearizable, item.linearizable) << item.file;
  if (!item.linearizable) {
    ASSERT_FALSE(result.value().violations.empty());
    for (const Violation& violation : result.value().violations) {
      EXPECT_TRUE(violation.blocking_op >= 0 || !violation.explanation.empty()) << "no evidence";
    }
  }
}

TEST(ValidationSetFile, ListsAllCases) { EXPECT_EQ(load_cases().size(), 115u); }

std::string case_name(const ::testing::TestParamInfo<ValidationCase>& info) {
  std::string name = info.param.file;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Published, ValidationSet, ::testing::ValuesIn(load_cases()), case_name);

}  // namespace
}  // namespace qc
