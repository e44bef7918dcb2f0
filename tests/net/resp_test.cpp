// The RESP2 parser and reply encoders: commands split anywhere or pipelined, binary
// payloads, inline commands, every rejection with a message naming the problem, the
// memory bounds on hostile input, and properties over random input and random splits.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/resp.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace qc {
namespace {

using Command = std::vector<std::string>;
using namespace std::string_literals;  // "\0" inside literals needs the s suffix

// What a stream of bytes parses to: the commands, then the error if one stopped it.
struct Outcome {
  std::vector<Command> commands;
  std::optional<std::string> error;
};

// Takes every command out of the parser until it needs more bytes or fails.
void drain(RespParser& parser, Outcome& outcome) {
  while (!outcome.error) {
    auto next = parser.next();
    if (!next.is_ok()) {
      EXPECT_EQ(next.status().kind(), ErrorKind::malformed);
      outcome.error = next.status().message();
      return;
    }
    if (!next.value()) return;
    outcome.commands.push_back(std::move(*next.value()));
  }
}

Outcome parse(std::string_view input, RespLimits limits = {}) {
  RespParser parser(limits);
  Outcome outcome;
  const Status fed = parser.feed(input);
  if (!fed.is_ok()) {
    outcome.error = fed.message();
    return outcome;
  }
  drain(parser, outcome);
  return outcome;
}

// The error `input` stops at; a test failure (and "") when it parses cleanly.
std::string error_of(std::string_view input, RespLimits limits = {}) {
  const Outcome outcome = parse(input, limits);
  if (!outcome.error) {
    ADD_FAILURE() << "no protocol error for " << testing::PrintToString(std::string(input));
    return "";
  }
  EXPECT_EQ(outcome.error->rfind("Protocol error: ", 0), 0u) << *outcome.error;
  return *outcome.error;
}

// Heap bytes in use (glibc), to show that a declared length alone costs no memory.
std::optional<std::size_t> heap_bytes_in_use() {
#if defined(__GLIBC__)
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;  // small blocks + mmap'ed large ones
#else
  return std::nullopt;
#endif
}

const std::string kSet = "*3\r\n$3\r\nSET\r\n$5\r\nmykey\r\n$7\r\nmyvalue\r\n";
const Command kSetCommand = {"SET", "mykey", "myvalue"};

// ---- Encoders ----

TEST(RespEncoders, SimpleStringsAndErrorsAreOneLine) {
  EXPECT_EQ(resp_simple("OK"), "+OK\r\n");
  EXPECT_EQ(resp_simple(""), "+\r\n");
  EXPECT_EQ(resp_simple("two\r\nlines\rand\nmore"), "+two  lines and more\r\n");
  EXPECT_EQ(resp_error("ERR unknown command 'FOO'"), "-ERR unknown command 'FOO'\r\n");
  EXPECT_EQ(resp_error("NOQUORUM 1 of 2 replicas answered"),
            "-NOQUORUM 1 of 2 replicas answered\r\n");
  EXPECT_EQ(resp_error("ERR bad\r\n+OK"), "-ERR bad  +OK\r\n");
  EXPECT_EQ(resp_error(""), "-ERR\r\n");
}

TEST(RespEncoders, Integers) {
  EXPECT_EQ(resp_integer(42), ":42\r\n");
  EXPECT_EQ(resp_integer(0), ":0\r\n");
  EXPECT_EQ(resp_integer(-7), ":-7\r\n");
  EXPECT_EQ(resp_integer(std::numeric_limits<std::int64_t>::max()), ":9223372036854775807\r\n");
  EXPECT_EQ(resp_integer(std::numeric_limits<std::int64_t>::min()), ":-9223372036854775808\r\n");
}

TEST(RespEncoders, BulkStringsAreBinarySafe) {
  EXPECT_EQ(resp_bulk("hello"), "$5\r\nhello\r\n");
  EXPECT_EQ(resp_bulk(""), "$0\r\n\r\n");
  EXPECT_EQ(resp_bulk("a\r\n\0b"s), "$5\r\na\r\n\0b\r\n"s);
  EXPECT_EQ(resp_null_bulk(), "$-1\r\n");
}

TEST(RespEncoders, BulkArrays) {
  EXPECT_EQ(resp_bulk_array({}), "*0\r\n");
  EXPECT_EQ(resp_bulk_array({"SET", "mykey", "myvalue"}), kSet);
  EXPECT_EQ(resp_bulk_array({"", "\r\n"}), "*2\r\n$0\r\n\r\n$2\r\n\r\n\r\n");
}

// ---- Parsing well-formed input ----

TEST(RespParser, SetCommandSplitAtEveryPairOfBoundaries) {
  for (std::size_t first = 0; first <= kSet.size(); ++first) {
    for (std::size_t second = first; second <= kSet.size(); ++second) {
      RespParser parser;
      Outcome outcome;
      for (const auto& piece : {kSet.substr(0, first), kSet.substr(first, second - first),
                                kSet.substr(second)}) {
        ASSERT_TRUE(parser.feed(piece).is_ok());
        drain(parser, outcome);
      }
      ASSERT_FALSE(outcome.error) << *outcome.error;
      ASSERT_EQ(outcome.commands, std::vector<Command>{kSetCommand})
          << "split at " << first << " and " << second;
    }
  }
}

TEST(RespParser, NoCommandUntilItsLastByteArrives) {
  RespParser parser;
  for (std::size_t at = 0; at + 1 < kSet.size(); ++at) {
    ASSERT_TRUE(parser.feed(kSet.substr(at, 1)).is_ok());
    auto next = parser.next();
    ASSERT_TRUE(next.is_ok()) << next.status().message();
    ASSERT_FALSE(next.value()) << "a command after only " << at + 1 << " bytes";
  }
  ASSERT_TRUE(parser.feed(kSet.substr(kSet.size() - 1)).is_ok());
  auto next = parser.next();
  ASSERT_TRUE(next.is_ok() && next.value());
  EXPECT_EQ(*next.value(), kSetCommand);
  next = parser.next();
  ASSERT_TRUE(next.is_ok());
  EXPECT_FALSE(next.value());
}

TEST(RespParser, PipelinedCommandsComeOutInOrder) {
  const Outcome outcome =
      parse(kSet + "*2\r\n$3\r\nGET\r\n$5\r\nmykey\r\n" + "DEL mykey\r\n" + "*1\r\n$4\r\nPI");
  ASSERT_FALSE(outcome.error) << *outcome.error;
  EXPECT_EQ(outcome.commands,
            (std::vector<Command>{kSetCommand, {"GET", "mykey"}, {"DEL", "mykey"}}));
}

TEST(RespParser, BinaryPayloadsSurvive) {
  const Command command = {"SET", "k\r\n", "\0\r\n*1\r\n$3\r\n\xff"s, "", "\n"};
  const Outcome outcome = parse(resp_bulk_array(command));
  ASSERT_FALSE(outcome.error) << *outcome.error;
  EXPECT_EQ(outcome.commands, std::vector<Command>{command});
}

TEST(RespParser, InlineCommands) {
  EXPECT_EQ(parse("PING\r\n").commands, std::vector<Command>{{"PING"}});
  EXPECT_EQ(parse("  SET\tk \t v  \n").commands, (std::vector<Command>{{"SET", "k", "v"}}));
  // Blank lines are skipped; a line not yet ended is not a command.
  EXPECT_EQ(parse("\r\n\n \t\r\nGET k\r\nDEL k").commands, (std::vector<Command>{{"GET", "k"}}));
  // '$' or ':' at the start of a line are no RESP arrays: the line is an inline command.
  EXPECT_EQ(parse("$3 x\r\n").commands, (std::vector<Command>{{"$3", "x"}}));
  // Inline and array commands mix on one connection.
  EXPECT_EQ(parse("PING\n" + kSet + "QC.STATUS\r\n").commands,
            (std::vector<Command>{{"PING"}, kSetCommand, {"QC.STATUS"}}));
}

TEST(RespParser, EmptyAndNullArraysAreSkipped) {
  EXPECT_EQ(parse("*0\r\n*-1\r\n" + kSet).commands, std::vector<Command>{kSetCommand});
}

TEST(RespParser, LimitsAreInclusive) {
  RespLimits limits;
  limits.max_bulk_bytes = 4;
  limits.max_arguments = 2;
  limits.max_inline_bytes = 8;
  EXPECT_EQ(parse("*2\r\n$4\r\nabcd\r\n$0\r\n\r\n", limits).commands,
            (std::vector<Command>{{"abcd", ""}}));
  EXPECT_EQ(parse("12345678\r\n", limits).commands, (std::vector<Command>{{"12345678"}}));
  EXPECT_EQ(parse("1234 678\r\n", limits).commands, (std::vector<Command>{{"1234", "678"}}));
}

// ---- Rejections ----

TEST(RespParserErrors, ArrayLengthOutOfRange) {
  const std::string too_many = error_of("*65\r\n");
  EXPECT_NE(too_many.find("invalid multibulk length at offset 0"), std::string::npos) << too_many;
  EXPECT_NE(too_many.find("expected 1..64 arguments, got '65'"), std::string::npos) << too_many;
  EXPECT_NE(error_of("*-2\r\n").find("invalid multibulk length"), std::string::npos);
  EXPECT_NE(error_of("*\r\n").find("invalid multibulk length"), std::string::npos);
  EXPECT_NE(error_of("*1x\r\n").find("got '1x'"), std::string::npos);
  EXPECT_NE(error_of("* 1\r\n").find("invalid multibulk length"), std::string::npos);
}

TEST(RespParserErrors, ElementThatIsNoBulkString) {
  const std::string message = error_of("*1\r\n:5\r\n");
  EXPECT_NE(message.find("expected '$' at offset 4, got ':'"), std::string::npos) << message;
  // Refused at its first byte, without waiting for the line to end.
  EXPECT_NE(error_of("*2\r\n$1\r\na\r\n\x01").find("expected '$' at offset 11, got '\\x01'"),
            std::string::npos);
}

TEST(RespParserErrors, BulkLengthOutOfRange) {
  const std::string negative = error_of("*1\r\n$-1\r\n");
  EXPECT_NE(negative.find("invalid bulk length at offset 4"), std::string::npos) << negative;
  EXPECT_NE(negative.find("got '-1'"), std::string::npos) << negative;
  const std::string too_big = error_of("*1\r\n$1048577\r\n");
  EXPECT_NE(too_big.find("expected 0..1048576 bytes, got '1048577'"), std::string::npos)
      << too_big;
  EXPECT_NE(error_of("*1\r\n$3x\r\n").find("invalid bulk length"), std::string::npos);
  EXPECT_NE(error_of("*1\r\n$\r\n").find("invalid bulk length"), std::string::npos);
  // Digits are bounded, not just the value: no overflow can wrap a length into range.
  EXPECT_NE(error_of("*1\r\n$0000000000000000001\r\n").find("invalid bulk length"),
            std::string::npos);
  EXPECT_NE(error_of("*1\r\n$18446744073709551619\r\n").find("invalid bulk length"),
            std::string::npos);
}

TEST(RespParserErrors, MissingTerminatorAfterPayload) {
  const std::string message = error_of("*1\r\n$3\r\nfooXY");
  EXPECT_NE(message.find("expected '\\r\\n' after the 3-byte bulk string at offset 11, got 'XY'"),
            std::string::npos)
      << message;
  EXPECT_NE(error_of("*1\r\n$3\r\nfoo\rX").find("got '\\rX'"), std::string::npos);
  // A payload longer than declared is caught at its first extra byte.
  EXPECT_NE(error_of("*1\r\n$3\r\nfoob").find("at offset 11, got 'b'"), std::string::npos);
}

TEST(RespParserErrors, LengthLinesNeedCarriageReturn) {
  const std::string array = error_of("*1\n");
  EXPECT_NE(array.find("expected '\\r\\n' ending the multibulk length line at offset 2"),
            std::string::npos)
      << array;
  EXPECT_NE(error_of("*1\r\n$3\n").find("ending the bulk length line at offset 6"),
            std::string::npos);
}

TEST(RespParserErrors, TooManyInlineArguments) {
  RespLimits limits;
  limits.max_arguments = 3;
  const std::string message = error_of("a b c d\r\n", limits);
  EXPECT_NE(message.find("too many arguments in inline request"), std::string::npos) << message;
  EXPECT_NE(message.find("expected at most 3"), std::string::npos) << message;
}

TEST(RespParserErrors, OffsetsCountFromTheStartOfTheStream) {
  RespParser parser;
  Outcome outcome;
  ASSERT_TRUE(parser.feed("PING\r\n*1\r\n$4\r\nPI").is_ok());
  drain(parser, outcome);
  ASSERT_TRUE(parser.feed("NG\r\n").is_ok());  // compacts the consumed PING away
  drain(parser, outcome);
  ASSERT_TRUE(parser.feed("*1\r\n!").is_ok());
  drain(parser, outcome);
  EXPECT_EQ(outcome.commands, (std::vector<Command>{{"PING"}, {"PING"}}));
  ASSERT_TRUE(outcome.error);
  EXPECT_NE(outcome.error->find("expected '$' at offset 24, got '!'"), std::string::npos)
      << *outcome.error;
}

TEST(RespParserErrors, HugeDeclaredLengthAllocatesNothing) {
  const std::optional<std::size_t> before = heap_bytes_in_use();
  if (!before) GTEST_SKIP() << "needs glibc's mallinfo2";
  constexpr std::size_t kSlackBytes = 64 << 10;
  {
    RespParser parser;
    ASSERT_TRUE(parser.feed("*1\r\n$99999999999999999999\r\n").is_ok());
    auto next = parser.next();
    ASSERT_FALSE(next.is_ok());
    EXPECT_NE(next.status().message().find("invalid bulk length"), std::string::npos)
        << next.status().message();
    EXPECT_LT(*heap_bytes_in_use() - *before, kSlackBytes);
  }
  {
    // A length within the limits is not reserved up front either: memory follows the
    // bytes that actually arrive.
    RespLimits limits;
    limits.max_bulk_bytes = std::size_t{1} << 30;
    RespParser parser(limits);
    ASSERT_TRUE(parser.feed("*64\r\n$1073741824\r\nabc").is_ok());
    auto next = parser.next();
    ASSERT_TRUE(next.is_ok()) << next.status().message();
    EXPECT_FALSE(next.value());
    EXPECT_LT(*heap_bytes_in_use() - *before, kSlackBytes);
  }
}

TEST(RespParserErrors, UnterminatedLinePastTheInlineLimit) {
  RespLimits limits;
  limits.max_inline_bytes = 16;
  // 16 bytes and a possible '\r' may still become a line; one more byte cannot.
  RespParser parser(limits);
  ASSERT_TRUE(parser.feed(std::string(16, 'a') + "\r").is_ok());
  auto next = parser.next();
  ASSERT_TRUE(next.is_ok()) << next.status().message();
  EXPECT_FALSE(next.value());
  ASSERT_TRUE(parser.feed("a").is_ok());
  next = parser.next();
  ASSERT_FALSE(next.is_ok());
  EXPECT_NE(next.status().message().find("too big inline request at offset 0"), std::string::npos)
      << next.status().message();
  // A line with its end but too long, and length lines, obey the same limit.
  EXPECT_NE(error_of(std::string(17, 'a') + "\n", limits).find("too big inline request"),
            std::string::npos);
  EXPECT_NE(error_of("*" + std::string(17, '1'), limits).find("too big multibulk length line"),
            std::string::npos);
  EXPECT_NE(error_of("*1\r\n$" + std::string(17, '1'), limits).find("too big bulk length line"),
            std::string::npos);
}

TEST(RespParserErrors, EndlessLineWithDefaultLimitsFedInPieces) {
  RespParser parser;
  const std::string piece(4096, 'x');
  std::optional<std::string> error;
  std::size_t fed_bytes = 0;
  while (!error && fed_bytes < (std::size_t{1} << 20)) {
    ASSERT_TRUE(parser.feed(piece).is_ok());
    fed_bytes += piece.size();
    auto next = parser.next();
    if (!next.is_ok()) error = next.status().message();
    else ASSERT_FALSE(next.value());
  }
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("too big inline request"), std::string::npos) << *error;
  EXPECT_LE(fed_bytes, std::size_t{64 << 10} + piece.size());
}

