// SPDX-License-Identifier: Apache-2.0
// A sample entity for benchmarks: a five-attribute Vehicle in the stored form
// a batch upsert leaves (expanded names, createdAt/modifiedAt `at` on the
// entity and every instance), with the attributes ngsild_load sends.
#pragma once

#include <string>

#include "common/json.h"

namespace cityos::bench {

// Where the sample's attribute names are expanded to.
inline constexpr char kVocab[] = "https://uri.etsi.org/ngsi-ld/default-context/";

inline json::object stored_vehicle(int n, int speed, std::string const& at) {
  std::string const vocab = kVocab;
  auto property = [&](json::value v) {
    return json::object{{"type", "Property"}, {"value", std::move(v)}, {"createdAt", at}, {"modifiedAt", at}};
  };
  json::object e;
  e["id"] = "urn:ngsi-ld:Vehicle:b-" + std::to_string(n);
  e["type"] = json::array{vocab + "Vehicle"};
  e["createdAt"] = at;
  e["modifiedAt"] = at;
  e[vocab + "speed"] = json::array{property(speed)};
  e[vocab + "brandName"] = json::array{property("Volvo")};
  e[vocab + "status"] = json::array{property("active")};
  e[vocab + "fuelLevel"] = json::array{property(0.5)};
  json::object loc{{"type", "GeoProperty"},
                   {"value", json::object{{"type", "Point"}, {"coordinates", json::array{13.4 + n * 1e-6, 52.5}}}},
                   {"createdAt", at},
                   {"modifiedAt", at}};
  e["https://uri.etsi.org/ngsi-ld/location"] = json::array{std::move(loc)};
  return e;
}

}  // namespace cityos::bench
