#pragma once
// RapidCheck generators of register histories for the checker's property tests.
#include <map>
#include <rapidcheck.h>

#include "histories/history.h"

namespace qc::testing {

inline Value small_value(int number) { return number < 0 ? Value() : Value::integer(number); }

// Random concurrent histories: up to `max_ops` ops by `processes` processes, reads,
// writes and cas over values {0,1,2} (and nil reads), completed ok, fail or info, or
// left open. A process whose op ended in info is replaced by a fresh process id, as in
// Jepsen. With `keyed`, ops go to key "a" or "b".
inline rc::Gen<History> random_concurrent_history(int max_ops, int processes, bool keyed) {
  return rc::gen::exec([=] {
    History history;
    history.source = "generated";
    const int op_count = *rc::gen::inRange(1, max_ops + 1);
    std::vector<std::int64_t> process_id(processes);
    for (int p = 0; p < processes; ++p) process_id[p] = p;
    std::vector<std::optional<Event>> open(processes);  // invocation in flight
    int invoked = 0;
    auto emit = [&](Event event) {
      event.index = static_cast<std::int64_t>(history.events.size());
      event.line = event.index + 1;
      history.events.push_back(std::move(event));
    };
    while (invoked < op_count || std::any_of(open.begin(), open.end(), [](auto& e) { return e.has_value(); })) {
      const int p = *rc::gen::inRange(0, processes);
      if (!open[p]) {
        if (invoked == op_count) continue;
        Event call;
        call.process = process_id[p];
        call.type = EventType::invoke;
        call.f = *rc::gen::element<std::string>("read", "write", "cas");
        if (keyed) call.key = *rc::gen::element<std::string>("a", "b");
        if (call.f == "write") call.value = Value::integer(*rc::gen::inRange(0, 3));
        if (call.f == "cas") {
          call.value = Value::list({Value::integer(*rc::gen::inRange(0, 3)), Value::integer(*rc::gen::inRange(0, 3))});
        }
        open[p] = call;
        emit(call);
        ++invoked;
        continue;
      }
      // 1 in 8: leave it open forever (the history ends before its completion).
      const int choice = *rc::gen::inRange(0, 16);
      Event done = *open[p];
      open[p].reset();
      if (choice < 2) {
        process_id[p] += processes;  // never completes: the process is gone
        continue;
      }
      done.type = choice < 4 ? EventType::info : (choice < 6 ? EventType::fail : EventType::ok);
      if (done.f == "read") done.value = done.type == EventType::ok ? small_value(*rc::gen::inRange(-1, 3)) : Value();
      emit(done);
      if (done.type == EventType::info) process_id[p] += processes;
    }
    return history;
  });
}

// Like random_concurrent_history, but every write writes a fresh value, as our store's
// workloads do, and there is no cas: the histories the zone check decides. A read sees
// nil, a value written anywhere so far (or about to be), or now and then one never written.
inline rc::Gen<History> unique_value_history(int max_ops, int processes, bool keyed) {
  return rc::gen::exec([=] {
    History history = *random_concurrent_history(max_ops, processes, keyed);
    int next_value = 0;
    std::vector<Event*> reads;
    for (Event& event : history.events) {
      if (event.f == "cas") event.f = "write";
      if (event.f == "write" && event.type == EventType::invoke) event.value = Value::integer(next_value++);
      if (event.f == "read" && event.type == EventType::ok) reads.push_back(&event);
    }
    // Completions carry their invocation's value.
    std::map<std::int64_t, Value> written_by_process;
    for (Event& event : history.events) {
      if (event.f != "write") continue;
      if (event.type == EventType::invoke) written_by_process[event.process] = event.value;
      else event.value = written_by_process[event.process];
    }
    for (Event* read : reads) {
      const int choice = *rc::gen::inRange(-1, next_value + 1);  // -1: nil; next_value: unwritten
      read->value = choice < 0 ? Value() : Value::integer(choice == next_value ? 1000 : choice);
    }
    return history;
  });
}

// A register run sequentially (ops take effect at times 10, 20, 30, ...), each op's
// interval then widened around its point and given to a process free at the time.
// Such a history is linearizable by construction. Values written are unique.
inline rc::Gen<History> widened_sequential_history(int max_ops) {
  return rc::gen::exec([=] {
    const int op_count = *rc::gen::inRange(1, max_ops + 1);
    struct Timed { std::int64_t time; int order; Event event; };
    std::vector<Timed> timed;
    std::map<std::string, Value> registers;
    std::vector<std::int64_t> busy_until;  // per process: its last return time
    int next_value = 0;
    for (int i = 0; i < op_count; ++i) {
      const std::int64_t point = 10 * (i + 1);
      const std::int64_t call_time = point - *rc::gen::inRange<std::int64_t>(0, 40);
      const bool open = *rc::gen::inRange(0, 10) == 0;
      const std::int64_t return_time = point + *rc::gen::inRange<std::int64_t>(0, 40);
      std::size_t process = 0;
      while (process < busy_until.size() && busy_until[process] >= call_time) ++process;
      if (process == busy_until.size()) busy_until.push_back(0);
      // An open op's process never returns: it holds on to the process forever.
      busy_until[process] = open ? std::numeric_limits<std::int64_t>::max() : return_time;
      const std::string key = *rc::gen::element<std::string>("x", "y");
      Value& current = registers[key];
      Event call;
      call.process = static_cast<std::int64_t>(process);
      call.key = key;
      call.f = *rc::gen::element<std::string>("read", "write", "write", "cas", "delete");
      Event done = call;
      done.type = EventType::ok;
      if (call.f == "read") {
        done.value = current;
      } else if (call.f == "write") {
        call.value = done.value = Value::integer(next_value++);
        current = call.value;
      } else if (call.f == "delete") {
        current = Value();
      } else {
        const bool matches = *rc::gen::inRange(0, 2) == 0;
        Value from = matches ? current : Value::integer(1000 + next_value);
        call.value = done.value = Value::list({from, Value::integer(next_value++)});
        if (matches) current = call.value.as_list()[1];
        else done.type = EventType::fail;
      }
      if (open && done.type == EventType::ok) done.type = EventType::info;
      timed.push_back({call_time, 2 * i, call});
      timed.push_back({return_time, 2 * i + 1, done});
    }
    std::sort(timed.begin(), timed.end(), [](const Timed& a, const Timed& b) {
      return a.time != b.time ? a.time < b.time : a.order < b.order;
    });
    History history;
    history.source = "widened";
    for (auto& t : timed) {
      t.event.index = static_cast<std::int64_t>(history.events.size());
      t.event.time = t.time;
      t.event.line = t.event.index + 1;
      history.events.push_back(std::move(t.event));
    }
    return history;
  });
}

}  // namespace qc::testing