TEST(RespParserErrors, FeedingPastTheBufferLimit) {
  RespLimits limits;
  limits.max_buffered_bytes = 32;
  RespParser parser(limits);
  // Consumed bytes do not count: 3 x 21 bytes pass when each is parsed in between.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(parser.feed("*1\r\n$10\r\n0123456789\r\n").is_ok());
    auto next = parser.next();
    ASSERT_TRUE(next.is_ok() && next.value());
  }
  ASSERT_TRUE(parser.feed(std::string(32, 'x')).is_ok());
  const Status overflow = parser.feed("y");
  ASSERT_FALSE(overflow.is_ok());
  EXPECT_EQ(overflow.kind(), ErrorKind::malformed);
  EXPECT_NE(overflow.message().find("too much unparsed input at offset 63"), std::string::npos)
      << overflow.message();
  EXPECT_NE(overflow.message().find("at most 32 bytes"), std::string::npos) << overflow.message();
  auto next = parser.next();
  ASSERT_FALSE(next.is_ok());
  EXPECT_EQ(next.status().message(), overflow.message());
}

TEST(RespParserErrors, ErrorIsSticky) {
  RespParser parser;
  ASSERT_TRUE(parser.feed("*1\r\n?").is_ok());
  auto first = parser.next();
  ASSERT_FALSE(first.is_ok());
  const Status fed = parser.feed(kSet);
  ASSERT_FALSE(fed.is_ok());
  EXPECT_EQ(fed.message(), first.status().message());
  for (int i = 0; i < 3; ++i) {
    auto again = parser.next();
    ASSERT_FALSE(again.is_ok());
    EXPECT_EQ(again.status().message(), first.status().message());
  }
}

