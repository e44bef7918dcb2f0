#pragma once
// Programmer errors hit an always-on assertion that aborts (DESIGN.md). Unlike
// assert(), it stays on in release builds: a broken invariant must never pass silently.
#include <cstdio>
#include <cstdlib>

#define QC_ASSERT(condition)                                                   \
  do {                                                                         \
    if (!(condition)) {                                                        \
      std::fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, \
                   #condition);                                                \
      std::abort();                                                            \
    }                                                                          \
  } while (false)
