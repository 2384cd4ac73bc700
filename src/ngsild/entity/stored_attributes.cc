// SPDX-License-Identifier: Apache-2.0
#include "ngsild/entity/stored_attributes.h"

namespace cityos::ngsild {

std::string_view local_name(std::string_view iri) {
  auto const p = iri.find_last_of("/#:");
  return p == std::string_view::npos ? iri : iri.substr(p + 1);
}

json::object const* find_attribute(json::object const& stored, std::string_view name) {
  for (auto const& kv : stored) {
    if (local_name(kv.key()) != name || !kv.value().is_array()) continue;
    json::object const* first = nullptr;
    for (auto const& inst : kv.value().get_array()) {
      if (!inst.is_object()) continue;
      if (!inst.get_object().contains("datasetId")) return &inst.get_object();
      if (!first) first = &inst.get_object();
    }
    if (first) return first;
  }
  return nullptr;
}

std::optional<double> number_value(json::object const& instance) {
  auto const* v = instance.if_contains("value");
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

std::optional<epoch_ms> observed_at(json::object const& instance) {
  auto const* v = instance.if_contains("observedAt");
  if (!v || !v->is_string()) return std::nullopt;
  return parse_iso8601(std::string_view(v->get_string()));
}

std::optional<lon_lat> point_value(json::object const& instance) {
  auto const* v = instance.if_contains("value");
  if (!v || !v->is_object()) return std::nullopt;
  auto const* type = v->get_object().if_contains("type");
  auto const* c = v->get_object().if_contains("coordinates");
  if (!type || !type->is_string() || type->get_string() != "Point" || !c || !c->is_array()) return std::nullopt;
  auto const& a = c->get_array();
  if (a.size() < 2 || !a[0].is_number() || !a[1].is_number()) return std::nullopt;
  return lon_lat{a[0].to_number<double>(), a[1].to_number<double>()};
}

std::string_view string_value(json::object const& instance) {
  auto const* v = instance.if_contains("value");
  if (!v || !v->is_string()) return {};
  return v->get_string();
}

}  // namespace cityos::ngsild
