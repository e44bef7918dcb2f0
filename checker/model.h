#pragma once
// The model interface the linearizability search is generic over (after Porcupine):
// a model turns each operation into a compact input once, then steps a small state.
//
//   typename State;                          copyable, equality-comparable
//   State init() const;
//   bool step(const State&, const Input&, State& next) const;  false: illegal here
//   std::uint64_t hash(const State&) const;
//   std::string describe(const State&) const;
//   Result<Input> compile(const Operation&) ;      // malformed op -> error
//   bool droppable(const Input&) const;  // an open op that can never be observed
//   void observe(const Input&);          // called for every kept op before droppable()
//
// Partitioning is by key (P-compositionality): each key's operations form an
// independent sub-history with its own initial state. Open operations (info, or never
// completed) return at "never": the search is done once every completed op is placed,
// so an open op may take effect at any point after its invocation, or not at all.
#include <cstdint>
#include <string>

#include "common/status.h"
#include "histories/history.h"

namespace qc {

enum class NilRead : std::uint8_t {
  empty,  // nil means "no value yet": it matches only a nil state (etcd, our store)
  any,    // nil tells nothing and matches any state (Knossos's data)
};

struct ModelOptions {
  Value initial;                    // the register's first value; kv-append ignores it
  NilRead nil_read = NilRead::empty;
};

// The names `quorumcheck check --model` accepts, for help texts and errors.
inline constexpr const char* kModelNames = "cas-register, register, kv-append";

inline std::uint64_t mix_hash(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}

}  // namespace qc
