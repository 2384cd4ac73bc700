// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the embedded store's tests.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/memory/memory_store.h"

namespace cityos::store::test_support {

constexpr char const* kVehicle = "https://uri.etsi.org/ngsi-ld/default-context/Vehicle";
constexpr char const* kLocation = "https://uri.etsi.org/ngsi-ld/location";

// An entity of `type` located by a GeoProperty Point at (lon, lat).
inline json::object make_entity(std::string const& id, char const* type, double lon = 0, double lat = 0) {
  json::object e{{"id", id}, {"type", json::array{type}}};
  e[kLocation] = json::array{json::object{
      {"type", "GeoProperty"},
      {"value", json::object{{"type", "Point"}, {"coordinates", json::array{lon, lat}}}}}};
  return e;
}

// A mutation putting `e`, whatever the entity was.
inline mutate_fn put(json::object e) {
  return [e = std::move(e)](json::object const*) -> result<mutation> {
    return mutation{mutation::kind::put, e};
  };
}

// The ids of a query's entities, in result order.
inline std::vector<std::string> ids_of(query_result const& r) {
  std::vector<std::string> out;
  for (auto const& e : r.entities) out.emplace_back(e->at("id").get_string());
  return out;
}

// A store in `dir`, or in memory only if `dir` is empty (expects it to open).
inline std::unique_ptr<memory_store> open_store(std::filesystem::path const& dir = {}) {
  memory_store_options o;
  o.data_dir = dir;
  auto s = memory_store::open(std::move(o));
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

// An empty path under the temporary directory, named after `name` and this process.
inline std::filesystem::path temp_dir(std::string const& name) {
  auto p = std::filesystem::temp_directory_path() /
           ("cityos-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(p);
  return p;
}

}  // namespace cityos::store::test_support
