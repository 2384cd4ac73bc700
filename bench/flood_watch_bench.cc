// SPDX-License-Identifier: Apache-2.0
// flood_watch_bench: the flood watch (issue 8) for N river gauges reporting once a minute.
//   flood_watch_bench cost [--gauges 10000] [--minutes 120] [--rising 0.03] [--seed 7] [--only LAYER]
//       in-process, per simulated minute one reading per gauge, timed per layer:
//       core (safety/river: sensor_monitor -> danger_tracker -> reading_window ->
//       forecast_levels, classification and prediction timed apart), river_watch (the
//       core plus the Alert entities it builds), store (the WaterObserved upserts alone
//       into a memory store), service (the upserts with flood_watch watching, drain()
//       each minute); --only runs one of them. Reports µs per reading (wall and CPU)
//       over the steady state (the minutes after the 60-minute forecast window filled)
//       and over the whole run, and readings/s.
//   flood_watch_bench config --gauges N --out FILE
//       writes a `--flood-watch` configuration with the N bench stations.
//   flood_watch_bench latency --port P [--gauges 10000] [--minutes 5] [--rising 0.03]
//       against `cityos serve --flood-watch FILE` (FILE from `config`): subscribes to
//       type Alert with a receiver in this process, creates the gauges' WaterObserved
//       entities (minute 0, not measured), then PATCHes one reading per gauge per
//       simulated minute at gauges/60 readings/s (observedAt advances one minute per
//       round). Latency: from sending a reading that enters a danger level to receiving
//       its levelEntered Alert notification (p50/p99/max, and how many never arrived).
// Gauges: a `rising` share climbs through the levels (cost: from low water at 0.02-0.04
// m/min to a peak of 3.2-4.6 m, then back; latency: from 1.0-4.0 m at 0.1 m/min), the
// rest stay flat at 0.3-0.9 m with 3 mm noise. Levels 1.5/2.3/3.0/3.5/4.2 m.
// Exit status: 0 ok, 1 failure, 2 usage.
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "api/http/http_client.h"
#include "api/http/server.h"
#include "common/json.h"
#include "common/time.h"
#include "safety/flood_watch/flood_config.h"
#include "safety/flood_watch/flood_watch.h"
#include "safety/flood_watch/river_watch.h"
#include "safety/river/danger.h"
#include "safety/river/forecast.h"
#include "safety/river/sensor_health.h"
#include "store/memory/memory_store.h"
#include "store/publish/entity_publisher.h"

namespace {

using namespace cityos;
using namespace cityos::safety;
using clock_type = std::chrono::steady_clock;

constexpr epoch_ms kMinute = 60'000;
constexpr std::array<double, 5> kLevels = {1.5, 2.3, 3.0, 3.5, 4.2};

struct options {
  std::string mode;
  std::size_t gauges = 10'000;
  int minutes = 0;
  double rising = 0.03;
  unsigned seed = 7;
  unsigned short port = 1026;
  std::string out;
  std::string only;  // cost: one layer (core, river_watch, store, service); empty: all
};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string gauge_id(std::size_t i) { return fmt::format("urn:ngsi-ld:WaterObserved:g-{:05}", i); }

// One gauge's synthetic curve: flat with noise, or a rise to a peak and back.
struct curve {
  bool rising = false;
  double base = 0.5, start_min = 0, rate = 0, peak = 0;
  std::mt19937 noise_gen;
  std::normal_distribution<double> noise{0.0, 0.003};

