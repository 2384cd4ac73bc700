// SPDX-License-Identifier: Apache-2.0
#include "store/memory/log_record.h"

#include <cstdint>
#include <cstring>

namespace cityos::store {

void write_entity_record(std::string& out, std::string_view tenant, std::string_view id,
                         std::optional<std::string> const& entity_json) {
  out += entity_json ? R"({"o":"p","t":)" : R"({"o":"d","t":)";
  dump_string_to(tenant, out);
  out += R"(,"i":)";
  dump_string_to(id, out);
  if (entity_json) {
    out += R"(,"e":)";
    out += *entity_json;
  }
  out += '}';
}

void write_document_record(std::string& out, std::string_view collection, std::string_view key,
                           json::value const* doc) {
  out += doc ? R"({"o":"P","c":)" : R"({"o":"D","c":)";
  dump_string_to(collection, out);
  out += R"(,"k":)";
  dump_string_to(key, out);
  if (doc) {
    out += R"(,"d":)";
    dump_to(*doc, out);
  }
  out += '}';
}

namespace {

void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<char const*>(&v), 4); }

void put_str(std::string& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  out += s;
}

// Reads little-endian fields from a payload; `ok` turns false past its end.
struct reader {
  std::string_view data;
  bool ok = true;

  std::uint32_t u32() {
    if (data.size() < 4) return ok = false, 0;
    std::uint32_t v;
    std::memcpy(&v, data.data(), 4);
    data.remove_prefix(4);
    return v;
  }
  double f64() {
    if (data.size() < 8) return ok = false, 0;
    double v;
    std::memcpy(&v, data.data(), 8);
    data.remove_prefix(8);
    return v;
  }
  std::string_view str() {
    auto const n = u32();
    if (!ok || data.size() < n) return ok = false, std::string_view{};
    auto s = data.substr(0, n);
    data.remove_prefix(n);
    return s;
  }
};

}  // namespace

void write_snapshot_record(std::string& out, std::string_view tenant, std::string_view id,
                           std::vector<std::string> const& types,
                           std::vector<std::pair<std::string, geo_box>> const& boxes,
                           std::string_view blob) {
  out += 'S';
  put_str(out, tenant);
  put_str(out, id);
  put_u32(out, static_cast<std::uint32_t>(types.size()));
  for (auto const& t : types) put_str(out, t);
  put_u32(out, static_cast<std::uint32_t>(boxes.size()));
  for (auto const& [attr, b] : boxes) {
    put_str(out, attr);
    for (double d : {b.min_lon, b.min_lat, b.max_lon, b.max_lat}) {
      out.append(reinterpret_cast<char const*>(&d), 8);
    }
  }
  put_str(out, blob);
}

std::optional<snapshot_entity> read_snapshot_record(std::string_view payload) {
  if (!is_snapshot_record(payload)) return std::nullopt;
  reader r{payload.substr(1)};
  snapshot_entity e;
  e.tenant = r.str();
  e.id = r.str();
  for (auto n = r.u32(); r.ok && n > 0; --n) e.types.push_back(r.str());
  for (auto m = r.u32(); r.ok && m > 0; --m) {
    indexed_box b;
    b.attribute = r.str();
    b.box.min_lon = r.f64();
    b.box.min_lat = r.f64();
    b.box.max_lon = r.f64();
    b.box.max_lat = r.f64();
    e.boxes.push_back(b);
  }
  e.blob = r.str();
  if (!r.ok || !r.data.empty()) return std::nullopt;
  return e;
}

}  // namespace cityos::store
