// SPDX-License-Identifier: Apache-2.0
#include "ngsild/models/kpi_entity.h"

namespace cityos::ngsild::models {

std::string kpi_entity_id(std::string_view slug) {
  return "urn:ngsi-ld:KeyPerformanceIndicator:" + std::string(slug);
}

json::object kpi_property(json::value v) { return {{"type", "Property"}, {"value", std::move(v)}}; }

json::object kpi_entity(kpi_fields const& k, json::value value) {
  auto text = [](std::string const& s) { return kpi_property(json::value(s)); };
  json::object e{{"id", k.id}, {"type", "KeyPerformanceIndicator"}, {"name", text(k.name)}};
  if (!k.description.empty()) e["description"] = text(k.description);
  e["category"] = kpi_property(json::array{"quantitative"});
  if (!value.is_null()) e["kpiValue"] = kpi_property(std::move(value));
  if (!k.period_from.empty() || !k.period_to.empty())
    e["calculationPeriod"] = kpi_property(json::object{{"from", k.period_from}, {"to", k.period_to}});
  if (!k.frequency.empty()) e["calculationFrequency"] = text(k.frequency);
  e["calculationMethod"] = kpi_property("automatic");
  if (!k.formula.empty()) e["calculationFormula"] = text(k.formula);
  if (!k.process.empty()) e["process"] = text(k.process);
  if (!k.business_target.empty()) e["businessTarget"] = text(k.business_target);
  e["dateModified"] = kpi_property(json::object{{"@type", "DateTime"}, {"@value", k.modified_at}});
  return e;
}

}  // namespace cityos::ngsild::models
