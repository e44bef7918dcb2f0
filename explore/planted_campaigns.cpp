#include "explore/planted_campaigns.h"

namespace qc {
namespace {

CampaignOptions base_options(const std::string& property) {
  CampaignOptions options;
  options.properties = {property};
  options.cases = 60;
  options.seed = 11;
  options.shrink_runs_max = 200;
  options.space.base.store.node_count = 3;
  return options;
}

const PlantedCampaign kPlanted[] = {
    {"ack_before_store", [](PlantedBugs& b) { b.ack_before_store = true; },
     [](CampaignOptions& o) {
       // A crash loses what was acknowledged but not stored. With one replica per key
       // no other copy can bring the write back.
       o.space.base.store.replication_factor = 1;
       o.space.base.store.read_quorum = 1;
       o.space.base.store.write_quorum = 1;
       o.space.nemesis = {"crash"};
       o.space.ops = {5, 30};
     },
     "no-lost-writes"},
    {"read_returns_first_reply", [](PlantedBugs& b) { b.read_returns_first_reply = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::blocking;
       o.space.base.store.abd_writers = true;  // linearizable, but for the bug
       o.space.base.network.latency_by_class[class_index(MessageClass::write_request)] =
           LatencyDistribution::pareto(1000, 1.1);
       o.space.clients = {3, 5};
       o.space.ops = {20, 80};
     },
     "linearizable"},
    {"read_repair_writes_stale", [](PlantedBugs& b) { b.read_repair_writes_stale = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::blocking;
       o.space.base.store.abd_writers = true;
       o.space.base.network.latency_by_class[class_index(MessageClass::write_request)] =
           LatencyDistribution::pareto(1000, 1.1);
       o.space.clients = {3, 5};
       o.space.ops = {20, 80};
     },
     "linearizable"},
    {"anti_entropy_skips_last_range", [](PlantedBugs& b) { b.anti_entropy_skips_last_range = true; },
     [](CampaignOptions& o) {
       o.space.base.store.read_repair = ReadRepair::none;  // only anti-entropy can repair
       o.space.nemesis = {"partition"};
       o.space.keys = {44, 50};  // k43 is the first key in the ring's last range
       o.space.read_weight = {0, 0};
       o.space.ops = {150, 300};
     },
     "convergence"},
    {"hints_dropped_on_restart", [](PlantedBugs& b) { b.hints_dropped_on_restart = true; },
     [](CampaignOptions& o) {
       // A coordinator cut off from a key's only replica (N=1) keeps the write as a
       // hint (W=1); if the node holding it restarts before the heal, the bug forgets
       // the only copy. That loses the write only when it is the key's last: writes to
       // two or three keys, so that the ops on the others carry the crash and restart.
       o.space.base.store.node_count = 5;
       o.space.base.store.sloppy_quorum = true;
       o.space.base.store.replication_factor = 1;
       o.space.base.store.write_quorum = 1;
       o.space.base.store.read_quorum = 1;
       o.space.nemesis = {"partition", "crash"};
       o.space.base.failure_detection_us = 1'000;  // fallbacks take over at once
       o.space.base.workload.think_time = LatencyDistribution::uniform(0, 50'000);
       o.space.keys = {2, 3};
       o.space.read_weight = {0, 0};
       o.space.ops = {4, 12};
       o.space.clients = {1, 2};
       o.space.fault_episodes_max = 10;  // a partition and a crash of the right node
       o.cases = 3000;
     },
     "no-lost-writes"},
    {"lww_tie_break_by_arrival", [](PlantedBugs& b) { b.lww_tie_break_by_arrival = true; },
     [](CampaignOptions& o) {
       // No think time: every client writes the one key at time 0, and with more
       // clients than nodes two share a coordinator, which stamps their writes alike.
       // Only the tie-break orders them, and reordering shows them to replicas in
       // different orders.
       o.space.base.workload.think_time = LatencyDistribution::constant(0);
       for (auto& latency : o.space.base.network.latency_by_class) latency = LatencyDistribution::constant(300);
       o.space.base.network.reorder_probability = 0.5;
       o.space.clients = {4, 5};
       o.space.keys = {1, 1};
       o.space.read_weight = {0, 0};
       o.space.ops = {4, 10};
       o.cases = 600;
     },
     "convergence"},
    // The leader-based store's. commit_earlier_term_by_count is not here: a new leader
    // appends a no-op of its term at once and sends it with the old entries, so the
    // bug's window (an old entry on a majority, the no-op not yet) never shows to a
    // client in these campaigns; tests/leader builds the Raft paper's figure 8 instead.
    {"vote_twice_in_a_term", [](PlantedBugs& b) { b.vote_twice_in_a_term = true; },
     [](CampaignOptions& o) {
       // Two leaders of one term need two candidates at once: election timeouts drawn
       // from a 1 ms range make split elections common, five nodes give more
       // candidates, and crashes and partitions make elections many. Two leaders of a
       // term then overwrite each other's entries. (On 3 nodes: 3 in 3000 cases.)
       Config& store = o.space.base.store;
       store.store = StoreKind::leader;
       store.node_count = 5;
       store.replication_factor = 5;
       store.leader.election_timeout_min_us = 150'000;
       store.leader.election_timeout_max_us = 151'000;
       o.space.nemesis = {"partition", "crash"};
       o.cases = 600;
     },
     "linearizable"},
    {"leader_reads_unconfirmed", [](PlantedBugs& b) { b.leader_reads_unconfirmed = true; },
     [](CampaignOptions& o) {
       // A leader cut off by a partition keeps answering reads from what it applied
       // while the majority elects another and takes new writes.
       Config& store = o.space.base.store;
       store.store = StoreKind::leader;
       store.replication_factor = store.node_count;
       o.space.nemesis = {"partition"};
       o.cases = 600;
     },
     "linearizable"},
};

}  // namespace

std::span<const PlantedCampaign> planted_campaigns() { return kPlanted; }

CampaignOptions planted_campaign_options(const PlantedCampaign& campaign, bool plant_bug) {
  CampaignOptions options = base_options(campaign.property);
  campaign.configure(options);
  if (plant_bug) campaign.plant(options.space.base.store.planted_bugs);
  return options;
}

}  // namespace qc
