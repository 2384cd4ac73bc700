// SPDX-License-Identifier: Apache-2.0
// Reading measurements out of stored entities (stored_entity.h) for the services
// that follow the change feed: attributes are found by the local name of their
// expanded IRI ("waterLevel" matches .../default-context/waterLevel and the Smart
// Data Models IRI alike), so ingestion may use either @context. Pure; thread-safe.
// Returned pointers point into the entity and live as long as it does.
#pragma once

#include <optional>
#include <string_view>

#include "common/json.h"
#include "common/time.h"

namespace cityos::ngsild {

// The local name of an IRI: what follows its last '/', '#' or ':'.
std::string_view local_name(std::string_view iri);

// Returns the default instance (else the first) of the attribute of `stored` whose
// local name is `name`, or nullptr.
json::object const* find_attribute(json::object const& stored, std::string_view name);

// The numeric value of a Property instance, or nullopt.
std::optional<double> number_value(json::object const& instance);
// The observedAt of an instance, or nullopt (absent or not ISO 8601).
std::optional<epoch_ms> observed_at(json::object const& instance);

struct lon_lat {
  double lon = 0;
  double lat = 0;
};
// The coordinates of a GeoProperty instance holding a GeoJSON Point, or nullopt.
std::optional<lon_lat> point_value(json::object const& instance);

// The value of a Property instance holding a string, or "" .
std::string_view string_value(json::object const& instance);

}  // namespace cityos::ngsild
