#include "net/input_record.h"

#include "net/log_file.h"
#include "net/wire_codec.h"

namespace qc {

const char* to_string(InputKind kind) {
  switch (kind) {
    case InputKind::start: return "start";
    case InputKind::restart: return "restart";
    case InputKind::client_request: return "client request";
    case InputKind::message: return "message";
    case InputKind::timer: return "timer";
    case InputKind::peer_status: return "peer status";
  }
  return "?";
}

std::string encode_outputs(const Outputs& outputs) {
  wire::Writer out;
  out.u32(static_cast<std::uint32_t>(outputs.messages.size()));
  for (const Envelope& envelope : outputs.messages) wire::write_envelope(out, envelope);
  out.u32(static_cast<std::uint32_t>(outputs.replies.size()));
  for (const ClientReply& reply : outputs.replies) wire::write_client_reply(out, reply);
  out.u32(static_cast<std::uint32_t>(outputs.timers.size()));
  for (const TimerRequest& timer : outputs.timers) {
    out.u8(static_cast<std::uint8_t>(timer.id.kind));
    out.u64(timer.id.sequence);
    out.i64(timer.fire_at_us);
  }
  out.u32(static_cast<std::uint32_t>(outputs.records.size()));
  for (const DurableRecord& record : outputs.records) wire::write_record(out, record);
  return out.take();
}

std::string encode_recorded_input(const RecordedInput& input, std::string_view outputs_bytes) {
  wire::Writer out;
  out.u8(static_cast<std::uint8_t>(input.kind));
  out.i64(input.clock.now_us);
  out.i64(input.clock.wall_us);
  switch (input.kind) {
    case InputKind::start: break;
    case InputKind::restart:
      out.u64(input.incarnation);
      out.u32(static_cast<std::uint32_t>(input.durable_log.size()));
      for (const DurableRecord& record : input.durable_log) wire::write_record(out, record);
      break;
    case InputKind::client_request: wire::write_client_request(out, input.request); break;
    case InputKind::message: wire::write_envelope(out, input.envelope); break;
    case InputKind::timer:
      out.u8(static_cast<std::uint8_t>(input.timer.kind));
      out.u64(input.timer.sequence);
      break;
    case InputKind::peer_status:
      out.u32(input.peer);
      out.u8(input.up ? 1 : 0);
      break;
  }
  out.text(outputs_bytes);
  return out.take();
}

Result<DecodedInput> decode_recorded_input(std::string_view bytes) {
  wire::Reader in(bytes);
  DecodedInput decoded;
  RecordedInput& input = decoded.input;
  const std::uint8_t kind = in.u8("input.kind");
  if (kind > static_cast<std::uint8_t>(InputKind::peer_status))
    in.fail("input.kind", "an input kind 0 to 5, got " + std::to_string(kind));
  input.kind = static_cast<InputKind>(kind);
  input.clock.now_us = in.i64("input.clock.now_us");
  input.clock.wall_us = in.i64("input.clock.wall_us");
  switch (input.kind) {
    case InputKind::start: break;
    case InputKind::restart: {
      input.incarnation = in.u64("restart.incarnation");
      const std::uint32_t records = in.count("restart.durable_log", 1 + 4 + 25 + 4);
      for (std::uint32_t i = 0; i < records; ++i) input.durable_log.push_back(wire::read_record(in));
      break;
    }
    case InputKind::client_request: input.request = wire::read_client_request(in); break;
    case InputKind::message: input.envelope = wire::read_envelope(in); break;
    case InputKind::timer: {
      const std::uint8_t timer_kind = in.u8("timer.kind");
      if (timer_kind > static_cast<std::uint8_t>(TimerKind::heartbeat)) in.fail("timer.kind", "a timer kind 0 to 5");
      input.timer.kind = static_cast<TimerKind>(timer_kind);
      input.timer.sequence = in.u64("timer.sequence");
      break;
    }
    case InputKind::peer_status:
      input.peer = in.u32("peer_status.peer");
      input.up = in.flag("peer_status.up");
      break;
  }
  decoded.outputs_bytes = in.text("outputs");
  if (Status status = in.finish("recorded input"); !status.is_ok()) return status;
  return decoded;
}

Outputs feed(StoreNode& node, const RecordedInput& input) {
  switch (input.kind) {
    case InputKind::start: return node.start(input.clock);
    case InputKind::restart: return node.restart(input.clock, input.durable_log, input.incarnation);
    case InputKind::client_request: return node.on_client_request(input.clock, input.request);
    case InputKind::message: return node.on_message(input.clock, input.envelope);
    case InputKind::timer: return node.on_timer(input.clock, input.timer);
    case InputKind::peer_status: return node.on_peer_status(input.clock, input.peer, input.up);
  }
  return {};
}

namespace {

std::string where_they_differ(const std::string& replayed, const std::string& recorded) {
  std::size_t at = 0;
  while (at < replayed.size() && at < recorded.size() && replayed[at] == recorded[at]) ++at;
  return "outputs differ at byte " + std::to_string(at) + " (replayed " + std::to_string(replayed.size()) +
         " bytes, recorded " + std::to_string(recorded.size()) + ")";
}

}  // namespace

Result<ReplayReport> replay_recording(const std::string& path, const Config& store, NodeId id) {
  auto opened = LogFile::open(path);
  if (!opened.is_ok()) return opened.status();
  ReplayReport report;
  std::unique_ptr<StoreNode> node = make_store_node(store, id, node_seed(0, id, 0));
  for (const std::string& bytes : opened.value().second.records) {
    auto decoded = decode_recorded_input(bytes);
    if (!decoded.is_ok())
      return Status::error(ErrorKind::malformed, path + ": input " + std::to_string(report.inputs) + ": " +
                                                     decoded.status().message());
    const RecordedInput& input = decoded.value().input;
    // A restart is a new incarnation: the in-process node starts over as the real one did.
    if (input.kind == InputKind::restart) node = make_store_node(store, id, node_seed(0, id, input.incarnation));
    const std::string replayed = encode_outputs(feed(*node, input));
    ++report.by_kind[static_cast<std::size_t>(input.kind)];
    if (report.identical && replayed != decoded.value().outputs_bytes) {
      report.identical = false;
      report.first_difference = "input " + std::to_string(report.inputs) + " (" + to_string(input.kind) +
                                "): " + where_they_differ(replayed, decoded.value().outputs_bytes);
    }
    ++report.inputs;
  }
  return report;
}

}  // namespace qc
