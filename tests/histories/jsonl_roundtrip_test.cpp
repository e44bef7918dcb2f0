// Property: writing a history as JSON Lines and reading it back gives the same history,
// with nemesis events, keys, nested lists, times and errors.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "histories/import.h"
#include "histories/jsonl.h"

namespace qc {
namespace {

// Event has no operator==: compare every field, so a lost field fails the property.
bool same_event(const Event& a, const Event& b) {
  return a.index == b.index && a.time == b.time && a.process == b.process && a.type == b.type &&
         a.f == b.f && a.key == b.key && a.value == b.value && a.error == b.error && a.line == b.line;
}

// ASCII, control characters and quotes included: JSON must escape them. Other bytes
// are left out because JSON text must be UTF-8 (see the report on to_jsonl).
rc::Gen<std::string> text() {
  return rc::gen::container<std::string>(rc::gen::inRange<char>(0, 127));
}

rc::Gen<Value> value(int depth) {
  auto scalar = rc::gen::oneOf(rc::gen::just(Value()), rc::gen::map(rc::gen::arbitrary<std::int64_t>(), Value::integer),
                               rc::gen::map(text(), Value::string));
  if (depth == 0) return scalar;
  auto list = rc::gen::map(rc::gen::container<Value::List>(value(depth - 1)), Value::list);
  return rc::gen::weightedOneOf<Value>({{3, scalar}, {1, list}});
}

template <typename T>
std::optional<T> maybe(const rc::Gen<T>& gen) {
  return *rc::gen::arbitrary<bool>() ? std::optional<T>(*gen) : std::nullopt;
}

rc::Gen<Event> event() {
  return rc::gen::exec([] {
    Event event;
    event.time = maybe(rc::gen::arbitrary<std::int64_t>());
    const bool nemesis = *rc::gen::weightedElement<bool>({{1, true}, {5, false}});
    event.process = nemesis ? kNemesisProcess : *rc::gen::inRange<std::int64_t>(0, 1000);
    event.type = *rc::gen::element(EventType::invoke, EventType::ok, EventType::fail, EventType::info);
    event.f = *rc::gen::nonEmpty(text());
    event.key = maybe(text());
    event.value = *value(2);
    event.error = maybe(text());
    return event;
  });
}

// Indices increase (the parser checks that) with gaps; lines are what the parser records.
History numbered(std::vector<Event> events, const std::vector<std::int64_t>& gaps) {
  History history;
  history.source = "round.jsonl";
  std::int64_t index = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    index += gaps[i % gaps.size()];
    events[i].index = index;
    events[i].line = static_cast<std::int64_t>(i) + 1;
  }
  history.events = std::move(events);
  return history;
}

RC_GTEST_PROP(JsonlRoundTrip, ParseOfWriteIsIdentity, ()) {
  const auto events = *rc::gen::container<std::vector<Event>>(event());
  const auto gaps = *rc::gen::nonEmpty(rc::gen::container<std::vector<std::int64_t>>(rc::gen::inRange<std::int64_t>(1, 5)));
  const History history = numbered(events, gaps);
  const std::string text = to_jsonl(history);
  auto parsed = parse_jsonl(text, history.source);
  RC_ASSERT(parsed.is_ok());
  RC_ASSERT(parsed.value().source == history.source);
  RC_ASSERT(parsed.value().events.size() == history.events.size());
  for (std::size_t i = 0; i < history.events.size(); ++i) {
    RC_ASSERT(same_event(parsed.value().events[i], history.events[i]));
  }
  RC_ASSERT(to_jsonl(parsed.value()) == text);  // a fixed field order: equal bytes
}

// Through the importer too: detection picks jsonl, and valid histories survive validate.
TEST(JsonlRoundTrip, ImporterReadsWhatToJsonlWrites) {
  History history;
  history.source = "x.jsonl";
  Event invoke;
  invoke.process = 3;
  invoke.f = "write";
  invoke.key = "k1";
  invoke.value = Value::string("p3-7");
  invoke.time = 1200;
  invoke.line = 1;
  Event fault = invoke;
  fault.index = 1;
  fault.process = kNemesisProcess;
  fault.type = EventType::info;
  fault.f = "kill";
  fault.key.reset();
  fault.value = Value::list({Value::string("n1"), Value()});
  fault.line = 2;
  Event done = invoke;
  done.index = 2;
  done.type = EventType::fail;
  done.error = "timeout";
  done.line = 3;
  history.events = {invoke, fault, done};
  const std::string text = to_jsonl(history);
  EXPECT_EQ(text.substr(0, text.find('\n')), R"({"index":0,"time":1200,"process":3,"type":"invoke","f":"write","key":"k1","value":"p3-7"})");
  EXPECT_EQ(detect_format(text), HistoryFormat::jsonl);
  auto parsed = parse_history(text, "x.jsonl", HistoryFormat::automatic);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().message();
  ASSERT_EQ(parsed.value().events.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(same_event(parsed.value().events[i], history.events[i])) << i;
}

}  // namespace
}  // namespace qc
