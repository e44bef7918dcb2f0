// The one JSON reader (common/json_document.h): positions in errors, the depth limit,
// and integers that do not fit 64 bits refused instead of wrapped, in JSONL histories
// as everywhere.
#include <gtest/gtest.h>

#include <string>

#include "common/json_document.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

std::string nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string error_of(const Result<nlohmann::ordered_json>& parsed) {
  EXPECT_FALSE(parsed.is_ok());
  EXPECT_EQ(parsed.status().kind(), ErrorKind::malformed);
  return parsed.is_ok() ? "" : parsed.status().message();
}

TEST(JsonDocument, NamesLineColumnAndWhatWasExpected) {
  EXPECT_EQ(error_of(parse_json_document("{\n  \"a\": 1,\n  \"b\": ]\n}", "x.json", "a thing")).rfind("x.json:3:8: not valid JSON: ", 0), 0u);
  EXPECT_NE(error_of(parse_json_document("{\"a\": [1, 2", "x.json", "a thing")).find("ends too early"), std::string::npos);
  EXPECT_NE(error_of(parse_json_document("", "x.json", "a thing")).find("expected a thing"), std::string::npos);
  // A JSONL line reports its own line number.
  EXPECT_EQ(error_of(parse_json_document("{,}", "h.jsonl", "an event", 7)).rfind("h.jsonl:7:2:", 0), 0u);
}

// Found by fuzzing: nlohmann reports a number beyond a double (1e400) as out_of_range,
// which escaped as an exception and aborted the process.
TEST(JsonDocument, ANumberBeyondADoubleIsMalformedNotAnAbort) {
  const std::string message = error_of(parse_json_document(R"({"a": 1e400})", "x.json", "a thing"));
  EXPECT_NE(message.find("x.json: not valid JSON: number overflow parsing '1e400'; expected a thing"),
            std::string::npos)
      << message;
  auto line = parse_jsonl(R"({"process":0,"type":"invoke","f":"write","value":7e31368})", "h.jsonl");
  EXPECT_FALSE(line.is_ok());
}

TEST(JsonDocument, RefusesNestingBeyondTheLimitWithoutParsingIt) {
  EXPECT_TRUE(parse_json_document(nested(kJsonDepthMax), "x.json", "a thing").is_ok());
  const std::string deep = error_of(parse_json_document(nested(kJsonDepthMax + 1), "x.json", "a thing"));
  EXPECT_EQ(deep.rfind("x.json:1:" + std::to_string(kJsonDepthMax + 1) + ": nested more than 64 levels deep", 0), 0u)
      << deep;
  // A million levels would exhaust the stack of a recursive reader: refused at once.
  EXPECT_NE(error_of(parse_json_document(nested(1'000'000), "x.json", "a thing")).find("nested more than"),
            std::string::npos);
  // Brackets inside strings are text, not nesting.
  EXPECT_TRUE(parse_json_document("[\"" + std::string(1000, '[') + "\\\"[\"]", "x.json", "a thing").is_ok());
}

TEST(JsonDocument, Int64OnlyWhenItFits) {
  const auto parse = [](const char* text) { return nlohmann::ordered_json::parse(text); };
  EXPECT_EQ(json_int64(parse("9223372036854775807")), std::optional<std::int64_t>(9223372036854775807));
  EXPECT_EQ(json_int64(parse("-9223372036854775808")), std::optional<std::int64_t>(INT64_MIN));
  EXPECT_EQ(json_int64(parse("9223372036854775808")), std::nullopt);   // 2^63: would wrap to -2^63
  EXPECT_EQ(json_int64(parse("18446744073709551615")), std::nullopt);  // 2^64 - 1
  EXPECT_EQ(json_int64(parse("18446744073709551616")), std::nullopt);  // 2^64: a float to nlohmann
  EXPECT_EQ(json_int64(parse("1.0")), std::nullopt);
  EXPECT_EQ(json_int64(parse("\"1\"")), std::nullopt);
}

// Before, a write of 2^63 "matched" a read of -2^63 and the history was linearizable.
TEST(JsonlHistory, IntegersBeyond64BitsAreMalformedNotWrapped) {
  const std::string write = R"({"process":0,"type":"invoke","f":"write","key":"k","value":9223372036854775808})";
  auto parsed = parse_jsonl(write + "\n", "big.jsonl");
  ASSERT_FALSE(parsed.is_ok());
  EXPECT_EQ(parsed.status().kind(), ErrorKind::malformed);
  EXPECT_NE(parsed.status().message().find("big.jsonl:1: \"value\" is 9223372036854775808; expected null, a 64-bit "
                                           "signed integer"),
            std::string::npos)
      << parsed.status().message();
  for (const std::string field : {"index", "time", "key", "process"}) {
    const std::string line = R"({"process":0,"type":"invoke","f":"read","value":null,")" + field +
                             R"(":18446744073709551615})";
    auto bad = parse_jsonl(field == "process" ? R"({"type":"invoke","f":"read","process":18446744073709551615})"
                                              : line,
                           "big.jsonl");
    EXPECT_FALSE(bad.is_ok()) << field;
  }
  const std::string deep = R"({"process":0,"type":"invoke","f":"write","key":"k","value":)" + nested(100) + "}";
  auto too_deep = parse_jsonl(deep, "deep.jsonl");
  ASSERT_FALSE(too_deep.is_ok());
  EXPECT_NE(too_deep.status().message().find("deep.jsonl:1:"), std::string::npos) << too_deep.status().message();
}

}  // namespace
}  // namespace qc
