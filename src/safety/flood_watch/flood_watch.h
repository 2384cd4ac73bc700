// SPDX-License-Identifier: Apache-2.0
// The flood-watch service (issue 8): watches the WaterObserved entities of the
// configured stations through the store's change feed (the listener only enqueues;
// a worker thread processes), runs each reading through its river_watch and
// publishes the Alert entities it opens, updates and closes (store/publish), so
// subscriptions deliver them like any write. With a shelter directory, each flood
// and predicted alert lists the nearest shelters that take people from the station
// (`nearestShelters`, a JsonProperty of safety/shelters nearby_json objects, as of
// the alert's last update; config.shelters says how many and how far). A timer (check interval) raises
// missing-report faults and closes expired predictions. Keeps per-station state and
// the alerts for the API (closed ones: the most recent 500).
// Upstream gauges and rainfall (station.upstream, station.rainfall): each reading of
// a gauge also reforecasts the stations that list it upstream (with its window of
// trusted readings, its own fit and its health), and each report of a configured
// WeatherObserved entity (same change feed; the attribute's mm since its previous
// report) reforecasts the stations that use it (river/routed_forecast.h).
// Restart: the state starts fresh; alerts a previous run left active are closed
// ("restarted") at start, and a gauge still in danger opens a new episode at its
// next reading. Thread-safe.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "safety/feed/alert_book.h"
#include "store/change_worker.h"
#include "safety/flood_watch/flood_config.h"
#include "safety/flood_watch/river_watch.h"
#include "safety/shelters/shelter_directory.h"
#include "store/store.h"

namespace cityos::safety::flood_watch {

// Which alerts alerts() returns.
struct alert_filter {
  bool all = false;             // also the recently closed ones
  std::string_view station = {};  // station id; empty: any
  std::string_view episode = {};  // "flood", "predicted" or "fault"; empty: any
  struct area {
    double lon = 0;
    double lat = 0;
    double radius_m = 0;
  };
  std::optional<area> near = {};  // only stations within radius_m of the point
};

class flood_watch {
 public:
  // `st` must outlive the service; `clock` gives "now" (epoch ms) for the timer
  // and for readings without observedAt; `shelters` may be null (no shelter lists),
  // else it must outlive the service. Call start() to begin.
  flood_watch(flood_config config, store::store& st, std::function<epoch_ms()> clock,
              shelters::shelter_directory const* shelters = nullptr);
  // Stops the worker; later changes of the store are ignored.
  ~flood_watch();
  flood_watch(flood_watch const&) = delete;
  flood_watch& operator=(flood_watch const&) = delete;

  // Closes the river alerts a previous run left active, subscribes to the change
  // feed and starts the worker. Errors: internal (the store refused the alerts).
  result<void> start();

  // Blocks until every change of the watched entities written before the call is processed.
  void drain();
  // Runs the timer's check at `now` at once (tests; the worker runs it every interval).
  void check(epoch_ms now);

  // {"stations": [...]} (river_json.h station_json for each).
  json::object rivers() const;
  // The station `id` (station id or its entity id). Errors: not_found.
  result<json::object> river(std::string_view id) const;
  // {"alerts": [Alert entities]} chosen by `f`, newest first.
  json::object alerts(alert_filter const& f) const;
  // Readings processed and publication failures (for metrics and logs).
  std::size_t readings() const;
  std::size_t publish_errors() const;

 private:
  void process(std::vector<store::entity_change> const& changes);
  void water_reading(store::entity_change const& c, std::size_t index);
  void rain_report(store::entity_change const& c, std::size_t index);
  river::route_inputs inputs(std::size_t index) const;
  void record(std::vector<alert_record>&& changed, river::station const& at);
  void add_shelters(alert_record& a, river::station const& at) const;
  result<void> close_stale();

  flood_config config_;
  store::store& store_;
  std::function<epoch_ms()> clock_;
  shelters::shelter_directory const* shelters_;  // may be null
  std::unordered_map<std::string, std::size_t> by_entity_;  // entity id -> station index; immutable
  std::unordered_multimap<std::string, std::size_t> by_rain_;  // rainfall entity id -> station index; immutable
  std::vector<std::vector<std::size_t>> upstream_;    // station index -> its upstream stations' indices; immutable
  std::vector<std::vector<std::size_t>> downstream_;  // station index -> the stations listing it upstream; immutable
  mutable std::mutex mutex_;                                 // guards everything below
  std::vector<river_watch> watches_;                         // station index -> its watch
  std::vector<river::reading_window> rain_;                  // station index -> its rain reports (time, mm)
  feed::alert_book<alert_record> alerts_;  // open ones, and the last 500 closed
  std::size_t readings_ = 0;
  std::size_t publish_errors_ = 0;
  store::change_worker worker_;  // last: stopped first, before the state it uses goes
};

}  // namespace cityos::safety::flood_watch
