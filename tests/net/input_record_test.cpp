// net/input_record.h: every kind of input round-trips with its outputs, bad bytes are
// errors naming a field, and replaying into an in-process node reproduces its outputs.
#include "net/input_record.h"

#include <gtest/gtest.h>

namespace qc {
namespace {

std::vector<RecordedInput> one_of_each_kind() {
  std::vector<RecordedInput> inputs(6);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    inputs[i].kind = static_cast<InputKind>(i);
    inputs[i].clock = Clock{static_cast<std::int64_t>(1000 * i), 1'700'000'000'000'000 + static_cast<std::int64_t>(i)};
  }
  inputs[1].incarnation = 3;
  inputs[1].durable_log = {DurableRecord{RecordKind::put_version, "k", Version{5, 1, false, "v", 0}, 0}};
  inputs[2].request = ClientRequest{7, ClientOp::put, "k", "v"};
  inputs[3].envelope = Envelope{1, 0, ReadRequest{9, "k"}};
  inputs[4].timer = TimerId{TimerKind::anti_entropy, 4};
  inputs[5].peer = 2;
  inputs[5].up = true;
  return inputs;
}

TEST(InputRecordTest, EveryKindRoundTripsWithItsOutputs) {
  const std::string outputs("outputs\0bytes", 13);  // binary-safe
  for (const RecordedInput& input : one_of_each_kind()) {
    const std::string bytes = encode_recorded_input(input, outputs);
    auto decoded = decode_recorded_input(bytes);
    ASSERT_TRUE(decoded.is_ok()) << to_string(input.kind) << ": " << decoded.status().message();
    EXPECT_EQ(encode_recorded_input(decoded.value().input, decoded.value().outputs_bytes), bytes);
    EXPECT_EQ(decoded.value().outputs_bytes, outputs);
    EXPECT_EQ(decoded.value().input.clock.wall_us, input.clock.wall_us);
  }
}

TEST(InputRecordTest, TruncatedAndBadBytesAreErrorsNamingAField) {
  for (const RecordedInput& input : one_of_each_kind()) {
    const std::string bytes = encode_recorded_input(input, "x");
    for (std::size_t size = 0; size < bytes.size(); ++size) {
      auto decoded = decode_recorded_input(std::string_view(bytes).substr(0, size));
      ASSERT_FALSE(decoded.is_ok()) << to_string(input.kind) << " cut at " << size;
      EXPECT_NE(decoded.status().message().find("bad "), std::string::npos) << decoded.status().message();
    }
  }
  std::string bad_kind = encode_recorded_input(one_of_each_kind()[0], "");
  bad_kind[0] = 9;
  auto decoded = decode_recorded_input(bad_kind);
  ASSERT_FALSE(decoded.is_ok());
  EXPECT_NE(decoded.status().message().find("input.kind"), std::string::npos);
}

// Two in-process nodes fed the same inputs give the same output bytes, and a different
// clock gives different bytes: the comparison sees what the node does with its inputs.
TEST(InputRecordTest, OutputsAreAFunctionOfTheInputs) {
  const Config store;
  RecordedInput start;
  start.clock = Clock{1, 1'000};
  RecordedInput write;
  write.kind = InputKind::client_request;
  write.clock = Clock{2, 2'000};
  write.request = ClientRequest{1, ClientOp::put, "k", "v"};
  Node first(store, 0), second(store, 0), skewed(store, 0);
  feed(first, start);
  feed(second, start);
  feed(skewed, start);
  const std::string a = encode_outputs(feed(first, write));
  const std::string b = encode_outputs(feed(second, write));
  write.clock.wall_us += 1;
  const std::string c = encode_outputs(feed(skewed, write));
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);  // the write's version carries the wall clock
  EXPECT_GT(a.size(), 40u);
}

}  // namespace
}  // namespace qc
