// SPDX-License-Identifier: Apache-2.0
// Rendering stored entities into response text, as a query answer that the
// render cache cannot serve (geo-query results) does: 20 five-attribute
// entities in the stored form a batch upsert leaves (expanded names, system
// times on every instance) rendered normalized with the core @context.
// `heap` builds each output tree on the heap, then dumps it; `arena` is
// ngsild::append_rendered_entity, which builds it in a scratch arena. One
// thread.
//
//   build-bench/bench/render_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ngsild/entity/entity_render.h"

namespace {

using namespace cityos;

constexpr char const* kVocab = "https://uri.etsi.org/ngsi-ld/default-context/";

json::object instance(json::value v, std::string const& at) {
  return {{"type", "Property"}, {"value", std::move(v)}, {"createdAt", at}, {"modifiedAt", at}};
}

std::vector<json::object> entities(int count) {
  std::vector<json::object> out;
  std::string const at = "2026-11-27T06:00:00.123Z";
  for (int n = 0; n < count; ++n) {
    json::object e;
    e["id"] = "urn:ngsi-ld:Sensor:s-" + std::to_string(n);
    e["type"] = json::array{std::string(kVocab) + "Sensor"};
    e["createdAt"] = at;
    e["modifiedAt"] = at;
    auto attr = [&](char const* name, json::value v) {
      e[std::string(kVocab) + name] = json::array{instance(std::move(v), at)};
    };
    attr("speed", n % 120);
    attr("brandName", "Volvo");
    attr("status", "active");
    attr("fuelLevel", 0.01 * (n % 100));
    json::object loc{{"type", "GeoProperty"},
                     {"value", json::object{{"type", "Point"},
                                            {"coordinates", json::array{13.4 + n * 1e-5, 52.5}}}},
                     {"createdAt", at},
                     {"modifiedAt", at}};
    e["https://uri.etsi.org/ngsi-ld/location"] = json::array{std::move(loc)};
    out.push_back(std::move(e));
  }
  return out;
}

void render_20_heap(benchmark::State& state) {
  auto const es = entities(20);
  auto const ctx = ngsild::context::core();
  ngsild::render_options const opt;
  for (auto _ : state) {
    std::string body;
    for (auto const& e : es) dump_to(ngsild::render_entity(e, *ctx, opt), body);
    benchmark::DoNotOptimize(body.data());
  }
}
BENCHMARK(render_20_heap)->Unit(benchmark::kMicrosecond);

void render_20_arena(benchmark::State& state) {
  auto const es = entities(20);
  auto const ctx = ngsild::context::core();
  ngsild::render_options const opt;
  for (auto _ : state) {
    std::string body;
    for (auto const& e : es) ngsild::append_rendered_entity(e, *ctx, opt, body);
    benchmark::DoNotOptimize(body.data());
  }
}
BENCHMARK(render_20_arena)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
