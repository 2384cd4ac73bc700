// SPDX-License-Identifier: Apache-2.0
#include "store/memory/memory_store.h"

#include "memory_store_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

namespace cityos::store {
namespace {

using test_support::ids_of;
using test_support::kLocation;
using test_support::kVehicle;
using test_support::make_entity;
using test_support::open_store;
using test_support::put;
using test_support::temp_dir;

// The ids of all entities located in `box`, read page by page (`page` each)
// until a page comes back empty.
std::vector<std::string> ids_in_box_by_pages(memory_store const& s, geo_box const& box,
                                             std::size_t page) {
  std::vector<std::string> seen;
  for (std::size_t offset = 0;; offset += page) {
    entity_query q;
    q.box = box;
    q.box_attribute = kLocation;
    q.offset = offset;
    q.limit = page;
    auto r = s.query("", q);
    EXPECT_TRUE(r.ok());
    if (!r.ok() || r->entities.empty()) return seen;
    for (auto& id : ids_of(*r)) seen.push_back(id);
  }
}

TEST(memory_store, get_returns_what_was_put_and_tenants_are_isolated) {
  auto s = open_store();
  ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle))).ok());
  ASSERT_TRUE(s->modify("t1", "urn:b", put(make_entity("urn:b", kVehicle))).ok());
  EXPECT_NE(s->get("", "urn:a"), nullptr);
  EXPECT_EQ(s->get("", "urn:b"), nullptr);
  EXPECT_EQ(s->get("t1", "urn:a"), nullptr);
  EXPECT_TRUE(s->has_tenant("t1"));
  EXPECT_FALSE(s->has_tenant("t2"));
  auto r = s->query("t2", entity_query{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.err().code, error_code::nonexistent_tenant);
}

TEST(memory_store, failed_mutation_changes_nothing) {
  auto s = open_store();
  auto r = s->modify("", "urn:a", [](json::object const*) -> result<mutation> {
    return make_error(error_code::bad_request, "no");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(s->entity_count(""), 0u);
  EXPECT_FALSE(s->has_tenant(""));
}

TEST(memory_store, batch_applies_good_items_and_reports_bad_ones) {
  auto s = open_store();
  std::vector<batch_item> items;
  items.push_back({"urn:1", put(make_entity("urn:1", kVehicle))});
  items.push_back({"urn:2", [](json::object const*) -> result<mutation> {
                     return make_error(error_code::bad_request, "bad");
                   }});
  items.push_back({"urn:3", put(make_entity("urn:3", kVehicle))});
  std::vector<result<void>> results;
  s->modify_batch("", items, results);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_FALSE(results[1].ok());
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(s->entity_count(""), 2u);
}

// A pacer runs after each write that fed the change feed, with the store's lock
// released (here it reads the store, which would deadlock under the lock).
TEST(memory_store, pacers_run_after_changing_writes_outside_the_lock) {
  auto dir = temp_dir("pacer");
  auto s = open_store(dir);
  std::size_t changes = 0, paced = 0;
  s->add_change_listener([&](std::vector<entity_change>&& cs) { changes += cs.size(); });
  s->add_change_pacer([&] {
    ++paced;
    EXPECT_NE(s->get("t", "urn:a"), nullptr);
  });
  ASSERT_TRUE(s->modify("t", "urn:a", put(make_entity("urn:a", kVehicle, 1, 2))).ok());
  EXPECT_EQ(paced, 1u);
  EXPECT_FALSE(s->modify("t", "urn:a", [](json::object const*) -> result<mutation> {
                  return make_error(error_code::bad_request, "no");
                }).ok());
  EXPECT_EQ(paced, 1u);  // nothing changed: no pacing
  std::vector<batch_item> items;
  items.push_back({"urn:b", put(make_entity("urn:b", kVehicle))});
  items.push_back({"urn:c", put(make_entity("urn:c", kVehicle))});
  std::vector<result<void>> results;
  s->modify_batch("t", items, results);
  EXPECT_EQ(paced, 2u);  // once per batch
  EXPECT_EQ(changes, 3u);
}

TEST(memory_store, change_feed_reports_before_and_after_of_every_write) {
  auto dir = temp_dir("feed");
  auto s = open_store(dir);
  std::vector<entity_change> seen;
  std::size_t calls = 0;
  s->add_change_listener([&](std::vector<entity_change>&& changes) {
    ++calls;
    for (auto& c : changes) seen.push_back(std::move(c));
  });
  ASSERT_TRUE(s->modify("t", "urn:a", put(make_entity("urn:a", kVehicle, 1, 2))).ok());
  ASSERT_TRUE(s->modify("t", "urn:a", put(make_entity("urn:a", kVehicle, 3, 4))).ok());
  // A failed mutation and a no-op are not changes.
  EXPECT_FALSE(s->modify("t", "urn:a", [](json::object const*) -> result<mutation> {
                  return make_error(error_code::bad_request, "no");
                }).ok());
  ASSERT_TRUE(s->modify("t", "urn:a", [](json::object const*) -> result<mutation> {
                  return mutation{};
                }).ok());
  std::vector<batch_item> items;
  items.push_back({"urn:a", [](json::object const*) -> result<mutation> {
                     return mutation{mutation::kind::erase, {}};
                   }});
  items.push_back({"urn:b", put(make_entity("urn:b", kVehicle))});
  std::vector<result<void>> results;
  s->modify_batch("t", items, results);

  EXPECT_EQ(calls, 3u);  // one call per modify / modify_batch that changed something
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].tenant, "t");
  EXPECT_EQ(seen[0].before, nullptr);
  ASSERT_NE(seen[0].after, nullptr);
  EXPECT_EQ(seen[0].after->at("id").get_string(), "urn:a");
  ASSERT_NE(seen[1].before, nullptr);
  EXPECT_EQ(dump(*seen[1].before), dump(*seen[0].after));
  EXPECT_LT(seen[0].seq, seen[1].seq);
  EXPECT_NE(seen[2].before, nullptr);
  EXPECT_EQ(seen[2].after, nullptr);  // deleted
  EXPECT_EQ(seen[3].id, "urn:b");
  EXPECT_EQ(seen[3].before, nullptr);
  // A put hands over the text it wrote, with the span of each instance.
  for (std::size_t i : {0u, 1u, 3u}) {
    ASSERT_NE(seen[i].after_text, nullptr) << i;
    EXPECT_EQ(seen[i].after_text->text, dump(*seen[i].after));
    ASSERT_EQ(seen[i].after_text->elements.size(), 2u);  // the type and the location
    auto const span = seen[i].after_text->elements[1];
    EXPECT_EQ(seen[i].after_text->text.substr(span.begin, span.end - span.begin),
              dump(seen[i].after->at(kLocation).at(0)));
  }
  EXPECT_EQ(seen[2].after_text, nullptr);
  s.reset();
  std::filesystem::remove_all(dir);
}

