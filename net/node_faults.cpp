#include "net/node_faults.h"

#include <cctype>
#include <charconv>

#include "faults/burst_delay.h"

namespace qc {
namespace {

Status usage(const std::string& message) {
  return Status::error(ErrorKind::usage, "QC.FAULT " + message +
                                             " (commands: CUT p..., HEAL, LOSS P [p...], DELAY US [p...], "
                                             "CLOCK-BUMP US, STROBE US PERIOD, CLEAR)");
}

template <typename Number>
bool parse_number(const std::string& text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

std::string list(const std::set<NodeId>& nodes) {
  std::string text;
  for (const NodeId node : nodes) text += (text.empty() ? "n" : ",n") + std::to_string(node);
  return text.empty() ? "none" : text;
}

}  // namespace

NodeFaults::NodeFaults(NodeId self, std::uint32_t node_count, std::uint64_t seed)
    : self_(self), node_count_(node_count), prng_(seed) {}

Result<std::set<NodeId>> NodeFaults::peers(const std::vector<std::string>& arguments, std::size_t from) const {
  std::set<NodeId> chosen;
  for (std::size_t i = from; i < arguments.size(); ++i) {
    NodeId peer = 0;
    if (!parse_number(arguments[i], peer) || peer >= node_count_ || peer == self_)
      return usage("peer '" + arguments[i] + "': expected a node id other than this node's, below " +
                   std::to_string(node_count_));
    chosen.insert(peer);
  }
  if (chosen.empty() && from >= arguments.size()) {
    for (NodeId peer = 0; peer < node_count_; ++peer) {
      if (peer != self_) chosen.insert(peer);
    }
  }
  return chosen;
}

Result<std::string> NodeFaults::apply(const std::vector<std::string>& arguments) {
  if (arguments.empty()) return usage("needs a command");
  std::string command = arguments[0];
  for (char& c : command) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (command == "HEAL") {
    cut_.clear();
  } else if (command == "CLEAR") {
    cut_.clear();
    lossy_.clear();
    slow_.clear();
    loss_probability_ = 0;
    delay_us_ = 0;
    strobe_us_ = strobe_period_us_ = 0;
  } else if (command == "CUT") {
    if (arguments.size() < 2) return usage("CUT needs the peers to cut (HEAL restores every link)");
    auto chosen = peers(arguments, 1);
    if (!chosen.is_ok()) return chosen.status();
    cut_ = chosen.value();
  } else if (command == "LOSS" || command == "DELAY") {
    if (arguments.size() < 2) return usage(command + " needs its amount");
    auto chosen = peers(arguments, 2);
    if (!chosen.is_ok()) return chosen.status();
    if (command == "LOSS") {
      double probability = -1;
      if (!parse_number(arguments[1], probability) || !(probability >= 0 && probability <= 1))
        return usage("LOSS '" + arguments[1] + "': expected a probability from 0 to 1");
      loss_probability_ = probability;
      lossy_ = chosen.value();
    } else {
      std::int64_t delay_us = -1;
      if (!parse_number(arguments[1], delay_us) || delay_us < 0 || delay_us > 60'000'000)
        return usage("DELAY '" + arguments[1] + "': expected microseconds from 0 to 60000000");
      delay_us_ = delay_us;
      slow_ = chosen.value();
    }
  } else if (command == "CLOCK-BUMP") {
    std::int64_t delta_us = 0;
    if (arguments.size() != 2 || !parse_number(arguments[1], delta_us))
      return usage("CLOCK-BUMP needs one whole number of microseconds");
    wall_offset_us_ += delta_us;
  } else if (command == "STROBE") {
    std::int64_t delta_us = 0, period_us = 0;
    if (arguments.size() != 3 || !parse_number(arguments[1], delta_us) || !parse_number(arguments[2], period_us) ||
        delta_us < 0 || period_us < 0 || (delta_us > 0) != (period_us > 0))
      return usage("STROBE needs two whole numbers of microseconds, the swing and the period, both positive (or both 0)");
    strobe_us_ = delta_us;
    strobe_period_us_ = period_us;
  } else {
    return usage("'" + arguments[0] + "' is not a command");
  }
  return describe();
}

NodeFaults::SendDecision NodeFaults::on_send(NodeId to) {
  SendDecision decision;
  if (cut_.count(to)) decision.drop = true;
  else if (loss_probability_ > 0 && lossy_.count(to)) decision.drop = prng_.chance(loss_probability_);
  if (!decision.drop && slow_.count(to)) decision.delay_us = draw_burst_delay_us(delay_us_, prng_);
  return decision;
}

std::int64_t NodeFaults::wall_offset_us(std::int64_t now_us) const {
  if (strobe_period_us_ == 0) return wall_offset_us_;
  const bool high = (now_us / strobe_period_us_) % 2 == 0;
  return wall_offset_us_ + (high ? strobe_us_ : -strobe_us_);
}

std::string NodeFaults::describe() const {
  return "cut: " + list(cut_) + "; loss " + std::to_string(loss_probability_) + " to " + list(lossy_) + "; delay " +
         std::to_string(delay_us_) + " us to " + list(slow_) + "; clock offset " + std::to_string(wall_offset_us_) +
         " us, strobe +-" + std::to_string(strobe_us_) + " us every " + std::to_string(strobe_period_us_) + " us";
}

}  // namespace qc
