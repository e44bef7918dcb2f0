// qc_large_pages (common/large_pages.h): a large block from operator new is advised as
// huge-page memory, a small one is not. Read back from /proc/self/smaps, where the
// kernel marks an advised mapping with the VmFlags "hg".
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "common/large_pages.h"

namespace {

// The VmFlags line of the mapping that holds `address`, or "" if none was found.
std::string vm_flags_of(const void* address) {
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t start = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= target && target < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

bool has_flag(const std::string& flags, const std::string& flag) {
  return (flags + " ").find(" " + flag + " ") != std::string::npos;
}

TEST(LargePages, LargeBlocksAreAdvisedAsHugePagesAndSmallOnesAreNot) {
  if (!std::ifstream("/sys/kernel/mm/transparent_hugepage/enabled")) GTEST_SKIP() << "no THP in this kernel";
  constexpr std::size_t large = qc::kLargeAllocationBytes * 2;
  auto block = std::make_unique<char[]>(large);
  const std::string flags = vm_flags_of(block.get() + large / 2);
  ASSERT_FALSE(flags.empty()) << "no mapping found for the block";
  EXPECT_TRUE(has_flag(flags, "hg")) << flags;

  auto small = std::make_unique<char[]>(64);
  EXPECT_FALSE(has_flag(vm_flags_of(small.get()), "hg"));
}

}  // namespace