  double at(int minute) {
    double level = base;
    if (rising && minute > start_min) {
      double const up = base + rate * (minute - start_min);
      double const peak_min = start_min + (peak - base) / rate;
      level = up <= peak ? up : std::max(base, peak - rate * (minute - peak_min));
    }
    return std::round((level + noise(noise_gen)) * 1000.0) / 1000.0;  // mm resolution
  }
};

// `latency`: rising gauges start anywhere from 1.0 to 4.0 m at 0.1 m/min from minute 0.
std::vector<curve> make_curves(options const& o, bool for_latency) {
  std::mt19937 gen(o.seed);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::size_t const every = o.rising > 0 ? std::max<std::size_t>(1, static_cast<std::size_t>(1.0 / o.rising + 0.5)) : 0;
  std::vector<curve> out(o.gauges);
  for (std::size_t i = 0; i < o.gauges; ++i) {
    auto& c = out[i];
    c.noise_gen.seed(o.seed * 1'000'003u + static_cast<unsigned>(i));
    c.base = 0.3 + 0.6 * u01(gen);
    c.rising = every != 0 && i % every == every / 2;
    if (!c.rising) continue;
    if (for_latency) {
      c.base = 1.0 + 3.0 * u01(gen);
      c.start_min = 0;
      c.rate = 0.1;
      c.peak = 10.0;
    } else {
      c.start_min = 10 + 40 * u01(gen);
      c.rate = 0.02 + 0.02 * u01(gen);
      c.peak = 3.2 + 1.4 * u01(gen);
    }
  }
  return out;
}

json::value station_doc(std::size_t i) {
  return json::object{
      {"id", gauge_id(i)},
      {"name", json::object{{"ja", fmt::format("ベンチ川 {}", i)}, {"en", fmt::format("Bench river {}", i)}}},
      {"location", json::array{138.0 + 0.0001 * static_cast<double>(i % 1000), 34.8 + 0.0001 * static_cast<double>(i / 1000)}},
      {"referenceLevels", json::object{{"standby", kLevels[0]}, {"caution", kLevels[1]}, {"evacuationJudgement", kLevels[2]},
                                       {"danger", kLevels[3]}, {"bankHeight", kLevels[4]}}},
      {"observationStart", 1.2}};
}

json::value config_doc(std::size_t gauges) {
  json::array stations;
  for (std::size_t i = 0; i < gauges; ++i) stations.push_back(station_doc(i));
  return json::object{{"tenant", ""}, {"levelNames", "jma_2026"}, {"checkIntervalSeconds", 60},
                      {"predictionToleranceMinutes", 15}, {"stations", std::move(stations)}};
}

std::optional<safety::flood_watch::flood_config> bench_config(std::size_t gauges) {
  auto c = safety::flood_watch::parse_flood_config(config_doc(gauges));
  if (!c) {
    std::fprintf(stderr, "config: %s\n", c.err().detail.c_str());
    return std::nullopt;
  }
  return std::move(*c);
}

int indicated(double level) {
  int l = 0;
  for (std::size_t i = 0; i < kLevels.size(); ++i) {
    if (level >= kLevels[i]) l = static_cast<int>(i) + 1;
  }
  return l;
}

// ---- cost -------------------------------------------------------------------------

// Time and CPU of one layer, per minute; the steady state is the minutes >= `steady_from`.
struct layer_timing {
  explicit layer_timing(std::string n) : name(std::move(n)) {}

  std::string name;
  std::vector<double> wall_s;  // per minute
  double cpu_s = 0, cpu_steady_s = 0;

