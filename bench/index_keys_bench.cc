// SPDX-License-Identifier: Apache-2.0
// What a compaction spends per entity to write its index keys (types and
// GeoProperty boxes) into the snapshot: decoding the stored blob into a
// Boost.JSON tree (before 2026-11-28) against reading them with simdjson.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "stored_vehicle.h"
#include "store/memory/entity_codec.h"
#include "store/memory/index_keys.h"

namespace {

using namespace cityos;

std::vector<std::string> const& blobs() {
  static std::vector<std::string> const out = [] {
    store::entity_encoder enc;
    std::vector<std::string> v;
    for (int n = 0; n < 1024; ++n) {
      v.push_back(enc.encode(dump(bench::stored_vehicle(n, n % 120, "2026-11-28T05:00:00Z"))));
    }
    return v;
  }();
  return out;
}

void keys_by_decoding(benchmark::State& state) {
  std::size_t i = 0;
  for (auto _ : state) {
    auto const e = store::decode_entity(blobs()[i++ % blobs().size()]);
    auto types = store::types_of(e);
    auto boxes = store::geo_index::boxes_of(e);
    benchmark::DoNotOptimize(types);
    benchmark::DoNotOptimize(boxes);
  }
}
BENCHMARK(keys_by_decoding);

void keys_by_reader(benchmark::State& state) {
  store::index_key_reader reader;
  std::size_t i = 0;
  for (auto _ : state) {
    auto keys = reader.read(blobs()[i++ % blobs().size()]);
    benchmark::DoNotOptimize(keys);
  }
}
BENCHMARK(keys_by_reader);

}  // namespace

BENCHMARK_MAIN();
