// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/entity_ops.h"

#include <gtest/gtest.h>

#include "ngsild/entity/entity_input.h"
#include "test_util.h"

namespace cityos::ngsild {
namespace {

using test::kLater;
using test::kNow;
using test::obj;

class entity_ops : public ::testing::Test {
 protected:
  std::shared_ptr<context const> ctx_ = test::suite_context();
  json::object entity_;
  std::string const speed_ = test::suite("speed");
  std::string const name_ = test::suite("name");
  std::string const brand_ = test::suite("brandName");

  void SetUp() override {
    auto r = expand_entity(obj(R"({"id":"urn:ngsi-ld:Vehicle:1","type":"Vehicle",
        "speed":[{"value":10,"source":{"value":"radar"}},{"value":11,"datasetId":"urn:d:1"}],
        "name":{"value":"car"}})"), *ctx_);
    ASSERT_TRUE(r.ok()) << r.err().detail;
    entity_ = make_created(std::move(*r), kNow);
  }
  json::object fragment(std::string_view text, bool merge = false) {
    input_options o;
    o.merge = merge;
    auto r = expand_fragment(obj(text), *ctx_, o);
    EXPECT_TRUE(r.ok()) << text << (r.ok() ? "" : r.err().detail);
    return r.ok() ? *r : json::object{};
  }
  json::object attribute(std::string_view name, std::string_view text, bool partial = false) {
    input_options o;
    o.partial = partial;
    auto r = expand_attribute(name, json::value(obj(text)), *ctx_, o);
    EXPECT_TRUE(r.ok()) << text;
    return r.ok() ? *r : json::object{};
  }
  static json::object const& inst(json::object const& e, std::string const& iri, std::size_t i = 0) {
    return e.at(iri).as_array()[i].as_object();
  }
};

TEST_F(entity_ops, make_created_stamps_everything) {
  EXPECT_EQ(entity_.at("createdAt"), json::value(kNow));
  EXPECT_EQ(entity_.at("modifiedAt"), json::value(kNow));
  EXPECT_EQ(inst(entity_, speed_).at("createdAt"), json::value(kNow));
  EXPECT_EQ(inst(entity_, speed_, 1).at("modifiedAt"), json::value(kNow));
  EXPECT_EQ(inst(entity_, speed_).at(test::suite("source")).at("createdAt"), json::value(kNow));
}

TEST_F(entity_ops, append_adds_and_overwrites_keeping_created_at) {
  auto r = append_attributes(entity_, fragment(R"({"speed":{"value":99},"brandName":"BMW"})"),
                             kLater, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->updated, (std::vector<std::string>{speed_, brand_}));
  EXPECT_TRUE(r->not_updated.empty());
  auto const& speed = inst(r->entity, speed_);
  EXPECT_EQ(speed.at("value"), 99);
  EXPECT_EQ(speed.at("createdAt"), json::value(kNow));
  EXPECT_EQ(speed.at("modifiedAt"), json::value(kLater));
  EXPECT_FALSE(speed.contains(test::suite("source")));  // replaced, not merged
  EXPECT_EQ(inst(r->entity, speed_, 1).at("modifiedAt"), json::value(kNow));  // other dataset untouched
  EXPECT_EQ(inst(r->entity, brand_).at("createdAt"), json::value(kLater));
  EXPECT_EQ(r->entity.at("createdAt"), json::value(kNow));
  EXPECT_EQ(r->entity.at("modifiedAt"), json::value(kLater));
  EXPECT_EQ(inst(entity_, speed_).at("value"), 10);  // input untouched
}

TEST_F(entity_ops, append_no_overwrite_reports_existing) {
  auto r = append_attributes(
      entity_, fragment(R"({"speed":{"value":99},"brandName":"BMW","type":"Car"})"), kLater, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->updated, std::vector<std::string>{brand_});
  ASSERT_EQ(r->not_updated.size(), 1u);
  EXPECT_EQ(r->not_updated[0].name, speed_);
  EXPECT_EQ(inst(r->entity, speed_).at("value"), 10);
  EXPECT_EQ(r->entity.at("type").as_array().size(), 2u);
}

TEST_F(entity_ops, append_new_dataset_instance_and_id_mismatch) {
  auto r = append_attributes(entity_, fragment(R"({"speed":{"value":5,"datasetId":"urn:d:2"}})"),
                             kLater, true);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->entity.at(speed_).as_array().size(), 3u);
  auto bad = append_attributes(entity_, fragment(R"({"id":"urn:other:1","speed":1})"), kLater, false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.err().code, error_code::bad_request);
}

TEST_F(entity_ops, update_replaces_only_existing) {
  auto r = update_attributes(
      entity_, fragment(R"({"speed":[{"value":1,"datasetId":"urn:d:1"},{"value":2,"datasetId":"urn:d:9"}],
                            "brandName":"BMW"})"), kLater);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->updated, std::vector<std::string>{speed_});
  ASSERT_EQ(r->not_updated.size(), 2u);
  EXPECT_EQ(r->not_updated[1].name, brand_);
  EXPECT_EQ(r->not_updated[1].reason, "attribute does not exist");
  EXPECT_NE(r->not_updated[0].reason.find("urn:d:9"), std::string::npos);
  EXPECT_EQ(inst(r->entity, speed_, 1).at("value"), 1);
  EXPECT_EQ(r->entity.at(speed_).as_array().size(), 2u);
  EXPECT_FALSE(r->entity.contains(brand_));

  auto nothing = update_attributes(entity_, fragment(R"({"brandName":"BMW"})"), kLater);
  ASSERT_TRUE(nothing.ok());
  EXPECT_TRUE(nothing->updated.empty());
  EXPECT_EQ(nothing->entity.at("modifiedAt"), json::value(kNow));
}

TEST_F(entity_ops, merge_merges_deletes_and_adds) {
  auto r = merge_entity(
      entity_, fragment(R"({"speed":{"value":20,"unitCode":"KMH","source":{"value":"gps"}},
                            "name":"urn:ngsi-ld:null","brandName":"BMW","scope":"/a",
                            "type":"Car"})", true), kLater);
  ASSERT_TRUE(r.ok());
  auto const& speed = inst(*r, speed_);
  EXPECT_EQ(speed.at("value"), 20);
  EXPECT_EQ(speed.at("unitCode"), "KMH");
  EXPECT_EQ(speed.at("createdAt"), json::value(kNow));
  EXPECT_EQ(speed.at("modifiedAt"), json::value(kLater));
  auto const& source = speed.at(test::suite("source")).as_object();
  EXPECT_EQ(source.at("value"), "gps");
  EXPECT_EQ(source.at("createdAt"), json::value(kNow));
  EXPECT_FALSE(r->contains(name_));
  EXPECT_EQ(inst(*r, brand_).at("createdAt"), json::value(kLater));
  EXPECT_EQ(r->at("scope"), json::array{"/a"});
  EXPECT_EQ(r->at("type").as_array().size(), 2u);
  EXPECT_EQ(r->at("modifiedAt"), json::value(kLater));
}

TEST_F(entity_ops, merge_deletes_one_instance_and_sub_attribute) {
  auto r = merge_entity(entity_, fragment(R"({"speed":[{"value":null,"datasetId":"urn:d:1"},
                                              {"value":12,"source":null}]})", true), kLater);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->at(speed_).as_array().size(), 1u);
  EXPECT_EQ(inst(*r, speed_).at("value"), 12);
  EXPECT_FALSE(inst(*r, speed_).contains(test::suite("source")));
  auto scope_null = merge_entity(*r, fragment(R"({"scope":"urn:ngsi-ld:null"})", true), kLater);
  ASSERT_TRUE(scope_null.ok());
  EXPECT_FALSE(scope_null->contains("scope"));
}

