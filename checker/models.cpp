#include "checker/models.h"


namespace qc {
namespace {

Status unknown_operation(const Operation& operation, const char* model, const char* expected) {
  return Status::error(ErrorKind::malformed,
                       "line " + std::to_string(operation.call_line) + ": model " + model +
                           " does not know :" + operation.f + "; expected " + expected);
}

Status bad_value(const Operation& operation, const std::string& what) {
  return Status::error(ErrorKind::malformed,
                       "line " + std::to_string(operation.call_line) + ": :" + operation.f +
                           " by process " + std::to_string(operation.process) + " " + what);
}

}  // namespace

RegisterModel::RegisterModel(const ModelOptions& options, bool allow_cas)
    : options_(options), allow_cas_(allow_cas) {
  intern(Value());  // nil is always id 0
  initial_ = intern(options.initial);
}

std::int32_t RegisterModel::intern(const Value& value) {
  const auto next = static_cast<std::int32_t>(values_.size());
  const std::int32_t id = value.is_integer() ? integer_ids_.try_emplace(value.as_integer(), next).first->second
                                              : text_ids_.try_emplace(value.to_string(), next).first->second;
  if (id == next) {
    values_.push_back(value);
    observed_.push_back(false);
  }
  return id;
}

Result<RegisterModel::Input> RegisterModel::compile(const Operation& operation) {
  Input input;
  input.open = operation.outcome == Outcome::open;
  const std::string& f = operation.f;
  if (f == "read" || f == "get") {
    input.kind = Kind::read;
    if (!input.open) {
      input.read_any = operation.output.is_nil() && options_.nil_read == NilRead::any;
      input.first = intern(operation.output);
    }
  } else if (f == "write" || f == "put") {
    input.kind = Kind::write;
    input.first = intern(operation.input);
  } else if (f == "delete") {
    input.kind = Kind::erase;
    input.first = 0;
  } else if (f == "cas" && allow_cas_) {
    const Value& pair = operation.input;
    if (!pair.is_list() || pair.as_list().size() != 2) {
      return bad_value(operation, "has value " + pair.to_string() + "; expected [from to]");
    }
    input.kind = Kind::cas;
    input.first = intern(pair.as_list()[0]);
    input.second = intern(pair.as_list()[1]);
  } else {
    return unknown_operation(operation, allow_cas_ ? "cas-register" : "register",
                             allow_cas_ ? "read, write, cas or delete" : "read, write or delete");
  }
  return input;
}

void RegisterModel::observe(const Input& input) {
  const bool reads_a_value = (input.kind == Kind::read && !input.open && !input.read_any) ||
                             input.kind == Kind::cas;
  if (reads_a_value) observed_[static_cast<std::size_t>(input.first)] = true;
}

// An open op that writes a value no op ever reads can be left out: wherever it took
// effect, the ops up to the next write would have had to see its value, and none did.
// So a linearization with it exists exactly when one without it does.
bool RegisterModel::droppable(const Input& input) const {
  if (!input.open) return false;
  switch (input.kind) {
    case Kind::read: return true;  // an unknown read constrains nothing
    case Kind::write:
    case Kind::erase: return !observed_[static_cast<std::size_t>(input.first)];
    case Kind::cas: return !observed_[static_cast<std::size_t>(input.second)];
  }
  return false;
}

bool RegisterModel::step(const State& state, const Input& input, State& next) const {
  switch (input.kind) {
    case Kind::read:
      next = state;
      return input.open || input.read_any || state == input.first;
    case Kind::write:
    case Kind::erase:
      next = input.first;
      return true;
    case Kind::cas:
      if (state == input.first) {
        next = input.second;
        return true;
      }
      next = state;
      return input.open;  // an open cas that found another value simply did nothing
  }
  return false;
}

Result<KvAppendModel::Input> KvAppendModel::compile(const Operation& operation) {
  Input input;
  input.open = operation.outcome == Outcome::open;
  const std::string& f = operation.f;
  const Value& text = (f == "get" || f == "read") ? operation.output : operation.input;
  if (!input.open || f != "get") {
    if (!text.is_nil() && !text.is_string()) {
      return bad_value(operation, "has value " + text.to_string() + "; expected a string");
    }
  }
  if (f == "get" || f == "read") {
    input.kind = Kind::get;
  } else if (f == "put" || f == "write") {
    input.kind = Kind::put;
  } else if (f == "append") {
    input.kind = Kind::append;
  } else {
    return unknown_operation(operation, "kv-append", "get, put or append");
  }
  if (text.is_string()) input.text = text.as_string();
  return input;
}

bool KvAppendModel::step(const State& state, const Input& input, State& next) const {
  switch (input.kind) {
    case Kind::get:
      if (!input.open && state != input.text) return false;  // rejected: no copy made
      next = state;
      return true;
    case Kind::put:
      next = input.text;
      return true;
    case Kind::append:
      next.reserve(state.size() + input.text.size());
      next.assign(state).append(input.text);
      return true;
  }
  return false;
}

std::uint64_t KvAppendModel::hash(const State& state) const {
  std::uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : state) hash = (hash ^ c) * 0x100000001b3ULL;
  return mix_hash(hash);
}

std::string KvAppendModel::describe(const State& state) const {
  return Value::string(state).to_string();
}

std::string describe_operation(const Operation& operation) {
  std::string text = "process " + std::to_string(operation.process) + " " + operation.f;
  if (operation.key) text += " key " + Value::string(*operation.key).to_string();
  if (!operation.input.is_nil()) text += " " + operation.input.to_string();
  switch (operation.outcome) {
    case Outcome::ok:
      if (operation.f == "read" || operation.f == "get") {
        text += " -> " + operation.output.to_string();
      }
      break;
    case Outcome::fail: text += " (failed)"; break;
    case Outcome::open: text += " (unknown outcome)"; break;
  }
  // A history made in memory has no lines: its event index says where the op began.
  text += operation.call_line > 0 ? " [line " + std::to_string(operation.call_line) + "]"
                                  : " [event " + std::to_string(operation.call_index) + "]";
  return text;
}

}  // namespace qc
