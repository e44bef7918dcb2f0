// partition_links (declared in nemesis.h): the shapes Jepsen's partition nemeses draw.
#include <algorithm>
#include <array>

#include "common/assert.h"
#include "faults/nemesis.h"

namespace qc {
namespace {

using std::string_view_literals::operator""sv;

constexpr std::array kShapes{"halves"sv, "random-halves"sv, "isolate"sv, "bridge"sv,
                             "majorities-ring"sv};

std::vector<int> ordered_nodes(int node_count) {
  std::vector<int> nodes(static_cast<std::size_t>(node_count));
  for (int node = 0; node < node_count; ++node) nodes[static_cast<std::size_t>(node)] = node;
  return nodes;
}

// Fisher-Yates with our own Prng, so a seed gives the same permutation everywhere.
std::vector<int> shuffled_nodes(int node_count, Prng& prng) {
  std::vector<int> nodes = ordered_nodes(node_count);
  for (std::size_t i = nodes.size(); i > 1; --i) {
    std::swap(nodes[i - 1], nodes[prng.below(i)]);
  }
  return nodes;
}

// Every link between the two groups, both ways.
std::vector<Link> cut_between(std::span<const int> side_a, std::span<const int> side_b) {
  std::vector<Link> links;
  for (int a : side_a) {
    for (int b : side_b) {
      links.emplace_back(a, b);
      links.emplace_back(b, a);
    }
  }
  return links;
}

// The first n/2 nodes against the rest, Jepsen's `bisect`.
std::vector<Link> cut_in_halves(std::span<const int> nodes) {
  const std::size_t half = nodes.size() / 2;
  return cut_between(nodes.first(half), nodes.subspan(half));
}

std::vector<Link> bridge(std::span<const int> nodes) {
  const std::size_t half = nodes.size() / 2;
  if (nodes.size() < 3) return {};  // no node can stand between two non-empty halves
  // nodes[half] is the bridge: left out of both sides, so no link of its is cut.
  return cut_between(nodes.first(half), nodes.subspan(half + 1));
}

std::vector<Link> majorities_ring(std::span<const int> ring) {
  const std::size_t n = ring.size();
  const std::size_t majority = n / 2 + 1;
  // A window of radius majority/2 holds 2 * (majority / 2) + 1 >= majority nodes.
  const std::size_t radius = majority / 2;
  std::vector<Link> links;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t gap = i > j ? i - j : j - i;
      if (std::min(gap, n - gap) > radius) links.emplace_back(ring[i], ring[j]);
    }
  }
  return links;
}

}  // namespace

std::span<const std::string_view> generated_partition_shapes() { return kShapes; }

std::vector<Link> partition_links(const std::string& shape, int node_count, Prng& prng) {
  QC_ASSERT(std::ranges::find(kShapes, shape) != kShapes.end());
  QC_ASSERT(node_count >= 0);
  std::vector<Link> links;
  if (shape == "halves") {
    links = cut_in_halves(ordered_nodes(node_count));
  } else if (shape == "random-halves") {
    links = cut_in_halves(shuffled_nodes(node_count, prng));
  } else if (shape == "isolate") {
    if (node_count < 2) return {};
    const int isolated = static_cast<int>(prng.below(static_cast<std::uint64_t>(node_count)));
    std::vector<int> others = ordered_nodes(node_count);
    others.erase(others.begin() + isolated);
    links = cut_between(std::array{isolated}, others);
  } else if (shape == "bridge") {
    links = bridge(shuffled_nodes(node_count, prng));
  } else {
    links = majorities_ring(shuffled_nodes(node_count, prng));
  }
  std::ranges::sort(links);
  return links;
}

std::vector<Link> majorities_ring_apart(int a, int b, int node_count, Prng& prng) {
  QC_ASSERT(node_count >= 4 && a != b && a >= 0 && b >= 0 && a < node_count && b < node_count);
  std::vector<int> ring = shuffled_nodes(node_count, prng);
  const auto place = [&ring](int node, std::size_t position) {
    std::swap(*std::ranges::find(ring, node), ring[position]);
  };
  place(a, 0);
  place(b, ring.size() / 2);  // the far side: beyond every node's window for n >= 4
  std::vector<Link> links = majorities_ring(ring);
  std::ranges::sort(links);
  return links;
}

}  // namespace qc
