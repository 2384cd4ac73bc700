// SPDX-License-Identifier: Apache-2.0
// Sensor health of one river gauge: missing reports (silence longer than the expected
// interval for the current level allows), stuck values and impossible jumps. Each
// reading gets a verdict saying whether it may be trusted; a reading from a faulty
// gauge must not raise or close a flood level on its own (pass the verdict to
// danger_tracker::observe). sensor_monitor is a value type holding one gauge's state;
// not thread-safe (one owner per gauge); it copies what it needs from the station.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/time.h"
#include "safety/river/danger.h"
#include "safety/river/station.h"

namespace cityos::safety::river {

enum class fault_kind { missing_reports, stuck_value, impossible_jump };
inline constexpr std::size_t kFaultKinds = 3;

// Returns the JSON name of `k` ("missingReports", "stuckValue", "impossibleJump").
std::string_view fault_name(fault_kind k);

// A fault raised or cleared at `at` (the reading's time, or the check's for missing reports).
struct health_event {
  fault_kind kind = fault_kind::missing_reports;
  bool raised = true;  // false: cleared
  epoch_ms at = 0;
  std::string detail;  // English, for logs and the device-fault alert
};

struct health_verdict {
  bool trusted = true;               // false: held back from the danger tracker and the forecast
  std::vector<health_event> events;  // faults this reading raised or cleared
};

class sensor_monitor {
 public:
  // Starts healthy with no history.
  explicit sensor_monitor(station const& s);

  // Checks `r` and returns its verdict. `peers_moving`: the caller knows that
  // neighbouring gauges are changing now, which makes a long flat line suspicious
  // even below the observation-start level. A reading not newer than the last is
  // untrusted and changes nothing. A reading ends a missing-reports fault.
  health_verdict observe(reading r, bool peers_moving = false);

  // Raises a missing-reports fault when nothing arrived for missing_factor times the
  // interval expected at the last reported level; returns the event only when newly raised.
  // Call it on a timer. Before the first reading nothing is expected.
  std::optional<health_event> check_missing(epoch_ms now);

  // An operator confirmed that the last reading is right (after maintenance, or a real
  // step the limits call impossible): ends an impossible-jump fault with that reading as
  // the new reference. Returns the cleared event, or nullopt without such a fault.
  std::optional<health_event> accept_level(epoch_ms at);

  bool faulty() const;
  bool has(fault_kind k) const { return active_[static_cast<std::size_t>(k)]; }

 private:
  bool is_jump(reading from, reading to) const;
  void jump_check(reading r, health_verdict& v);
  void stuck_check(reading r, bool peers_moving, health_verdict& v);
  void set(fault_kind k, bool on, epoch_ms at, std::string detail, health_verdict& v);

  double observation_start_m_;
  reporting report_;
  health_limits limits_;
  std::array<bool, kFaultKinds> active_{};  // fault_kind -> raised and not cleared
  std::optional<reading> last_;             // the last reading, trusted or not
  std::optional<reading> last_trusted_;
  std::vector<reading> jump_run_;  // the rejected readings since an impossible jump (the latest consistent run)
  reading stuck_first_{};          // first reading of the current run of equal values
  int stuck_count_ = 0;            // readings in that run
};

}  // namespace cityos::safety::river
