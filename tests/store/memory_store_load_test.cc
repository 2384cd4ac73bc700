// SPDX-License-Identifier: Apache-2.0
// Loading the embedded store: the snapshot and the logs are replayed, and each
// entity is found under the type and at the place its last record gives.
#include "store/memory/memory_store.h"

#include "store/memory/entity_codec.h"
#include "store/memory/log_record.h"
#include "memory_store_fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace cityos::store {
namespace {

using test_support::ids_of;
using test_support::kLocation;
using test_support::kVehicle;
using test_support::make_entity;
using test_support::open_store;
using test_support::put;
using test_support::temp_dir;

constexpr char const* kBus = "https://uri.etsi.org/ngsi-ld/default-context/Bus";

// The ids of the entities of `type` (in id order), and the sorted ids of those
// located in `box`.
std::vector<std::string> ids_of_type(memory_store const& s, char const* type) {
  entity_query q;
  q.types = {type};
  auto r = s.query("", q);
  EXPECT_TRUE(r.ok());
  return r.ok() ? ids_of(*r) : std::vector<std::string>{};
}

std::vector<std::string> ids_in(memory_store const& s, geo_box const& box) {
  entity_query q;
  q.box = box;
  q.box_attribute = kLocation;
  auto r = s.query("", q);
  EXPECT_TRUE(r.ok());
  auto ids = r.ok() ? ids_of(*r) : std::vector<std::string>{};
  std::sort(ids.begin(), ids.end());
  return ids;
}

// The geo index is built once at the end of loading, from the snapshot's
// boxes and the log's writes together: entities that the log moves, moves
// back, deletes or deletes and re-creates are found where they are last.
TEST(memory_store, reopen_indexes_the_last_location_of_each_entity) {
  auto const dir = temp_dir("relocate");
  auto erase = [](json::object const*) -> result<mutation> { return mutation{mutation::kind::erase, {}}; };
  auto at = [](std::string const& id, double lon) { return put(make_entity(id, kVehicle, lon, 0)); };
  {
    auto s = open_store(dir);
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(s->modify("", "urn:s:" + std::to_string(i), at("urn:s:" + std::to_string(i), 0)).ok());
    ASSERT_TRUE(s->compact().ok());  // urn:s:* in the snapshot; what follows only in the log
    ASSERT_TRUE(s->modify("", "urn:s:0", at("urn:s:0", 50)).ok());    // moved out
    ASSERT_TRUE(s->modify("", "urn:s:1", at("urn:s:1", 50)).ok());    // moved out and back
    ASSERT_TRUE(s->modify("", "urn:s:1", at("urn:s:1", 0)).ok());
    ASSERT_TRUE(s->modify("", "urn:s:2", erase).ok());                // deleted
    ASSERT_TRUE(s->modify("", "urn:l:0", at("urn:l:0", 0)).ok());     // logged, then moved out
    ASSERT_TRUE(s->modify("", "urn:l:0", at("urn:l:0", 50)).ok());
    ASSERT_TRUE(s->modify("", "urn:l:1", at("urn:l:1", 0)).ok());     // logged, deleted, re-created
    ASSERT_TRUE(s->modify("", "urn:l:1", erase).ok());
    ASSERT_TRUE(s->modify("", "urn:l:1", at("urn:l:1", 0)).ok());
    ASSERT_TRUE(s->modify("", "urn:l:2", at("urn:l:2", 0)).ok());     // logged, deleted
    ASSERT_TRUE(s->modify("", "urn:l:2", erase).ok());
    s->flush();
  }
  auto s = open_store(dir);
  entity_query near_origin;
  near_origin.box = geo_box{-1, -1, 1, 1};
  near_origin.box_attribute = kLocation;
  auto r = s->query("", near_origin);
  ASSERT_TRUE(r.ok());
  auto ids = ids_of(*r);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"urn:l:1", "urn:s:1", "urn:s:3", "urn:s:4", "urn:s:5"}));
  entity_query far;
  far.box = geo_box{49, -1, 51, 1};
  far.box_attribute = kLocation;
  auto f = s->query("", far);
  ASSERT_TRUE(f.ok());
  auto far_ids = ids_of(*f);
  std::sort(far_ids.begin(), far_ids.end());
  EXPECT_EQ(far_ids, (std::vector<std::string>{"urn:l:0", "urn:s:0"}));
  // After loading, writes go to the trees again.
  ASSERT_TRUE(s->modify("", "urn:s:3", at("urn:s:3", 50)).ok());
  EXPECT_EQ(ids_of(*s->query("", far)).size(), 3u);
}

