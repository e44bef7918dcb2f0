#pragma once
// Canonical 64-bit fingerprints of messages and of a node's state, for an exhaustive
// explorer that must recognise a system state it has expanded before. Equal values
// give equal fingerprints in every build (the fixed hashes of impl/hash.h, never
// std::hash or pointer values); different values give different ones except for
// 64-bit collisions, which an explorer accepts as the price of storing no states.
//
// Fingerprint accumulates fields in order (the combination is order-dependent). The
// caller adds a type's fields in one fixed order, so only what varies in length needs
// marking: a string adds its length before its bytes, a sequence its count before its
// elements, an optional its presence before its value. That keeps ("ab", "c") apart
// from ("a", "bc"), and an absent value apart from a zero one.
#include <concepts>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "impl/hash.h"
#include "impl/messages.h"
#include "impl/version.h"

namespace qc {

// A fingerprint with the versions' timestamps set aside, in the order they were met,
// for an explorer that merges states whose timestamps differ in value but compare alike
// (modelcheck/forgetting.cpp, rule 4): TimestampRanks::join() puts them back renamed.
// One pass over a state gives it, where ranking in place would take two (one to learn
// every timestamp, one to hash with their ranks), and it can be kept while the state
// does not change.
struct SplitFingerprint {
  std::uint64_t rest = 0;
  std::vector<std::int64_t> timestamps;
};

// An order-preserving renaming of timestamps: those below `below` collected from every
// part of a state become their rank among them; the others stay as they are (ranks,
// being fewer than the non-negative timestamps below `below`, never equal one of them).
class TimestampRanks {
 public:
  explicit TimestampRanks(std::int64_t below) : below_(below) {}
  void collect(const std::vector<std::int64_t>& timestamps);  // before freeze()
  void freeze();
  std::int64_t apply(std::int64_t timestamp) const;  // after freeze()
  // The split fingerprint's rest with its timestamps added back, renamed; after freeze().
  std::uint64_t join(const SplitFingerprint& split) const;

 private:
  std::int64_t below_;
  std::vector<std::int64_t> seen_;
  bool frozen_ = false;
};

class Fingerprint {
 public:
  Fingerprint() = default;
  // Versions' timestamps are appended to `set_aside` (may be null: hashed in place).
  explicit Fingerprint(std::vector<std::int64_t>* set_aside) : set_aside_(set_aside) {}

  // Integers, bools and enums, widened to 64 bits (signed ones as two's complement).
  template <typename Scalar>
    requires std::integral<Scalar> || std::is_enum_v<Scalar>
  void add(Scalar scalar) {
    value_ = hash_combine(value_, static_cast<std::uint64_t>(scalar));
  }
  void add(std::string_view bytes) {
    add(bytes.size());
    add(hash_bytes(bytes));
  }
  void add(const Version& version);
  template <typename T>
  void add(const std::optional<T>& maybe) {
    add(maybe.has_value());
    if (maybe) add(*maybe);
  }
  template <typename First, typename Second>
  void add(const std::pair<First, Second>& pair) {
    add(pair.first);
    add(pair.second);
  }
  // The count, then each element: add_element(element) for elements of a type add()
  // does not know, add(element) otherwise.
  template <typename Sequence, typename AddElement>
  void add_sequence(const Sequence& sequence, AddElement&& add_element) {
    add(std::size(sequence));
    for (const auto& element : sequence) add_element(element);
  }
  template <typename Sequence>
  void add_sequence(const Sequence& sequence) {
    // this-> spelled out: clang otherwise calls the capture unused (generic lambda).
    add_sequence(sequence, [this](const auto& element) { this->add(element); });
  }

  std::uint64_t value() const { return value_; }

 private:
  std::uint64_t value_ = 0x666e67727072696eULL;  // "fngrprin": any fixed start will do
  std::vector<std::int64_t>* set_aside_ = nullptr;
};

// Which alternative, and every field of it.
std::uint64_t fingerprint(const Message& message);
// from, to and the message.
std::uint64_t fingerprint(const Envelope& envelope);
SplitFingerprint split_fingerprint(const Envelope& envelope);

}  // namespace qc