  void report(std::size_t gauges, int steady_from) const {
    double all = 0, steady = 0;
    for (std::size_t m = 0; m < wall_s.size(); ++m) {
      all += wall_s[m];
      if (static_cast<int>(m) >= steady_from) steady += wall_s[m];
    }
    auto const n_all = static_cast<double>(gauges * wall_s.size());
    auto const n_steady = static_cast<double>(gauges * (wall_s.size() - static_cast<std::size_t>(steady_from)));
    std::printf("RESULT layer=%s us_per_reading_steady=%.2f us_per_reading_all=%.2f cpu_us_per_reading_steady=%.2f "
                "readings_per_s_steady=%.0f\n",
                name.c_str(), steady / n_steady * 1e6, all / n_all * 1e6, cpu_steady_s / n_steady * 1e6,
                n_steady / steady);
  }
};

struct minute_timer {
  layer_timing& t;
  bool steady;
  clock_type::time_point w0 = clock_type::now();
  double c0 = cpu_seconds();
  ~minute_timer() {
    t.wall_s.push_back(std::chrono::duration<double>(clock_type::now() - w0).count());
    double const c = cpu_seconds() - c0;
    t.cpu_s += c;
    if (steady) t.cpu_steady_s += c;
  }
};

struct counts {
  std::size_t entries = 0, predicted = 0, faults = 0, alerts = 0;
};

// The pure core as river_watch drives it, classification and prediction in separate passes.
void run_core(options const& o, safety::flood_watch::flood_config const& cfg, epoch_ms t0, int steady_from) {
  auto curves = make_curves(o, false);
  std::vector<river::sensor_monitor> monitors;
  std::vector<river::danger_tracker> trackers;
  std::vector<river::reading_window> windows;
  for (auto const& w : cfg.stations) {
    monitors.emplace_back(w.station);
    trackers.emplace_back(w.station);
    windows.emplace_back(w.station.forecast.window_ms);
  }
  std::vector<river::reading> readings(o.gauges);
  std::vector<char> held(o.gauges);
  layer_timing classify{"core_classify"}, predict{"core_forecast"};
  counts n;
  double checksum = 0;
  for (int m = 0; m < o.minutes; ++m) {
    epoch_ms const t = t0 + m * kMinute;
    for (std::size_t i = 0; i < o.gauges; ++i) readings[i] = {t, curves[i].at(m)};
    bool const steady = m >= steady_from;
    {
      minute_timer mt{classify, steady};
      for (std::size_t i = 0; i < o.gauges; ++i) {
        auto const v = monitors[i].observe(readings[i]);
        n.faults += v.events.size();
        auto const step = trackers[i].observe(readings[i], v.trusted ? river::reading_trust::trusted : river::reading_trust::untrusted);
        if (step.change && step.change->rising()) ++n.entries;
        held[i] = step.held;
      }
    }
    {
      minute_timer mt{predict, steady};
      for (std::size_t i = 0; i < o.gauges; ++i) {
        if (held[i]) continue;
        windows[i].add(readings[i]);
        auto const f = river::forecast_levels(cfg.stations[i].station, windows[i].readings(), t);
        if (f) {
          checksum += f->slope_m_per_h;
          for (auto const& c : f->crossings) n.predicted += c.level > trackers[i].level() ? 1 : 0;
        }
      }
    }
  }
  classify.report(o.gauges, steady_from);
  predict.report(o.gauges, steady_from);
  layer_timing both{"core"};
  for (std::size_t m = 0; m < classify.wall_s.size(); ++m) both.wall_s.push_back(classify.wall_s[m] + predict.wall_s[m]);
  both.cpu_steady_s = classify.cpu_steady_s + predict.cpu_steady_s;
  both.report(o.gauges, steady_from);
  std::printf("CORE level_entries=%zu forecasts_with_crossing_above_level=%zu health_events=%zu (checksum %.3f)\n",
              n.entries, n.predicted, n.faults, checksum);
}

// river_watch per gauge: the core plus the Alert entities (no store).
void run_river_watch(options const& o, safety::flood_watch::flood_config const& cfg, epoch_ms t0, int steady_from) {
  auto curves = make_curves(o, false);
  std::vector<safety::flood_watch::river_watch> watches;
  watches.reserve(o.gauges);
  for (auto const& w : cfg.stations) watches.emplace_back(w.station, cfg.names, cfg.tolerance_ms);
  layer_timing lt{"river_watch"};
  std::map<std::string, std::size_t> by_kind;
  for (int m = 0; m < o.minutes; ++m) {
    epoch_ms const t = t0 + m * kMinute;
    minute_timer mt{lt, m >= steady_from};
    for (std::size_t i = 0; i < o.gauges; ++i) {
      for (auto const& a : watches[i].observe({t, curves[i].at(m)})) {
        ++by_kind[fmt::format("{}{}", safety::flood_watch::episode_name(a.kind), a.active ? "" : "_closed")];
      }
    }
  }
  lt.report(o.gauges, steady_from);
  std::string kinds;
  for (auto const& [k, v] : by_kind) kinds += fmt::format(" {}={}", k, v);
  std::printf("ALERT_UPDATES%s\n", kinds.c_str());
}

json::object water_observed(std::string const& id, epoch_ms t, double level) {
  return json::object{{"id", id},
                      {"type", "WaterObserved"},
                      {"waterLevel", json::object{{"type", "Property"}, {"value", level}, {"unitCode", "MTR"},
                                                  {"observedAt", format_iso8601(t)}}}};
}

// WaterObserved upserts into a memory store, one per reading, with or without the service.
bool run_store(options const& o, safety::flood_watch::flood_config const& cfg, epoch_ms t0, int steady_from, bool service) {
  auto st = store::memory_store::open({});
  if (!st) return false;
  std::atomic<epoch_ms> now{t0};
  std::optional<safety::flood_watch::flood_watch> svc;
  if (service) {
    svc.emplace(cfg, **st, [&now] { return now.load(); });
    if (auto r = svc->start(); !r) {
      std::fprintf(stderr, "start: %s\n", r.err().detail.c_str());
      return false;
    }
  }
  auto curves = make_curves(o, false);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < o.gauges; ++i) ids.push_back(gauge_id(i));
  layer_timing lt{service ? "service" : "store_only"};
  std::vector<double> drain_s;
  for (int m = 0; m < o.minutes; ++m) {
    epoch_ms const t = t0 + m * kMinute;
    now = t;
    std::string const iso = format_iso8601(t);
    minute_timer mt{lt, m >= steady_from};
    for (std::size_t i = 0; i < o.gauges; ++i) {
      if (!store::publish_entities(**st, "", {water_observed(ids[i], t, curves[i].at(m))}, iso)) return false;
    }
    if (svc) {
      auto const d0 = clock_type::now();
      svc->drain();
      drain_s.push_back(std::chrono::duration<double>(clock_type::now() - d0).count());
    }
  }
  lt.report(o.gauges, steady_from);
  if (svc) {
    std::sort(drain_s.begin(), drain_s.end());
    auto const alerts = svc->alerts(safety::flood_watch::alert_filter{.all = true});
    std::printf("SERVICE readings=%zu publish_errors=%zu active_and_recent_alerts=%zu drain_after_writes_median_ms=%.1f "
                "max_ms=%.1f\n",
                svc->readings(), svc->publish_errors(), alerts.at("alerts").as_array().size(),
                drain_s[drain_s.size() / 2] * 1e3, drain_s.back() * 1e3);
  }
  return true;
}