TEST(memory_store, an_unchanged_entity_reads_as_one_snapshot_and_a_write_makes_a_new_one) {
  auto s = open_store();
  ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle, 1, 2))).ok());
  auto const first = s->get("", "urn:a");
  ASSERT_NE(first, nullptr);
  // Reads of the unchanged entity share its decoded snapshot (callers key
  // caches by it), through get() and query() alike.
  EXPECT_EQ(s->get("", "urn:a"), first);
  entity_query q;
  q.types = {kVehicle};
  auto r = s->query("", q);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entities.size(), 1u);
  EXPECT_EQ(r->entities[0], first);
  // A write gives a new snapshot with the new state; the old one is unchanged.
  ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle, 3, 4))).ok());
  auto const second = s->get("", "urn:a");
  ASSERT_NE(second, nullptr);
  EXPECT_NE(second, first);
  EXPECT_EQ(second->at(kLocation).at(0).at("value").at("coordinates").at(0).to_number<double>(), 3);
  EXPECT_EQ(first->at(kLocation).at(0).at("value").at("coordinates").at(0).to_number<double>(), 1);
  // After a delete and a new create, the entity is read afresh too.
  ASSERT_TRUE(s->modify("", "urn:a", [](json::object const*) -> result<mutation> {
                 return mutation{mutation::kind::erase, {}};
               }).ok());
  EXPECT_EQ(s->get("", "urn:a"), nullptr);
  ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle, 5, 6))).ok());
  auto const third = s->get("", "urn:a");
  ASSERT_NE(third, nullptr);
  EXPECT_EQ(third->at(kLocation).at(0).at("value").at("coordinates").at(0).to_number<double>(), 5);
}

TEST(memory_store, the_snapshots_of_many_read_entities_stay_correct_past_the_cache_size) {
  auto s = open_store();
  constexpr int kCount = 20'000;  // more than the decoded-entity cache holds
  for (int i = 0; i < kCount; ++i) {
    auto const id = "urn:e" + std::to_string(i);
    ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle, i, 0))).ok());
  }
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < kCount; i += 7) {
      auto const e = s->get("", "urn:e" + std::to_string(i));
      ASSERT_NE(e, nullptr);
      ASSERT_EQ(e->at("id").get_string(), "urn:e" + std::to_string(i));
      ASSERT_EQ(e->at(kLocation).at(0).at("value").at("coordinates").at(0).to_number<double>(), i);
    }
  }
}

