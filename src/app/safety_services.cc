// SPDX-License-Identifier: Apache-2.0
#include "app/safety_services.h"

#include <spdlog/spdlog.h>

#include "safety/flood_watch/routes.h"
#include "safety/shelters/routes.h"
#include "safety/watch_over/routes.h"

namespace cityos::app {

namespace {

// Prefixes a configuration error with the file it came from.
error in_file(std::filesystem::path const& file, error e) {
  if (e.code != error_code::not_found) e.detail = file.string() + ": " + e.detail;
  return e;
}

}  // namespace

std::unordered_set<std::string> entities_without_history(instance_options const& opt) {
  std::unordered_set<std::string> ids;
  if (opt.watch_over.empty()) return ids;
  auto c = safety::watch_over::load_watch_config(opt.watch_over);
  if (!c) return ids;
  for (auto const& p : c->persons) ids.insert(p.device);
  return ids;
}

result<void> start_safety(safety_services& s, instance_options const& opt, store::store& st, api::router& router,
                          std::function<epoch_ms()> const& clock) {
  std::optional<safety::flood_watch::flood_config> flood;
  if (!opt.flood_watch.empty()) {
    auto c = safety::flood_watch::load_flood_config(opt.flood_watch);
    if (!c) return in_file(opt.flood_watch, std::move(c).err());
    flood = std::move(*c);
  }
  safety::shelters::walking_model walking;
  if (flood) walking = {flood->shelters.detour_factor, flood->shelters.metres_per_minute};
  s.shelters = std::make_unique<safety::shelters::shelter_directory>(walking);
  if (auto r = s.shelters->start(st, flood ? flood->tenant : std::string()); !r) return r;
  safety::shelters::add_shelter_routes(router, *s.shelters);
  if (flood) {
    std::size_t const n = flood->stations.size();
    s.flood_watch = std::make_unique<safety::flood_watch::flood_watch>(std::move(*flood), st, clock, s.shelters.get());
    if (auto r = s.flood_watch->start(); !r) return r;
    spdlog::info("flood watch: {} stations from {}, {} shelters known", n, opt.flood_watch.string(),
                 s.shelters->size());
  }
  safety::flood_watch::add_flood_watch_routes(router, s.flood_watch.get());
  if (!opt.watch_over.empty()) {
    auto c = safety::watch_over::load_watch_config(opt.watch_over);
    if (!c) return in_file(opt.watch_over, std::move(c).err());
    std::size_t const n = c->persons.size();
    s.watch_over = std::make_unique<safety::watch_over::watch_over>(std::move(*c), st, clock);
    s.watch_over->start();
    spdlog::info("watch-over: {} persons from {}", n, opt.watch_over.string());
  }
  safety::watch_over::add_watch_over_routes(router, s.watch_over.get());
  return {};
}

}  // namespace cityos::app