// The log records a put as the stored form with its index keys: a replay puts
// back the entity, its type and its location, also over a snapshot's entity.
TEST(memory_store, reopen_indexes_the_last_type_of_each_entity) {
  auto const dir = temp_dir("retype");
  {
    auto s = open_store(dir);
    ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kVehicle))).ok());
    ASSERT_TRUE(s->compact().ok());
    ASSERT_TRUE(s->modify("", "urn:a", put(make_entity("urn:a", kBus, 3, 4))).ok());  // over the snapshot
    ASSERT_TRUE(s->modify("", "urn:b", put(make_entity("urn:b", kBus))).ok());        // logged twice
    ASSERT_TRUE(s->modify("", "urn:b", put(make_entity("urn:b", kVehicle))).ok());
    s->flush();
  }
  auto s = open_store(dir);
  auto count = [&](char const* type) {
    entity_query q;
    q.types = {type};
    return ids_of(*s->query("", q));
  };
  EXPECT_EQ(count(kBus), (std::vector<std::string>{"urn:a"}));
  EXPECT_EQ(count(kVehicle), (std::vector<std::string>{"urn:b"}));
  auto a = s->get("", "urn:a");
  ASSERT_NE(a, nullptr);
  auto const expected = parse_json(dump(json::value(make_entity("urn:a", kBus, 3, 4))));
  EXPECT_EQ(json::value(*a), *expected);
  entity_query box;
  box.box = geo_box{2, 3, 4, 5};
  box.box_attribute = kLocation;
  EXPECT_EQ(ids_of(*s->query("", box)), (std::vector<std::string>{"urn:a"}));
}

// Logs written before the binary put records hold JSON ones: still read.
TEST(memory_store, logs_with_json_put_records_are_still_read) {
  auto const dir = temp_dir("json-log");
  std::filesystem::create_directories(dir);
  {
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal.clog", {}).ok());
    for (char const* id : {"urn:j:1", "urn:j:2"}) {
      log.append([id](std::string& out) {
        write_entity_record(out, "", id, dump(json::value(make_entity(id, kVehicle))));
      });
    }
    log.append([](std::string& out) { write_entity_record(out, "", "urn:j:2", std::nullopt); });
    log.flush();
  }
  auto s = open_store(dir);
  EXPECT_EQ(s->entity_count(""), 1u);
  EXPECT_NE(s->get("", "urn:j:1"), nullptr);
  EXPECT_EQ(s->get("", "urn:j:2"), nullptr);
}

