#include "histories/synthetic.h"

#include <queue>
#include <string>
#include <vector>

#include "common/prng.h"

namespace qc {
namespace {

enum class Phase : std::uint8_t { invoke, take_effect, complete };

struct Step {
  std::int64_t time_us;
  std::int64_t sequence;  // breaks ties, so the order never falls to chance
  int slot;               // which client slot
  Phase phase;
  bool operator>(const Step& other) const {
    return time_us != other.time_us ? time_us > other.time_us : sequence > other.sequence;
  }
};

struct Client {
  std::int64_t process = 0;
  Event call;
  Value seen;          // what the read saw, at the instant it took effect
  bool times_out = false;
};

}  // namespace

History generate_register_history(const SyntheticHistoryOptions& options) {
  Prng prng(options.seed);
  History history;
  history.source = "synthetic";
  std::vector<Value> registers(static_cast<std::size_t>(options.keys));
  std::vector<Client> clients(static_cast<std::size_t>(options.processes));
  std::priority_queue<Step, std::vector<Step>, std::greater<>> agenda;
  std::int64_t sequence = 0;
  std::int64_t invoked = 0;
  std::int64_t next_value = 0;
  for (int slot = 0; slot < options.processes; ++slot) {
    clients[slot].process = slot;
    agenda.push({prng.between(0, 100), sequence++, slot, Phase::invoke});
  }
  auto emit = [&](Event event, std::int64_t time_us) {
    event.index = static_cast<std::int64_t>(history.events.size());
    event.time = time_us;
    history.events.push_back(std::move(event));
  };
  while (!agenda.empty()) {
    const Step step = agenda.top();
    agenda.pop();
    Client& client = clients[static_cast<std::size_t>(step.slot)];
    if (step.phase == Phase::invoke) {
      if (invoked == options.operations) continue;
      ++invoked;
      Event call;
      call.process = client.process;
      call.type = EventType::invoke;
      call.key = "k" + std::to_string(prng.below(static_cast<std::uint64_t>(options.keys)));
      call.f = prng.chance(options.read_fraction) ? "read" : "write";
      if (call.f == "write") call.value = Value::integer(next_value++);
      client.times_out = call.f == "write" && prng.chance(options.info_fraction);
      client.call = call;
      emit(call, step.time_us);
      agenda.push({step.time_us + prng.between(1, 1000), sequence++, step.slot, Phase::take_effect});
    } else if (step.phase == Phase::take_effect) {
      Value& current = registers[std::stoul(client.call.key->substr(1))];
      // A timed-out write took effect or not: both must be accepted by the checker.
      if (client.call.f == "read") client.seen = current;
      else if (!client.times_out || prng.chance(0.5)) current = client.call.value;
      agenda.push({step.time_us + prng.between(1, 1000), sequence++, step.slot, Phase::complete});
    } else {
      Event done = client.call;
      done.type = client.times_out ? EventType::info : EventType::ok;
      if (done.f == "read") done.value = client.seen;
      emit(done, step.time_us);
      if (client.times_out) client.process += options.processes;  // as in Jepsen
      agenda.push({step.time_us + prng.between(1, 500), sequence++, step.slot, Phase::invoke});
    }
  }
  return history;
}

std::string generate_porcupine_kv_text(const KvHistoryOptions& options) {
  struct Pending {
    bool busy = false;
    std::string f, key, value;
    std::int64_t ops = 0;
  };
  Prng prng(options.seed);
  std::vector<Pending> clients(static_cast<std::size_t>(options.processes));
  std::vector<std::string> state(static_cast<std::size_t>(options.keys));
  std::string text;
  text.reserve(static_cast<std::size_t>(options.events) * 76);
  const auto line = [&text](std::size_t process, const char* type, const Pending& op, const std::string& value) {
    text += "{:process " + std::to_string(process) + ", :type :" + type + ", :f :" + op.f + ", :key \"" + op.key +
            "\", :value " + value + "}\n";
  };
  for (std::int64_t event = 0; event < options.events; ++event) {
    const auto process = static_cast<std::size_t>(prng.below(clients.size()));
    Pending& op = clients[process];
    if (op.busy) {  // completes, and takes effect now
      std::string& stored = state[static_cast<std::size_t>(std::stoi(op.key))];
      if (op.f == "get") {
        line(process, "ok", op, "\"" + stored + "\"");
      } else {
        stored = op.f == "put" ? op.value : stored + op.value;
        line(process, "ok", op, "\"" + op.value + "\"");
      }
      op.busy = false;
      continue;
    }
    static const char* const kinds[] = {"get", "put", "append", "append"};
    op.f = kinds[prng.below(4)];
    op.key = std::to_string(prng.below(static_cast<std::uint64_t>(options.keys)));
    op.value = "x " + std::to_string(process) + " " + std::to_string(++op.ops) + " y";
    op.busy = true;
    line(process, "invoke", op, op.f == "get" ? "nil" : "\"" + op.value + "\"");
  }
  return text;
}

}  // namespace qc
