#pragma once
// Large allocations on transparent huge pages. A million-event history lives in a few
// arrays of hundreds of megabytes; filled 4 KiB page by page, a virtual machine spends
// a third of the load taking page faults (measured: pairing 1M events took 0.65 s of
// CPU with 4 KiB pages, 0.13 s with huge pages). Linking qc_large_pages replaces the
// global operator new: blocks of kLargeAllocationBytes or more are advised to the
// kernel as huge-page memory (madvise MADV_HUGEPAGE), which matters where THP is in
// "madvise" mode (Debian's default); elsewhere the advice changes nothing. Smaller
// blocks are plain malloc. Not linked into sanitizer builds, which replace operator new.
#include <cstddef>

namespace qc {

inline constexpr std::size_t kLargeAllocationBytes = std::size_t{8} << 20;

}  // namespace qc
