// SPDX-License-Identifier: Apache-2.0
#include "sim/simulator.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "mobility/gtfs/feed_loader.h"
#include "sim/sim_time.h"

namespace cityos::sim {

result<std::unique_ptr<simulator>> simulator::make(sim_options opt, request_sink sink, request_recorder recorder) {
  if (!(opt.speed > 0)) return make_error(error_code::bad_request, "demo speed must be above 0");
  if (opt.step.count() <= 0 || opt.sensor_interval.count() <= 0 || opt.drt_interval.count() <= 0) {
    return make_error(error_code::bad_request, "simulation step and sensor interval must be positive");
  }
  auto loaded = mobility::gtfs::load_feed(opt.data_dir / "gtfs");
  if (!loaded) return std::move(loaded).err();
  if (!loaded->usable()) {
    return make_error(error_code::bad_request, "demo GTFS feed " + (opt.data_dir / "gtfs").string() + " is not usable");
  }
  auto model = bus_model::make(std::move(loaded->data));
  if (!model) return std::move(model).err();
  if (opt.start == 0) opt.start = now_ms();
  return std::unique_ptr<simulator>(new simulator(std::move(opt), std::move(*model), std::move(sink),
                                                  std::move(recorder)));
}

simulator::simulator(sim_options opt, bus_model model, request_sink sink, request_recorder recorder)
    : opt_(std::move(opt)),
      model_(std::move(model)),
      writer_(std::move(sink), std::move(recorder)),
      rng_(opt_.seed),
      buses_(model_, opt_.utc_offset_s, opt_.seed),
      gauges_(opt_.start, std::chrono::duration_cast<std::chrono::milliseconds>(opt_.rain_after).count()),
      sensors_(opt_.utc_offset_s),
      drt_(opt_.utc_offset_s, opt_.start),
      points_(opt_.residents),
      next_step_(opt_.start),
      next_sensors_(opt_.start),
      next_drt_(opt_.start),
      day_(to_local(opt_.start, opt_.utc_offset_s).date) {}

simulator::~simulator() { stop(); }

void simulator::run_step(epoch_ms t) {
  if (opt_.on_time) opt_.on_time(t);
  if (auto const today = to_local(t, opt_.utc_offset_s).date; today != day_) {
    points_.day_ended(writer_, day_, rng_);
    day_ = today;
  }
  buses_.step(writer_, t, rng_);
  if (t >= next_sensors_) {
    gauges_.report(writer_, t, rng_);
    sensors_.report(writer_, t, rng_, gauges_.evacuating(t));
    drt_.book(writer_, t, static_cast<double>(opt_.sensor_interval.count()), rng_);
    next_sensors_ += std::chrono::duration_cast<std::chrono::milliseconds>(opt_.sensor_interval).count();
  }
  if (t >= next_drt_) {
    drt_.follow(writer_, t, static_cast<double>(opt_.drt_interval.count()));
    next_drt_ += opt_.drt_interval.count() * 1000;
  }
  std::lock_guard lock(mutex_);
  counts_.now = t;
  ++counts_.steps;
  counts_.buses = buses_.running();
  counts_.writes = writer_.counts();
}

void simulator::advance_to(epoch_ms t) {
  if (!begun_) {
    begun_ = true;
    buses_.remove_stale(writer_);
    gauges_.provision(writer_);
    sensors_.publish_shelters(writer_);
    points_.enrol(writer_, rng_);
  }
  while (next_step_ <= t) {
    run_step(next_step_);
    next_step_ += opt_.step.count();
  }
}

void simulator::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void simulator::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void simulator::run() {
  using clock = std::chrono::steady_clock;
  auto const real0 = clock::now();
  epoch_ms const sim0 = next_step_;
  // Real time between steps, at least 20 ms (several steps per wake-up at high speed).
  auto const pause = std::max(std::chrono::milliseconds(20),
                              std::chrono::milliseconds(static_cast<std::int64_t>(opt_.step.count() / opt_.speed)));
  spdlog::info("sim: Muroran demo city at {}x real time, seed {}, {} bus trips", opt_.speed, opt_.seed,
               model_.trips());
  for (;;) {
    auto const real = std::chrono::duration<double, std::milli>(clock::now() - real0).count();
    advance_to(sim0 + static_cast<epoch_ms>(real * opt_.speed));
    std::unique_lock lock(mutex_);
    if (wake_.wait_for(lock, pause, [this] { return stopping_; })) return;
  }
}

sim_counts simulator::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace cityos::sim