// A filter over a small type decodes its candidates once: asked again, it
// finds them all decoded, also those it dropped. Over a large type only the
// matches stay decoded, so a scan cannot push the cache's entries out.
TEST(memory_store, filtered_candidates_of_a_small_type_stay_decoded) {
  constexpr char const* kSensor = "https://uri.etsi.org/ngsi-ld/default-context/Sensor";
  auto s = open_store();
  for (int i = 0; i < 100; ++i) {
    auto const id = "urn:v" + std::to_string(i);
    ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle, i, 0))).ok());
  }
  for (int i = 0; i < 2000; ++i) {
    auto const id = "urn:s" + std::to_string(i);
    ASSERT_TRUE(s->modify("", id, put(make_entity(id, kSensor, i, 0))).ok());
  }
  auto west_of = [](double lon) {
    return [lon](json::object const& e) {
      return e.at(kLocation).at(0).at("value").at("coordinates").at(0).to_number<double>() < lon;
    };
  };
  auto misses_of = [&](char const* type, double lon) {
    entity_query q;
    q.types = {type};
    q.predicate = west_of(lon);
    q.limit = 1000;
    auto const before = s->decoded_cache_stats().misses;
    auto r = s->query("", q);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r->entities.size(), static_cast<std::size_t>(std::min(lon, type == kVehicle ? 100.0 : 2000.0)));
    return s->decoded_cache_stats().misses - before;
  };
  EXPECT_EQ(misses_of(kVehicle, 30), 100u);   // every candidate decoded once
  EXPECT_EQ(misses_of(kVehicle, 30), 0u);     // and kept, matching or not
  EXPECT_EQ(misses_of(kVehicle, 80), 0u);     // whatever the filter
  EXPECT_EQ(misses_of(kSensor, 10), 2000u);
  EXPECT_EQ(misses_of(kSensor, 10), 1990u);   // only the 10 matches kept
}

TEST(memory_store, paging_by_type_visits_each_entity_once_in_id_order) {
  auto s = open_store();
  for (int i = 0; i < 250; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "urn:v:%03d", (i * 37) % 250);
    ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle))).ok());
  }
  std::vector<std::string> seen;
  for (std::size_t offset = 0;; offset += 7) {
    entity_query q;
    q.types = {kVehicle};
    q.offset = offset;
    q.limit = 7;
    q.count = true;
    auto r = s->query("", q);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r->total, 250u);
    if (r->entities.empty()) break;
    for (auto& id : ids_of(*r)) seen.push_back(id);
  }
  ASSERT_EQ(seen.size(), 250u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST(memory_store, geo_box_narrows_candidates) {
  auto s = open_store();
  ASSERT_TRUE(s->modify("", "urn:in", put(make_entity("urn:in", kVehicle, 141.0, 42.3))).ok());
  ASSERT_TRUE(s->modify("", "urn:out", put(make_entity("urn:out", kVehicle, 139.7, 35.6))).ok());
  entity_query q;
  q.box = geo_box{140.9, 42.2, 141.1, 42.4};
  q.box_attribute = kLocation;
  auto r = s->query("", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ids_of(*r), std::vector<std::string>{"urn:in"});
  // Moving the entity moves it out of the box.
  ASSERT_TRUE(s->modify("", "urn:in", put(make_entity("urn:in", kVehicle, 130.0, 33.0))).ok());
  EXPECT_TRUE(s->query("", q)->entities.empty());
}

TEST(memory_store, geo_box_filter_drops_candidates_before_the_predicate) {
  auto s = open_store();
  for (int i = 0; i < 10; ++i) {
    std::string id = "urn:ngsi-ld:Vehicle:v" + std::to_string(i);
    ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle, 0.01 * i, 0))).ok());
  }
  entity_query q;
  q.box = geo_box{-1, -1, 1, 1};
  q.box_attribute = kLocation;
  q.count = true;
  std::atomic<int> judged = 0;
  q.predicate = [&judged](json::object const&) {
    ++judged;
    return true;
  };
  q.box_filter = [](geo_box const& b) { return b.min_lon < 0.045; };
  auto r = s->query("", q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->total, 5u);
  EXPECT_EQ(judged.load(), 5);  // the other five were never decoded
  EXPECT_EQ(ids_of(*r), (std::vector<std::string>{"urn:ngsi-ld:Vehicle:v0", "urn:ngsi-ld:Vehicle:v1",
                                                  "urn:ngsi-ld:Vehicle:v2", "urn:ngsi-ld:Vehicle:v3",
                                                  "urn:ngsi-ld:Vehicle:v4"}));
}

