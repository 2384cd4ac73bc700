// SPDX-License-Identifier: Apache-2.0
#include "iot/provisioning.h"

#include <gtest/gtest.h>

namespace cityos::iot {
namespace {

json::value parse(std::string_view s) {
  auto v = parse_json(s);
  EXPECT_TRUE(v) << v.err().detail;
  return v ? *v : json::value();
}

TEST(provisioning, scope_from_headers) {
  std::string const service = "SmartCity", path = "/parks/north";
  auto s = make_scope(&service, &path, false);
  ASSERT_TRUE(s) << s.err().detail;
  EXPECT_EQ(s->service, "smartcity");
  EXPECT_EQ(s->service_path, "/parks/north");
  auto none = make_scope(nullptr, nullptr, false);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->service, "");
  EXPECT_EQ(none->service_path, "/");
  std::string const all = "/*";
  EXPECT_FALSE(make_scope(nullptr, &all, false));
  EXPECT_EQ(make_scope(nullptr, &all, true)->service_path, "/#");
  for (std::string bad : std::vector<std::string>{"a b", "", std::string(65, 'a'), "x/y"}) EXPECT_FALSE(make_scope(&bad, nullptr, false)) << bad;
  for (std::string bad : std::vector<std::string>{"parks", "/a//b", "/a/", "/a b"}) EXPECT_FALSE(make_scope(nullptr, &bad, false)) << bad;
}

TEST(provisioning, service_group_round_trip) {
  auto g = parse_service_group(parse(R"({"apikey": "k1", "entity_type": "Sensor", "resource": "/iot/d",
      "attributes": [{"object_id": "t", "name": "temperature", "type": "Number",
                      "metadata": {"unitCode": {"type": "Text", "value": "CEL"}}}],
      "static_attributes": [{"name": "owner", "type": "Text", "value": "city"}],
      "autoprovision": false, "cbroker": "http://ignored"})"),
                               {"smartcity", "/"});
  ASSERT_TRUE(g) << g.err().detail;
  EXPECT_EQ(g->attributes.at(0).unit_code, "CEL");
  EXPECT_FALSE(g->autoprovision);
  auto const doc = to_json(*g);
  EXPECT_EQ(doc.at("cbroker"), json::value("http://ignored"));  // unknown members kept
  auto again = parse_service_group(doc, {"smartcity", "/"});
  ASSERT_TRUE(again) << again.err().detail;
  EXPECT_EQ(to_json(*again), doc);
}

TEST(provisioning, service_group_validation) {
  fiware_scope const s;
  for (char const* bad : {R"({"entity_type": "T"})", R"({"apikey": "k"})", R"({"apikey": "a/b", "entity_type": "T"})",
                          R"({"apikey": "k", "entity_type": "T", "resource": "iot"})",
                          R"({"apikey": "k", "entity_type": "T", "attributes": {}})",
                          R"({"apikey": "k", "entity_type": "T", "attributes": [{"name": "t"}]})",
                          R"({"apikey": "k", "entity_type": "T", "attributes": [{"name": "id", "type": "Text"}]})",
                          R"({"apikey": "k", "entity_type": "T", "static_attributes": [{"name": "a", "type": "Text"}]})",
                          R"({"apikey": "k", "entity_type": "T", "autoprovision": "yes"})", "[]"}) {
    auto g = parse_service_group(parse(bad), s);
    ASSERT_FALSE(g) << bad;
    EXPECT_EQ(g.err().code, error_code::bad_request) << bad;
  }
}

TEST(provisioning, device_defaults_and_validation) {
  auto d = parse_device(parse(R"({"device_id": "d1"})"), {}, "Sensor");
  ASSERT_TRUE(d) << d.err().detail;
  EXPECT_EQ(d->entity_type, "Sensor");
  EXPECT_EQ(d->entity_name, "urn:ngsi-ld:Sensor:d1");
  EXPECT_EQ(parse_device(parse(R"({"device_id": "d1"})"), {}, "")->entity_type, "Thing");
  for (char const* bad : {R"({})", R"({"device_id": "a/b"})", R"({"device_id": "a b"})",
                          R"({"device_id": "d", "entity_name": "not a uri"})", R"({"device_id": 5})",
                          R"({"device_id": "d", "explicitAttrs": 1})"}) {
    auto r = parse_device(parse(bad), {}, "T");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.err().code, error_code::bad_request) << bad;
  }
}

TEST(provisioning, device_update_keeps_identity) {
  auto d = parse_device(parse(R"({"device_id": "d1", "entity_type": "Sensor"})"), {"c", "/"}, "");
  ASSERT_TRUE(d);
  auto u = update_device(*d, parse(R"({"device_id": "other", "attributes": [{"object_id": "t", "name": "temp", "type": "Number"}]})"));
  ASSERT_TRUE(u) << u.err().detail;
  EXPECT_EQ(u->device_id, "d1");
  EXPECT_EQ(u->service, "c");
  EXPECT_EQ(u->attributes.size(), 1u);
  EXPECT_FALSE(update_device(*d, parse(R"({"attributes": 3})")));
}

}  // namespace
}  // namespace cityos::iot
