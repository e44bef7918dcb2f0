// parse_nemesis_list (the CLI's --nemesis).
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

}  // namespace
}  // namespace qc