int run_cost(options o) {
  if (o.minutes == 0) o.minutes = 120;
  auto cfg = bench_config(o.gauges);
  if (!cfg) return 1;
  epoch_ms const t0 = now_ms() / kMinute * kMinute;
  // The forecast window (60 readings) is full from minute 60 on.
  int const steady_from = std::min(o.minutes - 1, static_cast<int>(cfg->stations.front().station.forecast.window_ms / kMinute));
  std::printf("COST gauges=%zu minutes=%d rising=%.3f steady_from_minute=%d target_readings_per_s=%.0f\n", o.gauges,
              o.minutes, o.rising, steady_from, static_cast<double>(o.gauges) / 60.0);
  std::fflush(stdout);
  auto const want = [&o](std::string_view layer) { return o.only.empty() || o.only == layer; };
  if (want("core")) run_core(o, *cfg, t0, steady_from);
  std::fflush(stdout);
  if (want("river_watch")) run_river_watch(o, *cfg, t0, steady_from);
  std::fflush(stdout);
  if (want("store") && !run_store(o, *cfg, t0, steady_from, false)) return 1;
  std::fflush(stdout);
  if (want("service") && !run_store(o, *cfg, t0, steady_from, true)) return 1;
  return 0;
}

int run_config(options const& o) {
  std::ofstream f(o.out);
  f << dump(config_doc(o.gauges));
  return f.good() ? 0 : 1;
}

// ---- latency ----------------------------------------------------------------------

