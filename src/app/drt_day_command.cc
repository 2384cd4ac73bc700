// SPDX-License-Identifier: Apache-2.0
// `cityos drt day`: a day's bookings decided together on a fresh dispatcher
// (next-day mode), the summary printed and the plans written as JSON.
#include <chrono>
#include <iomanip>
#include <fstream>

#include "app/drt_command.h"
#include "common/file.h"
#include "mobility/drt/dispatcher.h"
#include "mobility/drt_service/drt_json.h"
#include "mobility/drt_service/fleet_config.h"
#include "mobility/drt_service/planning_json.h"

namespace cityos::app {
namespace {

namespace drt = mobility::drt;
namespace ds = mobility::drt_service;

// The bookings file: {"requests": [...]} (planning_json.h) or a bare array.
result<ds::batch_input> load_bookings(std::string const& path) {
  auto text = read_file(path);
  if (!text) return make_error(error_code::not_found, "cannot read " + path);
  auto doc = parse_json(*text);
  if (!doc) return make_error(error_code::invalid_request, path + ": " + doc.err().detail);
  if (doc->is_array()) *doc = json::object{{"requests", std::move(*doc)}};
  auto batch = ds::parse_batch(*doc);
  if (!batch) return make_error(batch.err().code, path + ": " + batch.err().detail);
  return batch;
}

json::object plan_document(drt::dispatcher const& d, drt::batch_report const& rep, std::size_t served,
                           std::size_t used) {
  json::object doc = ds::batch_json(rep);
  doc["vehiclesUsed"] = used;
  doc["distanceM"] = d.total_distance_m();
  json::array vehicles;
  for (auto const& v : d.vehicles()) {
    auto o = ds::vehicle_json(v);
    o["plan"] = ds::plan_json(v);
    vehicles.push_back(std::move(o));
  }
  doc["vehicles"] = std::move(vehicles);
  doc["served"] = served;
  return doc;
}

}  // namespace

int run_drt_day(drt_settings const& s, std::ostream& out, std::ostream& err) {
  auto fleet = ds::load_fleet(s.fleet);
  if (!fleet) {
    err << "cannot read fleet: " << fleet.err().detail << "\n";
    return 2;
  }
  auto batch = load_bookings(s.bookings);
  if (!batch) {
    err << "cannot read bookings: " << batch.err().detail << "\n";
    return 2;
  }
  auto d = drt::dispatcher::make(fleet->vehicles, fleet->settings);
  if (!d) {
    err << "bad fleet: " << d.err().detail << "\n";
    return 2;
  }
  epoch_ms now = fleet->vehicles.front().shift_start;  // decided before the day starts
  for (auto const& v : fleet->vehicles) now = std::min(now, v.shift_start);
  auto const t0 = std::chrono::steady_clock::now();
  auto rep = d->submit_batch(batch->bookings, now, {s.time_limit * 1000, s.seed});
  std::chrono::duration<double> const used_s = std::chrono::steady_clock::now() - t0;
  if (!rep) {
    err << "cannot decide the bookings: " << rep.err().detail << "\n";
    return 2;
  }
  std::size_t served = 0, used = 0;
  for (auto const& dc : rep->decisions) served += dc.accepted ? 1 : 0;
  for (auto const& v : d->vehicles()) used += v.plan.empty() ? 0 : 1;
  out << std::fixed << std::setprecision(2) << "bookings " << rep->decisions.size() << ": served " << served
      << ", rejected " << rep->decisions.size() - served << "\n"
      << "vehicles used " << used << " of " << fleet->vehicles.size() << ", total distance "
      << d->total_distance_m() / 1000 << " km, time used " << used_s.count() << " s\n";
  if (s.out.empty()) return 0;
  std::ofstream file(s.out);
  file << dump(plan_document(*d, *rep, served, used)) << "\n";
  file.close();
  if (!file) {
    err << "cannot write " << s.out << "\n";
    return 2;
  }
  out << "plans written to " << s.out << "\n";
  return 0;
}

}  // namespace cityos::app
