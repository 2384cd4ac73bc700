// SPDX-License-Identifier: Apache-2.0
#include "iot/payload.h"

#include "common/time.h"

namespace cityos::iot {

namespace {

error bad(std::string detail) { return make_error(error_code::bad_request, std::move(detail)); }

std::string_view trim(std::string_view s) {
  auto const is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  while (true) {
    auto const at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

result<measure_set> measures_of(json::value const& v, std::size_t index) {
  if (!v.is_object()) {
    return bad("measure " + std::to_string(index) + " is not a JSON object of key -> value");
  }
  measure_set out;
  out.reserve(v.get_object().size());
  for (auto const& [k, value] : v.get_object()) out.push_back({std::string(k), value});
  return out;
}

result<measure_set> parse_ul_group(std::string_view group, std::size_t index) {
  auto fields = split(group, '|');
  measure_set out;
  std::size_t first = 0;
  if (fields.size() % 2 == 1) {
    // An odd field count is valid only with a leading timestamp.
    if (!parse_iso8601(trim(fields[0]))) {
      return bad("UltraLight group " + std::to_string(index) + " '" + std::string(group) +
                 "': key '" + std::string(trim(fields.back())) + "' has no value");
    }
    out.push_back({std::string(kTimeInstant), json::string(trim(fields[0]))});
    first = 1;
  }
  for (std::size_t i = first; i + 1 < fields.size(); i += 2) {
    auto const key = trim(fields[i]);
    if (key.empty()) {
      return bad("UltraLight group " + std::to_string(index) + " '" + std::string(group) +
                 "': empty key");
    }
    out.push_back({std::string(key), json::string(trim(fields[i + 1]))});
  }
  return out;
}

}  // namespace

result<std::vector<measure_set>> parse_json_measures(std::string_view payload) {
  auto doc = parse_json(payload);
  if (!doc) return std::move(doc).err();
  std::vector<measure_set> out;
  if (doc->is_array()) {
    for (std::size_t i = 0; i < doc->get_array().size(); ++i) {
      auto m = measures_of(doc->get_array()[i], i);
      if (!m) return std::move(m).err();
      out.push_back(std::move(*m));
    }
  } else {
    auto m = measures_of(*doc, 0);
    if (!m) return std::move(m).err();
    out.push_back(std::move(*m));
  }
  if (out.empty() || (out.size() == 1 && out[0].empty())) return bad("the payload has no measures");
  return out;
}

result<std::vector<measure_set>> parse_ultralight(std::string_view payload) {
  std::vector<measure_set> out;
  std::size_t index = 0;
  for (auto group : split(payload, '#')) {
    group = trim(group);
    if (group.empty()) continue;
    auto m = parse_ul_group(group, index++);
    if (!m) return std::move(m).err();
    out.push_back(std::move(*m));
  }
  if (out.empty()) return bad("the UltraLight payload has no measures");
  return out;
}

}  // namespace cityos::iot
