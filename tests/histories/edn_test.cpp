// The EDN reader on its own: every kind of form, the ignored parts, and the errors.
#include "histories/edn.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace qc::edn {
namespace {

using ::testing::HasSubstr;

Node read_one(std::string_view text) {
  auto forms = read_all(text, "t.edn");
  EXPECT_TRUE(forms.is_ok()) << (forms.is_ok() ? "" : forms.status().message());
  if (!forms.is_ok()) return Node();
  EXPECT_EQ(forms.value().size(), 1U);
  return forms.value().empty() ? Node() : forms.value().front();
}

std::string read_error(std::string_view text) {
  auto forms = read_all(text, "t.edn");
  EXPECT_FALSE(forms.is_ok()) << "expected an error for: " << text;
  if (forms.is_ok()) return "";
  EXPECT_EQ(forms.status().kind(), ErrorKind::malformed);
  return forms.status().message();
}

TEST(EdnReader, ReadsScalars) {
  EXPECT_EQ(read_one("nil").kind, Kind::nil);
  Node yes = read_one("true");
  EXPECT_EQ(yes.kind, Kind::boolean);
  EXPECT_TRUE(yes.boolean);
  EXPECT_FALSE(read_one("false").boolean);
  EXPECT_EQ(read_one("-42").integer, -42);
  EXPECT_EQ(read_one("+7").integer, 7);
  EXPECT_EQ(read_one("12N").integer, 12);
  EXPECT_EQ(read_one("9223372036854775807").integer, INT64_MAX);
  Node keyword = read_one(":foo/bar");
  EXPECT_EQ(keyword.kind, Kind::keyword);
  EXPECT_EQ(keyword.text, "foo/bar");
  Node symbol = read_one("jepsen.util/x");
  EXPECT_EQ(symbol.kind, Kind::symbol);
  EXPECT_EQ(symbol.text, "jepsen.util/x");
  EXPECT_EQ(read_one("-").kind, Kind::symbol);
  EXPECT_EQ(read_one("nil?").kind, Kind::symbol);
}

TEST(EdnReader, DecodesStringEscapes) {
  Node text = read_one(R"("a\"b\\c\nd\te\u00e9\u20ac")");
  EXPECT_EQ(text.kind, Kind::string);
  EXPECT_EQ(text.text, "a\"b\\c\nd\te\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(read_one("\"two\nlines\"").text, "two\nlines");
}

