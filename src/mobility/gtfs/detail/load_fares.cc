// SPDX-License-Identifier: Apache-2.0
// fare_attributes and fare_rules (route, origin/destination/contains zones).
#include "mobility/gtfs/detail/loaders.h"

namespace cityos::mobility::gtfs::detail {

void load_fare_attributes(table_reader& t, feed& f) {
  if (!t.require_columns({"fare_id", "price", "currency_type", "payment_method"})) return;
  int const id = t.column("fare_id"), price = t.column("price"), cur = t.column("currency_type"),
            pay = t.column("payment_method"), tr = t.column("transfers"), ag = t.column("agency_id"),
            dur = t.column("transfer_duration");
  while (t.next()) {
    fare_attribute a;
    auto const fid = t.required(id);
    a.price = t.real(price, 0, 0, 1e12, true);
    a.currency = t.required(cur);
    a.payment_method = static_cast<std::uint8_t>(t.integer(pay, 0, 0, 1, true));
    a.transfers = static_cast<std::int32_t>(t.integer(tr, -1, 0, 2));  // empty: unlimited
    a.agency = reference(t, ag, f.agency_ids, "agency");
    a.transfer_duration = static_cast<std::int32_t>(t.integer(dur, -1, 0, INT32_MAX));
    if (!t.row_ok()) continue;
    if (f.fare_ids.find(fid)) {
      t.error(id, "duplicate_id", "fare_id '" + std::string(fid) + "' is already defined");
      continue;
    }
    f.fare_ids.intern(fid);
    f.fare_attributes.push_back(std::move(a));
  }
}

void load_fare_rules(table_reader& t, feed& f) {
  if (!t.require_columns({"fare_id"})) return;
  int const id = t.column("fare_id"), route = t.column("route_id"), origin = t.column("origin_id"),
            dest = t.column("destination_id"), contains = t.column("contains_id");
  auto zone = [&](int col) {
    reference(t, col, f.zone_ids, "zone (stops.txt zone_id)", true);  // a warning only: the rule still reads
    auto const v = t.text(col);
    return v.empty() ? no_index : f.zone_ids.intern(v);
  };
  while (t.next()) {
    fare_rule r;
    t.required(id);
    r.fare = reference(t, id, f.fare_ids, "fare (fare_attributes.txt)");
    r.route = reference(t, route, f.route_ids, "route");
    if (!t.row_ok()) continue;
    r.origin = zone(origin);
    r.destination = zone(dest);
    r.contains = zone(contains);
    f.fare_rules.push_back(r);
  }
}

}  // namespace cityos::mobility::gtfs::detail
