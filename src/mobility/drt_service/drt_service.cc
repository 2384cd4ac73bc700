// SPDX-License-Identifier: Apache-2.0
#include "mobility/drt_service/drt_service.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "mobility/drt/booking.h"
#include "mobility/drt_service/drt_json.h"
#include "mobility/drt_service/planning_json.h"
#include "store/publish/entity_publisher.h"

namespace cityos::mobility::drt_service {

namespace {

result<drt::vehicle_event> parse_event(json::value const& body) {
  if (!body.is_object()) return make_error(error_code::invalid_request, "an event must be a JSON object");
  auto const& o = body.as_object();
  auto const* type = o.if_contains("type");
  if (!type || !type->is_string())
    return make_error(error_code::bad_request,
                      "'type' is required: position, pickedUp, droppedOff, noShow or breakdown");
  using k = drt::vehicle_event::kind;
  drt::vehicle_event e;
  std::string_view const t = type->as_string();
  if (t == "position") e.type = k::position;
  else if (t == "pickedUp") e.type = k::picked_up;
  else if (t == "droppedOff") e.type = k::dropped_off;
  else if (t == "noShow") e.type = k::no_show;
  else if (t == "breakdown") e.type = k::breakdown;
  else return make_error(error_code::bad_request, "'type' must be position, pickedUp, droppedOff, noShow or breakdown");
  if (e.type == k::picked_up || e.type == k::dropped_off || e.type == k::no_show) {
    auto const* id = o.if_contains("requestId");
    if (!id || !id->is_string() || id->as_string().empty())
      return make_error(error_code::bad_request, "'requestId' is required for " + std::string(t));
    e.request_id = std::string(id->as_string());
  }
  if (e.type == k::position) {
    auto const* loc = o.if_contains("location");
    if (!loc || !loc->is_object() || !loc->as_object().contains("lat") || !loc->as_object().contains("lon") ||
        !loc->as_object().at("lat").is_number() || !loc->as_object().at("lon").is_number())
      return make_error(error_code::bad_request, "'location' is required for position: {\"lat\": ..., \"lon\": ...}");
    e.position = {loc->as_object().at("lat").to_number<double>(), loc->as_object().at("lon").to_number<double>()};
    if (e.position.lat < -90 || e.position.lat > 90 || e.position.lon < -180 || e.position.lon > 180)
      return make_error(error_code::bad_request, "'location' is out of range");
  }
  return e;
}

}  // namespace

drt_service::drt_service(drt::dispatcher d, store::store& st, std::string tenant, std::function<epoch_ms()> clock)
    : dispatcher_(std::move(d)), store_(st), tenant_(std::move(tenant)), clock_(std::move(clock)) {}

drt_service::~drt_service() {
  {
    std::lock_guard lock(stop_mutex_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void drt_service::start_improvement(improvement_settings const& s) {
  if (!s.enabled || thread_.joinable()) return;
  thread_ = std::thread([this, s] { improvement_loop(s); });
}

void drt_service::improvement_loop(improvement_settings s) {
  auto const interval = std::chrono::duration<double, std::milli>(s.interval_ms);
  std::unique_lock stop_lock(stop_mutex_);
  while (!stop_cv_.wait_for(stop_lock, interval, [this] { return stop_; })) {
    stop_lock.unlock();
    {
      std::lock_guard lock(mutex_);
      if (dispatcher_.open_requests() > 0) {
        ++stats_.slices;
        if (auto r = improve_locked(s.slice_ms); !r) spdlog::warn("drt: improvement: {}", r.err().detail);
      }
    }
    stop_lock.lock();
  }
}

drt_service::improvement_stats drt_service::improvement() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

result<drt::improve_report> drt_service::improve_locked(double ms) {
  auto rep = dispatcher_.improve({ms, 0, ++seed_});
  if (rep.vehicles_changed.empty()) return rep;
  ++stats_.adopted;
  stats_.saved_m += rep.distance_before_m - rep.distance_after_m;
  if (auto p = publish(rep.vehicles_changed, rep.requests_moved); !p) return std::move(p).err();
  return rep;
}

result<json::object> drt_service::improve(json::value const& body) {
  auto ms = parse_improve(body);
  if (!ms) return std::move(ms).err();
  std::lock_guard lock(mutex_);
  auto rep = improve_locked(*ms);
  if (!rep) return std::move(rep).err();
  return improve_json(*rep);
}

result<json::object> drt_service::submit_batch(json::value const& body) {
  auto in = parse_batch(body);
  if (!in) return std::move(in).err();
  std::lock_guard lock(mutex_);
  auto rep = dispatcher_.submit_batch(in->bookings, clock_(), {in->time_limit_ms, ++seed_});
  if (!rep) return std::move(rep).err();
  // Any plan may have changed (earlier requests move too): republish the fleet.
  std::vector<std::string> vehicles, requests = rep->requests_moved;
  for (auto const& v : dispatcher_.vehicles()) vehicles.push_back(v.id);
  std::vector<json::object> rejected;
  for (std::size_t k = 0; k < rep->decisions.size(); ++k) {
    auto const& d = rep->decisions[k];
    if (d.accepted) requests.push_back(d.request_id);
    else if (k < in->bookings.size()) rejected.push_back(rejected_request_entity(in->bookings[k], d));
  }
  if (auto p = publish(vehicles, requests, std::move(rejected)); !p) return std::move(p).err();
  return batch_json(*rep);
}

result<void> drt_service::publish_fleet() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (auto const& v : dispatcher_.vehicles()) ids.push_back(v.id);
  return publish(ids, {});
}

result<void> drt_service::publish(std::vector<std::string> const& vehicles, std::vector<std::string> const& requests,
                                  std::vector<json::object> extra) {
  std::vector<json::object> entities = std::move(extra);
  for (auto const& id : vehicles)
    if (auto v = dispatcher_.vehicle(id)) entities.push_back(vehicle_entity(*v));
  for (auto const& id : requests)
    if (auto r = dispatcher_.request(id)) entities.push_back(request_entity(*r));
  auto seq = store::publish_entities(store_, tenant_, entities, format_iso8601(clock_()));
  if (!seq) {
    spdlog::warn("drt: {}", seq.err().detail);
    return make_error(error_code::internal, "drt: " + seq.err().detail);
  }
  return {};
}

result<json::object> drt_service::submit(json::value const& body) {
  auto b = drt::parse_booking(body);
  if (!b) return std::move(b).err();
  std::lock_guard lock(mutex_);
  auto d = dispatcher_.submit(*b, clock_());
  if (!d) return std::move(d).err();
  // A rejection is published too (status "rejected"), so the service rate can be read from the store.
  auto p = d->accepted ? publish({d->promised.vehicle}, {d->request_id}) : publish({}, {}, {rejected_request_entity(*b, *d)});
  if (!p) return std::move(p).err();
  return decision_json(*d);
}

result<json::object> drt_service::request(std::string const& id) const {
  std::lock_guard lock(mutex_);
  auto r = dispatcher_.request(id);
  if (!r) return make_error(error_code::not_found, "no request '" + id + "'");
  return request_json(*r);
}

result<void> drt_service::cancel(std::string const& id) {
  std::lock_guard lock(mutex_);
  auto const before = dispatcher_.request(id);
  if (auto c = dispatcher_.cancel(id); !c) return c;
  return publish({before->promised.vehicle}, {id});
}

json::array drt_service::vehicles() const {
  std::lock_guard lock(mutex_);
  json::array out;
  for (auto const& v : dispatcher_.vehicles()) out.push_back(vehicle_json(v));
  return out;
}

result<json::object> drt_service::plan(std::string const& vehicle_id) const {
  std::lock_guard lock(mutex_);
  auto v = dispatcher_.vehicle(vehicle_id);
  if (!v) return make_error(error_code::not_found, "no vehicle '" + vehicle_id + "'");
  auto o = vehicle_json(*v);
  o["plan"] = plan_json(*v);
  return o;
}

result<json::object> drt_service::event(std::string const& vehicle_id, json::value const& body) {
  auto e = parse_event(body);
  if (!e) return std::move(e).err();
  std::lock_guard lock(mutex_);
  auto affected = dispatcher_.apply_event(vehicle_id, *e, clock_());
  if (!affected) return std::move(affected).err();
  std::vector<std::string> vehicles{vehicle_id};
  for (auto const& id : *affected)
    if (auto r = dispatcher_.request(id); r && r->promised.vehicle != vehicle_id) vehicles.push_back(r->promised.vehicle);
  if (auto p = publish(vehicles, *affected); !p) return std::move(p).err();
  json::array ids;
  for (auto const& id : *affected) ids.push_back(json::string(id));
  return json::object{{"vehicle", vehicle_id}, {"affectedRequests", std::move(ids)}};
}

}  // namespace cityos::mobility::drt_service
