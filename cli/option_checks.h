#pragma once
// Checks for numeric options, applied before CLI11 converts the text: CLI11 reads "-1"
// into an unsigned option as 2^64 - 1 and takes "nan" for a number. Each check names
// the range it wants and shows at most a short prefix of what it got, so a 300-digit
// argument does not come back in full. A failed check is a usage error (exit 64).
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace qc {

// Decimal digits only (no sign, no spaces), from `min` to `max`.
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

// A finite number from `min` to `max` (no nan, no inf).
CLI::Validator real_number(double min, double max);

// The seed of a run or campaign: any 64-bit unsigned integer.
inline CLI::Validator seed_number() { return whole_number(0, UINT64_MAX); }

}  // namespace qc
