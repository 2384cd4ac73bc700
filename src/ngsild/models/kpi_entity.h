// SPDX-License-Identifier: Apache-2.0
// The Smart Data Models KeyPerformanceIndicator entity in the normalized NGSI-LD
// form every KPI publisher of CityOS writes (health points, ridership): one
// shape, so the dashboard and other clients read them alike. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/json.h"

namespace cityos::ngsild::models {

// "urn:ngsi-ld:KeyPerformanceIndicator:" + `slug`.
std::string kpi_entity_id(std::string_view slug);

// What a KPI says. Empty strings are left out of the entity (but `id`, `name`
// and `modified_at` are expected).
struct kpi_fields {
  std::string id;               // full URN, see kpi_entity_id()
  std::string name;             // human title
  std::string description;
  std::string period_from;      // calculationPeriod.from (ISO 8601 date-time)
  std::string period_to;        // calculationPeriod.to
  std::string frequency;        // calculationFrequency: "daily", "hourly", ...
  std::string formula;          // calculationFormula
  std::string process;          // the process (service) that measures it
  std::string business_target;  // businessTarget, in words
  std::string modified_at;      // dateModified (ISO 8601)
};

// A normalized KeyPerformanceIndicator entity: id, type, name, description,
// category ["quantitative"], kpiValue (left out when `value` is null: not
// computable yet), calculationPeriod, calculationFrequency, calculationMethod
// "automatic", calculationFormula, process, businessTarget, dateModified.
// Callers add their own attributes (area, kpiTarget, ...) to the result.
json::object kpi_entity(kpi_fields const& k, json::value value);

// {"type": "Property", "value": v}: for the attributes callers add.
json::object kpi_property(json::value v);

}  // namespace cityos::ngsild::models
