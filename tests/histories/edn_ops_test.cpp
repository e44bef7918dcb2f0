// The EDN fast path (scan_plain_edn_op, edn_ops.h) against the EDN reader and
// event_from_edn: a form the fast path accepts must come out the same from both, and
// forms it must leave to the general reader are declined.
#include <gtest/gtest.h>

#include "histories/edn_ops.h"
#include "histories/import.h"

namespace qc {
namespace {

struct Read {
  bool ok = false;
  Event event;
};

Read general(const std::string& text) {
  Read read;
  edn::Reader reader(text, "t.edn");
  auto form = reader.next();
  if (!form.is_ok() || !form.value()) return read;
  read.ok = event_from_edn("t.edn", *form.value(), read.event).is_ok();
  return read;
}

// The fast path must also stop exactly at the end of the form.
Read fast(const std::string& text, std::size_t& used) {
  Read read;
  read.event.line = 1;  // the caller's job on the fast path
  used = scan_plain_edn_op(text, read.event);
  read.ok = used > 0;
  return read;
}

TEST(EdnOps, PlainMapsReadTheSameAsTheGeneralReader) {
  const std::string forms[] = {
      R"({:process 14, :type :invoke, :f :append, :key "574", :value "x 14 1 y"})",
      R"({:process 0 :type :ok :f :get :key "463" :value nil})",
      R"({:process :nemesis, :type :info, :f :start, :value [:n1 "n2" 3 [nil -0]]})",
      R"({:type "ok", :process 3, :f "cas", :value [1 2], :time 123, :index 9, :error :timeout})",
      R"({:process 1, :type :fail, :f :read, :key 12, :time nil, :error nil, :extra [1 :a]})",
      R"({:process 9223372036854775807, :type :invoke, :f :w, :value -9223372036854775808})",
      R"({:process 1,:type :ok,:f :r,:value 05})",
  };
  for (const std::string& form : forms) {
    SCOPED_TRACE(form);
    const Read expected = general(form);
    std::size_t used = 0;
    const Read got = fast(form + " ;after", used);
    ASSERT_TRUE(expected.ok);
    ASSERT_TRUE(got.ok) << "the fast path declined a plain map";
    EXPECT_EQ(used, form.size());
    EXPECT_EQ(got.event, expected.event);
  }
}

TEST(EdnOps, DeclinesWhatOnlyTheGeneralReaderMayJudge) {
  const char* const forms[] = {
      R"({:process 9223372036854775808, :type :ok, :f :w})",  // beyond 64 bits
      R"({:process -1, :type :ok, :f :w})",                    // negative process
      R"({:process 1N, :type :ok, :f :w})",                    // big-integer suffix
      R"({:process +1, :type :ok, :f :w})",                    // a plus sign
      R"({:process 1, :type :ok, :f :w, :value 1.5})",         // a fraction
      R"({:process 1, :type :ok, :f :w, :value true})",        // a boolean
      R"({:process 1, :type :ok, :f :w, :value {:a 1}})",     // a map
      R"({:process 1, :type :ok, :f :w, :value (1 2)})",       // a list
      R"({:process 1, :type :ok, :f :w, :value #{1}})",        // a set
      R"({:process 1, :type :ok, :f :w, :value "a\"b"})",      // an escape
      "{:process 1, :type :ok, :f :w, :value \"\xc3\xa9\"}",   // non-ASCII
      R"({:process 1, :type :ok, :f :w, :f :r})",              // a duplicate field
      R"({:process 1, :type :done, :f :w})",                   // an unknown type
      R"({:process 1, :type :ok})",                            // no :f
      R"({:process 1, :type :ok, :f read})",                   // a symbol
      R"({:process 1, :type :ok, :f :w, :error [1]})",         // an error that is not a name
      R"({:process 1, :type :ok, :f :w, "key" 1})",            // a key that is not a keyword
      R"({:process 1, :type :ok, :f :w#x})",                   // a keyword beyond plain names
      R"({:process 1, :type :ok, :f ::w})",                    // an auto-resolved keyword
      "{:process 1, :type :ok,\n :f :w}",                      // a map across lines
      R"({:process 1, :type :ok, :f :w ; comment})",           // a comment
      R"({:process 1, :type :ok, :f :w #_ 1})",                // a discard
      R"({:process 1, :type :ok, :f :w)",                      // unclosed
      R"([{:process 1, :type :ok, :f :w}])",                   // not a map
  };
  for (const char* form : forms) {
    SCOPED_TRACE(form);
    std::size_t used = 0;
    EXPECT_FALSE(fast(form, used).ok);
  }
}

// A file mixing plain maps and maps only the general reader takes keeps one numbering
// of events and lines.
TEST(EdnOps, MixedFileKeepsIndicesAndLines) {
  const std::string text =
      "{:process 0, :type :invoke, :f :write, :value 1}\n"
      "{:process 0, :type :ok, :f :write,\n :value 1}\n"
      "; a comment\n"
      "{:process 1, :type :invoke, :f :read, :value nil} {:process 1, :type :ok, :f :read, :value \"\\u00e9\"}\n";
  auto read = parse_history(text, "m.edn", HistoryFormat::edn);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  const auto& events = read.value().events;
  ASSERT_EQ(events.size(), 4U);
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].index, static_cast<std::int64_t>(i));
  EXPECT_EQ(events[1].line, 2);
  EXPECT_EQ(events[2].line, 5);
  EXPECT_EQ(events[3].line, 5);
  EXPECT_EQ(events[3].value, Value::string("\xc3\xa9"));
}

}  // namespace
}  // namespace qc
