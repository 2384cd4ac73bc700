// SPDX-License-Identifier: Apache-2.0
// Rendering stored entities into response text, as a query answer that the
// render cache cannot serve (geo-query results) does: 20 five-attribute
// entities (stored_vehicle.h) rendered normalized with the core @context.
// One thread.
//
//   build-bench/bench/render_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ngsild/entity/entity_render.h"
#include "stored_vehicle.h"

namespace {

using namespace cityos;

std::vector<json::object> entities(int count) {
  std::vector<json::object> out;
  for (int n = 0; n < count; ++n) out.push_back(bench::stored_vehicle(n, n % 120, "2026-11-27T06:00:00.123Z"));
  return out;
}

// way:0 builds the response tree (render_entity) and dumps it, as
// notifications and temporal responses do; way:1 writes each entity's text
// (append_rendered_entity), as the render cache's misses do; way:2 writes the
// 20 with one entity_writer, as a query response that bypasses the cache does.
void render_20(benchmark::State& state) {
  auto const way = state.range(0);
  auto const es = entities(20);
  auto const ctx = ngsild::context::core();
  ngsild::render_options const opt;
  for (auto _ : state) {
    std::string body;
    ngsild::entity_writer writer(*ctx, opt);
    for (auto const& e : es) {
      if (way == 0) {
        dump_to(ngsild::render_entity(e, *ctx, opt), body);
      } else if (way == 1) {
        ngsild::append_rendered_entity(e, *ctx, opt, body);
      } else {
        writer.append(e, body);
      }
    }
    benchmark::DoNotOptimize(body.data());
  }
}
BENCHMARK(render_20)->ArgName("way")->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
