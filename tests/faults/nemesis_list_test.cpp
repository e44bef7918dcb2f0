// parse_nemesis_list (the CLI's --nemesis) and validate(NemesisOptions).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "faults/nemesis.h"

namespace qc {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> kinds_of(const std::string& csv) {
  auto parsed = parse_nemesis_list(csv);
  EXPECT_TRUE(parsed.is_ok()) << csv << ": " << parsed.status().message();
  return parsed.is_ok() ? parsed.value() : std::vector<std::string>{"<error>"};
}

std::string error_of(const std::string& csv) {
  auto parsed = parse_nemesis_list(csv);
  EXPECT_FALSE(parsed.is_ok()) << csv;
  if (parsed.is_ok()) return "";
  EXPECT_EQ(parsed.status().kind(), ErrorKind::usage);
  return parsed.status().message();
}

TEST(NemesisList, ReturnsKindsInCanonicalOrderOnce) {
  EXPECT_THAT(kinds_of("partition,crash,clock"), ElementsAre("partition", "crash", "clock"));
  EXPECT_THAT(kinds_of("delay, clock ,partition,clock"),
              ElementsAre("partition", "clock", "delay"));
  EXPECT_THAT(kinds_of("loss"), ElementsAre("loss"));
}

TEST(NemesisList, AllAndNone) {
  EXPECT_THAT(kinds_of("all"),
              ElementsAre("partition", "crash", "pause", "clock", "loss", "delay"));
  EXPECT_THAT(kinds_of("crash,all"),
              ElementsAre("partition", "crash", "pause", "clock", "loss", "delay"));
  EXPECT_TRUE(kinds_of("none").empty());
  EXPECT_THAT(error_of("none,crash"), HasSubstr("\"none\" cannot be combined"));
}

TEST(NemesisList, UnknownOrEmptyNamesListTheValidOnes) {
  const std::string valid =
      "expected a comma-separated list of none, partition, crash, pause, "
      "clock, loss, delay, all";
  EXPECT_EQ(error_of("partition,crsh"), "--nemesis: \"crsh\" is not a nemesis; " + valid);
  EXPECT_THAT(error_of(""), HasSubstr(valid));
  EXPECT_THAT(error_of("crash,"), HasSubstr("\"\" is not a nemesis"));
  EXPECT_THAT(error_of("Crash"), HasSubstr("\"Crash\" is not a nemesis"));
}

TEST(NemesisOptionsValidate, AcceptsDefaultsAndRejectsWhatTheGeneratorCannotHonour) {
  EXPECT_TRUE(validate(NemesisOptions{}).is_ok());
  auto error_of_options = [](auto change) {
    NemesisOptions options;
    options.kinds = {"crash"};
    change(options);
    const Status status = validate(options);
    EXPECT_FALSE(status.is_ok());
    EXPECT_EQ(status.kind(), ErrorKind::usage);
    return status.message();
  };
  EXPECT_THAT(error_of_options([](NemesisOptions& o) { o.kinds = {"all"}; }),
              HasSubstr("nemesis \"all\" is unknown; expected one of partition, crash"));
  EXPECT_THAT(error_of_options([](NemesisOptions& o) { o.node_count = 0; }),
              HasSubstr("node count is 0; expected at least 1"));
  EXPECT_THAT(error_of_options([](NemesisOptions& o) { o.duration_us = -1; }),
              HasSubstr("fault duration is -1 us"));
  EXPECT_THAT(error_of_options([](NemesisOptions& o) { o.mean_interval_us = 0; }),
              HasSubstr("mean fault interval is 0 us; expected at least 1"));
  EXPECT_THAT(error_of_options([](NemesisOptions& o) { o.quiescence_us = -3; }),
              HasSubstr("quiescence is -3 us"));
  EXPECT_THAT(error_of_options([](NemesisOptions& o) {
                o.duration_us = 1'000'000'000;
                o.mean_interval_us = 1'000;
              }),
              HasSubstr("more than 100000 faults"));
}

}  // namespace
}  // namespace qc
