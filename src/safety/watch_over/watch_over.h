// SPDX-License-Identifier: Apache-2.0
// The watch-over service (issue 8): follows the Device entities of the watched
// persons' tags through the store's change feed (location, batteryLevel; the listener
// only enqueues, a worker thread processes), runs each report through the person's
// person_watch and publishes the WatchOverAlert entities it opens and closes
// (store/publish). A timer raises no-movement alerts and erases positions older than
// the retention. Alerts carry `subject` = the person: declare WatchOverAlert in the
// access policy's personalTypes so that the NGSI-LD API and subscriptions deliver them
// only to the person and to whom they consented. The state starts fresh at each start.
// Thread-safe.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/json.h"
#include "common/result.h"
#include "common/time.h"
#include "safety/feed/alert_book.h"
#include "store/change_worker.h"
#include "safety/watch_over/person_watch.h"
#include "safety/watch_over/watch_config.h"
#include "store/store.h"

namespace cityos::safety::watch_over {

// The personal type of the alerts (for consents and the access policy).
inline constexpr std::string_view kAlertType = "WatchOverAlert";

class watch_over {
 public:
  // `st` must outlive the service; `clock` gives "now" for the timer and for reports
  // without observedAt. Call start() to begin.
  watch_over(watch_config config, store::store& st, std::function<epoch_ms()> clock);
  ~watch_over();
  watch_over(watch_over const&) = delete;
  watch_over& operator=(watch_over const&) = delete;

  // Subscribes to the change feed and starts the worker.
  void start();
  // Blocks until every change of the watched devices written before the call is processed.
  void drain();
  // Runs the timer's check at `now` at once (tests; the worker runs it every interval).
  void check(epoch_ms now);

  // The alerts (active, or with `all` also the 500 most recently closed), newest
  // first, each with the carers of its person, for the route to filter.
  struct visible_alert {
    json::object entity;
    std::string person;
    std::vector<std::string> carers;
  };
  std::vector<visible_alert> alerts(bool all) const;
  // The positions kept for `person` (oldest first). Errors: not_found.
  result<std::vector<position>> positions(std::string_view person) const;

 private:
  void process(std::vector<store::entity_change> const& changes);
  void record(std::vector<watch_alert>&& changed);

  watch_config config_;
  store::store& store_;
  std::function<epoch_ms()> clock_;
  std::unordered_map<std::string, std::size_t> by_device_;  // device id -> person index; immutable
  mutable std::mutex mutex_;                                 // guards everything below
  std::vector<person_watch> watches_;                        // person index -> watch
  feed::alert_book<watch_alert> alerts_;  // open ones, and the last 500 closed
  store::change_worker worker_;  // last: stopped first, before the state it uses goes
};

}  // namespace cityos::safety::watch_over
