#pragma once
// The cursor both fast paths (jsonl_scan.h, edn_ops.h) read a line with: it reads only
// plain tokens (strings of printable ASCII without escapes, decimal integers, words),
// and every "false" means "not plain here", for the caller to hand the line to its
// general reader. `separators` are the bytes skipped between tokens.
#include <charconv>
#include <cstdint>
#include <string_view>

namespace qc {

class PlainCursor {
 public:
  PlainCursor(std::string_view text, std::string_view separators) : text_(text), separators_(separators) {}

  std::size_t position() const { return position_; }
  // The byte here, without skipping separators; '\n' past the end (never inside a line).
  char here() const { return position_ < text_.size() ? text_[position_] : '\n'; }

  // The next byte after separators; '\n' past the end.
  char peek() {
    while (position_ < text_.size() && is_separator(text_[position_])) ++position_;
    return here();
  }
  bool consume(char expected) {
    if (peek() != expected) return false;
    ++position_;
    return true;
  }
  bool word(std::string_view expected) {
    peek();
    if (text_.substr(position_, expected.size()) != expected) return false;
    position_ += expected.size();
    return true;
  }

  // The run of bytes from here (no separators skipped) for which `accept` holds.
  template <typename Accept>
  std::string_view run(Accept accept) {
    const std::size_t start = position_;
    while (position_ < text_.size() && accept(text_[position_])) ++position_;
    return text_.substr(start, position_ - start);
  }

  // "...": printable ASCII only, no escapes.
  bool quoted(std::string_view& out) {
    if (!consume('"')) return false;
    const std::size_t start = position_;
    for (; position_ < text_.size(); ++position_) {
      const char c = text_[position_];
      if (c == '"') {
        out = text_.substr(start, position_++ - start);
        return true;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) return false;
    }
    return false;
  }

  // An optional '-' and decimal digits that fit in 64 signed bits; `leading_zero` says
  // whether the digits start with a 0 followed by more digits. What may follow is the
  // caller's rule.
  bool integer(std::int64_t& out, bool& leading_zero) {
    peek();
    const std::size_t start = position_;
    if (here() == '-') ++position_;
    const std::size_t digits = position_;
    while (here() >= '0' && here() <= '9') ++position_;
    if (position_ == digits) return false;
    leading_zero = text_[digits] == '0' && position_ - digits > 1;
    const auto [end, failure] = std::from_chars(text_.data() + start, text_.data() + position_, out);
    return failure == std::errc() && end == text_.data() + position_;
  }

 private:
  // A plain loop: string_view::find calls memchr, which cost more than the scan itself.
  bool is_separator(char c) const {
    for (char separator : separators_)
      if (c == separator) return true;
    return false;
  }

  std::string_view text_;
  std::string_view separators_;
  std::size_t position_ = 0;
};

// An event's fields as bits, for a fast path to note which it has seen (a field seen
// twice goes to the general reader). kOther: a field no reader uses.
enum EventField : unsigned {
  kIndex = 1, kTime = 2, kProcess = 4, kType = 8, kF = 16, kKey = 32, kValue = 64, kError = 128, kOther = 256
};

inline EventField event_field_of(std::string_view name) {
  if (name == "index") return kIndex;
  if (name == "time") return kTime;
  if (name == "process") return kProcess;
  if (name == "type") return kType;
  if (name == "f") return kF;
  if (name == "key") return kKey;
  if (name == "value") return kValue;
  if (name == "error") return kError;
  return kOther;
}

// True when `field` was seen before; notes it otherwise. Unused fields may repeat.
inline bool seen_before(unsigned& seen, EventField field) {
  if ((seen & field & ~unsigned{kOther}) != 0) return true;
  seen |= field;
  return false;
}

}  // namespace qc
