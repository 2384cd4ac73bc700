// SPDX-License-Identifier: Apache-2.0
// metrics_registry: Prometheus counters, histograms and scrape-time gauges,
// rendered in the text exposition format. No globals: the app owns one registry
// and passes it down. All members are thread-safe; recording is lock-free once
// a slot (route_metrics, counter, histogram) has been looked up, and slots live
// as long as the registry.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityos::api {

using metric_labels = std::vector<std::pair<std::string, std::string>>;

// A monotonic counter.
class counter {
 public:
  void add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A histogram over fixed upper bounds (seconds or any unit).
class histogram {
 public:
  // `bounds` must be sorted ascending; +Inf is implicit.
  explicit histogram(std::span<double const> bounds);
  void observe(double v);
  // Observations so far.
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Appends the _bucket/_sum/_count lines for metric `name` with `labels`
  // (already rendered as `k="v",...`, may be empty).
  void render_to(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bucket i -> count (not cumulative)
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_nanos_{0};  // sum of observations * 1e9
};

// Request counts and latency of one route, by method and status.
class route_metrics {
 public:
  explicit route_metrics(std::string route);
  // Records one answered request. Cheap: atomics only for common statuses.
  void record(std::string_view method, int status, double seconds);
  std::string const& route() const { return route_; }
  void render_counts_to(std::string& out) const;
  void render_latency_to(std::string& out) const;

 private:
  static constexpr std::size_t kMethods = 8;   // GET POST PUT PATCH DELETE HEAD OPTIONS other
  static constexpr std::size_t kStatuses = 26;  // common statuses, see metrics.cc
  std::string route_;
  std::array<std::array<std::atomic<std::uint64_t>, kStatuses>, kMethods> counts_{};
  histogram latency_;
  mutable std::mutex other_mutex_;
  std::map<std::pair<std::size_t, int>, std::uint64_t> other_;  // guarded by other_mutex_:
                                                               // (method, rare status) -> count
};

// One sample of a scrape-time gauge.
struct gauge_sample {
  metric_labels labels;
  double value = 0;
};

class metrics_registry {
 public:
  metrics_registry();

  // Returns the slot for the route pattern `route` ("/ngsi-ld/v1/entities/{entityId}"),
  // creating it on first use. Look it up once and keep the reference.
  route_metrics& route(std::string_view route);

  // Returns the counter `name{labels}`, creating it (and its HELP line) on first use.
  counter& get_counter(std::string_view name, std::string_view help, metric_labels labels = {});
  // Returns the histogram `name{labels}`; `bounds` is used on creation only.
  histogram& get_histogram(std::string_view name, std::string_view help,
                           std::span<double const> bounds, metric_labels labels = {});
  // Registers a gauge family whose samples `collect` returns at each render().
  // `collect` runs on the scraping thread and must be thread-safe.
  void add_gauge(std::string_view name, std::string_view help,
                 std::function<std::vector<gauge_sample>()> collect);

  // store_commit_duration_seconds and store_committed_records_total.
  void record_commit(double seconds, std::uint64_t records);

  // The Prometheus text exposition (version 0.0.4) of every metric.
  std::string render() const;

  // The default latency bounds, 0.0005 s .. 5 s.
  static std::span<double const> latency_bounds();

 private:
  enum class kind { counter, histogram };
  struct family {
    std::string help;
    kind type;
    std::map<std::string, std::unique_ptr<counter>> counters;      // rendered labels -> counter
    std::map<std::string, std::unique_ptr<histogram>> histograms;  // rendered labels -> histogram
  };
  struct gauge_family {
    std::string name;
    std::string help;
    std::function<std::vector<gauge_sample>()> collect;
  };

  mutable std::mutex mutex_;
  std::deque<route_metrics> routes_;             // guarded by mutex_; stable addresses
  std::map<std::string, family> families_;      // guarded by mutex_: name -> family
  std::vector<gauge_family> gauges_;             // guarded by mutex_
  histogram* commit_duration_ = nullptr;         // set in the constructor
  counter* committed_records_ = nullptr;         // set in the constructor
};

// Renders labels as `k="v",...` with Prometheus escaping.
std::string render_labels(metric_labels const& labels);

}  // namespace cityos::api
