// SPDX-License-Identifier: Apache-2.0
#include "api/http/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cityos::api {
namespace {

constexpr std::array<std::string_view, 8> kMethodNames = {
    "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "OTHER"};
constexpr std::array<int, 26> kStatusCodes = {
    200, 201, 202, 204, 207, 301, 302, 304, 400, 401, 403, 404, 405,
    406, 409, 411, 413, 415, 422, 429, 431, 500, 501, 502, 503, 504};
constexpr std::array<double, 13> kLatencyBounds = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

std::size_t method_index(std::string_view m) {
  for (std::size_t i = 0; i + 1 < kMethodNames.size(); ++i) {
    if (kMethodNames[i] == m) return i;
  }
  return kMethodNames.size() - 1;
}

// Returns the slot of `status`, or kStatusCodes.size() for a rare one.
std::size_t status_index(int status) {
  auto it = std::lower_bound(kStatusCodes.begin(), kStatusCodes.end(), status);
  if (it == kStatusCodes.end() || *it != status) return kStatusCodes.size();
  return static_cast<std::size_t>(it - kStatusCodes.begin());
}

void append_number(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  char buf[64];
  if (v == std::trunc(v) && std::fabs(v) < 9007199254740992.0) {  // integral: no exponent
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(v));
    out.append(buf, r.ptr);
    return;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general);
  out.append(buf, r.ptr);
}

void append_escaped(std::string& out, std::string_view s, bool quote_too) {
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '"' && quote_too) out += "\\\"";
    else out += c;
  }
}

void append_header(std::string& out, std::string_view name, std::string_view help,
                   std::string_view type) {
  out += "# HELP ";
  out += name;
  out += ' ';
  append_escaped(out, help, false);
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void append_sample(std::string& out, std::string_view name, std::string_view labels, double v) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  append_number(out, v);
  out += '\n';
}

std::string join_labels(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return std::string(a) + "," + std::string(b);
}

}  // namespace

std::string render_labels(metric_labels const& labels) {
  std::string out;
  for (auto const& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k;
    out += "=\"";
    append_escaped(out, v, true);
    out += '"';
  }
  return out;
}

histogram::histogram(std::span<double const> bounds)
    : bounds_(bounds.begin(), bounds.end()),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds.size() + 1)) {}

void histogram::observe(double v) {
  auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);  // first bound >= v
  buckets_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (v > 0) {
    sum_nanos_.fetch_add(static_cast<std::uint64_t>(std::llround(v * 1e9)),
                         std::memory_order_relaxed);
  }
}

void histogram::render_to(std::string& out, std::string_view name,
                          std::string_view labels) const {
  std::string bucket_name = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::string le = "le=\"";
    if (i < bounds_.size()) append_number(le, bounds_[i]);
    else le += "+Inf";
    le += '"';
    append_sample(out, bucket_name, join_labels(labels, le), static_cast<double>(cumulative));
  }
  append_sample(out, std::string(name) + "_sum", labels,
                static_cast<double>(sum_nanos_.load(std::memory_order_relaxed)) / 1e9);
  append_sample(out, std::string(name) + "_count", labels,
                static_cast<double>(count_.load(std::memory_order_relaxed)));
}

route_metrics::route_metrics(std::string route)
    : route_(std::move(route)), latency_(kLatencyBounds) {}

void route_metrics::record(std::string_view method, int status, double seconds) {
  std::size_t m = method_index(method);
  std::size_t s = status_index(status);
  if (s < kStatuses) {
    counts_[m][s].fetch_add(1, std::memory_order_relaxed);
  } else {
    std::lock_guard lock(other_mutex_);
    ++other_[{m, status}];
  }
  latency_.observe(seconds);
}

