// SPDX-License-Identifier: Apache-2.0
// Places, local times and plan parameters: what parses, and the error each bad
// input gets (the same for the HTTP API and the CLI).
#include <gtest/gtest.h>

#include "mobility/journeys/local_time.h"
#include "mobility/journeys/place.h"
#include "mobility/journeys/plan_request.h"

namespace cityos::mobility::journeys {
namespace {

std::string error_of(std::string_view text) {
  auto r = parse_place(text, "from");
  return r.ok() ? std::string("ok") : r.err().detail;
}

TEST(place, parses_coordinates_and_stop_ids) {
  auto c = parse_place(" 42.5 , 141.25 ", "from");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->type, place::kind::coordinate);
  EXPECT_DOUBLE_EQ(c->lat, 42.5);
  EXPECT_DOUBLE_EQ(c->lon, 141.25);
  auto n = parse_place("-33.9,+151.2", "to");
  ASSERT_TRUE(n.ok());
  EXPECT_DOUBLE_EQ(n->lat, -33.9);
  auto s = parse_place("stop:0391_A", "to");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->type, place::kind::stop);
  EXPECT_EQ(s->stop_id, "0391_A");
}

TEST(place, bad_input_gets_a_clear_error) {
  EXPECT_EQ(error_of(""), "'from' is empty: expected 'lat,lon' or 'stop:STOP_ID'");
  EXPECT_EQ(error_of("Muroran"), "'from' must be 'lat,lon' or 'stop:STOP_ID', got 'Muroran'");
  EXPECT_EQ(error_of("42.x,141"), "'from' latitude '42.x' is not a number");
  EXPECT_EQ(error_of("42,"), "'from' longitude '' is not a number");
  EXPECT_EQ(error_of("42,141,7"), "'from' longitude '141,7' is not a number");
  EXPECT_EQ(error_of("nan,141"), "'from' latitude 'nan' is not a number");
  EXPECT_EQ(error_of("91,141"), "'from' latitude must be between -90 and 90");
  EXPECT_EQ(error_of("42,-181"), "'from' longitude must be between -180 and 180");
  EXPECT_EQ(error_of("stop:"), "'from' names no stop id after 'stop:'");
  EXPECT_EQ(parse_place("x", "from").err().code, error_code::bad_request);
}

TEST(local_time, parses_local_date_times_only) {
  auto t = parse_local_date_time("2026-11-26T08:05", "time");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->date, 20'783);
  EXPECT_EQ(t->time, 8 * 3600 + 5 * 60);
  auto s = parse_local_date_time("2024-01-01 23:59:58", "time");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->date, 19'723);
  EXPECT_EQ(s->time, 86'398);
  auto err = [](std::string_view x) { return parse_local_date_time(x, "time").err().detail; };
  EXPECT_EQ(err("2026-11-26T08:00+09:00"), "'time' must be a local time of the feed's timezone, without offset or Z");
  EXPECT_EQ(err("2026-11-26T08:00:00Z"), "'time' must be a local time of the feed's timezone, without offset or Z");
  EXPECT_EQ(err("2026-02-30T08:00"), "'time' is not a calendar date");
  EXPECT_EQ(err("2026-11-26T24:00"), "'time' is not a time of day");
  EXPECT_EQ(err("tomorrow"), "'time' must be a local date-time YYYY-MM-DDTHH:MM[:SS], got 'tomorrow'");
}

TEST(local_time, formats_across_midnight) {
  EXPECT_EQ(format_local_date_time(19'723, 8 * 3600 + 5 * 60), "2024-01-01T08:05:00");
  EXPECT_EQ(format_local_date_time(19'723, 25 * 3600), "2024-01-02T01:00:00");
  EXPECT_EQ(format_local_date_time(19'723, -60), "2023-12-31T23:59:00");
}

TEST(plan_request, defaults_and_errors) {
  plan_params p{"43,141", "stop:D", "2024-01-01T07:55", {}, {}, {}, {}, {}, {}, {}};
  auto r = make_plan_request(p);
  ASSERT_TRUE(r.ok()) << r.err().detail;
  EXPECT_EQ(r->max_transfers, 3);
  EXPECT_FALSE(r->arrive_by);
  EXPECT_FALSE(r->max_walk_m);
  EXPECT_TRUE(r->lang.empty());

  auto err = [&](auto change) {
    plan_params q = p;
    change(q);
    auto x = make_plan_request(q);
    return x.ok() ? std::string("ok") : x.err().detail;
  };
  EXPECT_EQ(err([](plan_params& q) { q.from.reset(); }), "'from' is required: 'lat,lon' or 'stop:STOP_ID'");
  EXPECT_EQ(err([](plan_params& q) { q.time.reset(); }),
            "'time' is required: a local date-time YYYY-MM-DDTHH:MM[:SS]");
  EXPECT_EQ(err([](plan_params& q) { q.arrive_by = "yes"; }), "'arriveBy' must be true or false, got 'yes'");
  EXPECT_EQ(err([](plan_params& q) { q.max_transfers = "9"; }), "'maxTransfers' must be between 0 and 8");
  EXPECT_EQ(err([](plan_params& q) { q.max_transfers = "2.5"; }), "'maxTransfers' must be a whole number, got '2.5'");
  EXPECT_EQ(err([](plan_params& q) { q.max_walk = "-1"; }), "'maxWalk' must be between 0 and 5000");
  EXPECT_EQ(err([](plan_params& q) { q.lang = "ja;drop"; }),
            "'lang' must be a language tag such as ja or en, got 'ja;drop'");
  EXPECT_EQ(err([](plan_params& q) { q.to = "1000,0"; }), "'to' latitude must be between -90 and 90");
  EXPECT_EQ(err([](plan_params& q) { q.wheelchair = "maybe"; }), "'wheelchair' must be true or false, got 'maybe'");
  EXPECT_EQ(err([](plan_params& q) { q.fares = "2"; }), "'fares' must be true or false, got '2'");
  EXPECT_EQ(err([](plan_params& q) { q.max_transfer_walk = "far"; }), "'maxTransferWalk' must be a number, got 'far'");
  EXPECT_EQ(err([](plan_params& q) { q.arrive_by = "true"; q.max_transfers = "0"; q.max_walk = "250"; q.lang = "en"; }),
            "ok");
}

}  // namespace
}  // namespace cityos::mobility::journeys
