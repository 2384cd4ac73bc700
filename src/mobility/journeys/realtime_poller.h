// SPDX-License-Identifier: Apache-2.0
// Keeps a journey_planner's schedule up to date from a GTFS-Realtime
// TripUpdates source (file or http(s) URL): fetched, parsed and applied once at
// start() and then every `interval` on a thread of its own. A failed fetch or
// parse keeps the previous schedule and is counted and logged. Updates without
// a start_date are for the feed's local day at its timestamp (local = UTC +
// utc_offset). Stops and joins in the destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "common/result.h"
#include "mobility/journeys/journey_planner.h"

namespace cityos::mobility::journeys {

struct realtime_source {
  std::string source;                        // file path or http(s) URL
  std::chrono::seconds interval{30};
  std::chrono::milliseconds timeout{10'000};  // per fetch
  std::int32_t utc_offset = 0;                // seconds, feed local time minus UTC
};

struct realtime_counts {
  std::uint64_t applied = 0, failed = 0;
  std::uint64_t trips_updated = 0, trips_canceled = 0;  // in the last applied update
};

// The service day of updates without start_date: the feed's local day at
// `timestamp` (seconds since the epoch; 0 = now).
std::int32_t realtime_service_day(std::uint64_t timestamp, std::int32_t utc_offset);

class realtime_poller {
 public:
  realtime_poller(journey_planner& planner, realtime_source source);
  ~realtime_poller();
  realtime_poller(realtime_poller const&) = delete;
  realtime_poller& operator=(realtime_poller const&) = delete;

  // Fetches and applies once. Errors: those of reading and parsing the feed.
  result<realtime::overlay_report> poll_once();
  // Polls once now (the result is returned) and then every interval.
  result<realtime::overlay_report> start();

  realtime_counts counts() const;

 private:
  void loop();

  journey_planner& planner_;
  realtime_source source_;
  mutable std::mutex mutex_;  // guards counts_ and stop_
  realtime_counts counts_;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace cityos::mobility::journeys