void route_metrics::render_counts_to(std::string& out) const {
  std::string route_label = render_labels({{"route", route_}});
  auto line = [&](std::size_t m, int status, std::uint64_t n) {
    std::string labels = route_label + ",method=\"" + std::string(kMethodNames[m]) +
                         "\",status=\"" + std::to_string(status) + "\"";
    append_sample(out, "http_requests_total", labels, static_cast<double>(n));
  };
  for (std::size_t m = 0; m < kMethods; ++m) {
    for (std::size_t s = 0; s < kStatuses; ++s) {
      std::uint64_t n = counts_[m][s].load(std::memory_order_relaxed);
      if (n != 0) line(m, kStatusCodes[s], n);
    }
  }
  std::lock_guard lock(other_mutex_);
  for (auto const& [key, n] : other_) line(key.first, key.second, n);
}

void route_metrics::render_latency_to(std::string& out) const {
  if (latency_.count() == 0) return;  // routes never called stay out of the scrape
  latency_.render_to(out, "http_request_duration_seconds", render_labels({{"route", route_}}));
}

metrics_registry::metrics_registry() {
  commit_duration_ = &get_histogram("store_commit_duration_seconds",
                                    "Latency of store commits (one batch each).",
                                    latency_bounds());
  committed_records_ = &get_counter("store_committed_records_total",
                                    "Records made durable by store commits.");
}

std::span<double const> metrics_registry::latency_bounds() { return kLatencyBounds; }

route_metrics& metrics_registry::route(std::string_view route) {
  std::lock_guard lock(mutex_);
  for (auto& r : routes_) {
    if (r.route() == route) return r;
  }
  return routes_.emplace_back(std::string(route));
}

counter& metrics_registry::get_counter(std::string_view name, std::string_view help,
                                       metric_labels labels) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = families_.try_emplace(std::string(name));
  if (fresh) {
    it->second.help = help;
    it->second.type = kind::counter;
  }
  auto& slot = it->second.counters[render_labels(labels)];
  if (!slot) slot = std::make_unique<counter>();
  return *slot;
}

histogram& metrics_registry::get_histogram(std::string_view name, std::string_view help,
                                           std::span<double const> bounds,
                                           metric_labels labels) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = families_.try_emplace(std::string(name));
  if (fresh) {
    it->second.help = help;
    it->second.type = kind::histogram;
  }
  auto& slot = it->second.histograms[render_labels(labels)];
  if (!slot) slot = std::make_unique<histogram>(bounds);
  return *slot;
}

void metrics_registry::add_gauge(std::string_view name, std::string_view help,
                                 std::function<std::vector<gauge_sample>()> collect) {
  std::lock_guard lock(mutex_);
  gauges_.push_back({std::string(name), std::string(help), std::move(collect)});
}

void metrics_registry::record_commit(double seconds, std::uint64_t records) {
  commit_duration_->observe(seconds);
  committed_records_->add(records);
}

std::string metrics_registry::render() const {
  std::string out;
  std::vector<gauge_family> gauges;
  {
    std::lock_guard lock(mutex_);
    append_header(out, "http_requests_total", "HTTP requests answered, by route, method and status.",
                  "counter");
    for (auto const& r : routes_) r.render_counts_to(out);
    append_header(out, "http_request_duration_seconds", "HTTP request latency by route.",
                  "histogram");
    for (auto const& r : routes_) r.render_latency_to(out);
    for (auto const& [name, f] : families_) {
      append_header(out, name, f.help, f.type == kind::counter ? "counter" : "histogram");
      for (auto const& [labels, c] : f.counters) {
        append_sample(out, name, labels, static_cast<double>(c->value()));
      }
      for (auto const& [labels, h] : f.histograms) h->render_to(out, name, labels);
    }
    gauges = gauges_;  // collect outside the lock: callbacks may be slow
  }
  for (auto const& g : gauges) {
    append_header(out, g.name, g.help, "gauge");
    std::vector<gauge_sample> samples;
    try {
      samples = g.collect();
    } catch (...) {
      continue;  // a failing source leaves its family empty
    }
    for (auto const& s : samples) append_sample(out, g.name, render_labels(s.labels), s.value);
  }
  return out;
}

}  // namespace cityos::api
