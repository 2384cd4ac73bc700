// SPDX-License-Identifier: Apache-2.0
#include "safety/river/sensor_health.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cityos::safety::river {

namespace {

constexpr std::array<std::string_view, kFaultKinds> kFaultNames = {"missingReports", "stuckValue", "impossibleJump"};

std::string metres(double m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f m", m);
  return buf;
}

std::string minutes(epoch_ms ms) { return std::to_string(ms / 60'000) + " min"; }

}  // namespace

std::string_view fault_name(fault_kind k) { return kFaultNames[static_cast<std::size_t>(k)]; }

sensor_monitor::sensor_monitor(station const& s)
    : observation_start_m_(s.observation_start_m), report_(s.report), limits_(s.health) {}

bool sensor_monitor::faulty() const {
  return std::any_of(active_.begin(), active_.end(), [](bool b) { return b; });
}

health_verdict sensor_monitor::observe(reading r, bool peers_moving) {
  health_verdict v;
  if (last_ && r.time <= last_->time) {
    v.trusted = false;
    return v;
  }
  last_ = r;
  if (has(fault_kind::missing_reports)) set(fault_kind::missing_reports, false, r.time, "reports resumed", v);
  jump_check(r, v);
  stuck_check(r, peers_moving, v);
  v.trusted = !has(fault_kind::impossible_jump) && !has(fault_kind::stuck_value);
  if (v.trusted) last_trusted_ = r;
  return v;
}

std::optional<health_event> sensor_monitor::check_missing(epoch_ms now) {
  if (!last_ || has(fault_kind::missing_reports)) return std::nullopt;
  epoch_ms const interval = last_->level_m >= observation_start_m_ ? report_.flood_ms : report_.heartbeat_ms;
  auto const allowed = static_cast<epoch_ms>(std::llround(static_cast<double>(interval) * report_.missing_factor));
  if (now - last_->time <= allowed) return std::nullopt;
  active_[static_cast<std::size_t>(fault_kind::missing_reports)] = true;
  return health_event{fault_kind::missing_reports, true, now,
                      "no report for " + minutes(now - last_->time) + " (expected every " + minutes(interval) + ")"};
}

std::optional<health_event> sensor_monitor::accept_level(epoch_ms at) {
  if (!has(fault_kind::impossible_jump) || !last_) return std::nullopt;
  health_verdict v;
  jump_run_.clear();
  last_trusted_ = last_;
  set(fault_kind::impossible_jump, false, at, "level " + metres(last_->level_m) + " accepted by an operator", v);
  return v.events.front();
}

bool sensor_monitor::is_jump(reading from, reading to) const {
  double const span_min = std::max(1.0, static_cast<double>(to.time - from.time) / 60'000.0);
  return std::abs(to.level_m - from.level_m) > limits_.max_rise_m_per_min * span_min;
}

// An impossible jump is judged against the last trusted reading; the gauge is trusted
// again when a reading is plausible against it and breaks with the rejected readings
// (a spike ended; a step that persists does not become plausible just because time
// passes), when an operator
// accepts the level, or, if configured, when jump_settle_reports readings in a row,
// the jump included, agree with each other (the run becomes the new reference).
void sensor_monitor::jump_check(reading r, health_verdict& v) {
  if (!last_trusted_) return;
  if (!has(fault_kind::impossible_jump)) {
    if (!is_jump(*last_trusted_, r)) return;
    set(fault_kind::impossible_jump, true, r.time,
        "level changed from " + metres(last_trusted_->level_m) + " to " + metres(r.level_m) + " in " +
            minutes(r.time - last_trusted_->time),
        v);
    jump_run_ = {r};
    return;
  }
  bool const breaks_run = jump_run_.empty() || is_jump(jump_run_.back(), r);
  if (!is_jump(*last_trusted_, r) && breaks_run) {
    jump_run_.clear();
    set(fault_kind::impossible_jump, false, r.time, "back to a plausible level " + metres(r.level_m), v);
    return;
  }
  if (!breaks_run) {
    jump_run_.push_back(r);
  } else {
    jump_run_ = {r};
  }
  if (limits_.jump_settle_reports > 0 && jump_run_.size() >= static_cast<std::size_t>(limits_.jump_settle_reports)) {
    jump_run_.clear();
    set(fault_kind::impossible_jump, false, r.time,
        "new level " + metres(r.level_m) + " confirmed by " + std::to_string(limits_.jump_settle_reports) +
            " consistent readings",
        v);
  }
}

void sensor_monitor::stuck_check(reading r, bool peers_moving, health_verdict& v) {
  if (stuck_count_ == 0 || std::abs(r.level_m - stuck_first_.level_m) > limits_.stuck_tolerance_m) {
    if (has(fault_kind::stuck_value)) set(fault_kind::stuck_value, false, r.time, "value moves again", v);
    stuck_first_ = r;
    stuck_count_ = 1;
    return;
  }
  ++stuck_count_;
  if (has(fault_kind::stuck_value)) return;
  bool const by_reports = r.level_m >= observation_start_m_ && stuck_count_ >= limits_.stuck_reports;
  bool const by_time = peers_moving && r.time - stuck_first_.time >= limits_.stuck_ms;
  if (by_reports || by_time) {
    set(fault_kind::stuck_value, true, r.time,
        "value stuck at " + metres(r.level_m) + " for " + std::to_string(stuck_count_) + " reports over " +
            minutes(r.time - stuck_first_.time) + (by_reports ? "" : " while neighbouring gauges move"),
        v);
  }
}

void sensor_monitor::set(fault_kind k, bool on, epoch_ms at, std::string detail, health_verdict& v) {
  active_[static_cast<std::size_t>(k)] = on;
  v.events.push_back({k, on, at, std::move(detail)});
}

}  // namespace cityos::safety::river
