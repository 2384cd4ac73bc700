// SPDX-License-Identifier: Apache-2.0
// The demo city's simulator: determinism with a seed, every request accepted
// by a fresh app::instance (over HTTP), buses that appear and move, a river
// that rises through its levels, and `--demo` wiring (entities, planner today).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "api/http/http_client.h"
#include "app/instance.h"
#include "common/json.h"
#include "common/time.h"
#include "sim/simulator.h"

namespace cityos::sim {
namespace {

constexpr char const* kData = CITYOS_SOURCE_DIR "/data/muroran";

// Wednesday 2026-11-25 07:00 in Muroran.
epoch_ms wednesday_7am() { return *parse_iso8601("2026-11-24T22:00:00Z"); }

// A Wednesday 07:00 in Muroran at least a day from now: the on-demand
// dispatcher runs on the real clock and books only what is ahead of it.
epoch_ms next_wednesday_7am() {
  epoch_ms t = wednesday_7am();
  while (t < now_ms() + 86'400'000) t += 7 * 86'400'000;
  return t;
}

sim_options options(std::uint64_t seed, std::chrono::milliseconds step, epoch_ms start = wednesday_7am()) {
  sim_options o;
  o.data_dir = kData;
  o.seed = seed;
  o.start = start;
  o.step = step;
  return o;
}

std::vector<std::string> record(std::uint64_t seed, epoch_ms until) {
  std::vector<std::string> out;
  auto s = simulator::make(options(seed, std::chrono::seconds(10)), nullptr,
                           [&out](api::http_request const& q, api::http_response const&) {
                             out.push_back(q.method + " " + q.target + " " + q.body);
                           });
  EXPECT_TRUE(s) << s.err().detail;
  if (!s) return out;
  (*s)->advance_to(until);
  return out;
}

TEST(Simulator, SameSeedSameStepsSameRequests) {
  epoch_ms const until = wednesday_7am() + 20 * 60'000;
  auto const a = record(7, until);
  auto const b = record(7, until);
  ASSERT_GT(a.size(), 100u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, record(8, until));  // delays and sensor noise come from the seed
}

// Each bus's passengersBoarded as written, in order: id -> counts.
std::map<std::string, std::vector<std::int64_t>> boardings(std::uint64_t seed, epoch_ms until) {
  std::map<std::string, std::vector<std::int64_t>> out;
  auto s = simulator::make(options(seed, std::chrono::seconds(30)), nullptr,
                           [&out](api::http_request const& q, api::http_response const&) {
                             if (q.target.find("entityOperations/upsert") == std::string::npos) return;
                             auto body = parse_json(q.body);
                             if (!body || !body->is_array()) return;
                             for (auto const& e : body->as_array()) {
                               std::string const id(e.at("id").as_string());
                               if (id.rfind("urn:ngsi-ld:Vehicle:bus:", 0) != 0) continue;
                               auto const& o = e.as_object();
                               EXPECT_TRUE(o.contains("occupancy")) << id;
                               out[id].push_back(o.at("passengersBoarded").at("value").to_number<std::int64_t>());
                             }
                           });
  EXPECT_TRUE(s) << s.err().detail;
  if (s) (*s)->advance_to(until);
  return out;
}

TEST(Simulator, BusesReportBoardingsThatGrow) {
  epoch_ms const until = wednesday_7am() + 40 * 60'000;
  auto const runs = boardings(5, until);
  ASSERT_FALSE(runs.empty());
  std::int64_t total = 0;
  std::size_t grew = 0;
  for (auto const& [id, counts] : runs) {
    for (std::size_t k = 1; k < counts.size(); ++k) EXPECT_LE(counts[k - 1], counts[k]) << id;  // cumulative
    if (counts.back() > counts.front()) ++grew;
    total += counts.back();
  }
  EXPECT_GT(grew, runs.size() / 2) << "most buses serve stops with riders in the morning peak";
  EXPECT_GT(total, 0);
  EXPECT_EQ(runs, boardings(5, until));  // the seed decides the riders
}

TEST(Simulator, RejectsBadOptions) {
  auto o = options(1, std::chrono::seconds(5));
  o.speed = 0;
  EXPECT_FALSE(simulator::make(o, nullptr));
  o = options(1, std::chrono::seconds(5));
  o.data_dir = "/nonexistent";
  EXPECT_FALSE(simulator::make(o, nullptr));
}

// A fresh instance on an ephemeral port and a client to it.
struct live_city {
  app::instance inst;
  api::http_client client;
  explicit live_city(bool demo = false, bool points = false) {
    app::instance_options o;
    o.port = 0;
    o.demo = demo;
    o.demo_speed = 1;
    if (!demo) o.drt_fleet = std::string(kData) + "/drt-fleet.json";
    if (points) o.points_preset = "sapporo_2026";
    auto r = inst.start(o);
    EXPECT_TRUE(r) << (r ? "" : r.err().detail);
    EXPECT_TRUE(client.connect("127.0.0.1", inst.port()));
  }
  api::http_response send(api::http_request& q) {
    api::client_headers h(q.headers.begin(), q.headers.end());
    auto r = client.request(q.method, q.target, h, q.body);
    if (!r) {
      (void)client.connect("127.0.0.1", inst.port());
      r = client.request(q.method, q.target, h, q.body);
    }
    api::http_response out;
    out.status = r ? r->status : 599;
    out.body = r ? r->body : r.err().detail;
    return out;
  }
  json::value get(std::string const& target) {
    auto r = client.request("GET", target);
    EXPECT_TRUE(r);
    if (!r || r->status != 200) return nullptr;
    auto v = parse_json(r->body);
    return v ? *v : json::value();
  }
};

TEST(Simulator, EveryRequestIsAcceptedAndBusesMove) {
  live_city city(false, true);
  epoch_ms const t0 = next_wednesday_7am();
  std::vector<std::string> rejected;
  auto s = simulator::make(
      options(3, std::chrono::seconds(60), t0), [&city](api::http_request& q) { return city.send(q); },
      [&rejected](api::http_request const& q, api::http_response const& r) {
        if (r.status >= 300) rejected.push_back(q.target + " -> " + std::to_string(r.status) + " " + r.body);
      });
  ASSERT_TRUE(s) << s.err().detail;
  auto& sim = **s;
  sim.advance_to(t0 + 3 * 3'600'000);  // to 10:00, the river rising
  EXPECT_TRUE(rejected.empty()) << rejected.size() << " rejected, first: " << rejected.front();
  auto const c = sim.counts();
  EXPECT_EQ(c.writes.failed, 0u);
  EXPECT_GT(c.writes.sent, 180u);
  EXPECT_GT(c.buses, 3u);

  auto buses = city.get("/ngsi-ld/v1/entities?type=Vehicle&q=vehicleType==%22bus%22&limit=1000");
  ASSERT_TRUE(buses.is_array());
  ASSERT_EQ(buses.as_array().size(), c.buses);
  std::map<std::string, std::string> where;
  for (auto const& b : buses.as_array()) {
    EXPECT_EQ(b.at("vehicleType").at("value"), "bus");
    where[std::string(b.at("id").as_string())] = dump(b.at("location").at("value"));
  }
  sim.advance_to(t0 + 3 * 3'600'000 + 3 * 60'000);
  auto later = city.get("/ngsi-ld/v1/entities?type=Vehicle&q=vehicleType==%22bus%22&limit=1000");
  ASSERT_TRUE(later.is_array());
  int moved = 0;
  for (auto const& b : later.as_array()) {
    auto it = where.find(std::string(b.at("id").as_string()));
    if (it != where.end() && it->second != dump(b.at("location").at("value"))) ++moved;
  }
  EXPECT_GT(moved, 0);

  auto gauge = city.get("/ngsi-ld/v1/entities/urn:ngsi-ld:WaterObserved:muroran-chiribetsu");
  ASSERT_TRUE(gauge.is_object());
  EXPECT_GT(gauge.at("height").at("value").to_number<double>(), 1.5);  // above the caution level
  auto parking = city.get("/ngsi-ld/v1/entities?type=OffStreetParking");
  ASSERT_TRUE(parking.is_array());
  EXPECT_EQ(parking.as_array().size(), 4u);
  auto shelters = city.get("/ngsi-ld/v1/entities?type=PointOfInterest");
  ASSERT_TRUE(shelters.is_array());
  EXPECT_EQ(shelters.as_array().size(), 4u);
  // The river is above its evacuation judgement level (1.9 m) at this point: people shelter.
  std::int64_t sheltering = 0;
  for (auto const& s : shelters.as_array()) sheltering += s.at("occupancy").at("value").as_int64();
  double const river = gauge.at("height").at("value").to_number<double>();
  if (river > 1.95) {
    EXPECT_GT(sheltering, 0) << river;
  }
  if (river < 1.85) {
    EXPECT_EQ(sheltering, 0) << river;
  }
  // Bookings went in and drivers followed their plans.
  auto requests = city.get("/ngsi-ld/v1/entities?type=DrtRequest&limit=1000");
  ASSERT_TRUE(requests.is_array());
  EXPECT_GT(requests.as_array().size(), 3u);
  int done = 0;
  for (auto const& r : requests.as_array()) {
    if (r.at("status").at("value") == "completed") ++done;
  }
  EXPECT_GT(done, 0);
}

TEST(Simulator, TripsEndAndBusesAreRemoved) {
  live_city city;
  auto o = options(5, std::chrono::minutes(15));
  o.drt_interval = std::chrono::minutes(15);
  auto s = simulator::make(o, [&city](api::http_request& q) { return city.send(q); });
  ASSERT_TRUE(s) << s.err().detail;
  (*s)->advance_to(wednesday_7am() + 18 * 3'600'000);  // to 01:00 at night: no bus runs
  EXPECT_EQ((*s)->counts().writes.failed, 0u);
  auto buses = city.get("/ngsi-ld/v1/entities?type=Vehicle&q=vehicleType==%22bus%22&limit=1000");
  ASSERT_TRUE(buses.is_array());
  EXPECT_EQ(buses.as_array().size(), (*s)->counts().buses);
  EXPECT_EQ((*s)->counts().buses, 0u);
}

TEST(Simulator, ResidentsUploadTheirStepsAtTheEndOfTheDay) {
  live_city city(false, true);
  // 20:00 local two days ago, to 02:00: one day ends (uploads are taken up to 42 days late).
  epoch_ms const local_midnight = (now_ms() + 9 * 3'600'000) / 86'400'000 * 86'400'000 - 9 * 3'600'000;
  epoch_ms const t0 = local_midnight - 2 * 86'400'000 - 4 * 3'600'000;
  auto o = options(9, std::chrono::minutes(10), t0);
  o.residents = 5;
  o.drt_interval = std::chrono::minutes(30);
  auto s = simulator::make(o, [&city](api::http_request& q) { return city.send(q); });
  ASSERT_TRUE(s) << s.err().detail;
  (*s)->advance_to(t0 + 6 * 3'600'000);
  EXPECT_EQ((*s)->counts().writes.failed, 0u);
  std::string const day = format_iso8601(t0 + 9 * 3'600'000).substr(0, 10);
  auto uploads = city.get("/api/v1/points/participants/muroran-resident-005/uploads");
  ASSERT_FALSE(uploads.is_null());
  EXPECT_NE(dump(uploads).find(day), std::string::npos) << dump(uploads);
}

TEST(DemoCity, ServeDemoLoadsMuroranAndPlansToday) {
  live_city city(true);
  auto stops = city.get("/ngsi-ld/v1/entities?type=GtfsStop&limit=5");
  ASSERT_TRUE(stops.is_array());
  EXPECT_EQ(stops.as_array().size(), 5u);
  // The feed's calendar ended in 2021; the demo plays it on today's weekday.
  std::string const today = format_iso8601(now_ms() + 9 * 3'600'000).substr(0, 10);
  // Stations: Higashi-Muroran Station West to Muroran Station.
  auto plan = city.get("/api/v1/plan?from=stop:0261&to=stop:0082&time=" + today + "T10:00");
  ASSERT_TRUE(plan.is_object());
  EXPECT_FALSE(plan.at("itineraries").as_array().empty());
  // The ridership KPIs are published from the start.
  auto kpi = city.get("/ngsi-ld/v1/entities/urn:ngsi-ld:KeyPerformanceIndicator:transit-ridership");
  ASSERT_TRUE(kpi.is_object());
  EXPECT_TRUE(kpi.as_object().contains("kpiValue"));
}

}  // namespace
}  // namespace cityos::sim
