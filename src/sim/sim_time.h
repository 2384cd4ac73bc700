// SPDX-License-Identifier: Apache-2.0
// Local civil time of a simulated instant (a fixed UTC offset: Japan has no
// daylight saving time).
#pragma once

#include <cstdint>

#include "common/time.h"

namespace cityos::sim {

struct local_time {
  std::int32_t date;     // days since 1970-01-01, local
  int weekday;           // 0 Monday .. 6 Sunday
  std::int32_t seconds;  // since local midnight
};

// `t` at `utc_offset_s` east of UTC.
inline local_time to_local(epoch_ms t, std::int32_t utc_offset_s) {
  std::int64_t const ms = t + std::int64_t{utc_offset_s} * 1000;
  std::int64_t days = ms / 86'400'000;
  if (ms < 0 && ms % 86'400'000 != 0) --days;
  std::int64_t const rest = ms - days * 86'400'000;
  int const wd = static_cast<int>(((days + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  return {static_cast<std::int32_t>(days), wd, static_cast<std::int32_t>(rest / 1000)};
}

}  // namespace cityos::sim
