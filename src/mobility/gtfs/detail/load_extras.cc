// SPDX-License-Identifier: Apache-2.0
// translations (both forms), feed_info, shapes and the GTFS-JP agency_jp,
// routes_jp, office_jp.
#include <algorithm>

#include "mobility/gtfs/detail/loaders.h"

namespace cityos::mobility::gtfs::detail {

void load_translations(table_reader& t, feed& f) {
  bool const old_form = t.column("table_name") < 0 && t.column("trans_id") >= 0;
  if (old_form) {
    if (!t.require_columns({"trans_id", "lang", "translation"})) return;
    int const id = t.column("trans_id"), lang = t.column("lang"), text = t.column("translation");
    while (t.next()) {
      translation x;
      x.field_value = t.required(id);
      x.language = t.required(lang);
      x.text = t.required(text);
      if (t.row_ok()) f.translations.push_back(std::move(x));
    }
    return;
  }
  if (!t.require_columns({"table_name", "field_name", "language", "translation"})) return;
  int const table = t.column("table_name"), field = t.column("field_name"), lang = t.column("language"),
            text = t.column("translation"), rec = t.column("record_id"), sub = t.column("record_sub_id"),
            value = t.column("field_value");
  while (t.next()) {
    translation x{std::string(t.required(table)), std::string(t.required(field)),
                  std::string(t.required(lang)), std::string(t.required(text)),
                  std::string(t.text(rec)), std::string(t.text(sub)), std::string(t.text(value))};
    if (t.row_ok() && x.table_name != "feed_info" && x.record_id.empty() && x.field_value.empty())
      t.error(rec, "missing_value", "record_id or field_value is required");
    if (t.row_ok()) f.translations.push_back(std::move(x));
  }
}

void load_feed_info(table_reader& t, feed& f) {
  if (!t.require_columns({"feed_publisher_name", "feed_publisher_url", "feed_lang"})) return;
  int const name = t.column("feed_publisher_name"), url = t.column("feed_publisher_url"),
            lang = t.column("feed_lang"), dlang = t.column("default_lang"), start = t.column("feed_start_date"),
            end = t.column("feed_end_date"), ver = t.column("feed_version"), mail = t.column("feed_contact_email"),
            curl = t.column("feed_contact_url");
  while (t.next()) {
    feed_info i{std::string(t.required(name)), std::string(t.required(url)), std::string(t.required(lang)),
                std::string(t.text(dlang)), std::string(t.text(ver)), std::string(t.text(mail)),
                std::string(t.text(curl)), t.date(start, false), t.date(end, false)};
    if (t.row_ok()) f.feed_infos.push_back(std::move(i));
  }
}

void load_shapes(table_reader& t, feed& f) {
  if (!t.require_columns({"shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"})) return;
  int const id = t.column("shape_id"), lat = t.column("shape_pt_lat"), lon = t.column("shape_pt_lon"),
            seq = t.column("shape_pt_sequence"), dist = t.column("shape_dist_traveled");
  while (t.next()) {
    shape_point p;
    auto const sid = t.required(id);
    p.lat = static_cast<float>(t.real(lat, 0, -90, 90, true));
    p.lon = static_cast<float>(t.real(lon, 0, -180, 180, true));
    p.sequence = static_cast<std::uint32_t>(t.integer(seq, 0, 0, UINT32_MAX, true));
    p.dist_traveled = static_cast<float>(t.real(dist, -1, 0, 1e12));
    if (!t.row_ok()) continue;
    p.shape = f.shape_ids.intern(sid);
    f.shape_points.push_back(p);
  }
  std::stable_sort(f.shape_points.begin(), f.shape_points.end(), [](shape_point const& a, shape_point const& b) {
    return a.shape != b.shape ? a.shape < b.shape : a.sequence < b.sequence;
  });
}

void load_agency_jp(table_reader& t, feed& f) {
  if (!t.require_columns({"agency_id"})) return;
  int const id = t.column("agency_id"), name = t.column("agency_official_name"),
            zip = t.column("agency_zip_number"), addr = t.column("agency_address"),
            pos = t.column("agency_president_pos"), pres = t.column("agency_president_name");
  while (t.next()) {
    t.required(id);
    agency_jp a{reference(t, id, f.agency_ids, "agency"), std::string(t.text(name)), std::string(t.text(zip)),
                std::string(t.text(addr)), std::string(t.text(pos)), std::string(t.text(pres))};
    if (t.row_ok()) f.agencies_jp.push_back(std::move(a));
  }
}

void load_routes_jp(table_reader& t, feed& f) {
  if (!t.require_columns({"route_id"})) return;
  int const id = t.column("route_id"), upd = t.column("route_update_date"), o = t.column("origin_stop"),
            via = t.column("via_stop"), d = t.column("destination_stop");
  while (t.next()) {
    t.required(id);
    route_jp r{reference(t, id, f.route_ids, "route"), std::string(t.text(upd)), std::string(t.text(o)),
               std::string(t.text(via)), std::string(t.text(d))};
    if (t.row_ok()) f.routes_jp.push_back(std::move(r));
  }
}

void load_office_jp(table_reader& t, feed& f) {
  if (!t.require_columns({"office_id", "office_name"})) return;
  int const id = t.column("office_id"), name = t.column("office_name"), url = t.column("office_url"),
            phone = t.column("office_phone");
  while (t.next()) {
    office_jp o{std::string(t.required(id)), std::string(t.required(name)), std::string(t.text(url)),
                std::string(t.text(phone))};
    if (t.row_ok()) f.offices_jp.push_back(std::move(o));
  }
}

}  // namespace cityos::mobility::gtfs::detail