struct receiver {
  api::http_server server;
  explicit receiver(std::function<void(std::string const&)> on_body) {
    api::server_options o;
    o.port = 0;
    o.threads = 1;
    auto r = server.start(o, [f = std::move(on_body)](api::http_request& req) {
      f(req.body);
      api::http_response res;
      res.status = 204;
      return res;
    });
    if (!r) {
      std::fprintf(stderr, "cannot listen: %s\n", r.err().detail.c_str());
      std::exit(1);
    }
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server.port()) + "/n"; }
};

std::optional<std::size_t> gauge_index(std::string_view station) {
  auto const p = station.rfind(":g-");
  if (p == std::string_view::npos) return std::nullopt;
  return std::strtoull(std::string(station.substr(p + 3)).c_str(), nullptr, 10);
}

bool send(api::http_client& c, std::string const& method, std::string const& path, std::string const& body) {
  auto r = c.request(method, path, {{"Content-Type", "application/json"}}, body);
  if (!r || r->status / 100 != 2) {
    std::fprintf(stderr, "%s %s failed: %s\n", method.c_str(), path.c_str(),
                 r ? (std::to_string(r->status) + " " + r->body.substr(0, 300)).c_str() : r.err().detail.c_str());
    return false;
  }
  return true;
}

// The waterLevel member of a WaterObserved (normalized), without braces around it.
std::string level_member(epoch_ms t, double level) {
  return fmt::format(R"("waterLevel":{{"type":"Property","value":{},"unitCode":"MTR","observedAt":"{}"}})", level,
                     format_iso8601(t));
}

