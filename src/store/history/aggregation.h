// SPDX-License-Identifier: Apache-2.0
// Aggregation of attribute instances over time buckets (NGSI-LD aggrMethods
// and aggrPeriodDuration, GS CIM 009 v1.9.1 4.5.19): totalCount and
// distinctCount over any values, sum/avg/min/max/stddev/sumsq over numbers.
// Pure values and an accumulator; one aggregator per series, not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "common/duration.h"
#include "common/json.h"
#include "common/result.h"
#include "common/time.h"

namespace cityos::store {

enum class aggr_method { total_count, distinct_count, sum, avg, min, max, stddev, sumsq };

// Parses an aggrMethods name ("totalCount", "avg", ...). Errors: bad_request.
result<aggr_method> parse_aggr_method(std::string_view name);
// The NGSI-LD name of `m` ("totalCount", ...).
std::string_view aggr_method_name(aggr_method m);

struct aggregation_spec {
  std::vector<aggr_method> methods;  // at least one, no duplicates
  iso_duration period;               // zero: the whole time range is one bucket
  // Start of the first bucket; nullopt: the time of the first instance.
  std::optional<epoch_ms> origin;
};

// One time bucket: [start, end) and one value per method of the spec, in
// spec order (numbers; null when no numeric instance fell in the bucket).
struct aggregate_bucket {
  epoch_ms start = 0;
  epoch_ms end = 0;
  std::vector<json::value> values;
};

// Folds instances, given in ascending time order, into buckets. Buckets with
// no instance are not produced. With a zero period the one bucket spans the
// first to the last instance time.
class aggregator {
 public:
  explicit aggregator(aggregation_spec spec);

  // True if add() needs the value text (distinctCount requested).
  bool needs_text() const { return needs_text_; }
  // Adds one instance at `t`: `number` if its value is numeric, `text` its
  // serialized value (only used for distinctCount).
  void add(epoch_ms t, std::optional<double> number, std::string_view text);
  // Returns the buckets; the aggregator is then empty.
  std::vector<aggregate_bucket> finish();

 private:
  struct state {
    std::size_t count = 0, numbers = 0;
    double sum = 0, sumsq = 0, min = 0, max = 0;
    std::unordered_set<std::string> distinct;
  };
  void close_bucket();
  void open_bucket_for(epoch_ms t);

  aggregation_spec spec_;
  bool needs_text_ = false;
  bool open_ = false;
  epoch_ms start_ = 0, end_ = 0, last_t_ = 0;
  state state_;
  std::vector<aggregate_bucket> out_;
};

}  // namespace cityos::store