TEST(EdnReader, ReadsCollections) {
  Node map = read_one("{:a [1 (2 3)], :b #{:x}, \"k\" nil}");
  ASSERT_EQ(map.kind, Kind::map);
  ASSERT_EQ(map.items.size(), 6U);
  const Node* a = map.get("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->kind, Kind::vector);
  EXPECT_EQ(a->items.at(1).kind, Kind::list);
  EXPECT_EQ(a->items.at(1).items.at(1).integer, 3);
  EXPECT_EQ(map.get("b")->kind, Kind::set);
  EXPECT_EQ(map.get("k"), nullptr);  // a string key is not the keyword :k
  EXPECT_EQ(map.get("missing"), nullptr);
  EXPECT_EQ(to_edn(map), R"({:a [1 (2 3)] :b #{:x} "k" nil})");
}

TEST(EdnReader, SkipsCommasCommentsAndDiscards) {
  Node vector = read_one("; header\n[1,,2 ; two\n #_ 99 #_[:gone {:x 1}] 3 #_#_ 4 5 6]");
  ASSERT_EQ(vector.kind, Kind::vector);
  ASSERT_EQ(vector.items.size(), 4U);
  EXPECT_EQ(vector.items[2].integer, 3);
  EXPECT_EQ(vector.items[3].integer, 6);
  auto forms = read_all("  ; only a comment\n,,\n", "t.edn");
  ASSERT_TRUE(forms.is_ok());
  EXPECT_TRUE(forms.value().empty());
}

TEST(EdnReader, RecordsWhereEachFormStarts) {
  auto forms = read_all("[\n  {:a 1}\n\n   :k]\n(x)", "t.edn");
  ASSERT_TRUE(forms.is_ok());
  ASSERT_EQ(forms.value().size(), 2U);
  const Node& vector = forms.value()[0];
  EXPECT_EQ(vector.items[0].line, 2);
  EXPECT_EQ(vector.items[0].column, 3);
  EXPECT_EQ(vector.items[1].line, 4);
  EXPECT_EQ(vector.items[1].column, 4);
  EXPECT_EQ(forms.value()[1].line, 5);
}

TEST(EdnReader, ReaderCanStartInsideALine) {
  Reader reader("[1 \"open", "log", 7, 20);
  auto form = reader.next();
  ASSERT_FALSE(form.is_ok());
  EXPECT_THAT(form.status().message(), HasSubstr("log:7:28:"));
}

TEST(EdnReader, ConvertsToHistoryValues) {
  EXPECT_EQ(to_value(read_one("[3 nil \"s\" :timed-out (1)]")),
            Value::list({Value::integer(3), Value(), Value::string("s"), Value::string("timed-out"),
                         Value::list({Value::integer(1)})}));
  EXPECT_FALSE(to_value(read_one("{:a 1}")));
  EXPECT_FALSE(to_value(read_one("[true]")));
  EXPECT_FALSE(to_value(read_one("sym")));
}

TEST(EdnReaderErrors, TruncatedVectorNamesWhereItOpened) {
  std::string message = read_error("[{:a 1}\n {:b 2}\n");
  EXPECT_THAT(message, HasSubstr("t.edn:3:1:"));
  EXPECT_THAT(message, HasSubstr("end of file inside a vector opened at line 1"));
  EXPECT_THAT(message, HasSubstr("truncated"));
  EXPECT_THAT(message, HasSubstr("expected ]"));
}

TEST(EdnReaderErrors, TruncatedStringAndMap) {
  EXPECT_THAT(read_error("{:value \"abc"), HasSubstr("end of file inside the string opened at line 1"));
  EXPECT_THAT(read_error("{:value \"abc"), HasSubstr("expected a closing \""));
  EXPECT_THAT(read_error("\n{:value 1,"), HasSubstr("t.edn:2:11: end of file inside a map opened at line 2"));
  EXPECT_THAT(read_error("[1 #_"), HasSubstr("expected a form to discard"));
}

TEST(EdnReaderErrors, SaysWhatWasExpected) {
  EXPECT_THAT(read_error("[1 2)"), HasSubstr("t.edn:1:5: unexpected ')' inside a vector opened at line 1; expected ]"));
  EXPECT_THAT(read_error("]"), HasSubstr("unmatched ']'"));
  EXPECT_THAT(read_error("{:a}"), HasSubstr("key without a value"));
  EXPECT_THAT(read_error("1.5"), HasSubstr("expected an integer"));
  EXPECT_THAT(read_error("12ab"), HasSubstr("'12ab' is not a number; expected an integer"));
  EXPECT_THAT(read_error("99999999999999999999"), HasSubstr("does not fit in 64 bits"));
  EXPECT_THAT(read_error("\"\\q\""), HasSubstr("unknown escape \\q"));
  EXPECT_THAT(read_error("\"\\u12\""), HasSubstr("expected four hex digits"));
  EXPECT_THAT(read_error("#inst \"2020\""), HasSubstr("expected #{ or #_"));
  EXPECT_THAT(read_error("@x"), HasSubstr("t.edn:1:1: unexpected '@'; expected a value"));
  EXPECT_THAT(read_error(":"), HasSubstr("empty keyword"));
  EXPECT_THAT(read_error("\"\xFF\""), HasSubstr("not valid UTF-8"));
  EXPECT_THAT(read_error(":read\xC3"), HasSubstr("not valid UTF-8"));
  EXPECT_EQ(read_one(":caf\xC3\xA9").text, "caf\xC3\xA9");
}

TEST(EdnReaderErrors, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  EXPECT_THAT(read_error(deep), HasSubstr("nesting deeper than 200"));
  // A chain of discards nests too: before, 100,000 of them overflowed the stack.
  std::string discards;
  for (int i = 0; i < 100000; ++i) discards += "#_ ";
  EXPECT_THAT(read_error("[" + discards + "1]"), HasSubstr("nesting deeper than 200 levels (#_ discards count)"));
  EXPECT_THAT(read_error(discards + "1"), HasSubstr("nesting deeper than 200 levels"));
  EXPECT_EQ(read_one("#_ #_ 1 2 3").integer, 3);  // a short chain still reads
}

// Found by fuzzing: a NUL byte was both a delimiter and a symbol start, so the reader
// read empty symbols from it for ever.
TEST(EdnReaderErrors, ANulByteIsAnUnexpectedCharacterNotAnEndlessLoop) {
  EXPECT_THAT(read_error(std::string("[\0]", 3)), HasSubstr("1:2: unexpected byte 0x00; expected a value"));
  EXPECT_THAT(read_error(std::string("\0", 1)), HasSubstr("unexpected byte 0x00"));
}

}  // namespace
}  // namespace qc::edn
