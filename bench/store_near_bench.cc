// SPDX-License-Identifier: Apache-2.0
// The store's part of a `near` query, without HTTP: 100,000 five-attribute
// Sensor entities (stored_vehicle.h) at random points of a 20 km box (as
// ngsild_load places them), and `georel=near;maxDistance==1000` around random
// points of that box with limit 20, as the broker builds it: the R-tree box,
// the index-box filter, id order, decoding and the exact test. `rendered:1`
// also writes the 20 results' response text (normalized, core @context), as
// the broker does for such a query. One thread, so the figure does not depend
// on how busy the machine's other core is.
//
//   build-bench/bench/store_near_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>

#include "ngsild/entity/entity_render.h"
#include "ngsild/geo/geo_query.h"
#include "store/memory/memory_store.h"
#include "stored_vehicle.h"

namespace {

using namespace cityos;

constexpr char const* kSensor = "https://uri.etsi.org/ngsi-ld/default-context/Sensor";
constexpr char const* kLocation = "https://uri.etsi.org/ngsi-ld/location";
constexpr double kLon = 13.40, kLat = 52.52;
constexpr double kHalfLon = 10.0 / (111.32 * 0.6081), kHalfLat = 10.0 / 111.32;

std::unique_ptr<store::memory_store> load(int count) {
  auto s = store::memory_store::open({});
  if (!s.ok()) std::abort();
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(-1, 1);
  std::vector<store::batch_item> items;
  for (int i = 0; i < count; ++i) {
    std::string id = "urn:ngsi-ld:Sensor:s" + std::to_string(i);
    json::object e = bench::stored_vehicle(i, i % 120, "2026-11-27T06:00:00.123Z");
    e["id"] = id;
    e["type"] = json::array{kSensor};
    auto& point = e[kLocation].as_array()[0].as_object()["value"].as_object();
    point["coordinates"] = json::array{kLon + u(rng) * kHalfLon, kLat + u(rng) * kHalfLat};
    items.push_back({id, [e = std::move(e)](json::object const*) -> result<store::mutation> {
                       return store::mutation{store::mutation::kind::put, e};
                     }});
    if (items.size() == 1000) {
      std::vector<result<void>> results;
      (*s)->modify_batch("", items, results);
      items.clear();
    }
  }
  return std::move(*s);
}

// The 100,000 entities, loaded once (by the benchmark's setup, untimed).
store::memory_store const& sensors() {
  static auto const s = load(100000);
  return *s;
}

void near_1km_limit_20(benchmark::State& state) {
  auto const* s = &sensors();
  bool const rendered = state.range(0) == 1;
  auto const ctx = ngsild::context::core();
  ngsild::render_options const opt;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1, 1);
  std::size_t results = 0;
  for (auto _ : state) {
    char point[64];
    std::snprintf(point, sizeof(point), "[%.6f,%.6f]", kLon + u(rng) * kHalfLon,
                  kLat + u(rng) * kHalfLat);
    auto parsed = ngsild::geo::parse_geo_query("near;maxDistance==1000", "Point", point, kLocation);
    auto geo = std::make_shared<ngsild::geo::geo_query>(std::move(*parsed));
    auto box = ngsild::geo::candidate_box(*geo);
    store::entity_query q;
    q.types = {kSensor};
    q.box = store::geo_box{box->min_lon, box->min_lat, box->max_lon, box->max_lat};
    q.box_attribute = kLocation;
    q.box_filter = [geo](store::geo_box const& b) {
      return ngsild::geo::may_match_box(*geo, {b.min_lon, b.min_lat, b.max_lon, b.max_lat});
    };
    q.predicate = [geo](json::object const& e) {
      auto const* l = e.if_contains(kLocation);
      return l && l->is_array() && !l->get_array().empty() &&
             ngsild::geo::matches(*geo, l->get_array()[0].at("value"));
    };
    auto r = s->query("", q);
    results += r->entities.size();
    if (rendered) {
      std::string body;
      ngsild::entity_writer writer(*ctx, opt);
      for (auto const& e : r->entities) writer.append(*e, body);
      benchmark::DoNotOptimize(body.data());
    }
    benchmark::DoNotOptimize(r);
  }
  state.counters["results_per_query"] =
      static_cast<double>(results) / static_cast<double>(state.iterations());
}
BENCHMARK(near_1km_limit_20)->Setup([](benchmark::State const&) { sensors(); })->ArgName("rendered")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