TEST_F(entity_ops, ngsild_null_deletes_in_update_and_patch) {
  auto r = update_attributes(
      entity_, fragment(R"({"speed":{"value":"urn:ngsi-ld:null","datasetId":"urn:d:1"}})", true),
      kLater);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->updated, std::vector<std::string>{speed_});
  EXPECT_EQ(r->entity.at(speed_).as_array().size(), 1u);

  input_options merge;
  merge.merge = true;
  auto lang_null = expand_attribute(
      "name", json::value(obj(R"({"type":"LanguageProperty","languageMap":{"@none":"urn:ngsi-ld:null"}})")),
      *ctx_, merge);
  ASSERT_TRUE(lang_null.ok());
  auto p = patch_attribute(entity_, *lang_null, kLater);
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->contains(name_));
  EXPECT_FALSE(expand_attribute("name",
      json::value(obj(R"({"type":"LanguageProperty","languageMap":{"@none":"urn:ngsi-ld:null"}})")),
      *ctx_).ok());
}

TEST_F(entity_ops, replace_keeps_created_at_only) {
  auto fresh = expand_entity(obj(R"({"id":"urn:ngsi-ld:Vehicle:1","type":"Car","brandName":"X"})"), *ctx_);
  ASSERT_TRUE(fresh.ok());
  auto r = replace_entity(entity_, *fresh, kLater);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("createdAt"), json::value(kNow));
  EXPECT_EQ(r->at("modifiedAt"), json::value(kLater));
  EXPECT_FALSE(r->contains(speed_));
  EXPECT_EQ(inst(*r, brand_).at("createdAt"), json::value(kLater));
  auto other = expand_entity(obj(R"({"id":"urn:ngsi-ld:Vehicle:2","type":"Car"})"), *ctx_);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(replace_entity(entity_, *other, kLater).ok());
}

