#include "impl/store.h"

#include <algorithm>

#include "common/assert.h"

namespace qc {

Store::Store(std::shared_ptr<const Ring> ring, NodeId self, std::uint32_t replication_factor,
             std::uint32_t merkle_depth)
    : ring_(std::move(ring)) {
  QC_ASSERT(ring_ != nullptr);
  auto layout = std::make_shared<Layout>();
  layout->tree_of_range.assign(ring_->range_count(), kNoTree);
  for (RangeId range = 0; range < ring_->range_count(); ++range) {
    const std::vector<NodeId>& walk = ring_->walk(range);  // the first N replicate it
    QC_ASSERT(replication_factor <= walk.size());
    if (std::find(walk.begin(), walk.begin() + replication_factor, self) == walk.begin() + replication_factor)
      continue;
    layout->tree_of_range[range] = static_cast<std::uint32_t>(trees_.size());
    layout->replicated_ranges.push_back(range);
    trees_.push_back(std::make_shared<MerkleTree>(merkle_depth));
  }
  layout_ = std::move(layout);
}

bool Store::merge(const std::string& key, const Version& incoming, bool incoming_wins_ties) {
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    entries_.emplace(key, StoredEntry{incoming});
  } else {
    const Version& winner = lww_merge(found->second.version, incoming, incoming_wins_ties);
    if (winner == found->second.version) return false;
    found->second = StoredEntry{winner};
  }
  update_tree(key);
  return true;
}

void Store::erase(const std::string& key) {
  if (entries_.erase(key) > 0) update_tree(key);
}

const StoredEntry* Store::find(const std::string& key) const {
  auto found = entries_.find(key);
  return found == entries_.end() ? nullptr : &found->second;
}

bool Store::merge_hint(NodeId intended, const std::string& key, const Version& incoming,
                       bool incoming_wins_ties) {
  auto& for_node = hints_[intended];
  auto found = for_node.find(key);
  if (found == for_node.end()) {
    for_node.emplace(key, incoming);
    return true;
  }
  const Version& winner = lww_merge(found->second, incoming, incoming_wins_ties);
  if (winner == found->second) return false;
  found->second = winner;
  return true;
}

void Store::erase_hint(NodeId intended, const std::string& key) {
  auto for_node = hints_.find(intended);
  if (for_node == hints_.end()) return;
  for_node->second.erase(key);
  if (for_node->second.empty()) hints_.erase(for_node);
}

std::size_t Store::hint_count() const {
  std::size_t count = 0;
  for (const auto& [intended, keys] : hints_) count += keys.size();
  return count;
}

std::optional<Version> Store::newest_including_hints(const std::string& key) const {
  std::optional<Version> newest;
  if (const StoredEntry* own = find(key)) newest = own->version;
  for (const auto& [intended, keys] : hints_) {
    auto found = keys.find(key);
    if (found == keys.end()) continue;
    if (!newest || lww_wins(found->second, *newest)) newest = found->second;
  }
  return newest;
}

std::vector<std::string> Store::expired_tombstones(std::int64_t wall_us,
                                                   std::int64_t grace_us) const {
  std::vector<std::string> expired;
  for (const auto& [key, entry] : entries_)
    if (is_expired_tombstone(entry.version, wall_us, grace_us))
      expired.push_back(key);
  return expired;
}

const MerkleTree* Store::tree(RangeId range) const {
  const std::vector<std::uint32_t>& tree_of_range = layout_->tree_of_range;
  if (range >= tree_of_range.size() || tree_of_range[range] == kNoTree) return nullptr;
  return trees_[tree_of_range[range]].get();
}

std::vector<RangeId> Store::replicated_ranges() const { return layout_->replicated_ranges; }

void Store::update_tree(const std::string& key) {
  const std::uint32_t index = layout_->tree_of_range[ring_->range_of(key)];
  if (index == kNoTree) return;  // not a range this node replicates: no tree to keep
  std::shared_ptr<MerkleTree>& tree = trees_[index];
  if (tree.use_count() > 1) tree = std::make_shared<MerkleTree>(*tree);  // shared with a copy
  if (const StoredEntry* entry = find(key))
    tree->set(key, version_digest(key, entry->version));
  else
    tree->erase(key);
}

}  // namespace qc