TEST(memory_store, geo_results_are_in_id_order_across_id_forms) {
  // Ids with and without the urn:ngsi-ld: prefix, sharing more than 32 bytes
  // after it, and of different lengths: the geo index's order keys must agree
  // with the order of the ids.
  std::vector<std::string> ids = {
      "urn:ngsi-ld:WaterQualityObserved:Tsukuba-000010",
      "urn:ngsi-ld:WaterQualityObserved:Tsukuba-000002",
      "urn:ngsi-ld:WaterQualityObserved:Tsukuba-00001",
      "urn:ngsi-ld:Sensor:s2",
      "urn:ngsi-ld:Sensor:s10",
      "urn:ngsi-ld:",
      "urn:ngsi-ld",
      "urn:ngsi-lc:x",
      "urn:ngsi-le:x",
      "http://example.org/a",
      "urn:x",
      "a",
  };
  auto s = open_store();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(s->modify("", ids[i], put(make_entity(ids[i], kVehicle, 0.001 * i, 0))).ok());
  }
  std::sort(ids.begin(), ids.end());
  for (std::size_t limit : {1u, 3u, 100u}) {
    EXPECT_EQ(ids_in_box_by_pages(*s, geo_box{-1, -1, 1, 1}, limit), ids) << "limit " << limit;
  }
}

TEST(memory_store, geo_queries_merge_points_and_areas_in_id_order_as_they_change) {
  auto s = open_store();
  auto area = [](std::string const& id, double lon) {
    auto e = make_entity(id, kVehicle);
    e[kLocation].as_array()[0].as_object()["value"] = json::object{
        {"type", "Polygon"},
        {"coordinates", json::array{json::array{json::array{lon, 0.0}, json::array{lon + 0.01, 0.0},
                                                json::array{lon + 0.01, 0.01}, json::array{lon, 0.0}}}}};
    return e;
  };
  std::vector<std::string> expected;
  for (int i = 0; i < 60; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "urn:m:%02d", (i * 7) % 60);
    auto e = i % 3 == 0 ? area(id, 0.001 * i) : make_entity(id, kVehicle, 0.001 * i, 0.001);
    ASSERT_TRUE(s->modify("", id, put(std::move(e))).ok());
    expected.push_back(id);
  }
  // Move one Point away, turn one Point into an area, delete one.
  ASSERT_TRUE(s->modify("", "urn:m:07", put(make_entity("urn:m:07", kVehicle, 50, 50))).ok());
  ASSERT_TRUE(s->modify("", "urn:m:14", put(area("urn:m:14", 0.02))).ok());
  ASSERT_TRUE(s->modify("", "urn:m:21", [](json::object const*) -> result<mutation> {
                 return mutation{mutation::kind::erase, {}};
               }).ok());
  std::erase(expected, "urn:m:07");
  std::erase(expected, "urn:m:21");
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids_in_box_by_pages(*s, geo_box{-1, -1, 1, 1}, 9), expected);
  entity_query counted;
  counted.box = geo_box{-1, -1, 1, 1};
  counted.box_attribute = kLocation;
  counted.count = true;
  counted.limit = 0;
  EXPECT_EQ(*s->query("", counted)->total, expected.size());
  entity_query far;
  far.box = geo_box{49, 49, 51, 51};
  far.box_attribute = kLocation;
  EXPECT_EQ(ids_of(*s->query("", far)), std::vector<std::string>{"urn:m:07"});
}

