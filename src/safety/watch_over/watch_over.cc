// SPDX-License-Identifier: Apache-2.0
#include "safety/watch_over/watch_over.h"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "ngsild/entity/stored_attributes.h"
#include "store/publish/entity_publisher.h"

namespace cityos::safety::watch_over {

namespace {


// The instance of attribute `name` in `after` if the change wrote it anew.
json::object const* changed(store::entity_change const& c, std::string_view name) {
  auto const* now = ngsild::find_attribute(*c.after, name);
  if (!now) return nullptr;
  auto const* was = c.before ? ngsild::find_attribute(*c.before, name) : nullptr;
  return was && *was == *now ? nullptr : now;
}

}  // namespace

watch_over::watch_over(watch_config config, store::store& st, std::function<epoch_ms()> clock)
    : config_(std::move(config)), store_(st), clock_(std::move(clock)) {
  watches_.reserve(config_.persons.size());
  for (std::size_t i = 0; i < config_.persons.size(); ++i) {
    by_device_.emplace(config_.persons[i].device, i);
    watches_.emplace_back(config_.persons[i]);
  }
}

watch_over::~watch_over() { worker_.stop(); }

void watch_over::start() {
  std::unordered_set<std::string> ids;
  for (auto const& [id, index] : by_device_) ids.insert(id);
  worker_.start(
      store_, config_.tenant, store::change_worker::only_ids(std::move(ids)), std::chrono::milliseconds(config_.check_interval_ms),
      [this](std::vector<store::entity_change> const& changes) { process(changes); }, [this] { check(clock_()); });
}

void watch_over::process(std::vector<store::entity_change> const& changes) {
  for (auto const& c : changes) {
    std::lock_guard lock(mutex_);
    auto& w = watches_[by_device_.at(c.id)];
    if (auto const* loc = changed(c, "location")) {
      if (auto p = ngsild::point_value(*loc)) record(w.observe_position(ngsild::observed_at(*loc).value_or(clock_()), *p));
    }
    if (auto const* b = changed(c, "batteryLevel")) {
      if (auto v = ngsild::number_value(*b)) record(w.observe_battery(ngsild::observed_at(*b).value_or(clock_()), *v));
    }
  }
}

void watch_over::check(epoch_ms now) {
  std::lock_guard lock(mutex_);
  for (auto& w : watches_) record(w.check(now));
}

void watch_over::record(std::vector<watch_alert>&& changed_alerts) {
  if (changed_alerts.empty()) return;
  std::vector<json::object> entities;
  for (auto& a : changed_alerts) {
    entities.push_back(a.entity);
    alerts_.file(std::move(a));
  }
  if (auto r = store::publish_entities(store_, config_.tenant, entities, format_iso8601(clock_())); !r) {
    spdlog::warn("watch-over: publishing alerts failed: {}", r.err().detail);
  }
}

void watch_over::drain() { worker_.drain(); }

std::vector<watch_over::visible_alert> watch_over::alerts(bool all) const {
  std::lock_guard lock(mutex_);
  std::vector<watch_alert const*> picked;
  for (auto const& [id, a] : alerts_.active()) picked.push_back(&a);
  if (all) {
    for (auto const& a : alerts_.closed()) picked.push_back(&a);
  }
  std::stable_sort(picked.begin(), picked.end(), [](auto const* x, auto const* y) {
    return x->updated != y->updated ? x->updated > y->updated : x->id < y->id;
  });
  std::vector<visible_alert> out;
  for (auto const* a : picked) {
    auto const it = std::find_if(config_.persons.begin(), config_.persons.end(),
                                 [&](watched_person const& p) { return p.person == a->person; });
    out.push_back({a->entity, a->person, it == config_.persons.end() ? std::vector<std::string>{} : it->carers});
  }
  return out;
}

result<std::vector<position>> watch_over::positions(std::string_view person) const {
  std::lock_guard lock(mutex_);
  for (auto const& w : watches_) {
    if (w.person().person == person) return std::vector<position>(w.positions().begin(), w.positions().end());
  }
  return make_error(error_code::not_found, "no watched person '" + std::string(person) + "'");
}

}  // namespace cityos::safety::watch_over
