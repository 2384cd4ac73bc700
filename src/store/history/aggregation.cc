// SPDX-License-Identifier: Apache-2.0
#include "store/history/aggregation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace cityos::store {

namespace {

constexpr std::array<std::pair<aggr_method, std::string_view>, 8> kNames{{
    {aggr_method::total_count, "totalCount"},
    {aggr_method::distinct_count, "distinctCount"},
    {aggr_method::sum, "sum"},
    {aggr_method::avg, "avg"},
    {aggr_method::min, "min"},
    {aggr_method::max, "max"},
    {aggr_method::stddev, "stddev"},
    {aggr_method::sumsq, "sumsq"},
}};

// Bucket index of `t` for a fixed period, flooring below the origin too.
std::int64_t bucket_index(epoch_ms t, epoch_ms origin, epoch_ms period) {
  std::int64_t const d = t - origin;
  return d / period - ((d % period != 0) && (d < 0));
}

}  // namespace

result<aggr_method> parse_aggr_method(std::string_view name) {
  for (auto const& [m, n] : kNames) {
    if (n == name) return m;
  }
  return make_error(error_code::bad_request,
                    "aggrMethods: unknown method '" + std::string(name) +
                        "' (totalCount, distinctCount, sum, avg, min, max, stddev, sumsq)");
}

std::string_view aggr_method_name(aggr_method m) {
  for (auto const& [x, n] : kNames) {
    if (x == m) return n;
  }
  return "";
}

aggregator::aggregator(aggregation_spec spec) : spec_(std::move(spec)) {
  needs_text_ = std::find(spec_.methods.begin(), spec_.methods.end(),
                          aggr_method::distinct_count) != spec_.methods.end();
}

void aggregator::open_bucket_for(epoch_ms t) {
  open_ = true;
  state_ = state{};
  if (spec_.period.is_zero()) {
    start_ = t;
    end_ = t;
    return;
  }
  epoch_ms origin = spec_.origin.value_or(t);
  if (spec_.period.months == 0) {
    auto const idx = bucket_index(t, origin, spec_.period.millis);
    start_ = origin + idx * spec_.period.millis;
    end_ = start_ + spec_.period.millis;
    return;
  }
  // Calendar periods: walk from the last bucket (or the origin) to `t`.
  start_ = out_.empty() ? origin : out_.back().end;
  if (!spec_.origin) spec_.origin = origin;
  end_ = add_duration(start_, spec_.period);
  while (t >= end_) {
    start_ = end_;
    end_ = add_duration(start_, spec_.period);
  }
}

void aggregator::add(epoch_ms t, std::optional<double> number, std::string_view text) {
  if (open_ && !spec_.period.is_zero() && t >= end_) close_bucket();
  if (!open_) open_bucket_for(t);
  last_t_ = t;
  auto& s = state_;
  ++s.count;
  if (needs_text_) s.distinct.emplace(text);
  if (number) {
    double const x = *number;
    s.min = s.numbers == 0 ? x : std::min(s.min, x);
    s.max = s.numbers == 0 ? x : std::max(s.max, x);
    ++s.numbers;
    s.sum += x;
    s.sumsq += x * x;
  }
}

void aggregator::close_bucket() {
  if (!open_) return;
  open_ = false;
  if (spec_.period.is_zero()) end_ = last_t_;
  auto const& s = state_;
  aggregate_bucket b{start_, end_, {}};
  auto const n = static_cast<double>(s.numbers);
  for (auto m : spec_.methods) {
    bool const none = s.numbers == 0;
    switch (m) {
      case aggr_method::total_count: b.values.emplace_back(static_cast<std::int64_t>(s.count)); break;
      case aggr_method::distinct_count:
        b.values.emplace_back(static_cast<std::int64_t>(s.distinct.size()));
        break;
      case aggr_method::sum: b.values.emplace_back(none ? json::value() : json::value(s.sum)); break;
      case aggr_method::avg: b.values.emplace_back(none ? json::value() : json::value(s.sum / n)); break;
      case aggr_method::min: b.values.emplace_back(none ? json::value() : json::value(s.min)); break;
      case aggr_method::max: b.values.emplace_back(none ? json::value() : json::value(s.max)); break;
      case aggr_method::sumsq: b.values.emplace_back(none ? json::value() : json::value(s.sumsq)); break;
      case aggr_method::stddev: {
        if (none) {
          b.values.emplace_back(nullptr);
          break;
        }
        // Sample standard deviation (n - 1), 0 for a single value.
        double const var = s.numbers < 2 ? 0.0 : (s.sumsq - s.sum * s.sum / n) / (n - 1);
        b.values.emplace_back(std::sqrt(std::max(var, 0.0)));
        break;
      }
    }
  }
  out_.push_back(std::move(b));
}

std::vector<aggregate_bucket> aggregator::finish() {
  close_bucket();
  return std::exchange(out_, {});
}

}  // namespace cityos::store
