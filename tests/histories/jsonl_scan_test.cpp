// The JSONL fast path (jsonl_scan.h) against the general reader: a line the fast path
// accepts must come out the same from both; lines it must leave to the general reader
// (which reads them or rejects them) are declined.
#include <gtest/gtest.h>

#include "histories/jsonl.h"
#include "histories/jsonl_scan.h"

namespace qc {
namespace {

struct Read {
  bool ok = false;
  Event event;
  bool has_index = false;
};

Read general(const std::string& line) {
  Read read;
  read.ok = parse_jsonl_event(line, "t.jsonl", 1, read.event, read.has_index).is_ok();
  read.event.line = 0;  // the general reader stamps the line; the fast path leaves it to its caller
  return read;
}

Read fast(const std::string& line) {
  Read read;
  read.ok = scan_plain_event(line, read.event, read.has_index);
  return read;
}

TEST(JsonlScan, PlainLinesReadTheSameAsTheGeneralReader) {
  const char* const lines[] = {
      R"({"index":0,"time":5,"process":0,"type":"invoke","f":"write","key":"k1","value":3})",
      R"({"process":2,"type":"ok","f":"read","key":7,"value":null})",
      R"( { "process" : "nemesis" , "type" : "info" , "f" : "start" , "value" : [1, "a", [null, -0]] } )",
      R"({"process":1,"type":"fail","f":"cas","value":[1,2],"error":"timeout","time":null,"key":null})",
      R"({"process":1,"type":"ok","f":"cas","value":[],"extra":[1,2],"other":"x"})",
      R"({"process":9223372036854775807,"type":"invoke","f":"w","value":-9223372036854775808})",
      "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\"x 1 y\"}\r",
  };
  for (const char* line : lines) {
    SCOPED_TRACE(line);
    const Read expected = general(line);
    const Read got = fast(line);
    ASSERT_TRUE(expected.ok);
    ASSERT_TRUE(got.ok) << "the fast path declined a plain line";
    EXPECT_EQ(got.event, expected.event);
    EXPECT_EQ(got.has_index, expected.has_index);
  }
}

// Each of these is either an error or needs the general reader's full JSON: the fast
// path must decline it, whatever the general reader then says.
TEST(JsonlScan, DeclinesWhatOnlyTheGeneralReaderMayJudge) {
  const char* const lines[] = {
      R"({"process":9223372036854775808,"type":"ok","f":"w"})",   // beyond 64 bits
      R"({"process":-1,"type":"ok","f":"w"})",                     // negative process
      R"({"process":0,"type":"ok","f":"w","value":1.5})",          // a fraction
      R"({"process":0,"type":"ok","f":"w","value":1e3})",          // an exponent
      R"({"process":0,"type":"ok","f":"w","value":01})",           // a leading zero
      R"({"process":0,"type":"ok","f":"w","value":true})",         // a boolean
      R"({"process":0,"type":"ok","f":"w","value":{"a":1}})",      // an object
      R"({"process":0,"type":"ok","f":"w","value":"a\"b"})",       // an escape
      "{\"process\":0,\"type\":\"ok\",\"f\":\"w\",\"value\":\"\xc3\xa9\"}",  // non-ASCII
      R"({"process":0,"type":"ok","f":"w","f":"r"})",              // a duplicate field
      R"({"process":0,"type":"done","f":"w"})",                    // an unknown type
      R"({"process":0,"type":"ok","f":""})",                       // an empty f
      R"({"process":0,"type":"ok"})",                              // no f
      R"({"process":0,"type":"ok","f":"w","error":42})",           // an error that is not text
      R"({"process":0,"type":"ok","f":"w"} x)",                    // trailing text
      R"({"process":0,"type":"ok","f":"w",})",                     // a trailing comma
      R"({"process":0,"type":"ok","f":"w","value":[[[[[[[[[1]]]]]]]]]})",  // deep lists
      R"([1,2])",                                                  // not an object
  };
  for (const char* line : lines) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(fast(line).ok);
  }
}

// The whole reader, with the fast path and the fallback mixed in one file, keeps the
// index rule and reports the general reader's message for a bad line.
TEST(JsonlScan, MixedFileKeepsIndicesAndMessages) {
  const std::string text =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":1.0e0}\n";
  auto bad = parse_jsonl(text, "m.jsonl");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("m.jsonl:2"), std::string::npos) << bad.status().message();
  const std::string good =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":\"\\u00e9\"}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":\"\\u00e9\"}\n";
  auto read = parse_jsonl(good, "m.jsonl");
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read.value().events.size(), 2U);
  EXPECT_EQ(read.value().events[1].index, 1);
  EXPECT_EQ(read.value().events[1].line, 2);
  EXPECT_EQ(read.value().events[1].value, Value::string("\xc3\xa9"));
}

}  // namespace
}  // namespace qc
