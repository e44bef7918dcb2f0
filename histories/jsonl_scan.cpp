// scan_plain_event: see jsonl_scan.h. Every "return false" hands the line to the
// general reader; so this file may decline anything, but must never accept a line that
// the general reader would read differently or reject.
#include "histories/jsonl_scan.h"

#include "histories/plain_cursor.h"

namespace qc {
namespace {

// Lists nest this deep at most here; deeper ones go to the general reader.
constexpr int kPlainDepthMax = 8;

// JSON's plain tokens on a PlainCursor (JSON whitespace within a line is space, tab, CR).
class PlainScanner {
 public:
  explicit PlainScanner(std::string_view text) : cursor_(text, " \t\r") {}

  bool at_end() { return cursor_.peek() == '\n'; }
  bool consume(char expected) { return cursor_.consume(expected); }
  char peek() { return cursor_.peek(); }
  bool string(std::string_view& out) { return cursor_.quoted(out); }
  bool null() { return cursor_.word("null"); }

  // A JSON integer that fits in 64 signed bits: no fraction, exponent or leading zero.
  bool integer(std::int64_t& out) {
    bool leading_zero = false;
    if (!cursor_.integer(out, leading_zero) || leading_zero) return false;
    const char next = cursor_.here();
    return next != '.' && next != 'e' && next != 'E';
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

  PlainCursor cursor_;
};

// Reads one field's value into `event`, as the general reader would.
bool scan_field(PlainScanner& scan, EventField field, Event& event) {
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
    case kOther: {  // a field the reader does not use: skipped, when it is a plain value
      Value ignored;
      return scan.value(ignored, 0);
    }
  }
  return false;
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
      const EventField field = event_field_of(name);
      if (seen_before(seen, field)) return false;  // a duplicate: the general reader decides
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
