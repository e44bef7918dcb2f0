// Property tests of the linearizability checker: it agrees with a brute-force checker
// on small random histories, accepts every widened sequential history and rejects it
// once a read returns a value never written.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "brute_force.h"
#include "checker/linearizability.h"
#include "history_generators.h"

namespace qc {
namespace {

Verdict checked(const History& history, const CheckOptions& options) {
  auto operations = pair_operations(history);
  RC_ASSERT(operations.is_ok());
  auto result = check_linearizability(operations.value(), options);
  RC_ASSERT(result.is_ok());
  return result.value().verdict;
}

void expect_agreement(const History& history, const CheckOptions& options, testing::BruteNil nil) {
  auto operations = pair_operations(history);
  RC_ASSERT(operations.is_ok());
  const bool expected = testing::brute_force_linearizable(operations.value(), options.model_options.initial, nil);
  const Verdict verdict = checked(history, options);
  RC_ASSERT(verdict != Verdict::unknown);
  RC_CLASSIFY(expected, "linearizable");
  RC_ASSERT((verdict == Verdict::linearizable) == expected);
}

RC_GTEST_PROP(CheckerDifferential, AgreesWithBruteForceOnOneRegister, ()) {
  const History history = *testing::random_concurrent_history(8, 3, false);
  CheckOptions options;
  options.model = "cas-register";
  options.model_options.initial = *rc::gen::element(Value(), Value::integer(0));
  expect_agreement(history, options, testing::BruteNil::empty);
}

RC_GTEST_PROP(CheckerDifferential, AgreesWithBruteForceWhenNilReadsTellNothing, ()) {
  const History history = *testing::random_concurrent_history(8, 3, false);
  CheckOptions options;
  options.model_options.initial = Value::integer(0);
  options.model_options.nil_read = NilRead::any;
  expect_agreement(history, options, testing::BruteNil::any);
}

RC_GTEST_PROP(CheckerDifferential, AgreesWithBruteForceAcrossKeys, ()) {
  const History history = *testing::random_concurrent_history(8, 3, true);
  CheckOptions options;
  expect_agreement(history, options, testing::BruteNil::empty);
}

RC_GTEST_PROP(ZoneCheck, AgreesWithBruteForceOnDistinctWrites, ()) {
  const History history = *testing::unique_value_history(8, 3, *rc::gen::arbitrary<bool>());
  CheckOptions options;
  options.model = "register";
  options.all_keys = true;  // every key decided, not only up to the first violation
  auto operations = pair_operations(history);
  RC_ASSERT(operations.is_ok());
  auto result = check_linearizability(operations.value(), options);
  RC_ASSERT(result.is_ok());
  RC_ASSERT(result.value().keys_by_zones == result.value().keys);  // the zone check decided
  const bool expected = testing::brute_force_linearizable(operations.value(), Value(), testing::BruteNil::empty);
  RC_CLASSIFY(expected, "linearizable");
  RC_ASSERT((result.value().verdict == Verdict::linearizable) == expected);
}

// Larger than brute force can try: the zone check against the general search.
RC_GTEST_PROP(ZoneCheck, AgreesWithTheSearchOnLargerHistories, ()) {
  const History history = *testing::unique_value_history(40, 6, false);
  auto operations = pair_operations(history);
  RC_ASSERT(operations.is_ok());
  CheckOptions zones;
  zones.model = "register";
  CheckOptions search = zones;
  search.use_zones = false;
  const auto by_zones = check_linearizability(operations.value(), zones).value();
  const auto by_search = check_linearizability(operations.value(), search).value();
  RC_PRE(by_search.verdict != Verdict::unknown);
  RC_CLASSIFY(by_search.verdict == Verdict::linearizable, "linearizable");
  RC_ASSERT(by_zones.verdict == by_search.verdict);
}

RC_GTEST_PROP(WidenedSequentialHistory, IsLinearizable, ()) {
  const History history = *testing::widened_sequential_history(60);
  RC_ASSERT(checked(history, CheckOptions{}) == Verdict::linearizable);
}

RC_GTEST_PROP(WidenedSequentialHistory, WithOneReadOfAnUnwrittenValueIsNot, ()) {
  History history = *testing::widened_sequential_history(60);
  std::vector<std::size_t> ok_reads;
  for (std::size_t i = 0; i < history.events.size(); ++i) {
    const Event& event = history.events[i];
    if (event.f == "read" && event.type == EventType::ok) ok_reads.push_back(i);
  }
  RC_PRE(!ok_reads.empty());
  const std::size_t victim = *rc::gen::elementOf(ok_reads);
  history.events[victim].value = Value::integer(999999);  // no write ever wrote it
  RC_ASSERT(checked(history, CheckOptions{}) == Verdict::not_linearizable);
}

// Guards the differential tests against a generator that only makes one kind of
// history: both verdicts must be common.
TEST(CheckerDifferential, GeneratorMakesBothVerdicts) {
  int linearizable = 0;
  const int samples = 400;
  for (int seed = 0; seed < samples; ++seed) {
    const auto history = testing::random_concurrent_history(8, 3, false)(rc::Random(seed), 50).value();
    auto operations = pair_operations(history);
    ASSERT_TRUE(operations.is_ok());
    linearizable += testing::brute_force_linearizable(operations.value(), Value(), testing::BruteNil::empty);
  }
  EXPECT_GT(linearizable, samples / 10);
  EXPECT_LT(linearizable, samples - samples / 10);
}

}  // namespace
}  // namespace qc
