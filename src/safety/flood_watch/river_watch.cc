// SPDX-License-Identifier: Apache-2.0
#include "safety/flood_watch/river_watch.h"

#include <algorithm>
#include <cstdlib>

#include "safety/river/alert_text.h"

namespace cityos::safety::flood_watch {

namespace {

constexpr epoch_ms kRepublishShift = 5 * 60'000;  // a predicted time moving less is not republished
constexpr std::string_view kUrnPrefix = "urn:ngsi-ld:";

json::value text_property(std::string_view s) {
  return json::object{{"type", "Property"}, {"value", json::string(s.data(), s.size())}};
}

json::value date_time(epoch_ms t) {
  return json::object{{"type", "Property"}, {"value", json::object{{"@type", "DateTime"}, {"@value", format_iso8601(t)}}}};
}

std::string flood_id(river::station const& s, epoch_ms issued) {
  std::string_view local = s.id;
  if (local.starts_with(kUrnPrefix)) local.remove_prefix(kUrnPrefix.size());
  return "urn:ngsi-ld:Alert:river:" + std::string(local) + ":flood:" + std::to_string(issued);
}

epoch_ms longest_horizon(river::station const& s) {
  return s.forecast.horizons_min.empty() ? 0 : static_cast<epoch_ms>(s.forecast.horizons_min.back()) * 60'000;
}

}  // namespace

std::string_view episode_name(episode_kind k) {
  switch (k) {
    case episode_kind::flood: return "flood";
    case episode_kind::predicted: return "predicted";
    case episode_kind::fault: return "fault";
  }
  return "flood";
}

river_watch::river_watch(river::station s, river::level_names const& names, epoch_ms tolerance_ms, epoch_ms history_ms)
    : station_(std::move(s)),
      names_(names),
      tolerance_ms_(tolerance_ms),
      monitor_(station_),
      tracker_(station_),
      window_(std::max(station_.forecast.window_ms, history_ms)) {}

void river_watch::name_upstream(std::string const& id, river::localized_text name) {
  upstream_names_.emplace_back(id, std::move(name));
}

alert_record river_watch::make(episode_kind k, river::river_event const& e, epoch_ms issued, std::string id) const {
  alert_record a;
  a.station = station_.id;
  a.kind = k;
  a.issued = issued;
  a.updated = e.kind == river::alert_kind::crossing_predicted ? issued : e.at;
  a.entity = river::alert_entity(station_, names_, e, issued);
  a.id = id.empty() ? std::string(a.entity["id"].get_string()) : std::move(id);
  a.entity["id"] = a.id;
  a.entity["alertStatus"] = text_property("active");
  a.entity["episode"] = text_property(episode_name(k));
  return a;
}

void river_watch::close(alert_record& a, epoch_ms at, std::string_view outcome, std::vector<alert_record>& out) const {
  a.active = false;
  a.updated = at;
  a.entity["alertStatus"] = text_property("closed");
  a.entity["validTo"] = date_time(at);
  if (!outcome.empty()) a.entity["outcome"] = text_property(outcome);
  out.push_back(a);
}

std::vector<alert_record> river_watch::observe(river::reading r, river::route_inputs const& in) {
  std::vector<alert_record> out;
  auto const verdict = monitor_.observe(r);
  trusted_ = verdict.trusted;
  health_events(verdict, r.level_m, out);
  auto const step = tracker_.observe(r, verdict.trusted ? river::reading_trust::trusted : river::reading_trust::untrusted);
  if (!last_ || r.time > last_->time) last_ = r;
  indicated_ = step.indicated;
  if (step.change) flood_change(*step.change, out);
  if (!step.held) {
    window_.add(r);
    refresh(r.time, in);
    predictions(r.time, out);
  }
  settle_predictions(r.time, out);
  return out;
}

std::vector<alert_record> river_watch::reforecast(epoch_ms at, river::route_inputs const& in) {
  std::vector<alert_record> out;
  if (last_ && at < last_->time) at = last_->time;
  refresh(at, in);
  predictions(at, out, true);
  settle_predictions(at, out);
  return out;
}

void river_watch::refresh(epoch_ms at, river::route_inputs const& in) {
  own_ = river::forecast_levels(station_, window_.readings(), at);
  auto routed = river::route_forecast(station_, own_, window_.readings(), in, at);
  forecast_ = std::move(routed.forecast);
  route_ = std::move(routed.route);
}

std::vector<alert_record> river_watch::check(epoch_ms now) {
  std::vector<alert_record> out;
  if (auto h = monitor_.check_missing(now)) open_fault(*h, last_ ? last_->level_m : 0, out);
  settle_predictions(now, out);
  return out;
}

void river_watch::health_events(river::health_verdict const& v, double level_m, std::vector<alert_record>& out) {
  for (auto const& h : v.events) {
    if (h.raised) {
      open_fault(h, level_m, out);
      continue;
    }
    auto& open = faults_[static_cast<std::size_t>(h.kind)];
    if (!open) continue;
    close(*open, h.at, "cleared", out);
    open.reset();
  }
}

void river_watch::open_fault(river::health_event const& h, double level_m, std::vector<alert_record>& out) {
  auto& open = faults_[static_cast<std::size_t>(h.kind)];
  if (open) return;
  open = make(episode_kind::fault, river::event_of(h, level_m), h.at, {});
  out.push_back(*open);
}

void river_watch::flood_change(river::level_change const& c, std::vector<alert_record>& out) {
  auto const e = river::event_of(c);
  if (!flood_) {
    if (c.to == 0) return;
    flood_ = make(episode_kind::flood, e, c.at, flood_id(station_, c.at));
    out.push_back(*flood_);
    return;
  }
  auto next = make(episode_kind::flood, e, flood_->issued, flood_->id);
  next.entity["validFrom"] = flood_->entity["validFrom"];  // the episode's start
  if (c.to == 0) {
    close(next, c.at, "ended", out);
    flood_.reset();
    return;
  }
  flood_ = std::move(next);
  out.push_back(*flood_);
}

void river_watch::predictions(epoch_ms at, std::vector<alert_record>& out, bool routed_only) {
  if (!forecast_) return;
  epoch_ms const deadline = at + longest_horizon(station_) + tolerance_ms_;
  for (std::size_t i = 0; i < forecast_->crossings.size(); ++i) {
    auto const& c = forecast_->crossings[i];
    if (c.level <= tracker_.level()) continue;
    if (routed_only && (!route_ || route_->sources[i] != river::crossing_source::routed)) continue;
    auto& p = predicted_[static_cast<std::size_t>(c.level - 1)];
    auto e = river::event_of(c, forecast_->level_m);
    add_basis(e, i);
    if (!p) {
      p = prediction{make(episode_kind::predicted, e, at, {}), c.at, deadline};
      out.push_back(p->alert);
      continue;
    }
    p->deadline = deadline;
    if (std::llabs(c.at - p->expected) < kRepublishShift) continue;
    auto next = make(episode_kind::predicted, e, p->alert.issued, p->alert.id);
    next.updated = at;
    p->alert = std::move(next);
    p->expected = c.at;
    out.push_back(p->alert);
  }
}

void river_watch::add_basis(river::river_event& e, std::size_t crossing) const {
  if (!route_) return;  // no links: the own readings, as always
  bool const routed = crossing < route_->sources.size() && route_->sources[crossing] == river::crossing_source::routed;
  if (!routed) {
    e.basis.emplace_back("ownReadings");
    return;
  }
  for (auto const& id : route_->rising_upstream()) {
    river::localized_text n{id, id};
    for (auto const& [known, name] : upstream_names_) {
      if (known == id) n = name;
    }
    e.upstream.emplace_back(id, std::move(n));
  }
  if (!e.upstream.empty()) e.basis.emplace_back("upstreamGauges");
  if (route_->rain_rising()) e.basis.emplace_back("rainfall");
}

void river_watch::settle_predictions(epoch_ms now, std::vector<alert_record>& out) {
  for (std::size_t i = 0; i < predicted_.size(); ++i) {
    auto& p = predicted_[i];
    if (!p) continue;
    bool const reached = tracker_.level() >= static_cast<int>(i) + 1;
    if (!reached && now <= p->deadline) continue;
    close(p->alert, now, reached ? "reached" : "notReached", out);
    p.reset();
  }
}

std::vector<std::string> river_watch::active_alerts() const {
  std::vector<std::string> out;
  if (flood_) out.push_back(flood_->id);
  for (auto const& p : predicted_) {
    if (p) out.push_back(p->alert.id);
  }
  for (auto const& f : faults_) {
    if (f) out.push_back(f->id);
  }
  return out;
}

}  // namespace cityos::safety::flood_watch