int run_latency(options o) {
  if (o.minutes == 0) o.minutes = 5;
  std::mutex mutex;
  std::map<std::pair<std::size_t, int>, std::int64_t> pending;  // (gauge, level) -> send time (ns)
  std::vector<double> latencies_ms;
  std::size_t entered_notifications = 0, other_notifications = 0, unmatched = 0;
  receiver rx([&](std::string const& body) {
    auto const t = now_ns();
    auto v = parse_json(body);
    if (!v || !v->is_object()) return;
    auto const* data = v->as_object().if_contains("data");
    if (!data || !data->is_array()) return;
    std::lock_guard lock(mutex);
    for (auto const& e : data->as_array()) {
      auto const* kind = e.as_object().if_contains("riverAlertKind");
      auto const* level = e.as_object().if_contains("dangerLevel");
      auto const* source = e.as_object().if_contains("alertSource");
      if (!kind || !kind->is_string() || kind->get_string() != "levelEntered" || !level || !source || !source->is_string()) {
        ++other_notifications;
        continue;
      }
      ++entered_notifications;
      auto const g = gauge_index(std::string_view(source->get_string()));
      auto it = g ? pending.find({*g, level->to_number<int>()}) : pending.end();
      if (it == pending.end()) {
        ++unmatched;
        continue;
      }
      latencies_ms.push_back(static_cast<double>(t - it->second) / 1e6);
      pending.erase(it);
    }
  });
  api::http_client c;
  if (!c.connect("127.0.0.1", o.port)) {
    std::fprintf(stderr, "cannot connect to 127.0.0.1:%u\n", o.port);
    return 1;
  }
  auto const sub = fmt::format(R"({{"type":"Subscription","entities":[{{"type":"Alert"}}],)"
                               R"("notification":{{"format":"keyValues","endpoint":{{"uri":"{}"}}}}}})",
                               rx.url());
  if (!send(c, "POST", "/ngsi-ld/v1/subscriptions", sub)) return 1;
  auto curves = make_curves(o, true);
  std::vector<int> tracked(o.gauges, 0);
  epoch_ms const t0 = now_ms() / kMinute * kMinute;
  // Minute 0: create the entities in batches (the first readings; not measured).
  for (std::size_t i = 0; i < o.gauges; i += 500) {
    std::string batch = "[";
    for (std::size_t j = i; j < std::min(o.gauges, i + 500); ++j) {
      double const level = curves[j].at(0);
      tracked[j] = std::max(tracked[j], indicated(level));
      batch += fmt::format(R"({}{{"id":"{}","type":"WaterObserved",{}}})", j == i ? "" : ",", gauge_id(j),
                           level_member(t0, level));
    }
    batch += "]";
    if (!send(c, "POST", "/ngsi-ld/v1/entityOperations/upsert", batch)) return 1;
  }
  std::this_thread::sleep_for(std::chrono::seconds(3));
  std::size_t warmup_notifications = 0;
  {
    std::lock_guard lock(mutex);
    warmup_notifications = entered_notifications + other_notifications;
    entered_notifications = other_notifications = unmatched = 0;
  }
  double const rate = static_cast<double>(o.gauges) / 60.0;
  std::printf("LATENCY gauges=%zu rising=%zu minutes=%d rate=%.1f/s warmup_notifications=%zu\n", o.gauges,
              static_cast<std::size_t>(std::count_if(curves.begin(), curves.end(), [](curve const& x) { return x.rising; })),
              o.minutes, rate, warmup_notifications);
  std::fflush(stdout);
  auto const period = std::chrono::duration<double>(1.0 / rate);
  auto const start = clock_type::now();
  std::size_t sent = 0, expected = 0;
  for (int m = 1; m <= o.minutes; ++m) {
    epoch_ms const t = t0 + m * kMinute;
    for (std::size_t i = 0; i < o.gauges; ++i, ++sent) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<clock_type::duration>(period * sent));
      double const level = curves[i].at(m);
      int const ind = indicated(level);
      auto const path = fmt::format("/ngsi-ld/v1/entities/{}/attrs", gauge_id(i));
      auto const body = fmt::format("{{{}}}", level_member(t, level));
      if (ind > tracked[i]) {
        tracked[i] = ind;
        ++expected;
        std::lock_guard lock(mutex);
        pending[{i, ind}] = now_ns();
      }
      if (!send(c, "PATCH", path, body)) return 1;
    }
  }
  double const elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  std::this_thread::sleep_for(std::chrono::seconds(5));  // stragglers
  std::lock_guard lock(mutex);
  auto l = latencies_ms;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) {
    return l.empty() ? 0.0 : l[std::min(l.size() - 1, static_cast<std::size_t>(p * static_cast<double>(l.size())))];
  };
  std::printf("RESULT readings=%zu reading_rate=%.1f level_entries=%zu received=%zu lost=%zu unmatched=%zu "
              "other_alert_notifications=%zu p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
              sent, static_cast<double>(sent) / elapsed, expected, l.size(), pending.size(), unmatched,
              other_notifications, pct(0.5), pct(0.99), l.empty() ? 0.0 : l.back());
  return pending.empty() ? 0 : 1;
}

int usage() {
  std::fprintf(stderr,
               "usage: flood_watch_bench cost [--gauges N] [--minutes M] [--rising F] [--seed S] [--only LAYER]\n"
               "       flood_watch_bench config --gauges N --out FILE\n"
               "       flood_watch_bench latency --port P [--gauges N] [--minutes M] [--rising F] [--seed S]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  options o;
  o.mode = argv[1];
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string_view k = argv[i];
    char const* v = argv[i + 1];
    if (k == "--gauges") o.gauges = std::strtoull(v, nullptr, 10);
    else if (k == "--minutes") o.minutes = std::atoi(v);
    else if (k == "--rising") o.rising = std::atof(v);
    else if (k == "--seed") o.seed = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
    else if (k == "--port") o.port = static_cast<unsigned short>(std::atoi(v));
    else if (k == "--out") o.out = v;
    else if (k == "--only") o.only = v;
    else return usage();
  }
  if (o.gauges == 0 || o.gauges > 99'999 || o.minutes < 0) return usage();
  if (o.mode == "cost") return run_cost(o);
  if (o.mode == "config") return o.out.empty() ? usage() : run_config(o);
  if (o.mode == "latency") return run_latency(o);
  return usage();
}