TEST_F(entity_ops, patch_attribute_merges_members) {
  auto r = patch_attribute(entity_, attribute("speed", R"({"observedAt":"2024-01-01T00:00:00Z"})", true),
                           kLater);
  ASSERT_TRUE(r.ok());
  auto const& speed = inst(*r, speed_);
  EXPECT_EQ(speed.at("value"), 10);
  EXPECT_EQ(speed.at("observedAt"), "2024-01-01T00:00:00Z");
  EXPECT_TRUE(speed.contains(test::suite("source")));
  EXPECT_EQ(speed.at("modifiedAt"), json::value(kLater));
  auto ds = patch_attribute(entity_, attribute("speed", R"({"value":3,"datasetId":"urn:d:1"})"), kLater);
  ASSERT_TRUE(ds.ok());
  EXPECT_EQ(inst(*ds, speed_, 1).at("value"), 3);
  auto missing = patch_attribute(entity_, attribute("brandName", R"({"value":3})"), kLater);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
  auto missing_ds =
      patch_attribute(entity_, attribute("speed", R"({"value":3,"datasetId":"urn:d:7"})"), kLater);
  ASSERT_FALSE(missing_ds.ok());
  EXPECT_EQ(missing_ds.err().code, error_code::not_found);
  auto retype = patch_attribute(entity_, attribute("speed", R"({"object":"urn:x:1"})"), kLater);
  ASSERT_FALSE(retype.ok());
  EXPECT_EQ(retype.err().code, error_code::bad_request);
}

TEST_F(entity_ops, replace_attribute_replaces_instance) {
  auto r = replace_attribute(entity_, attribute("speed", R"({"object":"urn:x:1"})"), kLater);
  ASSERT_TRUE(r.ok());
  auto const& speed = inst(*r, speed_);
  EXPECT_EQ(speed.at("type"), "Relationship");
  EXPECT_FALSE(speed.contains("value"));
  EXPECT_EQ(speed.at("createdAt"), json::value(kNow));
  EXPECT_EQ(speed.at("modifiedAt"), json::value(kLater));
  auto missing = replace_attribute(entity_, attribute("brandName", R"({"value":3})"), kLater);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.err().code, error_code::not_found);
}

TEST_F(entity_ops, delete_attribute_variants) {
  auto def = delete_attribute(entity_, speed_, std::nullopt, false, kLater);
  ASSERT_TRUE(def.ok());
  ASSERT_EQ(def->at(speed_).as_array().size(), 1u);
  EXPECT_EQ(inst(*def, speed_).at("datasetId"), "urn:d:1");
  EXPECT_EQ(def->at("modifiedAt"), json::value(kLater));

  auto ds = delete_attribute(entity_, speed_, "urn:d:1", false, kLater);
  ASSERT_TRUE(ds.ok());
  EXPECT_FALSE(inst(*ds, speed_).contains("datasetId"));

  auto all = delete_attribute(entity_, speed_, std::nullopt, true, kLater);
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->contains(speed_));

  auto last = delete_attribute(entity_, name_, std::nullopt, false, kLater);
  ASSERT_TRUE(last.ok());
  EXPECT_FALSE(last->contains(name_));

  EXPECT_EQ(delete_attribute(entity_, brand_, std::nullopt, false, kLater).err().code,
            error_code::not_found);
  EXPECT_EQ(delete_attribute(entity_, speed_, "urn:d:9", false, kLater).err().code,
            error_code::not_found);
  EXPECT_EQ(delete_attribute(entity_, "createdAt", std::nullopt, true, kLater).err().code,
            error_code::not_found);
}

TEST_F(entity_ops, upsert_modes) {
  auto incoming = expand_entity(obj(R"({"id":"urn:ngsi-ld:Vehicle:1","type":"Vehicle","brandName":"X"})"),
                                *ctx_);
  ASSERT_TRUE(incoming.ok());
  auto created = upsert_entity(nullptr, *incoming, upsert_mode::replace, kLater);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created->at("createdAt"), json::value(kLater));

  auto replaced = upsert_entity(&entity_, *incoming, upsert_mode::replace, kLater);
  ASSERT_TRUE(replaced.ok());
  EXPECT_FALSE(replaced->contains(speed_));
  EXPECT_EQ(replaced->at("createdAt"), json::value(kNow));

  auto updated = upsert_entity(&entity_, *incoming, upsert_mode::update, kLater);
  ASSERT_TRUE(updated.ok());
  EXPECT_TRUE(updated->contains(speed_));
  EXPECT_TRUE(updated->contains(brand_));
  EXPECT_EQ(updated->at("type").as_array().size(), 1u);
}

}  // namespace
}  // namespace cityos::ngsild