TEST(memory_store, geo_paging_visits_entities_with_several_boxes_once_in_order) {
  auto s = open_store();
  for (int i = 0; i < 120; ++i) {
    char id[32];
    std::snprintf(id, sizeof(id), "urn:g:%03d", (i * 53) % 120);
    auto e = make_entity(id, kVehicle, 0.001 * i, 0.001 * i);
    auto second = e[kLocation].as_array()[0];  // a second instance, so two boxes
    second.as_object()["datasetId"] = "urn:ds:2";
    e[kLocation].as_array().push_back(second);
    ASSERT_TRUE(s->modify("", id, put(std::move(e))).ok());
  }
  auto const seen = ids_in_box_by_pages(*s, geo_box{-1, -1, 1, 1}, 7);
  ASSERT_EQ(seen.size(), 120u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST(memory_store, state_survives_reopen_and_compaction) {
  auto const dir = temp_dir("reopen");
  {
    auto s = open_store(dir);
    for (int i = 0; i < 20; ++i) {
      std::string const id = "urn:e:" + std::to_string(i);
      ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle))).ok());
    }
    ASSERT_TRUE(s->modify("", "urn:e:3", [](json::object const*) -> result<mutation> {
                   return mutation{mutation::kind::erase, {}};
                 }).ok());
    s->put_document("contexts", "http://x/ctx", json::object{{"@context", json::object{}}});
    s->flush();
  }
  {
    auto s = open_store(dir);
    EXPECT_EQ(s->entity_count(""), 19u);
    EXPECT_EQ(s->get("", "urn:e:3"), nullptr);
    EXPECT_TRUE(s->get_document("contexts", "http://x/ctx").has_value());
    ASSERT_TRUE(s->compact().ok());
    ASSERT_TRUE(s->modify("", "urn:e:99", put(make_entity("urn:e:99", kVehicle))).ok());
    s->flush();
  }
  auto s = open_store(dir);
  EXPECT_EQ(s->entity_count(""), 20u);
  EXPECT_NE(s->get("", "urn:e:99"), nullptr);
  EXPECT_EQ(s->documents("contexts").size(), 1u);
  // The indexes loaded from the snapshot's binary records work.
  entity_query by_type;
  by_type.types = {kVehicle};
  by_type.count = true;
  EXPECT_EQ(*s->query("", by_type)->total, 20u);
  entity_query by_box;
  by_box.box = geo_box{-1, -1, 1, 1};
  by_box.box_attribute = kLocation;
  by_box.count = true;
  EXPECT_EQ(*s->query("", by_box)->total, 20u);
  // An entity loaded from the snapshot can be replaced and leaves the box.
  ASSERT_TRUE(s->modify("", "urn:e:5", put(make_entity("urn:e:5", kVehicle, 50, 50))).ok());
  EXPECT_EQ(*s->query("", by_box)->total, 19u);
}

// Entities loaded from a snapshot are read from the file's mapping, not copied:
// they stay readable after a compaction replaces the file, and even after the
// data directory's files are removed (the mapping keeps the pages).
TEST(memory_store, snapshot_entities_outlive_the_file_they_were_loaded_from) {
  auto const dir = temp_dir("mapped");
  {
    auto s = open_store(dir);
    for (int i = 0; i < 50; ++i) {
      std::string const id = "urn:e:" + std::to_string(i);
      ASSERT_TRUE(s->modify("", id, put(make_entity(id, kVehicle, i, i))).ok());
    }
    ASSERT_TRUE(s->compact().ok());  // everything in the snapshot, the log empty
  }
  auto s = open_store(dir);
  ASSERT_TRUE(s->compact().ok());  // the snapshot the entities were loaded from is replaced
  ASSERT_TRUE(s->compact().ok());
  for (auto const& f : std::filesystem::directory_iterator(dir)) std::filesystem::remove(f.path());
  for (int i = 0; i < 50; ++i) {
    std::string const id = "urn:e:" + std::to_string(i);
    auto e = s->get("", id);
    ASSERT_NE(e, nullptr) << id;
    // As stored: the JSON text of the entity put, read back.
    auto const expected = parse_json(dump(json::value(make_entity(id, kVehicle, i, i))));
    ASSERT_TRUE(expected);
    EXPECT_EQ(json::value(*e), *expected) << id;
  }
  entity_query by_type;
  by_type.types = {kVehicle};
  by_type.count = true;
  EXPECT_EQ(*s->query("", by_type)->total, 50u);
  std::filesystem::remove_all(dir);
}

TEST(memory_store, interrupted_compaction_is_finished_on_open) {
  auto const dir = temp_dir("interrupted");
  {
    auto s = open_store(dir);
    ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle))).ok());
    s->flush();
  }
  // Simulate a crash after the log was rotated but before the snapshot landed.
  std::filesystem::rename(dir / "wal.clog", dir / "wal.old.clog");
  auto s = open_store(dir);
  EXPECT_NE(s->get("", "urn:a"), nullptr);
  EXPECT_FALSE(std::filesystem::exists(dir / "wal.old.clog"));
}

}  // namespace
}  // namespace cityos::store
