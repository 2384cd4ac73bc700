// SPDX-License-Identifier: Apache-2.0
// The loader on small fixtures: errors named by file:line and field, bad rows
// skipped and the rest loaded, missing files fatal, progress reported.
#include "mobility/gtfs/feed_loader.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "mobility/gtfs/time_parse.h"

namespace cityos::mobility::gtfs {
namespace {

std::string const kData = GTFS_TEST_DATA;

bool has_issue(load_result const& r, std::string const& text) {
  return std::any_of(r.report.kept().begin(), r.report.kept().end(),
                     [&](issue const& i) { return i.to_string() == text; });
}

std::string all_issues(load_result const& r) {
  std::string s;
  for (auto const& i : r.report.kept()) s += i.to_string() + "\n";
  return s;
}

TEST(feed_loader, malformed_rows_are_reported_with_file_line_and_skipped) {
  auto r = load_feed(kData + "/malformed");
  ASSERT_TRUE(r.ok());
  auto const& f = r->data;
  std::string const all = all_issues(*r);
  EXPECT_TRUE(has_issue(*r, "stop_times.txt:4: arrival_time '25:61:00' is not a time")) << all;
  EXPECT_TRUE(has_issue(*r, "stops.txt:4: stop_lat 'north' is not a number")) << all;
  EXPECT_TRUE(has_issue(*r, "stops.txt:5: parent_station 'NOPE' is not a known stop")) << all;
  EXPECT_TRUE(has_issue(*r, "routes.txt:3: agency_id 'B' is not a known agency")) << all;
  EXPECT_TRUE(has_issue(*r, "calendar.txt:3: end_date '20241301' is not a YYYYMMDD date")) << all;
  EXPECT_TRUE(has_issue(*r, "trips.txt:3: route_id 'R2' is not a known route")) << all;
  EXPECT_TRUE(has_issue(*r, "trips.txt:5: trip_id 'T1' is already defined")) << all;
  EXPECT_TRUE(has_issue(*r, "stop_times.txt:6: trip_id 'T2' is not a known trip")) << all;
  EXPECT_TRUE(has_issue(*r, "stop_times.txt:7: stop_id 'S9' is not a known stop")) << all;
  EXPECT_TRUE(has_issue(*r, "fare_attributes.txt:3: price 'abc' is not a number")) << all;
  EXPECT_TRUE(has_issue(*r, "fare_rules.txt:4: route_id 'R9' is not a known route")) << all;
  for (auto const& i : r->report.kept())
    if (i.kind == "bad_time") { EXPECT_TRUE(i.field == "arrival_time" || i.field == "departure_time"); }

  // The rest imports.
  EXPECT_EQ(f.stops.size(), 4u);
  EXPECT_EQ(r->files.at("stops.txt").rows, 5u);
  EXPECT_EQ(r->files.at("stops.txt").skipped, 1u);
  EXPECT_EQ(f.stops[*f.stop_ids.find("S1")].name, "Central, Station");
  EXPECT_EQ(f.stops[*f.stop_ids.find("S3")].name, "Park \"West\"");
  EXPECT_EQ(f.stops[*f.stop_ids.find("S3")].parent, no_index);
  EXPECT_EQ(f.stops[*f.stop_ids.find("S1a")].parent, *f.stop_ids.find("S1"));
  EXPECT_EQ(f.routes.size(), 1u);
  ASSERT_EQ(f.trips.size(), 1u);
  EXPECT_EQ(f.stop_times.size(), 3u);
  EXPECT_EQ(r->files.at("stop_times.txt").skipped, 3u);
  auto const& t1 = f.trips[0];
  ASSERT_EQ(t1.stop_time_count, 3u);
  EXPECT_EQ(f.stop_times[t1.first_stop_time + 2].arrival, *parse_time("24:30:00"));
  EXPECT_EQ(f.fare_attributes.size(), 1u);
  EXPECT_EQ(f.fare_rules.size(), 1u);
  EXPECT_EQ(f.translations.size(), 2u);
  EXPECT_GE(r->report.errors(), 11u);
  EXPECT_TRUE(r->usable());
}

TEST(feed_loader, missing_required_files_are_fatal) {
  auto r = load_feed(kData + "/no_stop_times");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->report.fatal());
  EXPECT_TRUE(has_issue(*r, "stop_times.txt: required file is missing")) << all_issues(*r);
  EXPECT_FALSE(r->usable());
}

TEST(feed_loader, unopenable_paths_are_errors) {
  EXPECT_EQ(load_feed(kData + "/does-not-exist").err().code, error_code::not_found);
  EXPECT_EQ(load_feed(kData + "/malformed/agency.txt").err().code, error_code::bad_request);
}

TEST(feed_loader, reports_progress_per_file) {
  load_options o;
  o.progress_every = 2;
  std::vector<std::pair<std::string, std::size_t>> calls;
  o.progress = [&](std::string_view file, std::size_t rows) { calls.emplace_back(file, rows); };
  auto r = load_feed(kData + "/malformed", o);
  ASSERT_TRUE(r.ok());
  auto const final_stop_times = std::find(calls.begin(), calls.end(), std::pair<std::string, std::size_t>{"stop_times.txt", 6});
  EXPECT_NE(final_stop_times, calls.end());
  EXPECT_NE(std::find(calls.begin(), calls.end(), std::pair<std::string, std::size_t>{"stop_times.txt", 2}), calls.end());
}

}  // namespace
}  // namespace cityos::mobility::gtfs
