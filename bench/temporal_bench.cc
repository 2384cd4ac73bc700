// SPDX-License-Identifier: Apache-2.0
// Temporal API benchmarks on the SQLite history (issue 3): one gauge with a
// year of 10-minute readings (52,560 instances) aggregated by day (max, avg),
// target <= 50 ms; and lastN=100 over 1,000 gauges. Data are written through
// the history store into a file-backed database in a temporary directory.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "store/history/sqlite_history.h"

namespace {

using namespace cityos;
using clock_type = std::chrono::steady_clock;

constexpr epoch_ms kTenMinutes = 600'000;
constexpr char const* kLevel = "https://example.org/level";
constexpr char const* kGauge = "https://example.org/Gauge";

void load(store::history_store& h, std::string const& id, int readings, epoch_ms start) {
  std::vector<store::instance_input> in;
  in.reserve(static_cast<std::size_t>(readings));
  for (int i = 0; i < readings; ++i) {
    std::string const t = format_iso8601(start + i * kTenMinutes);
    in.push_back({kLevel, json::object{{"type", "Property"}, {"value", (i * 7 % 100) / 10.0},
                                       {"observedAt", t}, {"createdAt", t}, {"modifiedAt", t}}});
  }
  (void)h.add_instances("", id, {kGauge}, std::move(in), true, start);
}

template <typename Fn>
double best_ms(int runs, Fn&& fn) {
  double best = 1e100;
  for (int i = 0; i < runs; ++i) {
    auto t0 = clock_type::now();
    fn();
    best = std::min(best, std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
  }
  return best;
}

}  // namespace

int main() {
  auto dir = std::filesystem::temp_directory_path() / "cityos-temporal-bench";
  std::filesystem::remove_all(dir);
  auto opened = store::sqlite_history::open({dir});
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.err().detail.c_str());
    return 1;
  }
  auto& h = **opened;
  epoch_ms const year = *parse_iso8601("2025-01-01T00:00:00Z");

  auto t0 = clock_type::now();
  load(h, "urn:ngsi-ld:Gauge:year", 52'560, year);
  double const load_ms = std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
  std::printf("load 52,560 instances: %.0f ms (%.0f instances/s)\n", load_ms, 52'560 / load_ms * 1000);

  store::history_query day;
  day.ids = {"urn:ngsi-ld:Gauge:year"};
  day.aggregation = store::aggregation_spec{{store::aggr_method::max, store::aggr_method::avg},
                                            *parse_duration("P1D"), year};
  std::size_t buckets = 0;
  double const agg_ms = best_ms(7, [&] {
    auto p = h.query(day);
    buckets = p ? p->entities.at(0).attributes.at(0).aggregates.at(0).buckets.size() : 0;
  });
  std::printf("aggregate by day (max, avg) over 52,560 instances: %.1f ms (%zu buckets; target <= 50 ms)\n",
              agg_ms, buckets);

  t0 = clock_type::now();
  for (int g = 0; g < 1000; ++g) load(h, "urn:ngsi-ld:Gauge:" + std::to_string(10000 + g), 200, year);
  std::printf("load 1,000 gauges x 200 instances: %.0f ms\n",
              std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());

  store::history_query last;
  last.predicate = [](store::history_entity_info const& e) { return e.id != "urn:ngsi-ld:Gauge:year"; };
  last.last_n = 100;
  last.limit = 1000;
  std::size_t instances = 0;
  double const last_ms = best_ms(5, [&] {
    auto p = h.query(last);
    instances = 0;
    for (auto const& e : p->entities) instances += e.attributes.at(0).instances.size();
  });
  std::printf("lastN=100 over 1,000 gauges: %.1f ms (%zu instances)\n", last_ms, instances);
  opened->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
