// SPDX-License-Identifier: Apache-2.0
// The demo city's simulator: brings Muroran to life through the public API
// only (requests handed to a sink, normally the app's router::handle). It runs
// on a sim clock: steps of `step` sim time from `start`; advance_to() runs the
// steps up to a sim time, start() does so from a thread at `speed` times real
// time. Deterministic: all randomness comes from one std::mt19937_64 seeded
// with `seed`, so the same seed and the same steps give the same requests.
// What it writes: buses every step (bus_sim), river gauges through the IoT
// Agent, parking lots / people counters and on-demand bookings every 10 sim
// minutes, on-demand drivers following their plans every minute, shelters and
// health-points residents once, their steps at the end of each sim day.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "common/result.h"
#include "common/time.h"
#include "sim/api_writer.h"
#include "sim/bus_model.h"
#include "sim/bus_sim.h"
#include "sim/city_sensors.h"
#include "sim/drt_sim.h"
#include "sim/points_sim.h"
#include "sim/river_gauges.h"

namespace cityos::sim {

struct sim_options {
  std::filesystem::path data_dir;          // data/muroran: gtfs/ inside
  std::uint64_t seed = 1;
  double speed = 1;                        // sim seconds per real second (> 0)
  epoch_ms start = 0;                      // sim time of the first step; 0: now
  std::chrono::milliseconds step{5000};    // sim time between bus updates
  std::chrono::minutes sensor_interval{10};  // gauges, parking, counters
  std::chrono::minutes rain_after{30};     // the rain event starts this long after start, daily
  std::chrono::seconds drt_interval{60};   // on-demand drivers report this often
  int residents = 30;                      // in the health-points programme
  // Called with the sim time before each step (the demo's services use it as their clock).
  std::function<void(epoch_ms)> on_time;
  std::int32_t utc_offset_s = 9 * 3600;    // local time (Japan)
};

struct sim_counts {
  epoch_ms now = 0;            // sim time of the last step run
  std::size_t steps = 0;
  std::size_t buses = 0;       // running at the last step
  write_counts writes;
};

class simulator {
 public:
  // Loads the GTFS feed of opt.data_dir/gtfs. Errors: bad_request (options,
  // unusable feed), not_found (no feed). A null `sink` only records.
  static result<std::unique_ptr<simulator>> make(sim_options opt, request_sink sink,
                                                 request_recorder recorder = {});
  ~simulator();
  simulator(simulator const&) = delete;
  simulator& operator=(simulator const&) = delete;

  // Runs every step at or before sim time `t` not run yet (the first call
  // also provisions the gauges and writes the shelters). Not while started.
  void advance_to(epoch_ms t);
  // Starts the thread following the real clock at `speed`; stop() ends it
  // (also the destructor). Idempotent.
  void start();
  void stop();
  sim_counts counts() const;

 private:
  simulator(sim_options opt, bus_model model, request_sink sink, request_recorder recorder);
  void run_step(epoch_ms t);
  void run();

  sim_options opt_;
  bus_model model_;
  api_writer writer_;
  std::mt19937_64 rng_;
  bus_sim buses_;
  river_gauges gauges_;
  city_sensors sensors_;
  drt_sim drt_;
  points_sim points_;
  bool begun_ = false;
  epoch_ms next_step_;
  epoch_ms next_sensors_;
  epoch_ms next_drt_;
  std::int32_t day_;  // local date of the last step

  mutable std::mutex mutex_;  // guards counts_ and stopping_
  sim_counts counts_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cityos::sim
