#include "cli/option_checks.h"

#include <charconv>
#include <cmath>
#include <sstream>

namespace qc {
namespace {

std::string shown(const std::string& text) {
  return "'" + (text.size() <= 24 ? text : text.substr(0, 21) + "...") + "'";
}

std::string number_text(double value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

}  // namespace

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = std::to_string(min) + " .. " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        const bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
        if (!digits_only || error != std::errc() || stop != end || value < min || value > max)
          return "got " + shown(text) + "; expected an integer in " + range;
        return "";
      },
      "INT in " + range);
}

CLI::Validator real_number(double min, double max) {
  const std::string range = number_text(min) + " .. " + number_text(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [stop, error] = std::from_chars(text.data(), end, value);
        if (error != std::errc() || stop != end || !std::isfinite(value) || value < min || value > max)
          return "got " + shown(text) + "; expected a number in " + range;
        return "";
      },
      "NUMBER in " + range);
}

}  // namespace qc
