// SPDX-License-Identifier: Apache-2.0
// How fast the attribute history records the store's change feed (issue 3):
// the history writer is the limit of bulk writes with the history on. Feeds
// `--entities` new five-attribute entities (in changes of 100, like batch
// upserts), then `--updates` one-attribute updates of them (like attribute
// PATCHes), into a file-backed history in a temporary directory, and prints the
// changes recorded per second for each phase (median of `--runs`).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "store/history/sqlite_history.h"
#include "stored_vehicle.h"

namespace {

using namespace cityos;
using clock_type = std::chrono::steady_clock;

// An entity in the store's expanded form, as a batch upsert leaves it.
store::entity_ptr vehicle(int n, int speed, std::string const& at) {
  return std::make_shared<json::object const>(bench::stored_vehicle(n, speed, at));
}

// `e` after an attribute PATCH of its speed at `at`: only the speed instance
// and the entity's modifiedAt change (so the history records one instance).
store::entity_ptr with_speed(json::object const& e, int speed, std::string const& at) {
  auto next = e;
  auto& speed_instance = next.at(std::string(bench::kVocab) + "speed").as_array().at(0).as_object();
  speed_instance["value"] = speed;
  speed_instance["modifiedAt"] = at;
  next["modifiedAt"] = at;
  return std::make_shared<json::object const>(std::move(next));
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int entities = 100'000, updates = 100'000, runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string const a = argv[i];
    int const v = std::atoi(argv[i + 1]);
    if (a == "--entities") entities = v;
    else if (a == "--updates") updates = v;
    else if (a == "--runs") runs = v;
    else {
      std::fprintf(stderr, "usage: history_feed_bench [--entities N] [--updates N] [--runs N]\n");
      return 2;
    }
  }
  std::vector<double> create_rates, update_rates;
  for (int run = 0; run < runs; ++run) {
    auto dir = std::filesystem::temp_directory_path() / "cityos-history-feed-bench";
    std::filesystem::remove_all(dir);
    auto opened = store::sqlite_history::open({dir});
    if (!opened) {
      std::fprintf(stderr, "%s\n", opened.err().detail.c_str());
      return 1;
    }
    auto& h = **opened;
    std::string const t0s = "2026-11-26T10:00:00Z";
    std::vector<store::entity_ptr> current(static_cast<std::size_t>(entities));
    for (int i = 0; i < entities; ++i) current[static_cast<std::size_t>(i)] = vehicle(i, i % 120, t0s);
    auto t0 = clock_type::now();
    for (int i = 0; i < entities; i += 100) {
      std::vector<store::entity_change> batch;
      for (int j = i; j < std::min(entities, i + 100); ++j) {
        auto const& e = current[static_cast<std::size_t>(j)];
        batch.push_back({"", std::string(e->at("id").as_string()), nullptr, e, 0});
      }
      h.enqueue(std::move(batch));
      h.wait_for_room();  // as the store's pacer makes a writer do
    }
    h.flush();
    double const create_s = std::chrono::duration<double>(clock_type::now() - t0).count();
    // Updates: speed changes, one entity per change (as attribute PATCHes give them).
    std::vector<store::entity_ptr> next(static_cast<std::size_t>(std::min(updates, entities)));
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = with_speed(*current[i], 200, "2026-11-26T10:00:01Z");
    t0 = clock_type::now();
    for (int i = 0; i < updates; ++i) {
      auto const k = static_cast<std::size_t>(i) % next.size();
      std::vector<store::entity_change> one;
      one.push_back({"", std::string(next[k]->at("id").as_string()), current[k], next[k], 0});
      h.enqueue(std::move(one));
      h.wait_for_room();
    }
    h.flush();
    double const update_s = std::chrono::duration<double>(clock_type::now() - t0).count();
    create_rates.push_back(entities / create_s);
    update_rates.push_back(updates / update_s);
    std::printf("run %d: %d new entities in %.2f s (%.0f/s, %.0f instances/s); %d updates in %.2f s (%.0f/s)\n",
                run + 1, entities, create_s, entities / create_s, entities * 5 / create_s, updates, update_s,
                updates / update_s);
    opened->reset();
    std::filesystem::remove_all(dir);
  }
  std::printf("RESULT new_entities_per_s=%.0f updates_per_s=%.0f\n", median(create_rates), median(update_rates));
  return 0;
}
