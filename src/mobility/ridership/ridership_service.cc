// SPDX-License-Identifier: Apache-2.0
#include "mobility/ridership/ridership_service.h"

#include <spdlog/spdlog.h>

#include <string_view>
#include <vector>

#include "mobility/ridership/ridership_kpis.h"
#include "store/publish/entity_publisher.h"

namespace cityos::mobility::ridership {

namespace {

// Entities the tally reads (ids as the simulator and the dispatcher write them;
// their types are checked when counted).
bool watched(std::string_view id) {
  return id.starts_with("urn:ngsi-ld:Vehicle:") || id.starts_with("urn:ngsi-ld:DrtRequest:");
}

}  // namespace

ridership_service::ridership_service(store::store& st, std::function<epoch_ms()> clock, ridership_settings settings)
    : store_(st), clock_(std::move(clock)), settings_(std::move(settings)), tally_(settings_.utc_offset_s, clock_()) {}

result<void> ridership_service::start() {
  if (started_) return {};
  if (auto p = publish(today()); !p) return p;
  started_ = true;
  last_publish_ = std::chrono::steady_clock::now();
  // The check runs every second: a new local day, a publication held back by the interval.
  worker_.start(
      store_, settings_.tenant, [](store::entity_change const& c) { return watched(c.id); },
      std::chrono::seconds(1), [this](std::vector<store::entity_change> const& changes) { count(changes); },
      [this] { count({}); });
  return {};
}

void ridership_service::stop() { worker_.stop(); }

ridership_day ridership_service::today() const {
  std::lock_guard lock(mutex_);
  return tally_.day();
}

result<void> ridership_service::publish(ridership_day const& day) {
  auto const entities = kpi_entities(day, settings_.utc_offset_s, format_iso8601(clock_()));
  auto seq = store::publish_entities(store_, settings_.tenant, entities, format_iso8601(clock_()));
  if (!seq) return make_error(error_code::internal, "ridership: " + seq.err().detail);
  return {};
}

void ridership_service::count(std::vector<store::entity_change> const& changes) {
  epoch_ms const now = clock_();
  ridership_day day;
  {
    std::lock_guard lock(mutex_);
    dirty_ |= tally_.roll(now);
    for (auto const& c : changes) dirty_ |= tally_.apply(c, now);
    day = tally_.day();
  }
  auto const t = std::chrono::steady_clock::now();
  if (dirty_ && t >= last_publish_ + settings_.publish_interval) {
    if (auto p = publish(day); !p) spdlog::warn("{}", p.err().detail);
    last_publish_ = t;
    dirty_ = false;
  }
}

}  // namespace cityos::mobility::ridership
