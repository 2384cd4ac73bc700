// SPDX-License-Identifier: Apache-2.0
// The pure ridership counting: bus boardings from passengersBoarded increments,
// on-demand decisions, waits, riders and parcels from DrtRequest statuses, the
// local day (and its UTC offset), and the KPI entities of a day. Expected values
// are computed from the inputs the tests feed.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "mobility/ridership/ridership_kpis.h"
#include "mobility/ridership/ridership_tally.h"

namespace cityos::mobility::ridership {
namespace {

constexpr char kBase[] = "https://uri.etsi.org/ngsi-ld/default-context/";
constexpr std::int32_t kJst = 9 * 3600;
epoch_ms const kMorning = *parse_iso8601("2026-11-26T08:00:00+09:00");

// A stored-form entity (expanded names, one instance per attribute).
store::entity_ptr stored(std::string const& id, std::string const& type, std::map<std::string, json::value> attrs,
                         std::string const& modified_at = "2026-11-26T00:00:00.000Z") {
  json::object e{{"id", id}, {"type", json::array{std::string(kBase) + type}}, {"modifiedAt", modified_at}};
  for (auto& [k, v] : attrs) e[std::string(kBase) + k] = json::array{json::object{{"type", "Property"}, {"value", v}}};
  return std::make_shared<json::object const>(std::move(e));
}

store::entity_change change(store::entity_ptr before, store::entity_ptr after) {
  std::string id = after ? std::string(after->at("id").as_string()) : std::string(before->at("id").as_string());
  return {"", std::move(id), std::move(before), std::move(after), 1};
}

store::entity_ptr bus(std::string const& trip, std::int64_t boarded, std::string const& type = "bus") {
  return stored("urn:ngsi-ld:Vehicle:bus:" + trip, "Vehicle",
                {{"vehicleType", json::value(type)}, {"passengersBoarded", json::value(boarded)}});
}

TEST(ridership_tally, bus_boardings_are_the_increments_of_passengers_boarded) {
  ridership_tally t(kJst, kMorning);
  // Each trip's successive cumulative counts; a drop is a new run of the trip.
  std::map<std::string, std::vector<std::int64_t>> runs = {{"t1", {0, 4, 4, 9, 15}}, {"t2", {3, 7, 2, 6}}};
  std::int64_t expected = 0;
  for (auto const& [trip, counts] : runs) {
    store::entity_ptr before;
    std::int64_t last = 0;
    for (auto n : counts) {
      auto after = bus(trip, n);
      t.apply(change(before, after), kMorning);
      expected += n >= last ? n - last : n;
      last = n;
      before = after;
    }
  }
  EXPECT_EQ(t.day().transit_boardings, expected);
  // On-demand minibuses, other vehicles and deletions count nothing.
  t.apply(change(nullptr, bus("x", 10, "minibus")), kMorning);
  t.apply(change(bus("t1", 15), nullptr), kMorning);
  EXPECT_EQ(t.day().transit_boardings, expected);
}

struct booking_case {
  std::string id;
  std::string kind;    // passenger | parcel
  int seats, chairs;
  bool rejected;
  int wait_s;          // pickup - requested (may be < 0: early, counts 0)
  std::string last;    // the last status reached: scheduled | onboard | completed | cancelled
};

store::entity_ptr request(booking_case const& b, std::string const& status, epoch_ms picked = 0) {
  std::map<std::string, json::value> a{
      {"status", json::value(status)},
      {"requestKind", json::value(b.kind)},
      {"load", json::object{{"seats", b.seats}, {"wheelchairs", b.chairs}, {"volume", 0}}},
      {"requestedPickupTime", json::value(format_iso8601(kMorning))}};
  if (picked) a["pickedUpAt"] = json::value(format_iso8601(picked));
  return stored("urn:ngsi-ld:DrtRequest:" + b.id, "DrtRequest", std::move(a));
}

TEST(ridership_tally, on_demand_decisions_waits_riders_and_parcels) {
  std::vector<booking_case> const cases = {
      {"a", "passenger", 2, 0, false, 240, "completed"}, {"b", "passenger", 1, 1, false, 600, "completed"},
      {"c", "passenger", 1, 0, false, 90, "onboard"},     {"d", "passenger", 3, 0, true, 0, ""},
      {"e", "parcel", 0, 0, false, 300, "completed"},     {"f", "passenger", 1, 0, false, -60, "completed"},
      {"g", "passenger", 1, 0, false, 0, "cancelled"},    {"h", "parcel", 0, 0, true, 0, ""}};
  ridership_tally t(kJst, kMorning);
  std::int64_t accepted = 0, rejected = 0, riders = 0, parcels = 0, waits = 0;
  double wait_s = 0;
  for (auto const& b : cases) {
    if (b.rejected) {
      EXPECT_TRUE(t.apply(change(nullptr, request(b, "rejected")), kMorning));
      ++rejected;
      continue;
    }
    ++accepted;
    auto prev = request(b, "scheduled");
    t.apply(change(nullptr, prev), kMorning);
    t.apply(change(prev, prev), kMorning);  // republished unchanged: nothing
    if (b.last == "cancelled") {
      t.apply(change(prev, request(b, "cancelled")), kMorning);
      continue;
    }
    epoch_ms const picked = kMorning + b.wait_s * 1000;
    auto onboard = request(b, "onboard", picked);
    t.apply(change(prev, onboard), picked);
    if (b.kind == "passenger") {
      wait_s += std::max(0, b.wait_s);
      ++waits;
    }
    if (b.last == "completed") {
      t.apply(change(onboard, request(b, "completed", picked)), picked);
      if (b.kind == "passenger") riders += b.seats + b.chairs;
      else ++parcels;
    }
  }
  auto const& d = t.day();
  EXPECT_EQ(d.drt_accepted, accepted);
  EXPECT_EQ(d.drt_rejected, rejected);
  EXPECT_EQ(d.drt_riders, riders);
  EXPECT_EQ(d.drt_parcels, parcels);
  EXPECT_EQ(d.waits, waits);
  ASSERT_TRUE(d.service_rate_percent());
  EXPECT_DOUBLE_EQ(*d.service_rate_percent(), 100.0 * accepted / (accepted + rejected));
  ASSERT_TRUE(d.average_wait_minutes());
  EXPECT_DOUBLE_EQ(*d.average_wait_minutes(), wait_s / waits / 60.0);
}

TEST(ridership_tally, a_rejected_booking_accepted_later_is_two_decisions_and_wait_falls_back_to_modified_at) {
  ridership_tally t(kJst, kMorning);
  booking_case const b{"r", "passenger", 1, 0, false, 0, ""};
  auto rejected = request(b, "rejected");
  t.apply(change(nullptr, rejected), kMorning);
  auto scheduled = request(b, "scheduled");
  t.apply(change(rejected, scheduled), kMorning);
  EXPECT_EQ(t.day().drt_rejected, 1);
  EXPECT_EQ(t.day().drt_accepted, 1);
  // No pickedUpAt: the entity's modifiedAt (when the dispatcher published the pickup).
  epoch_ms const at = kMorning + 7 * 60'000;
  auto e = *request(b, "onboard");
  e["modifiedAt"] = format_iso8601(at);
  t.apply(change(scheduled, std::make_shared<json::object const>(e)), at);
  ASSERT_TRUE(t.day().average_wait_minutes());
  EXPECT_DOUBLE_EQ(*t.day().average_wait_minutes(), (at - kMorning) / 60'000.0);
}

TEST(ridership_tally, counts_start_again_on_each_local_day_of_the_offset) {
  epoch_ms const late = *parse_iso8601("2026-11-26T23:59:00+09:00");
  epoch_ms const after_midnight = late + 2 * 60'000;
  ridership_tally jst(kJst, late), utc(0, late);
  for (auto* t : {&jst, &utc}) {
    t->apply(change(nullptr, bus("t1", 5)), late);
    t->apply(change(bus("t1", 5), bus("t1", 8)), after_midnight);
  }
  // In Japan midnight passed: the new day has the 3 boardings after it.
  EXPECT_EQ(jst.day().date, local_date(after_midnight, kJst));
  EXPECT_EQ(jst.day().transit_boardings, 8 - 5);
  // In UTC it is still the afternoon of the same day.
  EXPECT_EQ(utc.day().date, local_date(late, 0));
  EXPECT_EQ(utc.day().transit_boardings, 8);
  EXPECT_FALSE(utc.roll(after_midnight));
  EXPECT_TRUE(utc.roll(after_midnight + 24 * 3'600'000));
  EXPECT_EQ(utc.day().transit_boardings, 0);
}

TEST(ridership_kpis, entities_carry_the_day_figures_and_period) {
  ridership_day d;
  d.date = local_date(kMorning, kJst);
  d.transit_boardings = 1234;
  d.drt_riders = 17;
  d.drt_parcels = 3;
  d.drt_accepted = 9;
  d.drt_rejected = 2;
  auto es = kpi_entities(d, kJst, "2026-11-26T00:00:00Z");
  ASSERT_EQ(es.size(), 5u);
  std::map<std::string, json::object> by_id;
  for (auto& e : es) {
    EXPECT_EQ(e.at("type"), "KeyPerformanceIndicator");
    EXPECT_EQ(e.at("calculationPeriod").at("value").at("from"), "2026-11-26T00:00:00+09:00");
    EXPECT_EQ(e.at("calculationPeriod").at("value").at("to"), "2026-11-27T00:00:00+09:00");
    EXPECT_EQ(e.at("localDate").at("value"), "2026-11-26");
    by_id[std::string(e.at("id").as_string())] = e;
  }
  auto value = [&](std::string const& slug) -> json::value const* {
    auto const& e = by_id.at("urn:ngsi-ld:KeyPerformanceIndicator:" + slug);
    auto const* v = e.if_contains("kpiValue");
    return v ? &v->at("value") : nullptr;
  };
  EXPECT_EQ(value("transit-ridership")->to_number<std::int64_t>(), d.transit_boardings);
  EXPECT_EQ(value("drt-ridership")->to_number<std::int64_t>(), d.drt_riders);
  EXPECT_EQ(value("drt-parcels")->to_number<std::int64_t>(), d.drt_parcels);
  EXPECT_NEAR(value("drt-service-rate")->to_number<double>(), *d.service_rate_percent(), 0.05);
  EXPECT_EQ(value("drt-wait"), nullptr);  // no pickup yet: no value
  EXPECT_EQ(kpi_entities(d, -5 * 3600, "x")[0].at("calculationPeriod").at("value").at("from"),
            "2026-11-26T00:00:00-05:00");
}

}  // namespace
}  // namespace cityos::mobility::ridership
