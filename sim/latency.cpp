#include "sim/latency.h"

#include <cmath>
#include <limits>

namespace qc {
namespace {

Status bad(const std::string& field, const std::string& expectation) {
  return Status::error(ErrorKind::usage, field + ": " + expectation);
}

bool finite_non_negative(double x) { return std::isfinite(x) && x >= 0; }

}  // namespace

double sample_raw_us(const LatencyDistribution& d, Prng& prng) {
  switch (d.kind) {
    case LatencyKind::constant: return d.value_us;
    case LatencyKind::uniform: return d.low_us + (d.high_us - d.low_us) * prng.unit();
    case LatencyKind::exponential: return d.low_us + prng.exponential(d.mean_us);
    case LatencyKind::pareto:
      // Inversion: x_m / U^(1/alpha) with U in (0, 1]; 1 - unit() is never 0.
      return d.scale_us / std::pow(1.0 - prng.unit(), 1.0 / d.shape);
    case LatencyKind::mixture: {
      double total = 0;
      for (const WeightedLatency& c : d.components) total += c.weight;
      double point = prng.unit() * total;
      for (const WeightedLatency& c : d.components) {
        if (point < c.weight) return sample_raw_us(c.distribution, prng);
        point -= c.weight;
      }
      // Rounding left `point` past the last weight: that is the last component.
      return sample_raw_us(d.components.back().distribution, prng);
    }
  }
  QC_ASSERT(false);
  return 0;
}

const char* to_string(LatencyKind kind) {
  switch (kind) {
    case LatencyKind::constant: return "constant";
    case LatencyKind::uniform: return "uniform";
    case LatencyKind::exponential: return "exponential";
    case LatencyKind::pareto: return "pareto";
    case LatencyKind::mixture: return "mixture";
  }
  return "unknown";
}

LatencyDistribution LatencyDistribution::constant(double value_us) {
  LatencyDistribution d;
  d.kind = LatencyKind::constant;
  d.value_us = value_us;
  return d;
}

LatencyDistribution LatencyDistribution::uniform(double low_us, double high_us) {
  LatencyDistribution d;
  d.kind = LatencyKind::uniform;
  d.low_us = low_us;
  d.high_us = high_us;
  return d;
}

LatencyDistribution LatencyDistribution::exponential(double mean_us, double floor_us) {
  LatencyDistribution d;
  d.kind = LatencyKind::exponential;
  d.mean_us = mean_us;
  d.low_us = floor_us;
  return d;
}

LatencyDistribution LatencyDistribution::pareto(double scale_us, double shape) {
  LatencyDistribution d;
  d.kind = LatencyKind::pareto;
  d.scale_us = scale_us;
  d.shape = shape;
  return d;
}

LatencyDistribution LatencyDistribution::mixture(std::vector<WeightedLatency> components) {
  LatencyDistribution d;
  d.kind = LatencyKind::mixture;
  d.components = std::move(components);
  return d;
}

Status validate(const LatencyDistribution& d, const std::string& field) {
  switch (d.kind) {
    case LatencyKind::constant:
      if (!finite_non_negative(d.value_us)) return bad(field, "value_us must be >= 0");
      return Status::ok();
    case LatencyKind::uniform:
      if (!finite_non_negative(d.low_us) || !std::isfinite(d.high_us) || d.high_us < d.low_us)
        return bad(field, "uniform needs 0 <= low_us <= high_us");
      return Status::ok();
    case LatencyKind::exponential:
      if (!finite_non_negative(d.mean_us) || !finite_non_negative(d.low_us))
        return bad(field, "exponential needs mean_us >= 0 and low_us >= 0");
      return Status::ok();
    case LatencyKind::pareto:
      if (!(std::isfinite(d.scale_us) && d.scale_us > 0) || !(std::isfinite(d.shape) && d.shape > 1))
        return bad(field, "pareto needs scale_us > 0 and shape > 1 (with shape <= 1 the mean latency is infinite)");
      return Status::ok();
    case LatencyKind::mixture: {
      if (d.components.empty()) return bad(field, "mixture needs at least one component");
      double total = 0;
      for (std::size_t i = 0; i < d.components.size(); ++i) {
        const WeightedLatency& c = d.components[i];
        const std::string at = field + ".components[" + std::to_string(i) + "]";
        if (!finite_non_negative(c.weight)) return bad(at, "weight must be >= 0");
        if (c.distribution.kind == LatencyKind::mixture)
          return bad(at, "a mixture component cannot itself be a mixture");
        if (Status s = validate(c.distribution, at); !s.is_ok()) return s;
        total += c.weight;
      }
      if (!(total > 0)) return bad(field, "mixture weights must sum to more than 0");
      return Status::ok();
    }
  }
  return bad(field, "unknown kind");
}

std::int64_t sample_us(const LatencyDistribution& distribution, Prng& prng) {
  const double raw_us = sample_raw_us(distribution, prng);
  if (!(raw_us < static_cast<double>(kLatencyUsMax))) return kLatencyUsMax;  // also NaN
  if (raw_us <= 0) return 0;
  return std::llround(raw_us);
}

double mean_us(const LatencyDistribution& d) {
  switch (d.kind) {
    case LatencyKind::constant: return d.value_us;
    case LatencyKind::uniform: return (d.low_us + d.high_us) / 2;
    case LatencyKind::exponential: return d.low_us + d.mean_us;
    case LatencyKind::pareto:
      if (d.shape <= 1) return std::numeric_limits<double>::infinity();
      return d.scale_us * d.shape / (d.shape - 1);
    case LatencyKind::mixture: {
      double total = 0, sum = 0;
      for (const WeightedLatency& c : d.components) {
        total += c.weight;
        sum += c.weight * mean_us(c.distribution);
      }
      return sum / total;
    }
  }
  return 0;
}

}  // namespace qc
