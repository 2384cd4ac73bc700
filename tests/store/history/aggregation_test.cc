// SPDX-License-Identifier: Apache-2.0
#include "store/history/aggregation.h"

#include <gtest/gtest.h>

namespace cityos::store {
namespace {

constexpr epoch_ms kHour = 3'600'000;

aggregation_spec spec(std::vector<aggr_method> m, char const* period, std::optional<epoch_ms> origin = {}) {
  return {std::move(m), *parse_duration(period), origin};
}

TEST(aggregation, parses_method_names) {
  EXPECT_EQ(*parse_aggr_method("totalCount"), aggr_method::total_count);
  EXPECT_EQ(*parse_aggr_method("stddev"), aggr_method::stddev);
  EXPECT_EQ(aggr_method_name(aggr_method::sumsq), "sumsq");
  EXPECT_FALSE(parse_aggr_method("median"));
}

TEST(aggregation, buckets_by_fixed_period_from_origin) {
  aggregator a(spec({aggr_method::avg, aggr_method::max, aggr_method::total_count}, "PT1H", 0));
  a.add(10, 1.0, "1");
  a.add(20, 3.0, "3");
  a.add(2 * kHour + 5, 10.0, "10");  // hour 1 has nothing: no bucket
  auto b = a.finish();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].start, 0);
  EXPECT_EQ(b[0].end, kHour);
  EXPECT_DOUBLE_EQ(b[0].values[0].as_double(), 2.0);
  EXPECT_DOUBLE_EQ(b[0].values[1].as_double(), 3.0);
  EXPECT_EQ(b[0].values[2].as_int64(), 2);
  EXPECT_EQ(b[1].start, 2 * kHour);
  EXPECT_DOUBLE_EQ(b[1].values[0].as_double(), 10.0);
}

TEST(aggregation, whole_range_spans_first_to_last_instance) {
  aggregator a(spec({aggr_method::sum, aggr_method::min, aggr_method::sumsq, aggr_method::stddev},
                    "P0D"));
  for (int i = 1; i <= 4; ++i) a.add(i * 1000, static_cast<double>(i), std::to_string(i));
  auto b = a.finish();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].start, 1000);
  EXPECT_EQ(b[0].end, 4000);
  EXPECT_DOUBLE_EQ(b[0].values[0].as_double(), 10.0);
  EXPECT_DOUBLE_EQ(b[0].values[1].as_double(), 1.0);
  EXPECT_DOUBLE_EQ(b[0].values[2].as_double(), 30.0);
  EXPECT_NEAR(b[0].values[3].as_double(), 1.2909944, 1e-6);  // sample stddev of 1..4
}

TEST(aggregation, counts_distinct_values_and_skips_numbers_for_text) {
  aggregator a(spec({aggr_method::distinct_count, aggr_method::avg}, "P0D"));
  EXPECT_TRUE(a.needs_text());
  a.add(1, std::nullopt, "\"open\"");
  a.add(2, std::nullopt, "\"closed\"");
  a.add(3, std::nullopt, "\"open\"");
  auto b = a.finish();
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].values[0].as_int64(), 2);
  EXPECT_TRUE(b[0].values[1].is_null());
}

TEST(aggregation, calendar_months) {
  auto const jan = *parse_iso8601("2021-01-01T00:00:00Z");
  aggregator a(spec({aggr_method::total_count}, "P1M", jan));
  a.add(*parse_iso8601("2021-01-15T00:00:00Z"), 1.0, "");
  a.add(*parse_iso8601("2021-03-02T00:00:00Z"), 1.0, "");
  a.add(*parse_iso8601("2021-03-30T00:00:00Z"), 1.0, "");
  auto b = a.finish();
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(format_iso8601(b[1].start), "2021-03-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(b[1].end), "2021-04-01T00:00:00.000Z");
  EXPECT_EQ(b[1].values[0].as_int64(), 2);
}

}  // namespace
}  // namespace cityos::store