// ---- Properties ----

// `input` cut into pieces of the given sizes in turn (sizes are at least 1).
std::vector<std::string_view> split(std::string_view input, const std::vector<std::size_t>& sizes) {
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; !input.empty(); ++i) {
    const std::size_t size = std::min(sizes[i % sizes.size()], input.size());
    pieces.push_back(input.substr(0, size));
    input.remove_prefix(size);
  }
  return pieces;
}

rc::Gen<std::vector<std::size_t>> piece_sizes() {
  return rc::gen::nonEmpty(rc::gen::container<std::vector<std::size_t>>(
      rc::gen::inRange<std::size_t>(1, 24)));
}

// Byte strings that often look like RESP, whole commands among them, so random input
// reaches deep into the parser and often parses.
rc::Gen<std::string> resp_like_bytes() {
  const auto token = rc::gen::weightedOneOf<std::string>(
      {{4, rc::gen::element<std::string>("*", "$", "\r\n", "\r", "\n", "-1", "0", "1", "2",
                                         "3", "12", "99999999999999999999", " ", "\t", "foo",
                                         "*1\r\n", "*2\r\n", "$3\r\n", "$0\r\n\r\n")},
       {4, rc::gen::element<std::string>("PING\r\n", "GET k\n", "*1\r\n$4\r\nPING\r\n",
                                         "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "*0\r\n")},
       {1, rc::gen::string<std::string>()}});
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(token),
                      [](const std::vector<std::string>& tokens) {
                        std::string bytes;
                        for (const std::string& t : tokens) bytes += t;
                        return bytes;
                      });
}

// Tiny limits half the time, to reach every limit check; else room for the commands
// resp_like_bytes makes.
RespLimits small_limits() {
  RespLimits limits;
  const bool tiny = *rc::gen::arbitrary<bool>();
  limits.max_bulk_bytes = *rc::gen::inRange<std::size_t>(0, tiny ? 8 : 64);
  limits.max_arguments = *rc::gen::inRange<std::size_t>(tiny ? 0 : 2, tiny ? 3 : 8);
  limits.max_inline_bytes = *rc::gen::inRange<std::size_t>(0, tiny ? 8 : 64);
  return limits;
}

// Every outcome is a command within the limits, "need more", or a protocol error that
// then sticks; nothing crashes whatever the bytes and however they are split.
RC_GTEST_PROP(RespParserProperties, RandomChunksNeverCrashAndErrorsStick, ()) {
  RespLimits limits = small_limits();
  limits.max_buffered_bytes = *rc::gen::inRange<std::size_t>(1, 64);
  const std::string input = *resp_like_bytes();
  const auto sizes = *piece_sizes();
  RespParser parser(limits);
  std::optional<std::string> error;
  auto check_error = [&](const Status& status) {
    RC_ASSERT(status.kind() == ErrorKind::malformed);
    RC_ASSERT(status.message().rfind("Protocol error: ", 0) == 0u);
    if (error) RC_ASSERT(status.message() == *error);
    error = status.message();
  };
  for (const std::string_view piece : split(input, sizes)) {
    const Status fed = parser.feed(piece);
    if (!fed.is_ok()) check_error(fed);
    else RC_ASSERT(!error);
    for (std::size_t calls = 0;; ++calls) {
      RC_ASSERT(calls <= input.size() + 1);  // each command takes at least a byte
      auto next = parser.next();
      if (!next.is_ok()) {
        check_error(next.status());
        break;
      }
      RC_ASSERT(!error);
      if (!next.value()) break;
      const Command& command = *next.value();
      RC_ASSERT(!command.empty());
      RC_ASSERT(command.size() <= limits.max_arguments);
      for (const std::string& argument : command)
        RC_ASSERT(argument.size() <= std::max(limits.max_bulk_bytes, limits.max_inline_bytes));
    }
  }
  RC_TAG(error ? "error" : "no error");
}

// Where the input is split changes nothing: the same commands, and an error or not.
RC_GTEST_PROP(RespParserProperties, SplittingDoesNotChangeTheOutcome, ()) {
  const RespLimits limits = small_limits();
  const std::string input = *resp_like_bytes();
  const auto sizes = *piece_sizes();
  const Outcome whole = parse(input, limits);
  RespParser parser(limits);
  Outcome pieces;
  for (const std::string_view piece : split(input, sizes)) {
    if (!parser.feed(piece).is_ok()) break;
    drain(parser, pieces);
  }
  RC_ASSERT(pieces.commands == whole.commands);
  RC_ASSERT(pieces.error.has_value() == whole.error.has_value());
  RC_TAG(whole.commands.empty() ? "no command" : "commands", whole.error ? "error" : "no error");
}

rc::Gen<std::string> argument_bytes() {
  return rc::gen::oneOf(rc::gen::string<std::string>(),
                        rc::gen::element<std::string>("", "\r\n", "\r", "\n", "$3\r\n",
                                                      "*1\r\n", "\0\0"s, "\xff\xfe"));
}

RC_GTEST_PROP(RespParserProperties, EncodedArraysParseBackInRandomChunks, ()) {
  const auto count = *rc::gen::inRange<std::size_t>(1, 6);
  std::vector<Command> commands;
  std::string stream;
  for (std::size_t i = 0; i < count; ++i) {
    const auto arguments = *rc::gen::inRange<std::size_t>(1, 65);
    commands.push_back(*rc::gen::container<Command>(arguments, argument_bytes()));
    stream += resp_bulk_array(commands.back());
  }
  const auto sizes = *piece_sizes();
  RespParser parser;
  Outcome outcome;
  for (const std::string_view piece : split(stream, sizes)) {
    RC_ASSERT(parser.feed(piece).is_ok());
    drain(parser, outcome);
  }
  RC_ASSERT(!outcome.error);
  RC_ASSERT(outcome.commands == commands);
}

RC_GTEST_PROP(RespParserProperties, InlineWordsParseBack, ()) {
  const auto word = rc::gen::nonEmpty(rc::gen::container<std::string>(
      rc::gen::suchThat(rc::gen::arbitrary<char>(),
                        [](char c) { return c != ' ' && c != '\t' && c != '\n' && c != '\r'; })));
  const auto count = *rc::gen::inRange<std::size_t>(1, 10);
  const Command command = *rc::gen::container<Command>(count, word);
  // A line starting with '*' is an array header: a blank in front keeps it inline.
  std::string line = *rc::gen::element<std::string>("", " ", "\t ");
  if (line.empty() && command.front().front() == '*') line = " ";
  for (const std::string& w : command) line += w + *rc::gen::element<std::string>(" ", "\t", "  ");
  line += *rc::gen::element<std::string>("\n", "\r\n");
  RespParser parser;
  Outcome outcome;
  for (const std::string_view piece : split(line, *piece_sizes())) {
    RC_ASSERT(parser.feed(piece).is_ok());
    drain(parser, outcome);
  }
  RC_ASSERT(!outcome.error);
  RC_ASSERT(outcome.commands == std::vector<Command>{command});
}

}  // namespace
}  // namespace qc
