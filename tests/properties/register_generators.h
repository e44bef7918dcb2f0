#pragma once
// RapidCheck generators of register histories with unique written values, over keys
// "x" and "y", with reads, writes and deletes, for the property checkers' tests.
#include <rapidcheck.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "checker/lost_writes.h"
#include "histories/history.h"

namespace qc::test {

// A choice drawn over its whole range whatever the test's size (rc::gen::inRange scales
// its range down with the size, which would make small cases all one kind of op).
template <typename T>
T pick(T low, T high_exclusive) {
  return *rc::gen::resize(100, rc::gen::inRange<T>(low, high_exclusive));
}

struct RegisterRun {
  History history;
  FinalState final_state;  // what the register holds after every op took effect
};

// A register run sequentially (op i takes effect at time 10 (i + 1)), each op's interval
// then widened around that point and given to a process free at the time: linearizable
// by construction. One op in ten ends in info, one in twenty never completes; both
// still took effect (an unknown outcome may be a success).
inline rc::Gen<RegisterRun> widened_sequential_register(int max_ops) {
  return rc::gen::exec([=] {
    struct Timed { std::int64_t time; int order; Event event; };
    std::vector<Timed> timed;
    RegisterRun run;
    std::map<std::string, Value> registers{{"x", Value()}, {"y", Value()}};
    std::vector<std::int64_t> busy_until;  // per process: when its last op returns
    const int op_count = pick(1, max_ops + 1);
    for (int i = 0; i < op_count; ++i) {
      const std::int64_t point = 10 * (i + 1);
      const std::int64_t call_time = point - pick<std::int64_t>(0, 40);
      const std::int64_t return_time = point + pick<std::int64_t>(0, 40);
      const int ending = pick(0, 20);  // 0, 1: info; 2: never completes
      std::size_t process = 0;
      while (process < busy_until.size() && busy_until[process] >= call_time) ++process;
      if (process == busy_until.size()) busy_until.push_back(0);
      busy_until[process] = ending <= 2 ? std::numeric_limits<std::int64_t>::max() : return_time;
      Event call;
      call.process = static_cast<std::int64_t>(process);
      call.key = *rc::gen::element<std::string>("x", "y");
      call.f = *rc::gen::element<std::string>("read", "read", "write", "write", "delete");
      Value& current = registers[*call.key];
      if (call.f == "write") call.value = Value::string("v" + std::to_string(i));
      Event done = call;
      done.type = ending <= 1 ? EventType::info : EventType::ok;
      if (call.f == "read") done.value = done.type == EventType::ok ? current : Value();
      if (call.f != "read") current = call.value;  // a delete writes nil
      timed.push_back({call_time, 2 * i, call});
      if (ending != 2) timed.push_back({return_time, 2 * i + 1, done});
    }
    std::sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
      return a.time != b.time ? a.time < b.time : a.order < b.order;
    });
    for (auto& t : timed) {
      t.event.index = static_cast<std::int64_t>(run.history.events.size());
      t.event.time = t.time;
      run.history.events.push_back(std::move(t.event));
    }
    for (const auto& [key, value] : registers) {
      run.final_state[key] = value.is_nil() ? std::nullopt : std::optional<std::string>(value.as_string());
    }
    return run;
  });
}

// Mostly a value already written (so reads can be stale), sometimes nil, a value
// perhaps written later, or one never written.
inline rc::Gen<Value> read_value(const std::vector<Value>& written, int op_count) {
  return rc::gen::exec([=] {
    const int choice = pick(0, 12);
    if (choice == 0) return Value();
    if (choice == 1) return Value::string("never written");
    if (choice == 2 || written.empty()) return Value::string("v" + std::to_string(pick(0, op_count)));
    return *rc::gen::elementOf(written);
  });
}

// Arbitrary concurrent histories, mostly not regular: processes invoke and complete ops
// in random interleavings (ok, fail, info or never), writes write "v<n>" (n: the op's
// number), reads return what read_value picks.
inline rc::Gen<History> random_register_history(int max_ops) {
  return rc::gen::exec([=] {
    constexpr int kProcesses = 4;
    const int op_count = pick(1, max_ops + 1);
    std::vector<std::optional<Event>> in_flight(kProcesses);
    std::vector<std::int64_t> ids{0, 1, 2, 3};
    History history;
    std::vector<Value> written;  // by writes invoked so far
    int invoked = 0;
    auto emit = [&](Event event) {
      event.index = static_cast<std::int64_t>(history.events.size());
      event.time = 10 * event.index;
      history.events.push_back(std::move(event));
    };
    while (invoked < op_count || std::any_of(in_flight.begin(), in_flight.end(), [](auto& e) { return e.has_value(); })) {
      const int p = pick(0, kProcesses);
      if (!in_flight[p]) {
        if (invoked == op_count) continue;
        Event call;
        call.process = ids[p];
        call.key = *rc::gen::element<std::string>("x", "y");
        call.f = *rc::gen::element<std::string>("read", "read", "write", "write", "delete");
        if (call.f == "write") call.value = Value::string("v" + std::to_string(invoked));
        if (call.f == "write") written.push_back(call.value);
        ++invoked;
        in_flight[p] = call;
        emit(call);
        continue;
      }
      Event done = *in_flight[p];
      in_flight[p].reset();
      const int ending = pick(0, 12);  // 0: never, 1: info, 2: fail, else ok
      if (ending <= 1) ids[p] += kProcesses;
      if (ending == 0) continue;
      done.type = ending == 1 ? EventType::info : ending == 2 ? EventType::fail : EventType::ok;
      if (done.f == "read" && done.type == EventType::ok) done.value = *read_value(written, op_count);
      emit(done);
    }
    return history;
  });
}

}  // namespace qc::test
