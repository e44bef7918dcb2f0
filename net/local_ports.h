#pragma once
// A TCP port on 127.0.0.1 that the kernel had free a moment ago (bound to port 0, then
// released): for starting local node processes. Another process may take it in between;
// a node that then cannot listen says so and exits.
#include <cstdint>

namespace qc {

std::uint16_t free_local_port();

}  // namespace qc
