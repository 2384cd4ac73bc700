// SPDX-License-Identifier: Apache-2.0
#include "store/history/sqlite_history.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "store/history/change_diff.h"
#include "store/history/detail/sqlite_db.h"

namespace cityos::store {
namespace {

constexpr char const* kSpeed = "https://example.org/speed";
constexpr char const* kCar = "https://example.org/Car";

json::object instance(double v, char const* observed, char const* dataset = nullptr) {
  json::object o{{"type", "Property"}, {"value", v}, {"observedAt", observed},
                 {"createdAt", "2024-01-01T00:00:00Z"}, {"modifiedAt", observed}};
  if (dataset) o["datasetId"] = dataset;
  return o;
}

entity_ptr entity(std::vector<json::object> speeds, char const* modified = "2024-01-01T00:00:00Z") {
  json::array a;
  for (auto& s : speeds) a.emplace_back(std::move(s));
  return std::make_shared<json::object const>(json::object{
      {"id", "urn:car:1"}, {"type", json::array{kCar}}, {"createdAt", "2024-01-01T00:00:00Z"},
      {"modifiedAt", modified}, {kSpeed, std::move(a)}});
}

std::unique_ptr<sqlite_history> open_memory() {
  auto h = sqlite_history::open({});
  EXPECT_TRUE(h) << h.err().detail;
  return std::move(*h);
}

void feed(history_store& h, entity_ptr before, entity_ptr after) {
  std::vector<entity_change> c;
  c.push_back({"", "urn:car:1", std::move(before), std::move(after), 1});
  h.enqueue(std::move(c));
  h.wait_for_room();
}

history_query all() {
  history_query q;
  q.ids = {"urn:car:1"};
  return q;
}

std::vector<double> values(history_page const& p) {
  std::vector<double> out;
  if (p.entities.empty() || p.entities[0].attributes.empty()) return out;
  for (auto const& i : p.entities[0].attributes[0].instances) {
    auto const* v = i.body.if_contains("value");
    out.push_back(v && v->is_number() ? v->to_number<double>() : -1);
  }
  return out;
}

// Three readings 10:00, 11:00, 12:00 fed through the change feed.
std::unique_ptr<sqlite_history> with_readings() {
  auto h = open_memory();
  auto e1 = entity({instance(1, "2024-01-01T10:00:00Z")});
  auto e2 = entity({instance(2, "2024-01-01T11:00:00Z")});
  auto e3 = entity({instance(3, "2024-01-01T12:00:00Z")});
  feed(*h, nullptr, e1);
  feed(*h, e1, e2);
  feed(*h, e2, e3);
  feed(*h, e3, e3);  // no change: nothing recorded
  return h;
}

TEST(change_diff, records_changed_instances_and_deletions) {
  auto before = entity({instance(1, "2024-01-01T10:00:00Z"), instance(5, "2024-01-01T10:00:00Z", "urn:ds:a")});
  auto after = entity({instance(2, "2024-01-01T11:00:00Z"), instance(5, "2024-01-01T10:00:00Z", "urn:ds:a")});
  auto r = diff_change({"", "urn:car:1", before, after, 1}, 0);
  ASSERT_EQ(r.instances.size(), 1u);  // the datasetId instance did not change
  EXPECT_EQ(r.instances[0].first, kSpeed);
  auto gone = diff_change({"", "urn:car:1", before, nullptr, 2}, 42);
  ASSERT_EQ(gone.instances.size(), 2u);
  auto const marker = parse_json(gone.instances[0].second.body);
  ASSERT_TRUE(marker && marker->is_object());
  EXPECT_EQ(marker->at("value"), "urn:ngsi-ld:null");
  EXPECT_EQ(r.instances[0].second.number, 2.0);
  EXPECT_FALSE(gone.instances[0].second.number);
  EXPECT_EQ(gone.instances[0].second.deleted_at, 42);
  EXPECT_EQ(gone.entity.deleted_at, 42);
}

// The attributes in a recorded change, in its order; a deletion marker is
// listed as "-name".
std::vector<std::string> recorded(change_record const& r) {
  std::vector<std::string> out;
  for (auto const& [attr, row] : r.instances) {
    std::string name = row.deleted_at ? "-" : "";
    name += attr;
    out.push_back(std::move(name));
  }
  return out;
}

json::object prop(json::value v) {
  return {{"type", "Property"}, {"value", std::move(v)}, {"modifiedAt", "2024-01-01T00:00:00Z"}};
}

entity_ptr with_attributes(std::vector<std::pair<char const*, json::array>> attrs) {
  json::object e{{"id", "urn:car:1"}, {"type", json::array{kCar}}};
  for (auto& [name, instances] : attrs) e[name] = std::move(instances);
  return std::make_shared<json::object const>(std::move(e));
}

// Instances are compared member by member while before and after list them in
// the same order, by key otherwise; attributes are matched by name wherever
// they are in the entity.
TEST(change_diff, matches_instances_in_any_member_order) {
  json::object const compound{{"a", 1}, {"b", json::array{1, json::object{{"c", "x"}}}}};
  json::object nested_changed{{"a", 1}, {"b", json::array{1, json::object{{"c", "y"}}}}};
  auto reversed = [](json::object const& o) {  // the same members, last first
    json::object out;
    for (auto it = o.end(); it != o.begin();) {
      --it;
      out[it->key()] = it->value();
    }
    return out;
  };
  json::object const reordered = reversed(prop(compound));
  ASSERT_NE(reordered.begin()->key(), prop(compound).begin()->key());
  auto with_a = [&](json::value a) {
    return with_attributes({{"https://example.org/f", {prop(5)}},
                            {"https://example.org/a", {prop(std::move(a))}},
                            {"https://example.org/b", {prop(compound)}},
                            {"https://example.org/c", {prop("gone")}},
                            {"https://example.org/d", {prop(4)}},
                            {"https://example.org/e", {prop(compound)}}});
  };
  auto before = with_a(1);
  // f reordered and changed, b reordered (unchanged), c removed, x added in its place, d unchanged but
  // after e, e changed deep inside its value.
  auto after = with_attributes({{"https://example.org/f", {reversed(prop(6))}},
                                {"https://example.org/a", {prop(1)}},
                                {"https://example.org/b", {reordered}},
                                {"https://example.org/x", {prop(7)}},
                                {"https://example.org/e", {prop(nested_changed)}},
                                {"https://example.org/d", {prop(4)}}});
  auto r = diff_change({"", "urn:car:1", before, after, 1}, 0);
  EXPECT_EQ(recorded(r), (std::vector<std::string>{"https://example.org/f", "https://example.org/x",
                                                   "https://example.org/e", "-https://example.org/c"}));
  // An integer and a double of the same number are different JSON values (as
  // json::value's operator== has it), also inside a compound value.
  EXPECT_EQ(recorded(diff_change({"", "urn:car:1", before, with_a(1.0), 2}, 0)),
            std::vector<std::string>{"https://example.org/a"});
  EXPECT_TRUE(diff_change({"", "urn:car:1", before, before, 3}, 0).instances.empty());
}

// Instances of one attribute are matched by datasetId, in any order.
TEST(change_diff, matches_dataset_instances_in_any_order) {
  auto ds = [](char const* id, json::value v) {
    auto o = prop(std::move(v));
    o["datasetId"] = id;
    return o;
  };
  auto before = with_attributes({{kSpeed, {prop(1), ds("urn:ds:a", 2), ds("urn:ds:b", 3)}}});
  auto after = with_attributes({{kSpeed, {ds("urn:ds:b", 3), prop(1), ds("urn:ds:c", 4)}}});
  auto r = diff_change({"", "urn:car:1", before, after, 1}, 0);
  ASSERT_EQ(recorded(r), (std::vector<std::string>{kSpeed, std::string("-") + kSpeed}));
  EXPECT_EQ(r.instances[0].second.dataset_id, "urn:ds:c");
  EXPECT_EQ(r.instances[1].second.dataset_id, "urn:ds:a");
}

// Each instance's times are its own: those equal to the entity's modifiedAt
// and those that differ from it, missing ones taken from modifiedAt.
TEST(change_diff, reads_each_instance_time) {
  auto const ms = [](char const* iso) { return *parse_iso8601(iso); };
  json::object stamped{{"type", "Property"}, {"value", 1}, {"datasetId", "urn:ds:a"},
                       {"observedAt", "2024-01-01T09:00:00Z"}, {"createdAt", "2023-06-01T00:00:00Z"},
                       {"modifiedAt", "2024-01-01T10:00:00Z"}};
  json::object bare{{"type", "Property"}, {"value", 2}, {"modifiedAt", "2024-01-01T10:00:00Z"}};
  json::object older{{"type", "Property"}, {"value", 3}, {"createdAt", "2024-01-01T10:00:00Z"},
                     {"modifiedAt", "2024-01-01T08:00:00Z"}};
  auto after = std::make_shared<json::object const>(json::object{
      {"id", "urn:car:1"}, {"type", json::array{kCar}}, {"modifiedAt", "2024-01-01T10:00:00Z"},
      {"https://example.org/a", json::array{stamped}}, {"https://example.org/b", json::array{bare}},
      {"https://example.org/c", json::array{older}}});
  auto r = diff_change({"", "urn:car:1", nullptr, after, 1}, 0);
  ASSERT_EQ(r.instances.size(), 3u);
  EXPECT_EQ(r.entity.modified_at, ms("2024-01-01T10:00:00Z"));
  auto const& a = r.instances[0].second;
  EXPECT_EQ(a.dataset_id, "urn:ds:a");
  EXPECT_EQ(a.observed_at, ms("2024-01-01T09:00:00Z"));
  EXPECT_EQ(a.created_at, ms("2023-06-01T00:00:00Z"));
  EXPECT_EQ(a.modified_at, ms("2024-01-01T10:00:00Z"));
  auto const& b = r.instances[1].second;
  EXPECT_EQ(b.dataset_id, "");
  EXPECT_EQ(b.observed_at, ms("2024-01-01T10:00:00Z"));
  EXPECT_EQ(b.created_at, ms("2024-01-01T10:00:00Z"));
  auto const& c = r.instances[2].second;
  EXPECT_EQ(c.created_at, ms("2024-01-01T10:00:00Z"));
  EXPECT_EQ(c.modified_at, ms("2024-01-01T08:00:00Z"));
  EXPECT_EQ(c.observed_at, ms("2024-01-01T08:00:00Z"));
  EXPECT_EQ(c.number, 3.0);
  // An entity without modifiedAt: its instances' times are parsed all the same.
  auto unstamped = std::make_shared<json::object const>(json::object{
      {"id", "urn:car:1"}, {"type", json::array{kCar}}, {"https://example.org/a", json::array{stamped}}});
  auto u = diff_change({"", "urn:car:1", nullptr, unstamped, 2}, 77);
  ASSERT_EQ(u.instances.size(), 1u);
  EXPECT_EQ(u.entity.modified_at, 77);
  EXPECT_EQ(u.instances[0].second.modified_at, ms("2024-01-01T10:00:00Z"));
  EXPECT_EQ(u.instances[0].second.created_at, ms("2023-06-01T00:00:00Z"));
}

// A stored string can hold bytes that are not UTF-8 (a device's raw
// UltraLight value never passes a JSON parser); its instance reads back whole.
TEST(sqlite_history, reads_back_instances_with_bytes_that_are_not_utf8) {
  auto h = open_memory();
  json::object raw{{"type", "Property"}, {"value", "caf\xe9"}, {"observedAt", "2024-01-01T10:00:00Z"},
                   {"modifiedAt", "2024-01-01T10:00:00Z"}};
  feed(*h, nullptr, entity({raw}));
  auto p = h->query(all());
  ASSERT_TRUE(p);
  ASSERT_EQ(p->entities.size(), 1u);
  ASSERT_EQ(p->entities[0].attributes.size(), 1u);
  ASSERT_EQ(p->entities[0].attributes[0].instances.size(), 1u);
  auto const* v = p->entities[0].attributes[0].instances[0].body.if_contains("value");
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(*v, "caf\xe9");
}

TEST(sqlite_history, records_the_change_feed) {
  auto h = with_readings();
  auto p = h->query(all());
  ASSERT_TRUE(p);
  ASSERT_EQ(p->entities.size(), 1u);
  EXPECT_EQ(p->entities[0].info.types, std::vector<std::string>{kCar});
  EXPECT_EQ(values(*p), (std::vector<double>{1, 2, 3}));
  EXPECT_TRUE(p->entities[0].attributes[0].instances[0].instance_id.starts_with("urn:ngsi-ld:Instance:"));
}

// enqueue() diffs on the caller's thread: the queued work holds no reference
// to the entities (the store frees them where they were made, not the
// history's writer), and what it recorded is still there after they are gone.
TEST(sqlite_history, keeps_no_reference_to_the_changes_entities) {
  auto h = open_memory();
  std::weak_ptr<json::object const> before_seen, after_seen;
  {
    auto before = entity({instance(1, "2024-01-01T10:00:00Z")});
    auto after = entity({instance(2, "2024-01-01T11:00:00Z")}, "2024-01-01T11:00:00Z");
    before_seen = before;
    after_seen = after;
    std::vector<entity_change> c;
    c.push_back({"", "urn:car:1", nullptr, before, 1});
    c.push_back({"", "urn:car:1", before, after, 2});
    h->enqueue(c);
    EXPECT_EQ(before.use_count(), 3);  // here, and in both changes: none queued
    EXPECT_EQ(after.use_count(), 2);
  }
  EXPECT_TRUE(before_seen.expired());
  EXPECT_TRUE(after_seen.expired());
  h->flush();
  auto p = h->query(all());
  ASSERT_TRUE(p);
  EXPECT_EQ(values(*p), (std::vector<double>{1, 2}));
}

// A writer faster than the history waits instead of queueing without bound;
// everything is still recorded.
TEST(sqlite_history, writers_wait_for_room_while_the_queue_is_full) {
  sqlite_history_options o;
  o.max_queued_changes = 4;
  auto opened = sqlite_history::open(o);
  ASSERT_TRUE(opened);
  auto& h = **opened;
  std::atomic<bool> done = false;
  std::size_t most = 0;
  std::thread watcher([&] {
    while (!done) most = std::max(most, h.queued_changes());
  });
  entity_ptr before;
  for (int i = 0; i < 150; ++i) {
    std::string const t = "2024-01-01T10:00:" + std::string(i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "Z";
    auto after = entity({instance(i, t.c_str())}, t.c_str());
    feed(h, before, after);
    before = after;
  }
  h.flush();
  done = true;
  watcher.join();
  EXPECT_LE(most, 4u);
  EXPECT_EQ(h.queued_changes(), 0u);
  history_query q = all();
  q.last_n = 1000;
  auto p = h.query(q);
  ASSERT_TRUE(p);
  EXPECT_GT(values(*p).size(), 100u);  // one reading per change (same-second repeats may merge)
}

TEST(sqlite_history, filters_by_time_and_last_n) {
  auto h = with_readings();
  auto q = all();
  q.from = *parse_iso8601("2024-01-01T11:00:00Z");  // after: inclusive
  EXPECT_EQ(values(*h->query(q)), (std::vector<double>{2, 3}));
  q.from.reset();
  q.to = *parse_iso8601("2024-01-01T11:00:00Z");  // before: exclusive
  EXPECT_EQ(values(*h->query(q)), (std::vector<double>{1}));
  q.to.reset();
  q.last_n = 2;
  EXPECT_EQ(values(*h->query(q)), (std::vector<double>{2, 3}));
}

TEST(sqlite_history, truncates_beyond_max_instances) {
  auto h = with_readings();
  auto q = all();
  q.max_instances = 2;
  auto p = h->query(q);
  EXPECT_EQ(values(*p), (std::vector<double>{1, 2}));
  EXPECT_TRUE(p->entities[0].attributes[0].truncated);
}

TEST(sqlite_history, aggregates_per_period) {
  auto h = with_readings();
  auto q = all();
  q.aggregation = aggregation_spec{{aggr_method::max, aggr_method::total_count},
                                   *parse_duration("PT2H"), *parse_iso8601("2024-01-01T10:00:00Z")};
  auto p = h->query(q);
  ASSERT_TRUE(p);
  auto const& aggs = p->entities[0].attributes[0].aggregates;
  ASSERT_EQ(aggs.size(), 1u);
  EXPECT_EQ(aggs[0].type, "Property");
  ASSERT_EQ(aggs[0].buckets.size(), 2u);
  EXPECT_DOUBLE_EQ(aggs[0].buckets[0].values[0].as_double(), 2.0);
  EXPECT_EQ(aggs[0].buckets[0].values[1].as_int64(), 2);
  EXPECT_DOUBLE_EQ(aggs[0].buckets[1].values[0].as_double(), 3.0);
}

TEST(sqlite_history, deletes_instances_attributes_and_entities) {
  auto h = with_readings();
  auto first = h->query(all())->entities[0].attributes[0].instances[0].instance_id;
  EXPECT_EQ(h->delete_instance("", "urn:car:1", kSpeed, first).ok(), true);
  EXPECT_EQ(h->delete_instance("", "urn:car:1", kSpeed, first).err().code, error_code::not_found);
  EXPECT_EQ(values(*h->query(all())), (std::vector<double>{2, 3}));
  EXPECT_EQ(h->delete_attribute("", "urn:car:1", kSpeed, "urn:ds:none", false).err().code,
            error_code::not_found);
  EXPECT_TRUE(h->delete_attribute("", "urn:car:1", kSpeed, "", true));
  EXPECT_TRUE(h->query(all())->entities[0].attributes.empty());
  EXPECT_TRUE(h->delete_entity("", "urn:car:1"));
  EXPECT_EQ(h->delete_entity("", "urn:car:1").err().code, error_code::not_found);
  EXPECT_FALSE(h->entity("", "urn:car:1"));
}

TEST(sqlite_history, adds_and_patches_instances) {
  auto h = open_memory();
  auto now = *parse_iso8601("2024-02-01T00:00:00Z");
  std::vector<instance_input> in{{kSpeed, instance(7, "2024-01-05T00:00:00Z")}};
  EXPECT_EQ(h->add_instances("", "urn:car:1", {kCar}, in, false, now).err().code, error_code::not_found);
  EXPECT_EQ(*h->add_instances("", "urn:car:1", {kCar}, in, true, now), true);
  EXPECT_EQ(*h->add_instances("", "urn:car:1", {}, in, true, now), false);
  auto id = h->query(all())->entities[0].attributes[0].instances[0].instance_id;
  EXPECT_TRUE(h->patch_instance("", "urn:car:1", kSpeed, id, json::object{{"value", 9}}, now));
  auto v = values(*h->query(all()));
  std::sort(v.begin(), v.end());
  EXPECT_EQ(v, (std::vector<double>{7, 9}));  // same observedAt: any order
  EXPECT_EQ(h->patch_instance("", "urn:car:1", kSpeed, "urn:ngsi-ld:Instance:999", {}, now).err().code,
            error_code::not_found);
}

TEST(sqlite_history, purges_old_instances) {
  auto h = with_readings();
  EXPECT_EQ(h->purge_before(*parse_iso8601("2024-01-01T11:30:00Z")), 2u);
  EXPECT_EQ(values(*h->query(all())), (std::vector<double>{3}));
}

// A fresh directory for a file-backed history, removed at the end.
struct temp_dir {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("cityos-history-test-" + std::to_string(::getpid()));
  temp_dir() { std::filesystem::remove_all(path); std::filesystem::create_directories(path); }
  ~temp_dir() { std::filesystem::remove_all(path); }
};

// A history file as format 1 wrote it (a series table; instance series point
// at its ids), with two entities.
void write_format_1(std::filesystem::path const& dir) {
  auto db = detail::sqlite_db::open((dir / "history.sqlite").string());
  ASSERT_TRUE(db);
  auto r = (*db)->exec(R"sql(
CREATE TABLE entity(tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, deleted_at INTEGER,
  PRIMARY KEY(tenant, id)) WITHOUT ROWID;
CREATE TABLE series(id INTEGER PRIMARY KEY, tenant TEXT NOT NULL, entity TEXT NOT NULL,
  attr TEXT NOT NULL, UNIQUE(tenant, entity, attr));
CREATE TABLE instance(id INTEGER PRIMARY KEY AUTOINCREMENT, series INTEGER NOT NULL,
  dataset TEXT NOT NULL, obs INTEGER NOT NULL, cre INTEGER NOT NULL, mod INTEGER NOT NULL,
  del INTEGER, num REAL, body TEXT NOT NULL);
CREATE INDEX instance_obs ON instance(series, obs, num, del, dataset);
INSERT INTO entity VALUES('', 'urn:car:1', '["https://example.org/Car"]', 1000, 3000, NULL);
INSERT INTO entity VALUES('', 'urn:car:2', '["https://example.org/Car"]', 1000, 2000, NULL);
INSERT INTO series VALUES(7, '', 'urn:car:2', 'https://example.org/speed');
INSERT INTO series VALUES(9, '', 'urn:car:1', 'https://example.org/speed');
INSERT INTO series VALUES(11, '', 'urn:car:1', 'https://example.org/fuel');
INSERT INTO series VALUES(12, '', 'urn:car:gone', 'https://example.org/speed');
INSERT INTO instance VALUES(40, 9, '', 1000, 1000, 1000, NULL, 10, '{"type":"Property","value":10}');
INSERT INTO instance VALUES(41, 9, '', 3000, 3000, 3000, NULL, 30, '{"type":"Property","value":30}');
INSERT INTO instance VALUES(42, 11, '', 2000, 2000, 2000, NULL, 0.5, '{"type":"Property","value":0.5}');
INSERT INTO instance VALUES(43, 7, '', 2000, 2000, 2000, NULL, 20, '{"type":"Property","value":20}');
INSERT INTO instance VALUES(44, 12, '', 2000, 2000, 2000, NULL, 99, '{"type":"Property","value":99}');
)sql");
  ASSERT_TRUE(r) << r.err().detail;
}

// attribute IRI -> (instance URI, value) of an entity's instances.
using rows = std::map<std::string, std::vector<std::pair<std::string, double>>>;

// The rows of entity `id`.
rows series_of(history_store const& h, std::string const& id) {
  history_query q;
  q.ids = {id};
  rows out;
  auto p = h.query(q);
  EXPECT_TRUE(p);
  if (!p || p->entities.empty()) return out;
  for (auto const& a : p->entities[0].attributes) {
    for (auto const& i : a.instances) {
      out[a.iri].emplace_back(i.instance_id, i.body.at("value").to_number<double>());
    }
  }
  return out;
}

// A format 1 file is migrated at open: every instance stays with its entity
// and attribute under its URI; writes after it number new entities apart.
TEST(sqlite_history, migrates_a_format_1_file) {
  temp_dir dir;
  write_format_1(dir.path);
  {
    auto h = sqlite_history::open({dir.path});
    ASSERT_TRUE(h) << h.err().detail;
    EXPECT_EQ(series_of(**h, "urn:car:1"),
              (rows{{"https://example.org/fuel", {{"urn:ngsi-ld:Instance:42", 0.5}}},
                    {"https://example.org/speed",
                     {{"urn:ngsi-ld:Instance:40", 10}, {"urn:ngsi-ld:Instance:41", 30}}}}));
    EXPECT_EQ(series_of(**h, "urn:car:2"),
              (rows{{"https://example.org/speed", {{"urn:ngsi-ld:Instance:43", 20}}}}));
    EXPECT_EQ((*h)->entity("", "urn:car:1")->modified_at, 3000);
    // A new entity and a new attribute after the migration.
    std::vector<entity_change> c;
    c.push_back({"", "urn:car:3", nullptr, entity({instance(5, "2024-01-01T10:00:00Z")}), 1});
    (*h)->enqueue(std::move(c));
    (*h)->wait_for_room();
    EXPECT_EQ(series_of(**h, "urn:car:3").at(kSpeed).size(), 1u);
    EXPECT_EQ(series_of(**h, "urn:car:2").size(), 1u);
    EXPECT_EQ(series_of(**h, "urn:car:1").size(), 2u);
    EXPECT_TRUE((*h)->delete_entity("", "urn:car:1"));
  }
  auto h = sqlite_history::open({dir.path});  // format 2 now: opens as is
  ASSERT_TRUE(h) << h.err().detail;
  EXPECT_TRUE(series_of(**h, "urn:car:1").empty());
  EXPECT_EQ(series_of(**h, "urn:car:2").size(), 1u);
  EXPECT_EQ(series_of(**h, "urn:car:3").size(), 1u);
  // Entity numbers given before the reopening are not given again.
  std::vector<entity_change> c;
  c.push_back({"", "urn:car:4", nullptr, entity({instance(6, "2024-01-01T11:00:00Z")}), 2});
  (*h)->enqueue(std::move(c));
  (*h)->wait_for_room();
  EXPECT_EQ(series_of(**h, "urn:car:3").at(kSpeed).size(), 1u);
  EXPECT_EQ(series_of(**h, "urn:car:4").at(kSpeed).size(), 1u);
  auto db = detail::sqlite_db::open((dir.path / "history.sqlite").string());
  ASSERT_TRUE(db);
  auto orphan = (*db)->cached("SELECT count(*) FROM instance WHERE id = 44");
  ASSERT_TRUE(orphan);
  auto counted = (*orphan)->step();
  ASSERT_TRUE(counted && *counted);
  EXPECT_EQ((*orphan)->int64(0), 0);  // its entity was gone
}

// A history file as format 2 wrote it (instance ids from AUTOINCREMENT), in
// which the instance with the largest id given, 50, was deleted.
void write_format_2(std::filesystem::path const& dir) {
  auto db = detail::sqlite_db::open((dir / "history.sqlite").string());
  ASSERT_TRUE(db);
  auto r = (*db)->exec(R"sql(
CREATE TABLE entity(tenant TEXT NOT NULL, id TEXT NOT NULL, types TEXT NOT NULL,
  created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL, deleted_at INTEGER,
  key INTEGER NOT NULL, PRIMARY KEY(tenant, id)) WITHOUT ROWID;
CREATE TABLE attr(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES('next_entity_key', 2);
CREATE TABLE instance(id INTEGER PRIMARY KEY AUTOINCREMENT, series INTEGER NOT NULL,
  dataset TEXT NOT NULL, obs INTEGER NOT NULL, cre INTEGER NOT NULL, mod INTEGER NOT NULL,
  del INTEGER, num REAL, body TEXT NOT NULL);
CREATE INDEX instance_obs ON instance(series, obs, num, del, dataset);
INSERT INTO entity VALUES('', 'urn:car:1', '["https://example.org/Car"]', 1000, 3000, NULL, 1);
INSERT INTO attr VALUES(1, 'https://example.org/speed');
INSERT INTO instance VALUES(40, 16777217, '', 1000, 1000, 1000, NULL, 10, '{"type":"Property","value":10}');
INSERT INTO instance VALUES(41, 16777217, '', 3000, 3000, 3000, NULL, 30, '{"type":"Property","value":30}');
INSERT INTO instance VALUES(50, 16777217, '', 4000, 4000, 4000, NULL, 40, '{"type":"Property","value":40}');
DELETE FROM instance WHERE id = 50;
PRAGMA user_version = 2;
)sql");
  ASSERT_TRUE(r) << r.err().detail;
}

// The first column of the first row of `sql`, as a number.
std::int64_t query_count(detail::sqlite_db& db, char const* sql) {
  auto s = db.cached(std::string(sql));
  EXPECT_TRUE(s);
  if (!s) return -1;
  auto row = (*s)->step();
  EXPECT_TRUE(row && *row);
  return row && *row ? (*s)->int64(0) : -1;
}

// The first text column of the first row of `sql` in the history file.
std::string query_text(std::filesystem::path const& dir, char const* sql) {
  auto db = detail::sqlite_db::open((dir / "history.sqlite").string());
  EXPECT_TRUE(db);
  if (!db) return {};
  auto s = (*db)->cached(std::string(sql));
  EXPECT_TRUE(s);
  if (!s) return {};
  auto row = (*s)->step();
  EXPECT_TRUE(row && *row);
  return row && *row ? std::string((*s)->text(0)) : std::string();
}

// One new speed instance of urn:car:1, observed at `at`.
void record_speed(history_store& h, double v, char const* at) {
  std::vector<entity_change> c;
  c.push_back({"", "urn:car:1", nullptr, entity({instance(v, at)}, at), 1});
  h.enqueue(std::move(c));
  h.wait_for_room();
}

// A format 2 file is migrated at open: instances keep their URIs, and new
// ones are numbered above every id given before, also a deleted one's.
TEST(sqlite_history, migrates_a_format_2_file) {
  temp_dir dir;
  write_format_2(dir.path);
  {
    auto h = sqlite_history::open({dir.path});
    ASSERT_TRUE(h) << h.err().detail;
    EXPECT_EQ(series_of(**h, "urn:car:1"),
              (rows{{kSpeed, {{"urn:ngsi-ld:Instance:40", 10}, {"urn:ngsi-ld:Instance:41", 30}}}}));
    record_speed(**h, 50, "2024-01-01T10:00:00Z");
    EXPECT_EQ(series_of(**h, "urn:car:1").at(kSpeed).back().first, "urn:ngsi-ld:Instance:51");
  }
  EXPECT_EQ(query_text(dir.path, "PRAGMA user_version"), "3");
  EXPECT_EQ(query_text(dir.path, "SELECT sql FROM sqlite_master WHERE name = 'instance'")
                .find("AUTOINCREMENT"),
            std::string::npos);
  auto h = sqlite_history::open({dir.path});  // format 3 now: opens as is
  ASSERT_TRUE(h) << h.err().detail;
  record_speed(**h, 60, "2024-01-01T11:00:00Z");
  auto const speeds = series_of(**h, "urn:car:1").at(kSpeed);
  ASSERT_EQ(speeds.size(), 4u);
  EXPECT_EQ(speeds.back(), (std::pair<std::string, double>{"urn:ngsi-ld:Instance:52", 60}));
}

// Instance URIs name one instance for the file's life: the id of a deleted
// instance, even the newest, is not given again, before or after reopening.
TEST(sqlite_history, never_gives_an_instance_id_twice) {
  temp_dir dir;
  auto newest = [](history_store const& h) { return series_of(h, "urn:car:1").at(kSpeed).back().first; };
  std::string deleted;
  {
    auto h = sqlite_history::open({dir.path});
    ASSERT_TRUE(h) << h.err().detail;
    record_speed(**h, 1, "2024-01-01T10:00:00Z");
    record_speed(**h, 2, "2024-01-01T11:00:00Z");
    deleted = newest(**h);
    ASSERT_TRUE((*h)->delete_instance("", "urn:car:1", kSpeed, deleted));
    record_speed(**h, 3, "2024-01-01T12:00:00Z");
    EXPECT_NE(newest(**h), deleted);
    deleted = newest(**h);
    ASSERT_TRUE((*h)->delete_instance("", "urn:car:1", kSpeed, deleted));
  }
  auto h = sqlite_history::open({dir.path});
  ASSERT_TRUE(h) << h.err().detail;
  record_speed(**h, 4, "2024-01-01T13:00:00Z");
  auto const speeds = series_of(**h, "urn:car:1").at(kSpeed);
  ASSERT_EQ(speeds.size(), 2u);
  EXPECT_EQ(speeds[0].second, 1);
  EXPECT_EQ(speeds[1].second, 4);
  EXPECT_NE(speeds[1].first, deleted);
  EXPECT_EQ(speeds[1].first, "urn:ngsi-ld:Instance:4");
}

// An entity of many attributes: its instances go in several multi-row
// inserts (8 rows each); every attribute keeps its own value and gets an id of
// its own, also when a later write changes only some of them.
TEST(sqlite_history, records_every_attribute_of_a_wide_entity) {
  auto h = open_memory();
  constexpr int kAttrs = 19;  // 8 + 8 + 3 rows
  auto wide = [](double base, int changed) {
    json::object e{{"id", "urn:car:1"}, {"type", json::array{kCar}},
                   {"createdAt", "2024-01-01T00:00:00Z"}, {"modifiedAt", "2024-01-01T10:00:00Z"}};
    for (int a = 0; a < kAttrs; ++a) {
      double const v = (a < changed ? base : 100) + a;  // the others as first written
      e["https://example.org/a" + std::to_string(a)] = json::array{instance(v, "2024-01-01T10:00:00Z")};
    }
    return std::make_shared<json::object const>(std::move(e));
  };
  auto const first = wide(100, kAttrs);
  feed(*h, nullptr, first);
  feed(*h, first, wide(200, 10));  // attributes 0..9 change
  h->flush();
  auto const got = series_of(*h, "urn:car:1");
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kAttrs));
  std::set<std::string> ids;
  for (int a = 0; a < kAttrs; ++a) {
    auto const& series = got.at("https://example.org/a" + std::to_string(a));
    std::vector<double> values;
    for (auto const& [id, v] : series) {
      ids.insert(id);
      values.push_back(v);
    }
    if (a < 10) {
      EXPECT_EQ(values, (std::vector<double>{100.0 + a, 200.0 + a})) << "attribute " << a;
    } else {
      EXPECT_EQ(values, (std::vector<double>{100.0 + a})) << "attribute " << a;
    }
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kAttrs + 10));  // no id given twice
}

// SQLite refuses a bind to a statement stepped and not reset; the step after
// it reports that instead of running with the old values.
TEST(sqlite_db, reports_a_bind_to_a_stepped_statement) {
  auto db = detail::sqlite_db::open("");
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->exec("CREATE TABLE t(v INTEGER)"));
  auto s = (*db)->cached("INSERT INTO t(v) VALUES(?1)");
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->bind(1, std::int64_t{1}).run());
  auto again = (*s)->bind(1, std::int64_t{2}).run();
  ASSERT_FALSE(again);
  EXPECT_NE(again.err().detail.find("bound"), std::string::npos) << again.err().detail;
  ASSERT_TRUE((*s)->reset().bind(1, std::int64_t{3}).run());
  EXPECT_EQ(query_count(**db, "SELECT count(*) FROM t WHERE v = 2"), 0);
  EXPECT_EQ(query_count(**db, "SELECT count(*) FROM t WHERE v IN (1, 3)"), 2);
}

