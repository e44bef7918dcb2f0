#pragma once
// Hand-made histories for the property checkers' tests: invoke an op, complete it later,
// and get the paired operations. Each event is 10 us after the previous one unless a
// time is given. Handles are op positions (pair_operations numbers ops by invocation).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "histories/history.h"

namespace qc::test {

inline Value text(const char* value) { return Value::string(value); }

class HistoryBuilder {
 public:
  int write(std::int64_t process, const std::string& key, const char* value) {
    return invoke(process, "write", key, text(value));
  }
  int del(std::int64_t process, const std::string& key) { return invoke(process, "delete", key, Value()); }
  int read(std::int64_t process, const std::string& key) { return invoke(process, "read", key, Value()); }

  void ok(int op) { complete(op, EventType::ok, calls_[op].value); }
  void ok(int op, Value read_value) { complete(op, EventType::ok, std::move(read_value)); }
  void info(int op) { complete(op, EventType::info, calls_[op].value); }
  void fail(int op) { complete(op, EventType::fail, calls_[op].value); }

  // A whole op, invoked and completed at once.
  int wrote(std::int64_t process, const std::string& key, const char* value) {
    const int op = write(process, key, value);
    ok(op);
    return op;
  }
  int deleted(std::int64_t process, const std::string& key) {
    const int op = del(process, key);
    ok(op);
    return op;
  }
  int read_as(std::int64_t process, const std::string& key, Value seen) {
    const int op = read(process, key);
    ok(op, std::move(seen));
    return op;
  }

  // The next event happens at `time_us`; later ones follow 10 us apart.
  HistoryBuilder& at(std::int64_t time_us) {
    time_us_ = time_us - kStepUs;
    return *this;
  }

  std::vector<Operation> operations() const {
    auto paired = pair_operations(history_);
    EXPECT_TRUE(paired.is_ok()) << paired.status().message();
    return paired.is_ok() ? paired.value() : std::vector<Operation>{};
  }
  const History& history() const { return history_; }

 private:
  static constexpr std::int64_t kStepUs = 10;

  int invoke(std::int64_t process, const std::string& f, const std::string& key, Value value) {
    Event event;
    event.process = process;
    event.type = EventType::invoke;
    event.f = f;
    event.key = key;
    event.value = std::move(value);
    calls_.push_back(event);
    emit(event);
    return static_cast<int>(calls_.size()) - 1;
  }

  void complete(int op, EventType type, Value value) {
    Event event = calls_[op];
    event.type = type;
    event.value = std::move(value);
    emit(event);
  }

  void emit(Event event) {
    event.index = static_cast<std::int64_t>(history_.events.size());
    time_us_ += kStepUs;
    event.time = time_us_;
    history_.events.push_back(std::move(event));
  }

  History history_;
  std::vector<Event> calls_;
  std::int64_t time_us_ = 0;
};

}  // namespace qc::test
