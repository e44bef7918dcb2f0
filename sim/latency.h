#pragma once
// Latency distributions for the simulated network (PBS's WARS model: one distribution
// per message class) and for client think times. Sampling is our own code over
// qc::Prng, never std::*_distribution, so a seed means the same latencies everywhere.
#include <cstdint>
#include <string>
#include <vector>

#include "common/durations.h"
#include "common/prng.h"
#include "common/status.h"

namespace qc {

enum class LatencyKind : std::uint8_t { constant, uniform, exponential, pareto, mixture };

const char* to_string(LatencyKind kind);

struct WeightedLatency;

// One distribution. Which fields matter depends on `kind`:
//   constant:    value_us
//   uniform:     low_us .. high_us (inclusive)
//   exponential: mean_us, shifted by low_us (a floor for the propagation delay)
//   pareto:      scale_us (the minimum, x_m) and shape (alpha > 0); the tail is heavy,
//                the mean is scale_us * shape / (shape - 1) for shape > 1
//   mixture:     components, each picked with probability weight / sum of weights
// Samples are rounded to integer microseconds and clamped to [0, kLatencyUsMax].
struct LatencyDistribution {
  LatencyKind kind = LatencyKind::constant;
  double value_us = 0;
  double low_us = 0;
  double high_us = 0;
  double mean_us = 0;
  double scale_us = 0;
  double shape = 0;
  std::vector<WeightedLatency> components;

  static LatencyDistribution constant(double value_us);
  static LatencyDistribution uniform(double low_us, double high_us);
  static LatencyDistribution exponential(double mean_us, double floor_us = 0);
  static LatencyDistribution pareto(double scale_us, double shape);
  static LatencyDistribution mixture(std::vector<WeightedLatency> components);

  friend bool operator==(const LatencyDistribution&, const LatencyDistribution&) = default;
};

struct WeightedLatency {
  double weight = 1;
  LatencyDistribution distribution;
  friend bool operator==(const WeightedLatency&, const WeightedLatency&) = default;
};

// An hour: bounds the heavy Pareto tail so virtual time cannot overflow.
inline constexpr std::int64_t kLatencyUsMax = kLongestDurationUs;

// A usage error naming `field` (e.g. "network.latency.write_request") when the
// parameters do not describe a distribution; mixtures nest one level only.
Status validate(const LatencyDistribution& distribution, const std::string& field);

std::int64_t sample_us(const LatencyDistribution& distribution, Prng& prng);

// The sample before sample_us rounds and clamps it: the floating-point value that a
// libm or compiler change could alter (a test pins it bit for bit).
double sample_raw_us(const LatencyDistribution& distribution, Prng& prng);

// The distribution's mean, for tests and reports (infinite for Pareto with shape <= 1).
double mean_us(const LatencyDistribution& distribution);

}  // namespace qc