// The first connection turns SQLite's memory statistics off (each
// allocation took their global mutex): nothing is counted.
TEST(sqlite_db, keeps_no_memory_statistics) {
  auto db = detail::sqlite_db::open("");
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->exec("CREATE TABLE t(v TEXT); INSERT INTO t VALUES('some text')"));
  EXPECT_EQ(sqlite3_memory_used(), 0);
}

TEST(sqlite_history, refuses_a_file_of_a_newer_format) {
  temp_dir dir;
  {
    auto db = detail::sqlite_db::open((dir.path / "history.sqlite").string());
    ASSERT_TRUE(db);
    ASSERT_TRUE((*db)->exec("PRAGMA user_version = 4"));
  }
  auto h = sqlite_history::open({dir.path});
  ASSERT_FALSE(h);
  EXPECT_NE(h.err().detail.find("format 4"), std::string::npos) << h.err().detail;
}

// Entities get numbers apart: deleting one leaves its neighbours' series,
// and one recreated under the same id starts empty.
TEST(sqlite_history, deleting_an_entity_leaves_the_others) {
  auto h = open_memory();
  auto one = [](char const* id, double v) {
    std::vector<entity_change> c;
    json::object e{{"id", id}, {"type", json::array{kCar}}, {"modifiedAt", "2024-01-01T10:00:00Z"},
                   {kSpeed, json::array{instance(v, "2024-01-01T10:00:00Z")}}};
    c.push_back({"", id, nullptr, std::make_shared<json::object const>(std::move(e)), 1});
    return c;
  };
  for (auto [id, v] : {std::pair{"urn:car:1", 1.0}, {"urn:car:2", 2.0}, {"urn:car:3", 3.0}}) {
    h->enqueue(one(id, v));
  }
  h->wait_for_room();
  ASSERT_TRUE(h->delete_entity("", "urn:car:2"));
  EXPECT_EQ(series_of(*h, "urn:car:1").at(kSpeed).size(), 1u);
  EXPECT_EQ(series_of(*h, "urn:car:3").at(kSpeed).size(), 1u);
  EXPECT_TRUE(series_of(*h, "urn:car:2").empty());
  h->enqueue(one("urn:car:2", 4.0));
  h->wait_for_room();
  ASSERT_EQ(series_of(*h, "urn:car:2").at(kSpeed).size(), 1u);
  EXPECT_EQ(series_of(*h, "urn:car:2").at(kSpeed)[0].second, 4.0);
}

