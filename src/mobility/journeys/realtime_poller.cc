// SPDX-License-Identifier: Apache-2.0
#include "mobility/journeys/realtime_poller.h"

#include <spdlog/spdlog.h>

#include "common/time.h"
#include "mobility/realtime/feed_reader.h"
#include "mobility/realtime/parse.h"

namespace cityos::mobility::journeys {

std::int32_t realtime_service_day(std::uint64_t timestamp, std::int32_t utc_offset) {
  std::int64_t const now = timestamp ? static_cast<std::int64_t>(timestamp) : now_ms() / 1000;
  return static_cast<std::int32_t>((now + utc_offset) / 86'400);
}

realtime_poller::realtime_poller(journey_planner& planner, realtime_source source)
    : planner_(planner), source_(std::move(source)) {}

realtime_poller::~realtime_poller() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

result<realtime::overlay_report> realtime_poller::poll_once() {
  auto outcome = [&]() -> result<realtime::overlay_report> {
    auto bytes = realtime::read_feed_bytes(source_.source, source_.timeout);
    if (!bytes) return std::move(bytes).err();
    auto feed = realtime::parse_feed(*bytes);
    if (!feed) return std::move(feed).err();
    realtime::overlay_options o;
    o.utc_offset = source_.utc_offset;
    o.default_date = realtime_service_day(feed->timestamp.value_or(0), source_.utc_offset);
    return planner_.apply_trip_updates(*feed, o);
  }();
  std::lock_guard lock(mutex_);
  if (!outcome) {
    ++counts_.failed;
    return outcome;
  }
  ++counts_.applied;
  counts_.trips_updated = outcome->updated;
  counts_.trips_canceled = outcome->canceled;
  return outcome;
}

result<realtime::overlay_report> realtime_poller::start() {
  auto first = poll_once();
  thread_ = std::thread([this] { loop(); });
  return first;
}

realtime_counts realtime_poller::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void realtime_poller::loop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, source_.interval, [this] { return stop_; })) return;
    }
    auto r = poll_once();
    if (!r) {
      spdlog::warn("journeys: real-time update from {} failed: {}", source_.source, r.err().detail);
      continue;
    }
    spdlog::debug("journeys: real-time update: {} trips updated, {} canceled, {} skipped stops", r->updated,
                  r->canceled, r->skipped_stops);
  }
}

}  // namespace cityos::mobility::journeys
