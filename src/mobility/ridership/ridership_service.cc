// SPDX-License-Identifier: Apache-2.0
#include "mobility/ridership/ridership_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
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
  if (thread_.joinable()) return {};
  if (auto p = publish(today()); !p) return p;
  store_.add_change_listener([inbox = inbox_, tenant = settings_.tenant](std::vector<store::entity_change>&& cs) {
    std::vector<store::entity_change> mine;
    for (auto& c : cs)
      if (c.after && c.tenant == tenant && watched(c.id)) mine.push_back(std::move(c));
    inbox->push(std::move(mine));
  });
  thread_ = std::thread([this] { run(); });
  return {};
}

void ridership_service::stop() {
  inbox_->close();
  if (thread_.joinable()) thread_.join();
}

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

void ridership_service::run() {
  using clock = std::chrono::steady_clock;
  auto const interval = settings_.publish_interval;
  auto last_publish = clock::now();
  bool dirty = false;
  while (!inbox_->closed()) {
    // Wake for the next allowed publication when dirty, else at least every second (a new day).
    auto const deadline = dirty ? last_publish + interval : clock::now() + std::chrono::seconds(1);
    auto changes = inbox_->wait(std::max(deadline, clock::now()));
    epoch_ms const now = clock_();
    ridership_day day;
    {
      std::lock_guard lock(mutex_);
      dirty |= tally_.roll(now);
      for (auto const& c : changes) dirty |= tally_.apply(c, now);
      day = tally_.day();
    }
    if (dirty && clock::now() >= last_publish + interval) {
      if (auto p = publish(day); !p) spdlog::warn("{}", p.err().detail);
      last_publish = clock::now();
      dirty = false;
    }
    inbox_->done(changes.size());
  }
}

}  // namespace cityos::mobility::ridership