TEST(sqlite_history, survives_reopening_the_data_dir) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cityos-history-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto h = sqlite_history::open({dir});
    ASSERT_TRUE(h);
    feed(**h, nullptr, entity({instance(1, "2024-01-01T10:00:00Z")}));
  }
  {
    auto h = sqlite_history::open({dir});
    ASSERT_TRUE(h);
    EXPECT_EQ(values(*(*h)->query(all())), (std::vector<double>{1}));
  }
  std::filesystem::remove_all(dir);
}

// The WAL is checkpointed by the checkpoint thread, and what was written
// reads back whole, also after reopening.
TEST(sqlite_history, checkpoints_its_wal_in_the_background) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cityos-history-ckpt-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::vector<double> expected;
  {
    sqlite_history_options o{dir};
    o.checkpoint_pages = 4;
    auto h = sqlite_history::open(o);
    ASSERT_TRUE(h);
    entity_ptr before;
    for (int i = 0; i < 400; ++i) {
      char at[32];
      std::snprintf(at, sizeof at, "2024-01-01T%02d:%02d:00Z", i / 60, i % 60);
      auto after = entity({instance(i, at)});
      feed(**h, before, after);
      before = after;
      expected.push_back(i);
      if (i % 50 == 49) (*h)->flush();  // several transactions, each growing the WAL
    }
    (*h)->flush();
    for (int i = 0; i < 500 && (*h)->checkpoints() == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_GT((*h)->checkpoints(), 0u);
    EXPECT_EQ(values(*(*h)->query(all())), expected);
  }
  {
    auto h = sqlite_history::open({dir});
    ASSERT_TRUE(h);
    EXPECT_EQ(values(*(*h)->query(all())), expected);
  }
  EXPECT_EQ(open_memory()->checkpoints(), 0u);
  std::filesystem::remove_all(dir);
}

