// SPDX-License-Identifier: Apache-2.0
#include "mobility/ridership/ridership_kpis.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/time.h"
#include "ngsild/models/kpi_entity.h"

namespace cityos::mobility::ridership {

namespace {

namespace models = ngsild::models;

constexpr char kProcess[] = "CityOS ridership service (mobility/ridership)";

std::string offset_text(std::int32_t utc_offset_s) {
  int const m = std::abs(utc_offset_s) / 60;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", utc_offset_s < 0 ? '-' : '+', m / 60 % 100, m % 60);
  return buf;
}

json::value rounded(std::optional<double> x) {
  if (!x) return nullptr;
  return json::value(std::round(*x * 10) / 10);
}

struct kpi_def {
  char const* slug;
  char const* name;
  char const* description;
  char const* formula;
};

json::object entity(kpi_def const& d, json::value value, ridership_day const& day, std::int32_t utc_offset_s,
                    std::string_view modified_at) {
  std::string const offset = offset_text(utc_offset_s);
  models::kpi_fields k;
  k.id = models::kpi_entity_id(d.slug);
  k.name = d.name;
  k.description = d.description;
  k.period_from = date_text(day.date) + "T00:00:00" + offset;
  k.period_to = date_text(day.date + 1) + "T00:00:00" + offset;
  k.frequency = "daily";
  k.formula = d.formula;
  k.process = kProcess;
  k.modified_at = modified_at;
  auto e = models::kpi_entity(k, std::move(value));
  e["localDate"] = models::kpi_property(json::value(date_text(day.date)));
  return e;
}

}  // namespace

std::string date_text(std::int32_t date) {
  return format_iso8601(std::int64_t{date} * 86'400'000).substr(0, 10);  // "YYYY-MM-DDT..."
}

std::vector<json::object> kpi_entities(ridership_day const& day, std::int32_t utc_offset_s,
                                       std::string_view modified_at) {
  static constexpr kpi_def kTransit{"transit-ridership", "Transit ridership today (bus boardings)",
                                    "Passengers boarding the city's buses during the local day",
                                    "sum over bus runs of the increase of passengersBoarded"};
  static constexpr kpi_def kRiders{"drt-ridership", "On-demand ridership today (passengers)",
                                   "Passengers the on-demand service carried to their destination during the local day",
                                   "sum of seats + wheelchairs of passenger DrtRequests turning completed"};
  static constexpr kpi_def kParcels{"drt-parcels", "On-demand parcels delivered today",
                                    "Parcels the on-demand service delivered during the local day",
                                    "count of parcel DrtRequests turning completed"};
  static constexpr kpi_def kRate{"drt-service-rate", "On-demand service rate today (%)",
                                 "Share of the on-demand bookings decided during the local day that were accepted",
                                 "100 * accepted / (accepted + rejected) DrtRequests"};
  static constexpr kpi_def kWait{"drt-wait", "On-demand average wait today (min)",
                                 "Average wait of on-demand passengers picked up during the local day",
                                 "mean over passenger DrtRequests turning onboard of (pickedUpAt - requestedPickupTime), "
                                 "in minutes, at least 0"};
  return {entity(kTransit, json::value(day.transit_boardings), day, utc_offset_s, modified_at),
          entity(kRiders, json::value(day.drt_riders), day, utc_offset_s, modified_at),
          entity(kParcels, json::value(day.drt_parcels), day, utc_offset_s, modified_at),
          entity(kRate, rounded(day.service_rate_percent()), day, utc_offset_s, modified_at),
          entity(kWait, rounded(day.average_wait_minutes()), day, utc_offset_s, modified_at)};
}

}  // namespace cityos::mobility::ridership