// A log may hold both record forms (JSON records from before the binary ones,
// binary ones after an upgrade), also for one entity: whatever the order, each
// entity ends up indexed once, under its last record's type and location.
TEST(memory_store, reopen_applies_json_and_binary_records_of_one_entity_in_order) {
  auto const dir = temp_dir("mixed-log");
  std::filesystem::create_directories(dir);
  {
    entity_encoder encoder;
    commit_log log;
    ASSERT_TRUE(log.open(dir / "wal.clog", {}).ok());
    auto binary = [&](char const* id, char const* type, double lon) {
      std::string const blob = encoder.encode(dump(json::value(make_entity(id, type, lon, 0))));
      log.append([=](std::string& out) {
        write_snapshot_record(out, "", id, {type}, {{kLocation, geo_box{lon, 0, lon, 0}}}, blob);
      });
    };
    auto json_put = [&](char const* id, char const* type, double lon) {
      std::string const text = dump(json::value(make_entity(id, type, lon, 0)));
      log.append([=](std::string& out) { write_entity_record(out, "", id, text); });
    };
    auto json_delete = [&](char const* id) {
      log.append([=](std::string& out) { write_entity_record(out, "", id, std::nullopt); });
    };
    binary("urn:m:1", kVehicle, 0);  // binary, JSON, binary again
    json_put("urn:m:1", kBus, 50);
    binary("urn:m:1", kVehicle, 0);
    binary("urn:m:2", kVehicle, 0);  // binary, then deleted
    json_delete("urn:m:2");
    json_put("urn:m:3", kBus, 50);   // JSON, then deleted
    json_delete("urn:m:3");
    json_put("urn:m:4", kBus, 50);   // JSON, then binary
    binary("urn:m:4", kVehicle, 0);
    binary("urn:m:5", kBus, 50);     // binary, then JSON
    json_put("urn:m:5", kVehicle, 0);
    binary("urn:m:6", kBus, 50);     // binary twice
    binary("urn:m:6", kVehicle, 0);
    // An area (an R-tree entry, not a grid point), binary then the same by JSON.
    json::object area = make_entity("urn:m:7", kVehicle);
    area[kLocation].as_array()[0].as_object()["value"] = json::object{
        {"type", "Polygon"},
        {"coordinates", json::array{json::array{json::array{-0.5, -0.5}, json::array{0.5, -0.5},
                                                json::array{0.5, 0.5}, json::array{-0.5, -0.5}}}}};
    std::string const area_text = dump(json::value(area));
    std::string const area_blob = encoder.encode(area_text);
    log.append([&](std::string& out) {
      write_snapshot_record(out, "", "urn:m:7", {kVehicle}, {{kLocation, geo_box{-0.5, -0.5, 0.5, 0.5}}},
                            area_blob);
    });
    log.append([&](std::string& out) { write_entity_record(out, "", "urn:m:7", area_text); });
    log.flush();
  }
  auto s = open_store(dir);
  std::vector<std::string> const expected{"urn:m:1", "urn:m:4", "urn:m:5", "urn:m:6", "urn:m:7"};
  EXPECT_EQ(s->entity_count(""), expected.size());
  EXPECT_EQ(ids_of_type(*s, kVehicle), expected);
  EXPECT_TRUE(ids_of_type(*s, kBus).empty());
  EXPECT_EQ(ids_in(*s, geo_box{-1, -1, 1, 1}), expected);
  EXPECT_TRUE(ids_in(*s, geo_box{49, -1, 51, 1}).empty());
  for (auto const& id : expected) {
    auto e = s->get("", id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(types_of(*e), std::vector<std::string>{kVehicle}) << id;
  }
  EXPECT_EQ(s->get("", "urn:m:2"), nullptr);
  EXPECT_EQ(s->get("", "urn:m:3"), nullptr);
  // Writes after loading keep the indexes right.
  ASSERT_TRUE(s->modify("", "urn:m:6", put(make_entity("urn:m:6", kBus, 50))).ok());
  EXPECT_EQ(ids_of_type(*s, kBus), std::vector<std::string>{"urn:m:6"});
  EXPECT_EQ(ids_in(*s, geo_box{49, -1, 51, 1}), std::vector<std::string>{"urn:m:6"});
  std::filesystem::remove_all(dir);
}

// A compaction is due once the log is past the minimum and the snapshot's
// size, so that a start-up never replays much more than twice the snapshot.
TEST(memory_store, compacts_once_the_log_outgrows_the_snapshot) {
  constexpr std::uint64_t kMin = 64ull << 20;
  EXPECT_FALSE(compaction_due(kMin, 0, kMin));           // at the minimum
  EXPECT_TRUE(compaction_due(kMin + 1, 0, kMin));        // past it, no snapshot yet
  EXPECT_FALSE(compaction_due(kMin + 1, 2 * kMin, kMin));
  EXPECT_FALSE(compaction_due(2 * kMin, 2 * kMin, kMin));  // as large as the snapshot
  EXPECT_TRUE(compaction_due(2 * kMin + 1, 2 * kMin, kMin));
  EXPECT_FALSE(compaction_due(1000, 10, kMin));          // a small store never compacts
}

}  // namespace
}  // namespace cityos::store