// An entity made again after its deletion stays one temporal entity, with
// its first createdAt, whether the writer remembers it or (after a reopen)
// finds its row on inserting.
TEST(sqlite_history, an_entity_made_again_keeps_its_temporal_entity) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cityos-history-again-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto const first = entity({instance(1, "2024-01-01T10:00:00Z")});
  auto again = [](double v, char const* at) {
    auto e = *entity({instance(v, at)}, at);
    e["createdAt"] = at;
    return std::make_shared<json::object const>(std::move(e));
  };
  auto check = [&](history_store& h, std::vector<double> const& expected) {
    auto p = h.query(all());
    ASSERT_TRUE(p);
    ASSERT_EQ(p->entities.size(), 1u);
    EXPECT_EQ(p->entities[0].info.created_at, 1704067200000);  // 2024-01-01T00:00:00Z
    EXPECT_FALSE(p->entities[0].info.deleted_at.has_value());
    auto const v = values(*p);
    ASSERT_FALSE(v.empty());
    EXPECT_EQ(std::count(v.begin(), v.end(), -1), static_cast<std::ptrdiff_t>(v.size() - expected.size()));
    std::vector<double> kept;
    std::copy_if(v.begin(), v.end(), std::back_inserter(kept), [](double x) { return x != -1; });
    EXPECT_EQ(kept, expected);
  };
  {
    auto h = sqlite_history::open({dir});
    ASSERT_TRUE(h);
    feed(**h, nullptr, first);
    feed(**h, first, nullptr);
    auto const second = again(2, "2024-01-02T10:00:00Z");
    feed(**h, nullptr, second);  // the writer knows the row
    check(**h, {1, 2});
    feed(**h, second, nullptr);
  }
  {
    auto h = sqlite_history::open({dir});  // the writer knows no row
    ASSERT_TRUE(h);
    feed(**h, nullptr, again(3, "2024-01-03T10:00:00Z"));
    check(**h, {1, 2, 3});
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cityos::store
