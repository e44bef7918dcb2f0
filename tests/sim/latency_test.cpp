// Each latency distribution's sampling: its mean over many samples, bounds, rounding,
// and the same samples for the same seed.
#include <gtest/gtest.h>

#include <cmath>

#include "sim/latency.h"

namespace qc {
namespace {

double sample_mean_us(const LatencyDistribution& d, std::uint64_t seed, int samples) {
  Prng prng(seed);
  double sum = 0;
  for (int i = 0; i < samples; ++i) sum += static_cast<double>(sample_us(d, prng));
  return sum / samples;
}

void expect_mean_near(const LatencyDistribution& d, double tolerance) {
  const double expected = mean_us(d);
  const double measured = sample_mean_us(d, 7, 200'000);
  EXPECT_NEAR(measured, expected, tolerance * expected) << to_string(d.kind);
}

TEST(Latency, MeansMatchTheirDistributions) {
  expect_mean_near(LatencyDistribution::constant(250), 0);
  expect_mean_near(LatencyDistribution::uniform(100, 900), 0.01);
  expect_mean_near(LatencyDistribution::exponential(1'000, 200), 0.01);
  expect_mean_near(LatencyDistribution::pareto(100, 3.0), 0.03);  // mean 150
  expect_mean_near(LatencyDistribution::mixture({{3, LatencyDistribution::constant(100)},
                                                 {1, LatencyDistribution::constant(10'100)}}),
                   0.02);  // mean 2600
}

TEST(Latency, ConstantAndUniformRespectTheirBounds) {
  Prng prng(1);
  for (int i = 0; i < 10'000; ++i) {
    EXPECT_EQ(sample_us(LatencyDistribution::constant(42.4), prng), 42);  // rounded
    const std::int64_t u = sample_us(LatencyDistribution::uniform(10, 20), prng);
    EXPECT_GE(u, 10);
    EXPECT_LE(u, 20);
    EXPECT_GE(sample_us(LatencyDistribution::exponential(5, 3), prng), 3);
    EXPECT_GE(sample_us(LatencyDistribution::pareto(50, 1.1), prng), 50);
  }
}

TEST(Latency, ParetoHasAHeavyTail) {
  // P(X > 10 * x_m) = 10^-alpha: for alpha = 1.5 about 3.2% of samples.
  Prng prng(3);
  const auto d = LatencyDistribution::pareto(100, 1.5);
  int above = 0;
  const int samples = 100'000;
  for (int i = 0; i < samples; ++i) above += sample_us(d, prng) > 1'000;
  EXPECT_NEAR(static_cast<double>(above) / samples, std::pow(10.0, -1.5), 0.003);
}

TEST(Latency, MixturePicksComponentsByWeight) {
  Prng prng(5);
  const auto d = LatencyDistribution::mixture(
      {{1, LatencyDistribution::constant(1)}, {0, LatencyDistribution::constant(2)},
       {3, LatencyDistribution::constant(3)}});
  int ones = 0, twos = 0;
  for (int i = 0; i < 40'000; ++i) {
    const std::int64_t x = sample_us(d, prng);
    ones += x == 1;
    twos += x == 2;
  }
  EXPECT_EQ(twos, 0);  // weight 0 is never picked
  EXPECT_NEAR(ones / 40'000.0, 0.25, 0.01);
}

TEST(Latency, SameSeedSameSamplesOtherSeedOthers) {
  const auto d = LatencyDistribution::exponential(500, 0);
  Prng a(11), b(11), c(12);
  int differ = 0;
  for (int i = 0; i < 1'000; ++i) {
    const std::int64_t x = sample_us(d, a);
    EXPECT_EQ(x, sample_us(d, b));
    differ += x != sample_us(d, c);
  }
  EXPECT_GT(differ, 900);
}

TEST(Latency, HugeSamplesAreClamped) {
  Prng prng(2);
  const auto d = LatencyDistribution::pareto(1e9, 0.05);  // absurdly heavy
  for (int i = 0; i < 1'000; ++i) EXPECT_LE(sample_us(d, prng), kLatencyUsMax);
}

TEST(Latency, ValidateNamesTheField) {
  EXPECT_TRUE(validate(LatencyDistribution::uniform(1, 2), "x").is_ok());
  const Status s = validate(LatencyDistribution::uniform(5, 2), "network.latency.write_ack");
  ASSERT_FALSE(s.is_ok());
  EXPECT_NE(s.message().find("network.latency.write_ack"), std::string::npos);
  EXPECT_FALSE(validate(LatencyDistribution::pareto(0, 2), "x").is_ok());
  EXPECT_NE(validate(LatencyDistribution::pareto(100, 1), "x").message().find("shape > 1"), std::string::npos);
  EXPECT_TRUE(validate(LatencyDistribution::pareto(100, 1.01), "x").is_ok());
  EXPECT_FALSE(validate(LatencyDistribution::mixture({}), "x").is_ok());
  const auto nested = LatencyDistribution::mixture(
      {{1, LatencyDistribution::mixture({{1, LatencyDistribution::constant(1)}})}});
  EXPECT_FALSE(validate(nested, "x").is_ok());
}

}  // namespace
}  // namespace qc
