// SPDX-License-Identifier: Apache-2.0
#include "api/ngsild/temporal_paging.h"

#include <algorithm>
#include <limits>

namespace cityos::api {

std::optional<std::string> cut_to_complete_range(std::vector<store::history_entity>& entities,
                                                 temporal_params const& p) {
  auto const tp = p.timeprop;
  bool const newest_first = p.last_n > 0;
  // Without lastN each truncated attribute is complete up to its last instance;
  // with lastN from its first one. The response covers what all share.
  epoch_ms bound = newest_first ? std::numeric_limits<epoch_ms>::min()
                                : std::numeric_limits<epoch_ms>::max();
  epoch_ms first = std::numeric_limits<epoch_ms>::max();
  epoch_ms last = std::numeric_limits<epoch_ms>::min();
  bool truncated = false;
  for (auto const& e : entities) {
    for (auto const& a : e.attributes) {
      if (a.instances.empty()) continue;
      first = std::min(first, a.instances.front().time(tp));
      last = std::max(last, a.instances.back().time(tp));
      if (!a.truncated) continue;
      truncated = true;
      bound = newest_first ? std::max(bound, a.instances.front().time(tp))
                           : std::min(bound, a.instances.back().time(tp));
    }
  }
  if (!truncated) return std::nullopt;
  for (auto& e : entities) {
    for (auto& a : e.attributes) {
      std::erase_if(a.instances, [&](store::history_instance const& h) {
        return newest_first ? h.time(tp) < bound : h.time(tp) > bound;
      });
    }
    std::erase_if(e.attributes, [](auto const& a) { return a.instances.empty(); });
  }
  epoch_ms start = newest_first ? p.to.value_or(last) : p.from.value_or(first);
  epoch_ms end = bound;
  std::string range = "date-time " + format_iso8601(start) + "-" + format_iso8601(end) + "/";
  range += newest_first ? std::to_string(p.last_n) : "*";
  return range;
}

}  // namespace cityos::api
