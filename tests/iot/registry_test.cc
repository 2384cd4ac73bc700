// SPDX-License-Identifier: Apache-2.0
#include "iot/registry.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"

namespace cityos::iot {
namespace {

std::unique_ptr<store::memory_store> open_store(std::filesystem::path dir = {}) {
  store::memory_store_options o;
  o.data_dir = std::move(dir);
  auto s = store::memory_store::open(std::move(o));
  EXPECT_TRUE(s) << s.err().detail;
  return std::move(*s);
}

service_group group(std::string apikey, bool autoprovision = true) {
  service_group g;
  g.service = "city";
  g.service_path = "/";
  g.apikey = std::move(apikey);
  g.entity_type = "Sensor";
  g.autoprovision = autoprovision;
  return g;
}

json::array devices(std::string_view text) { return parse_json(text)->as_array(); }

TEST(registry, groups_unique_by_apikey_and_resource) {
  auto s = open_store();
  registry r(*s);
  ASSERT_TRUE(r.add_groups({group("k1")}));
  auto dup = r.add_groups({group("k2"), group("k1")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.err().code, error_code::already_exists);
  EXPECT_EQ(r.groups({"city", "/"}).size(), 1u);  // all or nothing
  EXPECT_EQ(r.groups({"other", "/#"}).size(), 0u);
}

TEST(registry, resolve_autoprovisions_only_when_allowed) {
  auto s = open_store();
  registry r(*s);
  ASSERT_TRUE(r.add_groups({group("auto"), group("manual", false)}));
  auto a = r.resolve("auto", "d1", "");
  ASSERT_TRUE(a) << a.err().detail;
  EXPECT_TRUE(a->created);
  EXPECT_EQ(a->dev->entity_name, "urn:ngsi-ld:Sensor:d1");
  EXPECT_EQ(a->dev->service, "city");
  EXPECT_FALSE(r.resolve("auto", "d1", "")->created);
  EXPECT_EQ(r.resolve("manual", "d2", "").err().code, error_code::not_found);
  EXPECT_EQ(r.resolve("nokey", "d1", "").err().code, error_code::not_found);
  ASSERT_TRUE(r.add_devices(devices(R"([{"device_id": "d2"}])"), {"city", "/"}));
  EXPECT_TRUE(r.resolve("manual", "d2", ""));
}

TEST(registry, device_with_own_apikey_needs_no_group) {
  auto s = open_store();
  registry r(*s);
  ASSERT_TRUE(r.add_devices(devices(R"([{"device_id": "x", "apikey": "solo", "entity_type": "Meter"}])"), {}));
  auto d = r.resolve("solo", "x", "/iot/json");
  ASSERT_TRUE(d) << d.err().detail;
  EXPECT_EQ(d->group, nullptr);
  EXPECT_EQ(d->dev->entity_type, "Meter");
}

TEST(registry, devices_crud_and_paging) {
  auto s = open_store();
  registry r(*s);
  ASSERT_TRUE(r.add_devices(devices(R"([{"device_id": "a"}, {"device_id": "b"}, {"device_id": "c"}])"), {"city", "/p"}));
  EXPECT_EQ(r.add_devices(devices(R"([{"device_id": "a"}])"), {"city", "/p"}).err().code, error_code::already_exists);
  EXPECT_EQ(r.add_devices(devices(R"([{"device_id": "z"}, {"device_id": "bad/id"}])"), {"city", "/p"}).err().code,
            error_code::bad_request);
  auto page = r.devices({"city", "/#"}, 1, 1);
  EXPECT_EQ(page.total, 3u);
  ASSERT_EQ(page.devices.size(), 1u);
  EXPECT_EQ(page.devices[0].device_id, "b");
  EXPECT_EQ(r.devices({"city", "/q"}, 0, 10).total, 0u);
  ASSERT_TRUE(r.update_device({"city", "/p"}, "a", *parse_json(R"({"entity_type": "Lamp"})")));
  EXPECT_EQ(r.get_device({"city", "/p"}, "a")->entity_type, "Lamp");
  ASSERT_TRUE(r.remove_device({"city", "/p"}, "a"));
  EXPECT_EQ(r.get_device({"city", "/p"}, "a").err().code, error_code::not_found);
  EXPECT_EQ(r.remove_device({"city", "/p"}, "a").err().code, error_code::not_found);
}

TEST(registry, survives_a_restart) {
  auto const dir = std::filesystem::temp_directory_path() / ("cityos-iot-registry-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto s = open_store(dir);
    registry r(*s);
    ASSERT_TRUE(r.add_groups({group("k1")}));
    ASSERT_TRUE(r.resolve("k1", "auto1", ""));
    s->flush();
  }
  {
    auto s = open_store(dir);
    registry r(*s);
    EXPECT_EQ(r.groups({"city", "/"}).size(), 1u);
    auto d = r.resolve("k1", "auto1", "");
    ASSERT_TRUE(d) << d.err().detail;
    EXPECT_FALSE(d->created);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cityos::iot
