// scan_plain_event: see jsonl_scan.h. Every "return false" hands the line to the
// general reader; so this file may decline anything, but must never accept a line that
// the general reader would read differently or reject.
#include <charconv>

#include "histories/jsonl_scan.h"

namespace qc {
namespace {

// Lists nest this deep at most here; deeper ones go to the general reader.
constexpr int kPlainDepthMax = 8;

class PlainScanner {
 public:
  explicit PlainScanner(std::string_view text) : text_(text) {}

  bool at_end() {
    skip_space();
    return position_ == text_.size();
  }
  bool consume(char expected) {
    skip_space();
    if (position_ == text_.size() || text_[position_] != expected) return false;
    ++position_;
    return true;
  }
  char peek() {
    skip_space();
    return position_ < text_.size() ? text_[position_] : '\0';
  }

  // A string of printable ASCII without escapes.
  bool string(std::string_view& out) {
    if (!consume('"')) return false;
    const std::size_t start = position_;
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c == '"') {
        out = text_.substr(start, position_ - start);
        ++position_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c > 0x7e) return false;
      ++position_;
    }
    return false;
  }

  // A JSON integer that fits in 64 signed bits: no fraction, exponent or leading zero.
  bool integer(std::int64_t& out) {
    skip_space();
    const std::size_t start = position_;
    if (position_ < text_.size() && text_[position_] == '-') ++position_;
    const std::size_t digits = position_;
    while (position_ < text_.size() && text_[position_] >= '0' && text_[position_] <= '9') ++position_;
    if (position_ == digits) return false;
    if (text_[digits] == '0' && position_ - digits > 1) return false;
    if (position_ < text_.size() && (text_[position_] == '.' || text_[position_] == 'e' || text_[position_] == 'E')) {
      return false;
    }
    const auto [end, failure] = std::from_chars(text_.data() + start, text_.data() + position_, out);
    return failure == std::errc() && end == text_.data() + position_;
  }

  bool null() {
    skip_space();
    if (text_.substr(position_, 4) != "null") return false;
    position_ += 4;
    return true;
  }

  // null, an integer, a string or a list of these.
  bool value(Value& out, int depth) {
    const char c = peek();
    if (c == 'n') {
      out = Value();
      return null();
    }
    if (c == '"') {
      std::string_view text;
      if (!string(text)) return false;
      out = Value::string(std::string(text));
      return true;
    }
    if (c == '[') return list(out, depth);
    std::int64_t number = 0;
    if (!integer(number)) return false;
    out = Value::integer(number);
    return true;
  }

 private:
  void skip_space() {
    while (position_ < text_.size() &&
           (text_[position_] == ' ' || text_[position_] == '\t' || text_[position_] == '\r')) {
      ++position_;
    }
  }

  bool list(Value& out, int depth) {
    if (depth >= kPlainDepthMax || !consume('[')) return false;
    Value::List items;
    if (!consume(']')) {
      do {
        if (!value(items.emplace_back(), depth + 1)) return false;
      } while (consume(','));
      if (!consume(']')) return false;
    }
    out = Value::list(std::move(items));
    return true;
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

enum Field : unsigned { kIndex = 1, kTime = 2, kProcess = 4, kType = 8, kF = 16, kKey = 32, kValue = 64, kError = 128 };

Field field_of(std::string_view name) {
  if (name == "index") return kIndex;
  if (name == "time") return kTime;
  if (name == "process") return kProcess;
  if (name == "type") return kType;
  if (name == "f") return kF;
  if (name == "key") return kKey;
  if (name == "value") return kValue;
  if (name == "error") return kError;
  return Field{0};
}

// Reads one field's value into `event`, as the general reader would.
bool scan_field(PlainScanner& scan, Field field, Event& event) {
  std::string_view text;
  std::int64_t number = 0;
  switch (field) {
    case kIndex: return scan.integer(event.index);
    case kTime:
      if (scan.peek() == 'n') return scan.null();
      if (!scan.integer(number)) return false;
      event.time = number;
      return true;
    case kProcess:
      if (scan.peek() == '"') {
        if (!scan.string(text) || text != "nemesis") return false;
        event.process = kNemesisProcess;
        return true;
      }
      if (!scan.integer(number) || number < 0) return false;
      event.process = number;
      return true;
    case kType: {
      if (!scan.string(text)) return false;
      const auto type = event_type_from_string(std::string(text));
      if (!type) return false;
      event.type = *type;
      return true;
    }
    case kF:
      if (!scan.string(text) || text.empty()) return false;
      event.f = text;
      return true;
    case kKey:
      if (scan.peek() == 'n') return scan.null();
      if (scan.peek() == '"') {
        if (!scan.string(text)) return false;
        event.key = std::string(text);
        return true;
      }
      if (!scan.integer(number)) return false;
      event.key = std::to_string(number);
      return true;
    case kValue: return scan.value(event.value, 0);
    case kError:
      if (scan.peek() == 'n') return scan.null();
      if (!scan.string(text)) return false;
      event.error = std::string(text);
      return true;
  }
  // A field the reader does not use: skipped, when it is a plain value.
  Value ignored;
  return scan.value(ignored, 0);
}

}  // namespace

bool scan_plain_event(std::string_view line, Event& event, bool& has_index) {
  PlainScanner scan(line);
  if (!scan.consume('{')) return false;
  unsigned seen = 0;
  if (!scan.consume('}')) {
    do {
      std::string_view name;
      if (!scan.string(name) || !scan.consume(':')) return false;
      const Field field = field_of(name);
      if ((seen & field) != 0) return false;  // a duplicate: the general reader decides
      seen |= field;
      if (!scan_field(scan, field, event)) return false;
    } while (scan.consume(','));
    if (!scan.consume('}')) return false;
  }
  if (!scan.at_end()) return false;
  constexpr unsigned kRequired = kProcess | kType | kF;
  if ((seen & kRequired) != kRequired) return false;
  has_index = (seen & kIndex) != 0;
  return true;
}

}  // namespace qc
