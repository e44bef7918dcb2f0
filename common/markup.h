#pragma once
// Text made safe inside XML and HTML, as element content or a double-quoted attribute:
// the JUnit report of `gate` and the title of the HTML pages.
#include <string>
#include <string_view>

namespace qc {

inline std::string markup_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace qc
