// SPDX-License-Identifier: Apache-2.0
// Publishes the points service's results into the broker as NGSI-LD
// entities: each changed person's HealthPointsAccount (coalesced, once per
// interval, and only if its published numbers changed: an upload that earns
// nothing publishes nothing; a personal type: subject = the person) and the programme's
// KeyPerformanceIndicator entities (kpis.h) over the last `kpi_days` days,
// when something changed and at most once per kpi interval. A background
// thread does the work; publish_now() does it at once (tests, shutdown).
// Thread-safe.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "common/json.h"
#include "common/result.h"
#include "store/store.h"
#include "wellness/points/kpis.h"
#include "wellness/points_service/points_service.h"

namespace cityos::wellness::points_service {

struct publisher_settings {
  int account_interval_ms = 1000;
  int kpi_interval_ms = 60'000;
  int kpi_days = 28;  // the KPI period: the last kpi_days days up to today
};

// The HealthPointsAccount entity of `person` (normalized, no @context).
json::object account_entity(std::string const& person, json::object const& balance);
// The service's participants as KPI input (days in date order).
std::vector<kpi_participant> kpi_people(points_service const& s);
// The KPI report of the period [from, to] ("" : the last kpi_days days up to today).
// Errors: bad_request for a bad date or from > to.
result<kpi_report> kpis_of(points_service const& s, std::string from, std::string to, int kpi_days = 28);

class publisher {
 public:
  // `s` and `st` must outlive the publisher; registers s.on_change.
  publisher(points_service& s, store::store& st, std::string tenant, std::function<epoch_ms()> clock,
            publisher_settings settings);
  ~publisher();  // stops the thread after a last publish
  publisher(publisher const&) = delete;
  publisher& operator=(publisher const&) = delete;

  void start();
  // Publishes the changed accounts and the KPIs now. Errors: internal.
  result<void> publish_now();

 private:
  result<void> publish_accounts();
  result<void> publish_kpis();
  void loop();

  points_service& service_;
  store::store& store_;
  std::string tenant_;
  std::function<epoch_ms()> clock_;
  publisher_settings settings_;

  std::mutex mutex_;  // guards dirty_, kpis_stale_, stop_
  std::condition_variable wake_;
  std::unordered_set<std::string> dirty_;
  bool kpis_stale_ = true;
  bool stop_ = false;
  std::mutex publish_mutex_;  // one publication at a time
  // balance, awarded, redeemed, expired as last published, by person; guarded by publish_mutex_
  std::unordered_map<std::string, std::array<std::int64_t, 4>> published_;
  std::thread thread_;
};

}  // namespace cityos::wellness::points_service
