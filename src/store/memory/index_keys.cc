// SPDX-License-Identifier: Apache-2.0
#include "store/memory/index_keys.h"

#include <simdjson.h>

#include "store/memory/entity_codec.h"

namespace cityos::store {
namespace {

namespace dom = simdjson::dom;

// bounding_box()'s walk over GeoJSON coordinates: a position is an array
// whose first two elements are numbers; any other array is walked into.
void grow(dom::element c, geo_box& b, bool& any) {
  dom::array a;
  if (c.get_array().get(a) != simdjson::SUCCESS) return;
  if (a.size() >= 2 && a.at(0).is_number() && a.at(1).is_number()) {
    b.extend(a.at(0).get_double().value_unsafe(), a.at(1).get_double().value_unsafe());
    any = true;
    return;
  }
  for (dom::element e : a) grow(e, b, any);
}

// The box of a GeoProperty instance object, if it has numeric coordinates.
std::optional<geo_box> instance_box(dom::object instance) {
  std::string_view type;
  if (instance["type"].get_string().get(type) != simdjson::SUCCESS || type != "GeoProperty") {
    return std::nullopt;
  }
  dom::object value;
  if (instance["value"].get_object().get(value) != simdjson::SUCCESS) return std::nullopt;
  dom::element coords;
  if (value["coordinates"].get(coords) != simdjson::SUCCESS) return std::nullopt;
  geo_box b{1e9, 1e9, -1e9, -1e9};
  bool any = false;
  grow(coords, b, any);
  if (!any) return std::nullopt;
  return b;
}

void read_keys(dom::object entity, index_keys& out) {
  for (auto [key, value] : entity) {
    dom::array items;
    if (value.get_array().get(items) != simdjson::SUCCESS) continue;
    if (key == "type") {
      for (dom::element t : items) {
        std::string_view s;
        if (t.get_string().get(s) == simdjson::SUCCESS) out.types.emplace_back(s);
      }
    }
    for (dom::element inst : items) {
      dom::object o;
      if (inst.get_object().get(o) != simdjson::SUCCESS) continue;
      if (auto b = instance_box(o)) out.boxes.emplace_back(std::string(key), *b);
    }
  }
}

}  // namespace

struct index_key_reader::impl {
  dom::parser parser;  // depth limit 1,024, past kMaxWrittenDepth
  std::string text;
};

index_key_reader::index_key_reader() : impl_(std::make_unique<impl>()) {}

index_key_reader::~index_key_reader() = default;

index_keys index_key_reader::read(std::string_view blob) {
  index_keys out;
  auto const text = decode_text(blob, impl_->text, simdjson::SIMDJSON_PADDING);
  if (text.empty()) return out;
  dom::object entity;
  auto const error = impl_->parser.parse(text.data(), text.size(), false).get_object().get(entity);
  if (error == simdjson::SUCCESS) {
    read_keys(entity, out);
    return out;
  }
  // Not an object (as decode_entity() has it: no keys) or beyond the
  // parser's limits: the tree does it.
  if (error == simdjson::INCORRECT_TYPE) return out;
  auto const e = decode_entity(blob);
  return {types_of(e), geo_index::boxes_of(e)};
}

}  // namespace cityos::store
