// SPDX-License-Identifier: Apache-2.0
#include "mobility/ridership/ridership_tally.h"

#include <algorithm>
#include <string_view>

#include "ngsild/entity/stored_entity.h"
#include "ngsild/entity/stored_attributes.h"

namespace cityos::mobility::ridership {

namespace {

using ngsild::find_attribute;
using ngsild::local_name;

bool has_type(json::object const& e, std::string_view name) {
  auto const* types = e.if_contains(ngsild::kType);
  if (!types || !types->is_array()) return false;
  return std::ranges::any_of(types->get_array(),
                             [&](json::value const& t) { return t.is_string() && local_name(t.get_string()) == name; });
}

std::string_view text(json::object const* e, std::string_view attr) {
  if (!e) return {};
  auto const* a = find_attribute(*e, attr);
  return a ? ngsild::string_value(*a) : std::string_view{};
}

std::optional<double> number(json::object const* e, std::string_view attr) {
  if (!e) return std::nullopt;
  auto const* a = find_attribute(*e, attr);
  return a ? ngsild::number_value(*a) : std::nullopt;
}

std::optional<epoch_ms> time_of(json::object const& e, std::string_view attr) {
  auto const t = text(&e, attr);
  return t.empty() ? std::nullopt : parse_iso8601(t);
}

std::optional<epoch_ms> modified_at(json::object const& e) {
  auto const* m = e.if_contains(ngsild::kModifiedAt);
  return m && m->is_string() ? parse_iso8601(m->get_string()) : std::nullopt;
}

// Seats + wheelchairs of the request's load (at least 1: a rider).
std::int64_t riders_of(json::object const& e) {
  std::int64_t n = 0;
  if (auto const* a = find_attribute(e, "load")) {
    auto const* v = a->if_contains("value");
    if (v && v->is_object()) {
      for (auto const* key : {"seats", "wheelchairs"}) {
        auto const* x = v->get_object().if_contains(key);
        if (x && x->is_number()) n += std::max<std::int64_t>(0, static_cast<std::int64_t>(x->to_number<double>()));
      }
    }
  }
  return std::max<std::int64_t>(1, n);
}

}  // namespace

std::optional<double> ridership_day::service_rate_percent() const {
  auto const decided = drt_accepted + drt_rejected;
  if (decided == 0) return std::nullopt;
  return 100.0 * static_cast<double>(drt_accepted) / static_cast<double>(decided);
}

std::optional<double> ridership_day::average_wait_minutes() const {
  if (waits == 0) return std::nullopt;
  return wait_total_s / static_cast<double>(waits) / 60.0;
}

std::int32_t local_date(epoch_ms t, std::int32_t utc_offset_s) {
  std::int64_t const ms = t + std::int64_t{utc_offset_s} * 1000;
  std::int64_t days = ms / 86'400'000;
  if (ms < 0 && ms % 86'400'000 != 0) --days;
  return static_cast<std::int32_t>(days);
}

bool ridership_tally::roll(epoch_ms now) {
  auto const date = local_date(now, utc_offset_s_);
  if (date <= day_.date) return false;
  day_ = ridership_day{};
  day_.date = date;
  return true;
}

bool ridership_tally::apply(store::entity_change const& c, epoch_ms now) {
  bool changed = roll(now);
  if (!c.after) return changed;  // deletions count nothing
  json::object const* before = c.before.get();
  if (has_type(*c.after, "Vehicle")) changed |= apply_vehicle(before, *c.after);
  else if (has_type(*c.after, "DrtRequest")) changed |= apply_request(before, *c.after);
  return changed;
}

bool ridership_tally::apply_vehicle(json::object const* before, json::object const& after) {
  if (text(&after, "vehicleType") != "bus") return false;
  auto const now = number(&after, "passengersBoarded");
  if (!now || *now <= 0) return false;
  auto const was = number(before, "passengersBoarded").value_or(0);
  double const added = *now >= was ? *now - was : *now;  // went down: a new run
  if (added <= 0) return false;
  day_.transit_boardings += static_cast<std::int64_t>(added);
  return true;
}

bool ridership_tally::apply_request(json::object const* before, json::object const& after) {
  std::string_view const was = text(before, "status");
  std::string_view const is = text(&after, "status");
  if (is.empty() || is == was) return false;
  bool const passenger = text(&after, "requestKind") != "parcel";
  bool changed = false;
  if (is == "rejected") {
    ++day_.drt_rejected;
    changed = true;
  } else if (was.empty() || was == "rejected") {
    ++day_.drt_accepted;
    changed = true;
  }
  if (is == "onboard" && passenger) {
    auto const asked = time_of(after, "requestedPickupTime");
    auto picked = time_of(after, "pickedUpAt");
    if (!picked) picked = modified_at(after);
    if (asked && picked) {
      day_.wait_total_s += static_cast<double>(std::max<epoch_ms>(0, *picked - *asked)) / 1000.0;
      ++day_.waits;
      changed = true;
    }
  }
  if (is == "completed") {
    if (passenger) day_.drt_riders += riders_of(after);
    else ++day_.drt_parcels;
    changed = true;
  }
  return changed;
}

}  // namespace cityos::mobility::ridership
